// The sync queue: sends the edits held in IndexedDB to the API, oldest first.
//
// Order is kept per cell (a score of one cycle and dimension, or one cycle's details): IndexedDB
// holds one edit per cell, the latest. A cell the server fails on (5xx) is set aside with
// backoff while the other cells go on; a refusal (4xx) is kept, shown, and the queue moves on.
// Only a dead network or an ended session pauses the whole queue.
//
// Why it is safe to retry: every PUT carries the full value and the client_ts of the tap,
// and the server keeps the later client_ts, so sending twice changes nothing. An edit leaves
// the device only after a 2xx answer; a refusal (submitted, invalid) is kept and shown.

import * as store from "./store.js";
import { putJSON, refreshCsrfToken } from "./api.js";

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60000;
const HEARTBEAT_MS = 30000;
// Tabs tell each other when the server takes an edit again after a sign-in, so a tab that
// was waiting for one resumes at once (its CSRF token is refreshed on the first refusal).
const sessionChannel = "BroadcastChannel" in window ? new BroadcastChannel("tettpaa-session") : null;

function pathFor(change) {
  const base = `/observations/${change.obsId}/cycles/${change.cycle}`;
  return change.kind === "score" ? `${base}/scores/${encodeURIComponent(change.dim)}` : base;
}

function foldIntoSnapshot(change, body) {
  return (snapshot) => {
    snapshot.cycles ||= [];
    let cycle = snapshot.cycles.find((c) => c.number === change.cycle);
    if (!cycle) {
      cycle = { number: change.cycle, scores: {} };
      snapshot.cycles.push(cycle);
    }
    if (change.kind === "score") {
      // When applied is false the server kept a later edit: its score is the truth.
      (cycle.scores ||= {})[change.dim] = body.score ?? change.body;
    } else {
      const scores = cycle.scores;
      Object.assign(cycle, body.cycle ?? change.body, { number: change.cycle, scores });
    }
    snapshot.version = Math.max(snapshot.version ?? 0, body.version ?? 0);
    return snapshot;
  };
}

export class SyncQueue extends EventTarget {
  constructor(obsId) {
    super();
    this.obsId = obsId;
    this.retryDelay = FIRST_RETRY_MS;
    this.retryTimer = null;
    this.running = null;
    this.again = false;
    this.lastError = null; // "network" | "server" | "auth" | null
  }

  /** Listen for the moments a send is worth trying: back online, back in view, a timer. */
  start() {
    addEventListener("online", () => this.sendNow());
    addEventListener("focus", () => this.flush());
    addEventListener("pageshow", () => this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.flush();
    });
    sessionChannel?.addEventListener("message", () => {
      if (this.lastError === "auth") this.sendNow();
    });
    setInterval(() => this.flush(), HEARTBEAT_MS);
    this.flush();
  }

  /** Save an edit on the device first, then try to send it. */
  async push(change) {
    const record = await store.putChange(change);
    await this.report();
    if (record.state === "pending") this.flush();
    return record;
  }

  /** "Send now": forget the backoff and try at once. */
  sendNow() {
    this.retryDelay = FIRST_RETRY_MS;
    return this.flush();
  }

  flush() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.retryTimer);
    this.running = this.withLock(() => this.drain())
      .catch((error) => console.error("sync failed", error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.flush();
        }
      });
    return this.running;
  }

  // One tab at a time sends for an observation, so two tabs never race on the same queue.
  withLock(work) {
    if (navigator.locks?.request) return navigator.locks.request(`tettpaa-sync-${this.obsId}`, work);
    return work();
  }

  async pending() {
    const changes = await store.changesFor(this.obsId);
    return changes.filter((c) => c.state === "pending").sort((a, b) => a.seq - b.seq);
  }

  async drain() {
    const setAside = new Set(); // cells the server failed on in this run: retried later
    let paused = false;
    for (let round = 0; round < 50 && !paused; round++) {
      const queue = (await this.pending()).filter((c) => !setAside.has(c.key));
      if (queue.length === 0) break;
      for (const change of queue) {
        const outcome = await this.sendOne(change);
        if (outcome === "cell") setAside.add(change.key);
        if (outcome === "pause") {
          paused = true;
          break;
        }
      }
    }
    if (paused || setAside.size) {
      if (!paused) this.lastError = "server";
      this.scheduleRetry();
      await this.report();
      return;
    }
    this.lastError = null;
    this.retryDelay = FIRST_RETRY_MS;
    await this.report();
    this.dispatchEvent(new CustomEvent("drained"));
  }

  /** Send one edit. Returns "done" (acknowledged or refused), "cell" (the server failed on
   * this cell: retry it later, go on with the others) or "pause" (no network, signed out). */
  async sendOne(change, csrfRetried = false) {
    const result = await putJSON(pathFor(change), change.body);
    if (result.kind === "ok") {
      if (this.lastError === "auth") sessionChannel?.postMessage({ signedIn: true });
      await store.ackChange(change, foldIntoSnapshot(change, result.body || {}));
      this.lastError = null;
      this.dispatchEvent(new CustomEvent("ack", { detail: { change, body: result.body } }));
      return "done";
    }
    if (result.kind === "csrf" && !csrfRetried && (await refreshCsrfToken())) {
      return this.sendOne(change, true);
    }
    if (result.kind === "locked" || result.kind === "rejected") {
      const message = result.body?.message || "";
      await store.markRejected(change, { kind: result.kind, message, status: result.status });
      this.dispatchEvent(new CustomEvent("rejected", { detail: { change, kind: result.kind, message } }));
      return "done";
    }
    if (result.kind === "server") return "cell";
    // Signed out or expired (401), or a token the server no longer takes even after a fresh
    // page: either way the edit stays on the device until someone signs in again.
    this.lastError = result.kind === "csrf" ? "auth" : result.kind;
    return "pause";
  }

  scheduleRetry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.flush(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY_MS);
  }

  /** Tell listeners how many edits wait, since when, and what went wrong. */
  async report() {
    const changes = await store.changesFor(this.obsId);
    const waiting = changes.filter((c) => c.state === "pending");
    const refused = changes.filter((c) => c.state === "rejected");
    const oldest = waiting.reduce((min, c) => Math.min(min, Date.parse(c.body.client_ts)), Infinity);
    const detail = {
      pending: waiting.length,
      oldest: Number.isFinite(oldest) ? oldest : null,
      rejected: refused.length,
      rejectedKind: refused[0]?.error?.kind ?? null,
      rejectedMessage: refused[0]?.error?.message ?? "",
      error: waiting.length ? this.lastError : null,
    };
    this.dispatchEvent(new CustomEvent("status", { detail }));
    return detail;
  }
}
