// 考勤 (CL-5, B-2): per lesson of a class, the counts (roster, signed in, signed out, pending)
// and one record per student (times, state, flags, distance, photo); a manual correction with
// its reason. While the lesson is on, the page refreshes every 10 s.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { field, toast, notice } from "/shared/forms.js";
import { dateTime, time, enumValue, dateTimeInputValue, unixFromDateTimeInput, number } from "/shared/format.js";
import { table, tag } from "/shared/ui.js";
import { button, formDialog } from "../common.js";
import { APPLY, REVIEW, classPath, lessonTime, signInPhoto, recordState } from "../class-ui.js";

const REFRESH_MS = 10000;
const LIVE_MARGIN = 3600;   // the hour before and after a lesson: sign-in and sign-out windows

async function classesWithLessons() {
  const all = await api.getAll("/api/v1/classes", {}, "classes", 500);
  return all.filter((c) => ["APPROVED", "IN_TRAINING", "FINISHED"].includes(enumValue("ClassState", c.state)));
}

async function allRecords(c, lessonId) {
  let pageToken = "", first = null;
  const records = [];
  do {
    const r = await api.get(`${classPath(c.id)}/lessons/${lessonId}/attendance`, { pageSize: 100, pageToken });
    first ||= r;
    records.push(...(r.records || []));
    pageToken = (r.page && r.page.nextPageToken) || "";
  } while (pageToken && records.length < 2000);
  return { ...first, records };
}

function correct(c, lessonId, r, reload) {
  return async () => {
    const done = await formDialog(`修正考勤 — ${r.studentName}`, [
      h("p", { class: "muted" }, "修正后的时间按课程的签到、签退时段计算学时。请如实填写修正原因，系统将记录操作人。"),
      field("签到时间", h("input", { type: "datetime-local", name: "signIn", value: dateTimeInputValue(r.signInUnix) }), { hint: "留空表示未签到" }),
      field("签退时间", h("input", { type: "datetime-local", name: "signOut", value: dateTimeInputValue(r.signOutUnix) }), { hint: "留空表示未签退" }),
      field("修正原因", h("textarea", { name: "reason", maxlength: "200" }), { required: true, hint: "例如：学员手机故障，经授课教师确认到课" }),
    ], (v) => {
      if (!v.reason) throw { message: "请填写修正原因", fields: [{ field: "reason", message: "请填写修正原因" }] };
      return api.post(`${classPath(c.id)}/lessons/${lessonId}/corrections`, {
        studentUserId: r.studentUserId, signInUnix: unixFromDateTimeInput(v.signIn), signOutUnix: unixFromDateTimeInput(v.signOut), reason: v.reason,
      });
    }, { okText: "保存修正" });
    if (done) { toast("考勤已修正"); await reload(); }
  };
}

function counts(c, a) {
  const box = (n, what, kind) => h("div", { class: ["tile", "static", kind] }, h("div", { class: "count" }, number(n)), h("div", { class: "what" }, what));
  return h("div", { class: "tiles attendance-counts" },
    box(a.roster, "应到人数"), box(a.signedIn, "已签到"), box(a.signedOut, "已签退"),
    Number(a.pending) ? h("a", { class: "tile warn", href: `#/classes/sign-in-review?classId=${c.id}`, title: "去签到审核" },
      h("div", { class: "count" }, number(a.pending)), h("div", { class: "what" }, "待审核 →")) : box(0, "待审核"));
}

async function showLesson(ctx, c, lessonId, slot) {
  const lesson = (c.lessons || []).find((l) => String(l.id) === String(lessonId));
  const canFix = ctx.can(APPLY) && c.orgId === ctx.me.organisation.id && !Number(c.attendanceConfirmedUnix);
  const now = Date.now() / 1000;
  const live = lesson && now >= Number(lesson.startUnix) - LIVE_MARGIN && now <= Number(lesson.endUnix) + LIVE_MARGIN;
  const stamp = h("span", { class: "muted" });
  const body = h("div");
  const reload = async () => {
    const a = await allRecords(c, lessonId);
    stamp.textContent = `更新于 ${time(Date.now() / 1000)}${live ? "，每 10 秒自动刷新" : ""}`;
    replace(body, counts(c, a), table([
      { title: "姓名", cell: (r) => r.studentName, class: "nowrap" },
      { title: "身份证号", cell: (r) => r.idNumber, class: "nowrap" },
      { title: "签到时间", cell: (r) => Number(r.signInUnix) ? dateTime(r.signInUnix) : "—", class: "nowrap" },
      { title: "签退时间", cell: (r) => Number(r.signOutUnix) ? dateTime(r.signOutUnix) : "—", class: "nowrap" },
      { title: "状态", cell: (r) => recordState(r) },
      { title: "照片", cell: (r) => signInPhoto(r) },
      { title: "学时", cell: (r) => r.credited && lesson ? tag(`${lesson.hours} 学时`, "success") : "—" },
      canFix ? { title: "操作", cell: (r) => button("修正", correct(c, lessonId, r, reload)) } : null,
    ].filter(Boolean), a.records, { empty: Number(a.roster) ? "本节课尚无签到记录" : "本班暂无学员", caption: "考勤记录" }));
  };
  replace(slot, h("section", { class: "card" },
    h("div", { class: "card-head" }, h("h2", null, lesson ? `${lesson.content}（${lessonTime(lesson)}，${lesson.place}）` : "课程"),
      h("div", { class: "actions" }, stamp, live && enumValue("ClassState", c.state) !== "FINISHED" && ctx.can(APPLY)
        ? h("a", { class: "btn small", href: `#/classes/${c.id}/lessons/${lessonId}/qr` }, "签到二维码") : null,
        button("刷新", () => reload()))),
    Number(c.attendanceConfirmedUnix) ? notice(`考勤已于 ${dateTime(c.attendanceConfirmedUnix)} 确认，不能再修正。`, "info") : null,
    body));
  await reload();
  if (live) {
    const timer = setInterval(() => {
      if (!slot.isConnected) { clearInterval(timer); return; }
      reload().catch(() => { /* the next tick tries again */ });
    }, REFRESH_MS);
  }
}

async function render(ctx) {
  // Opened from a class (?classId=): that class even when the list of classes cannot be read.
  const [listed, asked] = await Promise.all([
    ctx.query.classId ? classesWithLessons().catch(() => []) : classesWithLessons(),
    ctx.query.classId ? api.get(classPath(ctx.query.classId)) : null,
  ]);
  const classes = asked && !listed.some((x) => x.id === asked.id) ? [asked, ...listed] : listed;
  if (!classes.length) {
    replace(ctx.el, h("div", { class: "card empty" }, h("p", null, "没有已通过审核的班级。开班申请通过后，可在这里查看每节课的签到情况。")));
    return;
  }
  const c = asked || await api.get(classPath(classes[0].id));
  const lessons = c.lessons || [];
  const now = Date.now() / 1000;
  const current = lessons.find((l) => String(l.id) === ctx.query.lessonId)
    || lessons.find((l) => Number(l.endUnix) + LIVE_MARGIN >= now) || lessons[lessons.length - 1];
  const pick = h("form", { class: "filters lesson-pick", role: "search", "aria-label": "选择课程" },
    field("班级", h("select", { name: "classId" }, classes.map((x) => h("option", { value: String(x.id), selected: x.id === c.id }, x.name)))),
    field("课程", h("select", { name: "lessonId" }, lessons.map((l) => h("option", { value: String(l.id), selected: current && l.id === current.id }, `${lessonTime(l)} ${l.content}`)))));
  pick.addEventListener("change", (e) => ctx.setQuery({ classId: pick.elements.classId.value, lessonId: e.target.name === "lessonId" ? pick.elements.lessonId.value : "" }));
  const slot = h("div");
  replace(ctx.el, pick, slot);
  if (!current) { replace(slot, h("div", { class: "card empty" }, "该班级尚未编排课程")); return; }
  await showLesson(ctx, c, current.id, slot);
}

export default {
  menu: { group: "classes", title: "考勤", order: 60, permission: [APPLY, REVIEW] },
  routes: [{ path: "/classes/attendance", title: "考勤", render }],
};
