// 课程模板 (CL-1): the institution's course templates by post; a template is its lessons (content,
// teacher, day of the course, time, place, hours). 开班申请 fills a class's schedule from one.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, onSubmit, setFieldError, toast, notice } from "/shared/forms.js";
import { dateTime, number } from "/shared/format.js";
import { postName, postChoices } from "/shared/catalog.js";
import { confirm } from "/shared/ui.js";
import { listPage } from "../list.js";
import { button } from "../common.js";
import { APPLY, teacherChoices } from "../class-ui.js";
import { lessonEditor } from "../lessons.js";

function list(ctx) {
  ctx.actions.append(h("a", { class: "btn primary", href: "#/classes/templates/new" }, "新建课程模板"));
  let page;
  const remove = (t) => async () => {
    if (!(await confirm("删除课程模板", `确定删除课程模板“${t.name}”吗？已用它创建的班级不受影响。`, { okText: "删除", danger: true }))) return;
    await api.del(`/api/v1/course-templates/${t.id}`);
    toast("课程模板已删除");
    page.reload();
  };
  page = listPage(ctx, {
    filters: [select("岗位", "post", postChoices(ctx.me.organisation.postScope), { empty: "全部岗位" })],
    load: (q) => api.get("/api/v1/course-templates", q), key: "templates",
    empty: "还没有课程模板，点击“新建课程模板”创建",
    columns: [
      { title: "模板名称", cell: (t) => h("a", { href: `#/classes/templates/${t.id}` }, t.name) },
      { title: "岗位", cell: (t) => postName(t.post) },
      { title: "总学时", cell: (t) => number(t.hours), class: "num" },
      { title: "更新时间", cell: (t) => dateTime(t.updatedAtUnix), class: "nowrap" },
      { title: "操作", cell: (t) => h("div", { class: "actions" },
        h("a", { class: "btn small", href: `#/classes/templates/${t.id}` }, "编辑"), button("删除", remove(t), "danger")) },
    ],
  });
}

async function templateForm(ctx, tpl) {
  const teachers = await teacherChoices();
  const editor = lessonEditor({ lessons: tpl ? tpl.lessons : [{}], teachers, mode: "template" });
  const requestId = crypto.randomUUID();
  const form = h("form", { class: "card", "aria-label": tpl ? "修改课程模板" : "新建课程模板" },
    h("h2", null, "模板信息"),
    h("div", { class: "form-grid" },
      input("模板名称", "name", { maxlength: "100", value: tpl ? tpl.name : "" }, { required: true }),
      select("岗位", "post", postChoices(ctx.me.organisation.postScope), { value: tpl ? tpl.post : "", empty: "请选择", required: true })),
    h("h2", null, "课程信息"),
    teachers.length ? null : notice("还没有在岗的师资，请先在“师资及考评员”中录入授课教师。", "warning"),
    h("p", { class: "muted" }, "上课时间按开班时选择的第一天起算：第 1 天即开班第一天。"),
    editor.el,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "保存"), h("a", { class: "btn", href: "#/classes/templates" }, "取消")));
  onSubmit(form, async (v) => {
    if (!v.name) return setFieldError(form, "name", "请输入模板名称");
    if (!v.post) return setFieldError(form, "post", "请选择岗位");
    const body = { name: v.name, post: v.post, lessons: editor.read() };
    if (tpl) await api.put(`/api/v1/course-templates/${tpl.id}`, body);
    else await api.post("/api/v1/course-templates", { ...body, requestId });
    toast("课程模板已保存");
    ctx.go("/classes/templates", { post: v.post });
  });
  return form;
}

async function create(ctx) { replace(ctx.el, await templateForm(ctx, null)); }

async function edit(ctx) {
  const tpl = await api.get(`/api/v1/course-templates/${ctx.params.id}`);
  ctx.setTitle(`课程模板 — ${tpl.name}`);
  replace(ctx.el, await templateForm(ctx, tpl));
}

export default {
  menu: { group: "classes", title: "课程模板", order: 10, permission: APPLY },
  routes: [
    { path: "/classes/templates", title: "课程模板", render: list },
    { path: "/classes/templates/new", title: "新建课程模板", parent: "/classes/templates", render: create },
    { path: "/classes/templates/:id", title: "课程模板", parent: "/classes/templates", render: edit },
  ],
};
