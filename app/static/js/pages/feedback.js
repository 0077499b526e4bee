// The observer's feedback form: the draft saves itself as they type, a refused release
// brings focus to the error summary, and a release is confirmed in a dialog first.
// Follows narrative/autosave.js: every change is written to localStorage first (a reload or
// a lost connection loses nothing), a debounced POST of the form (with its CSRF token) saves
// it, and the local copy is dropped once the server holds the same text. The form works
// without this module: the confirm box and the buttons post it as a plain form.

const DEBOUNCE_MS = 1200;
const RETRY_MS = 15000;

const summary = document.querySelector("[data-error-summary]");
if (summary) bindErrorSummary(summary);

const form = document.querySelector("[data-feedback-form]");
if (form) {
  bindAutosave(form);
  bindReleaseDialog(form, document.querySelector("[data-release-dialog]"));
}

/** Focus the summary; its links move focus into the field, its label in view above it. */
function bindErrorSummary(summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    const label = document.querySelector(`label[for="${field.id}"]`) || field;
    label.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
}

/** The fields the observer writes, by name (not the token, the action or the confirm box). */
function fieldValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name || element.type === "hidden" || element.type === "checkbox") continue;
    if (element.type === "submit") continue;
    values[element.name] = element.value;
  }
  return values;
}

function sameValues(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? "").trim() === (b[key] ?? "").trim());
}

function bindAutosave(form) {
  const status = form.querySelector("[data-save-status]");
  const key = form.dataset.storageKey;
  let timer = null;
  let sending = false;

  // The status line in words (role="status" reads it out) and as a hook: data-save-state.
  const say = (state, words) => {
    status.textContent = words;
    status.dataset.saveState = state;
  };
  const sayState = (state) => say(state, form.dataset[`text${state[0].toUpperCase()}${state.slice(1)}`]);

  function readLocal() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  }

  function keepLocal() {
    try {
      localStorage.setItem(key, JSON.stringify({ values: fieldValues(form), savedAt: new Date().toISOString() }));
    } catch {
      // Storage full or blocked: the server copy is then the only one; keep going.
    }
  }

  function dropLocal() {
    try {
      localStorage.removeItem(key);
    } catch {
      // nothing stored
    }
  }

  function changed() {
    keepLocal();
    sayState("pending");
    clearTimeout(timer);
    timer = setTimeout(send, DEBOUNCE_MS);
  }

  async function send() {
    if (sending) return;
    const sent = fieldValues(form);
    const body = new FormData(form);
    body.set("action", "autosave");
    body.delete("confirm_release");
    sending = true;
    sayState("saving");
    let response = null;
    try {
      response = await fetch(window.location.pathname, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": body.get("csrf_token") ?? "" },
        body,
      });
    } catch {
      response = null;
    }
    sending = false;
    await settle(response, sent);
  }

  async function settle(response, sent) {
    const type = response?.headers.get("Content-Type") ?? "";
    const answer = response && type.includes("json") ? await response.json().catch(() => null) : null;
    if (response?.ok && answer) {
      if (sameValues(sent, fieldValues(form))) {
        dropLocal();
        say("saved", answer.message); // "Saved hh:mm", in the page's language
      } else {
        timer = setTimeout(send, DEBOUNCE_MS); // typed on while it was sent
      }
      return;
    }
    if (response && response.status < 500 && answer?.message) {
      return say("refused", answer.message); // a field to correct, or released: kept locally
    }
    // Sent to the sign-in page, or the session's CSRF token refused: signing in again helps.
    const signedOut = response && (response.redirected || [400, 401, 403].includes(response.status));
    if (signedOut) return sayState("signedOut");
    sayState("offline"); // no answer or a server error: the local copy waits
    clearTimeout(timer);
    timer = setTimeout(send, RETRY_MS);
  }

  function restore() {
    const copy = readLocal();
    if (!copy?.values) return;
    if (sameValues(copy.values, fieldValues(form))) return dropLocal();
    const serverTime = Date.parse(form.dataset.serverUpdated || "") || 0;
    if (Date.parse(copy.savedAt) <= serverTime) return dropLocal();
    for (const [name, value] of Object.entries(copy.values)) {
      const element = form.elements.namedItem(name);
      if (element && "value" in element) element.value = value;
    }
    changed();
    say("restored", form.dataset.textRestored);
  }

  form.addEventListener("input", changed);
  // Text fields report every keystroke as "input"; their "change" on blur would only resave.
  form.addEventListener("change", (event) => event.target.tagName === "SELECT" && changed());
  window.addEventListener("online", () => readLocal() && send());
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    // The post carries the text; if the server already had it, the local copy has done its job.
    if (status.dataset.saveState === "saved") dropLocal();
  });
  restore();
}

function bindReleaseDialog(form, dialog) {
  const confirmBox = form.elements.namedItem("confirm_release");
  const release = form.querySelector("[data-release]");
  if (!dialog || !confirmBox || !release || typeof dialog.showModal !== "function") return;
  form.addEventListener("submit", (event) => {
    if (event.submitter !== release || confirmBox.checked) return;
    event.preventDefault();
    dialog.showModal();
    dialog.querySelector("[data-release-confirm]").focus();
  });
  dialog.querySelector("[data-release-confirm]").addEventListener("click", () => {
    confirmBox.checked = true;
    dialog.close();
    form.requestSubmit(release);
  });
  dialog.querySelector("[data-release-cancel]").addEventListener("click", () => {
    dialog.close();
    release.focus();
  });
}
