/* The public Onnuri finder: clustered markers from /api/onnuri-stores/ (compact arrays, same
   filters as the list), and "near me" with the browser's location (the server sorts by distance). */
(function () {
  "use strict";

  var labelsEl = document.getElementById("kind-labels");
  var KIND_LABELS = labelsEl ? JSON.parse(labelsEl.textContent) : {};

  /* The popup as DOM nodes: store names and addresses go in as text, never as HTML. */
  function popup(p) {
    var kinds = (p.kinds || []).map(function (k) { return KIND_LABELS[k] || k; }).join(", ");
    var box = document.createElement("div");
    box.appendChild(AlleyMaps.textNode(p.name, "strong"));
    [(p.industry || "") + (p.dong ? " · " + p.dong : ""), p.address, kinds].forEach(function (line) {
      if (!line) return;
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(line));
    });
    return box;
  }

  /* The API answers compact arrays: `fields` names the columns of each row. Rows become plain
     objects; every string still reaches the DOM as text (popup above, marker title/alt attributes). */
  function decode(data) {
    var fields = data.fields || [];
    return (data.rows || []).map(function (row) {
      var p = {};
      fields.forEach(function (name, i) { p[name] = row[i]; });
      return p;
    });
  }

  /* A large government comes in pages: fetch them one after another and hand every store on. */
  function fetchAll(url, page, stores) {
    var sep = url.indexOf("?") === -1 ? "?" : "&";
    return fetch(page > 1 ? url + sep + "page=" + page : url,
                 { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        stores = stores.concat(decode(data));
        return page < (data.pages || 1) ? fetchAll(url, page + 1, stores) : stores;
      });
  }

  window.addEventListener("map:init", function (e) {
    var map = e.detail.map;
    var el = document.getElementById("finder-map");
    var form = document.getElementById("finder-form");
    var lat = parseFloat(form.elements.lat.value), lon = parseFloat(form.elements.lon.value);
    fetchAll(el.dataset.api, 1, [])
      .then(function (stores) {
        var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
        stores.forEach(function (p) {
          if (typeof p.lat !== "number" || typeof p.lon !== "number") return;
          var name = String(p.name || "");
          cluster.addLayer(L.marker([p.lat, p.lon], { title: name, alt: name }).bindPopup(popup(p)));
        });
        map.addLayer(cluster);
        if (!isNaN(lat) && !isNaN(lon)) {
          L.circleMarker([lat, lon], { radius: 8, color: "#bd2c0f", weight: 3, fillOpacity: 0.6 })
            .bindTooltip(document.getElementById("near-me").textContent).addTo(map);
          map.setView([lat, lon], 16);
        } else if (cluster.getLayers().length) {
          map.fitBounds(cluster.getBounds(), { padding: [16, 16], maxZoom: 17 });
        }
        el.dataset.loaded = String(cluster.getLayers().length);
      })
      .catch(function () { el.dataset.loaded = "error"; });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("near-me");
    var status = document.getElementById("near-status");
    if (!button) return;
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = button.dataset.error; return; }
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        var form = document.getElementById("finder-form");
        form.elements.lat.value = pos.coords.latitude.toFixed(6);
        form.elements.lon.value = pos.coords.longitude.toFixed(6);
        form.submit();
      }, function () {
        button.disabled = false;
        status.textContent = button.dataset.error;
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 });
    });
  });
})();
