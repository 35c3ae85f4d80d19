/* Consent pages: narrow the bulk list or the store choice by typing; typing a signer ticks the row. */
(function () {
  "use strict";

  function normalise(text) { return (text || "").toLowerCase().replace(/\s+/g, " ").trim(); }

  function announce(input, status, shown, total) {
    if (!status) return;
    status.textContent = (input.dataset.status || "{shown}/{total}")
      .replace("{shown}", String(shown)).replace("{total}", String(total));
  }

  // The bulk list: rows whose store name or address contains the words typed stay visible.
  var listFilter = document.getElementById("consent-filter");
  var table = document.getElementById("consent-bulk-table");
  if (listFilter && table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-name]"));
    var listStatus = document.getElementById("consent-filter-status");
    listFilter.addEventListener("input", function () {
      var words = normalise(listFilter.value);
      var shown = 0;
      rows.forEach(function (row) {
        var keep = !words || normalise(row.dataset.name).indexOf(words) !== -1;
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      announce(listFilter, listStatus, shown, rows.length);
    });
    listFilter.addEventListener("keydown", function (e) {
      if (e.key === "Enter") e.preventDefault();  // Enter in the search box must not record the form
    });
    table.addEventListener("input", function (e) {
      var box = e.target.dataset && e.target.dataset.rowCheck ? document.getElementById(e.target.dataset.rowCheck) : null;
      if (box && e.target.value.trim()) box.checked = true;
    });
  }

  // The one-store form: the select keeps the options that match (the first match is chosen).
  var storeFilter = document.getElementById("store-filter");
  var select = document.getElementById("id_store");
  if (storeFilter && select) {
    var options = Array.prototype.slice.call(select.options).filter(function (o) { return o.value; });
    var storeStatus = document.getElementById("store-filter-status");
    storeFilter.addEventListener("input", function () {
      var words = normalise(storeFilter.value);
      var first = null, shown = 0;
      options.forEach(function (option) {
        var keep = !words || normalise(option.textContent).indexOf(words) !== -1;
        option.hidden = !keep;
        option.disabled = !keep;
        if (keep) { shown += 1; if (!first) first = option; }
      });
      if (words && first && (select.selectedIndex < 1 || select.options[select.selectedIndex].disabled)) {
        select.value = first.value;
      }
      announce(storeFilter, storeStatus, shown, options.length);
    });
    storeFilter.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); select.focus(); }
    });
  }
})();
