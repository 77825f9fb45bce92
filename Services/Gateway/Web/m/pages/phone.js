// 更换手机号 / 绑定手机号 (ID-2): a code to the new phone (POST /api/v1/me/phone/sms-code), then
// PUT /api/v1/me/phone.
import { post, put } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, onSubmit, notice, setFieldError, toast } from "/shared/forms.js";
import { navigate } from "/shared/router.js";
import { smsButton } from "../ui.js";

export default async function render(ctx) {
  const { me, query, session } = ctx;
  const required = query.required === "1";
  ctx.setTitle(required || !me.user.maskedPhone ? "绑定手机号" : "更换手机号");
  const phone = h("input", { name: "phone", type: "tel", inputmode: "numeric", autocomplete: "tel", maxlength: "11" });
  const form = h("form", { class: "card", "aria-label": "手机号" },
    required ? notice("首次登录请先绑定手机号。", "info") : me.user.maskedPhone ? h("p", { class: "muted" }, "当前手机号：" + me.user.maskedPhone) : null,
    field("新手机号", phone, { required: true }),
    h("div", { class: "m-code" }),
    h("button", { type: "submit", class: "primary block" }, "确定"));
  const codeField = field("短信验证码", h("input", { name: "smsCode", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" }), { required: true });
  codeField.append(h("div", { class: "hint m-sms-sent", "aria-live": "polite" }));
  form.querySelector(".m-code").append(codeField, smsButton(form, async () => {
    const p = phone.value.trim();
    if (!/^1\d{10}$/.test(p)) { setFieldError(form, "phone", "请输入正确的11位手机号"); return false; }
    return post("/api/v1/me/phone/sms-code", { phone: p });
  }));
  onSubmit(form, async (v) => {
    if (!/^1\d{10}$/.test(v.phone)) return setFieldError(form, "phone", "请输入正确的11位手机号");
    if (!/^\d{6}$/.test(v.smsCode)) return setFieldError(form, "smsCode", "请输入6位短信验证码");
    await put("/api/v1/me/phone", { phone: v.phone, smsCode: v.smsCode });
    await session.load();
    toast("手机号已更新");
    navigate(required ? "/" : "/me");
  });
  return form;
}
