// What several console pages share: permission and action names in Chinese, state tags, the
// organisation subtree (cached per page load), images served by the API.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { label, enumValue } from "/shared/format.js";
import { tag, dialog } from "/shared/ui.js";
import { values, showError, clearErrors, toast } from "/shared/forms.js";

/** Chinese names of the permissions (Shared/CommonRules/Permission.swift). */
export const PERMISSIONS = {
  "account.self": "个人账号（修改密码、阅读公告）",
  "organisation.manage": "机构管理（新增下级机构、上线/下线）",
  "user.manage": "用户管理",
  "role.manage": "角色管理",
  "log.read": "查看操作日志",
  "student.account.manage": "异常学员账号管理",
  "enterprise.review": "企业注册审核",
  "notice.publish": "发布通知公告",
  "enrollment.plan.manage": "报名计划管理",
  "enrollment.review": "报名审核",
  "enrollment.plan.approve": "报名计划审批",
  "class.apply": "开班申请",
  "class.review": "开班审核",
  "assessment.manage": "考核管理",
  "assessment.review": "考核审核",
  "certificate.business.apply": "证书业务申请",
  "certificate.business.review": "证书业务审核",
  "certificate.manage": "证书管理",
};

/** Chinese names of operation-log actions; an unknown action is shown as it is. */
export const ACTIONS = {
  "session.login": "登录", "session.logout": "退出登录", "sms.send": "发送短信验证码",
  "user.create": "新增用户", "user.update": "编辑用户", "user.reset_password": "重置密码", "user.change_password": "修改密码",
  "user.bind_phone": "绑定手机号", "user.unbind_phone": "解绑手机号", "user.grant_super_admin": "设为超级管理员",
  "user.transfer_super_admin": "转让超级管理员", "role.create": "新增角色", "role.update": "修改角色",
  "organisation.create": "新增机构", "organisation.online": "机构上线", "organisation.offline": "机构下线",
  "enterprise.register": "企业注册申请", "enterprise.approve": "企业注册通过", "enterprise.reject": "企业注册驳回",
  "notice.publish": "发布通知公告", "student.register": "学员注册", "student.bind_wechat": "绑定学员微信",
  "plan.create": "新建报名计划", "plan.update": "修改报名计划", "plan.submit": "上报报名计划", "plan.withdraw": "撤回报名计划",
  "plan.accept": "受理报名计划", "plan.approve": "通过报名计划", "plan.reject": "驳回报名计划", "plan.close": "提前结束报名",
  "plan.purge": "报名计划自动删除", "plan.class_application": "提交开班申请",
  "enrollment.submit": "学员报名", "enrollment.resubmit": "修改后重新提交", "enrollment.withdraw": "删除报名",
  "enrollment.approve": "报名审核通过", "enrollment.reject": "报名审核驳回", "enrollment.review": "报名审核",
  "file.upload": "上传文件", "file.expire": "清理未使用的文件", "profile.photo.set": "上传证件照",
  "profile.photo.confirm": "确认照片", "profile.photo.return": "退回照片", "profile.photo.review": "照片审核",
  "teacher.create": "新增师资", "teacher.update": "修改师资", "teacher.photo": "上传师资证书照片",
  "template.create": "新建课程模板", "template.update": "修改课程模板", "template.delete": "删除课程模板",
  "class.create": "创建班级", "class.update": "修改课程表", "class.change_schedule": "调整已通过的课程表", "class.submit": "提交开班申请",
  "class.withdraw": "撤回开班申请", "class.approve": "开班审核通过", "class.reject": "开班审核不通过", "class.delete": "删除班级",
  "class.start": "开始培训", "class.finish": "结束培训", "class.confirm_attendance": "确认考勤", "class.mark_reported": "标记已上报部中心",
  "attendance.sign_in": "学员签到", "attendance.sign_out": "学员签退", "attendance.correct": "修正考勤",
  "attendance.accept": "认可签到", "attendance.reject": "驳回签到",
  "test_plan.create": "新建考核计划", "test_plan.update": "修改考核计划", "test_plan.submit": "上报考核计划",
  "test_plan.withdraw": "撤回考核计划", "test_plan.delete": "删除考核计划", "test_plan.accept": "受理考核计划",
  "test_plan.approve": "考核计划审核通过", "test_plan.reject": "考核计划审核不通过", "test_plan.print": "打印准考证及考务表",
  "scores.import": "导入成绩", "scores.enter": "录入成绩", "scores.report": "上报成绩", "scores.withdraw": "撤回成绩",
  "scores.accept": "受理成绩", "scores.approve": "成绩审核通过", "scores.reject": "成绩审核不通过", "discipline.record": "记录考试纪律",
};

/** A plan's state as users know it: approved plans are 报名中 / 未开始 / 已结束 by their window. */
export function planTag(plan) {
  const v = enumValue("PlanState", plan.state);
  if (v === "APPROVED") {
    const now = Date.now() / 1000;
    if (now < Number(plan.startUnix)) return tag("未开始", "info");
    if (now > Number(plan.endUnix)) return tag(plan.closedEarly ? "已提前结束" : "报名结束", "muted");
    return tag("报名中", "success");
  }
  return tag(label("PlanState", plan.state), { DRAFT: "muted", SUBMITTED: "warning", ACCEPTED: "info", REJECTED: "danger" }[v] || "muted");
}

let orgCache = null;
/** Every organisation in the caller's subtree (one request per page load; reset with fresh=true). */
export async function subtree(fresh = false) {
  if (!orgCache || fresh) orgCache = api.getAll("/api/v1/organisations", {}, "organisations").catch((e) => { orgCache = null; throw e; });
  return orgCache;
}

/** [id, name] pairs of the subtree's organisations (optionally only some kinds), for a select. */
export async function orgChoices(kinds) {
  const orgs = await subtree();
  return orgs.filter((o) => !kinds || kinds.includes(enumValue("OrgKind", o.kind))).map((o) => [String(o.id), o.name]);
}

/** An <img> of an API-served image, with its alt text shown if it cannot be loaded. */
export function apiImage(src, alt) {
  const img = h("img", { src, alt, loading: "lazy" });
  img.addEventListener("error", () => img.replaceWith(h("div", { class: "muted" }, `${alt}：无法显示`)));
  return h("figure", null, h("a", { href: src, target: "_blank", rel: "noopener", title: "在新窗口打开原图" }, img), h("figcaption", null, alt));
}

/** A small button; onclick is wrapped so it cannot run twice at once. */
export function button(text, onClick, kind = "", attrs = {}) {
  const b = h("button", { type: "button", class: ["small", kind], ...attrs }, text);
  b.addEventListener("click", async () => {
    if (b.disabled) return;
    b.disabled = true; b.setAttribute("aria-busy", "true");
    try { await onClick(); } catch (err) { if (err && err.status !== 401) toast((err && err.message) || "操作失败", "error"); }
    finally { b.disabled = false; b.removeAttribute("aria-busy"); }
  });
  return b;
}

/**
 * A dialog holding a form: formDialog(title, [fields], save, {okText}) where save(values, form)
 * sends it; an error is shown at its field and keeps the dialog open. Resolves to save's result,
 * or null when cancelled.
 */
export async function formDialog(title, fields, save, { okText = "保存", danger = false } = {}) {
  const form = h("form", { class: "dialog-form" }, fields);
  let result = null;
  form.addEventListener("submit", (e) => { e.preventDefault(); form.closest("dialog").querySelector(".dialog-foot button:last-child").click(); });
  const v = await dialog(title, form, [{ text: "取消", value: false }, { text: okText, kind: danger ? "danger" : "primary", value: true }], {
    async onButton(value) {
      if (!value) return true;
      clearErrors(form);
      try { result = await save(values(form), form); return result === false ? false : true; }
      catch (err) { if (err && err.status === 401) return true; showError(form, err); return false; }
    },
  });
  return v ? result : null;
}
