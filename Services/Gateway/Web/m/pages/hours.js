// 我的学时 (CL-5, CL-6): per class the hours credited of those required, and each lesson's
// attendance (GET /api/v1/my-lessons?classId=…); ?class= shows one class.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { number } from "/shared/format.js";
import { tag } from "/shared/ui.js";
import { card } from "../ui.js";
import { myLessons, lessonWhen, attendanceTags, hoursMeter } from "../lessons.js";

async function classHours(m) {
  const c = m.class || {};
  const { lessons, now } = await myLessons(c.id);
  return card(null,
    h("h2", { class: "m-item-head" }, h("span", null, c.name), m.eligible ? tag("合格", "success") : tag("学时未满", "muted")),
    h("p", { class: "m-hours" }, h("strong", null, number(m.creditedHours)), ` / ${number(c.requiredHours)} 学时`),
    hoursMeter(m.creditedHours, c.requiredHours),
    h("ul", { class: "m-list m-hours-list" }, lessons.length ? lessons.map((l) => h("li", null, h("div", { class: "m-row" },
      h("div", null, h("div", null, l.lesson.content), h("div", { class: "muted" }, `${lessonWhen(l.lesson, now())} · ${l.lesson.hours} 学时`),
        l.record && l.record.reviewReason ? h("div", { class: "muted" }, "审核意见：" + l.record.reviewReason) : null),
      h("div", { class: "m-row-side m-tags" }, attendanceTags(l))))) : h("li", { class: "empty" }, "尚无课程")),
    m.eligible ? h("p", { class: "muted" }, "已达到规定学时，可参加考核。") : null);
}

export default async function render(ctx) {
  const r = await get("/api/v1/my-classes", { pageSize: 50 });
  const all = r.classes || [];
  const chosen = ctx.query.class ? all.filter((m) => String(m.class && m.class.id) === ctx.query.class) : all;
  if (!chosen.length) return [h("div", { class: "m-item empty" }, "暂无学时记录"), h("a", { class: "btn block", href: "#/classes" }, "我的班级")];
  return Promise.all(chosen.map(classHours));
}
