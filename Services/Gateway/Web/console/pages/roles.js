// 角色管理 (ID-7): named sets of permissions for my organisation (and those below it).
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { input, select, toast } from "/shared/forms.js";
import { tag } from "/shared/ui.js";
import { listPage } from "../list.js";
import { PERMISSIONS, subtree, button, formDialog } from "../common.js";

function permissionChecks(ctx, chosen = []) {
  // Within one's own organisation no one grants more than they hold (the service checks it too).
  const offered = [...new Set([...ctx.me.caller.permissions.filter((p) => p !== "account.self"), ...chosen.filter((p) => p !== "account.self")])];
  return h("fieldset", { class: "field", dataset: { field: "permissions" } }, h("legend", null, "权限"),
    h("div", { class: "checks" }, offered.map((p) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "permissions", value: p, checked: chosen.includes(p) }), PERMISSIONS[p] || p))),
    h("p", { class: "hint muted" }, "每个用户都可以修改自己的密码、阅读通知公告。"),
    h("div", { class: "field-error", role: "alert" }));
}

async function editRole(ctx, role, orgId, done) {
  const saved = await formDialog(role ? `修改角色 — ${role.name}` : "新增角色", [
    input("角色名称", "name", { value: role ? role.name : "", maxlength: "50" }, { required: true }),
    permissionChecks(ctx, role ? role.permissions : []),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "requireSmsSecondFactor", checked: role && role.requireSmsSecondFactor }), "拥有此角色的用户登录时需要短信验证码"),
  ], (v) => {
    const body = { name: v.name, permissions: v.permissions || [], requireSmsSecondFactor: v.requireSmsSecondFactor, orgId: Number(orgId) };
    return role ? api.put(`/api/v1/roles/${role.id}`, { ...body, id: role.id }) : api.post("/api/v1/roles", body);
  });
  if (saved) { toast("已保存"); done(); }
}

async function render(ctx) {
  const orgs = await subtree();
  const orgId = ctx.query.orgId || String(ctx.me.organisation.id);
  const add = h("button", { type: "button", class: "primary" }, "新增角色");
  add.addEventListener("click", () => editRole(ctx, null, orgId, () => list.reload()));
  ctx.actions.append(add);
  const list = listPage(ctx, {
    filters: orgs.length > 1 ? [select("所属机构", "orgId", orgs.map((o) => [String(o.id), o.name]), { value: orgId })] : [],
    load: async () => api.get("/api/v1/roles", { orgId }), key: "roles", empty: "还没有角色",
    columns: [
      { title: "角色名称", cell: (r) => r.name },
      { title: "权限", cell: (r) => (r.permissions || []).filter((p) => p !== "account.self").map((p) => PERMISSIONS[p] || p).join("、") || "—" },
      { title: "短信验证登录", cell: (r) => r.requireSmsSecondFactor ? tag("需要", "warning") : tag("不需要", "muted") },
      { title: "操作", cell: (r) => button("修改", () => editRole(ctx, r, orgId, () => list.reload())) },
    ],
  });
}

export default {
  menu: { group: "system", title: "角色管理", order: 20, permission: "role.manage" },
  routes: [{ path: "/system/roles", title: "角色管理", render }],
};
