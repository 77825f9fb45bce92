// 报名审核 (EN-4): the institution's enrollments by state (待审核 / 已确认 / 已驳回); the detail
// with the scans, the training and the test (EN-5) and where it stands (AS-4); approve, or
// reject with reasons from the list and a note.
import * as api from "/shared/api.js";
import { enrollmentTag, points, table, certificateTag } from "/shared/ui.js";
import { h, replace } from "/shared/dom.js";
import { field, select, toast, notice } from "/shared/forms.js";
import { dateTime, label, orDash } from "/shared/format.js";
import { postName, divisionName } from "/shared/catalog.js";
import { listPage, tabs } from "../list.js";
import { apiImage, button, formDialog } from "../common.js";

const REVIEW = "enrollment.review";
let reasonsCache = null;
/** The reject reasons list (code → text), loaded once. */
export function rejectReasons() {
  reasonsCache ||= api.get("/api/v1/enrollment-reject-reasons").then((r) => r.reasons || []).catch((e) => { reasonsCache = null; throw e; });
  return reasonsCache;
}

export async function planChoices() {
  const plans = await api.getAll("/api/v1/enrollment-plans", {}, "plans", 500).catch(() => []);
  return plans.map((p) => [String(p.id), p.name]);
}

async function list(ctx) {
  const state = ctx.query.state || "submitted";
  listPage(ctx, {
    before: tabs(ctx, "state", [["submitted", "待审核"], ["approved", "已确认"], ["rejected", "已驳回"]]),
    keep: ["state"],
    filters: [select("报名计划", "planId", await planChoices(), { empty: "全部计划" })],
    load: (q) => api.get("/api/v1/enrollments", { ...q, state }), key: "enrollments",
    empty: { submitted: "没有待审核的报名", approved: "没有已确认的报名", rejected: "没有已驳回的报名" }[state] || "暂无数据",
    columns: [
      { title: "姓名", cell: (e) => h("a", { href: `#/enrollment/review/${e.id}` }, e.name) },
      { title: "身份证号", cell: (e) => e.idNumber, class: "nowrap" },
      { title: "手机号", cell: (e) => e.phone, class: "nowrap" },
      { title: "报名计划", cell: (e) => e.planName },
      { title: "岗位", cell: (e) => postName(e.form && e.form.post) },
      { title: "类型", cell: (e) => label("PlanKind", e.kind) },
      { title: "提交时间", cell: (e) => dateTime(e.submittedAtUnix), class: "nowrap" },
      { title: "状态", cell: (e) => enrollmentTag(e.state) },
      { title: "操作", cell: (e) => h("a", { class: "btn small" + (state === "submitted" ? " primary" : ""), href: `#/enrollment/review/${e.id}` }, state === "submitted" ? "审核" : "查看") },
    ],
  });
}

/** The detail list of one enrollment (shared by review and my students). */
export function enrollmentDetails(e, reasons = []) {
  const f = e.form || {};
  const texts = new Map(reasons.map((r) => [r.code, r.text]));
  const row = (t, v) => [h("dt", null, t), h("dd", { class: "pre" }, orDash(v))];
  return h("dl", { class: "details" },
    row("报名编号", e.id), row("姓名", e.name), row("性别", f.gender), row("身份证号", e.idNumber), row("手机号", e.phone),
    row("报名计划", e.planName), row("培训机构", e.orgName), row("类型", label("PlanKind", e.kind)), row("专业及岗位", postName(f.post)),
    row("就业状态", label("EmploymentStatus", f.employmentStatus)), row("工作单位", f.employerName), row("工商注册所在地市", f.employerDivisionCode ? divisionName(f.employerDivisionCode) : ""),
    row("学历", f.education), row("毕业院校", f.school), row("所学专业", f.major),
    f.certificateNumber ? row("证书编号", `${f.certificateNumber}${e.certificateVerified ? "（已核验）" : "（未核验）"}`) : null,
    row("工作简历", f.workHistory), row("工作业绩", f.achievements), row("个人承诺", f.personalCommitment),
    row("告知承诺书", f.commitmentNoticeAccepted ? "已阅读并同意" : "未同意"),
    row("提交时间", dateTime(e.submittedAtUnix)), row("审核时间", Number(e.reviewedAtUnix) ? dateTime(e.reviewedAtUnix) : ""),
    [h("dt", null, "状态"), h("dd", null, enrollmentTag(e.state))],
    (e.rejectReasons || []).length || e.rejectComment ? row("驳回原因", [...(e.rejectReasons || []).map((c) => texts.get(c) || c), e.rejectComment].filter(Boolean).join("；")) : null);
}

/** The scans of an enrollment as images (ID card front and back, education certificate). */
export function scans(e) {
  const f = e.form || {};
  const items = [[f.idFrontFileId, "身份证人像面"], [f.idBackFileId, "身份证国徽面"], [f.educationFileId, "学历证书"]].filter(([id]) => Number(id));
  return items.length ? h("div", { class: "images" }, items.map(([id, alt]) => apiImage(`/api/v1/files/${id}`, alt))) : h("p", { class: "muted" }, "无扫描件（继续教育报名无需上传）");
}

async function reject(e, reasons) {
  return formDialog(`驳回报名 — ${e.name}`, [
    h("fieldset", { class: "field", dataset: { field: "rejectReasons" } }, h("legend", null, "驳回原因（可多选）", h("span", { class: "req", "aria-hidden": "true" }, " *")),
      reasons.map((r) => h("label", { class: "check block" }, h("input", { type: "checkbox", name: "rejectReasons", value: r.code }), r.text)),
      h("div", { class: "field-error", role: "alert" })),
    field("说明", h("textarea", { name: "rejectComment", maxlength: "500" }), { hint: "告诉学员需要修改什么；选择“其他”时必须填写" }),
  ], (v) => {
    if (!v.rejectReasons.length) throw { message: "请至少选择一个驳回原因", fields: [{ field: "rejectReasons", message: "请至少选择一个驳回原因" }] };
    if (v.rejectReasons.includes("other") && !v.rejectComment) throw { message: "选择“其他”时请填写说明", fields: [{ field: "rejectComment", message: "选择“其他”时请填写说明" }] };
    return api.post(`/api/v1/enrollments/${e.id}/review`, { approve: false, rejectReasons: v.rejectReasons, rejectComment: v.rejectComment });
  }, { okText: "驳回", danger: true });
}

async function detail(ctx) {
  const [e, reasons] = await Promise.all([api.get(`/api/v1/enrollments/${ctx.params.id}`), rejectReasons().catch(() => [])]);
  ctx.setTitle(`报名详情 — ${e.name}`);
  const submitted = label("EnrollmentState", e.state) === "待审核";
  const mayReview = submitted && ctx.can(REVIEW) && e.orgId === ctx.me.organisation.id;
  const after = (text, state) => { toast(text); ctx.go("/enrollment/review", { state }); };
  ctx.actions.append(
    h("a", { class: "btn", href: `#/enrollment/print/${e.id}/form` }, "打印报名表"),
    h("a", { class: "btn", href: `#/enrollment/print/${e.id}/commitment` }, "打印承诺书"));
  replace(ctx.el,
    mayReview ? h("div", { class: "actions review-actions" },
      button("审核通过", async () => { await api.post(`/api/v1/enrollments/${e.id}/review`, { approve: true }); after(`已确认 ${e.name} 的报名`, "submitted"); }, "primary"),
      button("驳回", async () => { if (await reject(e, reasons)) after(`已驳回 ${e.name} 的报名，学员将收到通知`, "submitted"); }, "danger"))
      : submitted ? null : notice(`该报名${label("EnrollmentState", e.state)}。`, "info"),
    h("section", { class: "card" }, h("h2", null, "报名信息"), enrollmentDetails(e, reasons)),
    e.progress && label("EnrollmentState", e.state) === "已确认" ? progress(e) : null,
    certificatesSection(ctx, e),
    h("section", { class: "card" }, h("h2", null, "证件扫描件"), scans(e)));
}

/** EN-5: the certificates this person holds that the caller may see (its subtree's), loaded after the page. */
function certificatesSection(ctx, e) {
  const idNumber = e.idNumber || (e.form || {}).idNumber || "";
  if (!CERTIFICATE_READERS.some((p) => ctx.can(p)) || !idNumber || idNumber.includes("*")) return null;
  const body = h("div", { class: "loading", role: "status" }, "加载中…");
  api.get("/api/v1/certificates", { query: idNumber, pageSize: 50 }).then((r) => replace(body, table([
    { title: "证书编号", class: "nowrap", cell: (c) => h("a", { href: `#/certificates/${c.id}` }, c.number) },
    { title: "岗位/工种", cell: (c) => c.postName },
    { title: "发证机关", cell: (c) => c.issuerName },
    { title: "发证日期", class: "nowrap", cell: (c) => c.issuedOn },
    { title: "有效期至", class: "nowrap", cell: (c) => c.validUntil },
    { title: "状态", cell: (c) => certificateTag(c.status) },
  ], r.certificates || [], { caption: "持有证书", empty: "尚未取得本系统发放的证书" })))
    .catch((err) => replace(body, notice(err.message || "证书加载失败", "error")));
  return h("section", { class: "card" }, h("h2", null, "持有证书"), body);
}

const CERTIFICATE_READERS = ["certificate.manage", "certificate.business.apply", "assessment.manage"];

/** EN-5, AS-4: the class with its hours, the latest test with ticket and result, the four stages. */
function progress(e) {
  const p = e.progress, t = e.training, a = e.assessment;
  const row = (k, v) => [h("dt", null, k), h("dd", null, v)];
  return h("section", { class: "card" }, h("h2", null, "培训与考核"), h("dl", { class: "details" },
    row("办理进度", `培训：${p.plan} · 考核计划：${p.testPlan} · 成绩：${p.scores} · 证书：${p.certificate}`),
    t ? [row("班级", h("a", { href: `#/classes/${t.classId}` }, t.className)), row("学时", `${t.hoursCompleted} / ${t.hoursRequired}（出勤 ${t.lessonsAttended} / ${t.lessonsTotal} 课次）`)] : null,
    a ? [row("考核计划", h("a", { href: `#/assessment/plans/${a.testPlanId}` }, a.testPlanName)), row("考试时间", dateTime(a.examStartUnix)),
      row("考试地点", a.place), a.ticketNumber ? row("准考证号", a.ticketNumber) : null,
      a.result ? row("考核结果", `${label("Result", a.result)}（理论 ${points(a.theoryTenths)}，实操 ${points(a.practiceTenths)}）`) : null] : null));
}

export default {
  menu: { group: "enrollment", title: "报名审核", order: 20, permission: REVIEW },
  routes: [
    { path: "/enrollment/review", title: "报名审核", render: list },
    { path: "/enrollment/review/:id", title: "报名详情", parent: "/enrollment/review", permission: [REVIEW, "enrollment.plan.approve", "enrollment.plan.manage"], render: detail },
  ],
};
