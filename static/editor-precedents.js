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
    if (!text || button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");  // not disabled: that would take the focus away
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
      button.removeAttribute("aria-busy");
    }
  }, true);
})();
