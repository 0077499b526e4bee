// Draw the observation state into the server-rendered form. The form's structure comes from
// the instrument on the server; this module only sets values, hints and progress marks.

import { t } from "./i18n.js";
import { cycleMinutes, endAllowed, needsDeviationReason, timingIssue } from "./state.js";
import { suggestedScores } from "./suggest.js";
import { suspectedNames } from "./names.js";

/** "HH:MM" in local time for an ISO timestamp, or "" when there is none. */
export function clockOf(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

// Never overwrite a field the observer is typing in: their keystrokes are newer than any copy.
function setValue(input, value) {
  if (input === document.activeElement) return;
  const text = value ?? "";
  if (input.value !== String(text)) input.value = text;
}

export function renderCycle(section, cycle, rules) {
  for (const input of section.querySelectorAll("[data-cycle-field]")) {
    const field = input.dataset.cycleField;
    setValue(input, input.type === "time" ? clockOf(cycle[field]) : cycle[field]);
  }
  const issue = timingIssue(cycle, rules);
  const minutes = cycleMinutes(cycle);
  // A cycle under the redo limit must be observed again: no reason can make it count, so the
  // reason box is for the deviations the rules accept with a reason only (DESIGN §4.4).
  const reasonBox = section.querySelector("[data-deviation]");
  reasonBox.hidden = !(needsDeviationReason(minutes, rules) || (cycle.deviation_reason || "").trim());
  const message = section.querySelector("[data-timing-message]");
  const text = issue && issue !== "missing_times" ? t(`timing_${issue}`, timingVars(minutes, rules)) : "";
  message.textContent = text;
  message.hidden = !text;
  message.dataset.issue = issue || "";
  const button = (action) => section.querySelector(`[data-action="${action}"]`);
  button("start-cycle").hidden = Boolean(cycle.started_at);
  button("end-cycle").hidden = !cycle.started_at || Boolean(cycle.ended_at);
  button("end-cycle").disabled = !endAllowed(cycle, Date.now());
  button("restart-cycle").hidden = !cycle.started_at;
  if (!cycle.started_at) section.querySelector("[data-restart-confirm]").hidden = true;
  showFilledDetails(section.querySelector(".cycle-notes"), Boolean((cycle.notes || "").trim()));
}

/** Every placeholder the timing messages use, in every language. */
export function timingVars(minutes, rules) {
  return {
    minutes: Math.round(minutes ?? 0),
    limit: rules.redo_below_minutes,
    min: rules.min_minutes,
    max: rules.max_minutes,
  };
}

export function renderScore(fieldset, score, indicatorCount) {
  const value = score?.value ?? null;
  for (const radio of fieldset.querySelectorAll("input[data-score]")) {
    radio.checked = Number(radio.value) === value;
  }
  const marks = score?.indicator_marks || {};
  for (const radio of fieldset.querySelectorAll("input[data-mark]")) {
    radio.checked = marks[radio.dataset.indicator] === radio.value;
  }
  const note = fieldset.querySelector("textarea[data-note]");
  if (note) setValue(note, score?.note ?? "");
  fieldset.classList.toggle("is-done", Number.isInteger(value));
  renderSuggestion(fieldset, marks, indicatorCount);
  const filled = Boolean((score?.note || "").trim()) || Object.keys(marks).length > 0;
  showFilledDetails(fieldset.querySelector("details[data-more]"), filled);
}

/** Open a disclosure ("Note and indicators", the cycle's notes) when it comes to hold
 * something, once: a note is never hidden unseen, and one the observer closed stays closed. */
function showFilledDetails(details, filled) {
  if (!details) return;
  if (filled && details.dataset.filled !== "1") details.open = true;
  details.dataset.filled = filled ? "1" : "0";
}

export function renderSuggestion(fieldset, marks, indicatorCount) {
  const hint = fieldset.querySelector("[data-suggestion]");
  if (!hint) return;
  const suggested = suggestedScores(Object.values(marks), indicatorCount);
  const text = suggested.length ? t("suggestion", { scores: suggested.join(", ") }) : "";
  if (hint.textContent !== text) hint.textContent = text;
  for (const radio of fieldset.querySelectorAll("input[data-score]")) {
    radio.closest(".score-option").classList.toggle("is-suggested", suggested.includes(Number(radio.value)));
  }
}

/** Show which words look like names, next to the note they were found in. */
export function renderNameWarning(textarea, knownWords) {
  const warning = document.getElementById(textarea.dataset.warning);
  if (!warning) return;
  const names = suspectedNames(textarea.value, knownWords);
  const text = names.length ? t("name_warning", { words: names.join(", ") }) : "";
  if (warning.textContent !== text) warning.textContent = text;
  warning.hidden = !text;
  textarea.toggleAttribute("aria-invalid", names.length > 0);
}

/** Mark each dimension × cycle as done or open, in the grid and in the cycle links. */
export function renderProgress(root, state, codes) {
  for (const [number, cycle] of Object.entries(state.cycles)) {
    let done = 0;
    for (const code of codes) {
      const scored = Number.isInteger(cycle.scores[code]?.value);
      done += scored ? 1 : 0;
      const cell = root.querySelector(`[data-progress="${number}-${code}"]`);
      if (cell && cell.dataset.state !== (scored ? "done" : "open")) {
        cell.dataset.state = scored ? "done" : "open";
        cell.querySelector("[data-progress-text]").textContent = scored ? t("done") : t("open");
      }
    }
    const count = root.querySelector(`[data-cycle-count="${number}"]`);
    if (count) count.textContent = t("scored_of", { n: done, total: codes.length });
  }
}
