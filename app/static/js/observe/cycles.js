// One screen per cycle, switched in the page (no reload, works offline). The address keeps
// ?cycle=N so a reload returns to the same cycle; #c2-PC anchors jump to one dimension.

export function currentCycle(root) {
  const visible = root.querySelector("[data-cycle-section]:not([hidden])");
  return visible ? Number(visible.dataset.cycleSection) : 1;
}

/** Show cycle n; focus its heading (or target) so keyboard and screen reader follow. */
export function showCycle(root, n, target = null, { focus = true } = {}) {
  let shown = false;
  for (const section of root.querySelectorAll("[data-cycle-section]")) {
    const match = Number(section.dataset.cycleSection) === n;
    section.hidden = !match;
    shown ||= match;
  }
  if (!shown) return;
  for (const link of root.querySelectorAll("[data-cycle-link]")) {
    if (Number(link.dataset.cycleLink) === n) link.setAttribute("aria-current", "step");
    else link.removeAttribute("aria-current");
  }
  const url = new URL(location.href);
  url.searchParams.set("cycle", String(n));
  url.hash = target ? target.id : "";
  history.replaceState(null, "", url);
  if (!focus) return;
  const element = target || document.getElementById(`cycle-${n}-heading`);
  element?.focus({ preventScroll: true });
  element?.scrollIntoView({ block: "start" });
}

/** Follow an in-page anchor like #c2-PC: open its cycle first, then go to it. */
export function followAnchor(root, hash) {
  const target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
  if (!target || !root.contains(target)) return false;
  // A note or an indicator lives in a dimension's disclosure: open it, or focus fails.
  const details = target.closest("details");
  if (details) details.open = true;
  const section = target.closest("[data-cycle-section]");
  showCycle(root, section ? Number(section.dataset.cycleSection) : currentCycle(root), target);
  return true;
}

export function bindCycleNavigation(root) {
  root.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || !root.contains(link)) return;
    const url = new URL(link.href, location.href);
    if (url.pathname !== location.pathname) return;
    const n = Number(link.dataset.cycleLink || url.searchParams.get("cycle"));
    if (url.hash && followAnchor(root, url.hash)) event.preventDefault();
    else if (n) {
      event.preventDefault();
      showCycle(root, n);
    }
  });
  addEventListener("hashchange", () => followAnchor(root, location.hash));
  if (location.hash && followAnchor(root, location.hash)) return;
  // An offline reload gets the cached page, which may show another cycle than ?cycle=N.
  const wanted = Number(new URL(location.href).searchParams.get("cycle"));
  if (wanted && wanted !== currentCycle(root)) showCycle(root, wanted, null, { focus: false });
}

/** Ask before clearing a cycle's times (its scores and notes stay), in the page itself. */
export function askRestart(root, n, show) {
  const section = root.querySelector(`[data-cycle-section="${n}"]`);
  section.querySelector("[data-restart-confirm]").hidden = !show;
  const target = show ? '[data-action="confirm-restart"]' : '[data-action="restart-cycle"]';
  section.querySelector(target).focus();
}
