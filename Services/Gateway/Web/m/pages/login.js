// 学员登录 (ID-1, ID-2): ID number and password; an SMS code when the account asks for one.
import { post } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, onSubmit, notice, setFieldError } from "/shared/forms.js";
import { navigate } from "/shared/router.js";
import { smsButton, sendCode, passwordInput } from "../ui.js";

export function brand(subtitle) {
  return h("div", { class: "m-brand" },
    h("div", { class: "m-logo", "aria-hidden": "true" }, "培"),
    h("h2", null, "施工现场专业人员职业培训"),
    h("p", null, subtitle));
}

/** Where to go after signing in: the page the user was on (a hash inside /m/), or home. */
export function afterSignIn(query) {
  const next = query.next || "";
  if (/^#\/[^\s]*$/.test(next) && !next.startsWith("#/login")) location.hash = next;
  else navigate("/");
}

export default async function render(ctx) {
  const { query, session } = ctx;
  // "password": ID number + password (+ a code when the account asks for a second factor);
  // "sms": ID number + a code sent to the bound phone (短信验证码登录, empty password).
  let mode = query.mode === "sms" ? "sms" : "password";
  let needCode = false;   // the password login asked for a second factor
  const login = h("input", { name: "login", autocomplete: "username", inputmode: "text", maxlength: "18",
    value: query.login || "", autocapitalize: "characters", spellcheck: "false" });
  const password = passwordInput("password");
  const passwordField = field("密码", password, { required: true });
  const codeWrap = h("div", { class: "m-code" });
  const codeInput = h("input", { name: "smsCode", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" });
  const byPassword = h("button", { type: "button" }, "密码登录");
  const bySMS = h("button", { type: "button" }, "验证码登录");
  const form = h("form", { class: "card", "aria-label": "学员登录", dataset: { keep401: "1" } },
    query.expired ? notice("登录已失效，请重新登录。登录后将回到您刚才的页面。", "warning") : null,
    query.reset ? notice("密码已重置，请用新密码登录。", "success") : null,
    h("div", { class: "m-seg", role: "group", "aria-label": "登录方式" }, byPassword, bySMS),
    field("身份证号", login, { required: true, hint: "注册时填写的18位身份证号" }),
    passwordField,
    codeWrap,
    h("button", { type: "submit", class: "primary block" }, "登录"),
    h("div", { class: "m-links" },
      h("a", { href: "#/register" }, "个人注册"),
      h("a", { href: "#/forgot" + (query.login ? "?login=" + encodeURIComponent(query.login) : "") }, "忘记密码")));

  const codeField = field("短信验证码", codeInput, { required: true, hint: "验证码将发送到账号绑定的手机号" });
  codeField.append(h("div", { class: "hint m-sms-sent", "aria-live": "polite" }));
  codeWrap.append(codeField, smsButton(form, async () => {
    const id = login.value.trim().toUpperCase();
    if (!id) { setFieldError(form, "login", "请输入身份证号"); return false; }
    return sendCode("LOGIN", { login: id });
  }));

  const show = () => {
    const usePassword = mode === "password" || needCode === "both";
    const useCode = mode === "sms" || needCode;
    passwordField.hidden = !usePassword; password.disabled = !usePassword;
    codeWrap.hidden = !useCode; codeInput.disabled = !useCode;
    byPassword.setAttribute("aria-pressed", String(mode === "password"));
    bySMS.setAttribute("aria-pressed", String(mode === "sms"));
  };
  byPassword.addEventListener("click", () => { mode = "password"; needCode = false; show(); });
  bySMS.addEventListener("click", () => { mode = "sms"; needCode = false; show(); });
  show();

  onSubmit(form, async (v) => {
    if (!v.login) return setFieldError(form, "login", "请输入身份证号");
    if (!password.disabled && !v.password) return setFieldError(form, "password", "请输入密码");
    if (!codeInput.disabled && !/^\d{6}$/.test(v.smsCode || "")) return setFieldError(form, "smsCode", "请输入6位短信验证码");
    const body = { login: v.login.toUpperCase(), password: password.disabled ? "" : v.password };
    if (!codeInput.disabled) body.smsCode = v.smsCode;
    let r;
    try {
      r = await post("/api/v1/sessions", body, { quiet401: true });
    } catch (err) {
      // An account that must give both (an administrator's second-factor rule): ask for the password too.
      if (mode === "sms" && (err.fields || []).some((f) => f.field === "password")) { needCode = "both"; show(); }
      throw err;
    }
    if (r.smsRequired && !r.session) {
      needCode = true;
      show();
      const phone = r.smsRequired.maskedPhone;
      form.prepend(notice(`为保障账号安全，请输入发送到 ${phone || "绑定手机"} 的短信验证码。`, "info"));
      codeInput.focus();
      return;
    }
    await session.load();
    if (r.session && r.session.mustBindPhone) { navigate("/me/phone", { required: "1" }); return; }
    afterSignIn(query);
  });

  return [brand("学员登录"), form,
    h("p", { class: "muted m-foot-note" }, "首次使用请先点击“个人注册”。注册后用身份证号和密码（或短信验证码）登录。")];
}
