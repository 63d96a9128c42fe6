// Enter in a one-line field of a form marked data-no-enter does not submit it: in the
// editor that would save a revision, in a lifecycle or proposal form it would take a step
// or a decision — a slip of the finger, never a choice. The form's button still does.
"use strict";
{
  const ONE_CLICK = new Set(["submit", "button", "reset", "checkbox", "radio", "file", "image"]);
  document.addEventListener("keydown", (event) => {
    const field = event.target;
    if (event.key !== "Enter" || !(field instanceof HTMLInputElement) || ONE_CLICK.has(field.type)) return;
    if (field.form && field.form.hasAttribute("data-no-enter")) event.preventDefault();
  });
}
