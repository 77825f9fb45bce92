// 打印报名表 / 打印个人承诺书 (EN-8): the student's own enrollment as the printable form
// (shared/printed-forms.js), with a button that opens the phone's print dialog.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { enrollmentForm, commitmentLetter } from "/shared/printed-forms.js";

export default async function render(ctx) {
  const id = Number(ctx.params.id);
  const which = ctx.params.which === "commitment" ? "commitment" : "form";
  const [e, profile] = await Promise.all([get(`/api/v1/enrollments/${id}`), get("/api/v1/me/profile").catch(() => ({}))]);
  ctx.setTitle(which === "form" ? "报名表" : "个人承诺书");
  const print = h("button", { type: "button", class: "primary block" }, "打印");
  print.addEventListener("click", () => window.print());
  return [
    h("div", { class: "m-actions no-print" }, print),
    which === "form" ? enrollmentForm(e, Number(profile.photoFileId) || 0) : commitmentLetter(e),
  ];
}
