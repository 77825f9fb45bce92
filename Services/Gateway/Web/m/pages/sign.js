// 签到 / 签退 (CL-5, B-2): reached from 今日课程 or from the venue's QR (…/m/#/sign-in?class=…
// &lesson=…&code=…). The 8-digit code (typed, from the QR's address, or read with the camera
// where BarcodeDetector exists), the location (WGS-84 from the Geolocation API; without it the
// sign-in goes to review), for 签到 a photo from the front camera, and this phone's install id.
// The server decides with its own clock; its message and the record's state are shown.
import { post } from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { label, enumValue, time } from "/shared/format.js";
import { notice, showError, clearErrors } from "/shared/forms.js";
import { signInTag } from "/shared/ui.js";
import { href } from "/shared/router.js";
import { card } from "../ui.js";
import { myLessons, span, lessonWhen } from "../lessons.js";
import { deviceId, locate, codeBlock, photoBlock } from "../sign-blocks.js";

function resultCard(r, signOut) {
  const rec = r.record || {};
  const pending = enumValue("SignInState", rec.state) === "PENDING";
  const rejected = enumValue("SignInState", rec.state) === "REJECTED";
  return h("section", { class: "card m-sign-result", role: "status" },
    h("h2", { class: "m-item-head" }, h("span", null, signOut ? "签退结果" : "签到结果"), signInTag(rec)),
    notice(r.message || (pending ? "已提交审核" : signOut ? "签退成功" : "签到成功"), pending ? "warning" : rejected ? "error" : "success"),
    h("dl", { class: "details m-dl" },
      h("dt", null, "课程"), h("dd", null, rec.lessonContent || "—"),
      Number(rec.signInUnix) ? [h("dt", null, "签到时间"), h("dd", null, time(rec.signInUnix))] : null,
      Number(rec.signOutUnix) ? [h("dt", null, "签退时间"), h("dd", null, time(rec.signOutUnix))] : null,
      h("dt", null, "状态"), h("dd", null, label("SignInState", rec.state), rec.credited ? "，已计学时" : ""),
      (rec.flagLabels || []).length ? [h("dt", null, "待审核原因"), h("dd", null, rec.flagLabels.join("；"))] : null),
    pending ? h("p", { class: "muted" }, "培训机构审核通过后计入学时，结果可在“我的学时”中查看。") : null,
    h("div", { class: "m-actions" }, h("a", { class: "btn primary block", href: "#/lessons" }, "返回今日课程"),
      h("a", { class: "btn block", href: href("/hours", { class: rec.classId }) }, "查看我的学时")));
}

export default async function render(ctx) {
  const signOut = ctx.route.path === "/sign-out";
  const what = signOut ? "签退" : "签到";
  const classId = Number(ctx.query.class), lessonId = Number(ctx.query.lesson);
  if (!classId || !lessonId) {
    return [notice(`请从“今日课程”选择课程${what}，或用微信扫一扫场地二维码。`, "info"), h("a", { class: "btn primary block", href: "#/lessons" }, "今日课程")];
  }
  const { lessons, now } = await myLessons(classId);
  const l = lessons.find((x) => Number(x.lesson.id) === lessonId);
  if (!l) return [notice("没有找到这节课。请确认您在该班级的学员名单中，或从“今日课程”进入。", "error"), h("a", { class: "btn block", href: "#/lessons" }, "今日课程")];
  ctx.setTitle(`${what} · ${l.lesson.content}`);

  const code = codeBlock(ctx.query.code, ctx.alive);
  const photo = signOut ? null : photoBlock(ctx.alive);
  const where = h("p", { class: "m-location notice notice-info", "aria-live": "polite" }, "正在获取位置…");
  let position = null;
  const findMe = async () => {
    position = await locate();
    where.textContent = position ? `已获取位置（精度约 ${Math.round(position.accuracy)} 米）`
      : `无法获取位置。请在手机设置中允许微信/浏览器使用定位；未获取位置的${what}将提交培训机构审核。`;
    where.className = `m-location notice notice-${position ? "success" : "warning"}`;
  };
  findMe();
  const retry = h("button", { type: "button", class: "small" }, "重新定位");
  retry.addEventListener("click", () => { where.className = "m-location notice notice-info"; where.textContent = "正在获取位置…"; findMe(); });

  const submit = h("button", { type: "submit", class: "primary block" }, `确认${what}`);
  const form = h("form", { class: "m-sign-form", "aria-label": what },
    card(null,
      h("h2", { class: "m-item-head" }, h("span", null, l.lesson.content)),
      h("dl", { class: "details m-dl" },
        h("dt", null, "班级"), h("dd", null, l.className),
        h("dt", null, "时间"), h("dd", null, lessonWhen(l.lesson, now())),
        h("dt", null, "地点"), h("dd", null, l.lesson.place),
        h("dt", null, `${what}时段`), h("dd", null, signOut ? span(l.signOutOpensUnix, l.signOutClosesUnix) : span(l.signInOpensUnix, l.signInClosesUnix)))),
    card("1. 扫码", code.el),
    card("2. 位置", where, retry),
    photo ? card("3. 拍照", photo.el) : null,
    h("div", { class: "m-actions" }, submit));
  let busy = false;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (busy) return;
    clearErrors(form);
    const venueCode = code.value();
    if (!/^\d{8}$/.test(venueCode)) { showError(form, { message: "请扫描场地二维码或输入8位签到码", fields: [{ field: "venueCode", message: "请输入8位签到码" }] }); return; }
    if (photo && !photo.photo() && !photo.failed()) { showError(form, { message: "请拍摄本人照片", fields: [{ field: "photo", message: "请先打开摄像头拍摄本人照片" }] }); return; }
    busy = true; submit.disabled = true; submit.setAttribute("aria-busy", "true");
    try {
      if (!position) await findMe();
      const body = {
        venueCode, deviceId: deviceId(), hasLocation: Boolean(position),
        latitude: position ? position.latitude : 0, longitude: position ? position.longitude : 0,
        coordinateSystem: "COORDINATE_SYSTEM_WGS84",
      };
      if (photo && photo.photo()) body.photo = photo.photo().base64;
      const r = await post(`/api/v1/classes/${classId}/lessons/${lessonId}/${signOut ? "sign-out" : "sign-in"}`, body);
      code.stopCamera();
      if (photo) photo.stop();
      replace(ctx.view, resultCard(r, signOut));
      window.scrollTo(0, 0);
    } catch (err) {
      if (err && err.status === 401) return;
      showError(form, err);
    } finally { busy = false; submit.disabled = false; submit.removeAttribute("aria-busy"); }
  });
  return [form];
}
