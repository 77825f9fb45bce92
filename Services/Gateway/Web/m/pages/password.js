// 修改密码 (ID-3): the old password and a new one (≥ 8, letters and digits; the API decides).
import { put } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, onSubmit, setFieldError, toast } from "/shared/forms.js";
import { navigate } from "/shared/router.js";
import { passwordInput } from "../ui.js";

export default async function render() {
  const form = h("form", { class: "card", "aria-label": "修改密码" },
    field("原密码", passwordInput("oldPassword"), { required: true }),
    field("新密码", passwordInput("newPassword", "new-password"), { required: true, hint: "至少8位，须同时包含字母和数字" }),
    field("确认新密码", passwordInput("newPassword2", "new-password"), { required: true }),
    h("button", { type: "submit", class: "primary block" }, "确定修改"));
  onSubmit(form, async (v) => {
    if (!v.oldPassword) return setFieldError(form, "oldPassword", "请输入原密码");
    if (v.newPassword !== v.newPassword2) return setFieldError(form, "newPassword2", "两次输入的密码不一致");
    await put("/api/v1/me/password", { oldPassword: v.oldPassword, newPassword: v.newPassword });
    toast("密码已修改");
    navigate("/me");
  });
  return form;
}
