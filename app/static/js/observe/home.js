// The observer's home: say whether this browser keeps saved observations (persistent
// storage), and guard sign-out so a shared tablet keeps nothing of this observer.

import { t } from "./i18n.js";
import * as journal from "./journal.js";
import { guardLogout } from "./logout.js";
import * as store from "./store.js";

const root = document.getElementById("observer-home");
store.configure(root?.dataset.userKey);
journal.configure(root?.dataset.userKey);

async function showPersistence(line) {
  if (!line || !navigator.storage?.persisted) return;
  let persistent = await navigator.storage.persisted().catch(() => false);
  // Asking is harmless: browsers that grant it (installed apps, Chromium) keep the data.
  if (!persistent && navigator.storage.persist) persistent = await navigator.storage.persist().catch(() => false);
  line.dataset.persistent = persistent ? "1" : "0";
  line.textContent = t(persistent ? "storage_persistent" : "storage_not_persistent");
  line.hidden = false;
}

guardLogout();
showPersistence(root);
