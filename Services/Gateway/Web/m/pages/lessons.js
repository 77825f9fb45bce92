// 今日课程 (CL-5): today's lessons of every class (GET /api/v1/my-lessons), each with its time,
// place, sign-in and sign-out windows and what was recorded so far; 签到 and 签退 are enabled
// by the windows against the server's clock, re-checked every second.
import { h } from "/shared/dom.js";
import { href } from "/shared/router.js";
import { notice } from "/shared/forms.js";
import { myLessons, allowed, span, lessonWhen, attendanceTags } from "../lessons.js";

function lessonCard(l, now) {
  const go = (path) => () => { location.hash = href(path, { class: l.classId, lesson: l.lesson.id }); };
  const signIn = h("button", { type: "button", class: "primary", onclick: go("/sign-in") }, "签到");
  const signOut = h("button", { type: "button", onclick: go("/sign-out") }, "签退");
  const hint = h("p", { class: "m-window-hint", "aria-live": "polite" });
  const r = l.record;
  const card = h("article", { class: "m-item m-lesson", "aria-label": l.lesson.content },
    h("h3", null, h("span", null, l.lesson.content), h("span", { class: "m-tags" }, attendanceTags(l))),
    h("p", null, l.className),
    h("p", null, `上课时间：${lessonWhen(l.lesson, now())}`),
    h("p", null, `上课地点：${l.lesson.place}${l.venue && l.venue.name ? `（${l.venue.name}）` : ""}`),
    h("p", null, `授课教师：${l.lesson.teacherName || "—"}`),
    h("dl", { class: "m-windows" },
      h("dt", null, "签到时段"), h("dd", null, span(l.signInOpensUnix, l.signInClosesUnix)),
      h("dt", null, "签退时段"), h("dd", null, span(l.signOutOpensUnix, l.signOutClosesUnix))),
    r && (r.flagLabels || []).length ? h("div", { class: "m-reason" }, "待审核原因：" + r.flagLabels.join("；")) : null,
    r && r.reviewReason ? h("div", { class: "m-reason" }, "审核意见：" + r.reviewReason) : null,
    hint,
    h("div", { class: "m-actions row" }, signIn, signOut));
  const update = () => {
    const t = now();
    const may = allowed(l, t);
    signIn.disabled = !may.signIn;
    signOut.disabled = !may.signOut;
    const signedIn = Boolean(r && Number(r.signInUnix));
    hint.textContent = may.signIn || may.signOut ? "" :
      !signedIn && t < Number(l.signInOpensUnix) ? `签到将于 ${span(l.signInOpensUnix, l.signInClosesUnix).split("–")[0]} 开放` :
      !signedIn && t > Number(l.signInClosesUnix) ? "签到时段已过，如确已到课请联系培训机构" :
      signedIn && !Number(r.signOutUnix) && t < Number(l.signOutOpensUnix) ? `签退将于 ${span(l.signOutOpensUnix, l.signOutClosesUnix).split("–")[0]} 开放` :
      signedIn && !Number(r.signOutUnix) && t > Number(l.signOutClosesUnix) ? "签退时段已过" : "";
  };
  update();
  return { card, update };
}

export default async function render(ctx) {
  const { lessons, now } = await myLessons(0);
  if (!lessons.length) {
    return [h("div", { class: "m-item empty" }, "今天没有课程"),
      h("a", { class: "btn block", href: "#/classes" }, "查看我的班级")];
  }
  const cards = lessons.map((l) => lessonCard(l, now));
  const timer = setInterval(() => {
    if (!ctx.alive()) { clearInterval(timer); return; }
    for (const c of cards) c.update();
  }, 1000);
  return [
    notice("签到须在上课地点扫描场地二维码（或输入二维码下方的签到码），并拍摄本人照片；签退同样需扫码。", "info"),
    cards.map((c) => c.card),
  ];
}
