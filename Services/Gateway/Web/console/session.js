// Signing in and out, shared by the sign-in pages and the shell. app.js fills `hooks`.
import * as api from "/shared/api.js";

/** Set by app.js: signedIn(next) loads /me and goes to `next`; signedOut(query) shows sign-in. */
export const hooks = { signedIn: async () => {}, signedOut: () => {} };

const EXPIRY_KEY = "console.sessionExpires";

/** Signs in with {login, password, smsCode}; resolves to the LoginResponse (smsRequired or session). */
export async function signIn(body) {
  const r = await api.post("/api/v1/sessions", body, { quiet401: true });
  if (r.session && r.session.expiresAtUnix) sessionStorage.setItem(EXPIRY_KEY, String(r.session.expiresAtUnix));
  return r;
}

/** When the current session ends at the latest (Unix seconds), if this tab signed in. */
export function sessionExpiresAt() {
  return Number(sessionStorage.getItem(EXPIRY_KEY) || 0);
}

/** Ends the session on the server (ignoring a session that has already ended) and shows sign-in. */
export async function signOut() {
  try { await api.del("/api/v1/sessions/current", { quiet401: true }); } catch { /* already ended */ }
  sessionStorage.removeItem(EXPIRY_KEY);
  hooks.signedOut({ out: "1" });
}
