// Progressive enhancement only: every page works without this file.
// On wide screens the filter panel starts open; on phones it stays folded above the results.
if (window.matchMedia("(min-width: 48rem)").matches) {
  document.querySelectorAll("details.filters-panel").forEach((panel) => { panel.open = true; });
}

// The finder's print button: shown only when a script can print.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
