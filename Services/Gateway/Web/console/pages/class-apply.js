// 开班申请 (CL-2): a class from a closed enrollment plan: the plan, one of its posts, optionally a
// course template and the course's first day (the schedule is filled from it), the venue with
// its geofence. The class is saved as a draft; its detail page edits the schedule and submits.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, onSubmit, setFieldError, notice, showError } from "/shared/forms.js";
import { dateTime, unixFromDateInput, enumValue, number } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { APPLY } from "../class-ui.js";
import { venueFields, readVenue } from "../venue.js";

const HINT = "报名结束后 3 日内创建开班计划并提交开班申请，由市级主管部门审核；开班计划创建 7 日后方可组织培训。";

/** Approved plans whose enrollment has ended (a class is made from those only). */
async function closedPlans() {
  const now = Date.now() / 1000;
  const plans = await api.getAll("/api/v1/enrollment-plans", { state: "approved" }, "plans", 500);
  return plans.filter((p) => Number(p.endUnix) <= now && enumValue("PlanKind", p.kind) === "NEW_CERTIFICATE");
}

async function render(ctx) {
  const plans = await closedPlans();
  if (!plans.length) {
    replace(ctx.el, notice(HINT, "info"), h("div", { class: "card empty" },
      h("p", null, "没有已结束报名的报名计划。报名结束（或提前结束报名）后，才能为该计划申请开班。"),
      h("a", { class: "btn primary", href: "#/enrollment/plans" }, "查看报名计划")));
    return;
  }
  const chosen = plans.find((p) => String(p.id) === ctx.query.planId) || null;
  const planField = select("报名计划", "planId", plans.map((p) => [String(p.id), `${p.name}（已报名 ${number(p.enrolled)} 人）`]),
    { value: chosen ? String(chosen.id) : "", empty: "请选择", required: true });
  const postField = select("开班岗位", "post", [], { empty: "请先选择报名计划", required: true });
  const tplField = select("课程模板", "templateId", [], { empty: "不使用模板（稍后编排课程）", hint: "选择模板后按模板生成课程表，可再调整" });
  const firstDay = input("开课日期（第一天）", "firstDay", { type: "date" }, { hint: "使用模板时必填：课程表从这一天排起" });
  const nameField = input("班级名称", "name", { maxlength: "100" }, { required: true, wide: true });
  const planInfo = h("div", { class: "muted plan-info" });
  const planSelect = planField.querySelector("select"), postSelect = postField.querySelector("select"), tplSelect = tplField.querySelector("select");
  const nameInput = nameField.querySelector("input");
  let suggested = "";

  const fillTemplates = async () => {
    replace(tplSelect, h("option", { value: "" }, "不使用模板（稍后编排课程）"));
    if (!postSelect.value) return;
    const r = await api.get("/api/v1/course-templates", { post: postSelect.value, pageSize: 100 }).catch(() => ({ templates: [] }));
    for (const t of r.templates || []) tplSelect.append(h("option", { value: String(t.id) }, `${t.name}（${t.hours} 学时）`));
  };
  const suggestName = () => {
    const p = plans.find((x) => String(x.id) === planSelect.value);
    const next = p && postSelect.value ? `${p.name} ${postName(postSelect.value)}班` : "";
    if (!nameInput.value || nameInput.value === suggested) nameInput.value = next;
    suggested = next;
  };
  const fillPosts = () => {
    const p = plans.find((x) => String(x.id) === planSelect.value);
    replace(postSelect, h("option", { value: "" }, p ? "请选择" : "请先选择报名计划"),
      (p ? p.posts : []).map((c) => h("option", { value: c }, postName(c))));
    if (p && p.posts.length === 1) postSelect.value = p.posts[0];
    replace(planInfo, p ? `报名时间 ${dateTime(p.startUnix)} 至 ${dateTime(p.endUnix)}${p.closedEarly ? "（已提前结束）" : ""}；须在 ${dateTime(p.purgeAfterUnix)} 前提交开班申请` : "");
    suggestName();
    return fillTemplates();
  };
  planSelect.addEventListener("change", fillPosts);
  postSelect.addEventListener("change", () => { suggestName(); fillTemplates(); });

  const requestId = crypto.randomUUID();
  const form = h("form", { class: "card", "aria-label": "开班申请" },
    h("h2", null, "班级信息"),
    h("div", { class: "form-grid" }, planField, postField, nameField, h("div", { class: "wide" }, planInfo), tplField, firstDay),
    h("h2", null, "培训场地"),
    h("p", { class: "muted" }, "学员签到时须在场地签到范围内，并扫描场地二维码。"),
    h("div", { class: "form-grid" }, venueFields(null)),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "保存为草稿"), h("a", { class: "btn", href: "#/classes" }, "取消")));
  onSubmit(form, async (v) => {
    if (!v.planId) return setFieldError(form, "planId", "请选择报名计划");
    if (!v.post) return setFieldError(form, "post", "请选择开班岗位");
    if (!v.name) return setFieldError(form, "name", "请填写班级名称");
    if (v.templateId && !v.firstDay) return setFieldError(form, "firstDay", "使用课程模板时请选择开课日期");
    let venue;
    try { venue = readVenue(v); } catch (err) { return showError(form, err); }
    const saved = await api.post("/api/v1/classes", {
      planId: Number(v.planId), post: v.post, name: v.name, templateId: Number(v.templateId) || 0,
      firstDayUnix: v.firstDay ? unixFromDateInput(v.firstDay) : 0, venue, requestId,
    });
    ctx.go(`/classes/${saved.id}`, { created: "1" });
  });
  replace(ctx.el, notice(HINT, "warning"), form);
  if (chosen) await fillPosts();
}

export default {
  menu: { group: "classes", title: "开班申请", order: 30, permission: APPLY },
  routes: [{ path: "/classes/new", title: "开班申请", render }],
};
