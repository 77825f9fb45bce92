// 首页: counts of what waits for me (by permission), the latest notices, my account.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { dateTime, number, label } from "/shared/format.js";
import { sessionExpiresAt } from "../session.js";

// Each tile: the permission it needs, what it counts, where it links.
const TILES = [
  { permission: "enrollment.review", what: "待审核报名", path: "/enrollment/review", query: { state: "submitted" },
    count: () => api.get("/api/v1/enrollments", { state: "submitted", pageSize: 1 }) },
  { permission: "enrollment.plan.approve", what: "待受理报名计划", path: "/enrollment/plans", query: { state: "submitted" },
    count: () => api.get("/api/v1/enrollment-plans", { state: "submitted", pageSize: 1 }) },
  { permission: "enrollment.plan.approve", what: "待审核报名计划", path: "/enrollment/plans", query: { state: "accepted" },
    count: () => api.get("/api/v1/enrollment-plans", { state: "accepted", pageSize: 1 }) },
  { permission: "enterprise.review", what: "待审核企业注册", path: "/enterprises", query: { state: "submitted" },
    count: () => api.get("/api/v1/enterprise-applications", { state: "submitted", pageSize: 1 }) },
  { permission: "enrollment.plan.manage", what: "被驳回的报名计划", path: "/enrollment/plans", query: { state: "rejected" },
    count: () => api.get("/api/v1/enrollment-plans", { state: "rejected", pageSize: 1 }) },
  { permission: "enrollment.plan.manage", what: "未上报的计划草稿", path: "/enrollment/plans", query: { state: "draft" },
    count: () => api.get("/api/v1/enrollment-plans", { state: "draft", pageSize: 1 }) },
];

function tile(t) {
  const count = h("div", { class: "count" }, "…");
  const a = h("a", { class: "tile", href: "#" + t.path + "?" + new URLSearchParams(t.query) }, count, h("div", { class: "what" }, t.what));
  t.count().then((r) => {
    const n = Number((r.page && r.page.total) || 0);
    count.textContent = number(n) + (r.page && r.page.totalIsLowerBound ? "+" : "");
    if (!n) count.classList.add("zero");
    a.setAttribute("aria-label", `${t.what} ${count.textContent} 条`);
  }, () => { count.textContent = "—"; count.classList.add("zero"); });
  return a;
}

async function render(ctx) {
  const { me } = ctx;
  const tiles = TILES.filter((t) => ctx.can(t.permission));
  const noticeList = h("div", null, h("div", { class: "loading" }, "加载中…"));
  const expires = sessionExpiresAt();
  const u = me.user || {};
  replace(ctx.el,
    tiles.length ? h("section", { "aria-labelledby": "todo-h" }, h("h2", { id: "todo-h" }, "待办事项"), h("div", { class: "tiles" }, tiles.map(tile))) : null,
    h("div", { class: "two-col" },
      h("section", { class: "card", "aria-labelledby": "notice-h" }, h("h2", { id: "notice-h" }, "通知公告"), noticeList),
      h("section", { class: "card", "aria-labelledby": "me-h" }, h("h2", { id: "me-h" }, "我的账号"),
        h("dl", { class: "details" },
          h("dt", null, "用户名"), h("dd", null, u.username || "—"),
          h("dt", null, "姓名"), h("dd", null, u.name || "—"),
          h("dt", null, "所属机构"), h("dd", null, me.organisation ? me.organisation.name : "—"),
          h("dt", null, "机构类型"), h("dd", null, me.organisation ? label("OrgKind", me.organisation.kind) : "—"),
          h("dt", null, "角色"), h("dd", null, (u.roles || []).join("、") || "—"),
          h("dt", null, "绑定手机"), h("dd", null, u.maskedPhone || "未绑定"),
          h("dt", null, "最近登录"), h("dd", null, u.lastLoginUnix ? `${dateTime(u.lastLoginUnix)}（${u.lastLoginIp || "—"}）` : "—")),
        h("p", { class: "muted" }, expires ? `本次登录最晚于 ${dateTime(expires)} 失效；长时间无操作也会自动退出，请及时保存。` : "长时间无操作将自动退出登录，请及时保存。"))));
  try {
    const r = await api.get("/api/v1/notices", { pageSize: 5 });
    const items = r.notices || [];
    replace(noticeList, items.length
      ? h("ul", { class: "plain" }, items.map((n) => h("li", null, h("a", { href: "#/notices/" + n.id }, n.title), h("span", { class: "muted nowrap" }, dateTime(n.publishedAtUnix)))))
      : h("div", { class: "empty" }, "暂无通知公告"));
  } catch (err) {
    replace(noticeList, h("div", { class: "muted" }, err.message));
  }
}

export default {
  menu: { group: "home", title: "首页", order: 0, path: "/" },
  routes: [{ path: "/", title: "首页", render }],
};
