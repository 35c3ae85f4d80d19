/* Swagger UI renders a parameter's enum <select> with no label (axe select-name): name each one
   after its parameter row, as Swagger renders rows (issue 17). */
(function () {
  "use strict";
  function label() {
    document.querySelectorAll(".swagger-ui .parameters-col_description select:not([aria-label])").forEach(function (select) {
      var row = select.closest("tr");
      var name = row && row.querySelector(".parameter__name");
      if (name) select.setAttribute("aria-label", name.textContent.replace("*", "").trim());
    });
  }
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
})();
