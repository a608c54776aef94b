// The enterprise directory updates in place: a changed filter, a typed keyword or a followed
// chip or page link fetches the same page and swaps in its results and counts. Without this
// file (or without fetch) the form submits and the links navigate as usual.
(() => {
  const form = document.querySelector("[data-directory-form]");
  if (!form || !window.fetch || !window.DOMParser || !window.history.replaceState) return;
  const status = document.getElementById("directory-status");
  const TYPING_PAUSE_MS = 350;
  let pending = null;
  let typingTimer = null;
  let shownQuery = new URLSearchParams(window.location.search).toString();

  // Empty fields and a sort left at its default stay out of the address.
  function formQuery() {
    const defaults = new Set(
      [...form.querySelectorAll("select")].filter((select) => select.selectedIndex === 0).map((select) => select.name),
    );
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value !== "" && !defaults.has(name)) params.append(name, value);
    }
    return params.toString();
  }

  // After a chip or page link, make the controls show what the new address asks for.
  function showInControls(params) {
    for (const element of form.elements) {
      if (!element.name || element.type === "submit") continue;
      const values = params.getAll(element.name);
      if (element.type === "checkbox") element.checked = values.includes(element.value);
      else if (element.tagName === "SELECT") {
        element.value = values[0] || "";
        if (element.selectedIndex < 0) element.selectedIndex = 0;
      } else element.value = values[0] || "";
    }
  }

  function replaceFrom(page, selector) {
    const current = document.querySelector(selector);
    const fresh = page.querySelector(selector);
    if (current && fresh) current.replaceWith(fresh);
    else if (current) current.remove();
    else if (fresh) document.querySelector("main .container").prepend(fresh);
  }

  async function show(query, { fromLink = false, focusResults = fromLink } = {}) {
    if (pending) pending.abort();
    pending = new AbortController();
    const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
    document.getElementById("directory-results").setAttribute("aria-busy", "true");
    let page;
    try {
      const response = await fetch(url, { signal: pending.signal, headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch (error) {
      if (error.name !== "AbortError") window.location.assign(url);
      return;
    }
    shownQuery = query;
    replaceFrom(page, "#directory-results");
    replaceFrom(page, "main .messages");
    for (const count of page.querySelectorAll("[data-facet]")) {
      const current = form.querySelector(`[data-facet="${CSS.escape(count.dataset.facet)}"]`);
      if (current) current.textContent = count.textContent;
    }
    window.history.replaceState(null, "", url);
    const heading = document.getElementById("results-heading");
    // Cleared first, so the same count is announced again.
    status.textContent = "";
    window.setTimeout(() => { status.textContent = heading.textContent.trim(); }, 50);
    if (fromLink) showInControls(new URLSearchParams(query));
    if (focusResults) heading.focus();
  }

  function showFormIfChanged() {
    const query = formQuery();
    if (query !== shownQuery) show(query);
  }

  // A pressed button (or Enter) also moves to the results, which closes a phone's keyboard.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(typingTimer);
    const query = formQuery();
    if (query !== shownQuery) show(query, { focusResults: true });
    else document.getElementById("results-heading").focus();
  });
  form.addEventListener("change", (event) => {
    if (event.target.type !== "search") showFormIfChanged();
  });
  function afterTyping(event) {
    // Wait while the visitor types, and while an input method composes Chinese characters.
    if (event.target.type !== "search" || event.isComposing) return;
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(showFormIfChanged, TYPING_PAUSE_MS);
  }
  form.addEventListener("input", afterTyping);
  form.addEventListener("compositionend", afterTyping);
  form.addEventListener("click", (event) => {
    const link = event.target.closest("#directory-results a[href^='?']");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    show(new URL(link.href).searchParams.toString(), { fromLink: true });
  });
})();
