// The parts of the 签到 / 签退 page (pages/sign.js): this phone's install id, its position, the
// venue code (typed, or read from the QR with the rear camera where BarcodeDetector exists) and
// the front camera's photo. Each block stops its camera when the page is left (alive() false).
import { h, replace } from "/shared/dom.js";
import { notice, field } from "/shared/forms.js";
import { canScan, startCamera, stopCamera, snapshot, scanQr, parseVenueUrl } from "./camera.js";

const DEVICE_KEY = "m.deviceId";

/** This phone's install id: a random id kept in localStorage (a new one if storage is cleared). */
export function deviceId() {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) { id = crypto.randomUUID(); localStorage.setItem(DEVICE_KEY, id); }
    return id;
  } catch { return crypto.randomUUID(); }
}

/** The phone's position: {latitude, longitude, accuracy} or null (denied, unavailable, timed out). */
export function locate() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) { resolve(null); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => resolve(null), { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
  });
}

/** The code: a field for the 8 digits and, where the browser reads QR codes, 扫码 → {el, value(), stopCamera()}. */
export function codeBlock(initial, alive) {
  const inputEl = h("input", { name: "venueCode", inputmode: "numeric", pattern: "[0-9]*", maxlength: "8", autocomplete: "off",
    value: initial || "", placeholder: "8位数字" });
  const scanArea = h("div", { class: "m-scan", hidden: true });
  const scanBtn = h("button", { type: "button", hidden: true }, "扫码");
  let stream = null, stop = null;
  const end = () => { if (stop) stop(); stopCamera(stream); stream = null; stop = null; scanArea.hidden = true; replace(scanArea); scanBtn.textContent = "扫码"; };
  scanBtn.addEventListener("click", async () => {
    if (stream) { end(); return; }
    const video = h("video", { class: "m-video", "aria-label": "扫码取景" });
    replace(scanArea, video, h("p", { class: "hint" }, "请将场地二维码对准取景框"));
    scanArea.hidden = false;
    scanBtn.textContent = "停止扫码";
    try {
      stream = await startCamera(video, "environment");
      stop = scanQr(video, (text) => {
        const v = parseVenueUrl(text);
        if (!v) return false;
        inputEl.value = v.code;
        inputEl.dispatchEvent(new Event("input", { bubbles: true }));
        end();
        return true;
      });
    } catch {
      end();
      scanArea.hidden = false;
      replace(scanArea, notice("无法打开摄像头扫码，请直接输入二维码下方的签到码。", "warning"));
    }
  });
  canScan().then((ok) => { scanBtn.hidden = !ok; });
  const watch = setInterval(() => { if (!alive()) { end(); clearInterval(watch); } }, 1000);
  const el = h("div", null,
    h("div", { class: "m-code" }, field("签到码", inputEl, { required: true, hint: "扫描场地二维码，或输入二维码下方的8位数字" }), scanBtn),
    scanArea);
  return { el, value: () => inputEl.value.trim(), stopCamera: end };
}

/** The photo (sign-in): the front camera's picture, 拍照, then the photo with 重拍 → {el, photo(), failed(), stop()}. */
export function photoBlock(alive) {
  const video = h("video", { class: "m-video m-selfie", "aria-label": "前置摄像头画面" });
  const shotImg = h("img", { class: "m-selfie", alt: "签到照片", hidden: true });
  const status = h("p", { class: "hint", "aria-live": "polite" });
  const take = h("button", { type: "button", class: "primary" }, "打开摄像头");
  const error = h("div", { class: "field-error", role: "alert" });
  let stream = null, photo = null, failed = false;
  const stop = () => { stopCamera(stream); stream = null; };
  take.addEventListener("click", async () => {
    error.textContent = "";
    if (!stream) {
      photo = null; shotImg.hidden = true; video.hidden = false;
      try {
        stream = await startCamera(video, "user");
        take.textContent = "拍照";
        status.textContent = "请正对摄像头，保持面部清晰";
      } catch {
        failed = true;
        status.textContent = "";
        error.textContent = "无法打开前置摄像头。请在浏览器设置中允许使用摄像头；没有照片的签到将提交培训机构审核。";
      }
      return;
    }
    try {
      photo = await snapshot(video);
      shotImg.src = photo.url;
      shotImg.hidden = false; video.hidden = true;
      stop();
      take.textContent = "重拍";
      status.textContent = `已拍照（${Math.round(photo.blob.size / 1024)} KB）`;
    } catch (err) { error.textContent = err.message; }
  });
  const watch = setInterval(() => { if (!alive()) { stop(); clearInterval(watch); } }, 1000);
  const el = h("section", { class: "m-upload field", dataset: { field: "photo" } },
    h("h3", null, "本人照片", h("span", { class: "req", "aria-hidden": "true" }, " *")),
    h("div", { class: "m-preview m-selfie-box" }, video, shotImg), status,
    h("div", { class: "m-upload-buttons" }, take), error);
  return { el, photo: () => photo, failed: () => failed, stop };
}
