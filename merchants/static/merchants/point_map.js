/* A store's point on its map (store page and "my store"): the dong outline and one marker
   whose tooltip is the store name, as text. */
(function () {
  "use strict";
  window.addEventListener("map:init", function (e) {
    var map = e.detail.map;
    var point = AlleyMaps.readJSON("store-point");
    if (!point) return;
    var dongs = AlleyMaps.readJSON("dong-data");
    if (dongs) { AlleyMaps.polygonLayer(dongs).addTo(map); }
    L.circleMarker([point.lat, point.lon], { radius: 9, color: "#bd2c0f", weight: 3, fillColor: "#ff6b4a", fillOpacity: 0.9 })
      .bindTooltip(AlleyMaps.textNode(point.name), { permanent: false }).addTo(map);
    map.setView([point.lat, point.lon], 16);
  });
})();
