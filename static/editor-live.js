// Live numbering, italics and style warnings, and the outline. After each pause in typing
// (and at once after a move) the form goes to the server's check route, which answers
// with every paragraph as the saved draft will show it (resolutions/web/editor_form.py,
// `live`): the rules stay on the server. One check at a time; a newer edit waits for it.
(function () {
  "use strict";
  const E = window.ResolutionsEditor;
  if (!E) return;
  const { form } = E;
  const status = document.getElementById("check-status");
  const outline = document.getElementById("outline");
  const list = document.getElementById("outline-list");
  const PAUSE_MS = 400;

  let timer = null, running = false, again = false;
  const shownFor = new Map(E.blocks().map((b) => [b.dataset.id, E.area(b).value]));  // the text each view shows
  const htmlOf = new Map();

  function say(text, error) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(error));
  }

  function schedule(now) {
    clearTimeout(timer);
    timer = now ? null : setTimeout(run, PAUSE_MS);
    if (now) run();
  }

  async function run() {
    if (running) { again = true; return; }
    running = true;
    const sent = new Map(E.blocks().map((b) => [b.dataset.id, E.area(b).value]));
    try {
      const response = await fetch(form.dataset.check, {
        method: "POST", body: new URLSearchParams(new FormData(form)),
        headers: { "X-CSRFToken": E.token(), Accept: "application/json" },
      });
      if (!(response.headers.get("Content-Type") || "").includes("json")) {
        throw new Error(response.redirected ? "you are logged out; log in again in another tab (your text stays here)"
          : `the server answered ${response.status}`);
      }
      const data = await response.json();
      if (response.ok) { apply(data, sent); say(""); } else say(data.error, true);
    } catch (error) {
      say(`Numbering and warnings not updated: ${error.message}.`, true);
    } finally {
      running = false;
      if (again) { again = false; schedule(true); }
    }
  }

  function apply(data, sent) {
    for (const p of data.paragraphs) {
      const block = E.block(p.id);
      if (!block) continue;
      block.querySelector(".para-label").textContent = p.label;
      block.querySelector(".mark").textContent = p.mark;
      E.area(block).setAttribute("aria-label", `Paragraph ${p.label}`);
      E.nameTools(block, p.label);
      if (htmlOf.get(p.id) !== p.html) {
        block.querySelector(".rendered").innerHTML = p.html;  // built by the server from escaped text
        htmlOf.set(p.id, p.html);
      }
      shownFor.set(p.id, sent.get(p.id));
      block.classList.toggle("stale", E.area(block).value !== sent.get(p.id));
      const warnings = block.querySelector(".warnings");
      if (warnings.dataset.shown !== p.warnings.join("\n")) {
        warnings.replaceChildren(...p.warnings.map((w) => Object.assign(document.createElement("p"),
          { className: "warning", textContent: `⚠ ${w}` })));
        warnings.dataset.shown = p.warnings.join("\n");
      }
      block.dataset.outline = p.outline;
    }
    document.getElementById("doc-warnings").replaceChildren(...data.document_warnings.map((w) =>
      Object.assign(document.createElement("p"), { className: "warning", textContent: `⚠ ${w}` })));
    syncOutline();
  }

  form.addEventListener("editor:change", (event) => schedule(Boolean(event.detail.structure)));
  // A paragraph left before its check came back shows its words as typed until it does.
  form.addEventListener("editor:leave", ({ detail: { block } }) => {
    const text = E.area(block).value;
    if (shownFor.get(block.dataset.id) === text) return;
    block.querySelector(".rendered").textContent = text;
    htmlOf.delete(block.dataset.id);
    block.classList.add("stale");
    schedule(true);
  });

  // The outline: rebuilt from the blocks after every check and move, so it never disagrees.
  let current = null, deferred = false;
  function syncOutline() {
    // Never pull a link from under the keyboard: rebuild once the focus leaves the outline.
    if (outline.contains(document.activeElement)) { deferred = true; return; }
    const items = E.blocks().map((block) => {
      const link = Object.assign(document.createElement("a"), { href: `#${block.id}` });
      link.dataset.id = block.dataset.id;
      const label = Object.assign(document.createElement("span"),
        { className: "ol-label", textContent: block.querySelector(".para-label").textContent });
      link.append(label, ` ${block.dataset.outline || ""}`);
      if (block === current) link.setAttribute("aria-current", "true");
      const item = Object.assign(document.createElement("li"),
        { className: `depth-${block.dataset.depth} kind-${block.dataset.kind}` });
      item.classList.toggle("warned", block.querySelector(".warnings").childElementCount > 0);
      item.append(link);
      return item;
    });
    list.replaceChildren(...items);
    document.getElementById("outline-count").textContent = String(items.length);
  }
  form.addEventListener("editor:change", (event) => { if (event.detail.structure) syncOutline(); });
  outline.addEventListener("focusout", (event) => {
    if (deferred && !outline.contains(event.relatedTarget)) { deferred = false; syncOutline(); }
  });

  const wide = window.matchMedia("(min-width: 64.01rem)");
  outline.open = wide.matches;
  wide.addEventListener("change", () => { outline.open = wide.matches; });

  list.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-id]");
    const block = link && E.block(link.dataset.id);
    if (!block) return;
    event.preventDefault();
    E.area(block).focus({ preventScroll: true });
    block.scrollIntoView({ block: "center" });
    history.replaceState(null, "", `#${block.id}`);
    if (!wide.matches) outline.open = false;
  });

  form.addEventListener("editor:enter", ({ detail: { block } }) => {
    current = block;
    list.querySelectorAll("a[aria-current]").forEach((a) => a.removeAttribute("aria-current"));
    const link = list.querySelector(`a[data-id="${CSS.escape(block.dataset.id)}"]`);
    if (!link) return;
    link.setAttribute("aria-current", "true");
    // Scroll the side panel only, never the page.
    const box = outline.getBoundingClientRect(), at = link.getBoundingClientRect();
    if (wide.matches && (at.top < box.top + 40 || at.bottom > box.bottom)) outline.scrollTop += at.top - box.top - box.height / 2;
  });

  // A page opened on #para-… (a link, a reload) opens that paragraph.
  const target = location.hash.startsWith("#para-") && E.block(decodeURIComponent(location.hash.slice(6)));
  if (target) E.area(target).focus({ preventScroll: true });

  E.check = () => schedule(true);
})();
