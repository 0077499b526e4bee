// A table wider than its .table-scroll box: mark the box with the side(s) that hold more
// (data-overflow="right|left|both"; app.css fades that edge) and show a line of text above it,
// so a reader on a phone knows to swipe. The text comes from the script tag (translated).
const HINT = document.querySelector("script[data-table-scroll-hint]")?.dataset.tableScrollHint;

function update(box, hint) {
  const more = box.scrollWidth - box.clientWidth;
  const left = box.scrollLeft > 1;
  const right = box.scrollLeft < more - 1;
  const side = more > 1 ? (left && right ? "both" : left ? "left" : right ? "right" : "") : "";
  if (side) box.dataset.overflow = side;
  else delete box.dataset.overflow;
  hint.hidden = more <= 1;
}

function watch(box) {
  const hint = document.createElement("p");
  hint.className = "table-scroll-hint";
  hint.setAttribute("aria-hidden", "true"); // the box is a named, focusable region already
  hint.textContent = HINT ? `${HINT} →` : "→";
  hint.hidden = true;
  box.before(hint);
  const refresh = () => update(box, hint);
  box.addEventListener("scroll", refresh, { passive: true });
  new ResizeObserver(refresh).observe(box);
  refresh();
}

document.querySelectorAll(".table-scroll").forEach(watch);
