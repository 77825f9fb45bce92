// CE-6: a certificate on its issuer's paper, from the print layout (GET /api/v1/certificate-print-layout):
// each part absolutely placed in millimetres, the QR code as the SVG the gateway draws. The same
// layout draws the PDF e-certificate on the server, so paper and PDF agree.
import { h } from "/shared/dom.js";
import { skillLevel } from "/shared/format.js";

/** The text of each layout field for certificate `c`. */
export function sheetValues(c) {
  return {
    number: c.number, holderName: c.holderName, idNumber: c.idNumber, postName: c.postName,
    level: skillLevel(c.level), issuerName: c.issuerName, issuedOn: c.issuedOn, validUntil: c.validUntil,
  };
}

/** The page element: `layout` with `values` (field → text) and the QR image at `qrSrc`. */
export function certificateSheet(layout, values, qrSrc) {
  const page = h("div", { class: "certificate-sheet", role: "img", "aria-label": layout.title });
  page.style.width = `${layout.pageWidthMm}mm`;
  page.style.height = `${layout.pageHeightMm}mm`;
  for (const e of layout.elements || []) {
    let node;
    if (e.field === "qr") {
      node = h("img", { class: "sheet-qr", src: qrSrc, alt: "证书验证二维码" });
      node.style.width = node.style.height = `${e.size}mm`;
    } else {
      const text = e.field === "title" ? layout.title : values[e.field] || "";
      node = h("div", { class: `sheet-text sheet-${e.field}`, dataset: { field: e.field } }, (e.caption || "") + text);
      node.style.fontSize = `${e.size}pt`;
    }
    node.style.left = `${e.xMm}mm`;
    node.style.top = `${e.yMm}mm`;
    page.append(node);
  }
  return page;
}

/** Sets the printed page's size to the layout's (an @page rule through the CSSOM: no inline style). */
export function setPrintedPageSize(layout) {
  const sheet = [...document.styleSheets].find((s) => s.href && s.href.endsWith("/console/console.css"));
  if (!sheet) return;
  const rule = `@page { size: ${layout.pageWidthMm}mm ${layout.pageHeightMm}mm; margin: 0; }`;
  for (let i = sheet.cssRules.length - 1; i >= 0; i--) if (sheet.cssRules[i].type === CSSRule.PAGE_RULE) sheet.deleteRule(i);
  sheet.insertRule(rule, sheet.cssRules.length);
}
