/* Impact view: the event-study chart (indices of franchised and control stores, uplift with its 95% band). */
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("impact-data").textContent);
  var labels = JSON.parse(document.getElementById("impact-labels").textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;  // Korean glyphs on the canvas
  function pct(v) { return v === null || v === undefined ? null : +(v * 100).toFixed(2); }
  function draw() { new Chart(document.getElementById("impact-chart"), {
    data: {
      labels: rows.map(function (r) { return (r.k > 0 ? "+" : "") + r.k; }),
      datasets: [
        { type: "line", label: labels.treated, yAxisID: "y", borderColor: "#0b50d0", backgroundColor: "#0b50d0",
          data: rows.map(function (r) { return pct(r.treated_index); }) },
        { type: "line", label: labels.control, yAxisID: "y", borderColor: "#d9480f", backgroundColor: "#d9480f", borderDash: [6, 4],
          data: rows.map(function (r) { return pct(r.control_index); }) },
        { type: "line", label: labels.ci_high, yAxisID: "y1", borderColor: "rgba(43,138,62,0.3)", pointRadius: 0,
          backgroundColor: "rgba(43,138,62,0.15)", fill: "+1", data: rows.map(function (r) { return pct(r.ci_high); }) },
        { type: "line", label: labels.ci_low, yAxisID: "y1", borderColor: "rgba(43,138,62,0.3)", pointRadius: 0,
          data: rows.map(function (r) { return pct(r.ci_low); }) },
        { type: "line", label: labels.uplift, yAxisID: "y1", borderColor: "#2b8a3e", backgroundColor: "#2b8a3e",
          data: rows.map(function (r) { return pct(r.uplift); }) }
      ]
    },
    options: {
      maintainAspectRatio: false, animation: false, interaction: { mode: "index", intersect: false },
      // The band's two edges: one legend entry for the interval is enough.
      plugins: { legend: { labels: { filter: function (item) { return item.datasetIndex !== 3; } } } },
      scales: {
        x: { title: { display: true, text: labels.x } },
        y: { position: "left", title: { display: true, text: labels.index } },
        y1: { position: "right", title: { display: true, text: labels.uplift_axis }, grid: { drawOnChartArea: false } }
      }
    }
  }); }
  // Canvas text needs the Korean font loaded first, or it draws empty boxes.
  (document.fonts ? document.fonts.ready : Promise.resolve()).then(draw);
})();
