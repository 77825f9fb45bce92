// 报名记录 (EN-3, EN-4, EN-7): the student's enrollments with their state and, when rejected,
// the reasons (GET /api/v1/me/enrollments).
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { dateTime, enumValue } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { href } from "/shared/router.js";
import { pager, enrollmentTag } from "/shared/ui.js";
import { seg, rejectReasons, rejectionText } from "../ui.js";

const STATES = [["", "全部"], ["submitted", "待审核"], ["approved", "已确认"], ["rejected", "已驳回"], ["withdrawn", "已撤回"]];

export function enrollmentCard(e, reasons) {
  const rejected = enumValue("EnrollmentState", e.state) === "REJECTED";
  const ce = enumValue("PlanKind", e.kind) === "CONTINUING_EDUCATION";
  return h("a", { class: "m-item", href: `#/enrollments/${e.id}` },
    h("h3", null, h("span", null, e.planName || "报名"), enrollmentTag(e.state)),
    h("p", null, `${ce ? "继续教育" : "新取证"} · ${postName(e.form && e.form.post)}`),
    h("p", null, e.orgName),
    h("p", null, "提交时间：" + dateTime(e.submittedAtUnix)),
    rejected ? h("div", { class: "m-reason" }, "驳回原因：" + (rejectionText(e, reasons) || "未说明")) : null);
}

export default async function render(ctx) {
  const { query } = ctx;
  const state = STATES.some(([v]) => v === query.state) ? query.state : "";
  const tokens = query.tokens ? query.tokens.split(",") : [];
  const pageToken = query.page || "";
  const [r, reasons] = await Promise.all([
    get("/api/v1/me/enrollments", { state, pageSize: 20, pageToken }),
    rejectReasons().catch(() => new Map()),
  ]);
  const list = r.enrollments || [];
  const out = [seg(STATES.map(([v, t]) => [href("/enrollments", { state: v }), t, v === state]), "报名状态")];
  if (!list.length) {
    out.push(h("div", { class: "m-item empty" }, state ? "没有该状态的报名" : "您还没有报名记录"),
      state ? null : h("a", { class: "btn primary block", href: "#/plans" }, "去报名"));
    return out;
  }
  out.push(list.map((e) => enrollmentCard(e, reasons)));
  if (tokens.length || (r.page && r.page.nextPageToken)) {
    out.push(pager({
      page: r.page, tokens,
      onPage: (token, dir) => {
        const t = dir > 0 ? [...tokens, pageToken] : tokens.slice(0, -1);
        location.hash = href("/enrollments", { state, page: token, tokens: t.join(",") });
      },
    }));
  }
  return out;
}
