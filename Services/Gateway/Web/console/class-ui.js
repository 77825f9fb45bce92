// What the classes pages share (CL-1 … CL-6, B-2): permission names, the teacher choices, the
// review timeline, attendance records with their photo and flags, the hours summary.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { dateTime, time, label, enumValue, number } from "/shared/format.js";
import { tag, signInTag } from "/shared/ui.js";

/** The institution's permission (templates, teachers, classes, attendance). */
export const APPLY = "class.apply";
/** The authorities' permission (class review; reading classes, teachers and attendance). */
export const REVIEW = "class.review";

/** The API's path of one class. */
export const classPath = (id) => `/api/v1/classes/${id}`;

/** [id, "name（role）"] of the institution's active teachers (roles: TeacherRole short names to keep). */
export async function teacherChoices(roles) {
  const all = await api.getAll("/api/v1/teachers", { activeOnly: true }, "teachers", 500);
  return all.filter((t) => !roles || roles.includes(enumValue("TeacherRole", t.role)))
    .map((t) => [String(t.id), `${t.name}（${label("TeacherRole", t.role)}）`]);
}

const EVENTS = { submit: "提交开班申请", withdraw: "撤回申请", accept: "受理", approve: "审核通过", reject: "审核未通过", remind: "催办" };
const LEVELS = { city: "市级主管部门", province: "省级主管部门" };

/** The review timeline (B-6) as an ordered list: when, who, what, the reason; `names` gives
 * the steps' words where they are not a class application's (test plans, score reports). */
export function timeline(events, names = {}) {
  if (!events || !events.length) return h("p", { class: "muted" }, "尚无审核记录");
  return h("ol", { class: "timeline" }, events.map((e) => h("li", { class: `timeline-${e.action}` },
    h("div", { class: "timeline-head" },
      h("strong", null, names[e.action] || EVENTS[e.action] || e.action),
      h("span", { class: "muted" }, [e.actorName, LEVELS[e.level]].filter(Boolean).join(" · ")),
      h("time", { class: "muted nowrap" }, dateTime(e.atUnix))),
    e.reason ? h("div", { class: "timeline-reason" }, (e.action === "reject" ? "原因：" : "意见：") + e.reason) : null)));
}

/** "已排 32 / 规定 32 学时" with a warning tag when the schedule is short. */
export function hoursSummary(c) {
  const short = Number(c.scheduledHours) < Number(c.requiredHours);
  return h("span", null, `已排 ${number(c.scheduledHours)} / 规定 ${number(c.requiredHours)} 学时 `,
    short ? tag(`还差 ${Number(c.requiredHours) - Number(c.scheduledHours)} 学时`, "warning") : tag("学时已排满", "success"));
}

/** A lesson's time: "2026-03-07 08:30–11:30". */
export function lessonTime(lesson) {
  return `${dateTime(lesson.startUnix)}–${time(lesson.endUnix)}`;
}

/** The sign-in photo of a record (GET /api/v1/sign-ins/{id}/photo, the session cookie), or "无照片". */
export function signInPhoto(record) {
  if (!record.hasPhoto) return h("span", { class: "muted" }, "无照片");
  const src = `/api/v1/sign-ins/${record.id}/photo`;
  const img = h("img", { src, alt: `${record.studentName}的签到照片`, loading: "lazy" });
  img.addEventListener("error", () => img.replaceWith(h("span", { class: "muted" }, "照片无法显示")));
  return h("a", { class: "photo-cell", href: src, target: "_blank", rel: "noopener", title: "在新窗口打开原图" }, img);
}

/** The record's state tag with its flags in Chinese and the reasons given. */
export function recordState(r) {
  const distance = Number(r.distanceMeters);
  return [
    signInTag(r),
    Number(r.signInUnix) && !r.credited && enumValue("SignInState", r.state) === "ACCEPTED" ? h("div", { class: "muted" }, "尚未计学时") : null,
    (r.flagLabels || []).length ? h("div", { class: "flags" }, r.flagLabels.map((f) => tag(f, "warning"))) : null,
    Number(r.signInUnix) && distance >= 0 ? h("div", { class: "muted" }, `距场地 ${Math.round(distance)} 米`) : null,
    r.reviewReason ? h("div", { class: "muted" }, "审核意见：" + r.reviewReason) : null,
    r.correctionReason ? h("div", { class: "muted" }, "人工修正：" + r.correctionReason) : null,
  ];
}
