// 签到二维码 (B-2): the page a projector shows at the venue: the rotating QR (the API's SVG as a
// data: image, never as markup), its 8-digit code in very large digits for typing, the class
// and lesson, and a countdown to the next change, when it fetches the new code. 全屏 and a dark
// background for the projector.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { notice } from "/shared/forms.js";
import { APPLY, classPath, lessonTime } from "../class-ui.js";

/** The SVG text as a data: URL (base64 of its UTF-8 bytes). */
function svgDataUrl(svg) {
  const bytes = new TextEncoder().encode(svg);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return "data:image/svg+xml;base64," + btoa(binary);
}

async function render(ctx) {
  const c = await api.get(classPath(ctx.params.id));
  const lesson = (c.lessons || []).find((l) => String(l.id) === ctx.params.lessonId);
  if (!lesson) throw { status: 404, message: "该课程不存在或已被删除" };
  ctx.setTitle(`签到二维码 — ${c.name}`);
  const img = h("img", { class: "venue-qr-img", alt: "签到二维码：请用微信扫一扫签到" });
  const digits = h("div", { class: "venue-code-digits", "aria-live": "polite", "aria-label": "签到码" });
  const countdown = h("div", { class: "venue-countdown", role: "timer" });
  const problem = h("div", { class: "venue-problem" });
  const stage = h("section", { class: ["venue-stage", localStorage.getItem("venue.dark") === "1" && "dark"], "aria-label": "签到二维码" },
    h("div", { class: "venue-title" }, c.name),
    h("div", { class: "venue-lesson" }, `${lesson.content} · ${lessonTime(lesson)} · ${lesson.place}`),
    h("div", { class: "venue-body" },
      h("div", { class: "venue-qr" }, img),
      h("div", { class: "venue-side" },
        h("div", { class: "venue-hint" }, "微信扫码签到，或在“今日课程”中输入签到码"),
        digits, countdown, problem)));

  let offset = 0;      // the server's clock minus ours, estimated from each answer
  let next = 0, timer = 0, fetching = false;
  const serverNow = () => Date.now() / 1000 + offset;
  const tick = () => {
    if (!stage.isConnected) { clearInterval(timer); return; }
    const left = Math.ceil(next - serverNow());
    countdown.textContent = left > 0 ? `${left} 秒后更换` : "正在更换…";
    if (left <= 0) refresh();
  };
  async function refresh() {
    if (fetching || !stage.isConnected) return;
    fetching = true;
    try {
      const v = await api.get(`${classPath(c.id)}/lessons/${lesson.id}/venue-code`);
      const local = Date.now() / 1000;
      if (local < Number(v.validFromUnix) || local >= Number(v.nextChangeUnix)) offset = Number(v.validFromUnix) + 0.5 - local;
      next = Number(v.nextChangeUnix);
      img.src = svgDataUrl(v.svg);
      const code = String(v.code || "");
      replace(digits, h("span", null, code.slice(0, 4)), h("span", null, code.slice(4)));
      replace(problem);
    } catch (err) {
      if (err.status === 401) return;
      next = serverNow() + 5;   // try again shortly; the last code stays up until it works
      replace(problem, notice(`${err.message}（5 秒后重试）`, "error"));
    } finally { fetching = false; }
  }

  const dark = h("button", { type: "button", class: "small", "aria-pressed": String(stage.classList.contains("dark")) }, "深色背景");
  dark.addEventListener("click", () => {
    const on = stage.classList.toggle("dark");
    dark.setAttribute("aria-pressed", String(on));
    localStorage.setItem("venue.dark", on ? "1" : "0");
  });
  const full = h("button", { type: "button", class: "small primary" }, "全屏显示");
  full.addEventListener("click", () => (document.fullscreenElement ? document.exitFullscreen() : stage.requestFullscreen()).catch(() => {}));
  ctx.actions.append(dark, full, h("a", { class: "btn small", href: `#/classes/attendance?classId=${c.id}&lessonId=${lesson.id}` }, "查看考勤"));
  replace(ctx.el, stage);
  await refresh();
  timer = setInterval(tick, 500);
  tick();
}

export default {
  routes: [{ path: "/classes/:id/lessons/:lessonId/qr", title: "签到二维码", parent: "/classes", permission: APPLY, render }],
};
