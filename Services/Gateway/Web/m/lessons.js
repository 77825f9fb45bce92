// What the student's class pages share: the server's clock (the phone's is never trusted), the
// sign-in and sign-out windows of a lesson, a lesson's attendance in words, the hours meter.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { date, time, enumValue } from "/shared/format.js";
import { tag, signInTag } from "/shared/ui.js";

/**
 * GET /api/v1/my-lessons (classId 0: today's lessons of every class) → {lessons, now()} where
 * now() is the server's clock: its nowUnix plus the time elapsed since the answer arrived.
 */
export async function myLessons(classId = 0) {
  const r = await get("/api/v1/my-lessons", { classId: classId || undefined });
  const at = performance.now();
  const server = Number(r.nowUnix) || Date.now() / 1000;
  return { lessons: r.lessons || [], now: () => server + (performance.now() - at) / 1000 };
}

/** Which window a lesson is in at `now`: "sign-in", "sign-out" or "" (neither). */
export function openWindow(l, now) {
  if (now >= Number(l.signInOpensUnix) && now <= Number(l.signInClosesUnix)) return "sign-in";
  if (now >= Number(l.signOutOpensUnix) && now <= Number(l.signOutClosesUnix)) return "sign-out";
  return "";
}

/** Whether the student may sign in / sign out now (the windows and the record so far). */
export function allowed(l, now) {
  const r = l.record;
  const signedIn = Boolean(r && Number(r.signInUnix));
  const rejected = signedIn && enumValue("SignInState", r.state) === "REJECTED";
  return {
    signIn: !signedIn && now >= Number(l.signInOpensUnix) && now <= Number(l.signInClosesUnix),
    signOut: signedIn && !rejected && !Number(r.signOutUnix) && now >= Number(l.signOutOpensUnix) && now <= Number(l.signOutClosesUnix),
  };
}

/** "08:00–08:45" of a window. */
export function span(from, to) {
  return `${time(from)}–${time(to)}`;
}

/** The lesson's time: "03-07 08:30–11:30" (today: "今天 08:30–11:30"). */
export function lessonWhen(lesson, now) {
  const day = date(lesson.startUnix);
  return `${day === date(now) ? "今天" : day} ${span(lesson.startUnix, lesson.endUnix)}`;
}

/** The attendance of one lesson in words, as tags: 已计学时, 已签到 / 待审核 / 已驳回, 未签退, 未签到. */
export function attendanceTags(l) {
  const r = l.record;
  if (!r || !Number(r.signInUnix)) return [signInTag(r)];
  return [
    r.credited ? tag(`已计 ${l.lesson.hours} 学时`, "success") : signInTag(r),
    !Number(r.signOutUnix) ? tag("未签退", "muted") : null,
  ];
}

/** The hours meter: credited of required, in tenths (the m-meter classes). */
export function hoursMeter(credited, required) {
  const pct = required ? Math.min(100, Math.round((Number(credited) / Number(required)) * 10) * 10) : 0;
  return h("div", { class: `m-meter w${pct}`, role: "img", "aria-label": `已获 ${credited} 学时，共需 ${required} 学时` }, h("span"));
}
