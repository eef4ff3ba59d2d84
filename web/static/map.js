// The map page: country outlines and, for the countries with events,
// province borders (Natural Earth, embedded), and the events as circles
// sized by fatalities and coloured by type. Every text comes
// from the store and is set with textContent, never as HTML.
"use strict";

(function () {
  var el = document.getElementById("map");
  if (!el || !window.L || !window.topojson) return;
  var status = document.getElementById("map-status");
  var list = document.getElementById("map-list");
  var colours = {
    "t-battles": "#b83226", "t-explosions": "#a84300", "t-civilians": "#8e44ad",
    "t-protests": "#2471a3", "t-riots": "#7d6300", "t-strategic": "#1e8449", "t-other": "#566573"
  };

  var map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 12, zoomSnap: 0.5 });
  map.setView([30, 66], 4);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth");
  var markers = L.featureGroup().addTo(map);

  function radius(f) {
    var n = typeof f === "number" && f > 0 ? f : 0;
    return 5 + 2.5 * Math.sqrt(n);
  }

  function popup(p) {
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/events/" + encodeURIComponent(p.id);
    a.textContent = p.title || p.sub_type || "Event";
    box.appendChild(a);
    var meta = document.createElement("div");
    meta.textContent = p.date + " · " + p.type + " · fatalities: " + (p.fatalities === null ? "unknown" : p.fatalities);
    box.appendChild(meta);
    return box;
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  var countriesDrawn = get(el.dataset.countries).then(function (topo) {
    var countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#7f8c8d", weight: 0.8, fillColor: "#f7f4ee", fillOpacity: 1 }
    }).addTo(map);
    markers.bringToFront();
  }).catch(function (err) {
    status.textContent = "The country outlines could not be loaded.";
    console.warn(err);
  });

  // Province borders, only for the countries that have events on the map:
  // one small file per country, listed in index.json so that no request
  // is made for a country without one. They are drawn after the countries'
  // filled shapes (which would hide them) and under the markers.
  // data-provinces tells when it is over: the number of countries drawn.
  function drawProvinces(points) {
    var index = el.dataset.admin1;
    var wanted = {};
    points.forEach(function (p) {
      if (typeof p.country === "string" && /^[A-Z]{2}$/.test(p.country)) wanted[p.country] = true;
    });
    if (!index || !Object.keys(wanted).length) {
      el.dataset.provinces = "0";
      return;
    }
    get(index).then(function (codes) {
      var files = (Array.isArray(codes) ? codes : []).filter(function (c) { return wanted[c]; }).map(function (c) {
        return get(index.replace(/index\.json(?=\?|$)/, c + ".json"));
      });
      return Promise.all([countriesDrawn, Promise.all(files)]);
    }).then(function (res) {
      var layer = L.layerGroup();
      res[1].forEach(function (topo) {
        var obj = topo.objects && topo.objects.provinces;
        if (!obj) return;
        // Only the borders between two provinces: the coasts and the
        // national borders are the country outlines' to draw.
        var borders = topojson.mesh(topo, obj, function (a, b) { return a !== b; });
        L.geoJSON(borders, {
          interactive: false, className: "admin1",
          style: { color: "#95a5a6", weight: 0.7, opacity: 0.9, fill: false }
        }).addTo(layer);
      });
      layer.addTo(map);
      markers.bringToFront();
      el.dataset.provinces = String(res[1].length);
    }).catch(function (err) {
      el.dataset.provinces = "0";
      console.warn(err);
    });
  }

  get(el.dataset.src).then(function (data) {
    var pts = data.points || [];
    // Largest first, so small circles stay clickable on top.
    pts.sort(function (a, b) { return (b.fatalities || 0) - (a.fatalities || 0); });
    pts.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], {
        radius: radius(p.fatalities), color: "#1d232a", weight: 1,
        fillColor: colours[p.class] || colours["t-other"], fillOpacity: 0.75,
        className: "event-marker"
      });
      m.bindPopup(popup(p));
      m.bindTooltip(p.date + ": " + (p.sub_type || p.type));
      m.on("add", function () {
        var path = m.getElement();
        if (path) {
          path.setAttribute("role", "link");
          path.setAttribute("aria-label", p.title);
        }
      });
      m.addTo(markers);
      if (list) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "/events/" + encodeURIComponent(p.id);
        a.textContent = p.date + ": " + p.title;
        li.appendChild(a);
        list.appendChild(li);
      }
    });
    if (pts.length) {
      map.fitBounds(markers.getBounds().pad(0.3), { maxZoom: 7 });
    }
    var msg = pts.length + (pts.length === 1 ? " event" : " events") + " on the map";
    if (data.unplaced) msg += "; " + data.unplaced + " without coordinates not shown";
    if (data.total > pts.length + data.unplaced) msg += "; only the first " + (pts.length + data.unplaced) + " of " + data.total + " read";
    status.textContent = msg + ".";
    el.dataset.markers = String(pts.length);
    drawProvinces(pts);
  }).catch(function (err) {
    status.textContent = "The events could not be loaded.";
    console.warn(err);
  });
})();
