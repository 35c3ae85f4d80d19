/* Report form: mark the place by tapping the map, with the phone's location, or by choosing a store. */
(function () {
  "use strict";
  var T = window.HOTLINE_TEXT || {};
  var lon = document.getElementById("id_lon"), lat = document.getElementById("id_lat");
  var storeField = document.getElementById("id_store");
  var summary = document.getElementById("place-summary");
  var map = null, marker = null;

  function setPoint(latlng, text, keepStore) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (!keepStore) storeField.value = "";
    if (map) {
      if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng, { keyboard: false }).addTo(map);
      map.setView(latlng, Math.max(map.getZoom(), 16));
    }
    summary.textContent = text || T.marked;
  }

  window.addEventListener("map:init", function (e) {
    map = e.detail.map;
    window.AlleyHotline = { map: map };  // lets browser tests place a point at known coordinates
    var dongs = AlleyMaps.polygonLayer(AlleyMaps.readJSON("dongs-data"), {
      style: function () { return { color: "#0b50d0", weight: 1, fillOpacity: 0.04 }; },
      onClick: function () {}
    }).addTo(map);
    AlleyMaps.fitTo(map, dongs);
    dongs.on("click", function (ev) { setPoint(ev.latlng); });
    map.on("click", function (ev) { setPoint(ev.latlng); });
    if (lon.value && lat.value) setPoint(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), null, true);
  });

  document.getElementById("use-location").addEventListener("click", function () {
    if (!navigator.geolocation) { summary.textContent = T.noLocation; return; }
    summary.textContent = T.locating;
    navigator.geolocation.getCurrentPosition(function (pos) {
      setPoint(L.latLng(pos.coords.latitude, pos.coords.longitude), T.located);
    }, function () { summary.textContent = T.noLocation; }, { enableHighAccuracy: true, timeout: 10000 });
  });

  var search = document.getElementById("store-search"), results = document.getElementById("store-results");
  var chosen = document.getElementById("store-chosen"), chosenText = document.getElementById("store-chosen-text");
  var changeButton = document.getElementById("store-change");
  changeButton.addEventListener("click", function () {
    storeField.value = "";
    chosen.hidden = true;
    summary.textContent = T.storeCleared;
    search.select();
    search.focus();
  });
  var url = AlleyMaps.readJSON("store-search-url"), timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    var q = search.value.trim();
    if (q.length < 2) { results.innerHTML = ""; return; }
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          results.innerHTML = "";
          if (!data.results.length) {
            var li = document.createElement("li"); li.textContent = T.noStores; results.appendChild(li); return;
          }
          data.results.forEach(function (s) {
            var li = document.createElement("li"), b = document.createElement("button");
            b.type = "button"; b.className = "krds-btn tertiary medium";
            b.textContent = s.name;
            var small = document.createElement("small"); small.textContent = s.address || ""; b.appendChild(small);
            b.addEventListener("click", function () {
              storeField.value = s.id;
              setPoint(L.latLng(s.lat, s.lon), T.store + " " + s.name, true);
              results.innerHTML = "";
              search.value = s.name;
              // The pressed button is gone: focus the choice's "change" button, not <body>
              // (the place summary, a live region, announces the store).
              chosenText.textContent = T.store + " " + s.name;
              chosen.hidden = false;
              changeButton.focus();
            });
            li.appendChild(b); results.appendChild(li);
          });
        });
    }, 250);
  });
})();
