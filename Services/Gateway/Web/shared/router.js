// A hash router: "#/enrollment/plans/12?state=draft" → the route "/enrollment/plans/:id" with
// params {id: "12"} and query {state: "draft"}; unknown paths get the not-found page.

/** Splits location.hash into {path, query} ("#/a/b?x=1" → {path: "/a/b", query: {x: "1"}}). */
export function currentLocation(hash = location.hash) {
  const raw = hash.replace(/^#/, "") || "/";
  const [path, qs = ""] = raw.split("?");
  return { path: path || "/", query: Object.fromEntries(new URLSearchParams(qs)), hash: "#" + raw };
}

/** Builds "#/path?query" from a path and a query object (empty values left out). */
export function href(path, query = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return "#" + path + (s ? "?" + s : "");
}

/** Goes to a path (adds a history entry; replace=true replaces the current one). */
export function navigate(path, query = {}, { replace = false } = {}) {
  const target = href(path, query);
  if (replace) { history.replaceState(null, "", target); window.dispatchEvent(new HashChangeEvent("hashchange")); }
  else if (location.hash === target) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = target;
}

function compile(pattern) {
  const names = [];
  const re = pattern.replace(/\/:([A-Za-z]+)/g, (_, n) => { names.push(n); return "/([^/]+)"; });
  return { re: new RegExp("^" + re + "/?$"), names };
}

/**
 * Creates a router. routes: [{path: "/plans/:id", ...anything}]. onRoute(route, {params, query,
 * path}) is called on every hash change; route is null when nothing matches (show not-found).
 */
export function createRouter(routes, onRoute) {
  const compiled = routes.map((r) => ({ route: r, ...compile(r.path) }));
  function resolve() {
    const loc = currentLocation();
    for (const c of compiled) {
      const m = loc.path.match(c.re);
      if (m) {
        const params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
        return onRoute(c.route, { params, query: loc.query, path: loc.path, hash: loc.hash });
      }
    }
    return onRoute(null, { params: {}, query: loc.query, path: loc.path, hash: loc.hash });
  }
  window.addEventListener("hashchange", resolve);
  return { resolve, stop: () => window.removeEventListener("hashchange", resolve) };
}
