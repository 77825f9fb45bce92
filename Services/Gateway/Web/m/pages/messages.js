// 消息: my notifications (review results, plans deleted, photos returned; GET /api/v1/me/notifications)
// and the province's notices (通知公告, GET /api/v1/notices).
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { dateTime } from "/shared/format.js";
import { href } from "/shared/router.js";
import { pager } from "/shared/ui.js";
import { seg } from "../ui.js";

export default async function render(ctx) {
  const { query } = ctx;
  const tab = query.tab === "notices" ? "notices" : "mine";
  const tokens = query.tokens ? query.tokens.split(",") : [];
  const pageToken = query.page || "";
  const out = [seg([[href("/messages"), "我的消息", tab === "mine"], [href("/messages", { tab: "notices" }), "通知公告", tab === "notices"]], "消息类型")];
  const r = tab === "mine"
    ? await get("/api/v1/me/notifications", { pageSize: 20, pageToken })
    : await get("/api/v1/notices", { pageSize: 20, pageToken });
  const items = (tab === "mine" ? r.notifications : r.notices) || [];
  if (!items.length) out.push(h("div", { class: "m-item empty" }, tab === "mine" ? "暂无消息。报名审核结果等将在这里通知您。" : "暂无通知公告"));
  else if (tab === "mine") {
    out.push(h("ul", { class: "m-plain" }, items.map((n) => h("li", { class: "m-msg" }, h("p", null, n.text), h("time", null, dateTime(n.createdAtUnix))))));
  } else {
    out.push(items.map((n) => h("a", { class: "m-item", href: `#/notices/${n.id}` },
      h("h3", null, h("span", null, n.title)), h("p", null, "发布时间：" + dateTime(n.publishedAtUnix)))));
  }
  if (tokens.length || (r.page && r.page.nextPageToken)) {
    out.push(pager({ page: r.page, tokens, onPage: (token, dir) => {
      const t = dir > 0 ? [...tokens, pageToken] : tokens.slice(0, -1);
      location.hash = href("/messages", { tab: tab === "notices" ? "notices" : "", page: token, tokens: t.join(",") });
    } }));
  }
  return out;
}
