// The Export menu (templates/drafts/_export.html): Esc closes it and gives the focus back
// to its summary; the earlier-revision select is enabled (and so reachable by Tab) only
// while its choice is chosen; a link marked data-opens="export-menu" opens the menu it
// jumps to. Without JavaScript the menu is a plain disclosure and GET form.
"use strict";
(() => {
  const syncEarlier = (form) => {
    for (const radio of form.querySelectorAll("input[type=radio][data-controls]")) {
      const select = document.getElementById(radio.dataset.controls);
      if (select) select.disabled = !radio.checked;
    }
  };
  const openMenu = (id) => {
    const menu = document.getElementById(id);
    if (menu instanceof HTMLDetailsElement) {
      menu.open = true;
      const summary = menu.querySelector("summary");
      summary?.focus();
      summary?.scrollIntoView({block: "start"});
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    for (const form of document.querySelectorAll(".export-form")) syncEarlier(form);
    if (location.hash === "#export-menu") openMenu("export-menu");
  });
  document.addEventListener("change", (event) => {
    const form = event.target instanceof Element ? event.target.closest(".export-form") : null;
    if (form) syncEarlier(form);
  });
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-opens]") : null;
    if (!link) return;
    // the jump itself would take the focus off the menu: open it, mark the address, focus it
    event.preventDefault();
    history.pushState(null, "", `#${link.dataset.opens}`);
    openMenu(link.dataset.opens);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !(event.target instanceof Element)) return;
    const menu = event.target.closest(".export-menu");
    if (menu instanceof HTMLDetailsElement && menu.open) {
      menu.open = false;
      menu.querySelector("summary")?.focus();
      event.preventDefault();
    }
  });
})();
