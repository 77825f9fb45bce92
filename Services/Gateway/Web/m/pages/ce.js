// 继续教育报名 (EN-7, seed 001 §5.1): the certificate number, the post and specialty, the city and
// institution (an open continuing-education plan), the work history, then 确认报名 — one
// POST /api/v1/enrollments whose form carries the certificate number (no scans needed).
import { get, post } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, onSubmit, notice, setFieldError, showError } from "/shared/forms.js";
import { navigate } from "/shared/router.js";
import { postName, postChoices, divisionName, cityChoices } from "/shared/catalog.js";
import { confirm } from "/shared/ui.js";
import { choices, draftStore, requestId } from "../ui.js";
import { stepsHeader, noticeStep, planChoice } from "./enroll.js";
import * as T from "../texts.js";

const STEPS = ["阅读告知承诺书", "填写证书编号", "确认岗位和专业", "选择培训机构", "填写工作单位及简历", "确认报名"];
const LAST = STEPS.length - 1;
const FIELD_STEP = { commitmentNoticeAccepted: 0, certificateNumber: 1, post: 2, planId: 3, employmentStatus: 4,
  employerDivisionCode: 4, employerName: 4, workHistory: 4 };
const EMPLOYED = "EMPLOYMENT_STATUS_EMPLOYED";
const UNEMPLOYED = "EMPLOYMENT_STATUS_UNEMPLOYED";

function firstIncomplete(d) {
  if (!d.commitmentNoticeAccepted) return 0;
  if (!d.certificateNumber) return 1;
  if (!d.post) return 2;
  if (!d.planId) return 3;
  if (!d.employmentStatus || !d.employerDivisionCode || (d.employmentStatus === EMPLOYED && !d.employerName) || !d.workHistory) return 4;
  return LAST;
}

export default async function render(ctx) {
  const { me, query } = ctx;
  if (!me.realNameVerified) {
    return h("div", { class: "card" }, notice("您的账号尚未通过实名验证，暂不能报名。", "warning"));
  }
  const store = draftStore("ce");
  const d = store.read() || { requestId: requestId(), commitmentNoticeAccepted: false };
  if (query.plan && String(d.planId || "") !== String(query.plan)) d.planId = String(query.plan);
  const save = () => store.write(d);
  save();
  const wanted = query.step !== undefined ? Number(query.step) : d.commitmentNoticeAccepted ? 1 : 0;
  const step = Math.max(0, Math.min(Number.isFinite(wanted) ? wanted : 0, firstIncomplete(d)));
  const go = (n) => navigate("/ce", { ...query, step: n });
  const back = () => (step > 0 ? go(step - 1) : navigate("/plans"));
  let pending = null;
  try { pending = JSON.parse(sessionStorage.getItem("m.ce.error") || "null"); sessionStorage.removeItem("m.ce.error"); } catch { pending = null; }
  const stepForm = (body, next = "确定") => {
    const form = h("form", { class: "card", "aria-label": STEPS[step] }, body,
      h("div", { class: "m-actions row" }, h("button", { type: "button", onclick: back }, step > 1 ? "上一步" : "取消"),
        h("button", { type: "submit", class: "primary" }, next)));
    if (pending && pending.step === step) setTimeout(() => showError(form, pending.error), 0);
    return form;
  };
  const out = [stepsHeader(step, STEPS)];

  if (step === 0) {
    out.push(noticeStep(() => { d.commitmentNoticeAccepted = true; save(); go(1); }, () => navigate("/plans")));
    return out;
  }
  if (step === 1) {
    const form = stepForm(field("证书编号", h("input", { name: "certificateNumber", maxlength: "18", autocapitalize: "characters",
      spellcheck: "false", autocomplete: "off", value: d.certificateNumber || "" }),
    { required: true, hint: "填写本人岗位证书上的证书编号，如 2534010110001" }));
    onSubmit(form, async (v) => {
      const n = v.certificateNumber.toUpperCase().replace(/\s+/g, "");
      if (!n) return setFieldError(form, "certificateNumber", "请填写证书编号");
      if (!/^[0-9A-Z]{13,18}$/.test(n)) return setFieldError(form, "certificateNumber", "证书编号格式不正确，请核对后填写");
      d.certificateNumber = n; save(); go(2);
    });
    out.push(form);
    return out;
  }
  if (step === 2) {
    const sel = h("select", { name: "post" }, h("option", { value: "" }, "请选择岗位和专业"),
      postChoices().map(([c, n]) => h("option", { value: c, selected: c === d.post }, n)));
    const form = stepForm([h("p", { class: "muted" }, "证书编号：" + d.certificateNumber),
      field("所属岗位和专业", sel, { required: true, hint: "与证书上的岗位（专业）一致" })]);
    onSubmit(form, async (v) => {
      if (!v.post) return setFieldError(form, "post", "请选择岗位和专业");
      if (v.post !== d.post) d.planId = "";
      d.post = v.post; save(); go(3);
    });
    out.push(form);
    return out;
  }
  if (step === 3) {
    const city = query.city !== undefined ? query.city : d.planCity || "";
    const r = await get("/api/v1/open-enrollment-plans", { kind: "continuing_education", divisionCode: city, post: d.post, pageSize: 100 });
    const plans = r.plans || [];
    const citySel = h("select", { name: "city" }, h("option", { value: "" }, "全省"),
      cityChoices().map(([c, n]) => h("option", { value: c, selected: c === city }, n)));
    citySel.addEventListener("change", () => navigate("/ce", { ...query, step: 3, city: citySel.value }, { replace: true }));
    const form = stepForm([
      field("培训机构所属省辖市", citySel),
      plans.length ? choices("培训机构", "planId", plans.map(planChoice), { value: d.planId })
        : notice(city ? `${divisionName(city)}暂无招收“${postName(d.post)}”继续教育的报名计划，请选择其他地市或稍后再来。`
          : `目前暂无招收“${postName(d.post)}”继续教育的报名计划，请稍后再来。`, "info"),
    ]);
    onSubmit(form, async (v) => {
      if (!v.planId) return setFieldError(form, "planId", "请选择培训机构");
      const p = plans.find((x) => String(x.id) === v.planId);
      d.planId = v.planId; d.planCity = city; d.planText = p ? `${p.orgName} · ${p.name}` : ""; save(); go(4);
    });
    out.push(form);
    return out;
  }
  if (step === 4) {
    const employerBox = h("div");
    const form = stepForm([
      choices("就业状态", "employmentStatus", [{ value: EMPLOYED, title: "在职" }, { value: UNEMPLOYED, title: "待业" }],
        { value: d.employmentStatus, onChange: (v) => { employerBox.hidden = v !== EMPLOYED; } }),
      field("工作单位工商注册所在地市（待业填户籍或居住地）", h("select", { name: "employerDivisionCode" }, h("option", { value: "" }, "请选择地市"),
        cityChoices().map(([c, n]) => h("option", { value: c, selected: c === d.employerDivisionCode }, n))), { required: true }),
      employerBox,
      field("工作简历", h("textarea", { name: "workHistory", maxlength: "2000", rows: "6", placeholder: T.WORK_HISTORY_HINT }, d.workHistory || ""),
        { required: true }),
    ]);
    employerBox.append(field("工作单位", h("input", { name: "employerName", maxlength: "100", value: d.employerName || "" }), { required: true }));
    employerBox.hidden = d.employmentStatus !== EMPLOYED;
    onSubmit(form, async (v) => {
      if (!v.employmentStatus) return setFieldError(form, "employmentStatus", "请选择就业状态");
      if (!v.employerDivisionCode) return setFieldError(form, "employerDivisionCode", "请选择地市");
      if (v.employmentStatus === EMPLOYED && !v.employerName) return setFieldError(form, "employerName", "请填写工作单位");
      if (!v.workHistory) return setFieldError(form, "workHistory", "请填写工作简历");
      Object.assign(d, { employmentStatus: v.employmentStatus, employerDivisionCode: v.employerDivisionCode,
        employerName: v.employmentStatus === EMPLOYED ? v.employerName : "", workHistory: v.workHistory });
      save(); go(LAST);
    });
    out.push(form);
    return out;
  }
  const rows = [["证书编号", d.certificateNumber], ["岗位和专业", postName(d.post)], ["培训机构", d.planText || "—"],
    ["就业状态", d.employmentStatus === EMPLOYED ? "在职" : "待业"], ["所在地市", divisionName(d.employerDivisionCode)],
    d.employmentStatus === EMPLOYED ? ["工作单位", d.employerName] : null, ["工作简历", d.workHistory]].filter(Boolean);
  const form = h("form", { class: "card", "aria-label": "确认报名" },
    h("dl", { class: "details m-dl" }, rows.map(([k, v]) => [h("dt", null, k), h("dd", { class: "m-pre" }, v || "—")])),
    h("div", { class: "m-actions" }, h("button", { type: "submit", class: "primary block" }, "确认报名"),
      h("button", { type: "button", class: "block", onclick: () => go(1) }, "返回修改")));
  if (pending && pending.step === LAST) setTimeout(() => showError(form, pending.error), 0);
  onSubmit(form, async () => {
    if (!(await confirm("确认报名", "确认提交继续教育报名吗？", { okText: "确定" }))) return;
    const f = {
      planId: Number(d.planId), post: d.post, certificateNumber: d.certificateNumber, commitmentNoticeAccepted: true,
      employmentStatus: d.employmentStatus, employerDivisionCode: d.employerDivisionCode, employerName: d.employerName || "",
      workHistory: d.workHistory,
    };
    let r;
    try {
      r = await post("/api/v1/enrollments", { requestId: d.requestId, form: f });
    } catch (err) {
      const fe = (err.fields || [])[0];
      const target = fe ? FIELD_STEP[(fe.field || "").split(".").pop()] : undefined;
      if (target !== undefined) {
        try { sessionStorage.setItem("m.ce.error", JSON.stringify({ step: target, error: { message: err.message, fields: err.fields } })); } catch { /* ignore */ }
        go(target);
        return;
      }
      throw err;
    }
    store.clear();
    navigate(`/enrollments/${r.id}`, { done: "submitted" });
  });
  out.push(form);
  return out;
}
