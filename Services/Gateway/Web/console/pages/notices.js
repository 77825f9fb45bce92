// 通知公告 (ID-11): everyone reads notices; the province publishes them (title and rich text).
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, field, onSubmit, setFieldError, toast } from "/shared/forms.js";
import { dateTime } from "/shared/format.js";
import { safeHtml } from "/shared/html.js";
import { listPage } from "../list.js";

function list(ctx) {
  if (ctx.can("notice.publish")) ctx.actions.append(h("a", { class: "btn primary", href: "#/notices/new" }, "发布通知公告"));
  listPage(ctx, {
    load: (q) => api.get("/api/v1/notices", q), key: "notices", empty: "暂无通知公告",
    columns: [
      { title: "标题", cell: (n) => h("a", { href: `#/notices/${n.id}` }, n.title) },
      { title: "发布时间", cell: (n) => dateTime(n.publishedAtUnix), class: "nowrap" },
    ],
  });
}

async function detail(ctx) {
  const n = await api.get(`/api/v1/notices/${ctx.params.id}`);
  ctx.setTitle(n.title);
  replace(ctx.el, h("article", { class: "card" },
    h("p", { class: "muted" }, `发布时间：${dateTime(n.publishedAtUnix)}`),
    h("div", { class: "notice-body" }, safeHtml(n.bodyHtml))));
}

const TOOLS = [["bold", "加粗", "B"], ["italic", "倾斜", "I"], ["underline", "下划线", "U"], ["h2", "小标题", "标题"],
  ["insertUnorderedList", "项目符号列表", "• 列表"], ["insertOrderedList", "编号列表", "1. 列表"], ["createLink", "插入链接", "链接"], ["removeFormat", "清除格式", "清除"]];

function editor() {
  const area = h("div", { class: "editor", contenteditable: "true", role: "textbox", "aria-multiline": "true", "aria-label": "公告内容", id: "notice-body" });
  const bar = h("div", { class: "editor-bar", role: "toolbar", "aria-label": "格式", "aria-controls": "notice-body" }, TOOLS.map(([cmd, title, text]) => {
    const b = h("button", { type: "button", class: "small", title, "aria-label": title }, text);
    b.addEventListener("mousedown", (e) => e.preventDefault());
    b.addEventListener("click", () => {
      area.focus();
      if (cmd === "h2") document.execCommand("formatBlock", false, "h3");
      else if (cmd === "createLink") { const url = prompt("链接地址（http:// 或 https:// 开头）"); if (url) document.execCommand("createLink", false, url); }
      else document.execCommand(cmd, false);
    });
    return b;
  }));
  return { el: h("div", { class: "field", dataset: { field: "bodyHtml" } }, h("span", { class: "label", id: "notice-body-label" }, "公告内容"), bar, area, h("div", { class: "field-error", role: "alert" })), area };
}

function create(ctx) {
  const ed = editor();
  const form = h("form", { class: "card", "aria-label": "发布通知公告" },
    input("公告标题", "title", { maxlength: "200" }, { required: true }), ed.el,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "确认发布"), h("a", { class: "btn", href: "#/notices" }, "取消")));
  onSubmit(form, async (v) => {
    if (!v.title) return setFieldError(form, "title", "请输入公告标题");
    if (!ed.area.textContent.trim() && !ed.area.querySelector("img")) return setFieldError(form, "bodyHtml", "请输入公告内容");
    const n = await api.post("/api/v1/notices", { title: v.title, bodyHtml: ed.area.innerHTML });
    toast("已发布");
    ctx.go(`/notices/${n.id}`);
  });
  replace(ctx.el, form);
}

export default {
  menu: { group: "info", title: "通知公告", order: 10, permission: "account.self" },
  routes: [
    { path: "/notices", title: "通知公告", render: list },
    { path: "/notices/new", title: "发布通知公告", parent: "/notices", permission: "notice.publish", render: create },
    { path: "/notices/:id", title: "通知公告", parent: "/notices", render: detail },
  ],
};
