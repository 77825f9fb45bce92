// Forms: labelled fields, API errors shown at the field `fields` names (aria-describedby),
// a submit guard so one click sends one request, progress for long work, and notices.
import { h, uid, focus } from "./dom.js";

/**
 * A labelled field: field("姓名", h("input", {name: "name"}), {hint, required}) → <div class=field>.
 * The control gets an id, the label's for, and an error slot wired through aria-describedby.
 */
export function field(labelText, control, { hint, required, wide } = {}) {
  const id = control.id || uid("f");
  control.id = id;
  if (required) control.required = true;
  const errId = id + "-err";
  const described = [errId];
  const hintEl = hint ? h("div", { class: "hint", id: id + "-hint" }, hint) : null;
  if (hintEl) described.push(hintEl.id);
  control.setAttribute("aria-describedby", described.join(" "));
  return h("div", { class: ["field", wide && "wide"], dataset: { field: control.name || "" } },
    h("label", { for: id }, labelText, required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    control, hintEl, h("div", { class: "field-error", id: errId, role: "alert" }));
}

/** Shorthand for field(label, <input name=… type=…>), extra attributes passed to the input. */
export function input(labelText, name, attrs = {}, opts = {}) {
  return field(labelText, h("input", { name, type: "text", ...attrs }), opts);
}

/** A <select> field from [value, text] pairs; `value` preselects; `empty` adds a first "" option. */
export function select(labelText, name, pairs, { value = "", empty, ...opts } = {}) {
  const sel = h("select", { name },
    empty !== undefined ? h("option", { value: "" }, empty) : null,
    pairs.map(([v, t]) => h("option", { value: v, selected: String(v) === String(value) }, t)));
  return field(labelText, sel, opts);
}

/** The form's values as an object of strings (checkboxes → booleans; multi-selects → arrays). */
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === "checkbox") {
      if (el.value && el.value !== "on") { (out[el.name] ||= []); if (el.checked) out[el.name].push(el.value); }
      else out[el.name] = el.checked;
    } else if (el.type === "radio") { if (el.checked) out[el.name] = el.value; }
    else if (el.type === "file" || el.type === "submit" || el.type === "button") continue;
    else if (el.tagName === "SELECT" && el.multiple) out[el.name] = [...el.selectedOptions].map((o) => o.value);
    else out[el.name] = el.value.trim();
  }
  return out;
}

/** Clears every field error and the form-level notice inside root. */
export function clearErrors(root) {
  for (const el of root.querySelectorAll(".field-error")) el.textContent = "";
  for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of root.querySelectorAll(".form-notice")) el.remove();
}

function clearFieldError(control) {
  const slot = control && control.closest ? control.closest(".field") : null;
  if (!slot) return;
  const error = slot.querySelector(".field-error");
  if (error) error.textContent = "";
  for (const el of slot.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

function fieldSlot(root, name) {
  const short = name.split(".").pop();
  return root.querySelector(`.field[data-field="${CSS.escape(name)}"]`)
    || root.querySelector(`.field[data-field="${CSS.escape(short)}"]`);
}

/**
 * Shows an error: each entry of err.fields next to its field (first one focused); the message as
 * a notice at the top of root when no field shows it. Works with any Error (message only).
 */
export function showError(root, err) {
  clearErrors(root);
  if (err instanceof Error && err.status === undefined) {
    // A bug in the page, not an answer of the API: say so in words, keep the details for developers.
    console.error(err);
    err = { message: "页面出现错误，请刷新后重试" };
  }
  let first = null;
  let shown = false;
  for (const f of (err && err.fields) || []) {
    const slot = fieldSlot(root, f.field || "");
    if (!slot) continue;
    slot.querySelector(".field-error").textContent = f.message;
    const control = slot.querySelector("input,select,textarea");
    if (control) { control.setAttribute("aria-invalid", "true"); first ||= control; }
    if (f.message === err.message) shown = true;
  }
  if (!shown) {
    const n = notice(err && err.message ? err.message : "操作失败，请稍后再试", "error");
    n.classList.add("form-notice");
    root.prepend(n);
    if (!first) focus(n);
  }
  if (first) focus(first);
}

/** Sets one field's error by name (for checks made in the browser before sending). */
export function setFieldError(root, name, message) {
  showError(root, { message, fields: [{ field: name, message }] });
}

/**
 * Binds form submit to an async fn(values, form) with a guard: the submit buttons are disabled
 * and marked busy while it runs, errors are shown with showError. Returns the form.
 */
export function onSubmit(form, fn) {
  let busy = false;
  form.noValidate = true;
  // A field's error goes as soon as the user changes that field.
  form.addEventListener("input", (e) => clearFieldError(e.target));
  form.addEventListener("change", (e) => clearFieldError(e.target));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (busy) return;
    busy = true;
    const buttons = [...form.querySelectorAll("button[type=submit],button:not([type])")];
    buttons.forEach((b) => { b.disabled = true; b.setAttribute("aria-busy", "true"); });
    clearErrors(form);
    try {
      await fn(values(form), form);
    } catch (err) {
      if (err && err.status === 401 && !form.dataset.keep401) return;
      showError(form, err);
    } finally {
      busy = false;
      buttons.forEach((b) => { b.disabled = false; b.removeAttribute("aria-busy"); });
    }
  });
  return form;
}

/**
 * A "获取验证码" button: send() posts the request and resolves to the API's SendSMSCodeResponse
 * (false: nothing was sent); the button then counts down to its retryAfterUnix (60 s when
 * absent) and calls onSent. A failure enables it again and goes to onError.
 */
export function smsCodeButton(send, { text = "获取验证码", className, onSent = () => {}, onError = () => {} } = {}) {
  const btn = h("button", { type: "button", class: className }, text);
  let timer = null;
  const countdown = (until) => {
    clearInterval(timer);
    const tick = () => {
      const left = Math.ceil(until - Date.now() / 1000);
      if (left <= 0 || !btn.isConnected) { clearInterval(timer); btn.disabled = false; btn.textContent = "重新获取"; return; }
      btn.disabled = true;
      btn.textContent = `${left} 秒后重发`;
    };
    tick();
    timer = setInterval(tick, 1000);
  };
  btn.addEventListener("click", async () => {
    if (btn.disabled) return;
    btn.disabled = true;
    btn.setAttribute("aria-busy", "true");
    try {
      const r = await send();
      btn.removeAttribute("aria-busy");
      if (r === false) { btn.disabled = false; return; }
      const until = Number(r && r.retryAfterUnix) || Date.now() / 1000 + 60;
      countdown(Math.max(until, Date.now() / 1000 + 1));
      onSent(r);
    } catch (err) {
      btn.removeAttribute("aria-busy");
      btn.disabled = false;
      onError(err);
    }
  });
  return btn;
}

/** Wraps a click handler so a button cannot run it twice at once; errors go to onError. */
export function guard(button, fn, onError) {
  button.addEventListener("click", async (e) => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try { await fn(e); } catch (err) { if (onError) onError(err); else console.error(err); }
    finally { button.disabled = false; button.removeAttribute("aria-busy"); }
  });
  return button;
}

/** A notice box: kind "info" | "success" | "error" | "warning". */
export function notice(message, kind = "info") {
  return h("div", { class: ["notice", "notice-" + kind], role: kind === "error" ? "alert" : "status" }, message);
}

/** A progress bar for long work: returns {el, set(fraction, text), done()}. */
export function progress(labelText = "处理中…") {
  const bar = h("progress", { max: "100", value: "0" });
  const text = h("span", { class: "progress-text" }, labelText);
  const el = h("div", { class: "progress", role: "status", "aria-live": "polite" }, bar, text);
  return {
    el,
    set(fraction, t) { bar.value = Math.round(Math.max(0, Math.min(1, fraction)) * 100); if (t) text.textContent = t; },
    done() { el.remove(); },
  };
}

let toastBox = null;
/** A short message at the bottom of the screen (announced to screen readers). */
export function toast(message, kind = "success") {
  if (!toastBox) { toastBox = h("div", { class: "toasts", "aria-live": "polite" }); document.body.append(toastBox); }
  const t = h("div", { class: ["toast", "toast-" + kind], role: "status" }, message);
  toastBox.append(t);
  setTimeout(() => t.remove(), 4000);
}
