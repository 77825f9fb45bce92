// 证书业务 (CE-5, B-7; seed 002 §3 and the authorities' 变更/补办/注销管理): the unit's 申请业务
// (its valid certificates, each with 变更 / 补办 / 注销, and 单位更名 over all of them), 已申请业务
// (by state, with 业务打印 for approved name changes and reissues), the authorities' 业务审核
// (waiting at my organisation, or decided), 业务总览 per kind, and one business's detail with its
// evidence, review timeline, decision buttons and a rename's progress bar.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, field, notice, toast } from "/shared/forms.js";
import { dateTime, label, options, enumValue, number } from "/shared/format.js";
import { certificateTag, businessTag, table } from "/shared/ui.js";
import { shrink, RULES, ShrinkError } from "/shared/shrink.js";
import { listPage, tabs } from "../list.js";
import { button, formDialog, apiImage } from "../common.js";
import { timeline } from "../class-ui.js";

const APPLY = "certificate.business.apply";
const REVIEW = "certificate.business.review";
const READ = [APPLY, REVIEW, "certificate.manage"];
const PATH = "/api/v1/certificate-business";
const MAX_EVIDENCE = 5;
const STEPS = { submit: "提交申请", approve: "审核通过", reject: "审核不通过", remind: "催办" };

/** What a business asks for, in one line: "姓名：张三 → 李四；工作单位：甲 → 乙". */
function summary(b) {
  const kind = enumValue("BusinessKind", b.kind);
  if (kind === "REISSUE") return b.newNumber ? `补办，新证书编号 ${b.newNumber}` : "补办（新证书编号审核通过后生成）";
  if (kind === "CANCEL") return "注销证书";
  const parts = [];
  if (b.newName) parts.push(`姓名：${b.oldName} → ${b.newName}`);
  if (b.newIdNumber) parts.push(`身份证号：${b.oldIdNumber} → ${b.newIdNumber}`);
  if (b.newEmployer) parts.push(`工作单位：${b.oldEmployer || "（未登记）"} → ${b.newEmployer}`);
  return parts.join("；");
}

/** 1–5 evidence images: picked, shrunk below 200 KB in the page, uploaded one by one; the ids. */
function evidencePicker() {
  const ids = [];
  const list = h("ul", { class: "evidence-list" });
  const status = h("div", { class: "muted", "aria-live": "polite" }, "请上传单位出具的纸质申请表等证明材料，jpg或png格式，最多5张，每张不超过200KB（过大的图片会自动压缩）。");
  const picker = h("input", { type: "file", accept: "image/jpeg,image/png", multiple: "", "aria-label": "选择证明材料图片" });
  picker.addEventListener("change", async () => {
    for (const original of [...picker.files]) {
      if (ids.length >= MAX_EVIDENCE) { status.textContent = `最多上传${MAX_EVIDENCE}张图片`; break; }
      try {
        status.textContent = `正在处理 ${original.name}…`;
        const { file } = await shrink(original, RULES.evidence, { limitBytes: 200 * 1024 });
        const named = new File([file], original.name.replace(/\.\w+$/, "") + (file.type === "image/png" ? ".png" : ".jpg"), { type: file.type });
        const info = await api.upload(named, { path: "/api/v1/certificate-business-files" });
        ids.push(info.id);
        const remove = h("button", { type: "button", class: "small" }, "移除");
        const item = h("li", null, h("img", { src: `/api/v1/certificate-business-files/${info.id}`, alt: original.name }), remove);
        remove.addEventListener("click", () => { ids.splice(ids.indexOf(info.id), 1); item.remove(); status.textContent = `已上传 ${ids.length} 张`; });
        list.append(item);
        status.textContent = `已上传 ${ids.length} 张`;
      } catch (err) {
        status.textContent = err instanceof ShrinkError ? err.message : (err.message || "上传失败");
      }
    }
    picker.value = "";
  });
  return { ids, element: field("证明材料（1至5张图片）", h("div", { class: "evidence" }, picker, status, list), { required: true, wide: true }) };
}

/** The dialog of one business on certificate `c` (kind CHANGE, REISSUE or CANCEL). */
async function apply(c, kind, after) {
  const evidence = evidencePicker();
  const changeFields = kind === "CHANGE" ? [
    h("p", { class: "muted" }, "可变更姓名、身份证号、工作单位；姓名和身份证号不能在同一次业务中变更。不变更的项目请留空。"),
    field(`现姓名（原：${c.holderName}）`, h("input", { name: "newName", maxlength: "30", autocomplete: "off" })),
    field(`现身份证号（原：${c.idNumber}）`, h("input", { name: "newIdNumber", maxlength: "18", autocomplete: "off" })),
    field(`现工作单位（原：${c.employer || "未登记"}）`, h("input", { name: "newEmployer", maxlength: "60", autocomplete: "off" })),
  ] : [h("p", null, kind === "REISSUE"
    ? "补办审核通过后生成新的证书编号，原证书编号及其电子签名作废，公开查询显示“已作废”。"
    : "注销审核通过后证书状态改为“已注销”，公开查询和电子签名验证不再通过。")];
  const title = `${label("BusinessKind", kind)} — ${c.number} ${c.holderName}`;
  const done = await formDialog(title, [...changeFields,
    field("申请说明", h("textarea", { name: "reason", maxlength: "200" }), { wide: true }), evidence.element], (v) => api.post(PATH, {
    kind: `BUSINESS_KIND_${kind}`, certificateId: c.id, newName: v.newName || "", newIdNumber: v.newIdNumber || "",
    newEmployer: v.newEmployer || "", reason: v.reason || "", evidenceFileIds: evidence.ids,
  }), { okText: "提交申请", danger: kind === "CANCEL" });
  if (!done) return;
  toast(`${label("BusinessKind", kind)}申请已提交，等待${done.reviewerName || "主管部门"}审核`);
  after(done);
}

/** B-7: 单位更名 — the old name, its certificates previewed, the new name and the evidence. */
async function rename(ctx) {
  const evidence = evidencePicker();
  const preview = h("div", { class: "muted", "aria-live": "polite" }, "填写原工作单位名称后点击“预览”，查看将被更新的有效证书。");
  const oldName = h("input", { name: "oldEmployer", maxlength: "60", autocomplete: "off" });
  const show = button("预览", async () => {
    const r = await api.get("/api/v1/certificate-rename-preview", { oldEmployer: oldName.value.trim(), pageSize: 5 });
    const total = Number((r.page && r.page.total) || 0);
    replace(preview, total ? [h("p", null, `将更新 ${number(total)} 本有效证书，例如：`),
      h("ul", null, (r.certificates || []).map((c) => h("li", null, `${c.number} ${c.holderName}`)))] : notice("没有该工作单位的有效证书", "warning"));
  });
  const done = await formDialog("单位更名（批量更新证书的工作单位）", [
    h("p", { class: "muted" }, "企业更名后，本机构及下级机构中该单位的全部有效证书通过一笔业务更新，审核通过后由系统分批执行并显示进度。"),
    field("原工作单位", h("div", { class: "inline" }, oldName, show), { required: true, wide: true }), preview,
    field("新工作单位", h("input", { name: "newEmployer", maxlength: "60", autocomplete: "off" }), { required: true, wide: true }),
    field("申请说明", h("textarea", { name: "reason", maxlength: "200" }), { wide: true }), evidence.element,
  ], (v) => api.post(PATH, { kind: "BUSINESS_KIND_RENAME", oldEmployer: v.oldEmployer || "", newEmployer: v.newEmployer || "",
    reason: v.reason || "", evidenceFileIds: evidence.ids }), { okText: "提交申请" });
  if (!done) return;
  toast(`更名申请已提交：涉及 ${number(done.affected)} 本证书`);
  ctx.go(`/certificate-business/${done.id}`);
}

function applyPage(ctx) {
  const page = listPage(ctx, {
    filters: [input("证书编号/姓名/身份证号", "query", { maxlength: "30", autocomplete: "off" }), input("岗位代码", "post", { maxlength: "3" })],
    load: (q) => api.get("/api/v1/certificates", { ...q, status: "valid" }), key: "certificates",
    empty: "没有有效的证书", caption: "可申请业务的证书",
    before: h("p", { class: "muted" }, "列表为本机构的全部有效证书，可对证书发起变更、补办、注销业务申请。"),
    tools: ctx.can(APPLY) ? button("单位更名", () => rename(ctx)) : null,
    columns: [
      { title: "证书编号", class: "nowrap", cell: (c) => h("a", { href: `#/certificates/${c.id}` }, c.number) },
      { title: "姓名/身份证号", cell: (c) => [c.holderName, h("div", { class: "muted nowrap" }, c.idNumber)] },
      { title: "工作单位", cell: (c) => c.employer || "—" },
      { title: "岗位/工种", cell: (c) => c.postName },
      { title: "发证日期", class: "nowrap", cell: (c) => c.issuedOn },
      { title: "操作", cell: (c) => h("div", { class: "actions" },
        ["CHANGE", "REISSUE", "CANCEL"].map((kind) => button(label("BusinessKind", kind), () => apply(c, kind, (b) => ctx.go(`/certificate-business/${b.id}`)),
          kind === "CANCEL" ? "danger" : ""))) },
    ],
  });
  return page;
}

const columns = (withOrg) => [
  { title: "证书编号", class: "nowrap", cell: (b) => b.certificateNumber || "（批量）" },
  { title: "姓名/身份证号", cell: (b) => (Number(b.certificateId) ? [b.holderName, h("div", { class: "muted nowrap" }, b.idNumber)] : "—") },
  { title: "工作单位", cell: (b) => b.employer || b.oldEmployer || "—" },
  { title: "业务", cell: (b) => [label("BusinessKind", b.kind), h("div", { class: "muted" }, summary(b) || `${b.oldEmployer} → ${b.newEmployer}（${number(b.affected)} 本）`)] },
  withOrg ? { title: "申请单位", cell: (b) => b.orgName } : null,
  { title: "发起业务时间", class: "nowrap", cell: (b) => dateTime(b.appliedAtUnix) },
  { title: "审核时间", class: "nowrap", cell: (b) => (Number(b.reviewedAtUnix) ? dateTime(b.reviewedAtUnix) : "—") },
  { title: "审核状态", cell: (b) => businessTag(b.state) },
  { title: "审核不通过原因", cell: (b) => b.reviewComment || "—" },
  { title: "操作", cell: (b) => h("a", { class: "btn small", href: `#/certificate-business/${b.id}` }, b.awaitingMyReview ? "审核" : "详情") },
].filter(Boolean);

function appliedPage(ctx) {
  const tab = ctx.query.tab || "all";
  const printing = tab === "print";
  listPage(ctx, {
    before: tabs(ctx, "tab", [["all", "全部"], ["pending", "待审核"], ["approved", "审核通过"], ["rejected", "审核不通过"], ["print", "业务打印"]]),
    keep: ["tab"],
    filters: [input("证书编号/姓名/工作单位", "query", { maxlength: "30", autocomplete: "off" }),
      printing ? null : select("业务类型", "kind", options("BusinessKind"), { empty: "全部" })].filter(Boolean),
    load: (q) => (printing
      ? api.get(PATH, { ...q, tab: undefined, own: true, state: "approved" }).then((r) => ({ ...r,
        businesses: (r.businesses || []).filter((b) => b.newNumber || b.newName) }))
      : api.get(PATH, { ...q, tab: undefined, own: true, state: tab === "all" ? undefined : tab })),
    key: "businesses", caption: printing ? "业务打印" : "已申请业务",
    empty: printing ? "没有审核通过的姓名变更或补办业务" : "没有符合条件的业务",
    columns: printing ? [
      { title: "证书编号", class: "nowrap", cell: (b) => b.newNumber || b.certificateNumber },
      { title: "姓名", cell: (b) => b.newName || b.holderName },
      { title: "业务", cell: (b) => summary(b) },
      { title: "审核时间", class: "nowrap", cell: (b) => dateTime(b.reviewedAtUnix) },
      { title: "操作", cell: (b) => h("div", { class: "actions" },
        h("a", { class: "btn small primary", href: `#/certificates/${b.newCertificateId || b.certificateId}/print` }, "打印证书"),
        h("a", { class: "btn small", href: `#/certificate-business/${b.id}` }, "详情")) },
    ] : columns(false),
  });
}

function reviewPage(ctx) {
  const awaiting = ctx.query.tab !== "done";
  listPage(ctx, {
    before: tabs(ctx, "tab", [["awaiting", "待审核"], ["done", "已审核"]]),
    keep: ["tab"],
    filters: [select("业务类型", "kind", options("BusinessKind"), { empty: "全部" }),
      input("证书编号/姓名/工作单位/申请单位", "query", { maxlength: "30", autocomplete: "off" }),
      awaiting ? null : select("审核状态", "state", options("BusinessState").filter(([k]) => k !== "pending"), { empty: "全部" })].filter(Boolean),
    load: async (q) => {
      const query = { ...q, tab: undefined };
      if (awaiting) return api.get(PATH, { ...query, awaitingMyReview: true });
      return api.get(PATH, { ...query, state: q.state || undefined }).then((r) => (q.state ? r : { ...r,
        businesses: (r.businesses || []).filter((b) => enumValue("BusinessState", b.state) !== "PENDING") }));
    },
    key: "businesses", caption: "证书业务审核",
    empty: awaiting ? "没有待审核的证书业务" : "没有已审核的证书业务",
    columns: columns(true),
  });
}

async function overviewPage(ctx) {
  const r = await api.get("/api/v1/certificate-business-overview");
  const kinds = r.kinds || [];
  const sum = (k) => kinds.reduce((n, x) => n + Number(x[k] || 0), 0);
  replace(ctx.el,
    h("section", { class: "card" }, h("h2", null, "各类证书业务"), table([
      { title: "业务类型", cell: (k) => label("BusinessKind", k.kind) },
      { title: "待审核", class: "num", cell: (k) => number(k.pending) },
      { title: "其中待本单位审核", class: "num", cell: (k) => (Number(k.awaitingMyReview)
        ? h("a", { href: `#/certificate-business/review?kind=${enumValue("BusinessKind", k.kind).toLowerCase()}` }, number(k.awaitingMyReview)) : "0") },
      { title: "审核通过", class: "num", cell: (k) => number(k.approved) },
      { title: "审核不通过", class: "num", cell: (k) => number(k.rejected) },
    ], [...kinds, { kind: "合计", pending: sum("pending"), awaitingMyReview: sum("awaitingMyReview"), approved: sum("approved"), rejected: sum("rejected") }],
    { caption: "证书业务总览" })));
}

/** B-7: the rename's progress bar, read every second until it is finished. */
function progressBar(b) {
  const bar = h("progress", { max: String(Math.max(1, Number(b.affected))), value: String(Number(b.done)) });
  const text = h("span", { class: "nowrap" });
  const show = (p) => {
    bar.value = Number(p.done);
    text.textContent = p.finished ? `已完成：${number(p.done)} / ${number(p.affected)} 本` : `执行中：${number(p.done)} / ${number(p.affected)} 本`;
  };
  show(b);
  const box = h("div", { class: "progress", role: "status", "aria-label": "更名执行进度" }, bar, text);
  if (!b.finished) {
    const timer = setInterval(async () => {
      if (!box.isConnected) { clearInterval(timer); return; }
      try {
        const p = await api.get(`${PATH}/${b.id}/progress`);
        show(p);
        if (p.finished) clearInterval(timer);
      } catch { clearInterval(timer); }
    }, 1000);
  }
  return box;
}

async function review(b, approve, reload) {
  const done = await formDialog(approve ? "审核通过" : "审核不通过", [
    h("p", null, approve ? `通过后${summary(b) || "证书信息"}立即生效（变更姓名或身份证号的证书重新签名）。` : "不通过的业务须填写原因，申请单位可修改后重新申请。"),
    field(approve ? "审核意见（选填）" : "不通过原因", h("textarea", { name: "comment", maxlength: "200" }), { required: !approve, wide: true }),
  ], (v) => {
    if (!approve && !v.comment) throw { message: "请填写不通过原因", fields: [{ field: "comment", message: "请填写不通过原因" }] };
    return api.post(`${PATH}/${b.id}/review`, { approve, comment: v.comment || "" });
  }, { okText: approve ? "通过" : "不通过", danger: !approve });
  if (!done) return;
  toast(approve ? "已审核通过" : "已审核不通过");
  await reload();
}

async function detail(ctx) {
  const reload = () => detail(ctx);
  const b = await api.get(`${PATH}/${ctx.params.id}`);
  const kind = enumValue("BusinessKind", b.kind);
  ctx.setTitle(`${label("BusinessKind", b.kind)}业务 #${b.id}`);
  const c = b.certificate;
  replace(ctx.el,
    enumValue("BusinessState", b.state) === "REJECTED" ? notice(`审核不通过：${b.reviewComment}`, "error") : null,
    h("section", { class: "card" }, h("h2", null, "业务信息"), h("dl", { class: "details" },
      h("dt", null, "业务类型"), h("dd", null, label("BusinessKind", b.kind)),
      h("dt", null, "审核状态"), h("dd", null, businessTag(b.state)),
      h("dt", null, "申请内容"), h("dd", null, kind === "RENAME" ? `${b.oldEmployer} → ${b.newEmployer}，涉及 ${number(b.affected)} 本有效证书` : summary(b)),
      h("dt", null, "申请说明"), h("dd", null, b.reason || "—"),
      h("dt", null, "申请单位"), h("dd", null, b.orgName),
      h("dt", null, "审核单位"), h("dd", null, b.reviewerName || "—"),
      h("dt", null, "发起业务时间"), h("dd", null, dateTime(b.appliedAtUnix)),
      h("dt", null, "审核时间"), h("dd", null, Number(b.reviewedAtUnix) ? dateTime(b.reviewedAtUnix) : "—"),
      b.newNumber ? [h("dt", null, "新证书"), h("dd", null, h("a", { href: `#/certificates/${b.newCertificateId}` }, b.newNumber))] : null),
      kind === "RENAME" && enumValue("BusinessState", b.state) === "APPROVED" ? progressBar(b) : null),
    c ? h("section", { class: "card" }, h("h2", null, "证书信息"), h("dl", { class: "details" },
      h("dt", null, "证书编号"), h("dd", null, h("a", { href: `#/certificates/${c.id}` }, c.number)),
      h("dt", null, "证书状态"), h("dd", null, certificateTag(c.status)),
      h("dt", null, "持证人"), h("dd", null, c.holderName),
      h("dt", null, "身份证号"), h("dd", null, c.idNumber),
      h("dt", null, "工作单位"), h("dd", null, c.employer || "—"),
      h("dt", null, "岗位/工种"), h("dd", null, c.postName),
      h("dt", null, "发证日期"), h("dd", null, c.issuedOn),
      h("dt", null, "有效期至"), h("dd", null, c.validUntil))) : null,
    h("section", { class: "card" }, h("h2", null, "证明材料"), h("div", { class: "images" },
      (b.evidenceFileIds || []).map((id, i) => apiImage(`/api/v1/certificate-business-files/${id}`, `证明材料 ${i + 1}`)))),
    h("section", { class: "card" }, h("h2", null, "审核记录"), timeline(b.timeline, STEPS)),
    b.awaitingMyReview && ctx.can(REVIEW) ? h("div", { class: "actions review-actions" },
      button("审核通过", () => review(b, true, reload), "primary"), button("审核不通过", () => review(b, false, reload), "danger")) : null);
}

export default {
  menu: [
    { group: "certificates", title: "申请业务", order: 20, permission: APPLY, path: "/certificate-business/apply" },
    { group: "certificates", title: "已申请业务", order: 21, permission: APPLY, path: "/certificate-business/applied" },
    { group: "certificates", title: "证书业务审核", order: 22, permission: REVIEW, path: "/certificate-business/review" },
    { group: "certificates", title: "证书业务总览", order: 23, permission: READ, path: "/certificate-business/overview" },
  ],
  routes: [
    { path: "/certificate-business/apply", menuPath: "/certificate-business/apply", title: "申请业务", permission: APPLY, render: applyPage },
    { path: "/certificate-business/applied", menuPath: "/certificate-business/applied", title: "已申请业务", permission: APPLY, render: appliedPage },
    { path: "/certificate-business/review", menuPath: "/certificate-business/review", title: "证书业务审核", permission: REVIEW, render: reviewPage },
    { path: "/certificate-business/overview", menuPath: "/certificate-business/overview", title: "证书业务总览", permission: READ, render: overviewPage },
    { path: "/certificate-business/:id", title: "证书业务详情", parent: "/certificate-business/overview", permission: READ, render: detail },
  ],
};
