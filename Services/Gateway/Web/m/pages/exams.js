// 我的考试 (AS-2, AS-3): each approved test of the student with the admission ticket (准考证号,
// time, place, seat; 打印准考证) and, once the scores are approved, the scores and the result.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { dateTime, time, enumValue } from "/shared/format.js";
import { resultTag, points, tag } from "/shared/ui.js";
import { card } from "../ui.js";

function exam(a) {
  const p = a.testPlan || {}, c = a.candidate || {};
  const present = enumValue("Sitting", c.sitting) === "PRESENT";
  return card(null,
    h("h2", { class: "m-item-head" }, h("span", null, p.postName || p.name), a.resultsFinal ? resultTag(c.result) : tag("待考试或成绩审核中", "info")),
    h("dl", { class: "details m-dl" },
      h("dt", null, "准考证号"), h("dd", { class: "m-ticket-number" }, c.ticketNumber),
      h("dt", null, "考试时间"), h("dd", null, `${dateTime(p.examStartUnix)}–${time(p.examEndUnix)}`),
      h("dt", null, "考试地点"), h("dd", null, p.place),
      h("dt", null, "座位号"), h("dd", null, `${c.seat} 号`),
      h("dt", null, "培训机构"), h("dd", null, p.orgName),
      a.resultsFinal && present ? [h("dt", null, "理论成绩"), h("dd", null, `${points(c.theoryTenths)} 分`),
        h("dt", null, "实操成绩"), h("dd", null, `${points(c.practiceTenths)} 分`)] : null,
      a.resultsFinal ? [h("dt", null, "合格标准"), h("dd", null, `理论 ≥ ${p.passTheory} 分且实操 ≥ ${p.passPractice} 分`)] : null),
    a.resultsFinal ? null : h("a", { class: "btn primary block", href: `#/exams/${p.id}/ticket` }, "查看并打印准考证"));
}

export default async function render() {
  const r = await get("/api/v1/me/assessments");
  const all = r.assessments || [];
  if (!all.length) return [h("div", { class: "m-item empty" }, "暂无考试安排。培训结束、学时合格后，培训机构组织考核，审核通过后在这里查看准考证。")];
  return all.map(exam);
}
