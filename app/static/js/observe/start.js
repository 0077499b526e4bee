// Start page: filter the departments, then create the observation through the API.
// The id is made here and kept in sessionStorage until the server confirms it, so pressing
// "Start" again after a network error retries the same observation instead of a second one.

import { postJSON } from "./api.js";
import { t } from "./i18n.js";

const form = document.getElementById("start-form");
const errorBox = document.getElementById("start-error");
const search = document.getElementById("department-search");
const countText = document.getElementById("department-count");
const selection = document.getElementById("start-selection");
const options = [...form.querySelectorAll("[data-department-option]")];

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const selectedKind = () => form.querySelector('input[name="kind"]:checked')?.value || "regular";

/** Hide departments that do not match the search or cannot take the chosen kind. */
function filter() {
  const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const kind = selectedKind();
  let shown = 0;
  for (const option of options) {
    const text = option.dataset.search;
    const fits = kind !== "double_coding" || Boolean(option.dataset.primaryId);
    const blocked = kind === "regular" && option.dataset.regularTaken === "1";
    const visible = fits && !blocked && words.every((w) => text.includes(w));
    option.hidden = !visible;
    const radio = option.querySelector("input");
    if (!visible && radio.checked) radio.checked = false;
    shown += visible ? 1 : 0;
  }
  for (const group of form.querySelectorAll("[data-kindergarten-group]")) {
    group.hidden = !group.querySelector("[data-department-option]:not([hidden])");
  }
  countText.textContent = t("departments_shown", { n: shown, total: options.length });
  showSelection();
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  errorBox.focus();
}

function payload() {
  const radio = form.querySelector('input[name="department"]:checked');
  if (!radio) return null;
  const option = radio.closest("[data-department-option]");
  const kind = selectedKind();
  const body = {
    department_id: Number(radio.value),
    instrument_id: option.dataset.instrumentId,
    observed_on: form.elements.observed_on.value,
    kind,
  };
  if (kind === "double_coding") body.primary_observation_id = option.dataset.primaryId;
  // Started from My visits: the observation carries out the planned visit, unless the
  // observer chose another department or kind here.
  const planned = form.elements.visit_id;
  if (planned && radio.value === planned.dataset.department && kind === planned.dataset.kind) {
    body.visit_id = Number(planned.value);
  }
  return body;
}

async function start(event) {
  event.preventDefault();
  errorBox.hidden = true;
  const body = payload();
  if (!body) {
    showError(t("choose_department"));
    return;
  }
  const attemptKey = `tettpaa-start:${JSON.stringify(body)}`;
  body.id = sessionStorage.getItem(attemptKey) || newId();
  sessionStorage.setItem(attemptKey, body.id);
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  const result = await postJSON("/observations", body);
  button.disabled = false;
  if (result.ok) {
    sessionStorage.removeItem(attemptKey);
    location.assign(form.dataset.formUrl.replace("__ID__", result.body?.id || body.id));
  } else if (result.kind === "network" || result.kind === "server") {
    showError(t("start_offline"));
  } else if (result.kind === "auth") {
    showError(t("start_signed_out"));
  } else {
    // Refused for good (not eligible, already observed): a new try should get a new id.
    sessionStorage.removeItem(attemptKey);
    showError(result.body?.message || t("start_failed"));
  }
}

/** Say what "Start" will start: the button sits in a bar far from the chosen row. */
function showSelection() {
  const radio = form.querySelector('input[name="department"]:checked');
  const group = radio?.closest("[data-kindergarten-group]");
  const kindergarten = group?.querySelector("[data-kindergarten-name]")?.textContent ?? "";
  selection.textContent = radio
    ? t("chosen_department", { department: form.querySelector(`label[for="${radio.id}"]`).textContent, kindergarten })
    : t("no_department");
}

search.addEventListener("input", filter);
form.addEventListener("change", (event) => {
  if (event.target.name === "kind") filter();
  else showSelection();
});
form.addEventListener("submit", start);
filter();
form.querySelector('input[name="department"]:checked')?.scrollIntoView({ block: "center" });
