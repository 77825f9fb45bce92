// 证书查询日志 (B-4, docs/CERTIFICATES.md): every public lookup — when, from which address, what was
// asked (ID numbers and names masked) and what came of it. The province's alone.
import * as api from "/shared/api.js";
import { input, notice, select } from "/shared/forms.js";
import { dateTime, label, options } from "/shared/format.js";
import { tag } from "/shared/ui.js";
import { listPage } from "../list.js";
import { MANAGE } from "./certificates.js";

const KINDS = { number: "证书编号", person: "身份证号码和姓名" };
const RESULT_TAGS = { FOUND: "success", NOT_FOUND: "muted", CHALLENGED: "info", CHALLENGE_FAILED: "warning", LIMITED: "danger" };

function lookupLog(ctx) {
  listPage(ctx, {
    filters: [
      input("来源地址", "ip", { maxlength: "45" }),
      select("结果", "result", options("LookupResult"), { empty: "全部" }),
      input("开始日期", "fromDay", { type: "date" }), input("结束日期", "toDay", { type: "date" }),
    ],
    load: (q) => api.get("/api/v1/certificate-lookup-log", q), key: "entries",
    empty: "没有符合条件的查询记录",
    before: notice("公开证书查询（无需登录）的每一次查询都记录在此。同一地址多次未查到后需完成验证；同一身份证号码每小时查询次数有上限。", "info"),
    columns: [
      { title: "时间", class: "nowrap", cell: (e) => dateTime(e.atUnix) },
      { title: "来源地址", class: "nowrap", cell: (e) => e.ip },
      { title: "查询方式", cell: (e) => KINDS[e.kind] || e.kind },
      { title: "查询内容", cell: (e) => e.asked },
      { title: "结果", cell: (e) => tag(label("LookupResult", e.result), RESULT_TAGS[String(e.result).replace("LOOKUP_RESULT_", "")] || "muted") },
    ],
  });
}

export default {
  menu: { group: "certificates", title: "证书查询日志", order: 40, permission: MANAGE, when: (me) => me.organisation.kind === "ORG_KIND_PROVINCE" },
  routes: [{ path: "/certificates/lookup-log", title: "证书查询日志", permission: MANAGE, render: lookupLog }],
};
