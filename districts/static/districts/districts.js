/* District maps: layers coloured by status, store markers, and the live criteria check
   of the drawing form (POST /api/districts/check/ on every draw and edit). */
(function () {
  "use strict";

  function dongLayer(data) {
    return L.geoJSON(data, {
      interactive: false,
      style: function () { return { color: "#58616a", weight: 1, dashArray: "4 4", fill: false }; }
    });
  }

  function districtLayer(data, options) {
    options = options || {};
    return L.geoJSON(data, {
      style: function (feature) {
        var p = feature.properties || {};
        return {
          color: p.colour || "#0b50d0", weight: options.weight || 2, fillOpacity: options.fillOpacity || 0.28,
          dashArray: p.status === "revoked" ? "6 4" : null
        };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties || {};
        var label = p.name + (p.status_label ? " · " + p.status_label : "") +
          (p.store_count !== undefined ? " · " + p.store_count.toLocaleString("ko-KR") : "");
        layer.bindTooltip(AlleyMaps.textNode(label), { sticky: true });
        if (options.link && p.url) layer.on("click", function () { window.location.href = p.url; });
      }
    });
  }

  function storeLayer(markers) {
    var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup();
    markers.forEach(function (m) {
      L.circleMarker([m.lat, m.lon], { radius: 5, color: "#1e2124", weight: 1, fillColor: "#ffb400", fillOpacity: 0.9 })
        .bindTooltip(AlleyMaps.textNode(m.name)).addTo(group);
    });
    return group;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Render the criteria JSON of the API into the same markup as includes/criteria.html. */
  function renderCriteria(container, result, t) {
    container.innerHTML = "";
    var failing = result.criteria.filter(function (c) { return !c.passed; }).length;
    container.appendChild(el("p", { "class": "app-criteria-summary " + (result.passed ? "app-pass" : "app-fail") },
      result.passed ? t.allPass : t.failCount.replace("{count}", failing)));
    var wrap = el("div", { "class": "krds-table-wrap" });
    var table = el("table", { "class": "tbl col data app-criteria-table" });
    table.appendChild(el("caption", {}, t.caption));
    var head = el("tr");
    [t.criterion, t.result, t.details].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    result.criteria.forEach(function (c) {
      var row = el("tr", { "data-criterion": c.key, "data-passed": String(c.passed) });
      row.appendChild(el("th", { scope: "row" }, c.label));
      var cell = el("td");
      cell.appendChild(el("span", { "class": c.passed ? "app-pass" : "app-fail" }, c.passed ? t.pass : t.fail));
      row.appendChild(cell);
      row.appendChild(el("td", {}, c.message));
      body.appendChild(row);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    container.appendChild(wrap);
    container.appendChild(el("p", { "class": "app-muted app-criteria-area" },
      t.area.replace("{area}", result.area_m2.toLocaleString("ko-KR", { maximumFractionDigits: 0 }) + " m²")
        .replace("{stores}", result.open_stores.toLocaleString("ko-KR"))
        .replace("{required}", result.required_stores.toLocaleString("ko-KR"))));
  }

  function renderError(container, messages) {
    container.innerHTML = "";
    var box = el("div", { "class": "app-alert app-alert-error" });
    messages.forEach(function (m) { box.appendChild(el("p", {}, m)); });
    container.appendChild(box);
  }

  /* The drawing form: context layers, and the criteria check whenever the boundary
     or the merchant facts change. */
  function setupBoundaryForm(config) {
    var form = document.getElementById(config.formId);
    var output = document.getElementById(config.outputId);
    var status = document.getElementById(config.statusId);
    var field = null, timer = null, sequence = 0;
    var textarea = form.querySelector("textarea[name='" + config.fieldName + "']");

    function value(name, fallback) {
      var input = form.querySelector("[name='" + name + "']");
      return input ? input.value : (fallback || "");
    }

    function currentBoundary() {
      if (field && field.drawnItems && field.drawnItems.getLayers().length) {
        var layers = field.drawnItems.getLayers();
        return layers.length === 1 ? layers[0].toGeoJSON().geometry : null;
      }
      return textarea && textarea.value.trim() ? JSON.parse(textarea.value) : null;
    }

    var uploaded = null, uploadedLayer = null, drawMap = null;

    function check() {
      var boundary;
      try { boundary = uploaded || currentBoundary(); } catch (e) { boundary = null; }
      if (!boundary) return;
      var mine = ++sequence;
      status.textContent = config.t.checking;
      var body = {
        boundary: boundary,
        organization_name: value("organization_name", config.organizationName),
        merchants_total: parseInt(value("merchants_total", config.merchantsTotal), 10) || 0,
        merchants_consenting: parseInt(value("merchants_consenting", config.merchantsConsenting), 10) || 0
      };
      if (config.districtId) body.district = config.districtId;
      fetch(config.checkUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": value("csrfmiddlewaretoken") },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (mine !== sequence) return;  // a newer check is on its way
        if (answer.ok) {
          renderCriteria(output, answer.data, config.t);
          status.textContent = answer.data.passed ? config.t.allPass : config.t.checked;
        } else {
          var errors = [];
          Object.keys(answer.data).forEach(function (k) { errors = errors.concat(answer.data[k]); });
          renderError(output, errors);
          status.textContent = errors.join(" ");
        }
        form.dataset.checks = String((parseInt(form.dataset.checks || "0", 10)) + 1);
      }).catch(function () { status.textContent = config.t.failed; });
    }

    function later() { clearTimeout(timer); timer = setTimeout(check, 250); }

    window.addEventListener("map:init", function (e) {
      var map = e.detail.map;
      if (map.getContainer().id !== config.mapId) return;
      map.on("map:loadfield", function (le) { field = le.field; });
      map.on("draw:created draw:edited draw:deleted", function () { setTimeout(check, 0); });
      map.on("draw:editvertex draw:editmove draw:editresize", later);
      drawMap = map;
      setTimeout(check, 0);  // an existing boundary is checked on arrival
      /* Context: the dongs and the other districts still in force (the shapes fetched by the page). */
      config.shapes.then(function (shapes) {
        var dongs = dongLayer(shapes.dongs).addTo(map);
        var others = shapes.districts.features.filter(function (f) {
          return f.id !== config.districtId && f.properties.status !== "revoked";
        });
        districtLayer({ type: "FeatureCollection", features: others }, { fillOpacity: 0.15, weight: 1 }).addTo(map);
        if (!(field && field.drawnItems && field.drawnItems.getLayers().length)) AlleyMaps.fitTo(map, dongs);
      }).catch(function () { /* the form works without the context layers */ }).then(function () {
        window.districtDrawMap = map;  // set once the context is drawn (browser tests wait for it)
      });
    });
    /* A chosen GeoJSON file is shown on the map and checked before it is uploaded. */
    var fileInput = form.querySelector("input[type=file][name='" + config.fieldName + "_file']");
    if (fileInput) fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      if (uploadedLayer && drawMap) drawMap.removeLayer(uploadedLayer);
      uploaded = uploadedLayer = null;
      if (!file || file.size > config.maxUploadBytes) { later(); return; }
      file.text().then(function (text) {
        uploaded = JSON.parse(text);
        if (drawMap) {
          uploadedLayer = L.geoJSON(uploaded, { style: { color: "#3388ff", dashArray: "6 4", weight: 3 } })
            .addTo(drawMap);
          AlleyDistricts.fitTo(drawMap, uploadedLayer);
        }
        check();
      }).catch(function () { renderError(output, [config.t.unreadable]); });
    });
    /* A boundary built from picked stores replaces what was drawn or uploaded, and is editable like a drawing. */
    function useBoundary(geometry) {
      if (uploadedLayer && drawMap) drawMap.removeLayer(uploadedLayer);
      uploaded = uploadedLayer = null;
      if (fileInput) fileInput.value = "";
      var shape = L.geoJSON(geometry, { style: { color: "#3388ff", weight: 3 } });
      if (field && field.drawnItems) {
        field.drawnItems.clearLayers();
        shape.eachLayer(function (layer) { field.drawnItems.addLayer(layer); });
      } else if (drawMap) {
        uploadedLayer = shape.addTo(drawMap);
      }
      if (textarea) textarea.value = JSON.stringify(geometry);
      if (drawMap) AlleyDistricts.fitTo(drawMap, shape, 18);
      check();
    }
    if (config.storePicker) setupStorePicker(config, useBoundary, function (name) { return value(name); });
    ["organization_name", "merchants_total", "merchants_consenting"].forEach(function (name) {
      var input = form.querySelector("[name='" + name + "']");
      if (input) input.addEventListener("input", later);
    });
  }

  /* The features of a FeatureCollection whose id is in `ids` (the districts the list's filter matched). */
  function onlyDistricts(collection, ids) {
    var wanted = {};
    (ids || []).forEach(function (id) { wanted[id] = true; });
    return { type: "FeatureCollection", features: collection.features.filter(function (f) { return wanted[f.id]; }) };
  }

  /* The keyboard way to outline a district (issue 17): find stores, add them, build the boundary
     around them. Every button keeps focus somewhere sensible and each step is announced. */
  function setupStorePicker(config, useBoundary, value) {
    var t = config.t, urls = config.storePicker;
    var q = document.getElementById("store-picker-q");
    var searchButton = document.getElementById("store-picker-search");
    var status = document.getElementById("store-picker-status");
    var results = document.getElementById("store-picker-results");
    var chosenList = document.getElementById("store-picker-chosen");
    var count = document.getElementById("store-picker-count");
    var build = document.getElementById("store-picker-build");
    if (!q || !results) return;
    var chosen = {};  // id -> store, in the order added
    var order = [];

    function fill(text, vars) {
      return Object.keys(vars).reduce(function (s, k) { return s.replace("{" + k + "}", vars[k]); }, text);
    }
    function label(store) { return store.name + (store.address ? " · " + store.address : ""); }
    function refresh() {
      count.textContent = String(order.length);
      build.disabled = !order.length;
      Array.prototype.forEach.call(results.querySelectorAll("button[data-store]"), function (b) {
        b.disabled = !!chosen[b.getAttribute("data-store")];
      });
    }
    function row(store, action, text, onPress) {
      var li = el("li", { "data-store": String(store.id) });
      li.appendChild(el("span", { "class": "app-store-picker-name" }, label(store)));
      var button = el("button", { type: "button", "class": "krds-btn small secondary", "data-store": String(store.id),
        "aria-label": fill(action, { name: store.name }) }, text);
      button.addEventListener("click", function () { onPress(store, button); });
      li.appendChild(button);
      return li;
    }
    function add(store, button) {
      if (chosen[store.id]) return;
      chosen[store.id] = store;
      order.push(store.id);
      chosenList.appendChild(row(store, t.removeStore, t.remove, remove));
      refresh();
      status.textContent = fill(t.added, { name: store.name, count: order.length });
      // The pressed button is now disabled: move on to the next result's button, or to the build button.
      var next = button.closest("li").nextElementSibling;
      var nextButton = next && next.querySelector("button:not([disabled])");
      (nextButton || build).focus();
    }
    function remove(store, button) {
      var li = button.closest("li");
      var neighbour = li.nextElementSibling || li.previousElementSibling;
      delete chosen[store.id];
      order = order.filter(function (id) { return id !== store.id; });
      li.remove();
      refresh();
      status.textContent = fill(t.removed, { name: store.name, count: order.length });
      (neighbour ? neighbour.querySelector("button") : q).focus();
    }
    function search() {
      var text = q.value.trim();
      if (!text) { q.focus(); return; }
      status.textContent = t.searching;
      fetch(urls.searchUrl + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); })
        .then(function (answer) {
          results.innerHTML = "";
          if (!answer.ok) { status.textContent = [].concat(answer.data.q || t.failed).join(" "); return; }
          answer.data.results.forEach(function (store) { results.appendChild(row(store, t.addStore, t.add, add)); });
          refresh();
          status.textContent = answer.data.results.length ? fill(t.found, { count: answer.data.results.length }) : t.noneFound;
        }).catch(function () { status.textContent = t.failed; });
    }
    searchButton.addEventListener("click", search);
    q.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); search(); }  // not the district form's submit
    });
    build.addEventListener("click", function () {
      if (!order.length) return;
      status.textContent = t.building;
      fetch(urls.buildUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": value("csrfmiddlewaretoken") },
        body: JSON.stringify({ stores: order })
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (!answer.ok) {
          var errors = [];
          Object.keys(answer.data).forEach(function (k) { errors = errors.concat(answer.data[k]); });
          status.textContent = errors.join(" ");
          return;
        }
        useBoundary(answer.data.boundary);
        var area = Math.round(answer.data.area_m2).toLocaleString("ko-KR") + " m²";
        status.textContent = fill(t.built, { count: answer.data.store_count, area: area });
        document.getElementById(config.formId).dataset.storeBoundary = "1";
      }).catch(function () { status.textContent = t.failed; });
    });
    refresh();
  }

  /* Fit the map to a layer without zooming closer than street level. */
  function fitTo(map, layer, maxZoom) {
    try {
      var bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: maxZoom || 17 });
    } catch (e) { /* empty layer */ }
  }

  /* The notice's print button (an onclick attribute would be refused by the Content-Security-Policy). */
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-action='print']")) window.print();
  });

  window.AlleyDistricts = {
    dongLayer: dongLayer, districtLayer: districtLayer, storeLayer: storeLayer, fitTo: fitTo, onlyDistricts: onlyDistricts,
    renderCriteria: renderCriteria, setupBoundaryForm: setupBoundaryForm
  };
})();
