// 报名人员查询 (EN-5): search enrollments in my scope by name, ID, phone, employer,
// institution, plan and state; export the result as CSV.
import * as api from "/shared/api.js";
import { enrollmentTag } from "/shared/ui.js";
import { h } from "/shared/dom.js";
import { input, select, toast } from "/shared/forms.js";
import { dateTime, label, options } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { listPage } from "../list.js";
import { orgChoices, button } from "../common.js";
import { planChoices } from "./review.js";

const FILTERS = ["name", "idNumber", "phone", "employer", "orgId", "planId", "state"];

async function render(ctx) {
  const authority = ctx.can("enrollment.plan.approve");
  const institutions = authority ? await orgChoices(["TRAINING_INSTITUTION", "CE_BASE", "PROVINCE_DIRECT"]) : [];
  const exportBtn = button("导出 CSV", async () => {
    const q = Object.fromEntries(FILTERS.filter((k) => ctx.query[k]).map((k) => [k, ctx.query[k]]));
    const stamp = new Date().toISOString().slice(0, 10);
    await api.download("/api/v1/personnel.csv", q, `报名人员-${stamp}.csv`);
    toast("已导出（最多 10000 条；身份证号、手机号已按规定隐藏中间位）");
  });
  listPage(ctx, {
    filters: [
      input("姓名", "name", {}, { hint: "按开头匹配" }), input("身份证号", "idNumber", { maxlength: "18" }, { hint: "完整号码" }),
      input("手机号", "phone", { type: "tel", maxlength: "11" }), input("工作单位", "employer"),
      authority ? select("培训机构", "orgId", institutions, { empty: "全部" }) : null,
      select("报名计划", "planId", await planChoices(), { empty: "全部计划" }),
      select("状态", "state", options("EnrollmentState"), { empty: "全部" }),
    ].filter(Boolean),
    tools: exportBtn,
    load: (q) => api.get("/api/v1/personnel", q), key: "enrollments", empty: "没有符合条件的报名人员",
    columns: [
      { title: "姓名", cell: (e) => h("a", { href: `#/enrollment/review/${e.id}` }, e.name) },
      { title: "身份证号", cell: (e) => e.idNumber, class: "nowrap" },
      { title: "手机号", cell: (e) => e.phone, class: "nowrap" },
      { title: "工作单位", cell: (e) => (e.form && e.form.employerName) || "—" },
      { title: "培训机构", cell: (e) => e.orgName },
      { title: "报名计划", cell: (e) => e.planName },
      { title: "岗位", cell: (e) => postName(e.form && e.form.post) },
      { title: "类型", cell: (e) => label("PlanKind", e.kind) },
      { title: "提交时间", cell: (e) => dateTime(e.submittedAtUnix), class: "nowrap" },
      { title: "状态", cell: (e) => enrollmentTag(e.state) },
    ],
  });
}

export default {
  menu: { group: "enrollment", title: "报名人员查询", order: 40, permission: ["enrollment.review", "enrollment.plan.approve"] },
  routes: [{ path: "/enrollment/personnel", title: "报名人员查询", render }],
};
