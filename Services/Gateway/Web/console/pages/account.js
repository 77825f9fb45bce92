// 修改密码: the signed-in user's own password (old password required).
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, onSubmit, setFieldError, notice } from "/shared/forms.js";

function render(ctx) {
  const form = h("form", { class: "card", "aria-label": "修改密码" },
    input("原密码", "oldPassword", { type: "password", autocomplete: "current-password" }, { required: true }),
    input("新密码", "newPassword", { type: "password", autocomplete: "new-password" }, { required: true, hint: "至少 8 位，须同时包含字母和数字" }),
    input("确认新密码", "confirm", { type: "password", autocomplete: "new-password" }, { required: true }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "确认修改")));
  form.classList.add("narrow");
  onSubmit(form, async (v) => {
    if (!v.oldPassword) return setFieldError(form, "oldPassword", "请输入原密码");
    if (!v.newPassword) return setFieldError(form, "newPassword", "请输入新密码");
    if (v.newPassword !== v.confirm) return setFieldError(form, "confirm", "两次输入的密码不一致");
    await api.put("/api/v1/me/password", { oldPassword: v.oldPassword, newPassword: v.newPassword });
    form.reset();
    form.prepend(notice("密码已修改，下次登录请使用新密码。", "success"));
  });
  replace(ctx.el, form);
}

export default {
  routes: [{ path: "/account/password", title: "修改密码", permission: "account.self", render }],
};
