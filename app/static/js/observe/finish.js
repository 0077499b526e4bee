// "Finish": check completeness on the device first (fast, works offline), then let the
// server decide (its 422 lists what is missing). Every problem links to the place to fix it.

import { postJSON } from "./api.js";
import { t } from "./i18n.js";
import { suspectedNames } from "./names.js";
import { submissionProblems } from "./state.js";

function problemText(problem, names) {
  const vars = {
    cycle: problem.cycle,
    dimension: names[problem.dimension] || problem.dimension,
    minutes: Math.round(problem.minutes ?? 0),
  };
  return t(`problem_${problem.kind}`, vars);
}

function problemTarget(problem) {
  if (problem.dimension) return `#c${problem.cycle}-${problem.dimension}`;
  return `#cycle-${problem.cycle}-times`;
}

function renderList(box, heading, problems, names) {
  box.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = heading;
  const list = document.createElement("ul");
  for (const problem of problems) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = problemTarget(problem);
    link.textContent = problemText(problem, names);
    item.append(link);
    list.append(item);
  }
  box.append(title, list);
  box.dataset.kind = "error";
  box.hidden = false;
  box.focus();
}

function renderMessage(box, text, kind = "error") {
  box.replaceChildren();
  const p = document.createElement("p");
  p.textContent = text;
  box.append(p);
  box.dataset.kind = kind;
  box.hidden = false;
  box.focus();
}

/** Every note that still holds words that look like names (DESIGN §4.8), in cycle order. */
export function flaggedNotes(state, codes, knownWords = []) {
  const flagged = [];
  for (const [number, cycle] of Object.entries(state.cycles)) {
    const n = Number(number);
    const words = suspectedNames(cycle.notes || "", knownWords);
    if (words.length) flagged.push({ cycle: n, dimension: null, words, target: `#cycle-${n}-notes` });
    for (const code of codes) {
      const found = suspectedNames(cycle.scores[code]?.note || "", knownWords);
      if (found.length) flagged.push({ cycle: n, dimension: code, words: found, target: `#c${n}-${code}-note` });
    }
  }
  return flagged;
}

/** "Finish" with every score and time in place, but names left in notes: list them, and let
 * the observer decide (the submit button stays offered). */
function renderFlagged(box, flagged, names) {
  box.replaceChildren();
  const intro = document.createElement("p");
  intro.textContent = t("finish_ready_names");
  const list = document.createElement("ul");
  list.dataset.flaggedNotes = "";
  for (const note of flagged) {
    const link = document.createElement("a");
    link.href = note.target;
    const vars = { cycle: note.cycle, dimension: names[note.dimension], words: note.words.join(", ") };
    link.textContent = t(note.dimension ? "flagged_score_note" : "flagged_cycle_note", vars);
    const item = document.createElement("li");
    item.append(link);
    list.append(item);
  }
  box.append(intro, list);
  box.dataset.kind = "names";
  box.hidden = false;
  box.focus();
}

/** Turn the server's 422 details into the same problem shape as the local check. */
export function serverProblems(details) {
  const missing = (details?.missing || []).map((m) => ({
    kind: m.kind === "score" ? "score" : "missing_times",
    cycle: m.cycle,
    dimension: m.dimension || null,
  }));
  const timing = (details?.cycle_issues || []).map((c) => ({ kind: c.code, cycle: c.cycle, minutes: c.minutes }));
  return [...timing, ...missing];
}

export function bindFinish(root, { getState, instrument, names, knownWords, queue, onLocked }) {
  const box = root.querySelector("[data-finish-result]");
  const confirmPanel = root.querySelector("[data-confirm-submit]");
  const obsId = root.dataset.observationId;

  root.querySelector('[data-action="finish"]').addEventListener("click", () => {
    confirmPanel.hidden = true;
    const problems = submissionProblems(getState(), instrument);
    if (problems.length) {
      renderList(box, t("finish_missing", { n: problems.length }), problems, names);
      return;
    }
    const codes = instrument.domains.flatMap((d) => d.dimensions.map((dim) => dim.code));
    const flagged = flaggedNotes(getState(), codes, knownWords);
    if (flagged.length) renderFlagged(box, flagged, names);
    else renderMessage(box, t("finish_ready"), "ok");
    confirmPanel.hidden = false;
  });

  root.querySelector('[data-action="submit"]').addEventListener("click", async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await queue.sendNow();
      const status = await queue.report();
      if (status.pending) {
        renderMessage(box, t("finish_unsent"));
        return;
      }
      const result = await postJSON(`/observations/${obsId}/submit`);
      if (result.ok) {
        location.assign(root.dataset.summaryUrl);
      } else if (result.status === 422) {
        confirmPanel.hidden = true;
        const problems = serverProblems(result.body?.details);
        renderList(box, result.body?.message || t("finish_missing", { n: problems.length }), problems, names);
      } else if (result.kind === "locked") {
        onLocked();
        renderMessage(box, result.body?.message || t("sync_locked"));
      } else if (result.kind === "network" || result.kind === "server") {
        renderMessage(box, t("finish_offline"));
      } else {
        renderMessage(box, result.body?.message || t("sync_failed_server"));
      }
    } finally {
      button.disabled = false;
    }
  });
}
