// 操作日志 (ID-8): who did what, when, from where, with what outcome, for identity (accounts
// and organisations), enrollment, classes (培训与考勤) and assessment (考核业务); filter by organisation, operator, action and date.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { input, select } from "/shared/forms.js";
import { dateTime, unixFromDateInput } from "/shared/format.js";
import { tag } from "/shared/ui.js";
import { listPage, tabs } from "../list.js";
import { ACTIONS, subtree } from "../common.js";

const TARGETS = { user: "用户", organisation: "机构", role: "角色", plan: "报名计划", enrollment: "报名", notice: "通知公告",
  enterprise: "企业", file: "文件", student: "学员", profile: "学员照片", phone: "手机号", session: "会话",
  class: "班级", teacher: "师资", template: "课程模板", attendance: "考勤记录", test_plan: "考核计划" };
// Each service's log (its path under /api/v1: training for the classes service, whose
// /api/v1/classes/{id} would overlap) and the action prefixes it writes (identity: every other one).
const SERVICES = [["identity", "账号与机构", null], ["enrollment", "报名业务", /^(plan|enrollment|file|profile)\./],
  ["training", "培训与考勤", /^(class|teacher|template|attendance)\./], ["assessment", "考核业务", /^(test_plan|scores|discipline)\./]];

async function render(ctx) {
  const service = SERVICES.some(([name]) => name === ctx.query.service) ? ctx.query.service : "identity";
  const orgs = await subtree();
  const users = ctx.can("user.manage") ? await api.getAll("/api/v1/users", { orgId: ctx.query.orgId || undefined }, "users", 500).catch(() => []) : [];
  const names = new Map(users.map((u) => [u.id, `${u.name}（${u.username}）`]));
  const own = SERVICES.find(([name]) => name === service)[2];
  const actionChoices = Object.entries(ACTIONS).filter(([k]) => own ? own.test(k) : !SERVICES.some(([, , re]) => re && re.test(k)));
  listPage(ctx, {
    before: tabs(ctx, "service", SERVICES.map(([name, title]) => [name, title])),
    keep: ["service"],
    filters: [
      orgs.length > 1 ? select("机构", "orgId", orgs.map((o) => [String(o.id), o.name]), { empty: "本机构" }) : null,
      users.length ? select("操作人", "actorUserId", users.map((u) => [String(u.id), `${u.name}（${u.username}）`]), { empty: "全部" }) : null,
      select("操作", "action", actionChoices, { empty: "全部" }),
      input("开始日期", "from", { type: "date" }), input("结束日期", "to", { type: "date" }),
    ].filter(Boolean),
    load: (q) => api.get(`/api/v1/${service}/operation-log`, {
      orgId: q.orgId, actorUserId: q.actorUserId, action: q.action, pageSize: q.pageSize, pageToken: q.pageToken,
      fromUnix: q.from ? unixFromDateInput(q.from) : undefined, toUnix: q.to ? unixFromDateInput(q.to, true) : undefined,
    }),
    key: "entries", empty: "没有符合条件的操作记录",
    columns: [
      { title: "时间", cell: (e) => dateTime(e.occurredAtUnix), class: "nowrap" },
      { title: "操作人", cell: (e) => Number(e.actorUserId) === 0 ? "系统" : (e.actorName || names.get(e.actorUserId) || `用户 ${e.actorUserId}`) },
      { title: "操作", cell: (e) => ACTIONS[e.action] || e.action },
      { title: "对象", cell: (e) => !e.targetType ? "—" : e.targetType === "user" && names.has(Number(e.targetId)) ? `用户 ${names.get(Number(e.targetId))}`
        : `${TARGETS[e.targetType] || e.targetType} ${e.targetId || ""}` },
      { title: "IP", cell: (e) => e.clientIp || "—" },
      { title: "结果", cell: (e) => e.outcome === "success" ? tag("成功", "success") : tag("失败", "danger") },
    ],
  });
}

export default {
  menu: { group: "system", title: "操作日志", order: 30, permission: "log.read" },
  routes: [{ path: "/system/log", title: "操作日志", render }],
};
