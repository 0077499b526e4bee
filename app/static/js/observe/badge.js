// The sync badge: role="status" so screen readers hear changes, and data-sync-state so
// people (and tests) can tell "synced", "pending" and "error" apart without reading colour.

import { t, tn } from "./i18n.js";
import { storageEvents } from "./store.js";

function age(oldest) {
  const minutes = Math.floor((Date.now() - oldest) / 60000);
  return minutes < 1 ? t("less_than_a_minute") : tn("minutes", minutes);
}

function errorText(status) {
  if (status.rejected) {
    return status.rejectedKind === "locked"
      ? t("sync_locked")
      : t("sync_rejected", { message: status.rejectedMessage });
  }
  return t(`sync_failed_${status.error || "server"}`);
}

function waiting(status) {
  return `${tn("changes_waiting", status.pending)} (${age(status.oldest)})`;
}

/** Return [state, text] for a queue status. */
export function describe(status) {
  if (status.storageFailed) return ["error", t("storage_failed")];
  if (status.rejected) return ["error", errorText(status)];
  if (status.pending && status.error) return ["error", `${waiting(status)}. ${errorText(status)}`];
  if (status.pending) return ["pending", waiting(status)];
  return ["synced", t("all_saved")];
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
  const link = signInLink(element);
  const sendNow = element.parentElement?.querySelector("[data-action='send-now']");
  let last = { pending: 0, rejected: 0, error: null };
  const render = () => {
    const [state, message] = describe(last);
    const signIn = needsSignIn(last);
    if (element.dataset.syncState !== state) element.dataset.syncState = state;
    if (text.textContent !== message) text.textContent = message;
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
  setInterval(render, 20000);
}
