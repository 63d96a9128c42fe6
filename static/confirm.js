// Destructive actions ask first: a form with data-confirm="Question?" is submitted
// only when the user accepts the browser's dialog. The submit event fires for a click,
// Enter in a field and Space/Enter on the button alike, so the keyboard gets the same
// question. Without JavaScript the form simply submits (the server needs no confirmation).
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  if (!window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation(); // no other handler may act on a refused submission
  }
}, true);
