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

  window.AlleyMaps = { readJSON: readJSON, fitTo: fitTo, polygonLayer: polygonLayer, textNode: textNode };
})();
