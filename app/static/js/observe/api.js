// The JSON API (/api/v1): session cookie plus the CSRF token from <meta name="csrf-token">.
// Every failure is turned into one of a few kinds that the sync queue knows how to treat.

export const API = "/api/v1";
// A request on poor Wi-Fi can hang for minutes; give up and let the queue retry instead.
const TIMEOUT_MS = 15000;

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? "";
}

/**
 * Send a request; resolve to {ok, status, body, kind}. kind is one of
 * "ok", "network" (no answer: retry), "server" (5xx: retry), "auth" (signed out),
 * "csrf" (token refused), "locked" (submitted: keep local copy) or "rejected" (4xx).
 */
export async function request(method, path, payload) {
  const init = {
    method,
    credentials: "same-origin",
    cache: "no-store",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    signal: AbortSignal.timeout?.(TIMEOUT_MS),
  };
  if (payload !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(payload);
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch (error) {
    return { ok: false, status: 0, body: null, kind: "network" };
  }
  const body = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body, kind: classify(response, body) };
}

function classify(response, body) {
  if (response.ok) return "ok";
  // A redirect to the login page or a proxy's HTML error page is not our JSON.
  if (response.redirected || response.status === 401) return "auth";
  if (response.status >= 500 || (body === null && response.status < 400)) return "server";
  if (body === null) return "rejected"; // a 4xx without our JSON (a proxy's 413 page, say)
  const code = body.error || "";
  if (response.status === 409 && code === "observation_locked") return "locked";
  if (response.status === 400 && code.includes("csrf")) return "csrf";
  return "rejected";
}

export const getJSON = (path) => request("GET", path);
export const putJSON = (path, payload) => request("PUT", path, payload);
export const postJSON = (path, payload) => request("POST", path, payload);

/** Fetch a fresh CSRF token from the page (the session may have been renewed). */
export async function refreshCsrfToken() {
  try {
    const response = await fetch(location.pathname, { credentials: "same-origin", cache: "no-store" });
    const html = await response.text();
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1];
    if (token) document.querySelector('meta[name="csrf-token"]').content = token;
    return Boolean(token);
  } catch {
    return false;
  }
}
