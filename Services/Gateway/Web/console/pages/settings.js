// 省级参数设置 (SPEC §0, docs/IDENTITY.md "Province settings and the reference catalog"): every
// number the rules use, with the value in force, since when and who set it, and the changes
// scheduled for later days. The province (settings.manage) schedules and withdraws changes;
// every organisation user may read.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, notice, toast } from "/shared/forms.js";
import { table, tag, confirm } from "/shared/ui.js";
import { dateTime } from "/shared/format.js";
import { button, formDialog } from "../common.js";

const MANAGE = "settings.manage";

/** "YYYY-MM-DD" one day after the given "YYYY-MM-DD" (calendar arithmetic, no time zone). */
export function nextDay(day) {
  const [y, m, d] = day.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  return t.toISOString().slice(0, 10);
}

/** Who set a version and when; the shipped defaults have no author. */
export function setBy(v) {
  if (!v || !Number(v.changedAtUnix)) return h("span", { class: "muted" }, "系统默认");
  return h("span", null, v.changedByName || "—", h("span", { class: "muted" }, `（${dateTime(v.changedAtUnix)}）`));
}

/** The effective date as users read it; the shipped "2000-01-01" is "系统初始值". */
export function since(day) {
  return !day || day <= "2000-01-01" ? "系统初始值" : `${day} 起`;
}

function withUnit(s, value) { return `${value}${s.unit ? " " + s.unit : ""}`; }

async function schedule(ctx, s, today, done) {
  let day = "";
  const saved = await formDialog(`修改参数 — ${s.name}`, [
    h("p", { class: "muted" }, `当前生效：${withUnit(s, s.current ? s.current.value : s.defaultValue)}；默认值 ${withUnit(s, s.defaultValue)}。`),
    input(`新的取值（${s.unit || "数值"}）`, "value", { type: "number", inputmode: "numeric", step: "1", value: "" },
      { required: true, hint: `取值范围 ${s.minimum}–${s.maximum}${s.unit ? " " + s.unit : ""}` }),
    input("生效日期", "effectiveFrom", { type: "date", min: today, value: nextDay(today) },
      { required: true, hint: `从这一天（北京时间 0 点）起执行，最早为今天（${today}）；同一天已安排的变更将被替换。` }),
  ], (v) => { day = v.effectiveFrom; return api.post("/api/v1/province-settings/changes", {
    key: s.key, value: v.value === "" ? null : Number(v.value), effectiveFrom: v.effectiveFrom,
  }); }, { okText: "确认修改" });
  if (saved) { toast(day === today ? `已修改“${s.name}”，即刻生效` : `已安排“${s.name}”自 ${day} 起执行`); done(); }
}

async function cancel(s, p, done) {
  const ok = await confirm("撤销待生效的变更", `确定撤销“${s.name}”自 ${p.effectiveFrom} 起改为 ${withUnit(s, p.value)} 的变更吗？撤销后该日起仍执行原有取值。`, { okText: "撤销变更", danger: true });
  if (!ok) return;
  await api.post("/api/v1/province-settings/changes/cancel", { key: s.key, effectiveFrom: p.effectiveFrom });
  toast("已撤销该变更");
  done();
}

function pendingList(ctx, s, done) {
  const pending = s.pending || [];
  if (!pending.length) return h("span", { class: "muted" }, "无");
  return h("ul", { class: "pending" }, pending.map((p) => h("li", { dataset: { effective: p.effectiveFrom } },
    h("span", null, tag(`${p.effectiveFrom} 起`, "warning"), " ", h("strong", null, withUnit(s, p.value))),
    h("span", { class: "muted small-text" }, p.changedByName ? `${p.changedByName} 于 ${dateTime(p.changedAtUnix)} 安排` : ""),
    ctx.can(MANAGE) ? button("撤销", () => cancel(s, p, done), "danger", { "aria-label": `撤销 ${s.name} ${p.effectiveFrom} 的变更` }) : null)));
}

async function render(ctx) {
  const body = h("div", { class: "settings" });
  ctx.el.append(body);
  async function show() {
    const r = await api.get("/api/v1/province-settings");
    const today = r.today;
    const groups = new Map();
    for (const s of r.settings || []) {
      if (!groups.has(s.group)) groups.set(s.group, []);
      groups.get(s.group).push(s);
    }
    const reload = () => show().catch((err) => { if (err.status !== 401) toast(err.message, "error"); });
    replace(body,
      notice(ctx.can(MANAGE)
        ? `今天是 ${today}（北京时间）。修改从所选日期起执行：选今天即刻生效，选以后的日期则列为“待生效”，到期前可以撤销。`
        : `今天是 ${today}（北京时间）。以下参数由省级主管部门设置，您可以查看，不能修改。`, "info"),
      [...groups].map(([group, items]) => h("section", { class: "settings-group", "aria-labelledby": `g-${items[0].key}` },
        h("h2", { id: `g-${items[0].key}` }, group || "其他"),
        table([
          { title: "参数", cell: (s) => h("div", null, h("div", { class: "setting-name" }, s.name), h("div", { class: "muted small-text" }, s.key)) },
          { title: "当前取值", cell: (s) => h("strong", { class: "nowrap" }, withUnit(s, s.current ? s.current.value : s.defaultValue)) },
          { title: "取值范围", cell: (s) => h("span", null, `${s.minimum}–${s.maximum}`, h("div", { class: "muted small-text" }, `默认 ${withUnit(s, s.defaultValue)}`)) },
          { title: "生效日期", class: "nowrap", cell: (s) => since(s.current && s.current.effectiveFrom) },
          { title: "设置人", class: "nowrap", cell: (s) => setBy(s.current) },
          { title: "待生效的变更", cell: (s) => pendingList(ctx, s, reload) },
          ...(ctx.can(MANAGE) ? [{ title: "操作", cell: (s) => button("修改", () => schedule(ctx, s, today, reload), "", { "aria-label": `修改 ${s.name}`, dataset: { key: s.key } }) }] : []),
        ], items, { caption: group }))));
  }
  await show();
}

export default {
  menu: { group: "system", title: "省级参数设置", order: 60, permission: ["settings.manage", "user.manage"] },
  routes: [{ path: "/system/settings", title: "省级参数设置", render }],
};
