// Editing with others: who else has this draft open (a heartbeat every 20 s, see
// resolutions/services/presence.py), and the buttons of a save that could not be merged,
// which put base, theirs or yours into the paragraph (or field) for the delegate to save.
(function () {
  "use strict";
  const E = window.ResolutionsEditor;
  if (!E) return;
  const { form } = E;
  const box = document.getElementById("presence");
  const BEAT_MS = 20000;

  function show({ present, current_revision: current }) {
    const base = Number(form.elements.base_revision.value);
    const who = present.map((p) => `${p.email} (${p.delegation || "Secretariat"})`
      + (p.revision !== base ? `, from revision ${p.revision}` : ""));
    const parts = who.length ? [`Also editing: ${who.join("; ")}.`] : [];
    if (current > base) parts.push(`Revision ${current} was saved after the revision ${base} you started from; `
      + "saving merges your changes with it.");
    box.textContent = parts.join(" ");
    box.hidden = !parts.length;
  }

  let timer = null;
  async function beat() {
    try {
      const response = await fetch(form.dataset.presence, {
        method: "POST", body: new URLSearchParams({ base_revision: form.elements.base_revision.value }),
        headers: { "X-CSRFToken": E.token(), Accept: "application/json" },
      });
      if ((response.headers.get("Content-Type") || "").includes("json") && response.ok) show(await response.json());
      else if (response.status === 403 || response.status === 404) stop();
    } catch (error) { /* offline for a moment: the next beat tries again */ }
  }
  const start = () => { if (!timer) timer = setInterval(beat, BEAT_MS); };
  const stop = () => { clearInterval(timer); timer = null; };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") { beat(); start(); } else stop();
  });
  window.addEventListener("pageshow", (event) => { if (event.persisted) beat(); });
  start();

  // A paragraph only theirs kept comes back where theirs has it: after the nearest
  // paragraph before it that this page holds (after its subparagraphs unless it is one).
  function reinstate(button, text) {
    const { reinstate: id, section, after } = button.dataset;
    const depth = Number(button.dataset.depth);
    let block = E.block(id);
    if (!block) {
      block = E.newBlock(section, depth, id);
      const anchor = after.split(" ").map(E.block).find(Boolean);
      if (!anchor) document.getElementById(`section-${section}`).prepend(block);
      else if (depth > Number(anchor.dataset.depth)) anchor.after(block);
      else { const tree = E.subtree(anchor); tree[tree.length - 1].after(block); }
    }
    E.area(block).value = text;
    E.changed({ structure: true });
    return E.area(block);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".conflict button[data-use]");
    if (!button) return;
    const shown = button.closest(".side").querySelector(".conflict-text");
    const text = shown.classList.contains("absent") ? "" : shown.textContent;
    let target;
    if (button.dataset.reinstate) target = reinstate(button, text);
    else {
      target = document.getElementById(button.dataset.target);
      target.value = text;
      target.dispatchEvent(new Event("input", { bubbles: true }));
    }
    const panel = button.closest(".conflict");
    panel.classList.add("resolved");
    panel.querySelector(".conflict-done").textContent = `Using ${button.dataset.use}: check the text, then save.`;
    target.focus();
  });
})();
