// The console: who is signed in (GET /api/v1/me), the shell (top bar, menu by permission,
// breadcrumbs) and the hash router built from the page modules listed in pages/index.js.
import * as api from "/shared/api.js";
import { h, replace, focus } from "/shared/dom.js";
import { createRouter, navigate, href, currentLocation } from "/shared/router.js";
import { label } from "/shared/format.js";
import { fetchCatalog } from "/shared/catalog.js";
import { pages, groups } from "./pages/index.js";
import { signOut, hooks } from "./session.js";

const root = document.getElementById("app");
const SYSTEM = "施工现场专业人员培训管理系统";
const state = { me: null, shell: null, lastHash: "", firstRender: true };

/** Whether the signed-in user holds a permission (a string) or any of several (an array). */
export function can(permission) {
  if (!permission) return true;
  const held = (state.me && state.me.caller && state.me.caller.permissions) || [];
  return [permission].flat().some((p) => held.includes(p));
}

// Every route of every page, with its page's menu entry and permission attached.
const routes = pages.flatMap((page) => page.routes.map((r) => ({
  ...r, page, permission: r.permission !== undefined ? r.permission : page.menu && page.menu.permission,
})));
const byPath = new Map(routes.map((r) => [r.path, r]));

function mustBindPhone() {
  const p = (state.me && state.me.caller && state.me.caller.permissions) || [];
  return p.length === 1 && p[0] === "account.bind_phone";
}

async function loadMe() {
  try {
    state.me = await api.get("/api/v1/me", undefined, { quiet401: true });
  } catch (err) {
    state.me = null;
    if (err.status !== 401) throw err;
  }
  return state.me;
}

/** The menu entries the user may open: a page has one (`menu`) or several (an array), each {menu, routes}. */
function menuEntries() {
  return pages.flatMap((p) => [p.menu || []].flat().map((menu) => ({ menu, routes: p.routes })))
    .filter((p) => can(p.menu.permission) && (!p.menu.when || p.menu.when(state.me)))
    .sort((a, b) => (a.menu.order || 0) - (b.menu.order || 0));
}

function buildShell() {
  const me = state.me;
  const nav = h("nav", { class: "sidebar", id: "sidebar", "aria-label": "主菜单" });
  for (const g of groups) {
    const items = menuEntries().filter((p) => p.menu.group === g.id);
    if (!items.length) continue;
    nav.append(h("div", { class: "group" },
      g.title ? h("div", { class: "group-title", id: "g-" + g.id }, g.title) : null,
      h("ul", { "aria-labelledby": g.title ? "g-" + g.id : null },
        items.map((p) => h("li", null, h("a", { href: "#" + (p.menu.path || p.routes[0].path), dataset: { path: p.menu.path || p.routes[0].path } }, p.menu.title))))));
  }
  const toggle = h("button", { type: "button", class: "menu-toggle small", "aria-controls": "sidebar", "aria-expanded": "false" }, "菜单");
  toggle.addEventListener("click", () => {
    const open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  nav.addEventListener("click", (e) => {
    if (e.target.closest("a")) { nav.classList.remove("open"); toggle.setAttribute("aria-expanded", "false"); }
  });
  const logout = h("button", { type: "button", class: "link" }, "退出");
  logout.addEventListener("click", () => signOut());
  const main = h("main", { id: "main", tabindex: "-1" });
  const skip = h("button", { type: "button", class: "skip-link" }, "跳到主要内容");
  skip.addEventListener("click", () => focus(main.querySelector("h1") || main));
  const orgText = me.organisation ? `${me.organisation.name}（${label("OrgKind", me.organisation.kind)}）` : "";
  const top = h("header", { class: "topbar" },
    toggle,
    h("div", { class: "brand" }, SYSTEM),
    h("div", { class: "org", title: orgText }, orgText),
    h("div", { class: "spacer" }),
    h("div", { class: "user" },
      h("span", { class: "name" }, (me.user && (me.user.name || me.user.username)) || ""),
      h("a", { href: "#/account/password" }, "修改密码"), h("span", { "aria-hidden": "true" }, "|"), logout));
  replace(root, skip, top, h("div", { class: "layout" }, nav, main));
  state.shell = { nav, main };
}

function markMenu(route) {
  const active = route ? (route.menuPath || (route.page.menu && (route.page.menu.path || route.page.routes[0].path))) : "";
  for (const a of state.shell.nav.querySelectorAll("a")) {
    if (a.dataset.path === active) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function crumbsFor(route, title) {
  const trail = [];
  let r = route;
  const seen = new Set();
  while (r && !seen.has(r.path)) {
    seen.add(r.path);
    trail.unshift({ title: r === route ? title : r.title, path: r === route ? null : r.path });
    r = r.parent ? byPath.get(r.parent) : null;
  }
  const menu = [route.page.menu || []].flat()[0];
  const group = menu && groups.find((g) => g.id === menu.group);
  if (group && group.title && group.title !== (trail[0] && trail[0].title)) trail.unshift({ title: group.title, path: null });
  if (route.path !== "/") trail.unshift({ title: "首页", path: "/" });
  return h("nav", { class: "crumbs", "aria-label": "当前位置" },
    h("ol", null, trail.map((c, i) => h("li", null,
      c.path ? h("a", { href: "#" + c.path }, c.title) : h("span", { "aria-current": i === trail.length - 1 ? "page" : null }, c.title)))));
}

function renderInShell(route, loc, { title, body } = {}) {
  if (!state.shell) buildShell();
  markMenu(route);
  const main = state.shell.main;
  const heading = h("h1", { tabindex: "-1" }, title || (route && route.title) || "");
  const actions = h("div", { class: "actions page-actions" });
  const el = h("div", { class: "page-body" });
  const crumbSlot = h("div");
  replace(main, crumbSlot, h("div", { class: "page-head" }, heading, actions), el);
  const setTitle = (t) => {
    heading.textContent = t;
    document.title = `${t} - ${SYSTEM}`;
    if (route) replace(crumbSlot, crumbsFor(route, t));
  };
  setTitle(title || (route && route.title) || "");
  // Another page starts at its top (a long menu may have scrolled the window); the same page
  // with other filters or another list page keeps its place.
  if (loc && loc.path !== state.lastPath) window.scrollTo(0, 0);
  state.lastPath = loc && loc.path;
  if (!state.firstRender) focus(heading);
  state.firstRender = false;
  if (body) { el.append(body); main.dataset.ready = "1"; return; }
  runPage(route, loc, { el, actions, setTitle });
}

function context(route, loc, extra) {
  return {
    ...extra, route, params: loc.params, query: loc.query, me: state.me, can,
    /** Replaces the query of the current page (filters, paging) and renders again. */
    setQuery(query) { navigate(loc.path, query, { replace: true }); },
    go: navigate, href,
    /** Reloads /me (after the user's own data changed) and renders the page again. */
    async reloadMe() { await loadMe(); state.shell = null; show(); },
  };
}

// The page's first render has finished when main carries data-ready (tests wait for it; lists
// may still be loading their rows: those show .loading until they have).
async function runPage(route, loc, extra) {
  const main = document.getElementById("main");
  if (main) delete main.dataset.ready;
  try {
    await route.render(context(route, loc, extra));
    if (main && main.contains(extra.el)) main.dataset.ready = "1";
  } catch (err) {
    if (err && err.status === 401) return;
    console.error(err);
    replace(extra.el, h("div", { class: "notice notice-error", role: "alert" }, (err && err.message && err.status !== undefined) ? err.message : "页面出现错误，请刷新后重试"));
    if (main && main.contains(extra.el)) main.dataset.ready = "1";
  }
}

function renderBare(route, loc) {
  state.shell = null;
  const el = h("div", { class: "card" + (route.wide ? " wide" : "") });
  replace(root, h("div", { class: "bare" },
    h("div", { class: "bare-title" }, h("div", { class: "sys" }, SYSTEM), h("div", { class: "sub" }, route.subtitle || route.title)), h("main", { id: "main" }, el)));
  const setTitle = (t) => { document.title = `${t} - ${SYSTEM}`; };
  setTitle(route.title);
  runPage(route, loc, { el, setTitle, actions: h("div") });
  focus(el.querySelector("h1") || el);
}

let showing = null;
function onRoute(route, loc) {
  showing = [route, loc];
  if (route && route.public) {
    if (state.me && !mustBindPhone() && route.redirectSignedIn) { navigate(loc.query.next ? currentLocation("#" + loc.query.next).path : "/", loc.query.next ? currentLocation("#" + loc.query.next).query : {}, { replace: true }); return; }
    renderBare(route, loc);
    return;
  }
  if (!state.me) { navigate("/login", { next: loc.hash.replace(/^#/, "") }, { replace: true }); return; }
  if (mustBindPhone() && loc.path !== "/bind-phone") { navigate("/bind-phone", {}, { replace: true }); return; }
  if (!route) { renderInShell(null, loc, { title: "页面不存在", body: notFound() }); return; }
  if (!can(route.permission)) { renderInShell(route, loc, { title: "没有权限", body: forbidden() }); return; }
  state.lastHash = loc.hash;
  renderInShell(route, loc);
}

/** Renders the current hash again (after sign-in, or when data changed). */
export function show() {
  router.resolve();
}

function notFound() {
  return h("div", { class: "card empty" }, h("p", null, "您要访问的页面不存在或已被移除。"), h("a", { class: "btn primary", href: "#/" }, "返回首页"));
}
function forbidden() {
  return h("div", { class: "card empty" }, h("p", null, "您的账号没有访问此页面的权限。如需使用，请联系本机构管理员分配角色。"), h("a", { class: "btn primary", href: "#/" }, "返回首页"));
}

// Called by the sign-in page once a session exists: loads /me and goes to `next`.
hooks.signedIn = async function signedIn(next) {
  await Promise.all([loadMe(), fetchCatalog(api.get)]);
  state.shell = null;
  state.firstRender = true;
  const target = currentLocation("#" + (next || "/"));
  if (target.path === "/login") navigate("/", {}, { replace: true });
  else navigate(target.path, target.query, { replace: true });
};

// Forgets the signed-in user (after logout) and shows sign-in.
hooks.signedOut = function signedOut(query = {}) {
  state.me = null;
  state.shell = null;
  navigate("/login", query, { replace: true });
};

api.onUnauthorized(() => {
  if (!state.me) return;
  const loc = currentLocation();
  state.me = null;
  state.shell = null;
  navigate("/login", { next: loc.hash.replace(/^#/, ""), expired: "1" }, { replace: true });
});

const router = createRouter(routes, onRoute);
Promise.all([loadMe(), fetchCatalog(api.get)]).then(() => router.resolve(), (err) => {
  replace(root, h("div", { class: "bare" }, h("div", { class: "card" },
    h("h1", null, "暂时无法连接服务器"), h("p", null, err.message || "请稍后刷新页面重试。"),
    h("button", { type: "button", class: "primary", onclick: () => location.reload() }, "重新加载"))));
});
