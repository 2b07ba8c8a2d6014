// Start the NHS.UK frontend components, and again on content that htmx swaps in.
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

// Every table fits its container from 320 px up (issue 15): a table not already in a scrolling region
// is put in one, labelled with the table's caption. The region is in the tab order (so it can be
// scrolled with the keyboard) only while the table is wider than the region.
function tablesContain(scope) {
  for (const table of scope.querySelectorAll("main table")) {
    let region = table.parentElement;
    if (!region.classList.contains("mantle-table-scroll")) {
      region = document.createElement("div");
      region.className = "mantle-table-scroll";
      region.setAttribute("role", "region");
      const caption = table.caption ? table.caption.textContent.trim() : "";
      region.setAttribute("aria-label", `${caption || "Table"} (scrolls sideways on a small screen)`);
      table.parentElement.insertBefore(region, table);
      region.appendChild(table);
      region.dataset.mantleFocusable = "auto";
    }
    if (region.dataset.mantleFocusable === "auto") {
      if (region.scrollWidth > region.clientWidth) region.setAttribute("tabindex", "0");
      else region.removeAttribute("tabindex");
    }
  }
}

initAll();
tablesContain(document);
window.addEventListener("resize", () => tablesContain(document));
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.target });
  tablesContain(event.target.closest("main") || document);
});
