// A class's actions (CL-3): each one's button text, its confirmation and, for reviews, the
// comment (required to reject); posted to POST /api/v1/classes/{id}/actions.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, toast } from "/shared/forms.js";
import { formDialog } from "./common.js";
import { classPath } from "./class-ui.js";

/** Per action (the API's name in lower case): button text, dialog title and message, comment label. */
export const ACTION_TEXT = {
  submit: { text: "提交开班申请", title: "提交开班申请", message: "提交后由市级主管部门审核，审核期间不能修改课程表。确定提交吗？", okText: "提交", kind: "primary" },
  withdraw: { text: "撤回申请", title: "撤回开班申请", message: "撤回后可修改课程表并重新提交。确定撤回吗？", okText: "撤回" },
  delete: { text: "删除", title: "删除班级", message: "删除后该班级的课程表和场地信息将一并删除，不能恢复。确定删除吗？", okText: "删除", kind: "danger" },
  start: { text: "开始培训", title: "开始培训", message: "开始后学员可按课程表签到、签退。确定开始培训吗？", okText: "开始培训", kind: "primary" },
  finish: { text: "结束培训", title: "结束培训", message: "结束后不能再签到，请确认所有课程均已上完。确定结束培训吗？", okText: "结束培训", kind: "danger" },
  confirm_attendance: { text: "确认考勤", title: "确认考勤", message: "确认后考勤记录将锁定，不能再修正或审核签到，学员学时以此为准，并据此参加考核。确定确认考勤吗？", okText: "确认考勤", kind: "primary" },
  approve: { text: "审核通过", title: "开班审核通过", message: "通过后培训机构可按课程表组织培训。", comment: "审核意见（选填）", okText: "通过", kind: "primary" },
  reject: { text: "审核不通过", title: "开班审核不通过", message: "培训机构修改后可重新提交。", comment: "不通过原因", okText: "不通过", kind: "danger" },
  mark_reported: { text: "标记已上报", title: "标记已上报部中心", message: "将该班级的培训合格人员标记为已推送至部中心管理系统。", okText: "确定", kind: "primary" },
};

/** Opens the action's dialog and posts it; resolves true when done. */
export async function actOnClass(c, action) {
  const a = ACTION_TEXT[action];
  const fields = [h("p", null, a.message)];
  if (a.comment) fields.push(field(a.comment, h("textarea", { name: "comment", maxlength: "500" }), { required: action === "reject" }));
  const done = await formDialog(a.title, fields, (v) => {
    if (action === "reject" && !v.comment) throw { message: "请填写不通过原因", fields: [{ field: "comment", message: "请填写不通过原因" }] };
    return api.post(`${classPath(c.id)}/actions`, { action: "CLASS_ACTION_" + action.toUpperCase(), comment: v.comment || "" });
  }, { okText: a.okText, danger: a.kind === "danger" });
  if (done) toast(`${a.title}：已完成`);
  return Boolean(done);
}
