/* The alley-economy dashboard page: map (districts by indicator, dongs, clustered
   stores), KPI cards, charts with their tables, and the district drill-down. */
(function () {
  "use strict";

  var config = AlleyMaps.readJSON("dashboard-config");
  if (!config) return;
  var dash = new AlleyDash(config);
  var labels = config.labels;
  var state = { month: config.month, indicator: null, geojson: null, map: null, districts: null, dongs: null,
                stores: null, legend: null, charts: {}, selected: null };

  var monthSelect = document.getElementById("dash-month");
  var indicatorSelect = document.getElementById("dash-indicator");
  var storesToggle = document.getElementById("dash-show-stores");
  var dongsToggle = document.getElementById("dash-show-dongs");
  var drilldown = document.getElementById("drilldown");
  state.indicator = indicatorSelect.value;

  function fail(error) {
    var meta = document.getElementById("dash-meta");
    meta.textContent = labels.load_failed;
    meta.setAttribute("role", "alert");
    if (window.console) console.error(error);
  }

  function monthText(key) {
    var parts = key.split("-");
    return dash.text(labels.month_label, { year: parts[0], month: String(Number(parts[1])) });
  }

  function monthShort(key) {
    return key.replace("-", ".");
  }

  /* A share (0.853) as a chart value in per cent (85.3); no figure stays a gap. */
  function percent100(value) {
    return value === null || value === undefined ? null : +(value * 100).toFixed(1);
  }

  /* --- Map ------------------------------------------------------------------------------------ */
  function drawDistricts() {
    if (!state.map || !state.geojson) return;
    if (state.districts) state.map.removeLayer(state.districts);
    state.districts = dash.districtLayer(state.geojson, state.indicator, openDrilldown);
    // Outlines when zoomed in, circles below (common.js): the legend says which, and the selection follows.
    state.districts.on("modechange", function () { drawLegend(); markSelected(); });
    state.districts.addTo(state.map);
    if (state.dongs && dongsToggle.checked) state.dongs.bringToFront();
    dash.renderLegend(document.getElementById("dash-legend"), state.districts, storesToggle.checked);
    markSelected();
    if (!state.drawnMarked && window.performance && performance.mark) {
      // Read by bench/dashboard_map.py: navigation start to the districts first drawn.
      state.drawnMarked = true;
      performance.mark("dashboard:map-drawn");
    }
  }

  function markSelected() {
    if (!state.districts) return;
    state.districts.eachLayer(function (shape) {
      var selected = shape.feature.properties.id === state.selected;
      shape.setStyle({ weight: selected ? 4 : 1, color: selected ? "#000" : "#1e2124" });
      if (selected && shape._map) shape.bringToFront();
    });
  }

  function loadStores() {
    if (state.stores) return Promise.resolve(state.stores);
    return dash.fetchJSON(config.urls.stores).then(function (data) {
      var group = L.markerClusterGroup({ chunkedLoading: true, disableClusteringAtZoom: 18, showCoverageOnHover: false });
      var ox = data.origin[0], oy = data.origin[1], scale = data.scale;
      var markers = data.rows.map(function (row) {
        var franchised = row[3] === 1;
        return L.circleMarker([oy + row[2] * scale, ox + row[1] * scale], {
          radius: 5, weight: 1, color: "#fff", fillOpacity: 0.9,
          fillColor: franchised ? AlleyDash.STORE_COLOURS.franchised : AlleyDash.STORE_COLOURS.other
        });
      });
      group.addLayers(markers);
      state.stores = group;
      state.storeCount = data.rows.length;
      return group;
    });
  }

  function toggleStores() {
    if (!state.map) return;
    if (storesToggle.checked) {
      loadStores().then(function (group) { if (storesToggle.checked) group.addTo(state.map); drawLegend(); }).catch(fail);
    } else if (state.stores) {
      state.map.removeLayer(state.stores);
      drawLegend();
    }
  }

  function drawLegend() {
    if (state.districts) dash.renderLegend(document.getElementById("dash-legend"), state.districts, storesToggle.checked);
  }

  function toggleDongs() {
    if (!state.map || !state.dongs) return;
    if (dongsToggle.checked) { state.dongs.addTo(state.map).bringToFront(); state.dongNames.addTo(state.map); }
    else { state.map.removeLayer(state.dongs); state.map.removeLayer(state.dongNames); }
  }

  window.addEventListener("map:init", function (event) {
    state.map = event.detail.map;
    state.map.options.zoomSnap = 0.25;
    state.dongs = L.geoJSON(AlleyMaps.readJSON("dongs-data"), {
      interactive: false,
      style: function () { return { color: "#33363d", weight: 2, dashArray: "6 4", fill: false, className: "dong-shape" }; }
    });
    state.dongNames = dash.dongLabels(state.dongs);
    if (dongsToggle.checked) { state.dongs.addTo(state.map); state.dongNames.addTo(state.map); }
    AlleyMaps.fitTo(state.map, state.dongs);
    drawDistricts();
    toggleStores();
  });

  /* --- Month data ----------------------------------------------------------------------------- */
  function districtTable() {
    var table = document.getElementById("district-table");
    var tbody = table.tBodies[0];
    tbody.innerHTML = "";
    state.geojson.features.forEach(function (feature) {
      var p = feature.properties;
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = p.name + " (" + p.code + ")";
      tr.appendChild(th);
      config.indicators.forEach(function (ind) {
        var td = document.createElement("td");
        td.className = "app-num";
        td.textContent = dash.format(p[ind.key], ind.kind);
        tr.appendChild(td);
      });
      var cell = document.createElement("td");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "krds-btn small secondary";
      button.textContent = labels.details;
      button.setAttribute("aria-label", p.name + " " + labels.details);  // contains the visible text
      button.addEventListener("click", function () { openDrilldown(p.id); });
      cell.appendChild(button);
      tr.appendChild(cell);
      tbody.appendChild(tr);
    });
  }

  function loadMonth(month) {
    state.month = month;
    var params = { month: month };
    document.getElementById("dash-meta").textContent = dash.text(labels.figures_for, { month: monthText(month) });
    document.getElementById("dash-export").href = document.getElementById("dash-export").href.split("?")[0] + "?month=" + month;
    document.getElementById("dash-impact").href = document.getElementById("dash-impact").href.split("?")[0] + "?month=" + month;
    return Promise.all([
      dash.fetchJSON(dash.url("kpis", params)).then(function (kpis) {
        dash.renderKpis(document.getElementById("kpi-cards"), kpis);
      }),
      dash.fetchJSON(dash.url("districts", params)).then(function (geojson) {
        state.geojson = geojson;
        drawDistricts();
        districtTable();
      }),
      dash.fetchJSON(dash.url("breakdowns", params)).then(drawBreakdowns)
    ]).then(function () {
      if (state.selected) return openDrilldown(state.selected, null, true);
    }).catch(fail);
  }

  /* --- Charts --------------------------------------------------------------------------------- */
  function drawTrends(trend) {
    var months = trend.months.map(monthText);
    var axis = trend.months.map(monthShort);
    var s = trend.series;
    state.charts.trend = dash.chart(document.getElementById("chart-franchise-trend"), state.charts.trend, {
      data: { labels: axis, datasets: [
        { type: "line", label: labels.franchise_stores, data: s.franchise_stores, borderColor: "#0b50d0",
          backgroundColor: "#0b50d0", yAxisID: "y", tension: 0.2 },
        { type: "bar", label: labels.new_franchises, data: s.new_franchises, backgroundColor: "#9ecae1", yAxisID: "y1" }
      ] },
      options: { maintainAspectRatio: false, animation: false, interaction: { mode: "index", intersect: false },
                 scales: { y: { position: "left", beginAtZero: true }, y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } } }
    });
    dash.fillTable(document.getElementById("chart-franchise-trend-table"),
      [labels.month, labels.franchise_stores, labels.new_franchises, labels.franchise_rate_eligible, labels.franchise_rate],
      trend.months.map(function (m, i) {
        return [months[i], dash.format(s.franchise_stores[i]), dash.format(s.new_franchises[i]),
                dash.format(s.franchise_rate_eligible[i], "percent"), dash.format(s.franchise_rate[i], "percent")];
      }));

    var total = s.total_sales_won.map(function (v) { return v === null ? null : v / 1e8; });
    var onnuri = s.onnuri_sales_won.map(function (v) { return v === null ? null : v / 1e8; });
    state.charts.sales = dash.chart(document.getElementById("chart-sales"), state.charts.sales, {
      type: "bar",
      data: { labels: axis, datasets: [
        { label: labels.total_sales + " (" + labels.hundred_million_won_unit + ")", data: total, backgroundColor: "#6baed6" },
        { label: labels.onnuri_sales + " (" + labels.hundred_million_won_unit + ")", data: onnuri, backgroundColor: "#d9480f" }
      ] },
      options: { maintainAspectRatio: false, animation: false, interaction: { mode: "index", intersect: false },
                 scales: { y: { beginAtZero: true } } }
    });
    dash.fillTable(document.getElementById("chart-sales-table"),
      [labels.month, labels.total_sales, labels.onnuri_sales, labels.onnuri_share, labels.sales_yoy],
      trend.months.map(function (m, i) {
        return [months[i], dash.won(s.total_sales_won[i]), dash.won(s.onnuri_sales_won[i]),
                dash.format(s.onnuri_share[i], "percent"), dash.format(s.sales_yoy[i], "signed_percent")];
      }));
  }

  var MIX_COLOURS = ["#0b50d0", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#1098ad", "#5c940d", "#c2255c", "#495057", "#a61e4d", "#364fc7"];

  function drawBreakdowns(data) {
    var dongNames = data.dongs.map(function (d) { return d.name; });
    state.charts.dongRate = dash.chart(document.getElementById("chart-dong-rate"), state.charts.dongRate, {
      type: "bar",
      data: { labels: dongNames, datasets: [{ label: labels.franchise_rate_eligible + " (%)", backgroundColor: "#3182bd",
        data: data.dongs.map(function (d) { return percent100(d.franchise_rate_eligible); }) }] },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false, scales: { x: { beginAtZero: true, max: 100 } } }
    });
    dash.fillTable(document.getElementById("chart-dong-rate-table"),
      [labels.dong, labels.franchise_rate_eligible, labels.eligible_franchise_stores, labels.eligible_stores,
       labels.franchise_rate, labels.franchise_stores, labels.open_stores],
      data.dongs.map(function (d) {
        return [d.name, dash.format(d.franchise_rate_eligible, "percent"), dash.format(d.eligible_franchise_stores),
                dash.format(d.eligible_stores), dash.format(d.franchise_rate, "percent"), dash.format(d.franchise_stores),
                dash.format(d.open_stores)];
      }));

    var totals = data.mix.map(function (row) { return row.reduce(function (a, b) { return a + b; }, 0) || 1; });
    state.charts.mix = dash.chart(document.getElementById("chart-industry-mix"), state.charts.mix, {
      type: "bar",
      data: { labels: dongNames, datasets: data.industries.map(function (ind, j) {
        return { label: ind.name, backgroundColor: MIX_COLOURS[j % MIX_COLOURS.length],
                 data: data.mix.map(function (row, i) { return +(row[j] * 100 / totals[i]).toFixed(1); }) };
      }) },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
                 scales: { x: { stacked: true, max: 100 }, y: { stacked: true } },
                 plugins: { legend: { labels: { boxWidth: 12 } } } }
    });
    dash.fillTable(document.getElementById("chart-industry-mix-table"),
      [labels.dong].concat(data.industries.map(function (i) { return i.name; })),
      data.mix.map(function (row, i) {
        return [dongNames[i]].concat(row.map(function (n) { return dash.format(n) + " (" + (n * 100 / totals[i]).toFixed(1) + "%)"; }));
      }));
  }

  /* --- Drill-down ----------------------------------------------------------------------------- */
  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function renderDrilldown(d) {
    drilldown.innerHTML = "";
    var title = element("h2", d.name + " (" + d.code + ")");
    title.id = "drilldown-title";
    drilldown.appendChild(title);
    if (d.url) {
      var page = element("a", labels.district_page);
      page.href = d.url;
      var line = element("p");
      line.appendChild(page);
      drilldown.appendChild(line);
    }
    var dl = element("dl");
    var ind = d.indicators;
    [["open_stores", "count"], ["eligible_stores", "count"], ["franchise_stores", "count"],
     ["franchise_rate_eligible", "percent"], ["franchise_rate", "percent"], ["closures", "count"],
     ["onnuri_share", "percent"], ["sales_yoy", "signed_percent"]].forEach(function (pair) {
      dl.appendChild(element("dt", labels[pair[0]]));
      dl.appendChild(element("dd", dash.format(ind[pair[0]], pair[1])));
    });
    dl.appendChild(element("dt", labels.total_sales));
    dl.appendChild(element("dd", dash.won(ind.total_sales_won)));
    config.indicators.forEach(function (item) {  // the apps' map layers (hotline tickets …)
      if (!item.layer) return;
      dl.appendChild(element("dt", item.label));
      dl.appendChild(element("dd", dash.format((d.layers || {})[item.key], item.kind)));
    });
    drilldown.appendChild(dl);

    drilldown.appendChild(element("h3", labels.trend));
    var wrap = element("div", null, "dash-canvas");
    var canvas = element("canvas");
    canvas.id = "chart-district-trend";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", labels.trend + ": " + d.name);
    wrap.appendChild(canvas);
    drilldown.appendChild(wrap);
    var months = d.trend.months.map(monthText);
    state.charts.district = dash.chart(canvas, state.charts.district, {
      data: { labels: d.trend.months.map(monthShort), datasets: [
        { type: "line", label: labels.franchise_rate_eligible + " (%)", yAxisID: "y", borderColor: "#0b50d0",
          data: d.trend.series.franchise_rate_eligible.map(percent100) },
        { type: "bar", label: labels.total_sales + " (" + labels.hundred_million_won_unit + ")", yAxisID: "y1", backgroundColor: "#9ecae1",
          data: d.trend.series.total_sales_won.map(function (v) { return v === null ? null : v / 1e8; }) }
      ] },
      options: { maintainAspectRatio: false, animation: false,
                 scales: { y: { beginAtZero: true, max: 100 }, y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } },
                 plugins: { legend: { labels: { boxWidth: 10 } } } }
    });
    var details = element("details");
    details.appendChild(element("summary", labels.trend));
    var trendTable = element("table", null, "tbl col data");
    trendTable.appendChild(element("caption", labels.trend + ": " + d.name));
    dash.fillTable(trendTable, [labels.month, labels.franchise_rate_eligible, labels.franchise_rate, labels.total_sales],
      d.trend.months.map(function (m, i) {
        return [months[i], dash.format(d.trend.series.franchise_rate_eligible[i], "percent"),
                dash.format(d.trend.series.franchise_rate[i], "percent"), dash.won(d.trend.series.total_sales_won[i])];
      }));
    details.appendChild(trendTable);
    drilldown.appendChild(details);

    drilldown.appendChild(element("h3", labels.stores));
    drilldown.appendChild(element("p", dash.text(labels.showing_stores,
      { shown: dash.format(d.stores.rows.length), total: dash.format(d.stores.total) }), "app-muted"));
    var storeTable = element("table", null, "tbl col data");
    storeTable.id = "drilldown-stores";
    storeTable.appendChild(element("caption", labels.stores + ": " + d.name));
    dash.fillTable(storeTable, [labels.store, labels.industry, labels.onnuri, labels.sales_month],
      d.stores.rows.map(function (s) {
        return [s.name + (s.open ? "" : " (" + labels.closed + ")"), s.industry,
                s.franchised ? labels.yes : labels.no, dash.won(s.sales_won)];
      }));
    var storeWrap = element("div", null, "krds-table-wrap dash-scroll");
    storeWrap.tabIndex = 0;  // a scrollable region must be reachable by keyboard
    storeWrap.setAttribute("role", "region");
    storeWrap.setAttribute("aria-label", labels.stores + ": " + d.name);
    storeWrap.appendChild(storeTable);
    drilldown.appendChild(storeWrap);

    drilldown.appendChild(element("h3", labels.applications));
    var appTable = element("table", null, "tbl col data");
    appTable.id = "drilldown-applications";
    appTable.appendChild(element("caption", labels.applications + ": " + d.name));
    dash.fillTable(appTable, [labels.status, labels.count],
      d.applications.by_status.map(function (s) { return [s.label, dash.format(s.count)]; }));
    drilldown.appendChild(appTable);
    if (d.applications.recent.length) {
      drilldown.appendChild(element("h3", labels.recent_applications));
      var list = element("ul");
      d.applications.recent.forEach(function (a) {
        list.appendChild(element("li", a.store + " · " + a.status + (a.submitted_at ? " · " + a.submitted_at : "")));
      });
      drilldown.appendChild(list);
    }
  }

  function openDrilldown(id, _shape, keepFocus) {
    state.selected = id;
    markSelected();
    drilldown.setAttribute("aria-busy", "true");
    return dash.fetchJSON(config.urls.district + id + "?month=" + state.month).then(function (d) {
      renderDrilldown(d);
      drilldown.removeAttribute("aria-busy");
      if (!keepFocus) drilldown.focus();
    }).catch(fail);
  }

  /* --- Controls ------------------------------------------------------------------------------- */
  monthSelect.addEventListener("change", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("month", monthSelect.value);
    window.history.replaceState(null, "", url.toString());
    loadMonth(monthSelect.value);
    loadPanels(monthSelect.value);
  });

  /* The apps' panels (hotline …) are server-rendered (escaped) HTML: fetched for the chosen month. */
  function loadPanels(month) {
    var box = document.getElementById("dash-panels");
    if (!box || !config.urls.panels) return;
    box.setAttribute("aria-busy", "true");
    fetch(dash.url("panels", { month: month }), { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).then(function (html) {
      if (state.month !== month) return;  // a later choice wins
      var parsed = new DOMParser().parseFromString(html, "text/html");
      box.replaceChildren.apply(box, Array.prototype.slice.call(parsed.body.childNodes));
    }).catch(fail).then(function () { box.removeAttribute("aria-busy"); });
  }
  indicatorSelect.addEventListener("change", function () { state.indicator = indicatorSelect.value; drawDistricts(); });
  storesToggle.addEventListener("change", toggleStores);
  dongsToggle.addEventListener("change", toggleDongs);
  document.getElementById("dash-controls").addEventListener("submit", function (e) { e.preventDefault(); });

  dash.fetchJSON(dash.url("trends", { scope: "government" })).then(drawTrends).catch(fail);
  loadMonth(state.month);
})();
