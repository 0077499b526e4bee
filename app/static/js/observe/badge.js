// The sync badge: role="status" so screen readers hear changes, and data-sync-state so
// people (and tests) can tell its four states apart without reading colour (DESIGN §7):
// "synced", "pending" (sending), "offline" (no network: normal here, so calm) and "error"
// (red: something was refused, sign-in is needed, or the device cannot store).
// Each state has a full sentence and a short form that keeps the bar one line on a phone.

import { t, tn } from "./i18n.js";
import { storageEvents } from "./store.js";

function age(oldest) {
  const minutes = Math.floor((Date.now() - oldest) / 60000);
  return minutes < 1 ? t("less_than_a_minute") : tn("minutes", minutes);
}

function refusedText(status) {
  return status.rejectedKind === "locked"
    ? t("sync_locked")
    : t("sync_rejected", { message: status.rejectedMessage });
}

function waiting(status) {
  return `${tn("changes_waiting", status.pending)} (${age(status.oldest)})`;
}

/** Whether the tablet is offline: the browser says so, or the last send found no network. */
function isOffline(status, online) {
  return !online || (status.pending > 0 && status.error === "network");
}

/** Return [state, text, short text] for a queue status; online is navigator.onLine. */
export function describe(status, online = true) {
  if (status.storageFailed) return ["error", t("storage_failed"), t("badge_short_not_saved")];
  if (status.rejected) return ["error", refusedText(status), t("badge_short_refused")];
  if (status.pending && status.error === "auth") {
    return ["error", `${waiting(status)}. ${t("sync_failed_auth")}`, t("badge_short_signed_out")];
  }
  if (isOffline(status, online)) {
    if (!status.pending) return ["offline", t("offline_nothing_waiting"), t("badge_short_offline")];
    return ["offline", tn("offline_kept", status.pending), tn("badge_short_offline_kept", status.pending)];
  }
  if (status.pending && status.error) {
    return ["pending", `${waiting(status)}. ${t("sync_failed_server")}`, tn("badge_short_waiting", status.pending)];
  }
  if (status.pending) return ["pending", waiting(status), tn("badge_short_waiting", status.pending)];
  return ["synced", t("all_saved"), t("badge_short_saved")];
}

/** Whether the queue waits for the observer to sign in again. */
export function needsSignIn(status) {
  return Boolean(status.pending && status.error === "auth" && !status.rejected);
}

/** A "Sign in" link beside the badge: a new tab, so this page and its queue stay as they are;
 * signing in there lands on this observation, which sends the queue, and this tab resumes. */
function signInLink(element) {
  const link = document.createElement("a");
  link.className = "button primary small";
  link.dataset.syncSignin = "";
  link.target = "_blank";
  link.rel = "noopener";
  link.textContent = t("sign_in");
  link.hidden = true;
  link.addEventListener("click", () => {
    link.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  });
  link.href = `/login?next=${encodeURIComponent(location.pathname)}`;
  element.after(link);
  return link;
}

/** Keep the badge element in step with the queue, refreshing the age every 20 seconds. */
export function bindBadge(element, queue) {
  const text = element.querySelector("[data-sync-text]") || element;
  const short = element.querySelector("[data-sync-short]");
  const link = signInLink(element);
  const sendNow = element.parentElement?.querySelector("[data-action='send-now']");
  let last = { pending: 0, rejected: 0, error: null };
  const render = () => {
    const [state, message, brief] = describe(last, navigator.onLine);
    const signIn = needsSignIn(last);
    if (element.dataset.syncState !== state) element.dataset.syncState = state;
    element.dataset.online = navigator.onLine ? "1" : "0"; // a phone hides "Send now" offline
    if (text.textContent !== message) text.textContent = message;
    if (short && short.textContent !== brief) short.textContent = brief;
    if (signIn) element.dataset.syncReason = "signin";
    else if (last.storageFailed) element.dataset.syncReason = "storage";
    else delete element.dataset.syncReason;
    // One row of constant height (observe.css): the link takes the place of "Send now".
    link.hidden = !signIn;
    if (sendNow) sendNow.hidden = signIn;
  };
  let storageFailed = false;
  queue.addEventListener("status", (event) => {
    last = { ...event.detail, storageFailed };
    render();
  });
  // IndexedDB failed even after a reopen: never show "Everything is saved" until it works again.
  storageEvents.addEventListener("storage-failed", () => {
    storageFailed = true;
    last = { ...last, storageFailed };
    render();
  });
  storageEvents.addEventListener("storage-ok", () => {
    if (!storageFailed) return;
    storageFailed = false;
    last = { ...last, storageFailed };
    render();
  });
  addEventListener("offline", render);
  addEventListener("online", render);
  setInterval(render, 20000);
}
