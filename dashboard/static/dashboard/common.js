/* Shared by the dashboard page and the wall screen: fetching, number formats,
   choropleth classes, KPI cards and the district layer. Text comes from the
   page (config.labels); this file carries none of its own. */
(function () {
  "use strict";

  var SCHEMES = {
    sequential: ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
    warning: ["#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"],
    diverging: ["#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac"]
  };
  var NO_DATA = "#c4c8cc";
  var FRANCHISED = "#0b50d0";
  var NOT_FRANCHISED = "#d9480f";

  function Dash(config) {
    if (window.Chart) {
      // Charts draw on a canvas: give them the page's font, which has the Korean glyphs.
      Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    }
    this.config = config;
    this.labels = config.labels;
    this.numbers = new Intl.NumberFormat(config.locale || "ko");
    this.scores = new Intl.NumberFormat(config.locale || "ko", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  /* No header of its own: the request stays identical to the <link rel=preload as=fetch crossorigin> of the
     map data (dashboard/index.html), whose response the browser then hands over instead of fetching again. */
  Dash.prototype.fetchJSON = function (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  };

  Dash.prototype.url = function (name, params) {
    var url = this.config.urls[name];
    var query = [];
    Object.keys(params || {}).forEach(function (key) {
      if (params[key] !== undefined && params[key] !== null) query.push(key + "=" + encodeURIComponent(params[key]));
    });
    return query.length ? url + "?" + query.join("&") : url;
  };

  Dash.prototype.text = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
  };

  Dash.prototype.format = function (value, kind) {
    if (value === null || value === undefined) return this.labels.no_data;
    if (kind === "percent") return (value * 100).toFixed(1) + "%";
    if (kind === "signed_percent") return (value > 0 ? "+" : "") + (value * 100).toFixed(1) + "%";
    if (kind === "won") return this.won(value);
    if (kind === "score") return this.scores.format(value);
    return this.numbers.format(value);
  };

  Dash.prototype.won = function (value) {
    if (value === null || value === undefined) return this.labels.no_data;
    if (Math.abs(value) >= 1e8) return this.text(this.labels.won_hundred_million, { amount: this.numbers.format(Math.round(value / 1e8)) });
    if (Math.abs(value) >= 1e5) return this.text(this.labels.won_ten_thousand, { amount: this.numbers.format(Math.round(value / 1e4)) });
    return this.text(this.labels.won, { amount: this.numbers.format(value) });
  };

  /* Up to five classes: quantiles for counts and shares, symmetric around zero for growth.
     Equal quantiles merge, so a month where every district has the same value gets one class. */
  Dash.prototype.classes = function (values, scheme) {
    var data = values.filter(function (v) { return v !== null && v !== undefined; }).sort(function (a, b) { return a - b; });
    var palette = SCHEMES[scheme] || SCHEMES.sequential;
    if (!data.length) return { breaks: [], colours: [], empty: true };
    var breaks = [];
    if (scheme === "diverging") {
      var extent = Math.max(Math.abs(data[0]), Math.abs(data[data.length - 1])) || 0.01;
      breaks = [-extent * 0.6, -extent * 0.2, extent * 0.2, extent * 0.6];
      return { breaks: breaks, colours: palette, min: data[0], max: data[data.length - 1] };
    }
    var distinct = data.filter(function (v, i) { return i === 0 || v !== data[i - 1]; });
    if (distinct.length <= 5) {
      breaks = distinct.slice(1);  // few values (e.g. 0, 1, 2 closures): one class each
    } else {
      for (var i = 1; i < 5; i++) {
        var q = data[Math.min(data.length - 1, Math.floor((data.length * i) / 5))];
        if (q > data[0] && (!breaks.length || q > breaks[breaks.length - 1])) breaks.push(q);
      }
      if (breaks.length < 2) {  // skewed data: equal intervals instead of quantiles
        var step = (data[data.length - 1] - data[0]) / 5;
        breaks = [1, 2, 3, 4].map(function (n) { return data[0] + step * n; });
      }
    }
    var count = breaks.length + 1;
    var colours = [];
    for (var c = 0; c < count; c++) colours.push(palette[count === 1 ? 0 : Math.round((c * (palette.length - 1)) / (count - 1))]);
    return { breaks: breaks, colours: colours, min: data[0], max: data[data.length - 1] };
  };

  Dash.prototype.colourFor = function (value, classes) {
    if (value === null || value === undefined || classes.empty) return NO_DATA;
    for (var i = 0; i < classes.breaks.length; i++) if (value < classes.breaks[i]) return classes.colours[i];
    return classes.colours[classes.colours.length - 1];
  };

  Dash.prototype.indicator = function (key) {
    return this.config.indicators.filter(function (item) { return item.key === key; })[0] || this.config.indicators[0];
  };

  /* At Seo-gu's default zoom its districts are a few pixels wide: below this zoom each district is a
     circle at a point inside it (coloured by the indicator, sized by its open stores); from it on, its
     outline. Picked from screenshots at 1366 x 900 and on the 1920 x 1080 wall (tests/browser). */
  var SYMBOL_ZOOM = 15;
  // leaflet.markercluster's own colours for clusters of under 10, under 100 and more stores.
  var CLUSTER_COLOURS = ["#b5e28c", "#f1d357", "#fd9c73"];

  /* Both drawings of the districts; shows the one that suits the map's zoom. */
  var DistrictLayer = L.Layer.extend({
    initialize: function (polygons, symbols) { this.polygons = polygons; this.symbols = symbols; },
    onAdd: function (map) { map.on("zoomend", this.update, this); this.update(); },
    onRemove: function (map) {
      map.off("zoomend", this.update, this);
      map.removeLayer(this.polygons);
      map.removeLayer(this.symbols);
    },
    mode: function () { return this._map && this._map.getZoom() >= SYMBOL_ZOOM ? "polygons" : "symbols"; },
    update: function () {
      var map = this._map;
      if (!map) return;
      var mode = this.mode();
      var show = mode === "polygons" ? this.polygons : this.symbols;
      var hide = mode === "polygons" ? this.symbols : this.polygons;
      if (map.hasLayer(hide)) map.removeLayer(hide);
      if (!map.hasLayer(show)) map.addLayer(show);
      map.getContainer().setAttribute("data-district-mode", mode);
      this.fire("modechange", { mode: mode });
    },
    eachLayer: function (fn, context) { this.polygons.eachLayer(fn, context); this.symbols.eachLayer(fn, context); }
  });

  /* The districts coloured by one indicator: outlines and symbols (see SYMBOL_ZOOM). */
  Dash.prototype.districtLayer = function (geojson, indicatorKey, onClick) {
    var self = this;
    var indicator = this.indicator(indicatorKey);
    var classes = this.classes(geojson.features.map(function (f) { return f.properties[indicator.key]; }), indicator.scheme);
    function decorate(shape, p) {
      // Names are typed by people: the tooltip gets a text node, never an HTML string.
      shape.bindTooltip(AlleyMaps.textNode(p.name + " · " + indicator.label + " " + self.format(p[indicator.key], indicator.kind)),
                        { sticky: true });
      if (onClick) shape.on("click", function () { onClick(p.id, shape); });
      shape.on("add", function () {
        var el = shape.getElement && shape.getElement();
        if (el) {
          el.setAttribute("data-district-id", p.id);
          el.setAttribute("data-value", p[indicator.key] === null || p[indicator.key] === undefined ? "" : p[indicator.key]);
        }
      });
    }
    var polygons = L.geoJSON(geojson, {
      style: function (feature) {
        return { color: "#1e2124", weight: 1, fillOpacity: 0.75, className: "district-shape",
                 fillColor: self.colourFor(feature.properties[indicator.key], classes) };
      },
      onEachFeature: function (feature, shape) { decorate(shape, feature.properties); }
    });
    var placed = geojson.features.filter(function (f) { return f.properties.pt; });
    var most = Math.max.apply(null, [1].concat(placed.map(function (f) { return f.properties.open_stores || 0; })));
    // Largest first, so a small district's circle lies on top of a large neighbour's.
    placed.sort(function (a, b) { return (b.properties.open_stores || 0) - (a.properties.open_stores || 0); });
    var symbols = L.featureGroup(placed.map(function (feature) {
      var p = feature.properties;
      var marker = L.circleMarker([p.pt[1], p.pt[0]], {
        radius: Dash.symbolRadius(p.open_stores, most), color: "#1e2124", weight: 1, fillOpacity: 0.9,
        className: "district-symbol", fillColor: self.colourFor(p[indicator.key], classes)
      });
      marker.feature = feature;
      decorate(marker, p);
      return marker;
    }));
    var layer = new DistrictLayer(polygons, symbols);
    layer.classes = classes;
    layer.indicator = indicator;
    return layer;
  };

  /* The dongs' names at their middle, so the map orients without tiles (names reach the DOM as text;
     hidden from screen readers, which have the table twin). */
  Dash.prototype.dongLabels = function (dongs) {
    var group = L.layerGroup();
    dongs.eachLayer(function (shape) {
      var name = shape.feature && shape.feature.properties && shape.feature.properties.name;
      if (!name) return;
      var label = AlleyMaps.textNode(name);
      label.setAttribute("aria-hidden", "true");
      group.addLayer(L.marker(shape.getBounds().getCenter(), {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "dash-dong-label", html: label, iconSize: null })
      }));
    });
    return group;
  };

  /* A district's circle: 4 px for none, 14 px for the most stores (area grows with the count). */
  Dash.symbolRadius = function (stores, most) {
    return 4 + 10 * Math.sqrt(Math.max(0, stores || 0) / (most || 1));
  };

  /* Fill the legend box with DOM nodes: swatch colours go through element.style, which the
     Content-Security-Policy allows (a style="" attribute in markup it would block). */
  Dash.prototype.renderLegend = function (box, layer, withStores) {
    var self = this;
    var ind = layer.indicator, c = layer.classes;
    while (box.firstChild) box.removeChild(box.firstChild);
    function entry(colour, text, dot) {
      var row = document.createElement("div");
      var swatch = document.createElement("i");
      if (dot) swatch.className = "dot";
      swatch.style.background = colour;
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(text));
      box.appendChild(row);
    }
    var title = document.createElement("strong");
    title.textContent = ind.label;
    box.appendChild(title);
    if (!c.empty) {
      var edges = [c.min].concat(c.breaks);
      var L = this.labels;
      for (var i = 0; i < c.colours.length; i++) {
        var low = self.format(edges[i], ind.kind), high = self.format(c.breaks[i], ind.kind);
        var text;
        if (c.colours.length === 1) text = c.max === c.min ? low : self.text(L.range_upto, { low: low, high: self.format(c.max, ind.kind) });
        else if (i === c.colours.length - 1) text = self.text(L.at_least, { low: self.format(edges[i], ind.kind) });
        else if (ind.scheme === "diverging" && i === 0) text = self.text(L.under, { high: high });
        else text = self.text(L.range, { low: low, high: high });
        entry(c.colours[i], text);
      }
    }
    entry(NO_DATA, this.labels.legend_no_data);
    if (layer.mode && layer.mode() === "symbols") {
      var size = document.createElement("div");
      size.className = "dash-legend-note";
      size.textContent = this.labels.symbol_size;
      box.appendChild(size);
    }
    if (withStores) {
      entry(FRANCHISED, this.labels.franchised, true);
      entry(NOT_FRANCHISED, this.labels.not_franchised, true);
      var clusters = [this.labels.cluster_small, this.labels.cluster_medium, this.labels.cluster_large];
      clusters.forEach(function (text, i) { entry(CLUSTER_COLOURS[i], text, true); });
    }
  };

  Dash.prototype.renderKpis = function (list, kpis) {
    while (list.firstChild) list.removeChild(list.firstChild);
    kpis.kpis.forEach(function (card) {
      var li = document.createElement("li");
      li.className = "dash-kpi";
      li.setAttribute("data-kpi", card.key);
      var h = document.createElement("h3");
      h.textContent = card.label;
      var value = document.createElement("p");
      value.className = "dash-kpi-value";
      if (card.url) {
        var a = document.createElement("a");
        a.href = card.url;
        a.textContent = card.display;
        value.appendChild(a);
      } else {
        value.textContent = card.display;
      }
      var hint = document.createElement("p");
      hint.className = "dash-kpi-hint";
      hint.textContent = card.hint;
      li.appendChild(h); li.appendChild(value); li.appendChild(hint);
      if (card.note) {
        var note = document.createElement("p");
        note.className = "dash-kpi-note";
        note.textContent = card.note;
        li.appendChild(note);
      }
      list.appendChild(li);
    });
  };

  /* Fill a <table> with a header row and body rows (first cell of a row is its header). */
  Dash.prototype.fillTable = function (table, headers, rows) {
    var thead = table.tHead || table.createTHead();
    var tbody = table.tBodies[0] || table.createTBody();
    thead.innerHTML = ""; tbody.innerHTML = "";
    var tr = document.createElement("tr");
    headers.forEach(function (text, i) {
      var th = document.createElement("th");
      th.scope = "col"; th.textContent = text;
      if (i > 0) th.className = "app-num";
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    rows.forEach(function (row) {
      var r = document.createElement("tr");
      row.forEach(function (cell, i) {
        var c = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) c.scope = "row"; else c.className = "app-num";
        if (cell instanceof Node) c.appendChild(cell); else c.textContent = cell;
        r.appendChild(c);
      });
      tbody.appendChild(r);
    });
  };

  Dash.prototype.chart = function (canvas, existing, config) {
    if (existing) existing.destroy();
    var chart = new Chart(canvas, config);
    // Canvas text needs the Korean font loaded, or it draws empty boxes: redraw once it is.
    if (document.fonts && document.fonts.status !== "loaded") document.fonts.ready.then(function () { chart.update(); });
    return chart;
  };

  Dash.STORE_COLOURS = { franchised: FRANCHISED, other: NOT_FRANCHISED };
  Dash.SYMBOL_ZOOM = SYMBOL_ZOOM;
  window.AlleyDash = Dash;
})();
