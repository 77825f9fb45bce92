// 我的班级 (CL-3, CL-6): the classes the student is in (GET /api/v1/my-classes), each with its
// state, the hours credited of the post's required hours, and 合格 once they are reached.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { date, number } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { href } from "/shared/router.js";
import { tag, classTag } from "/shared/ui.js";
import { hoursMeter } from "../lessons.js";

/** One class as a card linking to its hours. */
export function classCard(m) {
  const c = m.class || {};
  const lessons = c.lessons || [];
  const first = lessons[0], last = lessons[lessons.length - 1];
  return h("a", { class: "m-item", href: href("/hours", { class: c.id }) },
    h("h3", null, h("span", null, c.name), h("span", { class: "m-tags" }, classTag(c.state), m.eligible ? tag("合格", "success") : null)),
    h("p", null, `${c.orgName} · ${postName(c.post)}`),
    first ? h("p", null, `培训时间：${date(first.startUnix)} 至 ${date(last.endUnix)}`) : null,
    c.venue && c.venue.name ? h("p", null, `培训地点：${c.venue.name}`) : null,
    hoursMeter(m.creditedHours, c.requiredHours),
    h("div", { class: "m-item-foot" },
      h("span", { class: "muted" }, `已获学时 ${number(m.creditedHours)} / ${number(c.requiredHours)}`),
      h("span", { class: "btn small" }, "学时明细")));
}

export default async function render() {
  const r = await get("/api/v1/my-classes", { pageSize: 50 });
  const list = r.classes || [];
  if (!list.length) {
    return [h("div", { class: "m-item empty" }, "您还没有班级。报名审核通过、培训机构开班后，班级会显示在这里。"),
      h("a", { class: "btn block", href: "#/enrollments" }, "查看报名记录")];
  }
  return [h("a", { class: "btn primary block m-today", href: "#/lessons" }, "今日课程 · 签到签退"), list.map(classCard)];
}
