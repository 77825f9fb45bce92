// The printable forms of an enrollment (EN-8): the enrollment form (报名表) and the personal
// commitment (个人承诺书), built from GET /api/v1/enrollments/{id}. The console and the student
// pages both show them; base.css's .printable and print rules leave only the form on paper.
import { h } from "/shared/dom.js";
import { dateTime, label, date } from "/shared/format.js";
import { postName, divisionName } from "/shared/catalog.js";

const DEFAULT_COMMITMENT = "本人承诺所填报信息真实、准确、完整，如有虚假，愿承担相应责任。";

/** The 报名表 of enrollment `e`, with the student's photo when `photoFileId` is set. */
export function enrollmentForm(e, photoFileId) {
  const f = e.form || {};
  const rows = [["报名编号", e.id], ["姓名", e.name], ["性别", f.gender], ["身份证号", e.idNumber], ["手机号", e.phone],
    ["培训机构", e.orgName], ["报名计划", e.planName], ["专业及岗位", postName(f.post)], ["就业状态", label("EmploymentStatus", f.employmentStatus)],
    ["工作单位", f.employerName], ["工商注册地", f.employerDivisionCode ? divisionName(f.employerDivisionCode) : ""], ["学历", f.education],
    ["毕业院校", f.school], ["所学专业", f.major], ["工作简历", f.workHistory], ["工作业绩", f.achievements], ["证书编号", f.certificateNumber],
    ["提交时间", dateTime(e.submittedAtUnix)], ["审核状态", label("EnrollmentState", e.state)]]
    .filter(([, v]) => v !== undefined && v !== null && v !== "" && v !== "—");
  return h("article", { class: "printable" },
    h("h1", null, "住房和城乡建设领域施工现场专业人员培训报名表"),
    photoFileId ? h("img", { class: "photo", src: `/api/v1/files/${photoFileId}`, alt: "证件照" }) : null,
    h("table", null, h("tbody", null, rows.map(([k, v]) => h("tr", null, h("th", { scope: "row" }, k), h("td", null, String(v)))))),
    h("p", { class: "sign" }, "本人签名：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"));
}

/** The 个人承诺书 of enrollment `e`. */
export function commitmentLetter(e) {
  const f = e.form || {};
  return h("article", { class: "printable" },
    h("h1", null, "个人报名承诺书"),
    h("p", null, `承诺人：${e.name}　身份证号：${e.idNumber}`),
    h("p", null, `报考岗位：${postName(f.post)}　培训机构：${e.orgName}`),
    h("p", { class: "text" }, f.personalCommitment || DEFAULT_COMMITMENT),
    h("p", { class: "sign" }, "承诺人签名：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"),
    h("p", { class: "sign muted" }, `打印日期：${date(Date.now() / 1000)}`));
}
