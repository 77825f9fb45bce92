// 证书统计 (CE-8, docs/CERTIFICATES.md): the certificates of the caller's organisation and its
// subtree — issued per month over the last 6 months and valid today, per city as a bar chart
// and per institution as a table, with CSV and XLSX exports. Read from tallies kept with the
// certificates, so a province's figures come at once.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { number } from "/shared/format.js";
import { barChart } from "/shared/charts.js";
import { table } from "/shared/ui.js";
import { button } from "../common.js";

const READ = ["certificate.manage", "certificate.business.apply", "assessment.manage"];

async function statistics(ctx) {
  const s = await api.get("/api/v1/certificate-statistics");
  const exportAs = (format) => button(`导出 ${format.toUpperCase()}`, () =>
    api.download("/api/v1/certificate-statistics/export", { format }, `证书统计-${s.asOf}.${format}`));
  ctx.actions.append(exportAs("csv"), exportAs("xlsx"));
  const months = s.months || [];
  replace(ctx.el,
    h("div", { class: "stat-cards" },
      h("section", { class: "card stat" }, h("h2", null, "有效证书"), h("p", { class: "stat-number" }, number(s.validTotal)), h("p", { class: "muted" }, `截至 ${s.asOf}`)),
      h("section", { class: "card stat" }, h("h2", null, "累计发证"), h("p", { class: "stat-number" }, number(s.issuedTotal)), h("p", { class: "muted" }, "含已注销、已过期")),
      h("section", { class: "card stat" }, h("h2", null, "近6个月发证"), h("p", { class: "stat-number" }, number(months.reduce((a, m) => a + Number(m.issued), 0))),
        h("p", { class: "muted" }, months.length ? `${months[0].month} 至 ${months[months.length - 1].month}` : ""))),
    h("section", { class: "card" }, h("h2", null, "近6个月每月发证数"),
      barChart({ bars: months.map((m) => ({ label: m.month, value: m.issued })), title: "近6个月每月发证数", unit: "本" })),
    h("section", { class: "card" }, h("h2", null, "各地市发证数"),
      (s.cities || []).length ? barChart({ bars: s.cities.map((c) => ({ label: c.name.replace(/市$/, ""), value: c.issued })), title: "各地市发证数", unit: "本" })
        : h("p", { class: "muted" }, "暂无证书")),
    h("section", { class: "card" }, h("h2", null, "各培训机构"), table([
      { title: "培训机构", cell: (g) => g.name },
      { title: "发证数", class: "num", cell: (g) => number(g.issued) },
      { title: "有效证书", class: "num", cell: (g) => number(g.valid) },
    ], s.institutions || [], { caption: "各培训机构发证数", empty: "暂无证书" })));
}

export default {
  menu: { group: "certificates", title: "证书统计", order: 50, permission: READ },
  routes: [{ path: "/certificates/statistics", title: "证书统计", permission: READ, render: statistics }],
};
