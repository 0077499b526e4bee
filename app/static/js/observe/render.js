// Draw the observation state into the server-rendered form. The form's structure comes from
// the instrument on the server; this module only sets values, hints and progress marks.

import { t } from "./i18n.js";
import { cycleMinutes, timingIssue } from "./state.js";
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
  const reasonBox = section.querySelector("[data-deviation]");
  const outside = minutes !== null && (minutes < rules.min_minutes || minutes > rules.max_minutes);
  reasonBox.hidden = !(outside || (cycle.deviation_reason || "").trim());
  const message = section.querySelector("[data-timing-message]");
  const text = issue && issue !== "missing_times"
    ? t(`timing_${issue}`, { minutes: Math.round(minutes ?? 0) }) : "";
  message.textContent = text;
  message.hidden = !text;
  message.dataset.issue = issue || "";
  const startButton = section.querySelector('[data-action="start-cycle"]');
  const endButton = section.querySelector('[data-action="end-cycle"]');
  startButton.hidden = Boolean(cycle.started_at);
  endButton.hidden = !cycle.started_at || Boolean(cycle.ended_at);
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
