// Shared tablets: signing out removes every observation this device holds for the user
// (IndexedDB, the journal in localStorage, the service worker's data cache). With changes not
// yet sent, a dialog warns first and offers to send them.

import { t, tn } from "./i18n.js";
import * as journal from "./journal.js";
import * as store from "./store.js";
import { SyncQueue } from "./sync.js";

async function unsentChanges() {
  await journal.replay(store.putChange).catch(() => {});
  try {
    return await store.allChanges();
  } catch {
    return [];
  }
}

async function sendAll(changes) {
  const ids = [...new Set(changes.map((c) => c.obsId))];
  await Promise.all(ids.map((id) => new SyncQueue(id).sendNow()));
}

/** Remove the signed-in user's observations from this device. */
export async function clearDevice() {
  journal.clearAll();
  await store.deleteAll();
  try {
    for (const key of await caches.keys()) {
      if (key.startsWith("tettpaa-data")) await caches.delete(key);
    }
  } catch {
    // no Cache Storage (plain http in some browsers): nothing was cached
  }
}

function ask(count) {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "logout-dialog";
    dialog.dataset.logoutWarning = "";
    const text = document.createElement("p");
    text.textContent = tn("logout_unsent", count);
    const actions = document.createElement("p");
    const choices = [["send", "button primary", t("logout_send_first")],
      ["logout", "button secondary", t("logout_anyway")], ["cancel", "button secondary", t("cancel")]];
    for (const [choice, className, label] of choices) {
      const element = document.createElement("button");
      element.type = "button";
      element.className = className;
      element.dataset.logoutChoice = choice;
      element.textContent = label;
      element.addEventListener("click", () => { dialog.close(); dialog.remove(); resolve(choice); });
      actions.append(element, " ");
    }
    dialog.append(text, actions);
    dialog.addEventListener("cancel", () => { dialog.remove(); resolve("cancel"); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

async function confirmLogout() {
  for (;;) {
    const waiting = await unsentChanges(); // pending, drafts and refused edits alike
    if (waiting.length === 0) return true;
    const choice = await ask(waiting.length);
    if (choice === "cancel") return false;
    if (choice === "logout") return true;
    await sendAll(waiting);
  }
}

/** Guard every sign-out form on the page. */
export function guardLogout() {
  for (const form of document.querySelectorAll('form[action$="/logout"]')) {
    let confirmed = false;
    form.addEventListener("submit", async (event) => {
      if (confirmed) return;
      event.preventDefault();
      if (!(await confirmLogout())) return;
      await clearDevice();
      confirmed = true;
      form.submit();
    });
  }
}
