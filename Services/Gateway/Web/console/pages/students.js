// 我的学员 (EN-5): the approved students of my institution across plans, with class status.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { input, select } from "/shared/forms.js";
import { dateTime } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { tag } from "/shared/ui.js";
import { listPage } from "../list.js";
import { planChoices } from "./review.js";

async function render(ctx) {
  listPage(ctx, {
    filters: [
      input("姓名", "name"), input("身份证号", "idNumber", { maxlength: "18" }), input("手机号", "phone", { type: "tel", maxlength: "11" }),
      input("工作单位", "employer"), select("报名计划", "planId", await planChoices(), { empty: "全部计划" }),
    ],
    load: (q) => api.get("/api/v1/my-students", q), key: "enrollments", empty: "没有符合条件的学员",
    columns: [
      { title: "姓名", cell: (e) => h("a", { href: `#/enrollment/review/${e.id}` }, e.name) },
      { title: "身份证号", cell: (e) => e.idNumber, class: "nowrap" },
      { title: "手机号", cell: (e) => e.phone, class: "nowrap" },
      { title: "工作单位", cell: (e) => (e.form && e.form.employerName) || "—" },
      { title: "报名计划", cell: (e) => e.planName },
      { title: "岗位", cell: (e) => postName(e.form && e.form.post) },
      { title: "确认时间", cell: (e) => dateTime(e.reviewedAtUnix), class: "nowrap" },
      { title: "班级", cell: (e) => e.classApplicationSubmitted ? tag("已申请开班", "success") : tag("待开班", "muted") },
    ],
  });
}

export default {
  menu: { group: "enrollment", title: "我的学员", order: 30, permission: "enrollment.review" },
  routes: [{ path: "/enrollment/students", title: "我的学员", render }],
};
