// 打印 (AS-2): an approved test plan's admission tickets, desk labels, sign-in sheet and summary
// sheet (shared/printed-sheets.js), chosen with ?sheet=; the data carries the full ID numbers
// (GET …/candidates?forPrint=true, logged as test_plan.print).
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { tickets, deskLabels, signInSheet, summarySheet } from "/shared/printed-sheets.js";
import { MANAGE, REVIEW, planPath } from "../assessment-ui.js";

const SHEETS = { tickets: ["准考证", tickets], labels: ["桌贴", deskLabels], "sign-in": ["签到表", signInSheet], summary: ["成绩汇总表", summarySheet] };

async function render(ctx) {
  const [title, build] = SHEETS[ctx.query.sheet] || SHEETS.tickets;
  const r = await api.get(`${planPath(ctx.params.id)}/candidates`, { forPrint: true });
  const p = r.testPlan;
  ctx.setTitle(`${title} — ${p.name}`);
  const print = h("button", { type: "button", class: "primary" }, "打印");
  print.addEventListener("click", () => window.print());
  ctx.actions.append(print, h("a", { class: "btn", href: `#/assessment/plans/${p.id}` }, "返回考核计划"));
  replace(ctx.el, h("nav", { class: "tabs no-print", "aria-label": "打印内容" }, Object.entries(SHEETS).map(([key, [text]]) => {
    const a = h("a", { class: "tab", href: `#/assessment/plans/${p.id}/print?sheet=${key}` }, text);
    if ((ctx.query.sheet || "tickets") === key) a.setAttribute("aria-current", "page");
    return a;
  })), build(p, r.candidates || []));
}

export default {
  routes: [{ path: "/assessment/plans/:id/print", title: "打印", parent: "/assessment/plans", permission: [MANAGE, REVIEW], render }],
};
