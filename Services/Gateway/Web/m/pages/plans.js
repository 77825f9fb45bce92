// 报名 (tab): new-certificate plans open now, by city and post (GET /api/v1/open-enrollment-plans),
// the student's active enrollments on top (seed 001: "可以看到已经报名测试信息"), and the ways in:
// 新取证报名, 继续教育, 报名记录.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { date } from "/shared/format.js";
import { postList, divisionName, cityChoices, postName } from "/shared/catalog.js";
import { href } from "/shared/router.js";
import { seg } from "../ui.js";
import { enrollmentTag } from "/shared/ui.js";

function planCard(p, mine) {
  const left = Math.max(0, Number(p.headcount || 0) - Number(p.enrolled || 0));
  const pct = p.headcount ? Math.min(100, Math.round((Number(p.enrolled || 0) / Number(p.headcount)) * 10) * 10) : 0;
  const already = mine.find((e) => String(e.planId) === String(p.id));
  return h("article", { class: "m-item", "aria-label": p.name },
    h("h3", null, h("span", null, p.name), left > 0 ? null : h("span", { class: "tag tag-muted" }, "名额已满")),
    h("p", null, `${p.orgName} · ${divisionName(p.divisionCode)}`),
    h("p", null, "招收岗位：" + postList(p.posts)),
    h("p", null, `报名时间：${date(p.startUnix)} 至 ${date(p.endUnix)}`),
    h("div", { class: `m-meter w${pct}`, role: "img", "aria-label": `已报名 ${p.enrolled || 0} 人，共 ${p.headcount} 个名额` }, h("span")),
    h("div", { class: "m-item-foot" },
      h("span", { class: "muted" }, `剩余名额 ${left} / ${p.headcount}`),
      already ? h("a", { class: "btn small", href: `#/enrollments/${already.id}` }, "已报名 · 查看")
        : left > 0 ? h("a", { class: "btn primary small", href: href("/enroll", { plan: p.id }) }, "我要报名") : null));
}

export default async function render(ctx) {
  const { query } = ctx;
  const kind = query.kind === "ce" ? "ce" : "new";
  const division = query.city || "";
  const post = query.post || "";
  const [plansRes, mineRes] = await Promise.all([
    get("/api/v1/open-enrollment-plans", { kind: kind === "ce" ? "continuing_education" : "new_certificate", divisionCode: division, post, pageSize: 50 }),
    get("/api/v1/me/enrollments", { pageSize: 50 }),
  ]);
  const mine = (mineRes.enrollments || []).filter((e) => /SUBMITTED|APPROVED|REJECTED/.test(e.state || ""));
  const plans = plansRes.plans || [];

  const out = [
    h("div", { class: "m-grid" },
      h("a", { href: "#/enroll" }, h("span", { class: "m-grid-icon", "aria-hidden": "true" }, "新"), "新取证报名"),
      h("a", { href: "#/ce" }, h("span", { class: "m-grid-icon", "aria-hidden": "true" }, "继"), "继续教育报名"),
      h("a", { href: "#/enrollments" }, h("span", { class: "m-grid-icon", "aria-hidden": "true" }, "记"), "报名记录")),
  ];
  if (mine.length) {
    out.push(h("h2", { class: "m-section-title" }, "我的报名"),
      mine.slice(0, 3).map((e) => h("a", { class: "m-item", href: `#/enrollments/${e.id}` },
        h("h3", null, h("span", null, e.planName), enrollmentTag(e.state)),
        h("p", null, `${e.orgName} · ${postName(e.form && e.form.post)}`))));
  }

  const filter = h("form", { class: "m-filter", role: "search", "aria-label": "筛选报名计划" },
    h("label", { for: "pf-city" }, "培训机构所在地市"),
      h("select", { id: "pf-city", name: "city" }, h("option", { value: "" }, "全省"),
        cityChoices().map(([c, n]) => h("option", { value: c, selected: c === division }, n))));
  filter.addEventListener("change", () => {
    const city = filter.elements.city.value;
    location.hash = href("/plans", { kind: kind === "ce" ? "ce" : "", city, post });
  });

  out.push(h("h2", { class: "m-section-title" }, "正在报名的计划"),
    seg([[href("/plans", { city: division }), "新取证", kind === "new"], [href("/plans", { kind: "ce", city: division }), "继续教育", kind === "ce"]], "计划类型"),
    filter);
  if (!plans.length) {
    out.push(h("div", { class: "m-item empty" }, division ? `${divisionName(division)}暂无正在报名的计划` : "暂无正在报名的计划"));
  } else if (kind === "ce") {
    out.push(plans.map((p) => h("article", { class: "m-item" },
      h("h3", null, h("span", null, p.name)),
      h("p", null, `${p.orgName} · ${divisionName(p.divisionCode)}`),
      h("p", null, `报名时间：${date(p.startUnix)} 至 ${date(p.endUnix)}`),
      h("div", { class: "m-item-foot" }, h("span", { class: "muted" }, "凭证书编号报名"),
        h("a", { class: "btn primary small", href: href("/ce", { plan: p.id }) }, "继续教育报名")))));
  } else {
    out.push(plans.map((p) => planCard(p, mine)));
  }
  if (plansRes.page && plansRes.page.nextPageToken) out.push(h("p", { class: "muted m-foot-note" }, "仅显示前50个计划，请按地市筛选。"));
  return out;
}
