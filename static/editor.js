// The editor without reloads. Without JavaScript every button posts the form and the
// server does the same edit (resolutions/web/editor_form.py); here the blocks move in
// the page and only "Save revision" posts. Numbering mirrors resolutions/domain/numbering.py.
(function () {
  "use strict";
  const form = document.getElementById("editor");
  if (!form) return;
  const template = document.getElementById("para-template");

  const blocks = (section) => Array.from(section.querySelectorAll(":scope > .para-edit"));
  const depthOf = (block) => Number(block.dataset.depth);
  const field = (block, name) => block.querySelector(`input[name="${name}"]`);

  // A block and the subparagraphs below it travel together.
  function subtree(block) {
    const all = blocks(block.parentElement);
    const start = all.indexOf(block);
    let end = start + 1;
    while (end < all.length && depthOf(all[end]) > depthOf(block)) end++;
    return all.slice(start, end);
  }

  function sibling(block, direction) {
    const all = blocks(block.parentElement);
    let i = all.indexOf(block) + direction;
    while (i >= 0 && i < all.length) {
      if (depthOf(all[i]) === depthOf(block)) return all[i];
      if (depthOf(all[i]) < depthOf(block)) return null;
      i += direction;
    }
    return null;
  }

  const letters = (n) => "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26].repeat(Math.floor((n - 1) / 26) + 1);
  function roman(n) {
    const table = [[1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"], [50, "l"],
      [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
    let out = "";
    for (const [value, glyph] of table) while (n >= value) { out += glyph; n -= value; }
    return out;
  }
  const subMark = (depth, n) => depth === 1 ? `(${letters(n)})` : depth === 2 ? `(${roman(n)})` : `${letters(n)}.`;

  function renumber() {
    form.querySelectorAll(".section").forEach((section) => {
      const prefix = section.dataset.section === "preamble" ? "PP" : "OP";
      const counters = [0, 0, 0, 0];
      const path = [];
      blocks(section).forEach((block) => {
        const depth = depthOf(block);
        counters[depth] += 1;
        for (let d = depth + 1; d < counters.length; d++) counters[d] = 0;
        path[depth] = depth === 0 ? `${prefix}${counters[0]}` : subMark(depth, counters[depth]);
        path.length = depth + 1;
        const label = path.join(" ");
        block.querySelector(".para-label").textContent = label;
        block.querySelector("textarea").setAttribute("aria-label", `Paragraph ${label}`);
        // Server-rendered previews go stale once blocks move; the labels stay right.
        const preview = block.querySelector(".preview .mark");
        if (preview) preview.textContent = "";
      });
    });
  }

  function newBlock(section, depth) {
    const block = template.content.firstElementChild.cloneNode(true);
    const id = "p-" + Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => b.toString(16).padStart(2, "0")).join("");
    block.dataset.depth = String(depth);
    block.dataset.section = section;
    block.className = `para-edit depth-${depth}`;
    field(block, "pid").value = id;
    field(block, "psection").value = section;
    field(block, "pdepth").value = String(depth);
    block.querySelector("textarea").id = `t-${id}`;
    block.querySelector("label").htmlFor = `t-${id}`;
    block.querySelectorAll("button[data-op]").forEach((b) => { b.value = `${b.dataset.op}:${id}`; });
    block.querySelector('input[name="psource"]').value = "";
    block.querySelector('[data-op="add-sub"]').hidden = section !== "operative" || depth >= 3;
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
      const text = block.querySelector("textarea").value.trim();
      if (text && !confirm("Delete this paragraph and its subparagraphs?")) return;
      subtree(block).forEach((b) => b.remove());
    },
    "add-after"(block) {
      const fresh = newBlock(block.dataset.section, depthOf(block));
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
      fresh = newBlock(button.dataset.section, 0);
      document.getElementById(`section-${button.dataset.section}`).append(fresh);
    } else {
      const block = button.closest(".para-edit");
      fresh = operations[button.dataset.op](block);
      if (!fresh && button.isConnected) button.focus();
    }
    renumber();
    if (fresh) fresh.querySelector("textarea").focus();
    dirty = true;
  });

  form.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      document.getElementById("save").click();
      return;
    }
    const block = event.target.closest && event.target.closest(".para-edit");
    if (event.altKey && block && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      operations[event.key === "ArrowUp" ? "up" : "down"](block);
      renumber();
      event.target.focus();
      dirty = true;
    }
  });

  // Text areas grow with their text, and leaving with unsaved changes asks first.
  let dirty = false;
  const grow = (area) => { area.style.height = "auto"; area.style.height = `${area.scrollHeight + 2}px`; };
  form.addEventListener("input", (event) => {
    dirty = true;
    if (event.target.tagName === "TEXTAREA") grow(event.target);
  });
  form.querySelectorAll("textarea").forEach(grow);
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });
})();

// Agreed language: the closest paragraphs of past resolutions, one click to use one.
(function () {
  "use strict";
  const form = document.getElementById("editor");
  if (!form) return;
  const lang = form.dataset.language || "en";

  function show(block, results, shortened) {
    const panel = block.querySelector(".precedents");
    panel.replaceChildren();
    panel.hidden = false;
    if (shortened) {
      panel.append(Object.assign(document.createElement("p"), { className: "note", textContent: shortened }));
    }
    if (!results.length) {
      panel.append(Object.assign(document.createElement("p"), { textContent: "No close paragraph in past resolutions." }));
      return;
    }
    const list = document.createElement("ol");
    for (const found of results) {
      const item = document.createElement("li");
      const from = Object.assign(document.createElement("span"), { className: "from",
        textContent: `${found.paragraph} of ${found.symbol}${found.year ? ` (${found.year})` : ""} ` });
      const diff = Object.assign(document.createElement("span"), { className: "diff" });
      diff.innerHTML = found.diff_html;  // built server-side from escaped text
      const use = Object.assign(document.createElement("button"), { type: "button", className: "secondary",
        textContent: "Use this wording" });
      use.addEventListener("click", () => {
        const area = block.querySelector("textarea");
        area.value = found.text;
        area.dispatchEvent(new Event("input", { bubbles: true }));
        block.querySelector('input[name="psource"]').value = `${found.symbol} ${found.paragraph}`;
        const source = block.querySelector(".source");
        source.querySelector("span").textContent = `${found.symbol} ${found.paragraph}`;
        source.hidden = false;
        panel.hidden = true;
        area.focus();
      });
      item.append(from, diff, " ", use);
      list.append(item);
    }
    panel.append(list);
  }

  form.addEventListener("click", async (event) => {
    const button = event.target.closest('button[data-op="precedents"]');
    if (!button) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const block = button.closest(".para-edit");
    const text = block.querySelector("textarea").value.replace(/\^\[[^\]]*\]/g, "").trim();
    if (!text) return;
    button.disabled = true;
    try {
      const response = await fetch(`/precedents.json?${new URLSearchParams({ text, lang })}`,
        { headers: { Accept: "application/json" } });
      const data = await response.json();
      if (!response.ok) throw new Error(data.error || response.statusText);
      show(block, data.results, data.shortened);
    } catch (error) {
      const panel = block.querySelector(".precedents");
      panel.hidden = false;
      panel.textContent = `Agreed language could not be searched: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  }, true);
})();
