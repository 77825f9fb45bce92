// What the assessment pages share (AS-1 … AS-4): permission names, paths, each action's button
// text and dialog, the timelines' words, and the plan's facts block.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, toast } from "/shared/forms.js";
import { dateTime, time, number } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { testPlanTag, scoreTag } from "/shared/ui.js";
import { formDialog } from "./common.js";

/** The institution's permission (test plans, tickets, scores). */
export const MANAGE = "assessment.manage";
/** The authorities' permission (accepting and approving plans and scores). */
export const REVIEW = "assessment.review";

/** The API's path of one test plan. */
export const planPath = (id) => `/api/v1/test-plans/${id}`;

/** The timelines' words: the plan's review and the scores' report. */
export const PLAN_EVENTS = { submit: "上报考核计划", withdraw: "撤回", accept: "受理", approve: "审核通过", reject: "审核未通过", remind: "催办" };
export const SCORE_EVENTS = { submit: "上报成绩", withdraw: "撤回成绩", accept: "受理成绩", approve: "成绩审核通过", reject: "成绩审核未通过", remind: "催办" };

/** Per action of a plan (TEST_PLAN_ACTION_… in lower case) and of its scores (scores_…). */
export const ACTIONS = {
  submit: { text: "上报考核计划", title: "上报考核计划", message: "上报后由主管部门受理、审核，审核期间不能修改。确定上报吗？", okText: "上报", kind: "primary" },
  withdraw: { text: "撤回", title: "撤回考核计划", message: "受理前可撤回，撤回后可修改并重新上报。确定撤回吗？", okText: "撤回" },
  delete: { text: "删除", title: "删除考核计划", message: "删除后不能恢复。确定删除吗？", okText: "删除", kind: "danger" },
  accept: { text: "受理", title: "受理考核计划", message: "受理后培训机构不能再撤回，请在审核期限内完成审核。", comment: "受理意见（选填）", okText: "受理", kind: "primary" },
  approve: { text: "审核通过", title: "考核计划审核通过", message: "通过后生成准考证号，培训机构可打印准考证、桌贴、签到表。", comment: "审核意见（选填）", okText: "通过", kind: "primary" },
  reject: { text: "审核不通过", title: "考核计划审核不通过", message: "培训机构修改后可重新上报。", comment: "不通过原因", okText: "不通过", kind: "danger", reason: true },
  scores_report: { text: "上报成绩", title: "上报成绩", message: "上报后由主管部门受理、审核，审核期间不能修改成绩。确定上报吗？", okText: "上报", kind: "primary" },
  scores_withdraw: { text: "撤回成绩", title: "撤回成绩", message: "受理前可撤回，撤回后可修改成绩并重新上报。", okText: "撤回" },
  scores_accept: { text: "受理成绩", title: "受理成绩", message: "受理后请在审核期限内完成审核。", comment: "受理意见（选填）", okText: "受理", kind: "primary" },
  scores_approve: { text: "成绩审核通过", title: "成绩审核通过", message: "通过后成绩生效，学员可查看成绩；缺考、违纪记入考试纪律记录。", comment: "审核意见（选填）", okText: "通过", kind: "primary" },
  scores_reject: { text: "成绩审核不通过", title: "成绩审核不通过", message: "培训机构更正后可重新上报。", comment: "不通过原因", okText: "不通过", kind: "danger", reason: true },
};

/** Opens the action's dialog and posts it; resolves true when done. */
export async function act(plan, action) {
  const a = ACTIONS[action];
  const fields = [h("p", null, a.message)];
  if (a.comment) fields.push(field(a.comment, h("textarea", { name: "comment", maxlength: "500" }), { required: Boolean(a.reason) }));
  const scores = action.startsWith("scores_");
  const done = await formDialog(a.title, fields, (v) => {
    if (a.reason && !v.comment) throw { message: "请填写不通过原因", fields: [{ field: "comment", message: "请填写不通过原因" }] };
    const name = scores ? action.slice("scores_".length) : action;
    return api.post(`${planPath(plan.id)}/${scores ? "score-actions" : "actions"}`,
      { action: (scores ? "SCORE_ACTION_" : "TEST_PLAN_ACTION_") + name.toUpperCase(), comment: v.comment || "" });
  }, { okText: a.okText, danger: a.kind === "danger" });
  if (done) toast(`${a.title}：已完成`);
  return Boolean(done);
}

/** The exam's time: "2027-01-10 09:00–11:00". */
export function examTime(p) {
  return `${dateTime(p.examStartUnix)}–${time(p.examEndUnix)}`;
}

/** The plan's facts: state, class, post, time, place, counts, pass rule. */
export function planFacts(p) {
  return h("section", { class: "card" }, h("dl", { class: "details" },
    h("dt", null, "考核计划状态"), h("dd", null, testPlanTag(p.state)),
    h("dt", null, "成绩状态"), h("dd", null, scoreTag(p.scoreState)),
    p.reviewComment ? [h("dt", null, "审核意见"), h("dd", null, p.reviewComment)] : null,
    p.scoreReviewComment ? [h("dt", null, "成绩审核意见"), h("dd", null, p.scoreReviewComment)] : null,
    h("dt", null, "培训机构"), h("dd", null, p.orgName),
    h("dt", null, "班级"), h("dd", null, p.className),
    h("dt", null, "岗位"), h("dd", null, p.postName || postName(p.post)),
    h("dt", null, "考试时间"), h("dd", null, examTime(p)),
    h("dt", null, "考试地点"), h("dd", null, p.place),
    h("dt", null, "考生人数"), h("dd", null, `${number(p.candidateCount)} 人`),
    h("dt", null, "合格标准"), h("dd", null, `理论 ≥ ${p.passTheory} 分且实操 ≥ ${p.passPractice} 分`),
    Number(p.assessors) ? [h("dt", null, "考评员"), h("dd", null, `${number(p.assessors)} 名（上报时）`)] : null,
    Number(p.enteredCount) ? [h("dt", null, "成绩"), h("dd", null,
      `已录入 ${number(p.enteredCount)} 人：合格 ${number(p.passedCount)}，不合格 ${number(p.failedCount)}，缺考 ${number(p.absentCount)}`)] : null,
    h("dt", null, "创建时间"), h("dd", null, dateTime(p.createdAtUnix)),
    Number(p.submittedAtUnix) ? [h("dt", null, "上报时间"), h("dd", null, dateTime(p.submittedAtUnix))] : null,
    Number(p.approvedAtUnix) ? [h("dt", null, "审核通过"), h("dd", null, dateTime(p.approvedAtUnix))] : null));
}
