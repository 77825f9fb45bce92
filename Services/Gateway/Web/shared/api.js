// The one way pages call the gateway's /api/v1: JSON in and out, the session cookie, the CSRF
// echo on changes, errors as ApiError with a Chinese message, and a hook for "signed out".

const unauthorizedHandlers = new Set();

/** An API error: HTTP status, the rpc code name, a Chinese message and per-field messages. */
export class ApiError extends Error {
  constructor(status, code, message, fields = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
  // The message for one field (`fields` uses the request's JSON names), or "".
  fieldMessage(name) {
    const f = this.fields.find((x) => x.field === name);
    return f ? f.message : "";
  }
}

const STATUS_MESSAGES = {
  0: "网络连接失败，请检查网络后重试",
  400: "提交的内容有误，请检查后重试",
  401: "登录已失效，请重新登录",
  403: "没有执行此操作的权限",
  404: "要找的内容不存在或已被删除",
  409: "内容已被修改或已存在，请刷新后重试",
  413: "文件或内容太大",
  429: "操作太频繁，请稍后再试",
  503: "服务暂时不可用，请稍后再试",
  504: "服务响应超时，请稍后再试",
};

/** Calls fn(error) whenever a request answers 401; returns a function that removes it. */
export function onUnauthorized(fn) {
  unauthorizedHandlers.add(fn);
  return () => unauthorizedHandlers.delete(fn);
}

/** The readable csrf_token cookie the gateway sets at sign-in ("" when signed out). */
export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)csrf_token=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : "";
}

/** Turns {a: 1, b: [2, 3], c: ""} into "?a=1&b=2&b=3" (empty and null values left out). */
export function queryString(query) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v === undefined || v === null || v === "") continue;
    for (const one of Array.isArray(v) ? v : [v]) p.append(k, String(one));
  }
  const s = p.toString();
  return s ? "?" + s : "";
}

function headersFor(method, extra) {
  const h = { Accept: "application/json", ...extra };
  if (method !== "GET" && method !== "HEAD") {
    const t = csrfToken();
    if (t) h["X-CSRF-Token"] = t;
  }
  return h;
}

async function errorFrom(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON: use the status text */ }
  const message = (body && typeof body.message === "string" && body.message)
    || STATUS_MESSAGES[res.status] || (res.status >= 500 ? "服务出现错误，请稍后再试" : "请求失败");
  return new ApiError(res.status, (body && body.code) || "", message,
    Array.isArray(body && body.fields) ? body.fields : []);
}

function signalUnauthorized(err) {
  for (const fn of unauthorizedHandlers) { try { fn(err); } catch (e) { console.error(e); } }
}

/** Sends one request; resolves to the parsed JSON (or {} when empty), throws ApiError. */
export async function request(method, path, { query, body, headers, raw, quiet401 } = {}) {
  const init = { method, credentials: "same-origin", headers: headersFor(method, headers) };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof ArrayBuffer) init.body = body;
    else { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
  }
  let res;
  try {
    res = await fetch(path + queryString(query), init);
  } catch {
    throw new ApiError(0, "NETWORK", STATUS_MESSAGES[0]);
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && !quiet401) signalUnauthorized(err);
    throw err;
  }
  if (raw) return res;
  const text = await res.text();
  return text ? JSON.parse(text) : {};
}

/** GET path with a query object. */
export const get = (path, query, opts = {}) => request("GET", path, { ...opts, query });
/** POST a JSON body. */
export const post = (path, body = {}, opts = {}) => request("POST", path, { ...opts, body });
/** PUT a JSON body. */
export const put = (path, body = {}, opts = {}) => request("PUT", path, { ...opts, body });
/** PATCH a JSON body. */
export const patch = (path, body = {}, opts = {}) => request("PATCH", path, { ...opts, body });
/** DELETE (no body). */
export const del = (path, opts = {}) => request("DELETE", path, opts);

/** Fetches a file the API serves (image, CSV) as a Blob, with the same error handling. */
export async function getBlob(path, query) {
  const res = await request("GET", path, { query, raw: true, headers: { Accept: "*/*" } });
  return res.blob();
}

/** Downloads a file the API serves (e.g. personnel.csv) and saves it under fileName. */
export async function download(path, query, fileName) {
  const blob = await getBlob(path, query);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Uploads one File to POST `path` (the enrollment files by default, ?kind=…); onProgress(0..1);
 * `query` adds parameters; resolves to the route's answer. */
export function upload(file, { kind, onProgress, path = "/api/v1/files", query = {} } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path + queryString({ kind, fileName: file.name, ...query }));
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    const t = csrfToken();
    if (t) xhr.setRequestHeader("X-CSRF-Token", t);
    if (onProgress) xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, "NETWORK", STATUS_MESSAGES[0]));
    xhr.onload = () => {
      let body = null;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : {}; } catch { body = null; }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(body || {}); return; }
      const err = new ApiError(xhr.status, (body && body.code) || "",
        (body && body.message) || STATUS_MESSAGES[xhr.status] || "上传失败", (body && body.fields) || []);
      if (xhr.status === 401) signalUnauthorized(err);
      reject(err);
    };
    xhr.send(file);
  });
}

/** Collects every page of a paged list route (`items` key given) up to `limit` items. */
export async function getAll(path, query, key, limit = 2000) {
  const out = [];
  let pageToken = "";
  do {
    const r = await get(path, { ...query, pageSize: 100, pageToken });
    out.push(...(r[key] || []));
    pageToken = (r.page && r.page.nextPageToken) || "";
  } while (pageToken && out.length < limit);
  return out;
}
