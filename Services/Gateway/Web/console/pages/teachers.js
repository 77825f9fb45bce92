// 师资及考评员 (CL-4): the institution's teachers and assessors (ID numbers and phones masked as
// the API lists them); add and edit one, its qualification certificate photo (PUT raw body).
// Authorities read their subtree's registry.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, field, onSubmit, setFieldError, toast, notice } from "/shared/forms.js";
import { label, options, enumValue } from "/shared/format.js";
import { postName, postChoices } from "/shared/catalog.js";
import { tag } from "/shared/ui.js";
import { listPage } from "../list.js";
import { APPLY, REVIEW } from "../class-ui.js";

const RULE = "开班须有安全知识教师不少于 2 人、该工种理论教师不少于 1 人；提交考核计划须有该专业考评员不少于 8 人。";

function list(ctx) {
  const mine = ctx.can(APPLY);
  if (mine) ctx.actions.append(h("a", { class: "btn primary", href: "#/classes/teachers/new" }, "新增师资"));
  listPage(ctx, {
    before: mine ? notice(RULE, "info") : null,
    filters: [
      select("类别", "role", options("TeacherRole"), { empty: "全部" }),
      select("专业（岗位/工种）", "specialty", postChoices(mine ? ctx.me.organisation.postScope : null), { empty: "全部" }),
      input("姓名", "name", { maxlength: "20" }),
    ],
    load: (q) => api.get("/api/v1/teachers", q), key: "teachers",
    empty: mine ? "还没有师资，点击“新增师资”录入" : "没有符合条件的师资",
    columns: [
      { title: "姓名", cell: (t) => mine ? h("a", { href: `#/classes/teachers/${t.id}` }, t.name) : t.name },
      { title: "身份证号", cell: (t) => t.idNumber, class: "nowrap" },
      { title: "类别", cell: (t) => label("TeacherRole", t.role) },
      { title: "专业", cell: (t) => t.specialty ? postName(t.specialty) : "—" },
      { title: "资格证书", cell: (t) => t.qualification || "—" },
      { title: "手机号", cell: (t) => t.phone || "—", class: "nowrap" },
      { title: "证书照片", cell: (t) => Number(t.certificatePhotoId) ? tag("已上传", "success") : tag("未上传", "muted") },
      { title: "状态", cell: (t) => t.active ? tag("在岗", "success") : tag("停用", "muted") },
      mine ? { title: "操作", cell: (t) => h("a", { class: "btn small", href: `#/classes/teachers/${t.id}` }, "编辑") } : null,
    ].filter(Boolean),
  });
}

// The certificate photo: shown (fetched with the session cookie) and replaced by a raw PUT.
function photoCard(t) {
  const box = h("div", { class: "images" });
  const show = (id) => replace(box, Number(id)
    ? h("figure", null, h("img", { src: `/api/v1/teachers/${t.id}/photo?v=${id}`, alt: `${t.name}的资格证书照片` }), h("figcaption", null, "资格证书照片"))
    : h("p", { class: "muted" }, "尚未上传资格证书照片"));
  show(t.certificatePhotoId);
  const file = h("input", { type: "file", name: "photo", accept: "image/jpeg,image/png" });
  const status = h("div", { role: "status", class: "muted" });
  file.addEventListener("change", async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    if (!/^image\/(jpeg|png)$/.test(f.type)) { status.textContent = "请选择 JPG 或 PNG 图片"; return; }
    status.textContent = "正在上传…";
    try {
      const saved = await api.request("PUT", `/api/v1/teachers/${t.id}/photo`, { body: f, headers: { "Content-Type": f.type } });
      show(saved.certificatePhotoId || Date.now());
      status.textContent = "已上传";
      toast("资格证书照片已上传");
    } catch (err) {
      status.textContent = err.message || "上传失败";
    } finally { file.value = ""; }
  });
  return h("section", { class: "card" }, h("h2", null, "资格证书照片"), box,
    field("上传照片", file, { hint: "JPG 或 PNG，证书内容清晰可辨" }), status);
}

function teacherForm(ctx, t) {
  const requestId = crypto.randomUUID();
  const role = t ? enumValue("TeacherRole", t.role).toLowerCase() : "";
  const form = h("form", { class: "card", "aria-label": t ? "修改师资" : "新增师资" },
    h("div", { class: "form-grid" },
      input("姓名", "name", { maxlength: "20", value: t ? t.name : "", autocomplete: "off" }, { required: true }),
      input("身份证号", "idNumber", { maxlength: "18", value: t ? t.idNumber : "", autocomplete: "off" }, { required: true }),
      select("类别", "role", options("TeacherRole"), { value: role, empty: "请选择", required: true }),
      select("专业（岗位/工种）", "specialty", postChoices(ctx.me.organisation.postScope), { value: t ? t.specialty : "", empty: "不限（安全知识教师）",
        hint: "理论教师、实操教师、考评员请选择所属岗位或工种" }),
      input("资格证书名称及编号", "qualification", { maxlength: "100", value: t ? t.qualification : "" }, { required: true, wide: true }),
      input("手机号", "phone", { type: "tel", maxlength: "11", inputmode: "numeric", value: t ? t.phone : "" }, { required: true })),
    h("label", { class: "check block" }, h("input", { type: "checkbox", name: "active", checked: t ? t.active : true }), "在岗（停用后不能再排课）"),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "保存"), h("a", { class: "btn", href: "#/classes/teachers" }, "取消")));
  onSubmit(form, async (v) => {
    if (!v.name) return setFieldError(form, "name", "请输入姓名");
    if (!/^\d{17}[\dXx]$/.test(v.idNumber)) return setFieldError(form, "idNumber", "请输入18位身份证号");
    if (!v.role) return setFieldError(form, "role", "请选择类别");
    if (v.role !== "safety" && !v.specialty) return setFieldError(form, "specialty", "请选择所属岗位或工种");
    if (!v.qualification) return setFieldError(form, "qualification", "请输入资格证书名称及编号");
    if (!/^1\d{10}$/.test(v.phone)) return setFieldError(form, "phone", "请输入11位手机号");
    const body = { name: v.name, idNumber: v.idNumber.toUpperCase(), role: "TEACHER_ROLE_" + v.role.toUpperCase(), specialty: v.specialty,
      qualification: v.qualification, phone: v.phone, active: v.active };
    const saved = t ? await api.put(`/api/v1/teachers/${t.id}`, body) : await api.post("/api/v1/teachers", { ...body, requestId });
    toast("已保存");
    if (t) ctx.go("/classes/teachers"); else ctx.go(`/classes/teachers/${saved.id}`, { created: "1" });
  });
  return form;
}

function create(ctx) { replace(ctx.el, teacherForm(ctx, null)); }

async function edit(ctx) {
  const t = await api.get(`/api/v1/teachers/${ctx.params.id}`);
  ctx.setTitle(`师资 — ${t.name}`);
  replace(ctx.el, ctx.query.created ? notice("已保存。可以在下方上传资格证书照片。", "success") : null, teacherForm(ctx, t), photoCard(t));
}

export default {
  menu: { group: "classes", title: "师资及考评员", order: 20, permission: [APPLY, REVIEW] },
  routes: [
    { path: "/classes/teachers", title: "师资及考评员", render: list },
    { path: "/classes/teachers/new", title: "新增师资", parent: "/classes/teachers", permission: APPLY, render: create },
    { path: "/classes/teachers/:id", title: "师资", parent: "/classes/teachers", permission: APPLY, render: edit },
  ],
};
