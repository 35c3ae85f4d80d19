/* After a failed submit, move focus to the error summary (templates/includes/form_errors.html) so
   keyboard and screen-reader users land on the list of problems instead of <body>. Its links jump
   to the fields; the field gets focus, not just the scroll position. */
(function () {
  "use strict";
  if (window.__alleyErrorSummary) return; // the include may appear once per form on a page
  window.__alleyErrorSummary = true;

  function start() {
    var summary = document.querySelector(".app-error-summary");
    if (!summary) return;
    // A page opened on an anchor (or with focus already in a field) keeps its place.
    if (!window.location.hash && (document.activeElement === document.body || !document.activeElement)) {
      summary.focus();
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".app-error-summary a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
