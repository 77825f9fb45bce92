// The student pages (/m/): routes, the top bar and the bottom tab bar, the signed-in check.
// Each page is a module under /m/pages/, loaded when first shown, exporting
// `default async function render(ctx)` that returns the page's nodes (see docs/CONSOLE.md).
import { onUnauthorized } from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { createRouter, navigate, currentLocation } from "/shared/router.js";
import * as session from "./session.js";

// path, module, title, tab (highlighted in the tab bar), tabs (tab bar shown: top-level pages),
// back (where 返回 goes when there is no history), open (no sign-in needed).
const ROUTES = [
  { path: "/", page: "home", title: "学员服务", tab: "home", tabs: true },
  { path: "/login", page: "login", title: "学员登录", open: true },
  { path: "/register", page: "register", title: "个人注册", open: true, back: "/login" },
  { path: "/forgot", page: "forgot", title: "找回密码", open: true, back: "/login" },
  { path: "/plans", page: "plans", title: "报名", tab: "enroll", tabs: true },
  { path: "/enroll", page: "enroll", title: "新取证报名", tab: "enroll", back: "/plans" },
  { path: "/enrollments", page: "enrollments", title: "报名记录", tab: "enroll", back: "/plans" },
  { path: "/enrollments/:id", page: "enrollment", title: "报名详情", tab: "enroll", back: "/enrollments" },
  { path: "/enrollments/:id/edit", page: "enroll", title: "修改报名", tab: "enroll", back: "/enrollments" },
  { path: "/enrollments/:id/print/:which", page: "print", title: "打印", tab: "enroll", back: "/enrollments" },
  { path: "/ce", page: "ce", title: "继续教育报名", tab: "enroll", back: "/plans" },
  { path: "/messages", page: "messages", title: "消息", tab: "messages", tabs: true },
  { path: "/notices/:id", page: "notice", title: "通知公告", tab: "messages", back: "/messages" },
  { path: "/classes", page: "classes", title: "我的班级", tab: "home", back: "/" },
  { path: "/lessons", page: "lessons", title: "今日课程", tab: "home", back: "/" },
  { path: "/sign-in", page: "sign", title: "签到", tab: "home", back: "/lessons" },
  { path: "/sign-out", page: "sign", title: "签退", tab: "home", back: "/lessons" },
  { path: "/hours", page: "hours", title: "我的学时", tab: "home", back: "/classes" },
  { path: "/exams", page: "exams", title: "我的考试", tab: "home", back: "/" },
  { path: "/exams/:planId/ticket", page: "print", title: "准考证", tab: "home", back: "/exams" },
  { path: "/certificates", page: "certificates", title: "我的证书", tab: "home", back: "/" },
  { path: "/me", page: "me", title: "我的", tab: "me", tabs: true },
  { path: "/me/profile", page: "profile", title: "个人信息", tab: "me", back: "/me" },
  { path: "/me/phone", page: "phone", title: "更换手机号", tab: "me", back: "/me" },
  { path: "/me/password", page: "password", title: "修改密码", tab: "me", back: "/me" },
];
const SITE = "学员服务";

const view = document.getElementById("view");
const titleEl = document.getElementById("title");
const backBtn = document.getElementById("back");
const tabs = document.getElementById("tabs");

let renderCount = 0;   // guards against a slow page rendering after the user moved on
let inAppSteps = 0;    // how many routes were shown since load (返回 uses history when > 0)
let current = null;

function setTitle(text) {
  titleEl.textContent = text;
  document.title = text === SITE ? SITE + " · 施工现场专业人员职业培训" : `${text} · ${SITE}`;
}

function showChrome(route) {
  const showTabs = Boolean(route && route.tabs && session.current());
  tabs.hidden = !showTabs;
  document.body.classList.toggle("no-tabs", !showTabs);
  for (const a of tabs.querySelectorAll("a")) {
    if (route && a.dataset.tab === route.tab) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  backBtn.hidden = !(route && route.back);
}

backBtn.addEventListener("click", () => {
  if (inAppSteps > 1 && history.length > 1) history.back();
  else navigate(current && current.back ? current.back : "/");
});

function errorPage(message, retry) {
  return h("div", { class: "card" },
    h("div", { class: "notice notice-error", role: "alert" }, message),
    h("div", { class: "m-actions" },
      retry ? h("button", { type: "button", class: "primary", onclick: retry }, "重试") : null,
      h("a", { class: "btn", href: "#/" }, "返回首页")));
}

// Tells tests and the Performance API when a page has its data on screen: a mark "ready <path>"
// and <main data-page="…">.
function markReady(route) {
  view.dataset.page = route.page;
  view.setAttribute("aria-busy", "false");
  try { performance.mark("ready " + route.path); } catch { /* old browsers */ }
}

async function show(route, loc) {
  const mine = ++renderCount;
  inAppSteps += 1;
  current = route;
  const me = session.current();
  if (!route) {
    setTitle("页面不存在"); showChrome(null); backBtn.hidden = false;
    replace(view, errorPage("您要找的页面不存在。"));
    return;
  }
  if (!route.open && !me) {
    navigate("/login", loc.path === "/" ? {} : { next: loc.hash }, { replace: true });
    return;
  }
  if (route.open && me && (route.page === "login" || route.page === "register")) {
    navigate("/", {}, { replace: true });
    return;
  }
  setTitle(route.title);
  showChrome(route);
  if (me && !me.student && !route.open) {
    replace(view, h("div", { class: "card" },
      h("div", { class: "notice notice-info", role: "status" }, "此页面供学员使用。机构用户请使用管理后台。"),
      h("div", { class: "m-actions" }, h("a", { class: "btn primary", href: "/" }, "前往管理后台"),
        h("button", { type: "button", onclick: async () => { await session.signOut(); navigate("/login"); } }, "退出登录"))));
    return;
  }
  replace(view, h("div", { class: "loading", role: "status" }, "加载中…"));
  view.setAttribute("aria-busy", "true");
  delete view.dataset.page;
  const ctx = {
    route, params: loc.params, query: loc.query, hash: loc.hash, me,
    session, setTitle, view,
    alive: () => mine === renderCount,
    rerender: () => show(route, { ...loc, ...currentLocation() }),
  };
  try {
    const mod = await import(`./pages/${route.page}.js`);
    const nodes = await mod.default(ctx);
    if (!ctx.alive()) return;
    replace(view, nodes);
    markReady(route);
  } catch (err) {
    if (!ctx.alive()) return;
    view.setAttribute("aria-busy", "false");
    if (err && err.status === 401) return;      // the 401 hook is taking the user to sign-in
    console.error(err);
    replace(view, errorPage((err && err.status !== undefined && err.message) || "页面加载失败，请检查网络后重试",
      () => ctx.rerender()));
  }
  if (inAppSteps > 1) { window.scrollTo(0, 0); view.focus({ preventScroll: true }); }
}

onUnauthorized(() => {
  session.clear();
  const loc = currentLocation();
  const route = current;
  if (route && route.open) return;
  navigate("/login", { next: loc.hash, expired: "1" }, { replace: true });
});

const router = createRouter(ROUTES, show);

async function boot() {
  try {
    await session.load();
  } catch (err) {
    replace(view, errorPage((err && err.message) || "无法连接服务器，请稍后再试", () => location.reload()));
    return;
  }
  router.resolve();
}

boot();
