// Start the NHS.UK frontend components, and again on content that htmx swaps in.
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.target });
});
