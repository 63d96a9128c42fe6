// The compilation text's "Propose a change" forms show only the fields a kind of
// proposal takes; without JavaScript every field shows and the server ignores the rest.
"use strict";
(() => {
  const FIELDS = { replace: [".f-replaces", ".f-text"], delete: [], insert: [".f-position", ".f-text"] };

  function update(form) {
    const kind = (form.querySelector("input[name=kind]:checked") || {}).value || "replace";
    for (const selector of [".f-replaces", ".f-text", ".f-position"]) {
      const field = form.querySelector(selector);
      if (field) field.hidden = !FIELDS[kind].includes(selector);
    }
    // A new block's own fields (a heading's numbering, a table's cells) open for their kind.
    const block = form.querySelector("select[name=block_kind]");
    if (block) form.querySelectorAll("details.c-block-fields").forEach((d) => { d.open = d.dataset.kind === block.value; });
    const text = form.querySelector("textarea[name=text]");
    const words = form.querySelector("input[name=replaces]");
    if (!text) return;
    const current = text.dataset.current || "";
    const partial = kind === "replace" && words && words.value.trim() !== "";
    // The whole paragraph is the starting point of a full replacement only: an insertion
    // or the replacement of a few words starts from an empty box.
    if ((kind === "insert" || partial) && text.value === current) text.value = "";
    else if (kind === "replace" && !partial && text.value === "") text.value = current;
  }

  // A link to a decided proposal (from What's new) lands inside a closed <details>: open it.
  function reveal() {
    const raw = location.hash.slice(1);
    let id = raw;
    try {
      id = decodeURIComponent(raw);
    } catch (e) {
      // a malformed escape ("#%", "#%E0%A4%A"): look the fragment up as it stands
    }
    const target = id && document.getElementById(id);
    for (let el = target && target.parentElement; el; el = el.parentElement) {
      if (el instanceof HTMLDetailsElement) el.open = true;
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  reveal();

  document.querySelectorAll(".c-propose form").forEach((form) => {
    form.addEventListener("change", () => update(form));
    const words = form.querySelector("input[name=replaces]");
    if (words) words.addEventListener("input", () => update(form));
    update(form);
  });
})();
