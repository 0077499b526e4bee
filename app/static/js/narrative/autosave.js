// The practice narrative page: save the draft as the author types, never lose it on reload.
// Every change is written to localStorage first; a debounced PUT sends it (with the CSRF
// token) and the local copy is dropped only once the server has the same text. Offline, the
// copy waits and is sent on "online" or by a timer. A handed-in narrative is not autosaved:
// its changes are audited, so they are sent with "Save changes" (the local copy still guards
// them). The name check is the tablet form's module, not a copy of it.
import { knownWordsFrom, suspectedNames } from "../observe/names.js";

const DEBOUNCE_MS = 1200;
const RETRY_MS = 15000;

const form = document.querySelector("[data-narrative-form]");
if (form) bind(form);

function bind(form) {
  const text = form.querySelector("textarea");
  const dimension = form.querySelector("select[name=dimension]");
  const department = form.querySelector("[name=department]");
  const status = form.querySelector("[data-save-status]");
  const key = form.dataset.storageKey;
  const autosave = form.dataset.autosave === "true";
  const known = knownWordsFrom(form.dataset.knownWords);
  // The status line in words (role="status" reads it out) and as a hook: data-save-state.
  const say = (name, words = form.dataset[name] || "") => {
    status.textContent = words;
    status.dataset.saveState = name.replace(/^text/, "").toLowerCase();
  };
  let timer = null;
  let sending = false;

  const current = () => ({ text: text.value, dimension: dimension.value, department: department.value });
  const sameAsPage = (copy) =>
    copy.text.trim() === text.value.trim() && copy.dimension === dimension.value && copy.department === department.value;

  function readLocal() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  }

  function keepLocal() {
    try {
      localStorage.setItem(key, JSON.stringify({ ...current(), savedAt: new Date().toISOString() }));
    } catch {
      // Storage full or blocked: the server copy is then the only one; keep going.
    }
  }

  function showFlags(words) {
    const box = form.querySelector("[data-name-flags]");
    const list = box.querySelector("[data-name-flag-words]");
    list.replaceChildren(
      ...words.flatMap((word, index) => {
        const mark = document.createElement("mark");
        mark.className = "name-flag";
        mark.textContent = word;
        return index ? [document.createTextNode(" "), mark] : [mark];
      }),
    );
    box.hidden = words.length === 0;
  }

  function showCount() {
    const counter = form.querySelector("[data-text-count]");
    const max = Number(form.dataset.maxLength);
    const template = form.dataset.countTemplate || "{length} / {max}";
    counter.textContent = template.replace("{length}", text.value.length).replace("{max}", max);
    counter.classList.toggle("over", text.value.length > max);
  }

  function changed() {
    keepLocal();
    showCount();
    showFlags(suspectedNames(text.value, known));
    if (!autosave) return say("textKept");
    say("textPending");
    clearTimeout(timer);
    timer = setTimeout(send, DEBOUNCE_MS);
  }

  async function send() {
    if (!autosave || sending) return;
    const sent = current();
    sending = true;
    say("textSaving");
    let response = null;
    try {
      response = await fetch(form.dataset.autosaveUrl, {
        method: "PUT",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": document.querySelector('meta[name="csrf-token"]')?.content ?? "",
        },
        body: JSON.stringify(sent),
      });
    } catch {
      response = null;
    }
    sending = false;
    await settle(response, sent);
  }

  async function settle(response, sent) {
    const body = response ? await response.json().catch(() => null) : null;
    if (response && response.ok && body) {
      showFlags(body.flags || []);
      if (sameAsPage({ ...sent })) {
        localStorage.removeItem(key);
        say("textSaved");
      } else {
        timer = setTimeout(send, DEBOUNCE_MS); // typed on while it was sent
      }
      return;
    }
    if (response && response.status < 500 && body && body.message) {
      return say("textRefused", body.message); // too long, handed in… (kept locally)
    }
    if (response && (response.redirected || response.status === 401)) return say("textSignedOut");
    say("textOffline"); // no answer or a server error: the local copy waits
    clearTimeout(timer);
    timer = setTimeout(send, RETRY_MS);
  }

  function restore() {
    const copy = readLocal();
    if (!copy) return;
    if (sameAsPage(copy)) return localStorage.removeItem(key);
    const serverTime = Date.parse(form.dataset.serverUpdated || "") || 0;
    if (Date.parse(copy.savedAt) <= serverTime) return localStorage.removeItem(key);
    text.value = copy.text;
    if ([...dimension.options].some((o) => o.value === copy.dimension)) dimension.value = copy.dimension;
    if (copy.department && department.querySelector(`option[value="${copy.department}"]`)) {
      department.value = copy.department;
    }
    changed();
  }

  text.addEventListener("input", changed);
  dimension.addEventListener("change", changed);
  department.addEventListener("change", changed);
  window.addEventListener("online", () => autosave && readLocal() && send());
  form.addEventListener("submit", () => clearTimeout(timer));
  restore();
  showCount();
}
