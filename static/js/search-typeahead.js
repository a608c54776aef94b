// Suggestions under the header's search box, as the ARIA combobox pattern describes
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Progressive enhancement: without this
// file the box is a plain GET form. Options are built with textContent, never as markup.
(() => {
  const input = document.getElementById("site-search-input");
  if (!input || !window.fetch) return;
  const form = input.form;
  const listbox = document.createElement("ul");
  listbox.id = "site-search-suggestions";
  listbox.className = "typeahead";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", form.dataset.suggestionsLabel || "");
  listbox.hidden = true;
  input.parentNode.appendChild(listbox);
  const status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  let results = [];
  let active = -1;
  let pending = null;
  let timer = null;

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    Array.from(listbox.children).forEach((option, position) => {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      const option = listbox.children[index];
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function show(found) {
    results = found;
    listbox.replaceChildren(
      ...found.map((result, position) => {
        const option = document.createElement("li");
        option.id = `${listbox.id}-${position}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.title;
        const meta = document.createElement("span");
        meta.className = "typeahead-meta";
        meta.textContent = [result.kind, result.district].filter(Boolean).join(" · ");
        option.appendChild(meta);
        // mousedown, not click: the box keeps its focus, so the list is not closed first.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          window.location.assign(result.url);
        });
        return option;
      }),
    );
    status.textContent = `${form.dataset.suggestionsCount || ""} ${found.length}`.trim();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (found.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
  }

  async function suggest() {
    const text = input.value.trim();
    if (pending) pending.abort();
    if (!text) {
      show([]);
      return;
    }
    pending = new AbortController();
    try {
      const url = `${input.dataset.suggestions}?${new URLSearchParams({ q: text })}`;
      const response = await fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } });
      if (response.ok) show((await response.json()).results);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });

  input.addEventListener("keydown", (event) => {
    const open = !listbox.hidden && results.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) {
        suggest();
        return;
      }
      highlight(active + 1 >= results.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(active <= 0 ? results.length - 1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      // Enter on a suggestion opens it; Enter without one submits the search as usual.
      event.preventDefault();
      window.location.assign(results[active].url);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
})();
