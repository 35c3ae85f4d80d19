/* Shared map helpers. Layers come from GeoJSON embedded with json_script, so the
   map still shows polygons and markers when the tile server is unreachable. */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function fitTo(map, layer) {
    try {
      var bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
    } catch (e) { /* empty layer */ }
  }

  /* Tooltip and popup content as a DOM node: Leaflet inserts a string as HTML, and names
     (stores, districts) are typed by people or arrive from SEMAS files. */
  function textNode(text, tag) {
    var node = document.createElement(tag || "span");
    node.textContent = text === null || text === undefined ? "" : String(text);
    return node;
  }

  /* Draw a FeatureCollection of polygons with a label tooltip and optional link. */
  function polygonLayer(data, options) {
    options = options || {};
    return L.geoJSON(data, {
      style: options.style || function () {
        return { color: "#0b50d0", weight: 2, fillOpacity: 0.12 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties || {};
        if (p.name) layer.bindTooltip(textNode(p.name), { sticky: true });
        if (options.onClick) layer.on("click", function () { options.onClick(feature, layer); });
        else if (p.url) layer.on("click", function () { window.location.href = p.url; });
      }
    });
  }

  /* Keyboard and screen readers (issue 17), for every Leaflet map of the site:
     - the container is one tab stop (Leaflet: arrows pan, +/- zoom) with a visible focus ring (app.css);
     - a "skip the map" link before it moves focus to the map's table twin, named by the container's
       data-skip-to (the table or list of the same districts, stores or tickets, under its own heading),
       or, for a map without one, to the content after it;
     - outlines and markers are not tab stops (Chromium makes an SVG path with focus listeners, which
       Leaflet adds for tooltips, tabbable): the tables next to the maps are the keyboard path;
     - Leaflet's own English strings come translated from templates/includes/map_assets.html. */
  var strings = readJSON("alley-map-strings") || {};

  if (window.L) {
    if (strings.zoomIn) L.Control.Zoom.prototype.options.zoomInTitle = strings.zoomIn;
    if (strings.zoomOut) L.Control.Zoom.prototype.options.zoomOutTitle = strings.zoomOut;
    // Markers (and cluster icons) one tab stop each would bury the page under hundreds of stops.
    L.Marker.prototype.options.keyboard = false;
    L.Map.addInitHook(function () { setUpKeyboard(this); });
  }

  function untabbable(layer) {
    var el = layer && typeof layer.getElement === "function" ? layer.getElement() : null;
    if (!el || !el.setAttribute) return;
    el.setAttribute("tabindex", "-1");
    if (el.namespaceURI === "http://www.w3.org/2000/svg") el.setAttribute("focusable", "false");
  }

  function setUpKeyboard(map) {
    var container = map.getContainer();
    if (!container || container.getAttribute("data-keyboard-ready")) return;
    container.setAttribute("data-keyboard-ready", "1");
    if (container.tabIndex < 0 || !container.hasAttribute("tabindex")) container.setAttribute("tabindex", "0");
    if (!container.getAttribute("role")) container.setAttribute("role", "region");

    var id = container.id || "alley-map";
    if (strings.keys) {
      var help = document.createElement("p");
      help.id = id + "-keys";
      help.className = "sr-only";
      help.textContent = strings.keys;
      container.parentNode.insertBefore(help, container.nextSibling);
      container.setAttribute("aria-describedby", help.id);
    }
    var target = container.getAttribute("data-skip-to");
    if (!target || !document.getElementById(target)) {
      var end = document.createElement("span");
      end.id = target = id + "-end";
      end.className = "app-map-end";
      end.setAttribute("tabindex", "-1");
      container.parentNode.insertBefore(end, (help || container).nextSibling);
    }
    var skip = document.createElement("a");
    skip.className = "app-map-skip";
    skip.href = "#" + target;
    skip.textContent = strings.skip || "Skip the map";
    skip.addEventListener("click", function (event) {
      var node = document.getElementById(target);
      if (!node) return;
      event.preventDefault();
      // A twin folded away in a <details> (the dashboard's table, a district's store list) opens.
      for (var fold = node; fold; fold = fold.parentElement) {
        if (fold.tagName === "DETAILS" && !fold.open) fold.open = true;
      }
      if (!node.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(node.tagName)) {
        node.setAttribute("tabindex", "-1");
      }
      node.focus();
    });
    container.parentNode.insertBefore(skip, container);

    map.on("layeradd", function (event) { untabbable(event.layer); });
    map.eachLayer(untabbable);
  }

  window.AlleyMaps = { readJSON: readJSON, fitTo: fitTo, polygonLayer: polygonLayer, textNode: textNode };
})();
