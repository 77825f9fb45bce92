// Who is signed in: GET /api/v1/me, kept for the pages; cleared on sign-out or a 401.
import { get, del } from "/shared/api.js";

let me = null;

/** The signed-in user (the API's Me), or null. */
export function current() {
  return me;
}

/** Reads /api/v1/me; resolves to Me, or null when not signed in. Other errors are thrown. */
export async function load() {
  try {
    me = await get("/api/v1/me", null, { quiet401: true });
  } catch (err) {
    if (err.status !== 401) throw err;
    me = null;
  }
  return me;
}

/** Forgets the user (after a 401). */
export function clear() {
  me = null;
}

/** Drops every wizard draft of this tab (answers, upload ids): at sign-out. */
export function clearDrafts() {
  try {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith("m.draft.") || k.startsWith("m.enroll.") || k.startsWith("m.ce.")) sessionStorage.removeItem(k);
  } catch { /* storage unavailable */ }
}

/** Signs out: revokes the session (cookies cleared by the gateway) and forgets the user. */
export async function signOut() {
  try { await del("/api/v1/sessions/current", { quiet401: true }); } finally { me = null; clearDrafts(); }
}
