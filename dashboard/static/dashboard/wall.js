/* Wall-screen mode: large KPI cards, the district map and two charts, refreshed
   by itself (latest month) so it can run unattended on the situation-room screen. */
(function () {
  "use strict";

  var config = AlleyMaps.readJSON("dashboard-config");
  if (!config) return;
  var dash = new AlleyDash(config);
  var labels = config.labels;
  var refreshSeconds = AlleyMaps.readJSON("wall-refresh") || 60;
  var state = { map: null, districts: null, charts: {} };

  Chart.defaults.color = "#e6edf3";
  Chart.defaults.borderColor = "#30363d";
  Chart.defaults.font.size = 18;

  function tick() {
    var now = new Date();
    document.getElementById("wall-clock").textContent = now.toLocaleTimeString(config.locale, { hour: "2-digit", minute: "2-digit" });
  }

  function drawMap(geojson) {
    if (!state.map) { state.pending = geojson; return; }
    if (state.districts) state.map.removeLayer(state.districts);
    // The first indicator is the map's default, as on the dashboard.
    state.districts = dash.districtLayer(geojson, config.indicators[0].key).addTo(state.map);
    dash.renderLegend(document.getElementById("dash-legend"), state.districts, false);
  }

  function drawCharts(trend) {
    var axis = trend.months.map(function (m) { return m.replace("-", "."); });
    var s = trend.series;
    state.charts.franchise = dash.chart(document.getElementById("wall-franchise"), state.charts.franchise, {
      type: "line",
      data: { labels: axis, datasets: [{ label: labels.franchise_stores, data: s.franchise_stores, borderColor: "#79c0ff",
        backgroundColor: "#79c0ff", borderWidth: 4, tension: 0.2 }] },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } }
    });
    state.charts.sales = dash.chart(document.getElementById("wall-sales"), state.charts.sales, {
      type: "bar",
      data: { labels: axis, datasets: [
        { label: labels.total_sales + " (" + labels.hundred_million_won_unit + ")", backgroundColor: "#58a6ff",
          data: s.total_sales_won.map(function (v) { return v === null ? null : v / 1e8; }) },
        { label: labels.onnuri_sales + " (" + labels.hundred_million_won_unit + ")", backgroundColor: "#ffa657",
          data: s.onnuri_sales_won.map(function (v) { return v === null ? null : v / 1e8; }) }
      ] },
      options: { maintainAspectRatio: false, animation: false }
    });
  }

  function refresh() {
    return Promise.all([
      dash.fetchJSON(config.urls.kpis).then(function (kpis) {
        dash.renderKpis(document.getElementById("kpi-cards"), kpis);
        var parts = kpis.month.split("-");
        document.getElementById("wall-month").textContent = dash.text(labels.as_of, {
          month: dash.text(labels.month_label, { year: parts[0], month: String(Number(parts[1])) }) });
      }),
      dash.fetchJSON(config.urls.districts).then(drawMap),
      dash.fetchJSON(dash.url("trends", { scope: "government" })).then(drawCharts)
    ]).then(function () {
      document.getElementById("wall-status").textContent = dash.text(labels.updated, { time: new Date().toLocaleTimeString(config.locale) });
      document.body.setAttribute("data-refreshed", String(Date.now()));
    }).catch(function () {
      document.getElementById("wall-status").textContent = labels.load_failed;
    });
  }

  window.addEventListener("map:init", function (event) {
    state.map = event.detail.map;
    state.map.options.zoomSnap = 0.25;
    dash.legendControl().addTo(state.map);
    var dongs = L.geoJSON(AlleyMaps.readJSON("dongs-data"), { interactive: false,
      style: function () { return { color: "#c9d1d9", weight: 2, dashArray: "6 4", fill: false }; } }).addTo(state.map);
    AlleyMaps.fitTo(state.map, dongs);
    if (state.pending) drawMap(state.pending);
  });

  document.getElementById("wall-fullscreen").addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });

  tick();
  setInterval(tick, 1000);
  refresh();
  setInterval(refresh, refreshSeconds * 1000);
})();
