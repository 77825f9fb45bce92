// A list page: filters kept in the hash's query (so a reload or "back" keeps them), the API's
// token paging, a table with an empty state, and an optional export button.
import { h, replace } from "/shared/dom.js";
import { onSubmit } from "/shared/forms.js";
import { table, pager } from "/shared/ui.js";

/**
 * listPage(ctx, {filters, load, key, columns, empty, pageSize, before, tools}) renders into ctx.el.
 * keep: query keys (tabs) that a filter submit keeps.
 * filters: field elements (their names are query keys, their values taken from ctx.query);
 * load(query) → the API response; key: the response's array ("plans"); columns: for ui.table.
 * Returns {reload()} which loads the current page again (after an action changed a row).
 */
export function listPage(ctx, { filters = [], load, key, columns, empty = "暂无数据", pageSize = 20, before, tools, caption, keep = [] }) {
  const results = h("div", { class: "results", "aria-live": "polite" });
  let form = null;
  if (filters.length) {
    for (const f of filters) {
      const control = f.querySelector("input,select");
      if (control && ctx.query[control.name] !== undefined) control.value = ctx.query[control.name];
    }
    const reset = h("button", { type: "button" }, "重置");
    reset.addEventListener("click", () => ctx.setQuery({}));
    form = h("form", { class: "filters", role: "search", "aria-label": "筛选" }, filters,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "查询"), reset, tools || null));
    onSubmit(form, async (v) => ctx.setQuery({ ...pick(ctx.query, keep), ...v }));
  } else if (tools) {
    form = h("div", { class: "actions end filters-tools" }, tools);
  }
  replace(ctx.el, before || null, form, results);

  const tokens = [];
  let current = "";
  async function show(token) {
    replace(results, h("div", { class: "loading", role: "status" }, "加载中…"));
    try {
      const r = await load({ ...filterQuery(ctx.query), pageSize, pageToken: token || undefined });
      const rows = r[key] || [];
      replace(results, table(columns, rows, { empty, caption: caption || ctx.route.title }),
        r.page ? pager({
          page: r.page, tokens, count: rows.length,
          onPage(t, dir) { if (dir > 0) tokens.push(current); else tokens.pop(); current = t; show(t); },
        }) : null);
    } catch (err) {
      if (err.status === 401) return;
      replace(results, h("div", { class: "notice notice-error", role: "alert" }, err.message));
    }
  }
  show("");
  return { reload: () => show(current), form };
}

function pick(query, keys) {
  return Object.fromEntries(keys.filter((k) => query[k]).map((k) => [k, query[k]]));
}
function filterQuery(query) {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ""));
}

/** A row of tab links that set one query key ("state") and keep nothing else. */
export function tabs(ctx, keyName, items) {
  const currentValue = ctx.query[keyName] || items[0][0];
  return h("nav", { class: "tabs", "aria-label": "分类" },
    items.map(([value, text]) => {
      const a = h("a", { class: "tab", href: ctx.href(ctx.route.path.replace(/:(\w+)/g, (_, n) => ctx.params[n]), { [keyName]: value }) }, text);
      if (value === currentValue) a.setAttribute("aria-current", "page");
      return a;
    }));
}
