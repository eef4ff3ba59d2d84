// The timeline page: events on a zoomable time axis (vis-timeline), the
// episodes as shaded bands; choosing an event opens it. Item contents are
// built as DOM nodes with textContent: no document text becomes HTML.
"use strict";

(function () {
  var el = document.getElementById("timeline");
  if (!el || !window.vis) return;
  var status = document.getElementById("timeline-status");

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  fetch(el.dataset.src, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  }).then(function (data) {
    var items = [];
    (data.items || []).forEach(function (it) {
      items.push({
        id: "e" + it.id, event: it.id, start: it.start, type: "point",
        content: label(it.title), title: label(it.date + ": " + it.title), className: it.class
      });
    });
    (data.episodes || []).forEach(function (ep) {
      var end = new Date(ep.end + "T00:00:00Z");
      end.setUTCDate(end.getUTCDate() + 1);
      items.push({
        id: "ep" + ep.id, start: ep.start, end: end, type: "background",
        content: label(ep.label), className: "episode"
      });
    });
    var ds = new vis.DataSet(items);
    var tl = new vis.Timeline(el, ds, {
      stack: true, zoomKey: "", horizontalScroll: false, verticalScroll: true,
      maxHeight: "70vh", zoomMin: 1000 * 60 * 60 * 24, orientation: "top",
      tooltip: { followMouse: true }, selectable: true
    });
    // A long story opens on its latest three months; "Show all" fits it.
    var dates = (data.items || []).map(function (it) { return Date.parse(it.start); }).filter(isFinite);
    if (dates.length) {
      var last = Math.max.apply(null, dates), first = Math.min.apply(null, dates);
      var span = 1000 * 60 * 60 * 24 * 92;
      if (last - first > span) tl.setWindow(last - span, last + span / 12, { animation: false });
    }
    tl.on("select", function (props) {
      var id = props.items && props.items[0];
      var item = id && ds.get(id);
      if (item && item.event) window.location.href = "/events/" + encodeURIComponent(item.event);
    });
    var zoom = document.getElementById("timeline-zoom");
    if (zoom) {
      zoom.hidden = false;
      zoom.addEventListener("click", function (ev) {
        var b = ev.target.closest("button");
        if (!b) return;
        if (b.dataset.zoom === "in") tl.zoomIn(0.5);
        else if (b.dataset.zoom === "out") tl.zoomOut(0.5);
        else tl.fit();
      });
    }
    var n = (data.items || []).length;
    var msg = n + (n === 1 ? " dated event" : " dated events");
    if (data.undated) msg += "; " + data.undated + " undated not shown";
    status.textContent = msg + ".";
    el.dataset.items = String(n);
  }).catch(function (err) {
    status.textContent = "The events could not be loaded.";
    console.warn(err);
  });
})();
