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
    fillDistricts(geojson);
    if (!state.map) { state.pending = geojson; return; }
    if (state.districts) state.map.removeLayer(state.districts);
    // The first indicator is the map's default, as on the dashboard.
    state.districts = dash.districtLayer(geojson, config.indicators[0].key);
    state.districts.on("modechange", function () {
      dash.renderLegend(document.getElementById("dash-legend"), state.districts, false);
    });
    state.districts.addTo(state.map);
    dash.renderLegend(document.getElementById("dash-legend"), state.districts, false);
  }

  /* The map's table twin: each district with the map's indicator, highest first. */
  function fillDistricts(geojson) {
    var body = document.querySelector("#wall-district-table tbody");
    if (!body) return;
    var indicator = config.indicators[0];
    body.innerHTML = "";
    geojson.features.map(function (f) { return f.properties; }).sort(function (a, b) {
      var x = a[indicator.key], y = b[indicator.key];
      return (y === null || y === undefined ? -Infinity : y) - (x === null || x === undefined ? -Infinity : x);
    }).forEach(function (p) {
      var tr = document.createElement("tr"), th = document.createElement("th"), td = document.createElement("td");
      th.scope = "row";
      th.textContent = p.name;
      td.className = "app-num";
      td.textContent = dash.format(p[indicator.key], indicator.kind);
      tr.appendChild(th); tr.appendChild(td);
      body.appendChild(tr);
    });
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

  /* The same figures as the charts, for screen readers (a canvas has only its label). */
  function fillTable(trend) {
    var body = document.querySelector("#wall-trend-table tbody");
    if (!body) return;
    body.innerHTML = "";
    var s = trend.series;
    function cell(tag, text, scope) {
      var node = document.createElement(tag);
      if (scope) node.setAttribute("scope", scope);
      node.textContent = text === null || text === undefined ? labels.no_data : text;
      return node;
    }
    function eok(v) { return v === null || v === undefined ? null : (v / 1e8).toLocaleString(config.locale, { maximumFractionDigits: 1 }); }
    trend.months.forEach(function (month, i) {
      var parts = month.split("-"), tr = document.createElement("tr");
      tr.appendChild(cell("th", dash.text(labels.month_label, { year: parts[0], month: String(Number(parts[1])) }), "row"));
      tr.appendChild(cell("td", s.franchise_stores[i] === null ? null : Number(s.franchise_stores[i]).toLocaleString(config.locale)));
      tr.appendChild(cell("td", eok(s.total_sales_won[i])));
      tr.appendChild(cell("td", eok(s.onnuri_sales_won[i])));
      body.appendChild(tr);
    });
  }

  var timer = null, paused = false, shownPanel = 0, refreshed = 0;
  // Opened with ?month=: the wall stays on that month; otherwise it follows the latest one.
  var fixedMonth = new URLSearchParams(window.location.search).get("month") ? config.month : null;

  /* The apps' panels for the wall's month (server-rendered, escaped HTML, as on the dashboard page). */
  function loadPanels(month) {
    var box = document.getElementById("wall-panels");
    if (!box || !config.urls.panels) return Promise.resolve();
    return fetch(dash.url("panels", { month: month }), { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).then(function (html) {
      var parsed = new DOMParser().parseFromString(html, "text/html");
      box.replaceChildren.apply(box, Array.prototype.slice.call(parsed.body.childNodes));
      box.setAttribute("data-month", month);
    });
  }

  /* One panel after the other comes into view, a step per refresh (none while paused). */
  function nextPanel() {
    var box = document.getElementById("wall-panels");
    if (!box || box.contains(document.activeElement)) return;  // someone is reading it by keyboard
    var panels = box.querySelectorAll(".dash-panel");
    if (panels.length < 2) return;
    shownPanel = (shownPanel + 1) % panels.length;
    box.scrollTop = panels[shownPanel].offsetTop;  // the box is positioned (dashboard.css)
  }

  function refresh() {
    if (paused) return Promise.resolve();
    var params = fixedMonth ? { month: fixedMonth } : {};
    return Promise.all([
      dash.fetchJSON(dash.url("kpis", params)).then(function (kpis) {
        dash.renderKpis(document.getElementById("kpi-cards"), kpis);
        var parts = kpis.month.split("-");
        document.getElementById("wall-month").textContent = dash.text(labels.as_of, {
          month: dash.text(labels.month_label, { year: parts[0], month: String(Number(parts[1])) }) });
        return loadPanels(kpis.month);
      }),
      dash.fetchJSON(dash.url("districts", params)).then(drawMap),
      dash.fetchJSON(dash.url("trends", { scope: "government" })).then(function (trend) {
        drawCharts(trend);
        fillTable(trend);
      })
    ]).then(function () {
      document.getElementById("wall-status").textContent = dash.text(labels.updated, { time: new Date().toLocaleTimeString(config.locale) });
      document.body.setAttribute("data-refreshed", String(Date.now()));
      if (refreshed++) nextPanel();
    }).catch(function () {
      document.getElementById("wall-status").textContent = labels.load_failed;
    });
  }

  window.addEventListener("map:init", function (event) {
    state.map = event.detail.map;
    state.map.options.zoomSnap = 0.25;
    var dongs = L.geoJSON(AlleyMaps.readJSON("dongs-data"), { interactive: false,
      style: function () { return { color: "#c9d1d9", weight: 2, dashArray: "6 4", fill: false }; } }).addTo(state.map);
    dash.dongLabels(dongs).addTo(state.map);
    AlleyMaps.fitTo(state.map, dongs);
    if (state.pending) drawMap(state.pending);
  });

  document.getElementById("wall-fullscreen").addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });

  /* WCAG 2.2.2: content that updates by itself can be paused. */
  var pause = document.getElementById("wall-pause");
  pause.addEventListener("click", function () {
    paused = !paused;
    pause.setAttribute("aria-pressed", paused ? "true" : "false");
    pause.textContent = paused ? pause.getAttribute("data-resume") : pause.getAttribute("data-pause");
    document.body.setAttribute("data-paused", paused ? "1" : "0");
    if (paused) {
      clearInterval(timer);
      timer = null;
      document.getElementById("wall-status").textContent = pause.getAttribute("data-paused");
    } else {
      refresh();
      timer = setInterval(refresh, refreshSeconds * 1000);
    }
  });

  tick();
  setInterval(tick, 1000);
  refresh();
  timer = setInterval(refresh, refreshSeconds * 1000);
})();
