// Pure functions over the observation state: merging copies, durations and completeness.
// No DOM, no storage: the browser tests import this module directly to check the rules.

export const CYCLE_FIELDS = [
  "started_at", "ended_at", "children_present", "adults_present", "setting",
  "deviation_reason", "notes",
];

function emptyCycle(number) {
  const cycle = { number, scores: {} };
  for (const field of CYCLE_FIELDS) cycle[field] = null;
  return cycle;
}

function time(ts) {
  const ms = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/**
 * Merge server copies (oldest first: page, stored snapshot, fresh GET) with local edits.
 * Scores follow the server's own rule, so the device and the server converge: per cell the
 * latest client_ts wins. Cycle headers carry no timestamp in the API, so they come from the
 * copy with the highest server version, and a local edit not yet acknowledged overrides it.
 */
export function mergeState(copies, changes, cycleCount) {
  const known = copies.filter(Boolean);
  const base = known.reduce((a, b) => ((b.version ?? 0) >= (a.version ?? 0) ? b : a), known[0]);
  const state = {
    id: base?.id ?? null,
    version: base?.version ?? 0,
    status: base?.status ?? "draft",
    cycles: {},
    local: {},
  };
  for (let n = 1; n <= cycleCount; n++) state.cycles[n] = emptyCycle(n);
  for (const cycle of base?.cycles ?? []) {
    if (!state.cycles[cycle.number]) continue;
    for (const field of CYCLE_FIELDS) state.cycles[cycle.number][field] = cycle[field] ?? null;
  }
  for (const copy of known) {
    for (const cycle of copy.cycles ?? []) {
      const target = state.cycles[cycle.number];
      if (!target) continue;
      for (const [dim, score] of Object.entries(cycle.scores ?? {})) {
        const held = target.scores[dim];
        if (!held || time(score.client_ts) >= time(held.client_ts)) target.scores[dim] = { ...score };
      }
    }
  }
  for (const change of changes) applyLocal(state, change);
  return state;
}

function applyLocal(state, change) {
  const cycle = state.cycles[change.cycle];
  if (!cycle) return;
  // "pending", "draft", or "rejected-locked" / "rejected-rejected" for a refused edit.
  state.local[change.key] = change.state === "rejected" ? `rejected-${change.error?.kind}` : change.state;
  if (change.kind === "cycle") {
    for (const field of CYCLE_FIELDS) cycle[field] = change.body[field] ?? null;
    return;
  }
  const held = cycle.scores[change.dim];
  if (!held || time(change.body.client_ts) >= time(held.client_ts)) {
    cycle.scores[change.dim] = { ...change.body };
  }
}

/** Minutes between start and end, or null while one is missing. */
export function cycleMinutes(cycle) {
  if (!cycle.started_at || !cycle.ended_at) return null;
  return (Date.parse(cycle.ended_at) - Date.parse(cycle.started_at)) / 60000;
}

// "End cycle" waits this long after the start: a double tap on "Start cycle" must not end it.
export const END_WAIT_MS = 3000;

/** Whether "End cycle" may act now (not within END_WAIT_MS of the start). */
export function endAllowed(cycle, now) {
  if (!cycle.started_at || cycle.ended_at) return true;
  return now - Date.parse(cycle.started_at) >= END_WAIT_MS;
}

/** Whether a cycle this long counts only with a reason: between the redo limit and the
 * window, or over it. Shorter than the redo limit it must be observed again instead. */
export function needsDeviationReason(minutes, rules) {
  if (minutes === null || minutes < rules.redo_below_minutes) return false;
  return minutes < rules.min_minutes || minutes > rules.max_minutes;
}

/** The timing problem of one cycle, mirroring analysis.scoring.cycle_duration_issues. */
export function timingIssue(cycle, rules) {
  const minutes = cycleMinutes(cycle);
  if (minutes === null) return "missing_times";
  if (minutes < 0) return "ends_before_start";
  if (minutes < rules.redo_below_minutes) return "too_short_redo";
  if (needsDeviationReason(minutes, rules) && !(cycle.deviation_reason || "").trim()) return "needs_deviation_reason";
  return null;
}

/** Everything that still blocks submitting, in cycle then instrument order. */
export function submissionProblems(state, instrument) {
  const problems = [];
  const codes = instrument.domains.flatMap((d) => d.dimensions.map((dim) => dim.code));
  for (let n = 1; n <= instrument.cycles.count; n++) {
    const cycle = state.cycles[n];
    const issue = timingIssue(cycle, instrument.cycles);
    if (issue) problems.push({ kind: issue, cycle: n, minutes: cycleMinutes(cycle) });
    for (const code of codes) {
      const score = cycle.scores[code];
      if (!score || !Number.isInteger(score.value)) problems.push({ kind: "score", cycle: n, dimension: code });
    }
  }
  return problems;
}
