// UI strings for the scripts. They are translated on the server (flask_babel) and rendered
// into <script type="application/json" id="i18n">, so the scripts carry no language of their own.

let strings = null;

function load() {
  if (strings === null) {
    const node = document.getElementById("i18n");
    strings = node ? JSON.parse(node.textContent) : {};
  }
  return strings;
}

/** Return the string for key with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const template = load()[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

/** Pick the singular or plural form ("key_one" / "key_other") for n. */
export function tn(key, n, vars = {}) {
  return t(n === 1 ? `${key}_one` : `${key}_other`, { n, ...vars });
}
