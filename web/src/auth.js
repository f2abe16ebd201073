// The editor's token: checked against the server (GET /auth/whoami) before it is kept, then
// held in memory and in sessionStorage, so a reload within the tab stays logged in and closing
// the tab forgets it. Never in a URL, a cookie, localStorage or a console message; log-out
// removes it from all of them and from the token field.

import { ApiError } from './api.js';

const KEY = 'pierobeza.token';

let token = null;
let holder = null; // {name, role, can_write} from /auth/whoami

/** The bearer token in force, or null. */
export function currentToken() {
  return token;
}

/** Who the token names: `{name, role, can_write}`, or null when logged out. */
export function who() {
  return holder;
}

/** Whether the token in force may write. */
export function canWrite() {
  return Boolean(holder?.can_write);
}

/** Asks the server whose `secret` is; throws ApiError (401 for an unknown or revoked token). */
async function whoami(secret) {
  const res = await fetch('/auth/whoami', {
    headers: { Accept: 'application/json', Authorization: `Bearer ${secret}` },
    cache: 'no-store',
  });
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON: the status says enough.
  }
  if (!res.ok) throw new ApiError('/auth/whoami', res.status, body);
  return body;
}

/** Checks `secret` and keeps it; returns the holder. Throws ApiError when the server refuses. */
export async function logIn(secret) {
  const s = String(secret ?? '').trim();
  if (!s) throw new ApiError('/auth/whoami', 401, null);
  holder = await whoami(s);
  token = s;
  sessionStorage.setItem(KEY, s);
  return holder;
}

/** Forgets the token everywhere the page kept it. */
export function logOut() {
  token = null;
  holder = null;
  sessionStorage.removeItem(KEY);
}

/**
 * The token kept by an earlier page of this tab, checked again (it may have been revoked since);
 * returns the holder, or null when there was none or it no longer works.
 */
export async function restore() {
  const s = sessionStorage.getItem(KEY);
  if (!s) return null;
  try {
    return await logIn(s);
  } catch {
    logOut();
    return null;
  }
}
