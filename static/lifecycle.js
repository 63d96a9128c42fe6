// The oral-revision form: choosing a paragraph puts its current wording in the wording
// box, to be edited as read out. Wording the user already changed is never overwritten.
// Without JavaScript the box stays empty and the wording is typed in full.
"use strict";
document.addEventListener("change", (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.dataset.wording) return;
  const box = document.getElementById(select.dataset.wording);
  if (!box) return;
  const option = select.selectedOptions[0];
  if (box.value === "" || box.value === box.dataset.filled) {
    box.value = option && option.dataset.markup ? option.dataset.markup : "";
    box.dataset.filled = box.value;
  }
});
