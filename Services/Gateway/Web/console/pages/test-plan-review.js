// 考核审核 (AS-1, AS-3, B-6): the test plans and the score reports waiting at my stop, each
// accepted (受理) first and then approved or rejected with a reason; 全部考核计划 lists every
// plan in my subtree by state. The plan's detail page shows its candidates with their
// discipline record before the decision.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { input, select } from "/shared/forms.js";
import { dateTime, number, options, enumValue } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { testPlanTag, scoreTag } from "/shared/ui.js";
import { listPage, tabs } from "../list.js";
import { button } from "../common.js";
import { REVIEW, act, examTime } from "../assessment-ui.js";

function render(ctx) {
  const tab = ctx.query.tab || "plans";
  let page;
  const step = (p, action) => button({ accept: "受理", approve: "通过", reject: "不通过", scores_accept: "受理", scores_approve: "通过", scores_reject: "不通过" }[action],
    async () => { if (await act(p, action)) page.reload(); }, action.endsWith("reject") ? "danger" : "primary");
  const decisions = (p) => {
    const s = enumValue("TestPlanState", p.state), sc = enumValue("ScoreState", p.scoreState);
    if (tab === "plans") return s === "SUBMITTED" ? [step(p, "accept")] : s === "ACCEPTED" ? [step(p, "approve"), step(p, "reject")] : [];
    if (tab === "scores") return sc === "REPORTED" ? [step(p, "scores_accept")] : sc === "ACCEPTED" ? [step(p, "scores_approve"), step(p, "scores_reject")] : [];
    return [];
  };
  const query = (q) => tab === "plans" ? { awaitingMyReview: true, pageSize: q.pageSize, pageToken: q.pageToken }
    : tab === "scores" ? { awaitingMyScoreReview: true, pageSize: q.pageSize, pageToken: q.pageToken } : { ...q, tab: undefined };
  page = listPage(ctx, {
    before: tabs(ctx, "tab", [["plans", "待审核的考核计划"], ["scores", "待审核的成绩"], ["all", "全部考核计划"]]),
    keep: ["tab"],
    filters: tab === "all" ? [input("计划名称", "name", { maxlength: "50" }), select("计划状态", "state", options("TestPlanState"), { empty: "全部" }),
      select("成绩状态", "scoreState", options("ScoreState"), { empty: "全部" })] : [],
    load: (q) => api.get("/api/v1/test-plans", query(q)), key: "testPlans", caption: "考核计划",
    empty: tab === "plans" ? "没有待审核的考核计划" : tab === "scores" ? "没有待审核的成绩" : "没有符合条件的考核计划",
    columns: [
      { title: "考核计划", cell: (p) => h("a", { href: `#/assessment/plans/${p.id}` }, p.name) },
      { title: "培训机构", cell: (p) => p.orgName },
      { title: "岗位", cell: (p) => p.postName || postName(p.post) },
      { title: "考试时间", cell: (p) => examTime(p), class: "nowrap" },
      { title: "考生", cell: (p) => number(p.candidateCount), class: "num" },
      tab === "scores" ? { title: "成绩", cell: (p) => `合格 ${number(p.passedCount)} / 不合格 ${number(p.failedCount)} / 缺考 ${number(p.absentCount)}` } : null,
      { title: "状态", cell: (p) => tab === "scores" ? scoreTag(p.scoreState) : testPlanTag(p.state) },
      tab === "plans" ? { title: "上报时间", cell: (p) => dateTime(p.submittedAtUnix), class: "nowrap" } : null,
      { title: "操作", cell: (p) => h("div", { class: "actions" }, decisions(p), h("a", { class: "btn small", href: `#/assessment/plans/${p.id}` }, "详情")) },
    ].filter(Boolean),
  });
}

export default {
  menu: { group: "assessment", title: "考核审核", order: 20, permission: REVIEW },
  routes: [{ path: "/assessment/review", title: "考核审核", render }],
};
