// 批次管理 (CE-3; seed 002 §1 for units and authorities): the unit's 我的批次 by state with 创建批次,
// one batch's page — the template, the import with its row errors and preview before 确认导入,
// persons added, corrected or removed, documents and images, 提交审核 — and the authorities'
// 审核批次: candidate by candidate (不通过 with a reason, 其余全部通过), then 审核通过, 审核不通过,
// or 仅退回不通过人员; every batch's 审核日志.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, field, notice, toast } from "/shared/forms.js";
import { dateTime, number, skillLevel } from "/shared/format.js";
import { table, pager, tag, confirm } from "/shared/ui.js";
import { listPage, tabs } from "../list.js";
import { button, formDialog } from "../common.js";
import { timeline } from "../class-ui.js";

const APPLY = "certificate.business.apply";
const REVIEW = "certificate.business.review";
const READ = [APPLY, REVIEW, "certificate.manage"];
const PATH = "/api/v1/certificate-batches";
const STATE = { DRAFT: ["待提交", "muted"], REVIEWING: ["审核中", "warning"], APPROVED: ["审核通过", "success"], REJECTED: ["审核不通过", "danger"] };
const VERDICT = { PENDING: ["未审核", "muted"], PASSED: ["通过", "success"], REJECTED: ["不通过", "danger"] };
const STAGE = { city: "市级主管部门审核", province: "省级主管部门审核" };
const STEPS = { submit: "提交审核", approve: "审核通过", reject: "审核不通过", remind: "催办" };

const stateTag = (b) => {
  const [text, kind] = STATE[String(b.state).replace("BATCH_STATE_", "")] || ["—", "muted"];
  return tag(b.stage && text === "审核中" ? `${text}（${STAGE[b.stage] || ""}）` : text, kind);
};
const verdictTag = (c) => {
  const [text, kind] = VERDICT[String(c.verdict).replace("CANDIDATE_VERDICT_", "")] || VERDICT.PENDING;
  return tag(text, kind);
};
const levelText = (code) => (code === "9" ? "—" : skillLevel(code));

const columns = (withOrg) => [
  { title: "批次名称", cell: (b) => h("a", { href: `#/certificate-batches/${b.id}` }, b.name) },
  { title: "批次代码", class: "nowrap", cell: (b) => b.code },
  withOrg ? { title: "单位", cell: (b) => b.orgName } : null,
  { title: "总人数", class: "num", cell: (b) => number(b.candidateCount) },
  { title: "审核状态", cell: stateTag },
  { title: "审核不通过原因", cell: (b) => (String(b.state).endsWith("REJECTED") ? b.reviewComment || "—" : "—") },
  { title: "创建时间", class: "nowrap", cell: (b) => dateTime(b.createdAtUnix) },
  { title: "审核时间", class: "nowrap", cell: (b) => (Number(b.reviewedAtUnix) ? dateTime(b.reviewedAtUnix) : "—") },
  { title: "操作", cell: (b) => h("a", { class: "btn small", href: `#/certificate-batches/${b.id}` }, b.awaitingMyReview ? "审核" : "查看") },
].filter(Boolean);

async function create(ctx) {
  const batch = await formDialog("创建批次", [
    h("p", { class: "muted" }, "创建后可下载合格人员模板，填写后上传；最多上传2个文档和20张图片。"),
    field("批次名称", h("input", { name: "name", maxlength: "50", autocomplete: "off" }), { required: true, wide: true }),
  ], (v) => api.post(PATH, { name: v.name || "" }), { okText: "下一步" });
  if (batch) ctx.go(`/certificate-batches/${batch.id}`);
}

function mine(ctx) {
  const state = ctx.query.tab || "draft";
  listPage(ctx, {
    before: tabs(ctx, "tab", [["draft", "待提交"], ["reviewing", "审核中"], ["approved", "审核通过"], ["rejected", "审核不通过"]]),
    keep: ["tab"],
    filters: [input("批次名称/代码", "query", { maxlength: "50", autocomplete: "off" })],
    tools: button("创建批次", () => create(ctx), "primary"),
    load: (q) => api.get(PATH, { ...q, tab: undefined, state }), key: "batches", caption: "我的批次",
    empty: "没有该状态的批次", columns: columns(false),
  });
}

function review(ctx) {
  const awaiting = ctx.query.tab !== "done";
  listPage(ctx, {
    before: tabs(ctx, "tab", [["awaiting", "待审核"], ["done", "已审核"]]),
    keep: ["tab"],
    filters: [input("批次名称/代码", "query", { maxlength: "50", autocomplete: "off" })],
    load: (q) => api.get(PATH, { ...q, tab: undefined, ...(awaiting ? { awaitingMyReview: true } : { reviewedByMe: true }) }),
    key: "batches", caption: "审核批次", empty: awaiting ? "没有待审核的批次" : "没有已审核的批次", columns: columns(true),
  });
}

/** The import: the file checked first (errors or a preview), then 确认导入 adds the persons. */
function importer(b, reload) {
  const out = h("div", { class: "import-result", "aria-live": "polite" });
  const picker = h("input", { type: "file", accept: ".csv,.xlsx", "aria-label": "选择合格人员文件" });
  picker.addEventListener("change", async () => {
    const file = picker.files[0];
    if (!file) return;
    replace(out, h("div", { class: "loading", role: "status" }, "正在校验…"));
    try {
      const r = await api.upload(file, { path: `${PATH}/${b.id}/candidate-import`, query: { filename: file.name } });
      if (Number(r.errorCount)) {
        replace(out, notice(`共 ${number(r.rows)} 行，${number(r.errorCount)} 处错误，请修改后重新上传（未导入任何人员）。`, "error"),
          table([{ title: "行", class: "num", cell: (e) => e.row }, { title: "列", cell: (e) => e.column || "—" }, { title: "错误", cell: (e) => e.message }],
            r.errors || [], { caption: "导入错误" }));
        return;
      }
      const commit = button(`确认导入 ${number(r.rows)} 人`, async () => {
        const done = await api.upload(file, { path: `${PATH}/${b.id}/candidate-import`, query: { filename: file.name, commit: true } });
        if (Number(done.errorCount)) { toast("导入失败，请重新校验", "error"); return; }
        toast(`已导入 ${number(done.imported)} 人`);
        await reload();
      }, "primary");
      replace(out, notice(`校验通过：共 ${number(r.rows)} 人，预览前 ${(r.preview || []).length} 人。`, "success"),
        table(candidateColumns(null), r.preview || [], { caption: "导入预览" }), h("div", { class: "actions" }, commit));
    } catch (err) {
      replace(out, notice(err.message || "上传失败", "error"));
    } finally {
      picker.value = "";
    }
  });
  return h("section", { class: "card" }, h("h2", null, "上传合格人员"),
    h("p", { class: "muted" }, "请下载模板，按模板填写后上传（CSV 或 XLSX）；先校验并预览，确认后导入。若信息有误，会在下方逐行提示。"),
    h("div", { class: "actions" },
      button("下载模板（XLSX）", () => api.download("/api/v1/certificate-batch-template", { format: "xlsx" }, "合格人员模板.xlsx")),
      button("下载模板（CSV）", () => api.download("/api/v1/certificate-batch-template", { format: "csv" }, "合格人员模板.csv")),
      picker),
    out);
}

async function editPerson(b, c, reload) {
  const done = await formDialog(c ? `修改人员 ${c.name}` : "添加人员", [
    field("姓名", h("input", { name: "name", maxlength: "30", value: c ? c.name : "" }), { required: true }),
    field("身份证号", h("input", { name: "idNumber", maxlength: "18", value: c ? c.idNumber : "" }), { required: true }),
    field("工作单位", h("input", { name: "employer", maxlength: "60", value: c ? c.employer : "" }), { required: true, wide: true }),
    field("岗位代码", h("input", { name: "post", maxlength: "3", value: c ? c.post : "" }), { required: true }),
    field("等级", h("input", { name: "level", maxlength: "4", value: c && c.level !== "9" ? levelText(c.level) : "", placeholder: "岗位留空" })),
  ], (v) => (c ? api.put(`${PATH}/${b.id}/candidates/${c.id}`, v) : api.post(`${PATH}/${b.id}/candidates`, v)));
  if (!done) return;
  toast(c ? "人员信息已修改" : "人员已添加");
  await reload();
}

function candidateColumns(actions) {
  return [
    { title: "序号", class: "num", cell: (c) => c.row },
    { title: "姓名", cell: (c) => c.name },
    { title: "身份证号", class: "nowrap", cell: (c) => c.idNumber },
    { title: "工作单位", cell: (c) => c.employer },
    { title: "岗位/工种", cell: (c) => `${c.postName}（${c.post}）` },
    { title: "等级", cell: (c) => levelText(c.level) },
    actions ? { title: "审核", cell: (c) => [verdictTag(c), c.reason ? h("div", { class: "muted" }, c.reason) : null] } : null,
    actions ? { title: "证书编号", class: "nowrap", cell: (c) => c.certificateNumber || "—" } : null,
    actions ? { title: "操作", cell: actions } : null,
  ].filter(Boolean);
}

/** The candidates a page at a time, with the row actions of who looks. */
function candidates(b, actions) {
  const box = h("div", { "aria-live": "polite" });
  const tokens = [];
  let current = "";
  async function show(token) {
    const r = await api.get(`${PATH}/${b.id}/candidates`, { pageSize: 50, pageToken: token || undefined });
    replace(box, table(candidateColumns(actions), r.candidates || [], { caption: "批次人员", empty: "尚未上传人员" }),
      pager({ page: r.page, tokens, count: (r.candidates || []).length,
        onPage(t, dir) { if (dir > 0) tokens.push(current); else tokens.pop(); current = t; show(t); } }));
  }
  show("");
  return box;
}

async function act(b, action, reload, { comment = false, title, okText, danger = false, hint } = {}) {
  const done = await formDialog(title, [
    hint ? h("p", null, hint) : null,
    comment ? field(action === "BATCH_ACTION_REJECT" ? "不通过原因" : "审核意见（选填）", h("textarea", { name: "comment", maxlength: "200" }),
      { required: action === "BATCH_ACTION_REJECT", wide: true }) : null,
  ].filter(Boolean), (v) => api.post(`${PATH}/${b.id}/actions`, { action, comment: v.comment || "" }), { okText, danger });
  if (!done) return;
  toast(`${title}：已完成`);
  await reload();
}

async function detail(ctx) {
  const reload = () => detail(ctx);
  const b = await api.get(`${PATH}/${ctx.params.id}`);
  ctx.setTitle(`批次 ${b.name}`);
  const state = String(b.state).replace("BATCH_STATE_", "");
  const own = ctx.can(APPLY) && Number(b.orgId) === Number(ctx.me.organisation.id);
  const editable = own && (state === "DRAFT" || state === "REJECTED");
  const reviewing = b.awaitingMyReview && ctx.can(REVIEW);
  const rowActions = editable ? (c) => h("div", { class: "actions" },
    button("修改", () => editPerson(b, c, reload)),
    button("删除", async () => {
      if (!(await confirm("删除人员", `确定从批次中删除 ${c.name} 吗？`, { danger: true, okText: "删除" }))) return;
      await api.del(`${PATH}/${b.id}/candidates/${c.id}`);
      await reload();
    }, "danger"))
    : reviewing ? (c) => h("div", { class: "actions" },
      button("通过", async () => { await api.post(`${PATH}/${b.id}/candidates/${c.id}/review`, { pass: true }); await reload(); }, "primary"),
      button("不通过", async () => {
        const done = await formDialog(`${c.name} 审核不通过`, [field("不通过原因", h("textarea", { name: "reason", maxlength: "200" }), { required: true, wide: true })],
          (v) => api.post(`${PATH}/${b.id}/candidates/${c.id}/review`, { pass: false, reason: v.reason || "" }), { okText: "不通过", danger: true });
        if (done) await reload();
      }, "danger"))
    : () => "—";
  const files = b.files || [];
  const picker = h("input", { type: "file", accept: "application/pdf,image/jpeg,image/png", multiple: "", "aria-label": "选择批次资料" });
  picker.addEventListener("change", async () => {
    for (const file of [...picker.files]) {
      try { await api.upload(file, { path: `${PATH}/${b.id}/files` }); } catch (err) { toast(err.message || "上传失败", "error"); }
    }
    await reload();
  });
  replace(ctx.el,
    state === "REJECTED" ? notice(`审核不通过：${b.reviewComment || "请查看审核日志"}。可修改人员和资料后重新提交。`, "error") : null,
    Number(b.returnedFromBatchId) ? notice("本批次为审核不通过后退回的人员，修改后可重新提交。", "warning") : null,
    h("section", { class: "card" }, h("h2", null, "批次信息"), h("dl", { class: "details" },
      h("dt", null, "批次名称"), h("dd", null, b.name),
      h("dt", null, "批次代码"), h("dd", null, b.code),
      h("dt", null, "单位"), h("dd", null, b.orgName),
      h("dt", null, "审核状态"), h("dd", null, stateTag(b)),
      state === "REVIEWING" ? [h("dt", null, "审核单位"), h("dd", null, b.reviewerName)] : null,
      h("dt", null, "人数"), h("dd", null, `${number(b.candidateCount)} 人（本级已通过 ${number(b.passedCount)}，不通过 ${number(b.rejectedCount)}）`),
      b.firstNumber ? [h("dt", null, "证书编号"), h("dd", null, b.firstNumber === b.lastNumber ? b.firstNumber : `${b.firstNumber} 至 ${b.lastNumber}`)] : null,
      h("dt", null, "创建时间"), h("dd", null, dateTime(b.createdAtUnix)))),
    h("div", { class: "actions review-actions" },
      editable ? button("提交审核", () => act(b, "BATCH_ACTION_SUBMIT", reload, { title: "提交审核", okText: "提交",
        hint: `提交后批次进入审核中，${number(b.candidateCount)} 人将由市级主管部门逐人审核，再由省级主管部门审核。` }), "primary") : null,
      editable ? button("修改批次名称", async () => {
        const done = await formDialog("修改批次名称", [field("批次名称", h("input", { name: "name", maxlength: "50", value: b.name }), { required: true, wide: true })],
          (v) => api.put(`${PATH}/${b.id}`, { name: v.name || "" }));
        if (done) await reload();
      }) : null,
      editable && state === "DRAFT" && !Number(b.submittedAtUnix) ? button("删除批次", async () => {
        if (!(await confirm("删除批次", `确定删除批次“${b.name}”及其人员和资料吗？`, { danger: true, okText: "删除" }))) return;
        await api.del(`${PATH}/${b.id}`);
        toast("批次已删除");
        ctx.go("/certificate-batches");
      }, "danger") : null,
      reviewing ? button("其余全部通过", async () => { await api.post(`${PATH}/${b.id}/pass-remaining`, {}); await reload(); }) : null,
      reviewing ? button("审核通过", () => act(b, "BATCH_ACTION_APPROVE", reload, { title: "审核通过", okText: "通过", comment: true,
        hint: b.stage === "province" ? "通过后即生成证书编号和电子签名。" : "通过后提交省级主管部门审核。" }), "primary") : null,
      reviewing ? button("审核不通过", () => act(b, "BATCH_ACTION_REJECT", reload, { title: "审核不通过", okText: "不通过", comment: true, danger: true }), "danger") : null,
      reviewing && Number(b.rejectedCount) && Number(b.passedCount) ? button("仅退回不通过人员", () => act(b, "BATCH_ACTION_RETURN_REJECTED", reload, {
        title: "仅退回不通过人员", okText: "退回并通过其余", comment: true,
        hint: `${number(b.rejectedCount)} 名不通过的人员作为新批次退回单位，其余 ${number(b.passedCount)} 人审核通过。` })) : null),
    editable ? importer(b, reload) : null,
    h("section", { class: "card" }, h("h2", null, "合格人员"),
      editable ? h("div", { class: "actions" }, button("添加人员", () => editPerson(b, null, reload))) : null,
      candidates(b, rowActions)),
    h("section", { class: "card" }, h("h2", null, `批次资料（文档 ${b.documentCount}/2，图片 ${b.imageCount}/20）`),
      editable ? h("p", { class: "muted" }, "文档为PDF，图片为jpg或png，每个不超过2MB。", picker) : null,
      table([
        { title: "文件", cell: (f) => h("a", { href: `${PATH}/${b.id}/files/${f.id}`, target: "_blank", rel: "noopener" }, f.fileName || `文件 ${f.id}`) },
        { title: "类型", cell: (f) => (f.kind === "image" ? "图片" : "文档") },
        { title: "大小", class: "num", cell: (f) => `${Math.ceil(Number(f.size) / 1024)} KB` },
        editable ? { title: "操作", cell: (f) => button("删除", async () => { await api.del(`${PATH}/${b.id}/files/${f.id}`); await reload(); }, "danger") } : null,
      ].filter(Boolean), files, { caption: "批次资料", empty: "尚未上传资料" })),
    h("section", { class: "card" }, h("h2", null, "审核日志"), timeline(b.timeline, STEPS)));
}

export default {
  menu: [
    { group: "certificates", title: "我的批次", order: 5, permission: APPLY, path: "/certificate-batches" },
    { group: "certificates", title: "审核批次", order: 6, permission: REVIEW, path: "/certificate-batches/review" },
  ],
  routes: [
    { path: "/certificate-batches", menuPath: "/certificate-batches", title: "我的批次", permission: APPLY, render: mine },
    { path: "/certificate-batches/review", menuPath: "/certificate-batches/review", title: "审核批次", permission: REVIEW, render: review },
    { path: "/certificate-batches/:id", title: "批次详情", parent: "/certificate-batches", permission: READ, render: detail },
  ],
};
