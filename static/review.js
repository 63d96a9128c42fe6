// Compare page: move from change to change with j/n (next) and k/p (previous) or the
// bar's buttons. Focus goes to the change itself (each has tabindex="-1"), so a screen
// reader reads it, and the bar's live region says "Change 2 of 7: OP3 → OP5 moved".
// Without JavaScript the bar stays hidden; the list of changes above still links to each.
"use strict";
(() => {
  const bar = document.querySelector(".review-bar");
  const changes = Array.from(document.querySelectorAll(".change[data-change]"));
  if (!bar || changes.length === 0) return;
  bar.hidden = false;
  const position = bar.querySelector(".review-position");

  let last = -1; // the change last moved to: the buttons take the focus away from it

  // The change the reader is at: the focused one, else the last one moved to if it is
  // still in view, else (after scrolling) the first one below the bar's edge.
  function current() {
    const focused = changes.indexOf(document.activeElement?.closest(".change"));
    if (focused >= 0) return { index: focused, exact: true };
    const edge = bar.getBoundingClientRect().bottom + 1;
    if (last >= 0) {
      const box = changes[last].getBoundingClientRect();
      if (box.bottom > edge && box.top < window.innerHeight) return { index: last, exact: true };
    }
    const below = changes.findIndex((c) => c.getBoundingClientRect().top >= edge);
    return { index: below < 0 ? changes.length : below, exact: false };
  }

  function go(step) {
    const { index, exact } = current();
    // Not on a change: "next" is the first one below, "previous" the last one above.
    const target = exact || step < 0 ? index + step : index;
    if (target < 0 || target >= changes.length) {
      position.textContent = step > 0 ? "No change after this one." : "No change before this one.";
      return;
    }
    const change = changes[target];
    last = target;
    change.focus({ preventScroll: true });
    change.scrollIntoView({ block: "center" });
    position.textContent = `Change ${target + 1} of ${changes.length}: ${change.dataset.change}`;
  }

  bar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-review]");
    if (button) go(button.dataset.review === "next" ? 1 : -1);
  });

  // Single-key shortcuts can be switched off (WCAG 2.1.4): speech input and some
  // assistive tools type letters. The choice is remembered in this browser.
  const toggle = bar.querySelector("input[data-review=keys]");
  const stored = () => { try { return localStorage.getItem("review.keys"); } catch { return null; } };
  toggle.checked = stored() !== "off";
  toggle.addEventListener("change", () => {
    try { localStorage.setItem("review.keys", toggle.checked ? "on" : "off"); } catch { /* private mode */ }
  });

  const keys = { j: 1, n: 1, k: -1, p: -1 };
  document.addEventListener("keydown", (event) => {
    const step = keys[event.key];
    if (!step || !toggle.checked || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return; // typing, not moving
    event.preventDefault();
    go(step);
  });
})();
