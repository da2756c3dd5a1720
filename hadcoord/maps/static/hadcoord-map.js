/* hadcoord maps: decode the compact polygons written by hadcoord/maps/geometry.py and build the
   Leaflet layers. Needs Leaflet only. Every text put into HTML is escaped here. */
var hadcoordMap = (function () {
  "use strict";

  /* [[ring, hole…], …] of integer deltas (x = lon, y = lat) → Leaflet lat/lng arrays. */
  function latLngs(polygons, scale) {
    return polygons.map(function (rings) {
      return rings.map(function (flat) {
        var points = [], x = 0, y = 0;
        for (var i = 0; i < flat.length; i += 2) {
          x += flat[i];
          y += flat[i + 1];
          points.push([y / scale, x / scale]);
        }
        return points;
      });
    });
  }

  function escape(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function number(value) {
    return value.toLocaleString("fr-FR");
  }

  /* c = [code, name, population, class, [had…], gained, derogation had or -1, km, polygons];
     data.had[i] = [name, authorised, id] */
  function communeTooltip(data, c) {
    var words = data.words, cls = data.classes[c[3]];
    var had = c[4].map(function (i) {
      var h = data.had[i];
      return escape(h[0]) + " (" + (h[1] ? words.authorised : words.not_authorised) + ")";
    });
    var lines = [
      "<strong>" + escape(c[1]) + "</strong> · " + escape(c[0]),
      words.population + " : " + number(c[2]) + " " + words.inhabitants,
      words.had + " : " + (had.length ? had.join(", ") : words.none),
      "<span class=\"hc-swatch\" style=\"background:" + cls.colour + "\"></span>" +
        escape(cls.label)
    ];
    if (c[6] >= 0) {
      lines.push(words.derogation + " : " + escape(data.had[c[6]][0]) + " (≈ " +
                 number(Math.round(c[7])) + " " + words.km + ")");
    }
    if (c[5]) {
      lines.push("<strong>" + words.gained + "</strong>");
    }
    return lines.join("<br>");
  }

  /* A commune clicked on a map shown inside a page of the app (the scenario editor) is told to
     that page, which may use it (scenario-map-pick.js); alone (a file), nothing happens. */
  function pick(data, c) {
    if (window.parent === window) { return; }
    var had = c[4].map(function (i) { return [data.had[i][2], data.had[i][0]]; });
    window.parent.postMessage({hadcoord: "commune", code: c[0], name: c[1], had: had},
                              window.location.origin);
  }

  function communes(data) {
    var group = L.featureGroup();
    data.communes.forEach(function (c) {
      var base = {color: "#ffffff", weight: 0.5, opacity: 1, fillColor: data.classes[c[3]].colour,
                  fillOpacity: 0.8};
      var polygon = L.polygon(latLngs(c[8], data.scale), base);
      polygon.bindTooltip(function () { return communeTooltip(data, c); },
                          {sticky: true, className: "hc-tooltip"});
      polygon.on("mouseover", function () { polygon.setStyle({color: "#1a1a1a", weight: 2}); });
      polygon.on("mouseout", function () { polygon.setStyle(base); });
      polygon.on("click", function () { pick(data, c); });
      group.addLayer(polygon);
    });
    return group;
  }

  /* shapes = [{p: polygons, c: colour, w: weight, d: dash or null, f: fill opacity, t: tooltip,
               n: name written at l = [lat, lon] (optional)}] */
  function outlines(data) {
    var group = L.featureGroup();
    data.shapes.forEach(function (s) {
      var polygon = L.polygon(latLngs(s.p, data.scale), {
        color: s.c, weight: s.w, dashArray: s.d || null, fill: s.f > 0, fillColor: s.c,
        fillOpacity: s.f, interactive: Boolean(s.t)
      });
      if (s.t) {
        polygon.bindTooltip(escape(s.t), {sticky: true, className: "hc-tooltip"});
      }
      group.addLayer(polygon);
      if (s.n) {  /* a name written on the map (departments) */
        group.addLayer(L.marker(s.l, {interactive: false, keyboard: false, icon: L.divIcon({
          className: "hc-name", html: escape(s.n), iconSize: null})}));
      }
    });
    return group;
  }

  /* lines = [{a: [lat, lon], b: [lat, lon], c: colour, d: dash, t: permanent label}] */
  function lines(data) {
    var group = L.featureGroup();
    data.forEach(function (l) {
      var line = L.polyline([l.a, l.b], {color: l.c, weight: 3, dashArray: l.d, opacity: 0.9});
      line.bindTooltip(escape(l.t), {permanent: true, direction: "center",
                                     className: "hc-distance"});
      group.addLayer(line);
    });
    return group;
  }

  /* A Leaflet control holding HTML made (and escaped) by hadcoord. */
  function control(map, position, className, html) {
    var box = L.control({position: position});
    box.onAdd = function () {
      var div = L.DomUtil.create("div", className);
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    box.addTo(map);
    return box;
  }

  return {communes: communes, outlines: outlines, lines: lines, control: control};
}());
