// 报名计划 (EN-1): institutions create, edit, submit, withdraw and close plans; authorities
// accept (受理), approve or reject the plans that need approval.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, field, onSubmit, setFieldError, toast, notice } from "/shared/forms.js";
import { dateTime, date, label, enumValue, options, dateTimeInputValue, unixFromDateTimeInput, number } from "/shared/format.js";
import { postList, postChoices } from "/shared/catalog.js";
import { listPage } from "../list.js";
import { planTag, subtree, button, formDialog } from "../common.js";

const MANAGE = "enrollment.plan.manage";
const APPROVE = "enrollment.plan.approve";
const PURGE_HINT = "报名结束后三个自然日内请务必提交开班申请，否则本次报名计划及其全部报名信息将被自动删除，请仔细安排，防止节假日无人提交。（可提前结束报名，申请时间相应提前）";

async function list(ctx) {
  const authority = ctx.can(APPROVE);
  if (ctx.can(MANAGE)) ctx.actions.append(h("a", { class: "btn primary", href: "#/enrollment/plans/new" }, "新建报名计划"));
  const orgs = authority ? await subtree() : [];
  listPage(ctx, {
    before: ctx.can(MANAGE) ? notice(PURGE_HINT, "warning") : null,
    filters: [
      input("计划名称", "nameContains"),
      select("状态", "state", options("PlanState").map(([v, t]) => [v, v === "approved" ? "已通过（报名中/已结束）" : t]), { empty: "全部" }),
      authority ? select("培训机构", "orgId", orgs.filter((o) => o.id !== ctx.me.organisation.id).map((o) => [String(o.id), o.name]), { empty: "全部" }) : null,
    ].filter(Boolean),
    load: (q) => api.get("/api/v1/enrollment-plans", q), key: "plans", empty: ctx.can(MANAGE) ? "还没有报名计划，点击“新建报名计划”创建" : "没有符合条件的报名计划",
    columns: [
      { title: "计划名称", cell: (p) => h("a", { href: `#/enrollment/plans/${p.id}` }, p.name) },
      authority ? { title: "培训机构", cell: (p) => p.orgName } : null,
      { title: "类型", cell: (p) => label("PlanKind", p.kind) },
      { title: "岗位", cell: (p) => postList(p.posts) },
      { title: "已报名/计划人数", cell: (p) => `${number(p.enrolled)} / ${number(p.headcount)}`, class: "num nowrap" },
      { title: "报名时间", cell: (p) => [h("div", { class: "nowrap" }, dateTime(p.startUnix)), h("div", { class: "nowrap muted" }, "至 " + dateTime(p.endUnix))] },
      { title: "状态", cell: (p) => planTag(p) },
      { title: "操作", cell: (p) => h("a", { class: "btn small", href: `#/enrollment/plans/${p.id}` }, needsMe(ctx, p) ? "处理" : "查看") },
    ].filter(Boolean),
  });
}

function needsMe(ctx, p) {
  const s = enumValue("PlanState", p.state);
  return (ctx.can(APPROVE) && p.orgId !== ctx.me.organisation.id && (s === "SUBMITTED" || s === "ACCEPTED"))
    || (ctx.can(MANAGE) && (s === "DRAFT" || s === "REJECTED"));
}

function planForm(ctx, plan) {
  const scope = ctx.me.organisation.postScope;
  const chosen = plan ? plan.posts : [];
  const kind = plan ? enumValue("PlanKind", plan.kind).toLowerCase() : "new_certificate";
  const kindField = select("计划类型", "kind", [["new_certificate", "新取证（岗位培训）"], ["continuing_education", "继续教育"]], { value: kind, required: true });
  const approval = h("label", { class: "check" }, h("input", { type: "checkbox", name: "requiresApproval", checked: plan ? plan.requiresApproval : false }), "需经主管部门审批后开始报名");
  const approvalHint = h("p", { class: "hint muted" }, "继续教育计划须经主管部门审批；新取证计划可选择是否审批，不需审批的计划保存后即发布。");
  const kindSelect = kindField.querySelector("select");
  const sync = () => { const ce = kindSelect.value === "continuing_education"; approval.querySelector("input").disabled = ce; if (ce) approval.querySelector("input").checked = true; };
  kindSelect.addEventListener("change", sync);
  const posts = h("fieldset", { class: "field wide", dataset: { field: "posts" } }, h("legend", null, "计划岗位", h("span", { class: "req", "aria-hidden": "true" }, " *")),
    h("div", { class: "checks" }, postChoices(scope).map(([code, name]) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "posts", value: code, checked: chosen.includes(code) }), name))),
    h("div", { class: "hint muted" }, "只能选择本机构职业范围内的岗位、工种"), h("div", { class: "field-error", role: "alert" }));
  const form = h("form", { class: "card", "aria-label": plan ? "修改报名计划" : "新建报名计划" },
    h("h2", null, "计划基本信息"),
    h("div", { class: "form-grid" },
      input("计划名称", "name", { maxlength: "100", value: plan ? plan.name : "" }, { required: true, wide: true }),
      plan ? null : kindField,
      input("计划报名人数", "headcount", { type: "number", min: "1", max: "100000", inputmode: "numeric", value: plan ? String(plan.headcount) : "" }, { required: true }),
      input("报名开始时间", "startUnix", { type: "datetime-local", value: plan ? dateTimeInputValue(plan.startUnix) : "" }, { required: true }),
      input("报名结束时间", "endUnix", { type: "datetime-local", value: plan ? dateTimeInputValue(plan.endUnix) : "" }, { required: true, hint: "报名结束时间与开始时间的间隔不能大于一个月" })),
    plan ? null : h("div", { class: "field" }, approval, approvalHint),
    h("h2", null, "计划岗位"), posts,
    notice(PURGE_HINT, "warning"),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, plan ? "保存修改" : "保存"), h("a", { class: "btn", href: plan ? `#/enrollment/plans/${plan.id}` : "#/enrollment/plans" }, "取消")));
  sync();
  onSubmit(form, async (v) => {
    if (!v.name) return setFieldError(form, "name", "请输入计划名称");
    if (!(Number(v.headcount) > 0)) return setFieldError(form, "headcount", "请输入计划报名人数");
    if (!v.startUnix) return setFieldError(form, "startUnix", "请选择报名开始时间");
    if (!v.endUnix) return setFieldError(form, "endUnix", "请选择报名结束时间");
    if (unixFromDateTimeInput(v.endUnix) <= unixFromDateTimeInput(v.startUnix)) return setFieldError(form, "endUnix", "报名结束时间应晚于开始时间");
    if (!v.posts.length) return setFieldError(form, "posts", "请至少选择一个岗位");
    const body = {
      name: v.name, headcount: Number(v.headcount), posts: v.posts,
      startUnix: unixFromDateTimeInput(v.startUnix), endUnix: unixFromDateTimeInput(v.endUnix),
    };
    let saved;
    if (plan) saved = await api.put(`/api/v1/enrollment-plans/${plan.id}`, { ...body, kind: plan.kind, requiresApproval: plan.requiresApproval });
    else saved = await api.post("/api/v1/enrollment-plans", { ...body, kind: "PLAN_KIND_" + v.kind.toUpperCase(), requiresApproval: v.kind === "continuing_education" || Boolean(v.requiresApproval) });
    toast(enumValue("PlanState", saved.state) === "APPROVED" && !plan ? "报名计划已发布" : "已保存");
    ctx.go(`/enrollment/plans/${saved.id}`);
  });
  return form;
}

function create(ctx) { replace(ctx.el, planForm(ctx, null)); }

async function edit(ctx) {
  const plan = await api.get(`/api/v1/enrollment-plans/${ctx.params.id}`);
  ctx.setTitle(`修改报名计划 — ${plan.name}`);
  replace(ctx.el, planForm(ctx, plan));
}

async function act(ctx, plan, action, { title, message, comment, okText, danger }) {
  const fields = [h("p", null, message)];
  if (comment) fields.push(field(comment, h("textarea", { name: "comment", maxlength: "500" }), { required: action === "PLAN_ACTION_REJECT" }));
  const done = await formDialog(title, fields, (v) => {
    if (action === "PLAN_ACTION_REJECT" && !v.comment) throw { message: "请填写驳回原因", fields: [{ field: "comment", message: "请填写驳回原因" }] };
    return api.post(`/api/v1/enrollment-plans/${plan.id}/actions`, { action, comment: v.comment || "" });
  }, { okText, danger });
  if (done) { toast(`${title}：已完成`); await detail(ctx); }
}

async function detail(ctx) {
  const plan = await api.get(`/api/v1/enrollment-plans/${ctx.params.id}`);
  ctx.setTitle(plan.name);
  const s = enumValue("PlanState", plan.state);
  const mine = plan.orgId === ctx.me.organisation.id && ctx.can(MANAGE);
  const reviewer = ctx.can(APPROVE) && plan.orgId !== ctx.me.organisation.id;
  const now = Date.now() / 1000;
  const running = s === "APPROVED" && now < Number(plan.endUnix);
  const buttons = [];
  if (mine && (s === "DRAFT" || s === "REJECTED" || running)) buttons.push(h("a", { class: "btn", href: `#/enrollment/plans/${plan.id}/edit` }, "修改"));
  if (mine && (s === "DRAFT" || s === "REJECTED")) buttons.push(button("上报审批", () => act(ctx, plan, "PLAN_ACTION_SUBMIT", { title: "上报报名计划", message: "上报后由主管部门受理和审核，审核通过后开始报名。确定上报吗？", okText: "上报" }), "primary"));
  if (mine && s === "SUBMITTED") buttons.push(button("撤回", () => act(ctx, plan, "PLAN_ACTION_WITHDRAW", { title: "撤回报名计划", message: "未受理的计划可以撤回修改，撤回后需重新上报。确定撤回吗？", okText: "撤回" })));
  if (mine && running) buttons.push(button("提前结束报名", () => act(ctx, plan, "PLAN_ACTION_CLOSE", { title: "提前结束报名", message: `结束后学员不能再报名，报名结束后三个自然日内须提交开班申请。当前已报名 ${plan.enrolled} 人，确定现在结束报名吗？`, okText: "结束报名", danger: true }), "danger"));
  if (reviewer && s === "SUBMITTED") buttons.push(button("受理", () => act(ctx, plan, "PLAN_ACTION_ACCEPT", { title: "受理报名计划", message: "受理后培训机构不能再撤回该计划。确定受理吗？", okText: "受理" }), "primary"));
  if (reviewer && s === "ACCEPTED") {
    buttons.push(button("审核通过", () => act(ctx, plan, "PLAN_ACTION_APPROVE", { title: "审核通过", message: "通过后培训机构即可按计划开展报名。", comment: "审核意见（选填）", okText: "通过" }), "primary"));
    buttons.push(button("驳回", () => act(ctx, plan, "PLAN_ACTION_REJECT", { title: "驳回报名计划", message: "驳回后培训机构修改并重新上报。", comment: "驳回原因", okText: "驳回", danger: true }), "danger"));
  }
  replace(ctx.el,
    h("section", { class: "card" },
      h("dl", { class: "details" },
        h("dt", null, "状态"), h("dd", null, planTag(plan), plan.requiresApproval ? h("span", { class: "muted" }, "（需主管部门审批）") : null),
        h("dt", null, "培训机构"), h("dd", null, plan.orgName),
        h("dt", null, "计划类型"), h("dd", null, label("PlanKind", plan.kind)),
        h("dt", null, "计划岗位"), h("dd", null, postList(plan.posts)),
        h("dt", null, "已报名/计划人数"), h("dd", null, `${number(plan.enrolled)} / ${number(plan.headcount)}`),
        h("dt", null, "报名时间"), h("dd", null, `${dateTime(plan.startUnix)} 至 ${dateTime(plan.endUnix)}`, plan.closedEarly ? "（已提前结束）" : ""),
        s === "APPROVED" ? [h("dt", null, "开班申请"), h("dd", null, Number(plan.classApplicationSubmittedUnix) ? `已于 ${dateTime(plan.classApplicationSubmittedUnix)} 提交`
          : `未提交；须在 ${dateTime(plan.purgeAfterUnix)} 前提交，否则计划将被自动删除`)] : null,
        plan.reviewComment ? [h("dt", null, "审核意见"), h("dd", null, plan.reviewComment)] : null,
        h("dt", null, "创建时间"), h("dd", null, dateTime(plan.createdAtUnix)))),
    buttons.length ? h("div", { class: "actions" }, buttons) : null,
    ctx.can("enrollment.review") && mine ? h("p", null, h("a", { href: `#/enrollment/review?planId=${plan.id}` }, "查看本计划的报名 →")) : null);
}

export default {
  menu: { group: "enrollment", title: "报名计划", order: 10, permission: [MANAGE, APPROVE] },
  routes: [
    { path: "/enrollment/plans", title: "报名计划", render: list },
    { path: "/enrollment/plans/new", title: "新建报名计划", parent: "/enrollment/plans", permission: MANAGE, render: create },
    { path: "/enrollment/plans/:id", title: "报名计划详情", parent: "/enrollment/plans", render: detail },
    { path: "/enrollment/plans/:id/edit", title: "修改报名计划", parent: "/enrollment/plans", permission: MANAGE, render: edit },
  ],
};
