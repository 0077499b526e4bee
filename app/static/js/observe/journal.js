// A write-ahead journal in localStorage: a tap is written here synchronously, before the
// asynchronous IndexedDB write starts, so a reload or a closed tab a few milliseconds after
// the tap cannot lose it. At start the page replays what is left into IndexedDB; an entry is
// removed once IndexedDB holds it. One key per signed-in user; logout removes them all.

export const JOURNAL_PREFIX = "tettpaa-journal";
let journalKey = JOURNAL_PREFIX;
let counter = 0;

export function configure(userKey) {
  if (userKey) journalKey = `${JOURNAL_PREFIX}-${userKey}`;
}

function read() {
  try {
    return JSON.parse(localStorage.getItem(journalKey) || "[]");
  } catch {
    return [];
  }
}

function write(entries) {
  try {
    if (entries.length) localStorage.setItem(journalKey, JSON.stringify(entries));
    else localStorage.removeItem(journalKey);
    return true;
  } catch {
    return false; // full or unavailable (private mode): IndexedDB is still tried
  }
}

const cellOf = (c) => `${c.obsId}|${c.kind}|${c.cycle}|${c.dim ?? ""}`;

/** Record a change before anything else; returns it with its journal id. A newer tap on the
 * same cell replaces the older entry, so the journal stays small. */
export function record(change) {
  const entry = { ...change, jid: `${Date.now()}-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}` };
  const cell = cellOf(entry);
  write([...read().filter((e) => cellOf(e) !== cell), entry]);
  return entry;
}

/** IndexedDB holds the change now: drop its journal entry. */
export function settle(jid) {
  const entries = read();
  const kept = entries.filter((e) => e.jid !== jid);
  if (kept.length !== entries.length) write(kept);
}

/** Put what the journal still holds into IndexedDB (newer-only per cell), oldest first. */
export async function replay(putChange) {
  for (const entry of read()) {
    await putChange(entry, { onlyIfNewer: true });
    settle(entry.jid);
  }
}

/** Remove every journal on this device (logout). */
export function clearAll() {
  try {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith("tettpaa-")) localStorage.removeItem(key);
    }
  } catch {
    // no localStorage: nothing to clear
  }
}
