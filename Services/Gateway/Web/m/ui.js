// Widgets of the student pages on top of /shared/: the SMS-code button with its countdown,
// state tags, images the API serves, segmented filters, password fields.
import { post, getBlob } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { enumValue, label } from "/shared/format.js";
import { tag } from "/shared/ui.js";
import { showError, smsCodeButton } from "/shared/forms.js";
import * as session from "./session.js";

/**
 * "获取验证码" next to a code field (shared/forms.js smsCodeButton): after sending, the form's
 * `.m-sms-sent` hint says so; errors (wrong phone, too many codes) are shown in `form` at their field.
 */
export function smsButton(form, send, { text = "获取验证码" } = {}) {
  return smsCodeButton(send, {
    text, className: "m-sms",
    onSent: () => {
      const hint = form.querySelector(".m-sms-sent");
      if (hint) hint.textContent = "验证码已发送，5分钟内有效";
    },
    onError: (err) => showError(form, err),
  });
}

/** Sends an SMS code of `purpose` (REGISTER, LOGIN, RESET_PASSWORD) to a phone or a login's phone. */
export function sendCode(purpose, { phone = "", login = "" } = {}) {
  return post("/api/v1/sms-codes", { purpose: "SMS_PURPOSE_" + purpose, phone, login });
}

const PHOTO_KIND = { PENDING: "warning", CONFIRMED: "success", RETURNED: "danger" };
/** The photo confirmation state as a tag (未上传 when there is none). */
export function photoTag(state) {
  const v = enumValue("PhotoState", state);
  return v && v !== "UNSPECIFIED" ? tag(label("PhotoState", state), PHOTO_KIND[v] || "muted") : tag("未上传", "muted");
}

const objectUrls = new Map();
/** An <img> of GET /api/v1/files/{id} (the API needs the cookie, so it is fetched as a blob). */
export function fileImage(fileId, alt) {
  const img = h("img", { alt, decoding: "async" });
  const id = String(fileId);
  if (objectUrls.has(id)) { img.src = objectUrls.get(id); return img; }
  getBlob(`/api/v1/files/${id}`).then((blob) => {
    if (!blob.type.startsWith("image/")) { img.replaceWith(h("span", { class: "muted" }, "（PDF 文件）")); return; }
    const url = URL.createObjectURL(blob);
    objectUrls.set(id, url);
    img.src = url;
  }).catch(() => img.replaceWith(h("span", { class: "muted" }, "图片无法显示")));
  return img;
}

/** Remembers an image we have in memory (just uploaded) so fileImage shows it without a fetch. */
export function rememberImage(fileId, blob) {
  if (blob && blob.type && blob.type.startsWith("image/")) objectUrls.set(String(fileId), URL.createObjectURL(blob));
}

/** A segmented filter: items [[href, text, active]] as links. */
export function seg(items, name = "筛选") {
  return h("nav", { class: "m-seg", "aria-label": name },
    items.map(([href, text, active]) => h("a", { href, "aria-current": active ? "page" : null }, text)));
}

/** The rejection reasons (codes → texts) and the reviewer's comment, joined for display. */
export function rejectionText(enrollment, reasons) {
  const texts = (enrollment.rejectReasons || []).map((c) => (reasons && reasons.get(c)) || c);
  const comment = (enrollment.rejectComment || "").trim().replace(/[。.；;，,\s]+$/, "");
  return [texts.join("；"), comment].filter(Boolean).join("。说明：");
}

/** A password <input> with the right autocomplete. */
export function passwordInput(name, autocomplete = "current-password") {
  return h("input", { name, type: "password", autocomplete, maxlength: "64" });
}

/** A page block: a card with an optional heading. */
export function card(title, ...children) {
  return h("section", { class: "card" }, title ? h("h2", null, title) : null, ...children);
}

let reasonsPromise = null;
/** The enrollment rejection reasons as a Map code → text (GET /api/v1/enrollment-reject-reasons, once). */
export function rejectReasons() {
  reasonsPromise ||= import("/shared/api.js")
    .then(({ get }) => get("/api/v1/enrollment-reject-reasons"))
    .then((r) => new Map((r.reasons || []).map((x) => [x.code, x.text])))
    .catch((err) => { reasonsPromise = null; throw err; });
  return reasonsPromise;
}

/**
 * A group of large radio choices (a fieldset that is also a `.field` named `name`, so API errors
 * for it show inside): options [{value, title, sub}]; `value` preselected; onChange(value).
 */
export function choices(legend, name, options, { value = "", required = true, onChange, errorName } = {}) {
  const errId = `${name}-err-${Math.random().toString(36).slice(2, 8)}`;
  const set = h("fieldset", { class: "m-choice field", dataset: { field: errorName || name }, "aria-describedby": errId },
    h("legend", null, legend, required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    options.map((o) => h("label", null,
      h("input", { type: "radio", name, value: o.value, checked: String(o.value) === String(value), required,
        onchange: onChange ? () => onChange(o.value) : null }),
      h("span", { class: "m-choice-main" }, h("span", null, o.title), o.sub ? h("span", { class: "m-choice-sub" }, o.sub) : null))),
    h("div", { class: "field-error", id: errId, role: "alert" }));
  if (!options.length) set.insertBefore(h("p", { class: "muted" }, "暂无可选项"), set.lastChild);
  return set;
}

/**
 * Keeps a wizard's answers in sessionStorage (survives a reload or a trip to the camera app).
 * Keyed by the signed-in user, and cleared at sign-out, so a shared phone shows no one else's.
 */
export function draftStore(key) {
  const me = session.current();
  const k = `m.draft.${me && me.user ? me.user.id : 0}.${key}`;
  return {
    read() { try { return JSON.parse(sessionStorage.getItem(k) || "null"); } catch { return null; } },
    write(v) { try { sessionStorage.setItem(k, JSON.stringify(v)); } catch { /* private mode: keep in memory only */ } },
    clear() { try { sessionStorage.removeItem(k); } catch { /* ignore */ } },
  };
}

/** A request id for one submission (the API returns the first result to a repeat). */
export function requestId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}
