// 机构管理 (ID-5): the organisation tree below mine with kinds, codes, post scopes and
// online status; new child organisations; taking one offline or back online.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, field, toast } from "/shared/forms.js";
import { label, enumValue, date } from "/shared/format.js";
import { tag, confirm } from "/shared/ui.js";
import { postList, postChoices, cityChoices, divisionName } from "/shared/catalog.js";
import { subtree, button, formDialog } from "../common.js";

const CHILD_KINDS = { PROVINCE: ["CITY_AUTHORITY", "PROVINCE_DIRECT"], CITY_AUTHORITY: ["TRAINING_INSTITUTION", "CE_BASE"] };

function scopeChecks(scope, chosen = []) {
  const choices = postChoices(scope);
  const all = !scope || scope.includes("*");
  return h("fieldset", { class: "field", dataset: { field: "postScope" } },
    h("legend", null, "职业范围（可培训的岗位、工种）"),
    all ? h("label", { class: "check" }, h("input", { type: "checkbox", name: "allPosts", checked: chosen.includes("*") }), "全部岗位") : null,
    h("div", { class: "checks" }, choices.map(([code, name]) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "postScope", value: code, checked: chosen.includes(code) }), name))),
    h("div", { class: "field-error", role: "alert" }));
}

async function createChild(parent, done) {
  const kinds = CHILD_KINDS[enumValue("OrgKind", parent.kind)] || [];
  const kindField = select("机构类型", "kind", kinds.map((k) => [k, label("OrgKind", "ORG_KIND_" + k)]), { required: true });
  const cityField = select("所在地市", "divisionCode", cityChoices(), { empty: "请选择", hint: "地市主管部门的机构代码即为地市代码" });
  const kindSelect = kindField.querySelector("select");
  const syncCity = () => { cityField.hidden = kindSelect.value !== "CITY_AUTHORITY"; };
  kindSelect.addEventListener("change", syncCity);
  syncCity();
  const created = await formDialog(`新增下级机构 — ${parent.name}`, [
    input("机构名称", "name", { maxlength: "100" }, { required: true }), kindField, cityField,
    h("p", { class: "muted" }, "培训机构、继续教育基地和省直属单位的机构代码由系统按规则生成，全省唯一。"),
    scopeChecks(parent.postScope),
  ], async (v, form) => {
    if (!v.name) { form.querySelector("[name=name]").focus(); throw { message: "请输入机构名称", fields: [{ field: "name", message: "请输入机构名称" }] }; }
    const scope = v.allPosts ? ["*"] : v.postScope;
    return api.post("/api/v1/organisations", {
      parentId: parent.id, name: v.name, kind: "ORG_KIND_" + v.kind,
      divisionCode: v.kind === "CITY_AUTHORITY" ? v.divisionCode : "", postScope: scope,
    });
  }, { okText: "创建" });
  if (created) { toast(`已创建：${created.name}（机构代码 ${created.code}）`); done(); }
}

function node(org, children, ctx, reload, isRoot) {
  const kind = enumValue("OrgKind", org.kind);
  const canCreate = ctx.can("organisation.manage") && org.id === ctx.me.organisation.id && CHILD_KINDS[kind];
  const toggle = !isRoot && ctx.can("organisation.manage") ? button(org.online ? "下线" : "上线", async () => {
    const ok = await confirm(org.online ? "机构下线" : "机构上线", org.online
      ? `下线后「${org.name}」的用户将不能登录，也不能发布报名计划。确定下线吗？` : `确定让「${org.name}」重新上线吗？`,
      { okText: org.online ? "下线" : "上线", danger: org.online });
    if (!ok) return;
    await api.put(`/api/v1/organisations/${org.id}/online`, { online: !org.online });
    toast(org.online ? "已下线" : "已上线");
    reload();
  }, org.online ? "danger" : "") : null;
  return h("li", null,
    h("div", { class: "tree-node" },
      h("span", { class: "org-name" }, org.name),
      tag(label("OrgKind", org.kind), "info"),
      h("span", { class: "muted" }, `机构代码 ${org.code}`),
      h("span", { class: "muted" }, divisionName(org.divisionCode)),
      org.online ? tag("在线", "success") : tag("已下线", "danger"),
      h("span", { class: "muted" }, `创建于 ${date(org.createdAtUnix)}`),
      h("span", { class: "actions" }, canCreate ? button("新增下级机构", () => createChild(org, reload)) : null, toggle),
      h("div", { class: "scope" }, "职业范围：", postList(org.postScope))),
    children.length ? h("ul", null, children) : null);
}

async function render(ctx) {
  const body = h("div", { class: "card" }, h("div", { class: "loading" }, "加载中…"));
  const nameField = input("机构名称", "nameContains", { value: ctx.query.nameContains || "" });
  const filterForm = h("form", { class: "filters", role: "search" }, nameField,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "查询"), h("a", { class: "btn", href: "#/org/organisations" }, "全部")));
  filterForm.addEventListener("submit", (e) => { e.preventDefault(); ctx.setQuery({ nameContains: nameField.querySelector("input").value.trim() }); });
  replace(ctx.el, h("p", { class: "muted" }, "显示本机构及全部下级机构。下线的机构不能登录、不能发布报名计划。"), filterForm, body);
  const reload = async () => {
    const orgs = await subtree(true);
    const q = (ctx.query.nameContains || "").trim();
    const mine = ctx.me.organisation.id;
    if (q) {
      const hits = orgs.filter((o) => o.name.includes(q));
      replace(body, hits.length ? h("ul", { class: "tree" }, hits.map((o) => node(o, [], ctx, reload, o.id === mine))) : h("div", { class: "empty" }, "没有名称包含该文字的机构"));
      return;
    }
    const kids = new Map();
    for (const o of orgs) { if (!kids.has(o.parentId)) kids.set(o.parentId, []); kids.get(o.parentId).push(o); }
    const build = (o) => node(o, (kids.get(o.id) || []).map(build), ctx, reload, o.id === mine);
    const root = orgs.find((o) => o.id === mine) || orgs[0];
    replace(body, root ? h("ul", { class: "tree", "aria-label": "机构树" }, build(root)) : h("div", { class: "empty" }, "暂无机构"));
  };
  await reload();
}

export default {
  menu: { group: "org", title: "机构管理", order: 10, permission: "organisation.manage" },
  routes: [{ path: "/org/organisations", title: "机构管理", render }],
};
