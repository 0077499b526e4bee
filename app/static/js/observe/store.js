// IndexedDB: the device's durable copy of an observation. Every tap lands here before any
// network request is made, so a reload, a crash or a dead battery loses nothing.
//
// Two object stores:
//   changes   — one record per (observation, cycle, dimension) or (observation, cycle):
//               the local edit and its sync state. Putting a newer edit under the same key
//               coalesces the queue by construction.
//   snapshots — the last server copy of each observation (GET body, updated on every ack),
//               so an offline reload still shows what the server already has.
//
// One database per signed-in user (shared tablets): configure() names it from the page.
// A connection the browser drops (WebKit does) is reopened and the work retried once;
// if that fails too, "storage-failed" is dispatched on storageEvents and the error thrown,
// so the page says plainly that nothing is saved.

export const DB_PREFIX = "tettpaa-observe";
const DB_VERSION = 1;
let dbName = DB_PREFIX;
let opening = null;
export const storageEvents = new EventTarget();

/** Name the database after the signed-in user, so one person never opens another's. */
export function configure(userKey) {
  if (userKey) dbName = `${DB_PREFIX}-${userKey}`;
}

export function databaseName() {
  return dbName;
}

function forget(db) {
  if (opening && db) opening.then((held) => { if (held === db) opening = null; }, () => {});
}

function open() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      const changes = db.createObjectStore("changes", { keyPath: "key" });
      changes.createIndex("obs", "obsId");
      db.createObjectStore("snapshots", { keyPath: "id" });
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onclose = () => forget(db);
      // Logout deletes the database: let it go at once instead of blocking the deletion.
      db.onversionchange = () => { db.close(); forget(db); };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new DOMException("blocked", "InvalidStateError"));
  });
  opening.catch(() => { opening = null; });
  return opening;
}

/** One transaction: body(store) may return a function read after commit (the result). */
async function attempt(storeName, mode, body) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    const names = Array.isArray(storeName) ? storeName : [storeName];
    const result = body(...names.map((name) => tx.objectStore(name)));
    tx.oncomplete = () => resolve(typeof result === "function" ? result() : result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new DOMException("aborted", "AbortError"));
  });
}

async function transact(storeName, mode, body) {
  try {
    return await attempt(storeName, mode, body);
  } catch (first) {
    opening = null; // a closed or broken connection: open a new one and try again
    try {
      return await attempt(storeName, mode, body);
    } catch (error) {
      opening = null;
      storageEvents.dispatchEvent(new CustomEvent("storage-failed", { detail: { error } }));
      throw error;
    }
  }
}

/** Tell listeners storage works again after a failure. */
function ok(value) {
  storageEvents.dispatchEvent(new CustomEvent("storage-ok"));
  return value;
}

/** The queue key of a change: one per score cell or per cycle header. */
export function changeKey(obsId, kind, cycle, dim = "") {
  return `${obsId}|${kind}|${cycle}|${dim}`;
}

let lastSeq = 0;
/** A strictly increasing number, so an ack only removes the exact edit that was sent. */
function nextSeq() {
  lastSeq = Math.max(Date.now() * 1000, lastSeq + 1);
  return lastSeq;
}

function tsOf(change) {
  const ms = Date.parse(change?.body?.client_ts ?? "");
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Save a local edit (state "pending", or "draft" when it cannot be sent yet). With onlyIfNewer
 * (the journal's replay) an edit older than the one held for its cell is dropped. */
export async function putChange(change, { onlyIfNewer = false } = {}) {
  const { jid, ...fields } = change;
  const record = { ...fields, seq: nextSeq(), error: null };
  record.key = changeKey(change.obsId, change.kind, change.cycle, change.dim);
  await transact("changes", "readwrite", (s) => {
    if (!onlyIfNewer) return s.put(record);
    s.get(record.key).onsuccess = (event) => {
      const held = event.target.result;
      if (!held || tsOf(held) <= tsOf(record)) s.put(record);
    };
    return null;
  });
  return ok(record);
}

export async function changesFor(obsId) {
  return ok(await transact("changes", "readonly", (s) => {
    const request = s.index("obs").getAll(obsId);
    return () => request.result;
  }));
}

export function allChanges() {
  return transact("changes", "readonly", (s) => {
    const request = s.getAll();
    return () => request.result;
  });
}

/** Change a held edit in one transaction, only if it is still the one given (same seq). */
function updateIfCurrent(sent, update) {
  return transact("changes", "readwrite", (store) => {
    let done = false;
    store.get(sent.key).onsuccess = (event) => {
      const current = event.target.result;
      if (current && current.seq === sent.seq) {
        update(store, current);
        done = true;
      }
    };
    return () => done;
  });
}

/** The server took a change: fold it into the stored server copy and remove the change
 * (unless a newer edit replaced it meanwhile), in one transaction, so a reload at any moment
 * finds the value either still waiting or in the server copy. */
export function ackChange(sent, apply) {
  return transact(["changes", "snapshots"], "readwrite", (changes, snapshots) => {
    let removed = false;
    changes.get(sent.key).onsuccess = (event) => {
      const current = event.target.result;
      if (current && current.seq === sent.seq) {
        changes.delete(sent.key);
        removed = true;
      }
    };
    snapshots.get(sent.obsId).onsuccess = (event) => {
      const held = event.target.result;
      if (held && apply) snapshots.put(apply(held));
    };
    return () => removed;
  });
}

/** Keep a refused change on the device and remember why, unless a newer edit replaced it. */
export function markRejected(sent, error) {
  return updateIfCurrent(sent, (store, current) => store.put({ ...current, state: "rejected", error }));
}

/** The observer chose to send a refused edit again. */
export function retryRejected(sent) {
  return updateIfCurrent(sent, (store, current) => store.put({ ...current, state: "pending", error: null }));
}

/** The observer chose to drop a refused edit: the server's value shows again. */
export function discardChange(sent) {
  return updateIfCurrent(sent, (store) => store.delete(sent.key));
}

export function getSnapshot(obsId) {
  return transact("snapshots", "readonly", (s) => {
    const request = s.get(obsId);
    return () => request.result;
  });
}

/** Store a server copy unless the one we hold is newer (by the server's version counter). */
export function putSnapshot(observation) {
  return transact("snapshots", "readwrite", (store) => {
    store.get(observation.id).onsuccess = (event) => {
      const held = event.target.result;
      if (!held || (held.version ?? 0) <= (observation.version ?? 0)) store.put(observation);
    };
  });
}

/** After a reopen, refused-as-locked edits may be sent again (the server still judges them). */
export function requeueLocked(obsId) {
  return transact("changes", "readwrite", (store) => {
    let count = 0;
    store.index("obs").getAll(obsId).onsuccess = (event) => {
      for (const change of event.target.result) {
        if (change.state === "rejected" && change.error?.kind === "locked") {
          store.put({ ...change, state: "pending", error: null });
          count += 1;
        }
      }
    };
    return () => count;
  });
}

/** The origin's databases; [] where databases() is missing or (some WebKit builds) never answers. */
function listDatabases() {
  if (!indexedDB.databases) return Promise.resolve([]);
  return Promise.race([
    indexedDB.databases().catch(() => []),
    new Promise((resolve) => setTimeout(() => resolve([]), 1000)),
  ]);
}

/** Delete every observation database on this device (logout on a shared tablet). */
export async function deleteAll() {
  if (opening) {
    const db = await opening.catch(() => null);
    db?.close();
    opening = null;
  }
  let names = [dbName, DB_PREFIX];
  const listed = await listDatabases();
  names = [...new Set([...names, ...listed.map((d) => d.name).filter((n) => n?.startsWith(DB_PREFIX))])];
  await Promise.all(names.map((name) => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  })));
}

function readAll(db, storeName) {
  return new Promise((resolve, reject) => {
    const request = db.transaction(storeName, "readonly").objectStore(storeName).getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Before databases were per user, one was shared: move what it holds into this user's
 * database (the server still judges every edit), then delete it, so nothing unsent is lost. */
export async function adoptLegacy() {
  if (dbName === DB_PREFIX) return 0;
  // Open it only if it exists: an upgrade from version 0 means it did not, so abort that.
  const legacy = await new Promise((resolve) => {
    const request = indexedDB.open(DB_PREFIX);
    request.onupgradeneeded = (event) => {
      if (event.oldVersion === 0) request.transaction.abort();
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
  if (!legacy) return 0;
  let moved = 0;
  try {
    if (legacy.objectStoreNames.contains("changes")) {
      for (const change of await readAll(legacy, "changes")) {
        await putChange(change, { onlyIfNewer: true });
        moved += 1;
      }
    }
  } finally {
    legacy.close();
  }
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_PREFIX);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
  return moved;
}
