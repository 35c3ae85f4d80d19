/* Background export page: polls the job's JSON status, moves the progress bar, reloads when finished
   (the reloaded page shows the download link). Without JS the "Check again" link does the same. */
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box || box.dataset.finished === "1") { return; }
  var bar = document.getElementById("export-progress");
  var text = document.getElementById("export-progress-text");
  var rows = document.getElementById("export-rows");
  var label = document.getElementById("export-status-label");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
        text.textContent = text.dataset.template.replace("__PERCENT__", data.progress);
        rows.textContent = data.rows_done.toLocaleString("ko-KR") + " / " + data.rows_total.toLocaleString("ko-KR");
        label.textContent = data.status_label;
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
