// A tiny DOM builder (createElement and textContent only: nothing is parsed as HTML) and focus helpers.

/**
 * h("button", {class: "primary", onclick: fn, disabled: true}, "保存") → an element.
 * Attributes: class (string or array), dataset (object), on* (listeners), boolean true/false,
 * anything else as an attribute. Children: strings, numbers, nodes, arrays, null/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs && (typeof attrs !== "object" || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = Array.isArray(v) ? v.filter(Boolean).join(" ") : v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "value" && "value" in el) el.value = v;
    else if (k === "checked" || k === "selected") el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

/** Appends children (strings become text nodes; arrays are flattened; null/false skipped). */
export function append(parent, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false || c === true) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

/** Replaces all children of el with the given ones. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Shorthand: the first element matching selector under root (default document). */
export const $ = (selector, root = document) => root.querySelector(selector);

let idCounter = 0;
/** A new unique element id with a prefix (for label/for and aria-describedby). */
export function uid(prefix = "id") {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Moves keyboard focus to el (making it focusable if needed) without scrolling oddly. */
export function focus(el) {
  if (!el) return;
  if (!el.matches("a[href],button,input,select,textarea,[tabindex]")) el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: false });
}

/** Focuses the first focusable field inside root (or root's heading). */
export function focusFirst(root) {
  const el = root.querySelector("input:not([type=hidden]):not([disabled]),select,textarea,button") || root.querySelector("h1,h2");
  focus(el);
}

/** Keeps Tab inside a dialog element; returns a function that undoes it. */
export function trapFocus(dialog) {
  const onKey = (e) => {
    if (e.key !== "Tab") return;
    const items = [...dialog.querySelectorAll("a[href],button:not([disabled]),input:not([disabled]),select,textarea,[tabindex]:not([tabindex='-1'])")];
    if (!items.length) return;
    const first = items[0], last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) { last.focus(); e.preventDefault(); }
    else if (!e.shiftKey && document.activeElement === last) { first.focus(); e.preventDefault(); }
  };
  dialog.addEventListener("keydown", onKey);
  return () => dialog.removeEventListener("keydown", onKey);
}
