// 个人注册 (ID-4): ID number, name, phone with its SMS code, password. Then signed in and sent
// to 个人信息 to complete the profile (seed 001: 第二步 个人资料完善).
import { post } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, onSubmit, notice, setFieldError } from "/shared/forms.js";
import { navigate } from "/shared/router.js";
import { smsButton, sendCode, passwordInput } from "../ui.js";
import { brand } from "./login.js";
import { idNumberProblem } from "../checks.js";

export default async function render(ctx) {
  const { session } = ctx;
  const phone = h("input", { name: "phone", type: "tel", inputmode: "numeric", autocomplete: "tel", maxlength: "11" });
  const form = h("form", { class: "card", "aria-label": "个人注册" },
    notice("身份证号是登录账号，注册成功后本人不可修改，请谨慎填写。", "warning"),
    field("身份证号", h("input", { name: "idNumber", maxlength: "18", autocomplete: "off", autocapitalize: "characters", spellcheck: "false" }),
      { required: true, hint: "18位，末位可为X" }),
    field("姓名", h("input", { name: "name", autocomplete: "name", maxlength: "30" }), { required: true, hint: "与身份证一致，用于实名验证" }),
    field("手机号", phone, { required: true }),
    h("div", { class: "m-code" }),
    field("登录密码", passwordInput("password", "new-password"), { required: true, hint: "至少8位，须同时包含字母和数字" }),
    field("确认密码", passwordInput("password2", "new-password"), { required: true }),
    h("button", { type: "submit", class: "primary block" }, "注册"),
    h("div", { class: "m-links" }, h("span", { class: "muted" }, "已有账号？"), h("a", { href: "#/login" }, "去登录")));

  const codeField = field("短信验证码", h("input", { name: "smsCode", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" }), { required: true });
  codeField.append(h("div", { class: "hint m-sms-sent", "aria-live": "polite" }));
  form.querySelector(".m-code").append(codeField, smsButton(form, async () => {
    const p = phone.value.trim();
    if (!/^1\d{10}$/.test(p)) { setFieldError(form, "phone", "请输入正确的11位手机号"); return false; }
    return sendCode("REGISTER", { phone: p });
  }));

  onSubmit(form, async (v) => {
    const idNumber = v.idNumber.toUpperCase();
    const problem = idNumberProblem(idNumber);
    if (problem) return setFieldError(form, "idNumber", problem);
    if (!v.name) return setFieldError(form, "name", "请输入姓名");
    if (!/^1\d{10}$/.test(v.phone)) return setFieldError(form, "phone", "请输入正确的11位手机号");
    if (!/^\d{6}$/.test(v.smsCode)) return setFieldError(form, "smsCode", "请输入6位短信验证码");
    if (v.password !== v.password2) return setFieldError(form, "password2", "两次输入的密码不一致");
    const r = await post("/api/v1/students", { idNumber, name: v.name, phone: v.phone, smsCode: v.smsCode, password: v.password });
    try {
      await post("/api/v1/sessions", { login: idNumber, password: v.password }, { quiet401: true });
      await session.load();
    } catch (err) {
      // Registered, but signing in failed (e.g. rate limit): send them to the sign-in page.
      navigate("/login", { login: idNumber });
      return;
    }
    navigate("/me/profile", { welcome: r.realNameVerified ? "1" : "unverified" });
  });
  return [brand("个人注册"), form];
}

