// Agreed language: the closest paragraphs of past resolutions, one click to use one.
(function () {
  "use strict";
  const form = document.getElementById("editor");
  if (!form) return;
  const lang = form.dataset.language || "en";

  // Sets the wording as typed text, so the textarea's own Ctrl+Z undoes it too.
  function setWording(area, text) {
    area.focus();
    area.select();
    if (!document.execCommand("insertText", false, text)) area.value = text;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function setSource(block, label) {
    block.querySelector('input[name="psource"]').value = label;
    const source = block.querySelector(".source");
    source.querySelector("span").textContent = label;
    source.hidden = !label;
  }

  function offerUndo(block, before, beforeSource, label) {
    const panel = block.querySelector(".precedents");
    const undo = Object.assign(document.createElement("button"), { type: "button", className: "secondary undo",
      textContent: "Undo" });
    const note = Object.assign(document.createElement("p"), { className: "used",
      textContent: `Wording of ${label} used. ` });
    undo.addEventListener("click", () => {
      const area = block.querySelector("textarea");
      setWording(area, before);
      setSource(block, beforeSource);
      panel.replaceChildren(Object.assign(document.createElement("p"), { textContent: "Previous wording restored." }));
      area.focus();
    });
    note.append(undo);
    panel.replaceChildren(note);
    panel.hidden = false;
    return undo;
  }

  function show(block, results, shortened, emptyMessage) {
    const panel = block.querySelector(".precedents");
    panel.replaceChildren();
    panel.hidden = false;
    if (shortened) {
      panel.append(Object.assign(document.createElement("p"), { className: "note", textContent: shortened }));
    }
    if (!results.length) {
      panel.append(Object.assign(document.createElement("p"), { textContent: emptyMessage
        ? `${emptyMessage} (see the README, "Past resolutions").` : "No close paragraph in past resolutions." }));
      return;
    }
    const list = document.createElement("ol");
    for (const found of results) {
      const item = document.createElement("li");
      const from = Object.assign(document.createElement("span"), { className: "from",
        textContent: `${found.paragraph} of ${found.symbol}${found.year ? ` (${found.year})` : ""} ` });
      const close = Object.assign(document.createElement("span"), { className: "closeness",
        textContent: `${found.same_words} % same words` });
      if (found.weak) {
        close.append(" — ", Object.assign(document.createElement("strong"), { className: "weak", textContent: "weak match" }));
      }
      const diff = Object.assign(document.createElement("span"), { className: "diff" });
      diff.innerHTML = found.diff_html;  // built server-side from escaped text
      const use = Object.assign(document.createElement("button"), { type: "button", className: "secondary",
        textContent: "Use this wording" });
      use.addEventListener("click", () => {
        const area = block.querySelector("textarea");
        const before = area.value, beforeSource = block.querySelector('input[name="psource"]').value;
        const label = `${found.symbol} ${found.paragraph}`;
        setWording(area, found.text);
        setSource(block, label);
        offerUndo(block, before, beforeSource, label).focus();
      });
      item.append(from, " ", close, " ", diff, " ", use);
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
      show(block, data.results, data.shortened, data.empty_message);
    } catch (error) {
      const panel = block.querySelector(".precedents");
      panel.hidden = false;
      panel.textContent = `Agreed language could not be searched: ${error.message}`;
    } finally {
      button.removeAttribute("aria-busy");
    }
  }, true);
})();
