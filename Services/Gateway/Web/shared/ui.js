// Common widgets built on dom.js: tables with empty states, a token pager, dialogs, tags.
import { h, replace, focus, trapFocus } from "./dom.js";
import { enumValue, label } from "./format.js";

/**
 * A table: columns [{title, cell: (row) => node|string, class}], rows; `empty` text when none.
 * Returns a wrapper (.table-wrap); below 640 px each row becomes a card of "title: value" lines.
 */
export function table(columns, rows, { empty = "暂无数据", caption } = {}) {
  if (!rows.length) return h("div", { class: "table-wrap" }, h("div", { class: "empty" }, empty));
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption || "列表" },
    h("table", null,
      caption ? h("caption", { class: "visually-hidden" }, caption) : null,
      h("thead", null, h("tr", null, columns.map((c) => h("th", { scope: "col", class: c.class }, c.title)))),
      h("tbody", null, rows.map((r) => h("tr", null, columns.map((c) => h("td", { class: c.class, dataset: { label: c.title } }, h("div", { class: "cell" }, c.cell(r)))))))));
}

/**
 * A pager for the API's token paging: pager({page, tokens, onPage}) where page is the response's
 * PageInfo and tokens the stack of earlier page tokens; onPage(token) loads that page.
 */
export function pager({ page, tokens, onPage, count }) {
  const total = page && page.total !== undefined ? Number(page.total) : null;
  const index = tokens.length; // 0 = first page
  const prev = h("button", { type: "button", class: "small", disabled: index === 0 }, "上一页");
  const next = h("button", { type: "button", class: "small", disabled: !(page && page.nextPageToken) }, "下一页");
  prev.addEventListener("click", () => onPage(tokens[index - 1] === undefined ? "" : tokens[index - 1], -1));
  next.addEventListener("click", () => onPage(page.nextPageToken, +1));
  const info = total === null ? `第 ${index + 1} 页` :
    `共 ${total}${page.totalIsLowerBound ? "+" : ""} 条 · 第 ${index + 1} 页` + (count !== undefined ? `（本页 ${count} 条）` : "");
  return h("nav", { class: "pager", "aria-label": "分页" }, h("span", { class: "muted" }, info), prev, next);
}

/** A coloured tag: tag("已驳回", "danger"). Kinds: info, success, danger, warning, muted. */
export function tag(text, kind = "info") {
  return h("span", { class: ["tag", "tag-" + kind] }, text);
}

const ENROLLMENT_STATE_KIND = { SUBMITTED: "warning", APPROVED: "success", REJECTED: "danger" };

/** An enrollment's state as a coloured tag (待审核 / 已确认 / 已驳回 / 已撤回). */
export function enrollmentTag(state) {
  return tag(label("EnrollmentState", state), ENROLLMENT_STATE_KIND[enumValue("EnrollmentState", state)] || "muted");
}

const CLASS_STATE_KIND = { DRAFT: "muted", SUBMITTED: "warning", APPROVED: "success", REJECTED: "danger", IN_TRAINING: "info", FINISHED: "muted" };

/** A class's state as a coloured tag (草稿 / 已提交 / 已通过 / 未通过 / 培训中 / 已结业). */
export function classTag(state) {
  return tag(label("ClassState", state), CLASS_STATE_KIND[enumValue("ClassState", state)] || "muted");
}

const TEST_PLAN_KIND = { DRAFT: "muted", SUBMITTED: "warning", ACCEPTED: "info", APPROVED: "success", REJECTED: "danger" };
const SCORE_KIND = { NOT_REPORTED: "muted", REPORTED: "warning", ACCEPTED: "info", APPROVED: "success", NOT_APPROVED: "danger" };
const RESULT_KIND = { PASSED: "success", FAILED: "danger", ABSENT: "muted", CHEATED: "danger" };

/** A test plan's state as a tag (未上报 / 待受理 / 已受理 / 已审核 / 审核未通过). */
export function testPlanTag(state) {
  return tag(label("TestPlanState", state), TEST_PLAN_KIND[enumValue("TestPlanState", state)] || "muted");
}

/** The scores' report state as a tag (未上报 / 待受理 / 已受理 / 已审核 / 未通过). */
export function scoreTag(state) {
  return tag(label("ScoreState", state), SCORE_KIND[enumValue("ScoreState", state)] || "muted");
}

const CERTIFICATE_KIND = { VALID: "success", CANCELLED: "danger", EXPIRED: "muted", VOIDED: "danger" };
const BUSINESS_KIND = { PENDING: "warning", APPROVED: "success", REJECTED: "danger" };
const PUSH_KIND = { PENDING: "warning", PUSHED: "success", FAILED: "danger" };

/** A certificate's status as a tag (有效 / 已注销 / 已过期). */
export function certificateTag(status) {
  return tag(label("CertificateStatus", status), CERTIFICATE_KIND[enumValue("CertificateStatus", status)] || "muted");
}

/** CE-5: a business's review state as a tag (待审核 / 审核通过 / 审核不通过). */
export function businessTag(state) {
  return tag(label("BusinessState", state), BUSINESS_KIND[enumValue("BusinessState", state)] || "muted");
}

/** B-3: the push to the national registry as a tag (未推送 / 已推送 / 推送失败). */
export function pushTag(state) {
  return tag(label("PushState", state), PUSH_KIND[enumValue("PushState", state)] || "muted");
}

/** A candidate's result as a tag (合格 / 不合格 / 缺考 / 违纪), "未录入" without one. */
export function resultTag(result) {
  const v = enumValue("Result", result);
  if (!v || v === "UNSPECIFIED") return tag("未录入", "muted");
  return tag(label("Result", result), RESULT_KIND[v] || "muted");
}

/** A score in tenths (855) as points ("85.5"). */
export function points(tenths) {
  const n = Number(tenths) || 0;
  return n % 10 ? (n / 10).toFixed(1) : String(n / 10);
}

const SIGN_IN_STATE_KIND = { ACCEPTED: "success", PENDING: "warning", REJECTED: "danger" };

/** An attendance record's state as a tag (已签到 / 待审核 / 已驳回; 未签到 without a record). */
export function signInTag(record) {
  if (!record || !Number(record.signInUnix)) return tag("未签到", "muted");
  return tag(label("SignInState", record.state), SIGN_IN_STATE_KIND[enumValue("SignInState", record.state)] || "muted");
}

/**
 * Opens a modal dialog: content (node) with buttons [{text, kind, value}]; resolves to the
 * clicked button's value, or null when closed with Esc or by going to another page. onButton(value, dialog) may return false
 * (or a Promise of false) to keep it open, e.g. when a form inside is invalid.
 */
export function dialog(title, content, buttons = [{ text: "确定", kind: "primary", value: true }], { onButton } = {}) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const headId = "dlg-" + Math.random().toString(36).slice(2);
    const foot = h("div", { class: "dialog-foot" });
    const dlg = h("dialog", { "aria-labelledby": headId },
      h("div", { class: "dialog-head", id: headId }, title), h("div", { class: "dialog-body" }, content), foot);
    let settled = false;
    const onLeave = () => finish(null);
    const finish = (v) => {
      if (settled) return;
      settled = true; untrap(); window.removeEventListener("hashchange", onLeave); dlg.close(); dlg.remove();
      if (opener && opener.isConnected) focus(opener);
      resolve(v);
    };
    window.addEventListener("hashchange", onLeave); // another page closes the dialog
    for (const b of buttons) {
      const btn = h("button", { type: "button", class: b.kind || "" }, b.text);
      btn.addEventListener("click", async () => {
        if (onButton) {
          btn.disabled = true; btn.setAttribute("aria-busy", "true");
          let keep = false;
          try { keep = (await onButton(b.value, dlg)) === false; } finally { btn.disabled = false; btn.removeAttribute("aria-busy"); }
          if (keep) return;
        }
        finish(b.value);
      });
      foot.append(btn);
    }
    dlg.addEventListener("cancel", (e) => { e.preventDefault(); finish(null); });
    document.body.append(dlg);
    const untrap = trapFocus(dlg);
    dlg.showModal();
    const first = dlg.querySelector(".dialog-body input,.dialog-body select,.dialog-body textarea") || foot.lastChild;
    focus(first);
  });
}

/** Asks a yes/no question; resolves true when confirmed. */
export function confirm(title, message, { okText = "确定", danger = false } = {}) {
  return dialog(title, h("p", null, message), [
    { text: "取消", value: false }, { text: okText, kind: danger ? "danger" : "primary", value: true },
  ]).then((v) => v === true);
}

/** Shows "加载中…" in el while promise runs, then calls render(result) or shows the error. */
export async function load(el, promise, render) {
  replace(el, h("div", { class: "loading", role: "status" }, "加载中…"));
  try {
    const result = await promise;
    replace(el, render(result));
  } catch (err) {
    if (err && err.status === 401) return;
    replace(el, h("div", { class: "notice notice-error", role: "alert" }, (err && err.message) || "加载失败，请稍后再试"));
  }
}
