// 找回密码 (ID-3): a code sent to the account's bound phone, then a new password.
import { post } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, onSubmit, notice, setFieldError } from "/shared/forms.js";
import { navigate } from "/shared/router.js";
import { smsButton, sendCode, passwordInput } from "../ui.js";
import { brand } from "./login.js";

export default async function render(ctx) {
  const login = h("input", { name: "login", maxlength: "18", autocomplete: "username", autocapitalize: "characters",
    spellcheck: "false", value: ctx.query.login || "" });
  const form = h("form", { class: "card", "aria-label": "找回密码" },
    notice("验证码将发送到账号绑定的手机号。手机号已停用的，请联系报名的培训机构。", "info"),
    field("身份证号", login, { required: true }),
    h("div", { class: "m-code" }),
    field("新密码", passwordInput("newPassword", "new-password"), { required: true, hint: "至少8位，须同时包含字母和数字" }),
    field("确认新密码", passwordInput("newPassword2", "new-password"), { required: true }),
    h("button", { type: "submit", class: "primary block" }, "重置密码"),
    h("div", { class: "m-links" }, h("a", { href: "#/login" }, "返回登录")));

  const codeField = field("短信验证码", h("input", { name: "smsCode", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" }), { required: true });
  codeField.append(h("div", { class: "hint m-sms-sent", "aria-live": "polite" }));
  form.querySelector(".m-code").append(codeField, smsButton(form, async () => {
    const id = login.value.trim().toUpperCase();
    if (!id) { setFieldError(form, "login", "请输入身份证号"); return false; }
    return sendCode("RESET_PASSWORD", { login: id });
  }));

  onSubmit(form, async (v) => {
    const id = v.login.toUpperCase();
    if (!id) return setFieldError(form, "login", "请输入身份证号");
    if (!/^\d{6}$/.test(v.smsCode)) return setFieldError(form, "smsCode", "请输入6位短信验证码");
    if (v.newPassword !== v.newPassword2) return setFieldError(form, "newPassword2", "两次输入的密码不一致");
    await post("/api/v1/password-resets", { login: id, smsCode: v.smsCode, newPassword: v.newPassword });
    navigate("/login", { reset: "1", login: id });
  });
  return [brand("找回密码"), form];
}
