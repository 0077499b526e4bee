// Edits the server refused (4xx): listed in words with the value, so the observer can redo
// them. Each stays on the device until it is sent again, replaced by a new tap, or discarded.

import { t } from "./i18n.js";

function describeRefused(change, names) {
  const message = change.error?.message || t("refused_no_reason");
  if (change.kind === "score") {
    const dimension = names[change.dim] ?? change.dim;
    const value = Number.isInteger(change.body?.value) ? change.body.value : "–";
    return t("refused_score", { cycle: change.cycle, dimension, value, message });
  }
  return t("refused_cycle", { cycle: change.cycle, message });
}

function button(label, action, change) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "button secondary small";
  element.textContent = label;
  element.addEventListener("click", () => action(change));
  return element;
}

/** Show the refused edits (kind "rejected"; refusals for a submitted form have their notice). */
export function renderRefused(list, changes, names, { onRetry, onDiscard }) {
  const refused = changes.filter((c) => c.state === "rejected" && c.error?.kind !== "locked");
  list.replaceChildren(...refused.map((change) => {
    const item = document.createElement("li");
    item.dataset.refusedKey = change.key;
    const text = document.createElement("span");
    text.textContent = describeRefused(change, names);
    item.append(text, " ", button(t("send_again"), onRetry, change), " ", button(t("discard"), onDiscard, change));
    return item;
  }));
  list.hidden = refused.length === 0;
}
