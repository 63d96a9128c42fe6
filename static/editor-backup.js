// Nothing typed is lost, even when the browser crashes: the form is copied into this
// browser's localStorage as it changes, under the user, the draft, the revision it was
// edited from and this open editor (its editor_session). The next visit offers the copies
// back. A save that lands names its editor in the "editor-saved" cookie
// (resolutions/web/drafts.py), and copies of that editor are dropped on the next visit.
(function () {
  "use strict";
  const E = window.ResolutionsEditor;
  let storage = null;
  try { storage = window.localStorage; } catch (error) { /* storage blocked: nothing to keep */ }
  if (!E || !storage) return;
  const { form } = E;
  const META = ["session", "agenda_item", "agenda_title", "title", "message"];
  const COOKIE = "editor-saved";
  const prefix = `resolutions:unsaved:${form.dataset.user}:${form.dataset.draft}:`;
  const sessionField = form.elements.editor_session;
  const baseField = form.elements.base_revision;
  const key = () => `${prefix}${baseField.value}:${sessionField.value}`;
  const offers = document.getElementById("backup-offers");

  function snapshot() {
    return {
      meta: Object.fromEntries(META.map((name) => [name, form.elements[name].value])),
      paragraphs: E.blocks().map((b) => ({
        id: b.dataset.id, section: b.dataset.section, depth: Number(b.dataset.depth),
        source: E.field(b, "psource").value, text: E.area(b).value, kind: b.dataset.kind, fields: E.kindFields(b),
      })),
    };
  }
  const sameText = (a, b) => JSON.stringify(a.paragraphs) === JSON.stringify(b.paragraphs)
    && META.filter((n) => n !== "message").every((n) => a.meta[n] === b.meta[n]);

  function copies(of = prefix) {
    const found = [];
    for (let i = 0; i < storage.length; i++) {
      const name = storage.key(i);
      if (!name || !name.startsWith(of)) continue;
      try { found.push({ name, copy: JSON.parse(storage.getItem(name)) }); } catch (error) { found.push({ name, copy: {} }); }
    }
    return found;
  }
  // Copies nobody came back for in a month (any draft of this user) make room for new ones.
  const KEEP_MS = 30 * 24 * 3600 * 1000;
  for (const { name, copy } of copies(`resolutions:unsaved:${form.dataset.user}:`)) {
    if (!(copy.savedAt > Date.now() - KEEP_MS)) storage.removeItem(name);
  }

  let dirty = form.dataset.unsaved === "1";  // the page shows text the server did not save
  let stored = false;
  function store() {
    try {
      storage.setItem(key(), JSON.stringify({ savedAt: Date.now(), base: Number(baseField.value),
        session: sessionField.value, ...snapshot() }));
      stored = true;
      // This editor's copy from an older revision (before a conflict) is superseded.
      for (const { name, copy } of copies()) if (copy.session === sessionField.value && name !== key()) storage.removeItem(name);
    } catch (error) {
      document.getElementById("check-status").textContent = "This browser could not keep a copy of your changes (its storage is full); save soon.";
    }
  }
  let timer = null;
  form.addEventListener("editor:change", () => { dirty = true; clearTimeout(timer); timer = setTimeout(store, 500); });
  const flush = () => { if (dirty) { clearTimeout(timer); store(); } };
  form.addEventListener("submit", flush);  // kept until the save is known to have landed
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(); });

  function dropLanded() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith(`${COOKIE}=`));
    if (!cookie) return;
    const landed = cookie.slice(COOKIE.length + 1).split(".");
    for (const { name, copy } of copies()) if (landed.includes(copy.session)) storage.removeItem(name);
    document.cookie = `${COOKIE}=; Max-Age=0; Path=/drafts/${form.dataset.draft}/`;
  }

  function when(ms) {
    const at = new Date(ms);
    const time = `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
    return at.toDateString() === new Date().toDateString() ? time : `${at.toLocaleDateString()} ${time}`;
  }

  function offer(name, copy) {
    const box = Object.assign(document.createElement("div"), { className: "backup-offer" });
    box.setAttribute("role", "alert");
    const older = String(copy.base) !== baseField.value;
    const text = Object.assign(document.createElement("p"), {
      textContent: `You have unsaved changes from ${when(copy.savedAt)}` + (older
        ? ` (edited from revision ${copy.base}; saving merges them with what was saved since).` : "."),
    });
    const restore = Object.assign(document.createElement("button"), { type: "button", textContent: "Restore" });
    const discard = Object.assign(document.createElement("button"), { type: "button", className: "secondary", textContent: "Discard" });
    restore.addEventListener("click", () => {
      for (const n of META) form.elements[n].value = copy.meta[n] ?? form.elements[n].value;
      baseField.value = String(copy.base);
      document.getElementById("base-note").textContent = String(copy.base);
      E.replaceParagraphs(copy.paragraphs);
      storage.removeItem(name);
      offers.replaceChildren();  // one restored text at a time; the others stay stored
      store();
    });
    discard.addEventListener("click", () => { storage.removeItem(name); box.remove(); });
    box.append(text, restore, discard);
    offers.append(box);
  }

  dropLanded();
  const loaded = snapshot();
  for (const { name, copy } of copies().sort((a, b) => b.copy.savedAt - a.copy.savedAt)) {
    if (copy.session === sessionField.value) continue;  // this very editor, shown again by the server
    if (!copy.paragraphs || !copy.meta || sameText(copy, loaded)) storage.removeItem(name);
    else offer(name, copy);
  }
  if (dirty) store();

  // Back to this page after it was saved (the browser's page cache): start a new editor.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    dropLanded();
    if (stored && storage.getItem(key()) === null) {
      dirty = false;
      sessionField.value = `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    }
  });
})();
