// Sign-in (password, then an SMS code when the account needs a second factor), forgotten
// password, and the first-login phone binding. These pages are outside the shell.
import * as api from "/shared/api.js";
import { h, replace, focus } from "/shared/dom.js";
import { input, onSubmit, notice, setFieldError, toast, smsCodeButton } from "/shared/forms.js";
import { signIn, signOut, hooks } from "../session.js";

const PASSWORD_RULE = "至少 8 位，须同时包含字母和数字";

/** A "获取验证码" button (shared/forms.js smsCodeButton) that says so in a toast once sent. */
export function codeButton(send, onError) {
  return smsCodeButton(send, { onSent: () => toast("验证码已发送，请注意查收短信"), onError });
}

function codeRow(fieldEl, button) {
  return h("div", { class: "code-row" }, fieldEl, button);
}

function renderLogin(ctx) {
  ctx.setTitle("登录");
  const { el, query } = ctx;
  const banner = query.expired ? notice("登录已失效（长时间未操作、已在其他地方退出或超过有效期），请重新登录。", "warning")
    : query.out ? notice("您已安全退出。", "success") : query.reset ? notice("密码已重置，请使用新密码登录。", "success") : null;
  const login = input("用户名", "login", { autocomplete: "username", autocapitalize: "off", spellcheck: "false" }, { required: true });
  const password = input("密码", "password", { type: "password", autocomplete: "current-password" }, { required: true });
  const codeSlot = h("div");
  const submit = h("button", { type: "submit", class: "primary" }, "登录");
  const form = h("form", { class: "login-form", "aria-label": "账号密码登录" }, login, password, codeSlot,
    h("div", { class: "actions" }, submit));
  let needCode = false;

  onSubmit(form, async (v) => {
    if (!v.login) return setFieldError(form, "login", "请输入用户名");
    if (!v.password) return setFieldError(form, "password", "请输入密码");
    if (needCode && !/^\d{6}$/.test(v.smsCode || "")) return setFieldError(form, "smsCode", "请输入 6 位短信验证码");
    const body = { login: v.login, password: v.password };
    if (needCode) body.smsCode = v.smsCode;
    const r = await signIn(body);
    if (r.smsRequired) {
      needCode = true;
      const phone = r.smsRequired.maskedPhone;
      const codeField = input("短信验证码", "smsCode", { inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" },
        { required: true, hint: phone ? `本账号登录需短信验证，验证码将发送到 ${phone}` : "本账号登录需短信验证" });
      const btn = codeButton(() => api.post("/api/v1/sms-codes", { login: v.login, purpose: "SMS_PURPOSE_LOGIN" }),
        (err) => setFieldError(form, "smsCode", err.message));
      replace(codeSlot, codeRow(codeField, btn));
      form.querySelector("[name=login]").readOnly = true;
      focus(btn);
      return;
    }
    if (r.session && r.session.mustBindPhone) { await hooks.signedIn("/bind-phone"); return; }
    await hooks.signedIn(query.next || "/");
  });

  const smsForm = smsLoginForm(ctx);
  const panels = [form, smsForm];
  const tabButtons = ["密码登录", "短信验证码登录"].map((text, i) => {
    const b = h("button", { type: "button", role: "tab", id: "login-tab-" + i, "aria-controls": "login-panel-" + i, "aria-selected": String(i === 0) }, text);
    b.addEventListener("click", () => {
      tabButtons.forEach((x, j) => { x.setAttribute("aria-selected", String(i === j)); panels[j].hidden = i !== j; });
      focus(panels[i].querySelector("[name=login]"));
    });
    return b;
  });
  panels.forEach((p, i) => { p.id = "login-panel-" + i; p.setAttribute("role", "tabpanel"); p.setAttribute("aria-labelledby", "login-tab-" + i); p.hidden = i !== 0; });
  replace(el,
    h("h1", null, "机构用户登录"), banner,
    h("div", { class: "tabs", role: "tablist", "aria-label": "登录方式" }, tabButtons), form, smsForm,
    h("div", { class: "links" },
      h("a", { href: ctx.href("/forgot-password", query.next ? { next: query.next } : {}) }, "忘记密码？"),
      h("a", { href: "#/enterprise/register" }, "企业注册申请")),
    h("p", { class: "muted hint-small" }, "学员请使用手机访问学员端进行注册和报名：", h("a", { href: "/m/" }, "学员端")),
    h("p", { class: "muted hint-small" }, "多次输错密码后账号将被临时锁定，锁定期间请使用短信验证码登录或稍后再试。"));
  focus(form.querySelector("[name=login]"));
}

// SMS-code login: the code goes to the account's bound phone; the password stays empty.
function smsLoginForm(ctx) {
  const form = h("form", { class: "login-form sms-login", "aria-label": "短信验证码登录" },
    input("用户名", "login", { autocomplete: "username", autocapitalize: "off", spellcheck: "false" }, { required: true }));
  const codeField = input("短信验证码", "smsCode", { inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" }, { required: true, hint: "验证码将发送到账号绑定的手机号" });
  const btn = codeButton(() => {
    const login = form.querySelector("[name=login]").value.trim();
    if (!login) { setFieldError(form, "login", "请先输入用户名"); return Promise.reject({ silent: true }); }
    return api.post("/api/v1/sms-codes", { login, purpose: "SMS_PURPOSE_LOGIN" });
  }, (err) => { if (!err.silent) setFieldError(form, "smsCode", err.message); });
  form.append(codeRow(codeField, btn), h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "登录")));
  onSubmit(form, async (v) => {
    if (!v.login) return setFieldError(form, "login", "请输入用户名");
    if (!/^\d{6}$/.test(v.smsCode)) return setFieldError(form, "smsCode", "请输入 6 位短信验证码");
    const r = await signIn({ login: v.login, password: "", smsCode: v.smsCode });
    if (r.session && r.session.mustBindPhone) { await hooks.signedIn("/bind-phone"); return; }
    await hooks.signedIn(ctx.query.next || "/");
  });
  return form;
}

function renderForgot(ctx) {
  ctx.setTitle("找回密码");
  const form = h("form", { "aria-label": "找回密码" },
    h("p", { class: "muted" }, "验证码将发送到账号绑定的手机号。未绑定手机的账号请联系本机构管理员重置密码。"),
    input("用户名", "login", { autocomplete: "username", autocapitalize: "off" }, { required: true }));
  const codeField = input("短信验证码", "smsCode", { inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" }, { required: true });
  const btn = codeButton(() => {
    const login = form.querySelector("[name=login]").value.trim();
    if (!login) { setFieldError(form, "login", "请先输入用户名"); return Promise.reject({ silent: true }); }
    return api.post("/api/v1/sms-codes", { login, purpose: "SMS_PURPOSE_RESET_PASSWORD" });
  }, (err) => { if (!err.silent) setFieldError(form, "smsCode", err.message); });
  form.append(codeRow(codeField, btn),
    input("新密码", "newPassword", { type: "password", autocomplete: "new-password" }, { required: true, hint: PASSWORD_RULE }),
    input("确认新密码", "confirm", { type: "password", autocomplete: "new-password" }, { required: true }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "重置密码"), h("a", { href: "#/login" }, "返回登录")));
  onSubmit(form, async (v) => {
    if (!v.login) return setFieldError(form, "login", "请输入用户名");
    if (!/^\d{6}$/.test(v.smsCode)) return setFieldError(form, "smsCode", "请输入 6 位短信验证码");
    if (!v.newPassword) return setFieldError(form, "newPassword", "请输入新密码");
    if (v.newPassword !== v.confirm) return setFieldError(form, "confirm", "两次输入的密码不一致");
    await api.post("/api/v1/password-resets", { login: v.login, smsCode: v.smsCode, newPassword: v.newPassword });
    ctx.go("/login", { reset: "1" }, { replace: true });
  });
  replace(ctx.el, h("h1", null, "找回密码"), form);
}

function renderBindPhone(ctx) {
  ctx.setTitle("绑定手机号");
  if (!ctx.me) { ctx.go("/login", {}, { replace: true }); return; }
  const form = h("form", { "aria-label": "绑定手机号" },
    notice("首次登录需要绑定手机号。绑定后可用于短信验证登录和找回密码。", "info"),
    input("手机号", "phone", { type: "tel", inputmode: "numeric", autocomplete: "tel", maxlength: "11" }, { required: true }));
  const codeField = input("短信验证码", "smsCode", { inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" }, { required: true });
  const btn = codeButton(() => {
    const phone = form.querySelector("[name=phone]").value.trim();
    if (!/^1\d{10}$/.test(phone)) { setFieldError(form, "phone", "请输入 11 位手机号"); return Promise.reject({ silent: true }); }
    return api.post("/api/v1/me/phone/sms-code", { phone, purpose: "SMS_PURPOSE_BIND_PHONE" });
  }, (err) => { if (!err.silent) setFieldError(form, err.fields && err.fields.length ? err.fields[0].field : "phone", err.message); });
  const logout = h("button", { type: "button", class: "link" }, "退出登录");
  logout.addEventListener("click", () => signOut());
  form.append(codeRow(codeField, btn), h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "绑定并进入系统"), logout));
  onSubmit(form, async (v) => {
    if (!/^1\d{10}$/.test(v.phone)) return setFieldError(form, "phone", "请输入 11 位手机号");
    if (!/^\d{6}$/.test(v.smsCode)) return setFieldError(form, "smsCode", "请输入 6 位短信验证码");
    await api.put("/api/v1/me/phone", { phone: v.phone, smsCode: v.smsCode });
    toast("手机号已绑定");
    await hooks.signedIn("/");
  });
  replace(ctx.el, h("h1", null, "绑定手机号"),
    h("p", { class: "muted" }, `${(ctx.me.user && ctx.me.user.name) || ""}，您好`), form);
}

export default {
  routes: [
    { path: "/login", title: "登录", subtitle: "机构用户登录", public: true, redirectSignedIn: true, render: renderLogin },
    { path: "/forgot-password", title: "找回密码", public: true, render: renderForgot },
    { path: "/bind-phone", title: "绑定手机号", public: true, render: renderBindPhone },
  ],
};
