// 报名详情: state, rejection reasons, the form as submitted, the scans; 修改并重新提交 (rejected),
// 撤回报名 (before the institution confirms), 打印报名表 / 个人承诺书 / 准考证 (EN-8), and where it
// stands (AS-4: plan, test plan, scores, certificate).
import { get, del } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { dateTime, enumValue, label } from "/shared/format.js";
import { postName, divisionName } from "/shared/catalog.js";
import { notice, toast, guard } from "/shared/forms.js";
import { confirm, enrollmentTag } from "/shared/ui.js";
import { rejectReasons, rejectionText, fileImage, card } from "../ui.js";

/** AS-4: the four stages, and the test's ticket and result once there are. */
function progressCard(e) {
  const p = e.progress, a = e.assessment;
  return card("办理进度", h("dl", { class: "details m-dl" },
    h("dt", null, "培训"), h("dd", null, p.plan),
    h("dt", null, "考核计划"), h("dd", null, p.testPlan),
    h("dt", null, "成绩"), h("dd", null, p.scores),
    h("dt", null, "证书"), h("dd", null, p.certificate),
    a && a.ticketNumber ? [h("dt", null, "准考证号"), h("dd", null, a.ticketNumber)] : null,
    a && a.result ? [h("dt", null, "考核结果"), h("dd", null, label("Result", a.result))] : null));
}

export default async function render(ctx) {
  const id = Number(ctx.params.id);
  const [e, reasons] = await Promise.all([get(`/api/v1/enrollments/${id}`), rejectReasons().catch(() => new Map())]);
  const f = e.form || {};
  const state = enumValue("EnrollmentState", e.state);
  const ce = enumValue("PlanKind", e.kind) === "CONTINUING_EDUCATION";
  const out = [];

  if (ctx.query.done === "submitted") out.push(notice("报名已提交，请等待培训机构审核。审核结果将在“消息”中通知您。", "success"));
  if (ctx.query.done === "resubmitted") out.push(notice("已重新提交，请等待培训机构审核。", "success"));

  const status = {
    SUBMITTED: notice("培训机构审核中。审核前可以撤回报名。", "info"),
    APPROVED: notice("报名已确认（审核通过）" + (e.reviewedAtUnix ? "，确认时间 " + dateTime(e.reviewedAtUnix) : "") + "。请留意培训机构的开班通知。", "success"),
    REJECTED: notice("报名被驳回。驳回原因：" + (rejectionText(e, reasons) || "未说明") + "。请修改后重新提交，或撤回报名。", "error"),
    WITHDRAWN: notice("该报名已撤回。", "info"),
  }[state];

  out.push(h("section", { class: "card" },
    h("h2", { class: "m-item-head" }, h("span", null, e.planName), enrollmentTag(e.state)),
    status,
    h("dl", { class: "details m-dl" },
      h("dt", null, "报名类型"), h("dd", null, ce ? "继续教育" : "新取证"),
      h("dt", null, "培训机构"), h("dd", null, e.orgName),
      h("dt", null, "专业岗位"), h("dd", null, postName(f.post)),
      ce ? [h("dt", null, "证书编号"), h("dd", null, f.certificateNumber || "—")] : null,
      h("dt", null, "提交时间"), h("dd", null, dateTime(e.submittedAtUnix)),
      e.reviewedAtUnix ? [h("dt", null, "审核时间"), h("dd", null, dateTime(e.reviewedAtUnix))] : null)));

  const actions = h("div", { class: "m-actions m-detail-actions" });
  if (state === "REJECTED") actions.append(h("a", { class: "btn primary block", href: `#/enrollments/${id}/edit` }, "修改并重新提交"));
  if (state !== "WITHDRAWN") {
    actions.append(h("div", { class: "m-actions row" },
      h("a", { class: "btn", href: `#/enrollments/${id}/print/form` }, "打印报名表"),
      ce ? null : h("a", { class: "btn", href: `#/enrollments/${id}/print/commitment` }, "打印个人承诺书"),
      e.assessment && e.assessment.ticketNumber ? h("a", { class: "btn", href: `#/enrollments/${id}/print/ticket` }, "打印准考证") : null));
  }
  if (state === "SUBMITTED" || state === "REJECTED") {
    const btn = h("button", { type: "button", class: "danger block" }, "撤回报名");
    guard(btn, async () => {
      if (!(await confirm("撤回报名", "撤回后该报名将作废，如需参加培训须重新报名。确定撤回吗？", { okText: "撤回", danger: true }))) return;
      await del(`/api/v1/enrollments/${id}`);
      toast("报名已撤回");
      ctx.rerender();
    }, (err) => actions.prepend(notice(err.message || "撤回失败，请稍后再试", "error")));
    actions.append(btn);
  }
  out.push(actions);
  if (state === "APPROVED" && e.progress) out.push(progressCard(e));

  const rows = [["姓名", e.name], ["身份证号", e.idNumber], ["手机号", e.phone],
    ["就业状态", label("EmploymentStatus", f.employmentStatus)], ["所在地市", divisionName(f.employerDivisionCode)],
    ["工作单位", f.employerName], ["性别", f.gender], ["学历", f.education], ["毕业学校", f.school], ["所学专业", f.major],
    ["工作简历", f.workHistory, true], ["工作业绩", f.achievements, true], ce ? null : ["报名承诺", f.personalCommitment, true]]
    // A continuing-education form has no basic-info step: leave out what it never asked.
    .filter((r) => r && (!ce || (r[1] && r[1] !== "—")));
  out.push(card("报名信息", h("dl", { class: "details m-dl" },
    rows.map(([k, v, pre]) => [h("dt", null, k), h("dd", { class: pre ? "m-pre" : null }, v || "—")]))));

  const scans = [["idFrontFileId", "身份证正面"], ["idBackFileId", "身份证反面"], ["educationFileId", "学历证书"]].filter(([k]) => Number(f[k]));
  if (scans.length) {
    out.push(card("证件扫描件", h("div", { class: "m-thumbs" },
      scans.map(([k, t]) => h("div", null, h("div", { class: "m-thumb" }, fileImage(f[k], t)), h("div", { class: "m-thumb-cap" }, t))))));
  }
  return out;
}
