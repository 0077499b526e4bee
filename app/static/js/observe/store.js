// IndexedDB: the device's durable copy of an observation. Every tap lands here before any
// network request is made, so a reload, a crash or a dead battery loses nothing.
//
// Two object stores:
//   changes   — one record per (observation, cycle, dimension) or (observation, cycle):
//               the local edit and its sync state. Putting a newer edit under the same key
//               coalesces the queue by construction.
//   snapshots — the last server copy of each observation (GET body, updated on every ack),
//               so an offline reload still shows what the server already has.

const DB_NAME = "tettpaa-observe";
const DB_VERSION = 1;
let opening = null;

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function open() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      const changes = db.createObjectStore("changes", { keyPath: "key" });
      changes.createIndex("obs", "obsId");
      db.createObjectStore("snapshots", { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

async function run(storeName, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    const result = work(tx.objectStore(storeName));
    tx.oncomplete = () => resolve(result instanceof IDBRequest ? result.result : result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
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

/** Save a local edit (state "pending", or "draft" when it cannot be sent yet). */
export async function putChange(change) {
  const record = { ...change, seq: nextSeq(), error: null };
  record.key = changeKey(change.obsId, change.kind, change.cycle, change.dim);
  await run("changes", "readwrite", (s) => s.put(record));
  return record;
}

export function changesFor(obsId) {
  return run("changes", "readonly", (s) => s.index("obs").getAll(obsId));
}

/** Remove a change after the server acknowledged it, unless a newer edit replaced it meanwhile. */
export async function ackChange(sent) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("changes", "readwrite");
    const store = tx.objectStore("changes");
    let removed = false;
    store.get(sent.key).onsuccess = (event) => {
      const current = event.target.result;
      if (current && current.seq === sent.seq) {
        store.delete(sent.key);
        removed = true;
      }
    };
    tx.oncomplete = () => resolve(removed);
    tx.onerror = () => reject(tx.error);
  });
}

/** Keep a refused change on the device and remember why, unless a newer edit replaced it. */
export async function markRejected(sent, error) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("changes", "readwrite");
    const store = tx.objectStore("changes");
    store.get(sent.key).onsuccess = (event) => {
      const current = event.target.result;
      if (current && current.seq === sent.seq) store.put({ ...current, state: "rejected", error });
    };
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

export function getSnapshot(obsId) {
  return run("snapshots", "readonly", (s) => s.get(obsId));
}

/** Store a server copy unless the one we hold is newer (by the server's version counter). */
export async function putSnapshot(observation) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("snapshots", "readwrite");
    const store = tx.objectStore("snapshots");
    store.get(observation.id).onsuccess = (event) => {
      const held = event.target.result;
      if (!held || (held.version ?? 0) <= (observation.version ?? 0)) store.put(observation);
    };
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/** Fold one acknowledged change into the stored server copy. */
export async function applyAckToSnapshot(obsId, apply) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("snapshots", "readwrite");
    const store = tx.objectStore("snapshots");
    store.get(obsId).onsuccess = (event) => {
      const held = event.target.result;
      if (held) store.put(apply(held));
    };
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/** After a reopen, refused-as-locked edits may be sent again (the server still judges them). */
export async function requeueLocked(obsId) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("changes", "readwrite");
    const store = tx.objectStore("changes");
    let count = 0;
    store.index("obs").getAll(obsId).onsuccess = (event) => {
      for (const change of event.target.result) {
        if (change.state === "rejected" && change.error?.kind === "locked") {
          store.put({ ...change, state: "pending", error: null });
          count += 1;
        }
      }
    };
    tx.oncomplete = () => resolve(count);
    tx.onerror = () => reject(tx.error);
  });
}
