// Notice bodies: the server sanitises notice HTML (allow-list); this copies it once more through
// an allow-list into new elements (defence in depth), so no script, handler or style survives.

const ALLOWED = new Set(["p", "br", "b", "strong", "i", "em", "u", "s", "h2", "h3", "h4", "ul", "ol", "li", "a", "blockquote",
  "table", "thead", "tbody", "tr", "th", "td", "span", "div", "img", "hr", "sub", "sup", "pre", "code"]);
const ATTRS = { a: ["href", "title"], img: ["src", "alt", "width", "height"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] };

function safeUrl(value, forImage) {
  try {
    const u = new URL(value, location.origin);
    if (forImage) return u.origin === location.origin || u.protocol === "data:" ? u.href : "";
    return ["http:", "https:", "mailto:"].includes(u.protocol) ? u.href : "";
  } catch { return ""; }
}

function copy(node, out) {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) { out.append(document.createTextNode(child.textContent)); continue; }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = child.tagName.toLowerCase();
    if (["script", "style", "iframe", "object", "embed", "template", "noscript"].includes(tag)) continue;
    if (!ALLOWED.has(tag)) { copy(child, out); continue; }
    const el = document.createElement(tag);
    for (const name of ATTRS[tag] || []) {
      const v = child.getAttribute(name);
      if (v === null) continue;
      if (name === "href" || name === "src") { const u = safeUrl(v, name === "src"); if (u) el.setAttribute(name, u); }
      else el.setAttribute(name, v);
    }
    if (tag === "a") { el.target = "_blank"; el.rel = "noopener noreferrer"; }
    copy(child, el);
    out.append(el);
  }
}

/** A DocumentFragment holding the allow-listed copy of an HTML string (parsed inert: nothing runs or loads). */
export function safeHtml(html) {
  // A <template>'s content belongs to an inert document: no script runs, no handler is compiled,
  // no image loads while it is parsed; only the allow-listed copy reaches the page.
  const inert = document.createElement("template");
  inert.innerHTML = String(html || "");
  const frag = document.createDocumentFragment();
  copy(inert.content, frag);
  return frag;
}
