// 打印 (EN-8): the enrollment form (报名表) and the personal commitment (个人承诺书), rendered
// from the enrollment's JSON; the print CSS leaves only the form on paper.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { dateTime, label, date } from "/shared/format.js";
import { postName, divisionName } from "/shared/catalog.js";

const DEFAULT_COMMITMENT = "本人承诺所填报信息真实、准确、完整，如有虚假，愿承担相应责任。";

async function load(ctx) {
  const e = await api.get(`/api/v1/enrollments/${ctx.params.id}`);
  const profile = await api.get(`/api/v1/students/${e.studentUserId}/profile`).catch(() => ({}));
  const print = h("button", { type: "button", class: "primary" }, "打印");
  print.addEventListener("click", () => window.print());
  ctx.actions.append(print, h("a", { class: "btn", href: `#/enrollment/review/${e.id}` }, "返回报名详情"));
  return { e, f: e.form || {}, photo: Number(profile.photoFileId) || 0 };
}

async function form(ctx) {
  const { e, f, photo } = await load(ctx);
  ctx.setTitle(`报名表 — ${e.name}`);
  const rows = [["报名编号", e.id], ["姓名", e.name], ["性别", f.gender], ["身份证号", e.idNumber], ["手机号", e.phone],
    ["培训机构", e.orgName], ["报名计划", e.planName], ["专业及岗位", postName(f.post)], ["就业状态", label("EmploymentStatus", f.employmentStatus)],
    ["工作单位", f.employerName], ["工商注册地", f.employerDivisionCode ? divisionName(f.employerDivisionCode) : ""], ["学历", f.education],
    ["毕业院校", f.school], ["所学专业", f.major], ["工作简历", f.workHistory], ["工作业绩", f.achievements], ["证书编号", f.certificateNumber],
    ["提交时间", dateTime(e.submittedAtUnix)], ["审核状态", label("EnrollmentState", e.state)]].filter(([, v]) => v !== undefined && v !== null && v !== "" && v !== "—");
  replace(ctx.el, h("article", { class: "printable" },
    h("h1", null, "住房和城乡建设领域施工现场专业人员培训报名表"),
    photo ? h("img", { class: "photo", src: `/api/v1/files/${photo}`, alt: "证件照" }) : null,
    h("table", null, h("tbody", null, rows.map(([k, v]) => h("tr", null, h("th", { scope: "row" }, k), h("td", null, String(v)))))),
    h("p", { class: "sign" }, "本人签名：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿")));
}

async function commitment(ctx) {
  const { e, f } = await load(ctx);
  ctx.setTitle(`个人承诺书 — ${e.name}`);
  replace(ctx.el, h("article", { class: "printable" },
    h("h1", null, "个人报名承诺书"),
    h("p", null, `承诺人：${e.name}　身份证号：${e.idNumber}`),
    h("p", null, `报考岗位：${postName(f.post)}　培训机构：${e.orgName}`),
    h("p", { class: "text" }, f.personalCommitment || DEFAULT_COMMITMENT),
    h("p", { class: "sign" }, "承诺人签名：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"),
    h("p", { class: "sign muted" }, `打印日期：${date(Date.now() / 1000)}`)));
}

const PERMS = ["enrollment.review", "enrollment.plan.approve", "enrollment.plan.manage"];
export default {
  routes: [
    { path: "/enrollment/print/:id/form", title: "报名表", parent: "/enrollment/review", permission: PERMS, render: form },
    { path: "/enrollment/print/:id/commitment", title: "个人承诺书", parent: "/enrollment/review", permission: PERMS, render: commitment },
  ],
};
