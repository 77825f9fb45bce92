// 全国库对账 (B-3, docs/CERTIFICATES.md): what the national registry was sent and answered, per day
// the records were written and issuing authority, with a total row. Records still waiting are
// retried by the pusher; rejected ones carry the registry's reason on the certificate.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { input, notice } from "/shared/forms.js";
import { number } from "/shared/format.js";
import { listPage } from "../list.js";
import { MANAGE } from "./certificates.js";

function withTotal(r) {
  const rows = r.rows || [];
  return { rows: rows.length ? [...rows, { ...r.totals, day: "合计", issuerName: `${r.fromDay} 至 ${r.toDay}`, total: true }] : [] };
}

function count(key, link) {
  return {
    title: { written: "写入", delivered: "已应答", accepted: "已接收", rejected: "被拒收", waiting: "待推送", failing: "其中多次失败" }[key],
    class: "num",
    cell: (row) => {
      const n = Number(row[key] || 0);
      if (!link || row.total || !n) return number(n);
      return h("a", { href: `#/certificates?pushState=${link}` }, number(n));
    },
  };
}

function reconciliation(ctx) {
  listPage(ctx, {
    filters: [input("开始日期", "fromDay", { type: "date" }), input("结束日期", "toDay", { type: "date" })],
    load: async (q) => withTotal(await api.get("/api/v1/certificate-reconciliation", { fromDay: q.fromDay, toDay: q.toDay })),
    key: "rows",
    empty: "所选日期内没有推送全国库的记录",
    before: notice("证书的发放、注销和恢复都会推送至全国建筑施工人员证书库。未应答的记录会自动重试；被拒收的记录请查看证书详情中的原因。默认显示最近 31 天。", "info"),
    columns: [
      { title: "日期", class: "nowrap", cell: (r) => r.day },
      { title: "发证机关", cell: (r) => r.issuerName },
      count("written"), count("delivered"), count("accepted"), count("rejected", "PUSH_STATE_FAILED"),
      count("waiting", "PUSH_STATE_PENDING"), count("failing"),
    ],
  });
}

export default {
  menu: { group: "certificates", title: "全国库对账", order: 30, permission: MANAGE },
  routes: [{ path: "/certificates/reconciliation", title: "全国库对账", permission: MANAGE, render: reconciliation }],
};
