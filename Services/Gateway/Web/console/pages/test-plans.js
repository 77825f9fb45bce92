// 考核计划 (AS-1, AS-2): the institution's test plans by state; a new plan for a class whose
// attendance is confirmed (time, place, its eligible students as candidates); a plan's detail
// with its candidates (the discipline notes the reviewer needs), the students it left out and
// why, both timelines, the printable sheets once approved, and exactly the actions its state
// allows. Authorities open the same detail from 考核审核.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, onSubmit, notice, toast } from "/shared/forms.js";
import { dateTime, dateTimeInputValue, unixFromDateTimeInput, enumValue, options, number } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { table, testPlanTag, scoreTag, resultTag, points } from "/shared/ui.js";
import { listPage } from "../list.js";
import { button } from "../common.js";
import { timeline } from "../class-ui.js";
import { generateButton } from "./certificates.js";
import { MANAGE, REVIEW, planPath, PLAN_EVENTS, SCORE_EVENTS, ACTIONS, act, examTime, planFacts } from "../assessment-ui.js";

function list(ctx) {
  const mine = ctx.can(MANAGE);
  if (mine) ctx.actions.append(h("a", { class: "btn primary", href: "#/assessment/plans/new" }, "新建考核计划"));
  listPage(ctx, {
    filters: [
      input("计划名称", "name", { maxlength: "50" }),
      select("计划状态", "state", options("TestPlanState"), { empty: "全部" }),
      select("成绩状态", "scoreState", options("ScoreState"), { empty: "全部" }),
    ],
    load: (q) => api.get("/api/v1/test-plans", q), key: "testPlans",
    empty: mine ? "还没有考核计划。班级确认考勤后，点击“新建考核计划”" : "没有符合条件的考核计划",
    columns: [
      { title: "考核计划", cell: (p) => h("a", { href: `#/assessment/plans/${p.id}` }, p.name) },
      mine ? null : { title: "培训机构", cell: (p) => p.orgName },
      { title: "班级", cell: (p) => p.className },
      { title: "岗位", cell: (p) => p.postName || postName(p.post) },
      { title: "考试时间", cell: (p) => examTime(p), class: "nowrap" },
      { title: "考生", cell: (p) => number(p.candidateCount), class: "num" },
      { title: "计划状态", cell: (p) => testPlanTag(p.state) },
      { title: "成绩状态", cell: (p) => scoreTag(p.scoreState) },
      { title: "操作", cell: (p) => h("a", { class: "btn small", href: `#/assessment/plans/${p.id}` }, "查看") },
    ].filter(Boolean),
  });
}

/** The time, place and name fields, filled from plan `p` when editing. */
function planFields(p = {}) {
  return [
    input("考核计划名称", "name", { maxlength: "100", value: p.name || "" }, { required: true, wide: true }),
    input("考试开始时间", "examStart", { type: "datetime-local", value: dateTimeInputValue(p.examStartUnix) }, { required: true }),
    input("考试结束时间", "examEnd", { type: "datetime-local", value: dateTimeInputValue(p.examEndUnix) }, { required: true }),
    input("考试地点", "place", { maxlength: "200", value: p.place || "" }, { required: true, wide: true, hint: "写明考点地址和考场，准考证上打印此地址" }),
  ];
}

const planBody = (v) => ({ name: v.name, place: v.place, examStartUnix: unixFromDateTimeInput(v.examStart), examEndUnix: unixFromDateTimeInput(v.examEnd) });

async function create(ctx) {
  const classes = (await api.getAll("/api/v1/classes", { state: "finished" }, "classes", 500)).filter((c) => Number(c.attendanceConfirmedUnix));
  if (!classes.length) {
    replace(ctx.el, h("div", { class: "card empty" },
      h("p", null, "没有可以组织考核的班级。班级结束培训并确认考勤后，学时合格的学员才能参加考核。"),
      h("a", { class: "btn primary", href: "#/classes" }, "查看我的班级")));
    return;
  }
  const form = h("form", { class: "card", "aria-label": "新建考核计划" },
    notice("考生为班级中学时合格的学员；违纪禁考或缺考次数超限的学员不列入，计划详情中列出原因。考试须在上报审核之后举行。", "info"),
    h("div", { class: "form-grid" },
      select("班级", "classId", classes.map((c) => [String(c.id), `${c.name}（${postName(c.post)}，${number(c.studentCount)} 人）`]),
        { value: ctx.query.classId || "", empty: "请选择", required: true, wide: true }),
      planFields()),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "保存考核计划"), h("a", { class: "btn", href: "#/assessment/plans" }, "取消")));
  onSubmit(form, async (v) => {
    const p = await api.post("/api/v1/test-plans", { classId: Number(v.classId), ...planBody(v) });
    toast("考核计划已保存（未上报）");
    ctx.go(`/assessment/plans/${p.id}`);
  });
  replace(ctx.el, form);
}

// What each state allows the institution, in the order the buttons are shown.
const INSTITUTION = { DRAFT: ["submit", "delete"], REJECTED: ["submit"], SUBMITTED: ["withdraw"] };
const INSTITUTION_SCORES = { NOT_REPORTED: ["scores_report"], NOT_APPROVED: ["scores_report"], REPORTED: ["scores_withdraw"] };

function actionsFor(ctx, p) {
  const s = enumValue("TestPlanState", p.state), sc = enumValue("ScoreState", p.scoreState);
  const mine = ctx.can(MANAGE) && p.orgId === ctx.me.organisation.id;
  const atMyStop = ctx.can(REVIEW) && !mine && p.reviewerOrgId === ctx.me.organisation.id;
  const names = [];
  if (mine) names.push(...(INSTITUTION[s] || []));
  if (mine && s === "APPROVED") names.push(...(INSTITUTION_SCORES[sc] || []).filter((a) => a !== "scores_report" || Number(p.enteredCount) === Number(p.candidateCount)));
  if (atMyStop && s === "SUBMITTED") names.push("accept");
  if (atMyStop && s === "ACCEPTED") names.push("approve", "reject");
  if (atMyStop && s === "APPROVED" && sc === "REPORTED") names.push("scores_accept");
  if (atMyStop && s === "APPROVED" && sc === "ACCEPTED") names.push("scores_approve", "scores_reject");
  return names;
}

function candidateTable(c, approved) {
  return table([
    { title: "座位号", cell: (x) => number(x.seat), class: "num" },
    approved ? { title: "准考证号", cell: (x) => x.ticketNumber, class: "nowrap" } : null,
    { title: "姓名", cell: (x) => x.name },
    { title: "身份证号", cell: (x) => x.idNumber, class: "nowrap" },
    approved ? { title: "理论", cell: (x) => enumValue("Sitting", x.sitting) === "PRESENT" ? points(x.theoryTenths) : "—", class: "num" } : null,
    approved ? { title: "实操", cell: (x) => enumValue("Sitting", x.sitting) === "PRESENT" ? points(x.practiceTenths) : "—", class: "num" } : null,
    approved ? { title: "结果", cell: (x) => resultTag(x.result) } : null,
    { title: "考试纪律", cell: (x) => x.disciplineNote || h("span", { class: "muted" }, "无记录") },
  ].filter(Boolean), c, { empty: "暂无考生", caption: "考生名单" });
}

async function candidates(p) {
  const approved = enumValue("TestPlanState", p.state) === "APPROVED";
  const all = await api.getAll(`${planPath(p.id)}/candidates`, {}, "candidates", 1000);
  return h("section", { class: "card" }, h("h2", null, `考生名单（${number(p.candidateCount)} 人）`),
    all.length < Number(p.candidateCount) ? h("p", { class: "muted" }, `显示前 ${all.length} 人`) : null,
    candidateTable(all, approved));
}

function excludedSection(p) {
  if (!(p.excluded || []).length) return null;
  return h("section", { class: "card" }, h("h2", null, `未列入考生的学员（${p.excluded.length} 人）`),
    table([
      { title: "姓名", cell: (x) => x.name },
      { title: "身份证号", cell: (x) => x.idNumber, class: "nowrap" },
      { title: "原因", cell: (x) => x.reason },
    ], p.excluded, { caption: "未列入考生的学员" }));
}

function editForm(p, reload) {
  const refresh = h("label", { class: "check" }, h("input", { type: "checkbox", name: "refresh" }), "重新读取班级的合格学员（考生名单按最新情况重排）");
  const form = h("form", { class: "card", "aria-label": "修改考核计划" }, h("h2", null, "修改考核计划"),
    h("div", { class: "form-grid" }, planFields(p)), refresh,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "保存修改")));
  onSubmit(form, async (v) => {
    await api.put(planPath(p.id), { ...planBody(v), refreshCandidates: Boolean(v.refresh) });
    toast("考核计划已保存");
    await reload();
  });
  return form;
}

/** Links to the printable A4 sheets (AS-2). */
function printLinks(p) {
  const link = (sheet, text) => h("a", { class: "btn small", href: `#/assessment/plans/${p.id}/print?sheet=${sheet}` }, text);
  return h("section", { class: "card" }, h("h2", null, "打印"),
    h("p", { class: "muted" }, "按 A4 纸张打印；准考证每页两张，桌贴每页八张。"),
    h("div", { class: "actions" }, link("tickets", "准考证"), link("labels", "桌贴"), link("sign-in", "签到表"), link("summary", "成绩汇总表")));
}

async function detail(ctx) {
  const reload = () => detail(ctx);
  const p = await api.get(planPath(ctx.params.id));
  ctx.setTitle(p.name);
  const s = enumValue("TestPlanState", p.state), sc = enumValue("ScoreState", p.scoreState);
  const mine = ctx.can(MANAGE) && p.orgId === ctx.me.organisation.id;
  const buttons = actionsFor(ctx, p).map((a) => button(ACTIONS[a].text, async () => {
    if (!(await act(p, a))) return;
    if (a === "delete") ctx.go("/assessment/plans"); else await reload();
  }, ACTIONS[a].kind || ""));
  const list = await candidates(p).catch((err) => h("section", { class: "card" }, h("h2", null, "考生名单"), notice(err.message, "error")));
  replace(ctx.el,
    s === "REJECTED" && mine ? notice(`考核计划审核未通过：${p.reviewComment || "未说明原因"}。请修改后重新上报。`, "error") : null,
    sc === "NOT_APPROVED" && mine ? notice(`成绩审核未通过：${p.scoreReviewComment || "未说明原因"}。请更正成绩后重新上报。`, "error") : null,
    mine && s === "APPROVED" && (sc === "NOT_REPORTED" || sc === "NOT_APPROVED") && Number(p.enteredCount) !== Number(p.candidateCount)
      ? notice(`还有 ${number(p.candidateCount - p.enteredCount)} 名考生未录入成绩，全部录入后才能上报。`, "warning") : null,
    planFacts(p),
    buttons.length || s === "APPROVED" ? h("div", { class: "actions review-actions" }, buttons,
      s === "APPROVED" ? h("a", { class: "btn small", href: `#/assessment/plans/${p.id}/scores` }, mine ? "成绩录入与导入" : "查看成绩") : null,
      sc === "APPROVED" ? generateButton(ctx, p, reload) : null,
      sc === "APPROVED" ? h("a", { class: "btn small", href: `#/certificates?testPlanId=${p.id}` }, "查看证书") : null) : null,
    mine && (s === "DRAFT" || s === "REJECTED") ? editForm(p, reload) : null,
    s === "APPROVED" ? printLinks(p) : null,
    list, excludedSection(p),
    h("section", { class: "card" }, h("h2", null, "考核计划审核记录"), timeline(p.timeline, PLAN_EVENTS)),
    s === "APPROVED" ? h("section", { class: "card" }, h("h2", null, "成绩审核记录"), timeline(p.scoreTimeline, SCORE_EVENTS)) : null);
}

export default {
  menu: { group: "assessment", title: "考核计划", order: 10, permission: MANAGE },
  routes: [
    { path: "/assessment/plans", title: "考核计划", permission: [MANAGE, REVIEW], render: list },
    { path: "/assessment/plans/new", title: "新建考核计划", parent: "/assessment/plans", permission: MANAGE, render: create },
    { path: "/assessment/plans/:id", title: "考核计划详情", parent: "/assessment/plans", permission: [MANAGE, REVIEW], render: detail },
  ],
};
