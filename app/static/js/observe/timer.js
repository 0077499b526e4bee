// The cycle timer. Elapsed time is always computed from the stored started_at, so a reload
// or a sleeping tablet never loses the clock. It cues at 15 and 20 minutes (visual, a
// status message for screen readers, and a vibration where the device supports it).

import { t } from "./i18n.js";
import { endAllowed } from "./state.js";

/** Format milliseconds as mm:ss (or h:mm:ss past an hour). */
export function elapsedText(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = String(Math.floor((total % 3600) / 60)).padStart(2, "0");
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${m}:${s}` : `${m}:${s}`;
}

/** "idle", "running" (< min), "window" (min–max minutes) or "over" (> max); "done" when ended. */
export function phaseOf(cycle, now, rules) {
  if (!cycle.started_at) return "idle";
  if (cycle.ended_at) return "done";
  const minutes = (now - Date.parse(cycle.started_at)) / 60000;
  if (minutes >= rules.max_minutes) return "over";
  return minutes >= rules.min_minutes ? "window" : "running";
}

/** Update every timer once a second; getCycle(n) returns the current state of cycle n. */
export function startTimers(root, getCycle, rules) {
  const seen = new Map(); // cycle number -> phase at the last tick, to cue only on crossing
  const tick = () => {
    const now = Date.now();
    for (const timer of root.querySelectorAll("[data-timer]")) {
      const number = Number(timer.dataset.cycle);
      const cycle = getCycle(number);
      const phase = phaseOf(cycle, now, rules);
      const end = cycle.ended_at ? Date.parse(cycle.ended_at) : now;
      const elapsed = cycle.started_at ? end - Date.parse(cycle.started_at) : 0;
      timer.querySelector("[data-elapsed]").textContent = elapsedText(elapsed);
      timer.querySelector('[data-action="end-cycle"]').disabled = !endAllowed(cycle, now);
      timer.dataset.phase = phase;
      const before = seen.get(number);
      if (before !== undefined && before !== phase && (phase === "window" || phase === "over")) {
        cue(timer, phase, rules);
      }
      seen.set(number, phase);
    }
  };
  tick();
  return setInterval(tick, 1000);
}

function cue(timer, phase, rules) {
  const minutes = phase === "window" ? rules.min_minutes : rules.max_minutes;
  timer.querySelector("[data-timer-cue]").textContent = t(`timer_${phase}`, { minutes });
  if (navigator.vibrate) navigator.vibrate(phase === "over" ? [300, 150, 300] : 300);
}
