// 打印报名表 / 打印个人承诺书 / 准考证 (EN-8): the student's own enrollment as the printable form
// (shared/printed-forms.js), or the admission ticket of the student's test (shared/printed-sheets.js,
// from GET /api/v1/me/assessments), with a button that opens the phone's print dialog.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { enrollmentForm, commitmentLetter } from "/shared/printed-forms.js";
import { admissionTicket } from "/shared/printed-sheets.js";

function printButton() {
  const print = h("button", { type: "button", class: "primary block" }, "打印");
  print.addEventListener("click", () => window.print());
  return h("div", { class: "m-actions no-print" }, print);
}

/** The ticket of test plan `planId` (from 我的考试), or of enrollment `id`'s latest test. */
async function ticket(ctx) {
  let planId = Number(ctx.params.planId);
  if (!planId) {
    const e = await get(`/api/v1/enrollments/${Number(ctx.params.id)}`);
    planId = Number(e.assessment && e.assessment.testPlanId);
  }
  const mine = (await get("/api/v1/me/assessments")).assessments || [];
  const a = mine.find((x) => x.testPlan && Number(x.testPlan.id) === planId);
  ctx.setTitle("准考证");
  if (!a) return [h("div", { class: "m-item empty" }, "考核计划审核通过后才能查看准考证。")];
  return [printButton(), admissionTicket(a.testPlan, a.candidate)];
}

export default async function render(ctx) {
  if (ctx.params.which === "ticket" || ctx.params.planId) return ticket(ctx);
  const id = Number(ctx.params.id);
  const which = ctx.params.which === "commitment" ? "commitment" : "form";
  const [e, profile] = await Promise.all([get(`/api/v1/enrollments/${id}`), get("/api/v1/me/profile").catch(() => ({}))]);
  ctx.setTitle(which === "form" ? "报名表" : "个人承诺书");
  return [printButton(), which === "form" ? enrollmentForm(e, Number(profile.photoFileId) || 0) : commitmentLetter(e)];
}
