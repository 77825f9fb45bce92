// 首页 (seed 000 "我的主页"): who is signed in, the ways in (today's lessons with 签到, classes,
// hours, 岗位培训 and 继续教育 报名, records, profile, messages, notices), the latest messages and the plans open now.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { dateTime } from "/shared/format.js";
import { divisionName } from "/shared/catalog.js";
import { href } from "/shared/router.js";
import { tag } from "/shared/ui.js";
import { notice } from "/shared/forms.js";

const ENTRIES = [
  ["#/lessons", "签", "今日课程"], ["#/classes", "班", "我的班级"], ["#/hours", "时", "我的学时"],
  ["#/exams", "考", "我的考试"], ["#/certificates", "证", "我的证书"], ["#/enroll", "新", "新取证报名"], ["#/ce", "继", "继续教育"],
  ["#/enrollments", "记", "报名记录"], ["#/me/profile", "照", "个人信息"], ["#/messages", "信", "我的消息"],
  ["#/messages?tab=notices", "告", "通知公告"],
];

export default async function render(ctx) {
  const { me } = ctx;
  const [notes, plans] = await Promise.all([
    get("/api/v1/me/notifications", { pageSize: 3 }).catch(() => null),
    get("/api/v1/open-enrollment-plans", { kind: "new_certificate", pageSize: 3 }).catch(() => null),
  ]);
  const out = [
    h("section", { class: "m-hero" },
      h("h2", null, `${me.user.name}，您好`, me.realNameVerified ? tag("已实名", "success") : tag("未实名", "warning")),
      h("p", null, "身份证号 " + me.maskedIdNumber)),
  ];
  if (!me.realNameVerified) out.push(notice("您的账号尚未通过实名验证，暂不能报名。", "warning"));
  out.push(h("nav", { class: "m-grid", "aria-label": "功能" },
    ENTRIES.map(([to, icon, text]) => h("a", { href: to }, h("span", { class: "m-grid-icon", "aria-hidden": "true" }, icon), text))));

  out.push(h("h2", { class: "m-section-title" }, "最新消息"));
  const list = (notes && notes.notifications) || [];
  if (!notes) out.push(h("div", { class: "m-item empty" }, "消息暂时无法加载"));
  else if (!list.length) out.push(h("div", { class: "m-item empty" }, "暂无消息"));
  else out.push(list.map((n) => h("a", { class: "m-msg m-item", href: "#/messages" }, h("p", null, n.text), h("time", null, dateTime(n.createdAtUnix)))));

  out.push(h("h2", { class: "m-section-title" }, "正在报名"));
  const open = (plans && plans.plans) || [];
  if (!open.length) out.push(h("div", { class: "m-item empty" }, "暂无正在报名的计划"));
  else {
    out.push(open.map((p) => h("a", { class: "m-item", href: href("/enroll", { plan: p.id }) },
      h("h3", null, h("span", null, p.name)), h("p", null, `${p.orgName} · ${divisionName(p.divisionCode)}`))));
    out.push(h("a", { class: "btn block", href: "#/plans" }, "查看全部报名计划"));
  }
  return out;
}
