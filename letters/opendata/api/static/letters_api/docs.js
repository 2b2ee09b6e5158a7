// The API docs page: two things Swagger UI draws that keyboards and screen readers
// cannot use, mended each time it draws them.
// * A parameter's choices (a <select>) have no label (axe's select-name, critical):
//   each is named after its parameter.
// * An example or a response scrolls in a box of its own that takes no focus, so a
//   keyboard cannot scroll it (axe's scrollable-region-focusable, serious): it takes focus.
"use strict";
const mendSwaggerUi = () => {
  document.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach((select) => {
    select.setAttribute("aria-label", select.closest("tr").dataset.paramName);
  });
  document.querySelectorAll(".highlight-code > .microlight:not([tabindex])").forEach((box) => {
    box.tabIndex = 0;
  });
};
new MutationObserver(mendSwaggerUi).observe(document.body, { childList: true, subtree: true });
