// 基础数据 (SPEC §0, docs/CATALOG.md): the professional posts, skill trades, skill levels and
// administrative divisions, each entry with the version in force and the versions scheduled for
// later days. The province (settings.manage) adds entries, schedules new versions (a whole
// version: name, specialty, hours, withdrawn) and withdraws scheduled ones; divisions follow
// GB/T 2260 and are read-only.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, notice, toast } from "/shared/forms.js";
import { table, tag, confirm } from "/shared/ui.js";
import { dateTime } from "/shared/format.js";
import { button, formDialog } from "../common.js";
import { tabs } from "../list.js";
import { nextDay, setBy, since } from "./settings.js";

const MANAGE = "settings.manage";

const KINDS = {
  post: { api: "CATALOG_KIND_POST", title: "专业人员岗位", noun: "岗位", specialty: true, hours: true, passMarks: true, codeHint: "三位数字：0、岗位、专业（末位 0 表示不分专业），如 011 施工员（土建）" },
  trade: { api: "CATALOG_KIND_TRADE", title: "技能工种", noun: "工种", hours: true, passMarks: true, codeHint: "如 T11" },
  level: { api: "CATALOG_KIND_LEVEL", title: "技能等级", noun: "等级", codeHint: "一位数字，如 6" },
  division: { api: "CATALOG_KIND_DIVISION", title: "行政区划", noun: "行政区划" },
};

function stateTag(v) {
  if (!v) return tag("未生效", "muted");
  return v.withdrawn ? tag("已停用", "danger") : tag("在用", "success");
}

function versionText(kind, v) {
  const parts = [v.name];
  if (kind.specialty && v.specialty) parts.push(`专业：${v.specialty}`);
  if (kind.hours) parts.push(`${v.requiredHours || 0} 学时`);
  if (kind.passMarks && (v.passTheory || v.passPractice)) parts.push(`合格线：${passMarks(v)}`);
  if (v.withdrawn) parts.push("停用");
  return parts.join("，");
}

/** AS-3's pass marks of one version: 0 stands for the province's (考核设置). */
function passMarks(v) {
  const mark = (n) => n ? `${n} 分` : "按全省设置";
  if (!v.passTheory && !v.passPractice) return "按全省设置";
  return `理论 ${mark(v.passTheory)}，实操 ${mark(v.passPractice)}`;
}

const optionalMark = (n) => (n === "" ? 0 : Number(n));

async function edit(ctx, kind, entry, today, done) {
  const v = (entry && (entry.current || (entry.pending || [])[0])) || {};
  let day = "";
  const withdrawn = h("input", { type: "checkbox", name: "withdrawn", checked: !!v.withdrawn });
  const saved = await formDialog(entry ? `新版本 — ${kind.noun} ${entry.code} ${v.name || ""}` : `新增${kind.noun}`, [
    entry ? h("p", { class: "muted" }, entry.current ? `当前生效：${versionText(kind, entry.current)}（${since(entry.current.effectiveFrom)}）。新版本自生效日期起整体替换当前版本。` : "该条目尚未生效。") : null,
    input("代码", "code", { value: entry ? entry.code : "", maxlength: "10", readonly: !!entry, autocomplete: "off" }, { required: true, hint: entry ? "代码不能修改" : kind.codeHint }),
    input("名称", "name", { value: v.name || "", maxlength: "30" }, { required: true }),
    kind.specialty ? input("专业", "specialty", { value: v.specialty || "", maxlength: "30" }, { hint: "代码末位为 0 的岗位不分专业，留空" }) : null,
    kind.hours ? input("新取证培训学时", "requiredHours", { type: "number", min: "0", step: "1", inputmode: "numeric", value: String(v.requiredHours ?? "") }, { required: true }) : null,
    kind.passMarks ? input("理论合格分数线", "passTheory", { type: "number", min: "0", max: "100", step: "1", inputmode: "numeric", value: v.passTheory ? String(v.passTheory) : "" }, { hint: "0–100 的整数；留空按全省考核设置（默认 60 分）" }) : null,
    kind.passMarks ? input("实操合格分数线", "passPractice", { type: "number", min: "0", max: "100", step: "1", inputmode: "numeric", value: v.passPractice ? String(v.passPractice) : "" }, { hint: "留空按全省考核设置（默认 60 分）" }) : null,
    h("div", { class: "field", dataset: { field: "withdrawn" } },
      h("label", { class: "check" }, withdrawn, "停用（停用后新的报名计划、机构业务范围不能再选择它；已有数据不受影响）"),
      h("div", { class: "field-error", role: "alert" })),
    input("生效日期", "effectiveFrom", { type: "date", min: today, value: nextDay(today) },
      { required: true, hint: `从这一天（北京时间 0 点）起执行，最早为今天（${today}）` }),
  ], (f) => {
    day = f.effectiveFrom;
    return api.post("/api/v1/catalog/changes", {
      kind: kind.api, code: f.code, name: f.name, specialty: kind.specialty ? f.specialty : "",
      requiredHours: kind.hours ? (f.requiredHours === "" ? null : Number(f.requiredHours)) : 0,
      passTheory: kind.passMarks ? optionalMark(f.passTheory) : 0,
      passPractice: kind.passMarks ? optionalMark(f.passPractice) : 0,
      withdrawn: f.withdrawn, effectiveFrom: f.effectiveFrom,
    });
  }, { okText: "保存" });
  if (saved) { toast(day === today ? "已保存，即刻生效" : `已安排，自 ${day} 起生效`); done(); }
}

async function cancel(kind, entry, p, done) {
  const ok = await confirm("撤销待生效的版本", `确定撤销${kind.noun} ${entry.code} 自 ${p.effectiveFrom} 起的版本（${versionText(kind, p)}）吗？`, { okText: "撤销版本", danger: true });
  if (!ok) return;
  await api.post("/api/v1/catalog/changes/cancel", { kind: kind.api, code: entry.code, effectiveFrom: p.effectiveFrom });
  toast("已撤销该版本");
  done();
}

function pendingList(ctx, kind, entry, done) {
  const pending = entry.pending || [];
  if (!pending.length) return h("span", { class: "muted" }, "无");
  return h("ul", { class: "pending" }, pending.map((p) => h("li", { dataset: { effective: p.effectiveFrom } },
    h("span", null, tag(`${p.effectiveFrom} 起`, "warning"), " ", versionText(kind, p)),
    h("span", { class: "muted small-text" }, p.changedByName ? `${p.changedByName} 于 ${dateTime(p.changedAtUnix)} 安排` : ""),
    ctx.can(MANAGE) && entry.editable ? button("撤销", () => cancel(kind, entry, p, done), "danger", { "aria-label": `撤销 ${entry.code} ${p.effectiveFrom} 的版本` }) : null)));
}

async function render(ctx) {
  const key = KINDS[ctx.query.kind] ? ctx.query.kind : "post";
  const kind = KINDS[key];
  const body = h("div", { class: "catalog" });
  ctx.el.append(tabs(ctx, "kind", Object.entries(KINDS).map(([k, v]) => [k, v.title])), body);
  const manage = ctx.can(MANAGE) && key !== "division";
  let today = "";
  const reload = () => show().catch((err) => { if (err.status !== 401) toast(err.message, "error"); });
  if (manage) {
    const add = h("button", { type: "button", class: "primary" }, `新增${kind.noun}`);
    add.addEventListener("click", () => edit(ctx, kind, null, today, reload));
    ctx.actions.append(add);
  }
  async function show() {
    const r = await api.get("/api/v1/catalog", { kind: key });
    today = r.today;
    const entries = r.entries || [];
    const names = new Map(entries.map((e) => [e.code, e.current ? e.current.name : ""]));
    const columns = [
      { title: "代码", cell: (e) => h("span", { class: "nowrap" }, e.code) },
      { title: "名称", class: "nowrap", cell: (e) => e.current ? e.current.name : h("span", { class: "muted" }, (e.pending || [])[0] ? `${e.pending[0].name}（未生效）` : "—") },
    ];
    if (kind.specialty) columns.push({ title: "专业", cell: (e) => (e.current && e.current.specialty) || "—" });
    if (kind.hours) columns.push({ title: "新取证培训学时", cell: (e) => e.current ? `${e.current.requiredHours || 0} 学时` : "—" });
    if (kind.passMarks) columns.push({ title: "考核合格线", class: "nowrap", cell: (e) => e.current ? passMarks(e.current) : "—" });
    if (key === "division") {
      columns.push({ title: "上级", cell: (e) => e.parentCode ? `${names.get(e.parentCode) || ""} ${e.parentCode}`.trim() : "—" });
    } else {
      columns.push(
        { title: "状态", cell: (e) => stateTag(e.current) },
        { title: "生效日期", class: "nowrap", cell: (e) => e.current ? since(e.current.effectiveFrom) : "—" },
        { title: "修改人", class: "nowrap", cell: (e) => e.current ? setBy(e.current) : "—" },
        { title: "待生效的版本", cell: (e) => pendingList(ctx, kind, e, reload) });
      if (manage) columns.push({ title: "操作", cell: (e) => e.editable ? button("新版本", () => edit(ctx, kind, e, today, reload), "", { "aria-label": `${e.code} 新版本` }) : "—" });
    }
    replace(body,
      notice(key === "division"
        ? "行政区划按国家标准（GB/T 2260）随系统版本更新，不能在此修改。"
        : ctx.can(MANAGE)
          ? `今天是 ${today}（北京时间）。新版本自生效日期起整体替换当前版本（名称、专业、学时、合格线、是否停用）；生效前可以撤销。`
          : `今天是 ${today}（北京时间）。基础数据由省级主管部门维护，您可以查看，不能修改。`, "info"),
      table(columns, entries, { empty: `还没有${kind.noun}`, caption: kind.title }));
  }
  await show();
}

export default {
  menu: { group: "system", title: "基础数据", order: 65, permission: ["settings.manage", "user.manage"] },
  routes: [{ path: "/system/catalog", title: "基础数据", render }],
};
