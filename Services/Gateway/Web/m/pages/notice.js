// 通知公告 detail. The body is HTML the identity service sanitised when it was published (the one
// place a page inserts server HTML, docs/CONSOLE.md); it is parsed inert and its links open
// outside the app.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { dateTime } from "/shared/format.js";

export default async function render(ctx) {
  const n = await get(`/api/v1/notices/${Number(ctx.params.id)}`);
  const body = h("div", { class: "m-notice-body" });
  const doc = new DOMParser().parseFromString(n.bodyHtml || "", "text/html");
  // Belt and braces on top of the server's sanitiser and the CSP: nothing active survives.
  for (const el of doc.body.querySelectorAll("script,style,iframe,object,embed,form,link,meta,base")) el.remove();
  for (const el of doc.body.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      const n = attr.name.toLowerCase();
      if (n.startsWith("on") || n === "style" || ((n === "href" || n === "src") && /^\s*(javascript|vbscript|data):/i.test(attr.value))) {
        el.removeAttribute(attr.name);
      }
    }
  }
  for (const a of doc.querySelectorAll("a[href]")) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
  body.append(...doc.body.childNodes);
  return h("article", { class: "card" }, h("h2", null, n.title), h("p", { class: "muted" }, "发布时间：" + dateTime(n.publishedAtUnix)), body);
}
