// 通知公告 detail. The body is HTML the identity service sanitised (docs/IDENTITY.md); it is
// copied once more through shared/html.js's allow-list, the one place a page shows server HTML.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { dateTime } from "/shared/format.js";
import { safeHtml } from "/shared/html.js";

export default async function render(ctx) {
  const n = await get(`/api/v1/notices/${Number(ctx.params.id)}`);
  return h("article", { class: "card" }, h("h2", null, n.title), h("p", { class: "muted" }, "发布时间：" + dateTime(n.publishedAtUnix)),
    h("div", { class: "m-notice-body" }, safeHtml(n.bodyHtml)));
}
