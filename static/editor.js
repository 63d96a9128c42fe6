// The editor's core: blocks (paragraphs, headings, tables, annex breaks), editing in place,
// moves without reloads, keys. Each kind of block is cloned from its <template> in edit.html.
// Without JavaScript every button posts the form and the server does the same edit
// (resolutions/web/editor_form.py). Numbering, italics and warnings come from the server
// (editor-live.js); the other editor-*.js files build on window.ResolutionsEditor.
(function () {
  "use strict";
  const form = document.getElementById("editor");
  if (!form) return;

  const blocks = () => Array.from(form.querySelectorAll(".section > .para-edit"));
  const siblings = (block) => Array.from(block.parentElement.querySelectorAll(":scope > .para-edit"));
  const depthOf = (block) => Number(block.dataset.depth);
  const field = (block, name) => block.querySelector(`input[name="${name}"]`);
  const area = (block) => block.querySelector("textarea");

  // What changed, for the live check and the backup: {structure: true} after a move.
  function changed(detail) {
    form.dispatchEvent(new CustomEvent("editor:change", { detail: detail || {} }));
  }

  // A block and the subparagraphs below it travel together.
  function subtree(block) {
    const all = siblings(block);
    const start = all.indexOf(block);
    let end = start + 1;
    while (end < all.length && depthOf(all[end]) > depthOf(block)) end++;
    return all.slice(start, end);
  }

  function sibling(block, direction) {
    const all = siblings(block);
    let i = all.indexOf(block) + direction;
    while (i >= 0 && i < all.length) {
      if (depthOf(all[i]) === depthOf(block)) return all[i];
      if (depthOf(all[i]) < depthOf(block)) return null;
      i += direction;
    }
    return null;
  }

  const randomId = () => "p-" + Array.from(crypto.getRandomValues(new Uint8Array(5)),
    (b) => b.toString(16).padStart(2, "0")).join("");

  // kind: "paragraph", "heading", "table" or "annex"; a subparagraph is always a paragraph.
  function newBlock(section, depth, id, kind) {
    kind = kind || "paragraph";
    id = id || randomId();
    const name = depth > 0 ? "sub-any" : `${kind}-${section}`;
    const template = document.getElementById(`${name}-template`) || document.getElementById("paragraph-operative-template");
    const block = template.content.firstElementChild.cloneNode(true);
    Object.assign(block.dataset, { id, depth: String(depth), section, outline: "" });
    block.id = `para-${id}`;
    block.className = `para-edit depth-${depth} kind-${block.dataset.kind}`;
    field(block, "pid").value = id;
    field(block, "psection").value = section;
    field(block, "pdepth").value = String(depth);
    field(block, "psource").value = "";
    area(block).id = `t-${id}`;
    area(block).setAttribute("aria-describedby", `w-${id}`);
    block.querySelector(".warnings").id = `w-${id}`;
    block.querySelectorAll("label[for]").forEach((label) => { label.htmlFor = `t-${id}`; });
    block.querySelectorAll("button[data-op]").forEach((b) => { b.value = `${b.dataset.op}:${id}`; });
    const numbering = block.querySelector('select[name="pkind"]');
    if (numbering && kind === "text") { numbering.value = "text"; block.dataset.kind = "text"; }
    block.querySelector('[data-op="add-heading-after"]').hidden = depth > 0;
    block.querySelector('[data-op="add-sub"]').hidden = section !== "operative" || depth >= 3
      || !["paragraph", "text"].includes(block.dataset.kind);
    return block;
  }

  function insertAfterSubtree(block, fresh) {
    const tree = subtree(block);
    tree[tree.length - 1].after(fresh);
  }

  const operations = {
    up(block) {
      const previous = sibling(block, -1);
      if (previous) previous.before(...subtree(block));
    },
    down(block) {
      const next = sibling(block, +1);
      if (next) { const tree = subtree(next); tree[tree.length - 1].after(...subtree(block)); }
    },
    delete(block) {
      if (area(block).value.trim() && !confirm("Delete this paragraph and its subparagraphs?")) return;
      subtree(block).forEach((b) => b.remove());
    },
    "add-after"(block) {
      const fresh = newBlock(block.dataset.section, depthOf(block));
      insertAfterSubtree(block, fresh);
      return fresh;
    },
    "add-heading-after"(block) {
      const fresh = newBlock(block.dataset.section, 0, null, "heading");
      insertAfterSubtree(block, fresh);
      return fresh;
    },
    "add-sub"(block) {
      const fresh = newBlock(block.dataset.section, depthOf(block) + 1);
      insertAfterSubtree(block, fresh);
      return fresh;
    },
  };

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-op]");
    if (!button || !(button.dataset.op in operations || button.dataset.op === "add")) return;
    event.preventDefault();
    let fresh;
    if (button.dataset.op === "add") {
      fresh = newBlock(button.dataset.section, 0, null, button.dataset.kind);
      document.getElementById(`section-${button.dataset.section}`).append(fresh);
    } else {
      fresh = operations[button.dataset.op](button.closest(".para-edit"));
      if (!fresh && button.isConnected) button.focus();
    }
    if (fresh) area(fresh).focus();
    changed({ structure: true });
  });

  form.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      document.getElementById("save").click();
      return;
    }
    // (Enter in a one-line field never saves: data-no-enter, static/enter_guard.js)
    const block = event.target.closest && event.target.closest(".para-edit");
    if (event.altKey && block && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      operations[event.key === "ArrowUp" ? "up" : "down"](block);
      event.target.focus();
      changed({ structure: true });
    }
  });

  // Editing in place: the paragraph holding the focus shows its text area. A paragraph
  // left while the pointer is down closes only after the click, so that nothing moves
  // under the pointer between press and release.
  let pointerDown = false;
  const closing = new Set();
  const grows = !CSS.supports("field-sizing", "content");
  const grow = (textarea) => { textarea.style.height = "auto"; textarea.style.height = `${textarea.scrollHeight + 2}px`; };

  const opening = new Set();

  function open(block) {
    if (!block.contains(document.activeElement) || block.classList.contains("editing")) return;
    block.classList.add("editing");
    if (grows) grow(area(block));
    form.dispatchEvent(new CustomEvent("editor:enter", { detail: { block } }));
  }
  function close(block) {
    if (block.contains(document.activeElement)) return;
    block.classList.remove("editing");
    form.dispatchEvent(new CustomEvent("editor:leave", { detail: { block } }));
  }
  form.addEventListener("focusin", (event) => {
    const block = event.target.closest(".para-edit");
    if (!block) return;
    closing.delete(block);
    // A click on the text opens it at once; a click on a button inside waits for release.
    if (pointerDown && event.target.tagName !== "TEXTAREA") opening.add(block); else open(block);
  });
  form.addEventListener("focusout", (event) => {
    const block = event.target.closest(".para-edit");
    if (!block || block.contains(event.relatedTarget)) return;
    if (pointerDown) closing.add(block); else close(block);
  });
  document.addEventListener("pointerdown", () => { pointerDown = true; }, true);
  const release = () => setTimeout(() => {
    pointerDown = false;
    closing.forEach(close);
    opening.forEach(open);
    closing.clear();
    opening.clear();
  }, 0);
  document.addEventListener("pointerup", release, true);
  document.addEventListener("pointercancel", release, true);

  // A click on the printed text puts the caret where it was clicked (a footnote marker
  // stands for its ^[…] in the text area).
  function caretAt(view, x, y, length) {
    const range = !document.caretPositionFromPoint && document.caretRangeFromPoint && document.caretRangeFromPoint(x, y);
    const hit = document.caretPositionFromPoint ? document.caretPositionFromPoint(x, y)
      : range ? { offsetNode: range.startContainer, offset: range.startOffset } : null;
    const node = hit ? hit.offsetNode : null;
    if (!node || !view.contains(node)) return length;
    const before = document.createRange();
    before.setStart(view, 0);
    before.setEnd(node, hit.offset);
    const part = before.cloneContents();
    let offset = 0;
    part.querySelectorAll("sup.fn").forEach((sup) => { offset += sup.title.length + 3; sup.remove(); });
    return Math.min(offset + part.textContent.length, length);
  }
  form.addEventListener("mousedown", (event) => {
    const view = event.target.closest(".rendered");
    if (!view || event.button !== 0) return;
    const textarea = area(view.closest(".para-edit"));
    const offset = caretAt(view, event.clientX, event.clientY, textarea.value.length);
    event.preventDefault();
    textarea.focus({ preventScroll: true });
    textarea.setSelectionRange(offset, offset);
  });

  // Numbered or not: the block's kind follows its select (the backup and the CSS read it).
  form.addEventListener("change", (event) => {
    if (event.target.name !== "pkind") return;
    const block = event.target.closest(".para-edit");
    block.classList.replace(`kind-${block.dataset.kind}`, `kind-${event.target.value}`);
    block.dataset.kind = event.target.value;
  });

  // Leaving with unsaved changes asks first (the backup keeps them anyway).
  let dirty = false;
  form.addEventListener("input", (event) => {
    dirty = true;
    if (grows && event.target.tagName === "TEXTAREA") grow(event.target);
    changed({ block: event.target.closest(".para-edit") });
  });
  form.addEventListener("editor:change", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });

  // A block's own fields beyond its text (a heading's level, a table's cells …), for a backup.
  const KIND_FIELDS = ["pkind", "plevel", "pnumbering", "prestart", "prows", "pheader"];
  const kindFields = (block) => Object.fromEntries(KIND_FIELDS.map((name) => [name,
    block.querySelector(`[name="${name}"]`).value]));

  // The paragraphs replaced by a list of {id, section, depth, source, text, kind, fields} (a backup).
  function replaceParagraphs(paragraphs) {
    const kept = new Map(blocks().map((b) => [b.dataset.id, b]));
    const sections = { preamble: [], operative: [] };
    for (const p of paragraphs) {
      let block = kept.get(p.id);
      const kind = p.kind || "paragraph";
      if (!block || block.dataset.section !== p.section || depthOf(block) !== p.depth || block.dataset.kind !== kind) {
        block = newBlock(p.section, p.depth, p.id, kind);
      }
      kept.delete(p.id);
      area(block).value = p.text;
      for (const [name, value] of Object.entries(p.fields || {})) {
        const input = block.querySelector(`[name="${name}"]`);
        if (input) input.value = value;
      }
      field(block, "psource").value = p.source || "";
      block.querySelector(".source span").textContent = p.source || "";
      block.querySelector(".source").hidden = !p.source;
      (sections[p.section] || sections.operative).push(block);
    }
    for (const [name, list] of Object.entries(sections)) document.getElementById(`section-${name}`).replaceChildren(...list);
    changed({ structure: true });
  }

  // The icon buttons say which block they act on ("↑ Move OP3 up": the name starts with what
  // is shown, for voice control), as the numbering changes.
  function nameTools(block, label) {
    const who = label || "this paragraph";
    for (const [op, name] of [["up", `↑ Move ${who} up`], ["down", `↓ Move ${who} down`], ["delete", `Delete ${who}`]]) {
      const button = block.querySelector(`.para-tools [data-op="${op}"]`);
      if (button) button.setAttribute("aria-label", name);
    }
  }

  form.classList.add("live");
  window.ResolutionsEditor = {
    form, blocks, field, area, subtree, newBlock, changed, replaceParagraphs, kindFields, nameTools,
    token: () => form.elements.csrf_token.value,
    block: (id) => document.getElementById(`para-${id}`),
  };
})();
