// The lessons table of a course template (day of the course, HH:MM) or of a class's schedule
// (a date, HH:MM): content, teacher, time, place, hours; rows added and removed in place, the
// total hours shown as they change.
import { h, uid } from "/shared/dom.js";
import { hhmm, minutesOf, dateInputValue, unixFromDateInput, time, number } from "/shared/format.js";

function cellInput(labelText, attrs) {
  const id = uid("ls");
  return h("div", { class: "lesson-cell" }, h("label", { for: id, class: "visually-hidden" }, labelText), h("input", { id, ...attrs }));
}

function teacherSelect(teachers, value) {
  const id = uid("ls");
  const known = teachers.some(([v]) => String(v) === String(value));
  return h("div", { class: "lesson-cell" }, h("label", { for: id, class: "visually-hidden" }, "授课教师"),
    h("select", { id, name: "teacherId" }, h("option", { value: "" }, "请选择"),
      !known && Number(value) ? h("option", { value: String(value), selected: true }, "（已停用的教师）") : null,
      teachers.map(([v, t]) => h("option", { value: v, selected: String(v) === String(value) }, t))));
}

/**
 * lessonEditor({lessons, teachers, mode, readOnly}) → {el, read()}: mode "template" (lessons
 * with day/startMinute/endMinute) or "class" (startUnix/endUnix); teachers are [id, name] pairs.
 * read() returns the lessons for the API or throws {message} naming the row that is wrong.
 */
export function lessonEditor({ lessons = [], teachers = [], mode = "template", readOnly = false }) {
  const body = h("tbody");
  const total = h("strong", { class: "lesson-total" });
  const recount = () => {
    const sum = [...body.querySelectorAll("input[name=hours]")].reduce((s, i) => s + (Number(i.value) || 0), 0);
    total.textContent = `合计 ${number(sum)} 学时，共 ${body.children.length} 节课`;
  };

  function row(l = {}) {
    const when = mode === "template"
      ? cellInput("第几天", { name: "day", type: "number", min: "1", max: "60", inputmode: "numeric", value: String((Number(l.day) || 0) + 1) })
      : cellInput("上课日期", { name: "date", type: "date", value: dateInputValue(l.startUnix) });
    const start = mode === "template" ? hhmm(l.startMinute ?? 510) : (Number(l.startUnix) ? time(l.startUnix) : "08:30");
    const end = mode === "template" ? hhmm(l.endMinute ?? 690) : (Number(l.endUnix) ? time(l.endUnix) : "11:30");
    const remove = h("button", { type: "button", class: "small link", "aria-label": "删除本节课" }, "删除");
    const tr = h("tr", { dataset: { id: String(l.id || 0) } },
      h("td", { dataset: { label: "课程内容" } }, cellInput("课程内容", { name: "content", maxlength: "200", value: l.content || "" })),
      h("td", { dataset: { label: "授课教师" } }, teacherSelect(teachers, l.teacherId)),
      h("td", { dataset: { label: mode === "template" ? "第几天" : "上课日期" } }, when),
      h("td", { dataset: { label: "上课时间" } }, h("div", { class: "lesson-times" },
        cellInput("开始时间", { name: "start", type: "time", value: start }), h("span", { "aria-hidden": "true" }, "–"),
        cellInput("结束时间", { name: "end", type: "time", value: end }))),
      h("td", { dataset: { label: "上课地点" } }, cellInput("上课地点", { name: "place", maxlength: "200", value: l.place || "" })),
      h("td", { class: "num", dataset: { label: "学时" } }, cellInput("学时", { name: "hours", type: "number", min: "1", max: "24", inputmode: "numeric", value: String(l.hours || 3) })),
      readOnly ? null : h("td", { dataset: { label: "操作" } }, remove));
    remove.addEventListener("click", () => { tr.remove(); recount(); });
    if (readOnly) for (const c of tr.querySelectorAll("input,select")) c.disabled = true;
    return tr;
  }

  for (const l of lessons) body.append(row(l));
  body.addEventListener("input", recount);
  const add = h("button", { type: "button", class: "small" }, "＋ 添加课程");
  add.addEventListener("click", () => {
    const last = body.lastElementChild;
    const next = row({});
    if (last && mode === "class") next.querySelector("input[name=date]").value = last.querySelector("input[name=date]").value;
    if (last && mode === "template") next.querySelector("input[name=day]").value = last.querySelector("input[name=day]").value;
    body.append(next);
    recount();
    next.querySelector("input[name=content]").focus();
  });
  recount();

  const el = h("div", { class: "lessons" },
    h("div", { class: "table-wrap lessons-table" }, h("table", null,
      h("thead", null, h("tr", null, ["课程内容", "授课教师", mode === "template" ? "第几天" : "上课日期", "上课时间", "上课地点", "学时", readOnly ? null : "操作"]
        .filter(Boolean).map((t) => h("th", { scope: "col" }, t)))),
      body)),
    h("div", { class: "actions lessons-foot" }, readOnly ? null : add, total));

  function read() {
    const out = [];
    [...body.children].forEach((tr, i) => {
      const v = (n) => tr.querySelector(`[name=${n}]`).value.trim();
      const fail = (what) => { tr.querySelector(`[name=${what[0]}]`).focus(); throw { message: `第 ${i + 1} 节课：${what[1]}` }; };
      const startMinute = minutesOf(v("start")), endMinute = minutesOf(v("end"));
      if (!v("content")) fail(["content", "请填写课程内容"]);
      if (!v("teacherId")) fail(["teacherId", "请选择授课教师"]);
      if (Number.isNaN(startMinute) || Number.isNaN(endMinute)) fail(["start", "请填写上课时间"]);
      if (endMinute <= startMinute) fail(["end", "结束时间应晚于开始时间"]);
      if (!v("place")) fail(["place", "请填写上课地点"]);
      if (!(Number(v("hours")) > 0)) fail(["hours", "请填写学时"]);
      const common = { content: v("content"), teacherId: Number(v("teacherId")), place: v("place"), hours: Number(v("hours")) };
      if (mode === "template") {
        if (!(Number(v("day")) >= 1)) fail(["day", "请填写第几天上课"]);
        out.push({ ...common, day: Number(v("day")) - 1, startMinute, endMinute });
      } else {
        const day = unixFromDateInput(v("date"));
        if (!day) fail(["date", "请选择上课日期"]);
        out.push({ ...common, id: Number(tr.dataset.id) || 0, startUnix: day + startMinute * 60, endUnix: day + endMinute * 60 });
      }
    });
    if (!out.length) throw { message: "请至少添加一节课" };
    return out;
  }
  return { el, read };
}
