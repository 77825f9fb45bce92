// The printable A4 sheets of an approved test plan (AS-2): admission tickets (准考证, two to a
// page), desk labels (桌贴, eight to a page), the sign-in sheet (签到表) and the summary sheet
// (成绩汇总表), built from GET /api/v1/test-plans/{id}/candidates?forPrint=true. The console
// prints them all; the student pages print the student's own ticket (EN-8).
import { h } from "/shared/dom.js";
import { dateTime, time, date, label, enumValue } from "/shared/format.js";

const SYSTEM = "住房和城乡建设领域施工现场专业人员";
const examTime = (p) => `${dateTime(p.examStartUnix)}–${time(p.examEndUnix)}`;
const score = (c, key) => enumValue("Sitting", c.sitting) === "PRESENT" ? ((Number(c[key]) || 0) / 10).toFixed(1).replace(/\.0$/, "") : "";

/** One 准考证 of candidate `c` in plan `p`. */
export function admissionTicket(p, c) {
  const rows = [["准考证号", c.ticketNumber], ["姓名", c.name], ["身份证号", c.idNumber], ["考核岗位", p.postName],
    ["培训机构", p.orgName], ["考试时间", examTime(p)], ["考试地点", p.place], ["座位号", String(c.seat)]];
  return h("article", { class: "printable sheet ticket" },
    h("h1", null, `${SYSTEM}考核准考证`),
    h("table", null, h("tbody", null, rows.map(([k, v]) => h("tr", null, h("th", { scope: "row" }, k), h("td", null, v || "—"))))),
    h("ol", { class: "ticket-rules" },
      h("li", null, "凭准考证和本人有效身份证件，于开考前 30 分钟进入考场，对号入座。"),
      h("li", null, "开考 15 分钟后不得入场；缺考记入考试纪律记录。"),
      h("li", null, "考试中有违纪行为的，成绩无效，并在规定期限内不得参加考核。")));
}

/** Every ticket, two to an A4 page. */
export function tickets(p, candidates) {
  return h("div", { class: "sheets tickets" }, candidates.map((c) => admissionTicket(p, c)));
}

/** Desk labels: seat, ticket number, name, eight to a page. */
export function deskLabels(p, candidates) {
  return h("div", { class: "sheets labels" }, candidates.map((c) => h("article", { class: "printable desk-label" },
    h("div", { class: "seat" }, `${c.seat} 号`),
    h("div", { class: "name" }, c.name),
    h("div", { class: "ticket" }, `准考证号 ${c.ticketNumber}`),
    h("div", { class: "post muted" }, p.postName))));
}

function sheetHead(p, title) {
  return [h("h1", null, title), h("p", { class: "sheet-meta" },
    `考核计划：${p.name}　培训机构：${p.orgName}　岗位：${p.postName}`, h("br"), `考试时间：${examTime(p)}　考试地点：${p.place}`)];
}

/** The sign-in sheet: one row per seat with space for the signature. */
export function signInSheet(p, candidates) {
  return h("article", { class: "printable sheet list-sheet" }, sheetHead(p, "考生签到表"),
    h("table", null,
      h("thead", null, h("tr", null, ["座位号", "准考证号", "姓名", "身份证号", "签名", "备注"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, candidates.map((c) => h("tr", null, h("td", null, String(c.seat)), h("td", null, c.ticketNumber), h("td", null, c.name),
        h("td", null, c.idNumber), h("td", { class: "signature" }), h("td"))))),
    h("p", { class: "sign" }, `应到 ${candidates.length} 人，实到＿＿＿人　监考员签名：＿＿＿＿＿＿　日期：＿＿＿＿＿＿`));
}

/** The summary sheet: every candidate's sitting, scores and result, with the counts. */
export function summarySheet(p, candidates) {
  const count = (r) => candidates.filter((c) => enumValue("Result", c.result) === r).length;
  return h("article", { class: "printable sheet list-sheet" }, sheetHead(p, "考核成绩汇总表"),
    h("table", null,
      h("thead", null, h("tr", null, ["座位号", "准考证号", "姓名", "身份证号", "理论成绩", "实操成绩", "考试情况", "结果"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, candidates.map((c) => h("tr", null, h("td", null, String(c.seat)), h("td", null, c.ticketNumber), h("td", null, c.name),
        h("td", null, c.idNumber), h("td", { class: "num" }, score(c, "theoryTenths")), h("td", { class: "num" }, score(c, "practiceTenths")),
        h("td", null, c.sitting && enumValue("Sitting", c.sitting) !== "UNSPECIFIED" ? label("Sitting", c.sitting) : "未录入"),
        h("td", null, enumValue("Result", c.result) && enumValue("Result", c.result) !== "UNSPECIFIED" ? label("Result", c.result) : ""))))),
    h("p", null, `考生 ${candidates.length} 人：合格 ${count("PASSED")}，不合格 ${count("FAILED")}，缺考 ${count("ABSENT")}，违纪 ${count("CHEATED")}。合格标准：理论 ≥ ${p.passTheory} 分且实操 ≥ ${p.passPractice} 分。`),
    h("p", { class: "sign" }, `考评组长签名：＿＿＿＿＿＿　培训机构（盖章）　打印日期：${date(Date.now() / 1000)}`));
}
