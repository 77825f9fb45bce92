// 用户管理 (ID-6): the users of my organisation and those below it: create, edit name and
// roles, disable, reset password, unbind phone, transfer the CE base's super admin.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { input, select, toast } from "/shared/forms.js";
import { dateTime, enumValue } from "/shared/format.js";
import { tag, confirm } from "/shared/ui.js";
import { listPage } from "../list.js";
import { orgChoices, subtree, button, formDialog } from "../common.js";

function roleChecks(roles, chosenNames = []) {
  return h("fieldset", { class: "field", dataset: { field: "roleIds" } }, h("legend", null, "角色"),
    roles.length ? h("div", { class: "checks" }, roles.map((r) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "roleIds", value: String(r.id), checked: chosenNames.includes(r.name) }), r.name)))
      : h("p", { class: "muted" }, "该机构还没有角色，请先在“角色管理”中新增。"),
    h("div", { class: "field-error", role: "alert" }));
}

const secondFactor = (checked) => h("label", { class: "check" },
  h("input", { type: "checkbox", name: "requireSmsSecondFactor", checked }), "登录时需要短信验证码");

async function createUser(ctx, orgId, done) {
  const orgs = await orgChoices();
  const orgField = select("所属机构", "orgId", orgs, { value: String(orgId || ctx.me.organisation.id) });
  const rolesSlot = h("div");
  const loadRoles = async () => {
    const r = await api.get("/api/v1/roles", { orgId: orgField.querySelector("select").value });
    rolesSlot.replaceChildren(roleChecks(r.roles || []));
  };
  orgField.querySelector("select").addEventListener("change", loadRoles);
  await loadRoles();
  const user = await formDialog("新增用户", [
    orgField,
    input("用户名", "username", { autocomplete: "off", autocapitalize: "off" }, { required: true, hint: "3 至 32 位字母、数字或 _ . -，以字母开头；用于登录，创建后不能修改" }),
    input("姓名", "name", {}, { required: true }),
    input("初始密码", "initialPassword", { type: "password", autocomplete: "new-password" }, { required: true, hint: "至少 8 位，须同时包含字母和数字；首次登录需绑定手机号" }),
    rolesSlot, secondFactor(false),
  ], (v) => api.post("/api/v1/users", {
    orgId: Number(v.orgId), username: v.username, name: v.name, initialPassword: v.initialPassword,
    roleIds: (v.roleIds || []).map(Number), requireSmsSecondFactor: v.requireSmsSecondFactor,
  }), { okText: "创建" });
  if (user) { toast(`已创建用户 ${user.username}`); done(); }
}

async function editUser(u, done) {
  const r = await api.get("/api/v1/roles", { orgId: u.orgId });
  const saved = await formDialog(`编辑用户 — ${u.username}`, [
    input("姓名", "name", { value: u.name }, { required: true }),
    roleChecks(r.roles || [], u.roles || []), secondFactor(u.requireSmsSecondFactor),
  ], (v) => api.patch(`/api/v1/users/${u.id}`, {
    name: v.name, replaceRoles: true, roleIds: (v.roleIds || []).map(Number), requireSmsSecondFactor: v.requireSmsSecondFactor,
  }));
  if (saved) { toast("已保存"); done(); }
}

async function resetPassword(u) {
  const ok = await formDialog(`重置密码 — ${u.username}`, [
    input("新密码", "newPassword", { type: "password", autocomplete: "new-password" }, { required: true, hint: "至少 8 位，须同时包含字母和数字；重置后该用户需重新登录" }),
  ], (v) => api.put(`/api/v1/users/${u.id}/password`, { newPassword: v.newPassword }), { okText: "重置" });
  if (ok) toast("密码已重置");
}

function actions(ctx, u, reload, isCEBase) {
  const self = u.id === ctx.me.user.id;
  return h("div", { class: "actions" },
    button("编辑", () => editUser(u, reload)),
    button("重置密码", () => resetPassword(u)),
    u.maskedPhone ? button("解绑手机", async () => {
      if (!(await confirm("解绑手机号", `确定解绑 ${u.username} 的手机号 ${u.maskedPhone} 吗？该用户下次登录时需重新绑定。`, { okText: "解绑" }))) return;
      await api.del(`/api/v1/users/${u.id}/phone`); toast("已解绑"); reload();
    }) : null,
    self ? null : button(u.disabled ? "启用" : "停用", async () => {
      if (!(await confirm(u.disabled ? "启用用户" : "停用用户", u.disabled ? `确定启用 ${u.username} 吗？` : `停用后 ${u.username} 将不能登录，当前登录也会立即失效。确定停用吗？`, { okText: u.disabled ? "启用" : "停用", danger: !u.disabled }))) return;
      await api.patch(`/api/v1/users/${u.id}`, { disabled: !u.disabled }); toast(u.disabled ? "已启用" : "已停用"); reload();
    }, u.disabled ? "" : "danger"),
    isCEBase && ctx.me.user.superAdmin && !self && u.orgId === ctx.me.organisation.id ? button("转让超级管理员", async () => {
      if (!(await confirm("转让超级管理员", `转让后 ${u.username} 成为本基地唯一的超级管理员，您将不再是超级管理员。确定转让吗？`, { okText: "转让", danger: true }))) return;
      await api.post("/api/v1/super-admin/transfer", { toUserId: u.id }); toast("已转让"); await ctx.reloadMe();
    }, "danger") : null);
}

async function render(ctx) {
  const orgs = await subtree();
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const isCEBase = enumValue("OrgKind", ctx.me.organisation.kind) === "CE_BASE";
  const add = h("button", { type: "button", class: "primary" }, "新增用户");
  add.addEventListener("click", () => createUser(ctx, ctx.query.orgId, () => list.reload()));
  ctx.actions.append(add);
  const list = listPage(ctx, {
    filters: [
      input("用户名/姓名", "search"),
      select("所属机构", "orgId", orgs.map((o) => [String(o.id), o.name]), { empty: "本机构" }),
    ],
    load: (q) => api.get("/api/v1/users", q), key: "users", empty: "没有符合条件的用户",
    columns: [
      { title: "用户名/姓名", cell: (u) => [h("div", null, u.username), h("div", { class: "muted" }, u.name, u.superAdmin ? " · 超级管理员" : "")] },
      { title: "所属机构", cell: (u) => names.get(u.orgId) || "—" },
      { title: "状态", cell: (u) => u.disabled ? tag("已停用", "danger") : tag("有效", "success") },
      { title: "角色", cell: (u) => (u.roles || []).join("、") || "—" },
      { title: "手机号", cell: (u) => u.maskedPhone || h("span", { class: "muted" }, "未绑定") },
      { title: "最后登录时间", cell: (u) => dateTime(u.lastLoginUnix), class: "nowrap" },
      { title: "最后登录IP", cell: (u) => u.lastLoginIp || "—" },
      { title: "创建时间", cell: (u) => dateTime(u.createdAtUnix), class: "nowrap" },
      { title: "操作", cell: (u) => actions(ctx, u, () => list.reload(), isCEBase) },
    ],
  });
}

export default {
  menu: { group: "system", title: "用户管理", order: 10, permission: "user.manage" },
  routes: [{ path: "/system/users", title: "用户管理", render }],
};
