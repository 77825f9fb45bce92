// 企业注册审核 (ID-10): applications to my authority, with the licence and qualification images;
// approve or reject with a reason.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { field, toast, notice } from "/shared/forms.js";
import { dateTime } from "/shared/format.js";
import { tag } from "/shared/ui.js";
import { listPage, tabs } from "../list.js";
import { apiImage, button, formDialog, subtree } from "../common.js";

const STATES = [["submitted", "待审核"], ["approved", "已通过"], ["rejected", "已驳回"]];
const stateTag = (s) => ({ submitted: tag("待审核", "warning"), approved: tag("已通过", "success"), rejected: tag("已驳回", "danger") }[s] || tag(s || "—", "muted"));

async function list(ctx) {
  const state = ctx.query.state || "submitted";
  const orgs = await subtree();
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  listPage(ctx, {
    before: tabs(ctx, "state", STATES),
    load: (q) => api.get("/api/v1/enterprise-applications", { state, pageSize: q.pageSize, pageToken: q.pageToken }),
    key: "applications", empty: "暂无企业注册申请",
    columns: [
      { title: "企业名称", cell: (a) => h("a", { href: `#/org/enterprises/${a.id}?state=${state}` }, a.name) },
      { title: "统一社会信用代码", cell: (a) => [a.creditCode, a.creditCodeFlagged ? h("div", null, tag("校验未通过，请人工核对", "warning")) : null] },
      { title: "主管部门", cell: (a) => names.get(a.cityAuthorityId) || "—" },
      { title: "申请时间", cell: (a) => dateTime(a.createdAtUnix), class: "nowrap" },
      { title: "状态", cell: (a) => stateTag(a.state) },
      { title: "操作", cell: (a) => h("a", { class: "btn small", href: `#/org/enterprises/${a.id}?state=${state}` }, a.state === "submitted" ? "审核" : "查看") },
    ],
  });
}

async function detail(ctx) {
  const id = Number(ctx.params.id);
  let app;
  try {
    app = await api.get(`/api/v1/enterprise-applications/${id}`);
  } catch (err) {
    if (err.status !== 404) throw err;
    replace(ctx.el, h("div", { class: "card empty" }, "该申请不存在或不属于本部门审核"));
    return;
  }
  ctx.setTitle(`企业注册审核 — ${app.name}`);
  const images = [apiImage(`/api/v1/enterprise-applications/${id}/licence`, "营业执照")];
  for (let n = 1; n <= Number(app.qualificationImageCount || 0); n++) images.push(apiImage(`/api/v1/enterprise-applications/${id}/qualifications/${n}`, `资质证书 第 ${n} 张`));
  const decide = (approve) => async () => {
    const done = await formDialog(approve ? "通过企业注册" : "驳回企业注册", approve
      ? [h("p", null, `确认「${app.name}」的营业执照、资质证书和承诺书与企业信息相符，通过审核吗？通过后该企业的职工可以报名。`)]
      : [field("驳回原因", h("textarea", { name: "reason", maxlength: "500" }), { required: true, hint: "将告知申请企业" })],
    (v) => {
      if (!approve && !v.reason) throw { message: "请填写驳回原因", fields: [{ field: "reason", message: "请填写驳回原因" }] };
      return api.post(`/api/v1/enterprise-applications/${id}/review`, { approve, reason: v.reason || "" });
    }, { okText: approve ? "通过" : "驳回", danger: !approve });
    if (done) { toast(approve ? "已通过" : "已驳回"); ctx.go("/org/enterprises", { state: app.state }); }
  };
  replace(ctx.el,
    h("section", { class: "card" }, h("h2", null, "企业信息"),
      h("dl", { class: "details" },
        h("dt", null, "企业名称"), h("dd", null, app.name),
        h("dt", null, "统一社会信用代码"), h("dd", null, app.creditCode, " ", app.creditCodeFlagged ? tag("校验位不符，请核对营业执照", "warning") : tag("校验通过", "success")),
        h("dt", null, "申请时间"), h("dd", null, dateTime(app.createdAtUnix)),
        h("dt", null, "企业承诺书"), h("dd", null, "已签署"),
        h("dt", null, "状态"), h("dd", null, stateTag(app.state)),
        app.rejectionReason ? [h("dt", null, "驳回原因"), h("dd", null, app.rejectionReason)] : null)),
    h("section", { class: "card" }, h("h2", null, "营业执照与资质证书"), h("div", { class: "images" }, images)),
    app.state === "submitted" ? h("div", { class: "actions" }, button("通过", decide(true), "primary"), button("驳回", decide(false), "danger"))
      : notice("该申请已审核。", "info"));
}

export default {
  menu: { group: "org", title: "企业注册审核", order: 20, permission: "enterprise.review", path: "/org/enterprises" },
  routes: [
    { path: "/org/enterprises", title: "企业注册审核", render: list },
    { path: "/org/enterprises/:id", title: "审核企业注册", parent: "/org/enterprises", render: detail },
  ],
};
