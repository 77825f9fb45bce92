// 证书管理 (CE-1, CE-2, CE-4; docs/CERTIFICATES.md): the certificate library of the caller's
// organisation and its subtree with its filters, a certificate's detail with its signature
// facts and business log, and the province's 注销 and 恢复. Generation is
// a button on an approved test plan (test-plans.js, `generateButton`).
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, field, notice, toast } from "/shared/forms.js";
import { dateTime, options, number, skillLevel } from "/shared/format.js";
import { postName } from "/shared/catalog.js";
import { table, certificateTag, pushTag, confirm } from "/shared/ui.js";
import { listPage } from "../list.js";
import { button, formDialog } from "../common.js";

export const MANAGE = "certificate.manage";
const READ = [MANAGE, "certificate.business.apply", "assessment.manage"];
const EVENTS = { issue: "发证", cancel: "注销", reactivate: "恢复", push: "全国库已接收", push_rejected: "全国库拒收", print: "打印", unprint: "改为未打印",
  change: "变更", void: "作废", reissue: "补办", rename: "单位更名" };

const levelText = (c) => skillLevel(c.level);

function library(ctx) {
  listPage(ctx, {
    filters: [
      input("证书编号/姓名/身份证号", "query", { maxlength: "30", autocomplete: "off" }),
      input("岗位代码", "post", { maxlength: "3" }),
      select("证书状态", "status", options("CertificateStatus"), { empty: "全部" }),
      select("推送状态", "pushState", options("PushState"), { empty: "全部" }),
      input("发证日期起", "issuedFrom", { type: "date" }),
      input("发证日期止", "issuedTo", { type: "date" }),
    ],
    load: (q) => api.get("/api/v1/certificates", q), key: "certificates",
    empty: "没有符合条件的证书",
    keep: ["testPlanId"],
    before: ctx.query.testPlanId ? h("p", { class: "muted" }, "仅显示一个考核计划生成的证书。",
      h("a", { href: "#/certificates" }, "查看全部证书")) : null,
    columns: [
      { title: "证书编号", class: "nowrap", cell: (c) => h("a", { href: `#/certificates/${c.id}` }, c.number) },
      { title: "姓名", cell: (c) => c.holderName },
      { title: "身份证号", class: "nowrap", cell: (c) => c.idNumber },
      { title: "岗位", cell: (c) => c.postName || postName(c.post) },
      { title: "培训机构", cell: (c) => c.orgName },
      { title: "发证机关", cell: (c) => c.issuerName },
      { title: "发证日期", class: "nowrap", cell: (c) => c.issuedOn },
      { title: "有效期至", class: "nowrap", cell: (c) => c.validUntil },
      { title: "状态", cell: (c) => certificateTag(c.status) },
      { title: "推送", cell: (c) => pushTag(c.pushState) },
      { title: "打印", class: "nowrap", cell: (c) => (Number(c.printedAtUnix) ? (Number(c.printCount) > 1 ? `补${c.printCount - 1}` : "已打印") : "未打印") },
    ],
    tools: button("导出 CSV", async () => {
      const keys = ["query", "post", "status", "pushState", "issuedFrom", "issuedTo", "testPlanId", "orgId"];
      const q = Object.fromEntries(keys.filter((k) => ctx.query[k]).map((k) => [k, ctx.query[k]]));
      await api.download("/api/v1/certificates.csv", q, `证书库-${new Date().toISOString().slice(0, 10)}.csv`);
      toast("已导出（最多 10000 条；身份证号已隐藏中间位）");
    }),
  });
}

async function changeState(c, action, reload) {
  if (action === "cancel") {
    const done = await formDialog(`注销证书 ${c.number}`, [
      h("p", null, `注销后证书查询显示“已注销”，电子证书验签不再通过；可由省级主管部门恢复。`),
      field("注销原因", h("textarea", { name: "reason", maxlength: "200" }), { required: true }),
    ], (v) => api.post(`/api/v1/certificates/${c.id}/actions`, { action: "CERTIFICATE_ACTION_CANCEL", reason: v.reason }),
    { okText: "注销", danger: true });
    if (!done) return;
    toast("证书已注销");
  } else {
    if (!(await confirm("恢复证书", `确定恢复证书 ${c.number} 吗？恢复后证书重新有效。`, { okText: "恢复" }))) return;
    await api.post(`/api/v1/certificates/${c.id}/actions`, { action: "CERTIFICATE_ACTION_REACTIVATE" });
    toast("证书已恢复");
  }
  await reload();
}

/** CE-6: 未打印, 已打印 (time), 补N from the second print. */
export function printStatus(c) {
  const count = Number(c.printCount);
  if (!Number(c.printedAtUnix)) return count ? `未打印（此前已打印 ${count} 次）` : "未打印";
  return `已打印 ${dateTime(c.printedAtUnix)}${count > 1 ? `（补${count - 1}）` : ""}`;
}

async function setPrinted(c, printed, reload) {
  const text = printed ? "登记为已打印（不经本页打印时使用）" : "改为未打印（打印失败或需重新打印时使用）";
  if (!(await confirm("打印状态", `确定将证书 ${c.number} ${text}吗？`))) return;
  await api.post(`/api/v1/certificates/${c.id}/print`, { printed });
  toast("打印状态已更新");
  await reload();
}

async function detail(ctx) {
  const reload = () => detail(ctx);
  const c = await api.get(`/api/v1/certificates/${ctx.params.id}`);
  ctx.setTitle(`证书 ${c.number}`);
  const province = ctx.me.organisation.kind === "ORG_KIND_PROVINCE" && ctx.can(MANAGE);
  const state = { CERTIFICATE_STATE_CANCELLED: "cancel", CERTIFICATE_STATE_VOIDED: "void" }[c.state] || "valid";
  replace(ctx.el,
    c.status === "CERTIFICATE_STATUS_CANCELLED" ? notice("该证书已注销。", "error") : null,
    c.status === "CERTIFICATE_STATUS_VOIDED" ? notice(h("span", null, "该证书已补办作废，新证书：",
      h("a", { href: `#/certificates?query=${c.replacedByNumber}` }, c.replacedByNumber)), "error") : null,
    h("section", { class: "card certificate-facts" },
      h("figure", { class: "certificate-qr" }, h("img", { src: `/api/v1/certificates/${c.id}/qr.svg`, alt: `证书 ${c.number} 的验证二维码`, width: "160", height: "160" }),
        h("figcaption", null, "扫码查验（含电子签名）")),
      h("dl", { class: "details" },
      h("dt", null, "证书编号"), h("dd", null, c.number),
      h("dt", null, "证书状态"), h("dd", null, certificateTag(c.status)),
      h("dt", null, "持证人"), h("dd", null, c.holderName),
      h("dt", null, "身份证号"), h("dd", null, c.idNumber),
      h("dt", null, "工作单位"), h("dd", null, c.employer || "—"),
      c.replacesNumber ? [h("dt", null, "补办自"), h("dd", null, `原证书编号 ${c.replacesNumber}（已作废）`)] : null,
      h("dt", null, "岗位/工种"), h("dd", null, `${c.postName || postName(c.post)}（${c.post}）`),
      h("dt", null, "等级"), h("dd", null, levelText(c)),
      h("dt", null, "培训机构"), h("dd", null, c.orgName),
      h("dt", null, "发证机关"), h("dd", null, c.issuerName),
      h("dt", null, "发证日期"), h("dd", null, c.issuedOn),
      h("dt", null, "有效期至"), h("dd", null, c.validUntil),
      h("dt", null, "全国平台推送"), h("dd", null, pushTag(c.pushState), c.pushError ? ` ${c.pushError}` : ""),
      h("dt", null, "电子签名"), h("dd", null, `ECDSA P-256，密钥 ${c.keyId}`),
      Number(c.testPlanId) ? [h("dt", null, "考核计划"), h("dd", null, h("a", { href: `#/assessment/plans/${c.testPlanId}` }, "查看考核计划"))] : null,
      h("dt", null, "打印状态"), h("dd", null, printStatus(c)))),
    h("div", { class: "actions review-actions" },
      ctx.can(MANAGE) && state === "valid" ? h("a", { class: "btn primary", href: `#/certificates/${c.id}/print` }, "打印证书") : null,
      state === "valid" ? h("a", { class: "btn", href: `/api/v1/certificates/${c.id}/certificate.pdf`, download: "" }, "下载电子证书（PDF）") : null,
      ctx.can(MANAGE) && Number(c.printedAtUnix) ? button("改为未打印", () => setPrinted(c, false, reload)) : null,
      ctx.can(MANAGE) && state === "valid" && !Number(c.printedAtUnix) ? button("登记为已打印", () => setPrinted(c, true, reload)) : null,
      ctx.can("certificate.business.apply") && c.status === "CERTIFICATE_STATUS_VALID"
        ? h("a", { class: "btn", href: `#/certificate-business/apply?query=${c.number}` }, "办理证书业务") : null,
      province && state !== "void" ? (state === "valid"
        ? button("注销证书", () => changeState(c, "cancel", reload), "danger")
        : button("恢复证书", () => changeState(c, "reactivate", reload), "primary")) : null),
    h("section", { class: "card" }, h("h2", null, "业务日志"), table([
      { title: "时间", class: "nowrap", cell: (e) => dateTime(e.atUnix) },
      { title: "业务", cell: (e) => EVENTS[e.action] || e.action },
      { title: "办理人", cell: (e) => e.actorName || "系统" },
      { title: "原因", cell: (e) => e.reason || "—" },
    ], c.events || [], { caption: "业务日志", empty: "暂无记录" })));
}

/** CE-2: the authority's 生成证书 on a test plan whose scores it approved; null otherwise. */
export function generateButton(ctx, plan, reload) {
  if (!ctx.can(MANAGE) || plan.scoreState !== "SCORE_STATE_APPROVED") return null;
  return button("生成证书", async () => {
    const ok = await confirm("生成证书", `为本考核计划的 ${number(plan.passedCount)} 名合格考生生成证书（编号、电子签名一次完成，全部成功或全部不生成）。确定生成吗？`,
      { okText: "生成证书" });
    if (!ok) return;
    const r = await api.post(`/api/v1/test-plans/${plan.id}/certificates`, {});
    toast(r.alreadyGenerated ? `证书此前已生成（${number(r.issued)} 本）` : `已生成 ${number(r.issued)} 本证书：${r.firstNumber} 至 ${r.lastNumber}`);
    ctx.go(`/certificates?testPlanId=${plan.id}`);
    if (reload) await reload();
  }, "primary");
}

export default {
  menu: { group: "certificates", title: "证书库", order: 10, permission: READ },
  routes: [
    { path: "/certificates", title: "证书库", permission: READ, render: library },
    { path: "/certificates/:id", title: "证书详情", parent: "/certificates", permission: READ, render: detail },
  ],
};
