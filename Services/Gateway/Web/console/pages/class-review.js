// 开班审核 (CL-2, B-6): the classes awaiting my review, approved or rejected one by one (a reason
// when rejecting) or several at once (POST /api/v1/class-reviews, each succeeding or failing on
// its own); 全部班级 lists every class in my subtree by state.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { field, select, input, toast, notice } from "/shared/forms.js";
import { dateTime, number, options } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { classTag, tag, dialog } from "/shared/ui.js";
import { listPage, tabs } from "../list.js";
import { button, formDialog } from "../common.js";
import { REVIEW, classPath, hoursSummary, timeline } from "../class-ui.js";
import { actOnClass } from "../class-actions.js";

// The class's review timeline (B-6) in a dialog, without leaving the queue.
async function showTimeline(c) {
  const full = await api.get(classPath(c.id));
  await dialog(`审核记录 — ${c.name}`, timeline(full.timeline), [{ text: "关闭", kind: "primary", value: true }]);
}

async function batch(ctx, ids, approve, results, reload) {
  const fields = [h("p", null, `已选择 ${ids.length} 个班级。`),
    field(approve ? "审核意见（选填）" : "不通过原因", h("textarea", { name: "comment", maxlength: "500" }), { required: !approve })];
  const r = await formDialog(approve ? "批量审核通过" : "批量审核不通过", fields, (v) => {
    if (!approve && !v.comment) throw { message: "请填写不通过原因", fields: [{ field: "comment", message: "请填写不通过原因" }] };
    return api.post("/api/v1/class-reviews", { classIds: ids, approve, comment: v.comment || "" });
  }, { okText: approve ? "通过" : "不通过", danger: !approve });
  if (!r) return;
  const items = r.results || [];
  const failed = items.filter((x) => !x.ok);
  const names = new Map([...ctx.el.querySelectorAll("input.pick")].map((i) => [Number(i.value), i.dataset.name]));
  replace(results,
    notice(`${approve ? "审核通过" : "审核不通过"}：成功 ${items.length - failed.length} 个${failed.length ? `，失败 ${failed.length} 个` : ""}。`, failed.length ? "warning" : "success"),
    failed.length ? h("ul", { class: "batch-failures" }, failed.map((x) => h("li", null, h("strong", null, names.get(Number(x.id)) || `班级 ${x.id}`), "：", x.message || "处理失败"))) : null);
  toast("批量审核已完成");
  reload();
}

function render(ctx) {
  const awaiting = ctx.query.tab !== "all";
  const results = h("div", { class: "batch-results", "aria-live": "polite" });
  let page;
  const all = h("input", { type: "checkbox", "aria-label": "全选本页" });
  const reload = () => { all.checked = false; page.reload(); };
  const picked = () => [...ctx.el.querySelectorAll("input.pick:checked")].map((i) => Number(i.value));
  const batchButton = (approve) => button(approve ? "批量通过" : "批量不通过", async () => {
    const ids = picked();
    if (!ids.length) { replace(results, notice("请先勾选要审核的班级", "warning")); return; }
    await batch(ctx, ids, approve, results, reload);
  }, approve ? "primary" : "danger");
  all.addEventListener("change", () => { for (const i of ctx.el.querySelectorAll("input.pick")) i.checked = all.checked; });
  const one = (c, action) => async () => { if (await actOnClass(c, action)) reload(); };
  page = listPage(ctx, {
    before: [tabs(ctx, "tab", [["awaiting", "待我审核"], ["all", "全部班级"]]), results,
      awaiting ? h("div", { class: "actions filters-tools" }, h("label", { class: "check" }, all, "全选"), batchButton(true), batchButton(false)) : null],
    keep: ["tab"],
    filters: awaiting ? [] : [input("班级名称", "name", { maxlength: "50" }), select("状态", "state", options("ClassState"), { empty: "全部" })],
    load: (q) => api.get("/api/v1/classes", awaiting ? { awaitingMyReview: true, pageSize: q.pageSize, pageToken: q.pageToken } : { ...q, tab: undefined }),
    key: "classes", caption: "开班申请",
    empty: awaiting ? "没有待审核的开班申请" : "没有符合条件的班级",
    columns: [
      awaiting ? { title: "选择", cell: (c) => h("input", { type: "checkbox", class: "pick", value: String(c.id), dataset: { name: c.name }, "aria-label": `选择 ${c.name}` }) } : null,
      { title: "班级名称", cell: (c) => h("a", { href: `#/classes/${c.id}` }, c.name) },
      { title: "培训机构", cell: (c) => c.orgName },
      { title: "岗位", cell: (c) => postName(c.post) },
      { title: "学员数", cell: (c) => number(c.studentCount), class: "num" },
      { title: "学时", cell: (c) => hoursSummary(c) },
      { title: awaiting ? "提交时间" : "状态", cell: (c) => awaiting ? dateTime(c.submittedAtUnix) : [classTag(c.state),
        Number(c.pendingReviews) ? h("div", null, tag(`${c.pendingReviews} 条签到待审核`, "warning")) : null], class: awaiting ? "nowrap" : null },
      { title: "操作", cell: (c) => h("div", { class: "actions" },
        awaiting ? [button("通过", one(c, "approve"), "primary"), button("不通过", one(c, "reject"), "danger")] : null,
        button("审核记录", () => showTimeline(c)),
        h("a", { class: "btn small", href: `#/classes/${c.id}` }, "详情")) },
    ].filter(Boolean),
  });
}

export default {
  menu: { group: "classes", title: "开班审核", order: 50, permission: REVIEW },
  routes: [{ path: "/classes/review", title: "开班审核", render }],
};
