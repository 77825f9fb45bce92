// 成绩录入与导入 (AS-3): the template to download (CSV or XLSX); a file to check first (every
// bad row listed with its column and the reason, or a preview of what would be saved) and then
// import, all or nothing; each candidate's sitting and scores entered one by one. Authorities
// see the same list read-only.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { field, input, select, notice, toast } from "/shared/forms.js";
import { enumValue, number, options } from "/shared/format.js";
import { table, resultTag, points, tag } from "/shared/ui.js";
import { listPage } from "../list.js";
import { button, formDialog } from "../common.js";
import { MANAGE, REVIEW, planPath, examTime } from "../assessment-ui.js";

const EDITABLE = ["NOT_REPORTED", "NOT_APPROVED"];

/** "85.5" → 855; "" → 0; anything else → NaN. */
function tenths(text) {
  const t = String(text || "").trim();
  if (!t) return 0;
  return /^\d{1,3}(\.\d)?$/.test(t) ? Math.round(Number(t) * 10) : NaN;
}

async function enter(p, c) {
  const present = enumValue("Sitting", c.sitting) !== "ABSENT" && enumValue("Sitting", c.sitting) !== "CHEATED";
  const sitting = select("考试情况", "sitting", [["present", "正常"], ["absent", "缺考"], ["cheated", "违纪"]],
    { value: enumValue("Sitting", c.sitting).toLowerCase() || "present", required: true });
  const score = (text, name, value) => field(text, h("input", { name, inputmode: "decimal", maxlength: "5", value: value || "" }), { hint: "0–100，最多一位小数" });
  const theory = score("理论成绩", "theory", present && c.sitting ? points(c.theoryTenths) : "");
  const practice = score("实操成绩", "practice", present && c.sitting ? points(c.practiceTenths) : "");
  const toggle = () => {
    const on = sitting.querySelector("select").value === "present";
    for (const f of [theory, practice]) { f.hidden = !on; f.querySelector("input").disabled = !on; }
  };
  sitting.querySelector("select").addEventListener("change", toggle);
  toggle();
  const done = await formDialog(`录入成绩 — ${c.name}（${c.ticketNumber}）`, [sitting, theory, practice], (v) => {
    const kind = v.sitting;
    const body = { sitting: "SITTING_" + kind.toUpperCase(), theoryTenths: 0, practiceTenths: 0 };
    if (kind === "present") {
      const t = tenths(v.theory), pr = tenths(v.practice);
      const bad = [];
      if (!String(v.theory || "").trim() || Number.isNaN(t) || t > 1000) bad.push({ field: "theory", message: "请填写0–100之间的数字，最多一位小数" });
      if (!String(v.practice || "").trim() || Number.isNaN(pr) || pr > 1000) bad.push({ field: "practice", message: "请填写0–100之间的数字，最多一位小数" });
      if (bad.length) throw { message: "成绩填写有误", fields: bad };
      body.theoryTenths = t; body.practiceTenths = pr;
    }
    return api.put(`${planPath(p.id)}/candidates/${c.studentUserId}/score`, body);
  }, { okText: "保存" });
  if (done) toast(`${c.name}的成绩已保存`);
  return Boolean(done);
}

function importSection(p, reload) {
  const file = h("input", { type: "file", name: "file", accept: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  const result = h("div", { class: "import-result", "aria-live": "polite" });
  const send = (commit) => api.request("POST", `${planPath(p.id)}/score-imports`, {
    query: { filename: file.files[0].name, commit }, body: file.files[0], headers: { "Content-Type": "application/octet-stream" } });
  const check = button("校验文件", async () => {
    if (!file.files.length) { replace(result, notice("请先选择成绩文件（CSV 或 XLSX）", "warning")); return; }
    const r = await send(false);
    if (Number(r.errorCount)) {
      replace(result, notice(`共 ${number(r.rows)} 行，其中 ${number(r.errorCount)} 处错误，全部更正后才能导入（不会导入任何一行）。`, "error"),
        table([
          { title: "行号", cell: (e) => e.row ? `第 ${e.row} 行` : "—", class: "nowrap" },
          { title: "列", cell: (e) => e.column || "整行" },
          { title: "问题", cell: (e) => e.message },
        ], r.errors || [], { caption: "错误行" }),
        Number(r.errorCount) > (r.errors || []).length ? h("p", { class: "muted" }, `仅列出前 ${(r.errors || []).length} 处`) : null);
      return;
    }
    const commit = button(`确认导入 ${number(r.rows)} 行`, async () => {
      const done = await send(true);
      if (done.committed) { toast(`已导入 ${number(done.rows)} 名考生的成绩`); await reload(); }
    }, "primary");
    replace(result, notice(`校验通过：共 ${number(r.rows)} 行，正常 ${number(r.present)}，缺考 ${number(r.absent)}，违纪 ${number(r.cheated)}；合格 ${number(r.passed)}，不合格 ${number(r.failed)}。请核对预览后确认导入。`, "success"),
      table([
        { title: "准考证号", cell: (c) => c.ticketNumber, class: "nowrap" },
        { title: "姓名", cell: (c) => c.name },
        { title: "理论", cell: (c) => enumValue("Sitting", c.sitting) === "PRESENT" ? points(c.theoryTenths) : "—", class: "num" },
        { title: "实操", cell: (c) => enumValue("Sitting", c.sitting) === "PRESENT" ? points(c.practiceTenths) : "—", class: "num" },
        { title: "结果", cell: (c) => resultTag(c.result) },
      ], r.preview || [], { caption: "导入预览（前 50 行）" }),
      h("div", { class: "actions" }, commit));
  }, "primary");
  file.addEventListener("change", () => replace(result));
  const download = (format, text) => button(text, () => api.download(`${planPath(p.id)}/score-template`, { format }, `成绩导入模板-${p.id}.${format}`));
  return h("section", { class: "card" }, h("h2", null, "成绩导入"),
    h("p", { class: "muted" }, "下载模板（含本计划全部考生），填写理论成绩、实操成绩；缺考或违纪的考生在“考试情况”列填写“缺考”或“违纪”，成绩留空。支持 CSV（UTF-8 或 Excel 默认的 GBK 编码）和 XLSX 文件。"),
    h("div", { class: "actions" }, download("xlsx", "下载模板（XLSX）"), download("csv", "下载模板（CSV）")),
    h("div", { class: "actions" }, h("label", { class: "file" }, "成绩文件：", file), check),
    result);
}

async function render(ctx) {
  const p = await api.get(planPath(ctx.params.id));
  ctx.setTitle(`成绩 — ${p.name}`);
  const mine = ctx.can(MANAGE) && p.orgId === ctx.me.organisation.id;
  const editable = mine && enumValue("TestPlanState", p.state) === "APPROVED" && EDITABLE.includes(enumValue("ScoreState", p.scoreState));
  let page;
  const head = h("section", { class: "card" }, h("p", null, `${p.className} · ${examTime(p)} · ${p.place}`),
    h("p", null, `已录入 ${number(p.enteredCount)} / ${number(p.candidateCount)} 人；合格标准：理论 ≥ ${p.passTheory} 分且实操 ≥ ${p.passPractice} 分`,
      editable ? null : [" ", tag("成绩已上报，不能修改", "muted")]),
    h("div", { class: "actions" }, h("a", { class: "btn small", href: `#/assessment/plans/${p.id}` }, "返回考核计划")));
  const reload = async () => render(ctx);
  page = listPage(ctx, {
    before: [head, editable ? importSection(p, reload) : null],
    filters: [
      input("姓名、身份证号或准考证号", "query", { maxlength: "30" }),
      select("结果", "result", options("Result"), { empty: "全部" }),
    ],
    load: (q) => api.get(`${planPath(p.id)}/candidates`, q), key: "candidates", caption: "考生成绩",
    empty: "没有符合条件的考生",
    columns: [
      { title: "座位号", cell: (c) => number(c.seat), class: "num" },
      { title: "准考证号", cell: (c) => c.ticketNumber, class: "nowrap" },
      { title: "姓名", cell: (c) => c.name },
      { title: "身份证号", cell: (c) => c.idNumber, class: "nowrap" },
      { title: "理论", cell: (c) => enumValue("Sitting", c.sitting) === "PRESENT" ? points(c.theoryTenths) : "—", class: "num" },
      { title: "实操", cell: (c) => enumValue("Sitting", c.sitting) === "PRESENT" ? points(c.practiceTenths) : "—", class: "num" },
      { title: "结果", cell: (c) => resultTag(c.result) },
      editable ? { title: "操作", cell: (c) => button("录入", async () => { if (await enter(p, c)) page.reload(); }) } : null,
    ].filter(Boolean),
  });
}

export default {
  routes: [{ path: "/assessment/plans/:id/scores", title: "成绩录入与导入", parent: "/assessment/plans", permission: [MANAGE, REVIEW], render }],
};
