// 新取证报名 (EN-3) and 修改报名 (EN-4 resubmit): the steps of seed 001 — the commitment notice,
// employment status, the employer's city, the institution (an open plan) and basic info, the
// post, work history and achievements, the personal commitment, the three scans — then one
// POST /api/v1/enrollments (or PUT /api/v1/enrollments/{id} for a rejected one). Each step is
// its own hash (…?step=3) so the phone's back button goes one step back; the answers are kept in
// sessionStorage until submitted.
import { get, post, put } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, onSubmit, notice, setFieldError, showError } from "/shared/forms.js";
import { navigate } from "/shared/router.js";
import { date, label, enumValue } from "/shared/format.js";
import { postName, divisionName, cityChoices } from "/shared/catalog.js";
import { confirm } from "/shared/ui.js";
import { choices, draftStore, requestId, rejectReasons, rejectionText, fileImage } from "../ui.js";
import { uploadField } from "../upload.js";
import * as T from "../texts.js";

export const STEPS = [
  "阅读告知承诺书",
  "选择就业状态",
  "选择工商注册所在地市",
  "选择培训机构，填写基本信息",
  "选择专业及岗位",
  "填写工作简历及业绩",
  "填写个人报名承诺",
  "上传证件扫描件",
  "确认并提交",
];
const LAST = STEPS.length - 1;
// Which step shows the API's error for a form field.
const FIELD_STEP = {
  commitmentNoticeAccepted: 0, employmentStatus: 1, employerDivisionCode: 2, planId: 3, employerName: 3,
  gender: 3, education: 3, school: 3, major: 3, post: 4, workHistory: 5, achievements: 5, personalCommitment: 6,
  idFrontFileId: 7, idBackFileId: 7, educationFileId: 7,
};
const FORM_KEYS = ["planId", "post", "commitmentNoticeAccepted", "employmentStatus", "employerDivisionCode", "employerName",
  "gender", "education", "school", "major", "workHistory", "achievements", "personalCommitment",
  "idFrontFileId", "idBackFileId", "educationFileId"];
// Which step a rejection reason (GET /api/v1/enrollment-reject-reasons) points the student to.
const REASON_STEP = { id_image: 7, education_image: 7, education_level: 3, work_history: 5, post_mismatch: 4, info_mismatch: 3 };
const SECTION = { 1: "就业状态", 3: "培训机构及基本信息", 4: "专业及岗位", 5: "工作简历及业绩", 6: "个人报名承诺", 7: "证件扫描件" };
const EMPLOYED = "EMPLOYMENT_STATUS_EMPLOYED";
const UNEMPLOYED = "EMPLOYMENT_STATUS_UNEMPLOYED";

let plansCache = null;
/** The open new-certificate plans (cached for a minute: every step needs them). */
export async function openPlans(kind = "new_certificate") {
  if (plansCache && plansCache.kind === kind && Date.now() - plansCache.at < 60000) return plansCache.plans;
  const plans = [];
  let pageToken = "";
  do {
    const r = await get("/api/v1/open-enrollment-plans", { kind, pageSize: 100, pageToken });
    plans.push(...(r.plans || []));
    pageToken = (r.page && r.page.nextPageToken) || "";
  } while (pageToken && plans.length < 500);
  plansCache = { kind, at: Date.now(), plans };
  return plans;
}

export function planChoice(p) {
  const left = Math.max(0, Number(p.headcount || 0) - Number(p.enrolled || 0));
  return {
    value: String(p.id), title: p.name,
    sub: `${p.orgName} · ${divisionName(p.divisionCode)} · 报名截止 ${date(p.endUnix)} · 剩余名额 ${left}`,
  };
}

/** The first step whose answers are missing (the furthest a student may jump to). */
function firstIncomplete(d) {
  if (!d.commitmentNoticeAccepted) return 0;
  if (!d.employmentStatus) return 1;
  if (!d.employerDivisionCode) return 2;
  if (!d.planId || (d.employmentStatus === EMPLOYED && !d.employerName) || !d.gender || !d.education) return 3;
  if (!d.post) return 4;
  if (!d.workHistory) return 5;
  if (!d.personalCommitment) return 6;
  if (!d.idFrontFileId || !d.idBackFileId || !d.educationFileId) return 7;
  return LAST;
}

function fromEnrollment(e) {
  const f = e.form || {};
  const d = { requestId: requestId() };
  for (const k of FORM_KEYS) d[k] = f[k] ?? "";
  d.planId = String(e.planId || f.planId || "");
  d.commitmentNoticeAccepted = true;
  for (const k of ["idFrontFileId", "idBackFileId", "educationFileId"]) d[k] = Number(f[k]) || 0;
  return d;
}

function toForm(d) {
  const form = {};
  for (const k of FORM_KEYS) form[k] = d[k];
  form.planId = Number(d.planId) || 0;
  form.commitmentNoticeAccepted = Boolean(d.commitmentNoticeAccepted);
  for (const k of ["idFrontFileId", "idBackFileId", "educationFileId"]) form[k] = Number(d[k]) || 0;
  return form;
}

/** The step header: "第 3 / 7 步" with a bar. */
export function stepsHeader(step, steps) {
  const total = steps.length - 2; // the notice and the confirmation are not numbered
  const text = step === 0 ? steps[0] : step === steps.length - 1 ? steps[step] : `第 ${step} / ${total} 步`;
  return h("div", { class: "m-steps" },
    h("div", { class: "m-steps-text" }, h("strong", null, step > 0 && step < steps.length - 1 ? steps[step] : text),
      step > 0 && step < steps.length - 1 ? h("span", null, text) : null),
    h("progress", { max: String(steps.length - 1), value: String(step), "aria-label": `报名进度：${text}` }));
}

export function noticeStep(onAgree, onDecline) {
  return h("div", { class: "card" },
    h("div", { class: "m-doc", tabindex: "0", role: "document", "aria-label": T.NOTICE_TITLE },
      h("h3", null, T.NOTICE_TITLE), T.NOTICE.map((p) => h("p", null, p))),
    h("p", { class: "muted" }, "请认真阅读告知承诺书，点击“同意”后进入报名。"),
    h("div", { class: "m-actions row" },
      h("button", { type: "button", onclick: onDecline }, "不同意"),
      h("button", { type: "button", class: "primary", onclick: onAgree }, "同意")));
}

export default async function render(ctx) {
  const { me, params, query } = ctx;
  const editId = params.id ? Number(params.id) : 0;
  const path = editId ? `/enrollments/${editId}/edit` : "/enroll";
  const out = [];

  if (!me.realNameVerified) {
    return h("div", { class: "card" },
      notice("您的账号尚未通过实名验证，暂不能报名。实名验证完成后即可报名。", "warning"),
      h("a", { class: "btn block", href: "#/me/profile" }, "查看个人信息"));
  }

  let enrollment = null;
  let reasons = null;
  if (editId) {
    [enrollment, reasons] = await Promise.all([get(`/api/v1/enrollments/${editId}`), rejectReasons().catch(() => new Map())]);
    if (enumValue("EnrollmentState", enrollment.state) !== "REJECTED") {
      return h("div", { class: "card" },
        notice(`该报名当前状态为“${label("EnrollmentState", enrollment.state)}”，只有被驳回的报名可以修改后重新提交。`, "info"),
        h("a", { class: "btn block", href: `#/enrollments/${editId}` }, "查看报名详情"));
    }
  }

  const store = draftStore(editId ? `edit.${editId}` : "enroll");
  let d = store.read() || (enrollment ? fromEnrollment(enrollment) : { requestId: requestId(), commitmentNoticeAccepted: false });
  if (!editId && query.plan && String(d.planId || "") !== String(query.plan)) {
    d.planId = String(query.plan);
    d.post = "";
  }
  const save = () => store.write(d);
  save();

  const plans = await openPlans();
  const plan = plans.find((p) => String(p.id) === String(d.planId)) || null;
  if (!editId && query.plan && plan && !d.employerDivisionCode) { /* city is chosen by the student in step 2 */ }

  const wanted = query.step !== undefined ? Number(query.step) : editId ? LAST : d.commitmentNoticeAccepted ? 1 : 0;
  const step = Math.max(0, Math.min(Number.isFinite(wanted) ? wanted : 0, firstIncomplete(d)));
  const go = (n) => navigate(path, { ...query, step: n });
  const back = () => (step > (editId ? 1 : 0) ? go(step - 1) : navigate(editId ? `/enrollments/${editId}` : "/plans"));

  ctx.setTitle(editId ? "修改报名" : "新取证报名");
  out.push(stepsHeader(step, STEPS));
  if (enrollment) {
    const banner = notice("驳回原因：" + (rejectionText(enrollment, reasons) || "未说明") + "。请修改后重新提交。", "error");
    // On the summary, a way straight to each part the reasons name.
    const parts = [...new Set((enrollment.rejectReasons || []).map((c) => REASON_STEP[c]).filter(Boolean))].sort();
    if (step === LAST && parts.length) {
      banner.append(h("div", { class: "m-fix-links" }, parts.map((n) => h("a", { class: "btn small", href: "#" + path + "?" + new URLSearchParams({ ...query, step: String(n) }) },
        "修改" + SECTION[n]))));
    }
    out.push(banner);
  }

  // The API's error for a field on another step is carried over to that step.
  const pendingKey = "m.enroll.error";
  let pending = null;
  try { pending = JSON.parse(sessionStorage.getItem(pendingKey) || "null"); sessionStorage.removeItem(pendingKey); } catch { pending = null; }

  const stepForm = (body, { next = "下一步" } = {}) => {
    const form = h("form", { class: "card", "aria-label": STEPS[step] }, body,
      h("div", { class: "m-actions row" },
        h("button", { type: "button", onclick: back }, step > (editId ? 1 : 0) ? "上一步" : "取消"),
        h("button", { type: "submit", class: "primary" }, next)));
    if (pending && pending.step === step) setTimeout(() => showError(form, pending.error), 0);
    return form;
  };

  if (step === 0) {
    out.push(noticeStep(() => { d.commitmentNoticeAccepted = true; save(); go(1); }, () => navigate("/plans")));
    return out;
  }

  if (step === 1) {
    const form = stepForm(choices("本人就业状态", "employmentStatus", [
      { value: EMPLOYED, title: "在职", sub: "有工作单位，由单位组织或个人报名" },
      { value: UNEMPLOYED, title: "待业", sub: "暂无工作单位，个人报名" },
    ], { value: d.employmentStatus }));
    onSubmit(form, async (v) => {
      if (!v.employmentStatus) return setFieldError(form, "employmentStatus", "请选择就业状态");
      d.employmentStatus = v.employmentStatus;
      if (d.employmentStatus === UNEMPLOYED) d.employerName = "";
      save(); go(2);
    });
    out.push(form);
    return out;
  }

  if (step === 2) {
    const employed = d.employmentStatus === EMPLOYED;
    const sel = h("select", { name: "employerDivisionCode" }, h("option", { value: "" }, "请选择地市"),
      cityChoices().map(([c, n]) => h("option", { value: c, selected: c === d.employerDivisionCode }, n)));
    const form = stepForm(field(employed ? "工作单位工商注册所在地市" : "本人户籍或居住所在地市", sel,
      { required: true, hint: employed ? "按营业执照上的登记机关所在地市选择" : "待业人员选择户籍或常住地所在地市" }));
    onSubmit(form, async (v) => {
      if (!v.employerDivisionCode) return setFieldError(form, "employerDivisionCode", "请选择地市");
      d.employerDivisionCode = v.employerDivisionCode;
      save(); go(3);
    });
    out.push(form);
    return out;
  }

  if (step === 3) {
    const employed = d.employmentStatus === EMPLOYED;
    const body = [];
    if (editId) {
      body.push(h("div", { class: "field" }, h("span", { class: "muted" }, "培训机构及报名计划（不可更改）"),
        h("strong", null, `${enrollment.orgName} · ${enrollment.planName}`)));
    } else {
      const inCity = plans.filter((p) => p.divisionCode === d.employerDivisionCode);
      const showAll = query.all === "1" || !inCity.length || (plan && plan.divisionCode !== d.employerDivisionCode);
      const list = showAll ? plans : inCity;
      body.push(choices(showAll ? "选择培训机构（全省正在报名的计划）" : `选择培训机构（${divisionName(d.employerDivisionCode)}）`,
        "planId", list.map(planChoice), { value: d.planId }));
      if (!plans.length) body.push(notice("目前没有正在报名的计划，请稍后再来。", "info"));
      else if (!inCity.length) body.push(h("p", { class: "hint muted" }, `${divisionName(d.employerDivisionCode)}暂无正在报名的计划，以上为全省的报名计划。`));
      else if (!showAll) body.push(h("a", { class: "btn link", href: "#" + path + "?" + new URLSearchParams({ ...query, step: "3", all: "1" }) }, "查看其他地市的报名计划"));
    }
    body.push(h("h3", null, "基本信息"),
      h("dl", { class: "details m-dl" }, h("dt", null, "姓名"), h("dd", null, me.user.name),
        h("dt", null, "身份证号"), h("dd", null, me.maskedIdNumber)));
    if (employed) body.push(field("工作单位", h("input", { name: "employerName", maxlength: "100", value: d.employerName || "", autocomplete: "organization" }),
      { required: true, hint: "填写营业执照上的单位全称" }));
    body.push(choices("性别", "gender", [{ value: "男", title: "男" }, { value: "女", title: "女" }], { value: d.gender }));
    const edu = h("select", { name: "education" }, h("option", { value: "" }, "请选择学历"),
      T.EDUCATION.map((e) => h("option", { value: e, selected: e === d.education }, e)));
    body.push(field("学历", edu, { required: true }),
      field("毕业学校", h("input", { name: "school", maxlength: "100", value: d.school || "" })),
      field("所学专业", h("input", { name: "major", maxlength: "100", value: d.major || "" })));
    const form = stepForm(body);
    onSubmit(form, async (v) => {
      if (!editId && !v.planId) return setFieldError(form, "planId", "请选择培训机构的报名计划");
      if (employed && !v.employerName) return setFieldError(form, "employerName", "请填写工作单位");
      if (!v.gender) return setFieldError(form, "gender", "请选择性别");
      if (!v.education) return setFieldError(form, "education", "请选择学历");
      if (!editId) {
        if (String(d.planId) !== v.planId) d.post = "";
        d.planId = v.planId;
      }
      Object.assign(d, { employerName: employed ? v.employerName : "", gender: v.gender, education: v.education, school: v.school, major: v.major });
      save(); go(4);
    });
    out.push(form);
    return out;
  }

  if (step === 4) {
    const posts = plan ? plan.posts : d.post ? [d.post] : [];
    const form = stepForm([
      plan ? h("p", { class: "muted" }, `${plan.orgName} · ${plan.name}`) : null,
      choices("报考的专业及岗位", "post", posts.map((c) => ({ value: c, title: postName(c) })), { value: d.post }),
    ]);
    onSubmit(form, async (v) => {
      if (!v.post) return setFieldError(form, "post", "请选择专业及岗位");
      d.post = v.post;
      save(); go(5);
    });
    out.push(form);
    return out;
  }

  if (step === 5) {
    const form = stepForm([
      field("工作简历", h("textarea", { name: "workHistory", maxlength: "2000", rows: "6", placeholder: T.WORK_HISTORY_HINT }, d.workHistory || ""),
        { required: true, hint: "2000字以内" }),
      field("工作业绩", h("textarea", { name: "achievements", maxlength: "2000", rows: "5", placeholder: "参与的主要工程项目、担任的岗位等（选填）" }, d.achievements || ""),
        { hint: "选填，2000字以内" }),
    ]);
    onSubmit(form, async (v) => {
      if (!v.workHistory) return setFieldError(form, "workHistory", "请填写工作简历");
      Object.assign(d, { workHistory: v.workHistory, achievements: v.achievements });
      save(); go(6);
    });
    out.push(form);
    return out;
  }

  if (step === 6) {
    const form = stepForm([
      field("个人报名承诺", h("textarea", { name: "personalCommitment", maxlength: "2000", rows: "6" }, d.personalCommitment || T.PERSONAL_COMMITMENT),
        { required: true, hint: "可按本人情况修改，提交后将打印在个人承诺书上" }),
    ], { next: "确认承诺" });
    onSubmit(form, async (v) => {
      if (!v.personalCommitment) return setFieldError(form, "personalCommitment", "请填写个人报名承诺");
      d.personalCommitment = v.personalCommitment;
      save(); go(7);
    });
    out.push(form);
    return out;
  }

  if (step === 7) {
    const hint = "图片须为彩色扫描件或照片，四角完整、字迹清晰。过大的照片会在上传前自动压缩，无需另行处理。";
    const fields = [
      uploadField({ kind: "id_front", name: "form.idFrontFileId", title: "身份证正面（人像面）", hint, fileId: d.idFrontFileId,
        onChange: (id) => { d.idFrontFileId = id; save(); } }),
      uploadField({ kind: "id_back", name: "form.idBackFileId", title: "身份证反面（国徽面）", hint, fileId: d.idBackFileId,
        onChange: (id) => { d.idBackFileId = id; save(); } }),
      uploadField({ kind: "education", name: "form.educationFileId", title: "学历证书", allowPdf: true, fileId: d.educationFileId,
        hint: "证书内容页须在同一张图片上；也可上传 PDF 文件（不超过3MB）。", onChange: (id) => { d.educationFileId = id; save(); } }),
    ];
    const form = stepForm(fields.map((f) => f.el));
    form.classList.remove("card");
    onSubmit(form, async () => {
      if (fields.some((f) => f.busy())) return setFieldError(form, "form.idFrontFileId", "请等待上传完成");
      const missing = [["form.idFrontFileId", "请上传身份证正面（人像面）"], ["form.idBackFileId", "请上传身份证反面（国徽面）"],
        ["form.educationFileId", "请上传学历证书"]].find(([name], i) => !fields[i].value());
      if (missing) return setFieldError(form, missing[0], missing[1]);
      save(); go(LAST);
    });
    out.push(form);
    return out;
  }

  // The last step: everything on one page, each part with 修改, then submit.
  const edit = (n) => h("a", { class: "btn small", href: "#" + path + "?" + new URLSearchParams({ ...query, step: String(n) }) }, "修改");
  const flagged = new Set(((enrollment && enrollment.rejectReasons) || []).map((c) => REASON_STEP[c]).filter(Boolean));
  const mark = (n) => (flagged.has(n) ? h("span", { class: "tag tag-danger" }, "需修改") : null);
  const section = (title, n, rows) => h("section", { class: ["card", "m-summary", flagged.has(n) && "m-flagged"] },
    h("h2", { class: "m-item-head" }, h("span", null, title, " ", mark(n)), edit(n)),
    h("dl", { class: "details m-dl" }, rows.map(([k, v]) => [h("dt", null, k), h("dd", { class: "m-pre" }, v || "—")])));
  const planText = plan ? `${plan.orgName} · ${plan.name}` : enrollment ? `${enrollment.orgName} · ${enrollment.planName}` : "—";
  const form = h("form", { class: "card", "aria-label": "确认并提交" },
    h("p", null, "请核对以上报名信息，确认无误后提交。提交后由培训机构审核，审核结果将在“消息”中通知您。"),
    h("div", { class: "m-actions" },
      h("button", { type: "submit", class: "primary block" }, editId ? "重新提交报名" : "提交报名"),
      h("button", { type: "button", class: "block", onclick: () => (editId ? navigate(`/enrollments/${editId}`) : go(1)) }, editId ? "取消修改" : "返回修改")));
  if (pending && pending.step === LAST) setTimeout(() => showError(form, pending.error), 0);
  out.push(
    section("就业状态", 1, [["就业状态", d.employmentStatus === EMPLOYED ? "在职" : "待业"],
      ["所在地市", divisionName(d.employerDivisionCode)], d.employmentStatus === EMPLOYED ? ["工作单位", d.employerName] : null].filter(Boolean)),
    section("培训机构及基本信息", 3, [["报名计划", planText], ["姓名", me.user.name], ["身份证号", me.maskedIdNumber],
      ["性别", d.gender], ["学历", d.education], ["毕业学校", d.school], ["所学专业", d.major]]),
    section("专业及岗位", 4, [["岗位", postName(d.post)]]),
    section("工作简历及业绩", 5, [["工作简历", d.workHistory], ["工作业绩", d.achievements]]),
    section("个人报名承诺", 6, [["承诺内容", d.personalCommitment]]),
    h("section", { class: ["card", "m-summary", flagged.has(7) && "m-flagged"] },
      h("h2", { class: "m-item-head" }, h("span", null, "证件扫描件", " ", mark(7)), edit(7)),
      h("div", { class: "m-thumbs" },
        [["idFrontFileId", "身份证正面"], ["idBackFileId", "身份证反面"], ["educationFileId", "学历证书"]].map(([k, t]) =>
          h("div", null, h("div", { class: "m-thumb" }, d[k] ? fileImage(d[k], t) : h("span", { class: "muted" }, "未上传")),
            h("div", { class: "m-thumb-cap" }, t))))),
    form);

  onSubmit(form, async () => {
    const ok = await confirm(editId ? "重新提交报名" : "提交报名", editId ? "确认修改后重新提交吗？" : "确认提交报名信息吗？提交后由培训机构审核。",
      { okText: "确认提交" });
    if (!ok) return;
    let result;
    try {
      result = editId
        ? await put(`/api/v1/enrollments/${editId}`, { enrollmentId: editId, form: toForm(d) })
        : await post("/api/v1/enrollments", { requestId: d.requestId, form: toForm(d) });
    } catch (err) {
      const f = (err.fields || [])[0];
      const target = f ? FIELD_STEP[(f.field || "").split(".").pop()] : undefined;
      if (target !== undefined && target !== LAST) {
        try { sessionStorage.setItem(pendingKey, JSON.stringify({ step: target, error: { message: err.message, fields: err.fields } })); } catch { /* ignore */ }
        go(target);
        return;
      }
      throw err;
    }
    store.clear();
    plansCache = null;
    navigate(`/enrollments/${result.id}`, { done: editId ? "resubmitted" : "submitted" });
  });
  return out;
}
