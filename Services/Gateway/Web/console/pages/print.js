// 打印 (EN-8): the enrollment form (报名表) and the personal commitment (个人承诺书) of an
// enrollment under review (shared/printed-forms.js builds them).
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { enrollmentForm, commitmentLetter } from "/shared/printed-forms.js";

async function load(ctx) {
  const e = await api.get(`/api/v1/enrollments/${ctx.params.id}`);
  const print = h("button", { type: "button", class: "primary" }, "打印");
  print.addEventListener("click", () => window.print());
  ctx.actions.append(print, h("a", { class: "btn", href: `#/enrollment/review/${e.id}` }, "返回报名详情"));
  return e;
}

async function form(ctx) {
  const e = await load(ctx);
  const profile = await api.get(`/api/v1/students/${e.studentUserId}/profile`).catch(() => ({}));
  ctx.setTitle(`报名表 — ${e.name}`);
  replace(ctx.el, enrollmentForm(e, Number(profile.photoFileId) || 0));
}

async function commitment(ctx) {
  const e = await load(ctx);
  ctx.setTitle(`个人承诺书 — ${e.name}`);
  replace(ctx.el, commitmentLetter(e));
}

const PERMS = ["enrollment.review", "enrollment.plan.approve", "enrollment.plan.manage"];
export default {
  routes: [
    { path: "/enrollment/print/:id/form", title: "报名表", parent: "/enrollment/review", permission: PERMS, render: form },
    { path: "/enrollment/print/:id/commitment", title: "个人承诺书", parent: "/enrollment/review", permission: PERMS, render: commitment },
  ],
};
