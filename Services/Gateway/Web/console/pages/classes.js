// 我的班级 (CL-2, CL-3, CL-5, CL-6): the institution's classes by state; a class's detail with
// its schedule (edited while 草稿 or 未通过), venue, roster with hours and 合格, the review
// timeline, and exactly the actions its state allows. Authorities open the same detail.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, onSubmit, toast, notice, showError } from "/shared/forms.js";
import { dateTime, enumValue, options, number } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { table, tag, classTag } from "/shared/ui.js";
import { listPage } from "../list.js";
import { button } from "../common.js";
import { APPLY, REVIEW, classPath, teacherChoices, timeline, hoursSummary, lessonTime } from "../class-ui.js";
import { lessonEditor } from "../lessons.js";
import { ACTION_TEXT, actOnClass } from "../class-actions.js";
import { venueFields, readVenue } from "../venue.js";

function list(ctx) {
  const mine = ctx.can(APPLY);
  if (mine) ctx.actions.append(h("a", { class: "btn primary", href: "#/classes/new" }, "开班申请"));
  listPage(ctx, {
    filters: [
      input("班级名称", "name", { maxlength: "50" }),
      select("状态", "state", options("ClassState"), { empty: "全部" }),
    ],
    load: (q) => api.get("/api/v1/classes", q), key: "classes",
    empty: mine ? "还没有班级。报名结束后，点击“开班申请”创建班级" : "没有符合条件的班级",
    columns: [
      { title: "班级名称", cell: (c) => h("a", { href: `#/classes/${c.id}` }, c.name) },
      mine ? null : { title: "培训机构", cell: (c) => c.orgName },
      { title: "报名计划", cell: (c) => c.planName },
      { title: "岗位", cell: (c) => postName(c.post) },
      { title: "学员数", cell: (c) => number(c.studentCount), class: "num" },
      { title: "学时（已排/规定）", cell: (c) => `${number(c.scheduledHours)} / ${number(c.requiredHours)}`, class: "num nowrap" },
      { title: "状态", cell: (c) => [classTag(c.state), Number(c.pendingReviews) ? h("div", null, tag(`${c.pendingReviews} 条签到待审核`, "warning")) : null] },
      { title: "创建时间", cell: (c) => dateTime(c.createdAtUnix), class: "nowrap" },
      { title: "操作", cell: (c) => h("a", { class: "btn small", href: `#/classes/${c.id}` }, "查看") },
    ].filter(Boolean),
  });
}

// What each state allows the institution (CL-3), in the order the buttons are shown.
const INSTITUTION_ACTIONS = {
  DRAFT: ["submit", "delete"], REJECTED: ["submit"], SUBMITTED: ["withdraw"],
  APPROVED: ["start"], IN_TRAINING: ["finish"], FINISHED: ["confirm_attendance"],
};

function actionsFor(ctx, c) {
  const s = enumValue("ClassState", c.state);
  const mine = ctx.can(APPLY) && c.orgId === ctx.me.organisation.id;
  const names = [];
  if (mine) names.push(...(INSTITUTION_ACTIONS[s] || []).filter((a) => a !== "confirm_attendance" || !Number(c.attendanceConfirmedUnix)));
  if (ctx.can(REVIEW) && !mine && s === "SUBMITTED" && c.reviewerOrgId === ctx.me.organisation.id) names.push("approve", "reject");
  if (ctx.can(REVIEW) && enumValue("OrgKind", ctx.me.organisation.kind) === "PROVINCE" && s === "FINISHED"
    && Number(c.attendanceConfirmedUnix) && !Number(c.reportedUnix)) names.push("mark_reported");
  return names;
}

function facts(c) {
  const v = c.venue || {};
  const s = enumValue("ClassState", c.state);
  return h("section", { class: "card" }, h("dl", { class: "details" },
    h("dt", null, "状态"), h("dd", null, classTag(c.state), Number(c.attendanceConfirmedUnix) ? [" ", tag("考勤已确认", "success")] : null,
      Number(c.reportedUnix) ? [" ", tag("已上报部中心", "info")] : null),
    c.reviewComment ? [h("dt", null, s === "REJECTED" ? "不通过原因" : "审核意见"), h("dd", null, c.reviewComment)] : null,
    h("dt", null, "培训机构"), h("dd", null, c.orgName),
    h("dt", null, "报名计划"), h("dd", null, c.planName),
    h("dt", null, "岗位"), h("dd", null, postName(c.post)),
    h("dt", null, "学员人数"), h("dd", null, `${number(c.studentCount)} 人`),
    h("dt", null, "学时"), h("dd", null, hoursSummary(c)),
    h("dt", null, "培训场地"), h("dd", null, [v.name, v.address].filter(Boolean).join("，") || "—",
      v.latitude ? h("div", { class: "muted" }, `坐标 ${Number(v.latitude).toFixed(6)}, ${Number(v.longitude).toFixed(6)}（WGS-84），签到范围 ${v.radiusMeters} 米`) : null),
    s === "DRAFT" || s === "REJECTED" ? [h("dt", null, "提交期限"), h("dd", null, `请于 ${dateTime(c.submissionDeadlineUnix)} 前提交开班申请`)] : null,
    h("dt", null, "最早开训"), h("dd", null, `${dateTime(c.earliestStartUnix)}（开班计划创建 7 日后）`),
    h("dt", null, "创建时间"), h("dd", null, dateTime(c.createdAtUnix)),
    Number(c.submittedAtUnix) ? [h("dt", null, "提交时间"), h("dd", null, dateTime(c.submittedAtUnix))] : null,
    Number(c.reviewedAtUnix) ? [h("dt", null, "审核时间"), h("dd", null, dateTime(c.reviewedAtUnix))] : null,
    Number(c.attendanceConfirmedUnix) ? [h("dt", null, "确认考勤"), h("dd", null, dateTime(c.attendanceConfirmedUnix))] : null,
    Number(c.pendingReviews) ? [h("dt", null, "签到待审核"), h("dd", null, h("a", { href: `#/classes/sign-in-review?classId=${c.id}` }, `${c.pendingReviews} 条，去审核 →`))] : null));
}

// The schedule while it may change: name, venue and lessons in one form (PUT /classes/{id}).
async function scheduleForm(ctx, c, reload) {
  const teachers = await teacherChoices();
  const editor = lessonEditor({ lessons: c.lessons || [], teachers, mode: "class" });
  const form = h("form", { class: "card", "aria-label": "编辑课程表" },
    h("h2", null, "课程表"),
    h("p", { class: "muted" }, `课程学时合计须达到该岗位规定的 ${c.requiredHours} 学时；首节课不得早于 ${dateTime(c.earliestStartUnix)}。`),
    editor.el,
    h("h2", null, "班级与场地"),
    h("div", { class: "form-grid" }, input("班级名称", "name", { maxlength: "100", value: c.name }, { required: true, wide: true }), venueFields(c.venue)),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "保存课程表")));
  onSubmit(form, async (v) => {
    let body;
    try { body = { name: v.name, venue: readVenue(v), lessons: editor.read() }; } catch (err) { return showError(form, err); }
    await api.put(classPath(c.id), body);
    toast("课程表已保存");
    await reload();
  });
  return form;
}

function scheduleTable(c) {
  const s = enumValue("ClassState", c.state);
  const live = s === "APPROVED" || s === "IN_TRAINING" || s === "FINISHED";
  return h("section", { class: "card" }, h("h2", null, "课程表"),
    table([
      { title: "课程内容", cell: (l) => l.content },
      { title: "授课教师", cell: (l) => l.teacherName || "—" },
      { title: "上课时间", cell: (l) => lessonTime(l), class: "nowrap" },
      { title: "上课地点", cell: (l) => l.place },
      { title: "学时", cell: (l) => number(l.hours), class: "num" },
      live ? { title: "考勤", cell: (l) => h("div", { class: "actions" },
        h("a", { class: "btn small", href: `#/classes/attendance?classId=${c.id}&lessonId=${l.id}` }, "考勤"),
        s !== "FINISHED" ? h("a", { class: "btn small", href: `#/classes/${c.id}/lessons/${l.id}/qr` }, "签到二维码") : null) } : null,
    ].filter(Boolean), c.lessons || [], { empty: "尚未编排课程", caption: "课程表" }));
}

async function roster(c) {
  const students = await api.getAll(`${classPath(c.id)}/students`, {}, "students", 1000);
  return h("section", { class: "card" }, h("h2", null, `学员名单（${students.length} 人）`),
    table([
      { title: "姓名", cell: (x) => x.name },
      { title: "身份证号", cell: (x) => x.idNumber, class: "nowrap" },
      { title: "已获学时", cell: (x) => `${number(x.creditedHours)} / ${number(c.requiredHours)}`, class: "num nowrap" },
      { title: "出勤课次", cell: (x) => `${number(x.attendedLessons)} / ${number((c.lessons || []).length)}`, class: "num" },
      { title: "学时情况", cell: (x) => [x.eligible ? tag("合格", "success") : tag("学时未满", "muted"), x.reported ? [" ", tag("已上报", "info")] : null] },
    ], students, { empty: "暂无学员（报名审核通过的学员自动进入名单）", caption: "学员名单" }));
}

async function detail(ctx) {
  const reload = () => detail(ctx);
  const c = await api.get(classPath(ctx.params.id));
  ctx.setTitle(c.name);
  const s = enumValue("ClassState", c.state);
  const mine = ctx.can(APPLY) && c.orgId === ctx.me.organisation.id;
  const buttons = actionsFor(ctx, c).map((a) => button(ACTION_TEXT[a].text, async () => {
    if (!(await actOnClass(c, a))) return;
    if (a === "delete") ctx.go("/classes"); else await reload();
  }, ACTION_TEXT[a].kind || ""));
  const editable = mine && (s === "DRAFT" || s === "REJECTED");
  const [schedule, students] = await Promise.all([
    editable ? scheduleForm(ctx, c, reload) : scheduleTable(c),
    roster(c).catch((err) => h("section", { class: "card" }, h("h2", null, "学员名单"), notice(err.message, "error"))),
  ]);
  replace(ctx.el,
    ctx.query.created && s === "DRAFT" ? notice("班级已创建（草稿）。请核对课程表，学时达到要求后提交开班申请。", "success") : null,
    s === "REJECTED" && mine ? notice(`开班申请未通过：${c.reviewComment || "未说明原因"}。请修改后重新提交。`, "error") : null,
    facts(c),
    buttons.length ? h("div", { class: "actions review-actions" }, buttons) : null,
    schedule, students,
    h("section", { class: "card" }, h("h2", null, "审核记录"), timeline(c.timeline)));
}

export default {
  menu: { group: "classes", title: "我的班级", order: 40, permission: APPLY },
  routes: [
    // Authorities open the list too (from a class's breadcrumbs); their menu has 开班审核.
    { path: "/classes", title: "我的班级", permission: [APPLY, REVIEW], render: list },
    { path: "/classes/:id", title: "班级详情", parent: "/classes", permission: [APPLY, REVIEW], render: detail },
  ],
};
