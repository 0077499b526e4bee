// The tablet form: wires state, storage, the sync queue and the page together.
//
// Order of truth: the page's server copy < the stored server copy < a fresh GET, merged by
// state.js; local edits not yet acknowledged are laid over that. Every edit goes to
// IndexedDB before anything else happens.

import { getJSON } from "./api.js";
import { bindBadge } from "./badge.js";
import { askRestart, bindCycleNavigation } from "./cycles.js";
import { bindFinish } from "./finish.js";
import { knownWordsFrom } from "./names.js";
import { renderCycle, renderNameWarning, renderProgress, renderScore, renderSuggestion } from "./render.js";
import { CYCLE_FIELDS, endAllowed, mergeState } from "./state.js";
import * as journal from "./journal.js";
import { guardLogout } from "./logout.js";
import { renderRefused } from "./refused.js";
import * as store from "./store.js";
import { SyncQueue } from "./sync.js";
import { startTimers } from "./timer.js";
import { registerServiceWorker } from "./offline.js";

const root = document.getElementById("observe");
const obsId = root.dataset.observationId;
store.configure(root.dataset.userKey);
journal.configure(root.dataset.userKey);
const readJSON = (id) => JSON.parse(document.getElementById(id).textContent);
const instrument = readJSON("instrument-data");
const pageCopy = readJSON("observation-data");
const rules = instrument.cycles;
const dimensions = instrument.domains.flatMap((d) => d.dimensions);
const codes = dimensions.map((d) => d.code);
const indicatorCount = Object.fromEntries(dimensions.map((d) => [d.code, d.indicators.length]));
const lang = document.documentElement.lang || "nb";
const names = Object.fromEntries(dimensions.map((d) => [d.code, d.labels[lang] ?? d.labels.nb]));
const knownWords = knownWordsFrom(root.dataset.knownWords, ...Object.values(names));
const queue = new SyncQueue(obsId);
const channel = "BroadcastChannel" in window ? new BroadcastChannel("tettpaa-observe") : null;
let state = mergeState([pageCopy], [], rules.count);
let fresh = null; // the last copy fetched from the server in this page

const now = () => new Date().toISOString();
const fieldsetOf = (n, code) => root.querySelector(`fieldset[data-dimension="${code}"][data-cycle="${n}"]`);

let edits = 0; // bumped on every local edit, so a merge that raced with a tap is redone

async function remerge() {
  for (;;) {
    const before = edits;
    const [snapshot, changes] = await Promise.all([store.getSnapshot(obsId), store.changesFor(obsId)]);
    if (before !== edits) continue; // a tap landed while we read: read again, it is stored now
    state = mergeState([pageCopy, snapshot, fresh], changes, rules.count);
    renderAll();
    renderRefused(root.querySelector("[data-sync-refused]"), changes, names, REFUSED_ACTIONS);
    return;
  }
}

function renderAll() {
  for (let n = 1; n <= rules.count; n++) {
    renderCycle(root.querySelector(`[data-cycle-section="${n}"]`), state.cycles[n], rules);
    for (const code of codes) renderScore(fieldsetOf(n, code), state.cycles[n].scores[code], indicatorCount[code]);
  }
  renderProgress(root, state, codes);
  const refused = Object.values(state.local).includes("rejected-locked");
  setLocked(root.dataset.readonly === "1" || state.status !== "draft" || refused);
}

function setLocked(locked) {
  root.querySelector("[data-locked-notice]").hidden = !locked;
  root.dataset.locked = locked ? "1" : "0";
  for (const section of root.querySelectorAll("[data-cycle-section] fieldset, [data-cycle-meta]")) {
    section.disabled = locked;
  }
  root.querySelector('[data-action="finish"]').disabled = locked;
}

async function refreshFromServer() {
  const result = await getJSON(`/observations/${obsId}`);
  if (!result.ok || !result.body) return;
  fresh = result.body;
  await store.putSnapshot(fresh);
  // Reopened by the project lead: edits refused while it was submitted can go now.
  if (fresh.status === "draft" && (await store.requeueLocked(obsId))) queue.sendNow();
  await remerge();
}

/** Save an edit: the journal synchronously (a reload right after the tap keeps it), then
 * IndexedDB, then the queue, then tell other tabs. */
async function save(change) {
  const entry = journal.record({ obsId, ...change });
  edits += 1;
  try {
    await queue.push(entry);
  } catch (error) {
    console.error("could not store the change", error); // the badge and notice say so
    return;
  }
  journal.settle(entry.jid);
  channel?.postMessage({ obsId });
}

const REFUSED_ACTIONS = {
  onRetry: async (change) => {
    await store.retryRejected(change);
    await remerge();
    queue.sendNow();
  },
  onDiscard: async (change) => {
    await store.discardChange(change);
    await remerge();
    await queue.report();
  },
};

/** IndexedDB failed even after reopening: say so on the page, plainly. */
function bindStorageNotice() {
  const notice = root.querySelector("[data-storage-failed]");
  store.storageEvents.addEventListener("storage-failed", () => {
    notice.hidden = false;
    root.dataset.storage = "failed";
  });
  store.storageEvents.addEventListener("storage-ok", () => {
    notice.hidden = true;
    root.dataset.storage = "ok";
  });
}

function saveScore(n, code) {
  const score = scoreOf(n, code);
  score.client_ts = now(); // the moment of the tap: the server keeps the latest per score
  const body = {
    value: score.value,
    indicator_marks: score.indicator_marks || {},
    note: score.note || "",
    client_ts: score.client_ts,
  };
  // Marks or a note without a score cannot be sent yet: they wait on the device as a draft.
  const ready = Number.isInteger(score.value);
  return save({ kind: "score", cycle: n, dim: code, body, state: ready ? "pending" : "draft" });
}

function saveCycle(n) {
  const cycle = state.cycles[n];
  const body = Object.fromEntries(CYCLE_FIELDS.map((f) => [f, cycle[f] ?? null]));
  body.client_ts = now();
  renderCycle(root.querySelector(`[data-cycle-section="${n}"]`), cycle, rules);
  return save({ kind: "cycle", cycle: n, body, state: "pending" });
}

function scoreOf(n, code) {
  return (state.cycles[n].scores[code] ||= { value: null, indicator_marks: {}, note: "" });
}

function onScoreInput(input, fieldset) {
  const n = Number(fieldset.dataset.cycle);
  const code = fieldset.dataset.dimension;
  const score = scoreOf(n, code);
  if (input.dataset.score !== undefined) score.value = Number(input.value);
  if (input.dataset.mark !== undefined) {
    score.indicator_marks = { ...(score.indicator_marks || {}), [input.dataset.indicator]: input.value };
    renderSuggestion(fieldset, score.indicator_marks, indicatorCount[code]);
  }
  fieldset.classList.toggle("is-done", Number.isInteger(score.value));
  renderProgress(root, state, codes);
  saveScore(n, code);
}

/** Parse a cycle field from its input; times combine the visit date with the local clock. */
function cycleValue(input, cycle) {
  const raw = input.value.trim();
  if (input.type === "number") return raw === "" ? null : Math.max(0, parseInt(raw, 10));
  if (input.type !== "time") return raw === "" ? null : raw;
  if (raw === "") return null;
  const held = cycle[input.dataset.cycleField] || cycle.started_at;
  const day = held ? new Date(held) : new Date(`${root.dataset.observedOn}T00:00`);
  const [h, m] = raw.split(":").map(Number);
  day.setHours(h, m, 0, 0);
  return day.toISOString();
}

const typingTimers = new Map();
function debounce(key, ms, work) {
  clearTimeout(typingTimers.get(key));
  typingTimers.set(key, setTimeout(() => { typingTimers.delete(key); work(); }, ms));
}

function commitText(input) {
  const fieldset = input.closest("fieldset[data-dimension]");
  if (fieldset) {
    const n = Number(fieldset.dataset.cycle);
    scoreOf(n, fieldset.dataset.dimension).note = input.value;
    return saveScore(n, fieldset.dataset.dimension);
  }
  const n = Number(input.closest("[data-cycle-section]").dataset.cycleSection);
  state.cycles[n][input.dataset.cycleField] = cycleValue(input, state.cycles[n]);
  return saveCycle(n);
}

/** Typing is saved after a short pause, and at once when the field is left. */
function onTextInput(input, immediately) {
  if (input.matches("textarea")) renderNameWarning(input, knownWords);
  if (immediately) {
    clearTimeout(typingTimers.get(input.id));
    typingTimers.delete(input.id);
    commitText(input);
  } else {
    debounce(input.id, 800, () => commitText(input));
  }
}

function bindInputs() {
  root.addEventListener("change", (event) => {
    const input = event.target;
    const fieldset = input.closest("fieldset[data-dimension]");
    if (input.matches("input[data-score], input[data-mark]")) onScoreInput(input, fieldset);
    else if (input.matches("textarea, [data-cycle-field]")) onTextInput(input, true);
  });
  root.addEventListener("input", (event) => {
    if (event.target.matches("textarea, input[type=text], input[type=number]")) onTextInput(event.target, false);
  });
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    const action = button && ACTIONS[button.dataset.action];
    if (!action) return;
    const section = button.closest("[data-cycle-section]");
    action(section && Number(section.dataset.cycleSection), button);
  });
}

// Buttons in the form, by data-action (finish and submit live in finish.js).
const ACTIONS = {
  "start-cycle": (n) => {
    state.cycles[n].started_at = now();
    state.cycles[n].ended_at = null;
    saveCycle(n);
  },
  "end-cycle": (n) => {
    // The button waits a moment after the start (state.js), so a double tap cannot end it.
    if (!endAllowed(state.cycles[n], Date.now())) return;
    state.cycles[n].ended_at = now();
    saveCycle(n);
  },
  "restart-cycle": (n) => askRestart(root, n, true),
  "cancel-restart": (n) => askRestart(root, n, false),
  "confirm-restart": (n) => {
    state.cycles[n].started_at = null;
    state.cycles[n].ended_at = null;
    askRestart(root, n, false);
    saveCycle(n);
    root.querySelector(`[data-cycle-section="${n}"] [data-action="start-cycle"]`).focus();
  },
  "clear-marks": (n, button) => {
    const fieldset = button.closest("fieldset[data-dimension]");
    const code = fieldset.dataset.dimension;
    scoreOf(n, code).indicator_marks = {};
    renderScore(fieldset, state.cycles[n].scores[code], indicatorCount[code]);
    saveScore(n, code);
  },
  "send-now": () => queue.sendNow(),
};

async function loadLocal() {
  await store.adoptLegacy().catch((error) => console.warn("old device copy not adopted", error));
  await journal.replay(store.putChange);
  await store.putSnapshot(pageCopy);
  await remerge();
}

async function main() {
  bindStorageNotice();
  bindBadge(root.querySelector("[data-sync-badge]"), queue);
  try {
    await loadLocal();
  } catch (error) {
    console.error("device storage unavailable", error); // the notice is shown by the event
    renderAll();
  }
  bindInputs();
  guardLogout();
  bindCycleNavigation(root);
  bindFinish(root, {
    getState: () => state, instrument, names, knownWords, queue, onLocked: () => setLocked(true),
  });
  startTimers(root, (n) => state.cycles[n], rules);
  for (const note of root.querySelectorAll("textarea")) renderNameWarning(note, knownWords);
  queue.addEventListener("ack", () => channel?.postMessage({ obsId }));
  queue.addEventListener("rejected", async (event) => {
    if (event.detail.kind === "locked") setLocked(true);
    await remerge();
  });
  // Another device may have scored meanwhile: fetch after our queue is empty.
  queue.addEventListener("drained", () => debounce("refresh", 1500, refreshFromServer));
  channel?.addEventListener("message", (event) => {
    if (event.data?.obsId === obsId) remerge();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refreshFromServer();
  });
  queue.start();
  refreshFromServer();
  registerServiceWorker(root);
  root.dataset.ready = "1";
}

main();
