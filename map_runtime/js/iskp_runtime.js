/* ISKP map runtime: the project's own code (no third-party parts).
 * Holds the embedded records once, and lets layers redraw for a date window.
 * All user text is put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var R = window.ISKP = window.ISKP || {};

  /* The product's words in the page's language (geo.words): the phrase from the catalogue the
   * page carries (ISKP_WORDS, written before this file), else the English. Values fill its
   * {name} fields after the translation, so a value (a place, a count) is never a phrase. */
  var W = window.ISKP_WORDS || {};
  R.lang = W.lang || "en";
  R.words = W.words || {};
  function fill(text, values) {
    return !values ? text : text.replace(/\{(\w+)\}/g, function (all, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : all;
    });
  }
  /* A phrase's own entry only: a text such as "constructor" is no key of every object. */
  function word(text) {
    return Object.prototype.hasOwnProperty.call(R.words, text) ? R.words[text] : null;
  }
  R.say = function (text, values) {
    var w = word(text) || text;
    return fill(String(Array.isArray(w) ? w[0] : w), values);
  };
  /* "{n} event" / "{n} events": Dari's entry has one form (a counted noun is singular). */
  R.sayN = function (n, one, many, values) {
    var w = word(one), v = {n: R.thousands(n)}, k;
    var form = !w ? (n === 1 ? one : many)
      : typeof w === "string" ? w : w[n === 1 ? 0 : w.length - 1];
    for (k in values || {}) { v[k] = values[k]; }
    return fill(form, v);
  };

  /* Leaflet focuses the map container on mousedown. When the map sits in an iframe that is only
   * partly on screen (the Streamlit app, scrolled), the browser scrolls it into view between
   * mousedown and mouseup and the click lands beside the marker pressed. Focus without
   * scrolling; keyboard navigation stays. Runs before any map is created (bound at creation). */
  if (window.L && L.Map && L.Map.Keyboard && !L.Map.Keyboard.prototype._iskpPatched) {
    L.Map.Keyboard.prototype._onMouseDown = function () {
      if (this._focused) { return; }
      this._map._container.focus({preventScroll: true});
    };
    L.Map.Keyboard.prototype._iskpPatched = true;
  }
  /* Every map's shapes are named for the keyboard (ISKP.keyboardShapes, defined below). */
  if (window.L && L.Map && !L.Map.prototype._iskpKeyboard) {
    L.Map.prototype._iskpKeyboard = true;
    L.Map.addInitHook(function () { if (R.keyboardShapes) { R.keyboardShapes(this); } });
  }
  /* A popup is never taller than its map, less room for its tip and the map's edge: a longer
   * one scrolls inside. Otherwise opening it moved the map to show it all (Leaflet's autoPan:
   * an activity area's popup moved the map 421 px at 1280x720, the record clicked under the
   * timeline), and the reader lost their place. */
  if (window.L && L.Popup && !L.Popup.prototype._iskpFits) {
    L.Popup.prototype._iskpFits = true;
    var popupLayout = L.Popup.prototype._updateLayout;
    L.Popup.include({_updateLayout: function () {
      if (this._map) { this.options.maxHeight = Math.max(120, this._map.getSize().y - 90); }
      return popupLayout.call(this);
    }});
  }
  /* ...and a map that moved to show a popup goes back to where the reader had it when the
   * popup closes, unless the reader has moved it since. */
  if (window.L && L.Map && !L.Map.prototype._iskpPanBack) {
    L.Map.prototype._iskpPanBack = true;
    L.Map.addInitHook(function () {
      var map = this, back = null, shown = null;
      map.on("autopanstart", function () { back = map.getCenter(); shown = null; });
      map.on("moveend", function () { if (back && !shown) { shown = map.getCenter(); } });
      map.on("popupclose", function () {
        if (back && shown && map.getCenter().equals(shown)) { map.panTo(back, {animate: false}); }
        back = shown = null;
      });
    });
  }
  R.datasets = R.datasets || {};
  R.listeners = R.listeners || [];
  R.window = R.window || null;

  R.addData = function (name, data) {
    if (data.columns) {
      data.columns.dn = data.dn;
      data.records = R.decodeColumns(data.columns);
      delete data.columns;
    }
    /* Each record's actors as names (one array per distinct combination, shared), for the
     * actor filter and the popup. */
    var sets = (data.sets || []).map(function (set) {
      return set.map(function (k) { return data.an[k]; });
    });
    data.records.forEach(function (r) { r.names = sets[r.as] || []; });
    if (data.shown && !R.defaultAt) { R.defaultAt = R.setOf(data.shown); }
    R.datasets[name] = data;
  };
  R.setOf = function (list) {
    if (!list) { return null; }
    var o = {}; list.forEach(function (v) { o[v] = 1; }); return o;
  };

  /* Records sent as typed-array columns (map_runtime.activity_data.columns; more than 20,000
   * records) become the same records the JSON form gives, less their texts: the date label is
   * made when a popup asks for it, the summary is named as left out. */
  R.decodeColumns = function (k) {
    function col(b64, Type) {
      var bin = atob(b64), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
      return new Type(bytes.buffer);
    }
    var s = col(k.s, Uint16Array), d = col(k.d, Uint16Array), c = col(k.c, Uint8Array),
        u = col(k.u, Uint16Array), x = col(k.x, Uint16Array), y = col(k.y, Uint16Array),
        f = col(k.f, Uint16Array), sn = col(k.sn, Uint32Array),
        src = col(k.src[0], k.src[1] === "u1" ? Uint8Array : Uint16Array),
        pl = col(k.pl[0], k.pl[1] === "u1" ? Uint8Array : Uint16Array),
        co = col(k.co[0], k.co[1] === "u1" ? Uint8Array : Uint16Array),
        bits = col(k.k, Uint8Array), role = col(k.r, Uint8Array),
        as = col(k.as[0], k.as[1] === "u1" ? Uint8Array : Uint16Array),
        ru = col(k.ru[0], k.ru[1] === "u1" ? Uint8Array : Uint16Array),
        di = k.di ? col(k.di, Uint16Array) : null, dpts = k.district_points || {},
        dn = k.dn || [],
        NONE = 0xFFFF, PREC = ["day", "week", "month", "year"];
    var out = new Array(k.n);
    for (var i = 0; i < k.n; i++) {
      var b = bits[i], pk = (b >> 2) & 3, ex = k.extra[i], unit = u[i] === NONE ? null : k.units[u[i]];
      var r = {s: k.base + s[i], e: k.base + s[i] + d[i], c: c[i], src: src[i], sn: sn[i],
               co: k.countries[co[i]],
               f: f[i] ? f[i] - 1 : null, pl: k.places[pl[i]], dp: PREC[b & 3],
               a1: ex && ex.a1 ? ex.a1 : (unit ? [unit] : []), t: null,
               as: as[i], ru: ru[i]};
      if (b >> 6) { r.at = b >> 6; }
      if (role[i]) { r.ro = role[i]; }
      if (di && di[i] !== NONE) { r.di = di[i]; }
      if (pk === 1) {
        r.pk = "point";
        if (ex && ex.la !== undefined) { r.la = ex.la; r.lo = ex.lo; }
        else { r.la = 23 + y[i] / 1000; r.lo = 55 + x[i] / 1000; }
      } else if (pk === 2 && unit && k.unit_points[unit]) {
        r.pk = "province"; r.la = k.unit_points[unit][0]; r.lo = k.unit_points[unit][1];
      } else if (pk === 3 && r.di !== undefined && dpts[dn[r.di]]) {
        r.pk = "district"; r.la = dpts[dn[r.di]][0]; r.lo = dpts[dn[r.di]][1];
      }
      if (b & 16) { r.ar = 1; if (ex && ex.pa) { r.pa = ex.pa; } }
      if (b & 32) { r.nc = 1; }
      out[i] = r;
    }
    return out;
  };

  /* "March 2018 (known to the month)": how map_runtime.activity_data.date_label writes it. */
  R.dateLabel = function (r) {
    if (r.dl) { return r.dl; }
    var a = new Date(r.s * 86400000), b = new Date(r.e * 86400000), p = r.dp || "day";
    var M = R.MONTHS_LONG;
    var text;
    if (p === "day" && r.s === r.e) { text = R.dayLabel(r.s); }
    else if (p === "month" && a.getUTCFullYear() === b.getUTCFullYear() &&
             a.getUTCMonth() === b.getUTCMonth()) {
      text = M[a.getUTCMonth()] + " " + a.getUTCFullYear();
    } else if (p === "year" && a.getUTCFullYear() === b.getUTCFullYear()) {
      text = String(a.getUTCFullYear());
    } else if (p === "month") {
      text = R.MONTHS[a.getUTCMonth()] + " " + a.getUTCFullYear() + " – " +
             R.MONTHS[b.getUTCMonth()] + " " + b.getUTCFullYear();
    } else if (p === "year") {
      text = a.getUTCFullYear() + " – " + b.getUTCFullYear();
    } else { text = R.dayLabel(r.s) + " – " + R.dayLabel(r.e); }
    var known = {day: "{date} (known to the day)", month: "{date} (known to the month)",
                 year: "{date} (known to the year)"}[p];
    /* As map_runtime.activity_data.date_label: a precision without a phrase is named. */
    return known ? R.say(known, {date: text}) : text + " (known to the " + p + ")";
  };

  /* Shared geometry: each FeatureCollection is embedded once and drawn by any layer. */
  R.geo = R.geo || {};
  R.addGeo = function (name, fc) { R.geo[name] = fc; };

  /* A tooltip: rows of [label, value] as text. */
  R.table = function (rows, cls) {
    var tbl = document.createElement("table");
    tbl.className = cls || "iskp-tip";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      tr.appendChild(R.el("th", row[0]));
      tr.appendChild(R.el("td", row[1]));
      tbl.appendChild(tr);
    });
    return tbl;
  };

  /* Draw a shared collection into a Leaflet group.
   * cfg: geo (collection name), key (property naming a feature), cls (path class), style (base),
   * styles ({key value: style}), tooltip ([[label, field]]: a feature property or a value from
   * cfg.values[key value]), values, highlight (bool). Returns the L.GeoJSON layer. */
  R.geoLayer = function (group, cfg) {
    var values = cfg.values || {};
    if (cfg.zero && /iskp-choropleth/.test(cfg.cls)) { R.zeroFill = cfg.zero.toLowerCase(); }
    /* cfg.zero, cfg.default_value: the fill and values of features not listed (of 398
     * districts most have none: listing only the others keeps an export small). */
    function val(f, field) {
      var k = f.properties[cfg.key], v = values[k] || cfg.default_value || {};
      return field in v ? v[field] : f.properties[field];
    }
    var layer = L.geoJSON(R.geo[cfg.geo], {
      style: function (f) {
        return L.Util.extend({}, cfg.style || {}, cfg.zero ? {fillColor: cfg.zero} : {},
                             (cfg.styles || {})[f.properties[cfg.key]] || {});
      },
      onEachFeature: function (f, l) {
        l.options.className = cfg.cls + " iso-" + f.properties[cfg.key];
        if (cfg.tooltip) {
          l.bindTooltip(function () {
            /* A row's label can be replaced in the page (layer.iskpLabels[field]): the
             * window and metric a count is of change without a new map. */
            return R.table(cfg.tooltip.map(function (t) {
              return [(layer.iskpLabels || {})[t[1]] || t[0], val(f, t[1])];
            }));
          }, {sticky: true});
        }
        if (cfg.key === "iso") {
          l.on("click", function (e) {
            R.report({province: f.properties.iso});
            if (R.drawing && R.drawing()) { return; }
            /* What else a click on a unit opens (the activity areas it lies in). */
            R.unitClicks.forEach(function (fn) { fn(f.properties, e.latlng); });
          });
        } else if (cfg.key === "id" && f.properties.province_iso) {
          l.on("click", function () {
            R.report({province: f.properties.province_iso, district: f.properties.id});
          });
        }
        if (cfg.highlight) {
          l.on("mouseover", function () { l.setStyle({weight: 3, color: "#000"}); });
          l.on("mouseout", function () { layer.resetStyle(l); });
        }
      }
    });
    layer.iskpValues = values;
    group.addLayer(layer);
    return layer;
  };
  /* What the reader does in a map that whoever hosts it wants to know (map_runtime/js/iskp_host.js
   * sets R.host): a window chosen on the timeline, a province clicked. A file opened on its
   * own has no host and nothing is sent. */
  R.unitClicks = R.unitClicks || [];
  R.report = function (msg) {
    if (msg.province && R.drawing && R.drawing()) { return; }  /* a click that draws */
    if (typeof R.host === "function") {
      try { R.host(msg); } catch (e) { /* the host went away: nothing to tell */ }
    }
  };

  /* Markers for the records of the window, kept between windows: a window change adds the
   * records that enter and removes those that leave, so a marker that stays keeps its open
   * popup, and a playback frame costs the change, not the whole set.
   * keep(r): whether a record has a marker at all; make(r): the marker. */
  R.windowMarkers = function (group, data, keep, make, test) {
    var shown = {};
    test = test || R.inWindow;
    return function (w) {
      var add = [], remove = [], next = {};
      data.records.forEach(function (r, i) {
        if (!keep(r) || !test(r, w)) { return; }
        next[i] = shown[i] || make(r);
        if (!shown[i]) { add.push(next[i]); }
      });
      Object.keys(shown).forEach(function (i) { if (!next[i]) { remove.push(shown[i]); } });
      shown = next;
      if (group.removeLayers) { group.removeLayers(remove); group.addLayers(add); }
      else {
        remove.forEach(function (m) { group.removeLayer(m); });
        add.forEach(function (m) { group.addLayer(m); });
      }
    };
  };
  /* Many records (the columns form): markers cannot be one per record. The window's records
   * are counted per 48-pixel cell of the current view at each window change, zoom and pan; a
   * cell with one record is that record's marker (make(r)), a cell with more is a count that
   * zooms in when clicked. Records at one spot (many reports name a town) open one popup that
   * pages through them. keep(r): whether a record is drawn at all. Returns draw(window).
   * Why not a cluster index (supercluster): it holds one set of points, so every window and
   * playback frame would rebuild it (1.5 s for 250,000 points, measured); this is one pass. */
  R.gridMarkers = function (map, group, data, keep, make, test) {
    var CELL = 48, w = null, recs = data.records, PI = Math.PI;
    test = test || R.inWindow;
    recs.forEach(function (r) {
      if (r.pk) {
        var phi = Math.max(-85, Math.min(85, r.la)) * PI / 180;
        r.mx = (r.lo + 180) / 360;
        r.my = (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / PI) / 2;
      }
    });
    function pager(cell) {
      var box = R.el("div", null, "iskp-pager"), k = 0;
      var head = R.el("div", "", "iskp-pager-head"), body = R.el("div");
      var prev = R.el("button", "◀"), next = R.el("button", "▶");
      prev.type = next.type = "button";
      function show() {
        head.textContent = R.say("{k} of {n} records here", {k: k + 1, n: cell.list.length});
        while (body.firstChild) { body.removeChild(body.firstChild); }
        body.appendChild(R.popup(data, cell.list[k]));
      }
      prev.onclick = function () { k = (k + cell.list.length - 1) % cell.list.length; show(); };
      next.onclick = function () { k = (k + 1) % cell.list.length; show(); };
      [prev, head, next].forEach(function (e) { box.appendChild(e); });
      box.appendChild(body);
      show();
      return box;
    }
    /* What is drawn, per cell: {list, layer}. Cells are keyed by zoom and world pixels, so a
     * pan keeps their keys; a cell whose records are the same keeps its marker, and with it
     * an open popup (opening one pans the map, and that pan must not close it). */
    var drawn = {};
    function same(a, b) {
      if (a.length !== b.length) { return false; }
      for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
      return true;
    }
    function marker(cell, z) {
      var n = cell.list.length;
      if (n === 1) { return make(cell.list[0]); }
      var at = [cell.la / n, cell.lo / n];
      var m = L.marker(at, {icon: L.divIcon({
        html: "<div><span>" + n + "</span></div>", iconSize: [40, 40],
        className: "marker-cluster iskp-cell marker-cluster-" +
                   (n < 10 ? "small" : n < 100 ? "medium" : "large")})});
      if (cell.same || z >= map.getMaxZoom()) {
        m.bindPopup(function () { return pager(cell); }, {maxWidth: 380});
      } else {
        m.bindTooltip(R.el("span", R.say("{n} records here: click to zoom in", {n: n})));
        m.on("click", function () { map.setView(at, Math.min(map.getMaxZoom(), z + 2)); });
      }
      return m;
    }
    function draw() {
      var z = map.getZoom(), scale = 256 * Math.pow(2, z), b = map.getPixelBounds();
      var pad = CELL * 2, cells = {}, list = [];
      for (var i = 0; i < recs.length; i++) {
        var r = recs[i];
        if (!r.pk || !keep(r) || !test(r, w)) { continue; }
        var px = r.mx * scale, py = r.my * scale;
        if (px < b.min.x - pad || px > b.max.x + pad || py < b.min.y - pad ||
            py > b.max.y + pad) { continue; }
        var key = z + ":" + Math.floor(px / CELL) + ":" + Math.floor(py / CELL);
        var cell = cells[key];
        if (!cell) {
          cell = cells[key] = {key: key, list: [], la: 0, lo: 0, same: true};
          list.push(cell);
        }
        if (cell.list.length && (cell.list[0].la !== r.la || cell.list[0].lo !== r.lo)) {
          cell.same = false;
        }
        cell.list.push(r); cell.la += r.la; cell.lo += r.lo;
      }
      var next = {};
      list.forEach(function (cell) {
        var old = drawn[cell.key];
        next[cell.key] = old && same(old.list, cell.list) ? old
          : {list: cell.list, layer: marker(cell, z)};
      });
      Object.keys(drawn).forEach(function (k) {
        if (next[k] !== drawn[k]) { group.removeLayer(drawn[k].layer); }
      });
      Object.keys(next).forEach(function (k) {
        if (!group.hasLayer(next[k].layer)) { group.addLayer(next[k].layer); }
      });
      drawn = next;
    }
    map.on("zoomend moveend", draw);
    return function (win) { w = win; draw(); };
  };
  R.onWindow = function (fn) { R.listeners.push(fn); if (R.window) { fn(R.window); } };
  R.setWindow = function (start, end) {
    R.window = {s: start, e: end};
    R.listeners.forEach(function (fn) { fn(R.window); });
  };
  /* Draw now (whole data set until a window is set) and again whenever the window changes. */
  R.follow = function (draw) { R.onWindow(draw); if (!R.window) { draw(null); } };
  /* What a host (the app) or the reader of a file shows: categories {index: 1}, countries
   * {code: 1} and actors {name: 1} (null: all), and attributions {index in iskp, possible,
   * other: 1} (null: the page's default, ``data.shown``: ISKP). Every layer, count and the
   * timeline ask through R.passes (categories, countries, actors), R.isActivity (that, and
   * an attribution counted as ISKP activity: iskp, or possible when shown) and R.inWindow. */
  R.ATTRIBUTIONS = ["iskp", "possible", "other"];
  R.filter = R.filter || {c: null, co: null, at: null, ac: null, v: 0};
  R.filterListeners = R.filterListeners || [];
  R.shownAt = function () { return R.filter.at || R.defaultAt || {0: 1}; };
  R.passes = function (rec) {
    var f = R.filter;
    if ((f.c && f.c[rec.c] !== 1) || (f.co && f.co[rec.co] !== 1)) { return false; }
    if (f.ac) {
      var n = rec.names || [];
      /* Decided once per combination of actors and filter, not once per record. */
      if (n._v !== f.v) {
        n._v = f.v;
        n._ok = n.some(function (x) { return f.ac[x] === 1; });
      }
      return n._ok;
    }
    return true;
  };
  R.isActivity = function (rec) {
    var a = rec.at || 0;
    return a < 2 && R.shownAt()[a] === 1 && R.passes(rec);
  };
  /* Other actors' records: context, drawn grey when shown, never counted. */
  R.showsContext = function () { return R.shownAt()[2] === 1; };
  /* What the choropleth and the change map count: "records" or "fatalities". A host (the app)
   * switches it in the page; a file keeps the one it was exported with. */
  R.metric = R.metric || null;
  /* The change map's baseline as a host (the app) sets it in the page: [first, last day], or
   * null (no comparison: a page that needs one keeps the change map off). Listeners
   * recompute. */
  R.baseline = R.baseline || null;
  R.baselineListeners = R.baselineListeners || [];
  R.setBaseline = function (b) {
    R.baseline = b && b.length === 2 ? b : null;
    if (R.baseline) {
      var said = R.say("Change against {window}",
                       {window: R.dayLabel(b[0]) + " – " + R.dayLabel(b[1])});
      document.querySelectorAll(".iskp-legend-change-title").forEach(function (h) {
        h.textContent = said;
      });
    }
    R.baselineListeners.forEach(function (fn) { fn(R.baseline); });
  };
  /* "Records per province": the legend's heading (map_page.legend.metric_heading). */
  R.metricHeading = function (metric, unit) {
    return R.say({"records province": "Records per province",
                  "records district": "Records per district",
                  "fatalities province": "Fatalities per province",
                  "fatalities district": "Fatalities per district"}[
                    (metric === "fatalities" ? "fatalities " : "records ") + unit]);
  };
  R.setMetric = function (metric) {
    R.metric = metric;
    document.querySelectorAll(".iskp-legend-metric").forEach(function (h) {
      h.textContent = R.metricHeading(metric, R.unit || "province");
    });
  };
  /* at: attribution indices shown (null: the page's default); actors: names (null: all; an
   * empty list: none, as a link naming actors the data does not have). */
  R.setFilter = function (cats, countries, at, actors) {
    R.filter = {c: R.setOf(cats), co: R.setOf(countries), at: at ? R.setOf(at) : null,
                ac: actors ? R.setOf(actors) : null, v: R.filter.v + 1};
    document.querySelectorAll(".iskp-legend-row[data-cat]").forEach(function (row) {
      row.style.display = !cats || cats.indexOf(+row.dataset.cat) >= 0 ? "" : "none";
    });
    var shown = R.shownAt();
    document.querySelectorAll("[data-attribution]").forEach(function (row) {
      row.style.display = shown[+row.dataset.attribution] === 1 ? "" : "none";
    });
    R.filterListeners.forEach(function (fn) { fn(R.filter); });
  };
  R.inWindow = function (rec, w) {
    return (!w || (rec.s <= w.e && rec.e >= w.s)) && R.isActivity(rec);
  };
  /* Any attribution: the meetings layer and the context layer choose their own. */
  R.inWindowAny = function (rec, w) {
    return (!w || (rec.s <= w.e && rec.e >= w.s)) && R.passes(rec);
  };
  R.thousands = function (n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); };
  /* What the page shows, as geo.attribution.statement writes it: "ISKP: 3 of 174 records ·
   * possibly ISKP: 0 (hidden) · other actors: 171 (hidden)". */
  R.attributionText = function (data, w, meetingsApart) {
    var n = [0, 0, 0], m = 0, shown = R.shownAt(),
        meeting = data.categories.indexOf("counter-terrorism meeting");
    data.records.forEach(function (r) {
      if (!R.inWindowAny(r, w)) { return; }
      var a = r.at || 0;
      n[a] += 1;
      if (a === 2 && r.c === meeting) { m += 1; }
    });
    function state(a) {
      if (shown[a] === 1) {
        return ["", R.say(" (shown hollow)"), R.say(" (shown as grey context)")][a];
      }
      if (a === 2 && meetingsApart && m) {
        return R.sayN(m, " (hidden, but for {n} meeting in their own layer)",
                      " (hidden, but for {n} meetings in their own layer)");
      }
      return R.say(" (hidden)");
    }
    return R.say("ISKP: {iskp} of {total} records", {iskp: R.thousands(n[0]),
                 total: R.thousands(n[0] + n[1] + n[2])}) + state(0) + " · " +
           R.say("possibly ISKP: {n}", {n: R.thousands(n[1])}) + state(1) + " · " +
           R.say("other actors: {n}", {n: R.thousands(n[2])}) + state(2);
  };
  /* What the window holds, in the words geo.counts.counts_text writes (app, slides, summary):
   * "4 events · 4 area claims · 5 other records · 1 context record (other actors)". Other
   * actors' records count as context when shown, and their meetings while the meetings layer
   * is in the page (as the map draws them). */
  R.countsText = function (data, w) {
    var n = [0, 0, 0, 0], shown = R.shownAt(),
        apart = !!document.querySelector('.iskp-attribution[data-meetings="1"]'),
        meeting = data.categories.indexOf("counter-terrorism meeting");
    data.records.forEach(function (r) {
      if (!R.inWindowAny(r, w)) { return; }
      var a = r.at || 0;
      if (a === 2) {
        if (shown[2] === 1 || (apart && r.c === meeting)) { n[3] += 1; }
      } else if (shown[a] === 1) {
        n[r.nc ? 2 : (r.ar ? 1 : 0)] += 1;
      }
    });
    var parts = [R.sayN(n[0], "{n} event", "{n} events"),
                 R.sayN(n[1], "{n} area claim", "{n} area claims"),
                 R.sayN(n[2], "{n} other record", "{n} other records")];
    if (n[3]) {
      parts.push(R.sayN(n[3], "{n} context record (other actors)",
                        "{n} context records (other actors)"));
    }
    return parts.join(" · ");
  };
  /* Every statement of what is shown (legend, title) follows the window and the filter. */
  R.followAttribution = function (data) {
    function update() {
      var text = null;
      document.querySelectorAll(".iskp-attribution").forEach(function (el) {
        text = text || R.attributionText(data, R.window, el.dataset.meetings === "1");
        el.textContent = text;
      });
    }
    R.onWindow(update);
    R.filterListeners.push(update);
  };
  R.dayToDate = function (d) { return new Date(d * 86400000).toISOString().slice(0, 10); };
  /* A day as the legend, the date fields and the timeline write it: "01 Sep 2014". */
  R.MONTHS = W.months || ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                          "Nov", "Dec"];
  R.MONTHS_LONG = W.months_long || ["January", "February", "March", "April", "May", "June",
                                    "July", "August", "September", "October", "November",
                                    "December"];
  R.dayLabel = function (d) {
    var t = new Date(d * 86400000);
    return String(t.getUTCDate()).padStart(2, "0") + " " + R.MONTHS[t.getUTCMonth()] + " " +
           t.getUTCFullYear();
  };
  /* A typed date: "01 Sep 2014" (as the legend writes it), "1 September 2014" or
   * "2014-09-01", as a day number; anything else, or a day that does not exist, is NaN. */
  R.toDay = function (v) {
    v = (v || "").trim();
    var y, mo, d, m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
    if (m) { y = +m[1]; mo = +m[2] - 1; d = +m[3]; }
    else {
      m = /^(\d{1,2})\s+([^\s\d.]{2,})\.?\s+(\d{4})$/.exec(v);
      if (!m) { return NaN; }
      /* English by its first three letters; a page's own month names (Dari's) in full. */
      mo = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .indexOf(m[2].slice(0, 3).toLowerCase());
      if (mo < 0 || m[2].length < 3) { mo = R.MONTHS_LONG.indexOf(m[2]); }
      y = +m[3]; d = +m[1];
      if (mo < 0) { return NaN; }
    }
    var t = new Date(Date.UTC(y, mo, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo || t.getUTCDate() !== d) {
      return NaN;
    }
    return Math.floor(t.getTime() / 86400000);
  };
  /* The window of a preset over data from day lo to day hi, as [first, last]: "last30" (the
   * last 30 days of the data), "last12" (from the day after the same date a year before the
   * last, 28 Feb for a 29 Feb), "all", or a year ("2018"), clipped to the data. The timeline
   * and the app's sidebar offer the same presets. */
  R.presetWindow = function (name, lo, hi) {
    var t = new Date(hi * 86400000), y = t.getUTCFullYear(), mo = t.getUTCMonth(),
        d = t.getUTCDate(), a;
    if (name === "last30") { a = hi - 29; }
    else if (name === "last12") {
      var monthEnd = new Date(Date.UTC(y - 1, mo + 1, 0)).getUTCDate();
      a = Math.floor(Date.UTC(y - 1, mo, Math.min(d, monthEnd)) / 86400000) + 1;
    } else if (name === "all") { a = lo; }
    else if (/^\d{4}$/.test(name)) {
      var first = Math.floor(Date.UTC(+name, 0, 1) / 86400000),
          last = Math.floor(Date.UTC(+name + 1, 0, 1) / 86400000) - 1;
      return [Math.max(lo, first), Math.min(hi, last)];
    } else { return null; }
    return [Math.max(lo, a), hi];
  };

  /* Records (or fatalities) per admin-1 code in the window: placed events only, as in
   * geo.joins.per_province (area claims, r.ar, and categories that are not events, r.nc, are
   * counted apart). */
  R.countByPlace = function (data, w, metric) {
    var out = {};
    data.records.forEach(function (r) {
      if (!R.inWindow(r, w) || !r.a1 || r.ar || r.nc) { return; }
      r.a1.forEach(function (iso) {
        var v = metric === "fatalities" ? (r.f || 0) : 1;
        out[iso] = (out[iso] || 0) + v;
      });
    });
    return out;
  };

  /* The same per district id (records with a district: geo.district_counts.per_district). */
  R.countByDistrict = function (data, w, metric) {
    var out = {}, dn = data.dn || [];
    data.records.forEach(function (r) {
      if (r.di === undefined || !R.inWindow(r, w) || r.ar || r.nc) { return; }
      var id = dn[r.di];
      out[id] = (out[id] || 0) + (metric === "fatalities" ? (r.f || 0) : 1);
    });
    return out;
  };
  /* What the choropleth counts by: "province" or "district" (a page with district outlines).
   * A host (the app) or the legend's switch sets it; listeners redraw. */
  R.unit = R.unit || "province";
  R.unitListeners = R.unitListeners || [];
  R.setUnit = function (unit) {
    if (unit !== "district" && unit !== "province") { return; }
    R.unit = unit;
    document.querySelectorAll(".iskp-legend-metric").forEach(function (h) {
      h.textContent = R.metricHeading(R.metric, unit);
    });
    document.querySelectorAll("[data-unit-choice]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.unitChoice === unit));
    });
    document.querySelectorAll(".iskp-legend-unit").forEach(function (e) {
      e.textContent = R.say(unit);
    });
    R.unitListeners.forEach(function (fn) { fn(unit); });
  };
  /* Area claims per admin-1 code in the window: {iso: [as core, as possible]}. */
  R.areaCounts = function (data, w) {
    var out = {};
    data.records.forEach(function (r) {
      if (!r.ar || r.nc || !R.inWindow(r, w)) { return; }
      (r.a1 || []).forEach(function (i) { (out[i] = out[i] || [0, 0])[0] += 1; });
      (r.pa || []).forEach(function (i) { (out[i] = out[i] || [0, 0])[1] += 1; });
    });
    return out;
  };
  /* "2 (+1 possibly)": how a tooltip says it. */
  R.areaText = function (n) {
    n = n || [0, 0];
    return n[1] ? R.say("{n} (+{m} possibly)", {n: n[0], m: n[1]}) : String(n[0]);
  };

  /* A name on the map for the label placement (R.placeLabels): a text node in a marker
   * that takes no pointer; rank orders who gets room first. Returns its element. */
  R.addLabel = function (group, p, cls, iconCls) {
    var div = R.el("div", p.t, cls + " iskp-label");
    div.dataset.rank = p.r;
    if (p.iso) { div.dataset.iso = p.iso; }
    group.addLayer(L.marker([p.la, p.lo], {interactive: false, keyboard: false,
      icon: L.divIcon({html: div, className: iconCls, iconSize: [0, 0]})}));
    return div;
  };
  R.el = function (tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  };

  /* "ISKP, the actor": a record's attribution and ISKP's role in it. */
  R.attributionLabel = function (r) {
    var a = r.at || 0;
    if (a === 2) { return R.say("other actors: context, not ISKP activity"); }
    var role = r.ro === 1 ? R.say(", the actor") : r.ro === 2 ? R.say(", the other party") : "";
    return (a === 1 ? R.say("possibly ISKP (a shared attribution)") : "ISKP") + role;
  };
  /* A popup for one record, built from text nodes only. */
  R.popup = function (data, r) {
    var box = R.el("div", null, "iskp-popup");
    var cat = data.categories[r.c];
    box.appendChild(R.el("div", R.say(cat), "iskp-popup-cat"));
    var rows = [[R.say("Date"), R.dateLabel(r)], [R.say("Place"), r.pl],
                [R.say("Actors"), (r.names || []).join("; ") || R.say("none named")],
                [R.say("Attribution"), R.attributionLabel(r)],
                [R.say("Fatalities"), r.f === null ? R.say("not given") : r.f],
                [R.say("Source"),
                 data.sources[r.src].replace("{}", r.sn === undefined ? "" : r.sn)]];
    var t = r.t !== null ? R.el("div", r.t, "iskp-popup-summary")
      : R.el("div", R.say("Summary not in this file (more than 20,000 records): see the " +
                          "source's own export."), "iskp-popup-summary iskp-popup-left-out");
    box.appendChild(t);
    var tbl = document.createElement("table");
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      tr.appendChild(R.el("th", row[0]));
      tr.appendChild(R.el("td", row[1]));
      tbl.appendChild(tr);
    });
    box.appendChild(tbl);
    if (data.rules && data.rules[r.ru]) {
      box.appendChild(R.el("div", R.say("Rule: {rule}", {rule: data.rules[r.ru]}),
                           "iskp-popup-rule"));
    }
    if (r.nt) { box.appendChild(R.el("div", r.nt, "iskp-popup-notes")); }
    if (r.fl) { box.appendChild(R.el("div", r.fl, "iskp-popup-flag")); }
    return box;
  };

  /* Collision-aware labels (layers/places.py): every .iskp-label of the map is placed in rank
   * order at the first of its candidate positions that overlaps no placed label and no marker,
   * or hidden. Boxes are measured once per pass (one layout), candidates computed from them. */
  R.placeLabels = function (map) {
    var pending = false;
    var OBSTACLES = ".iskp-incident, .iskp-incident-province, .iskp-incident-district, " +
                    ".iskp-meeting, .marker-cluster, " +
                    ".iskp-context, .iskp-city-dot, .leaflet-control";
    function overlaps(a, b) {
      return a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
    }
    /* The leader line from a place (the label's anchor) to the near edge of its moved label. */
    function leader(el, move) {
      var line = el.parentNode && el.parentNode.querySelector(".iskp-leader");
      if (!move) { if (line) { line.remove(); } return; }
      if (!line) {
        line = document.createElement("div");
        line.className = "iskp-leader";
        line.setAttribute("aria-hidden", "true");
        el.parentNode.insertBefore(line, el);
      }
      var w = move.box.r - move.box.l, h = move.box.b - move.box.t;
      var dist = Math.sqrt(move.dx * move.dx + move.dy * move.dy);
      var edge = Math.min(move.dx ? (w / 2) / Math.abs(move.dx) : Infinity,
                          move.dy ? (h / 2) / Math.abs(move.dy) : Infinity);
      line.style.width = Math.max(0, dist * (1 - edge) - 1) + "px";
      line.style.transform = "rotate(" + Math.atan2(move.dy, move.dx) + "rad)";
    }
    function run() {
      pending = false;
      var size = map.getContainer().getBoundingClientRect();
      if (!size.width || !size.height) {
        /* Not laid out yet (an iframe still at size zero): placing now would hide all. */
        schedule();
        return;
      }
      R.clusterRows(map);
      R.keepDataClear(map);
      var box = map.getContainer(), zoom = map.getZoom();
      function dot(el, show) {
        if (!el.dataset.dot) { return; }
        box.querySelectorAll("." + el.dataset.dot).forEach(function (d) {
          d.style.visibility = show ? "" : "hidden";
        });
      }
      var labels = Array.prototype.slice.call(box.querySelectorAll(".iskp-label"));
      labels = labels.filter(function (el) {
        /* A fitted view (slides, presentation) sits at a fractional zoom: a city of the
         * default view keeps its name down to half a level below it. */
        var shown = !el.dataset.minzoom || +el.dataset.minzoom <= zoom + 0.5;
        el.style.transform = "translate(-50%, -50%)";
        leader(el, null);
        el.style.visibility = shown ? "" : "hidden";
        dot(el, shown);
        return shown;
      });
      var rects = labels.map(function (el) { return el.getBoundingClientRect(); });
      var placed = Array.prototype.filter.call(box.querySelectorAll(OBSTACLES), function (el) {
        return el.style.visibility !== "hidden";
      }).map(function (el) {
        var r = el.getBoundingClientRect();
        return {l: r.left, r: r.right, t: r.top, b: r.bottom, dot: el.classList.contains(
          "iskp-city-dot")};
      }).filter(function (o) { return o.r > o.l; });
      /* The shapes a province's name keeps off, measured once per pass: a point is tested
       * on the few whose box holds it, by their geometry (isPointInFill), not by hit-testing
       * the page (elementsFromPoint cost 250 ms of a first map with 400 districts in it). */
      function shapes(sel, keep) {
        return Array.prototype.filter.call(box.querySelectorAll(sel), keep)
          .map(function (el) { return {el: el, r: el.getBoundingClientRect(), m: null}; });
      }
      function inside(s, x, y) {
        if (x < s.r.left || x > s.r.right || y < s.r.top || y > s.r.bottom) { return false; }
        if (!s.m) {
          var ctm = s.el.getScreenCTM();
          if (!ctm) { return false; }
          s.m = ctm.inverse();
        }
        return s.el.isPointInFill(new DOMPoint(x, y).matrixTransform(s.m));
      }
      var shaded = !R.zeroFill ? [] : shapes("path.iskp-choropleth", function (e) {
        var fill = String(e.getAttribute("fill") || "none").toLowerCase();
        return fill !== "none" && fill !== R.zeroFill;
      });
      var provinceShapes = shapes("path.iskp-province", function () { return true; });
      /* Whether box c lies partly on a shaded province other than ``own`` (five points:
       * its middle and inset corners). */
      function shadedUnder(c, own) {
        if (!shaded.length) { return false; }
        var dx = (c.r - c.l) * 0.15, dy = (c.b - c.t) * 0.25;
        return [[(c.l + c.r) / 2, (c.t + c.b) / 2], [c.l + dx, c.t + dy], [c.r - dx, c.t + dy],
                [c.l + dx, c.b - dy], [c.r - dx, c.b - dy]].some(function (pt) {
          return shaded.some(function (s) {
            return !s.el.classList.contains("iso-" + own) && inside(s, pt[0], pt[1]);
          });
        });
      }
      /* Whether box c's middle lies off Afghanistan's provinces (a name pushed into
       * Pakistan reads as a Pakistani place). Only where the provinces are drawn. */
      function beyond(c) {
        if (!provinceShapes.length) { return false; }
        var x = (c.l + c.r) / 2, y = (c.t + c.b) / 2;
        return !provinceShapes.some(function (s) { return inside(s, x, y); });
      }
      /* Whether box c's middle lies on ``mine``, the label's own province's shapes: a name
       * moved onto its neighbour reads as the neighbour's (Kunar's name on Laghman pushed
       * Laghman's east). */
      function onOwn(c, mine) {
        if (!mine.length) { return true; }
        var x = (c.l + c.r) / 2, y = (c.t + c.b) / 2;
        return mine.some(function (s) { return inside(s, x, y); });
      }
      var order = labels.map(function (el, i) { return i; });
      order.sort(function (a, b) { return (+labels[a].dataset.rank || 0) -
                                          (+labels[b].dataset.rank || 0); });
      var moves = [], SMALLER = 0.8;
      /* The first free place of label el whose box is r (candidates around it), or null. */
      function place(el, r) {
        var w = r.width, h = r.height, gap = 4;
        var city = el.dataset.anchor === "city";
        var cands = city
          ? [[w / 2 + gap + 2, 0], [-w / 2 - gap - 2, 0], [0, -h / 2 - gap], [0, h / 2 + gap],
             [w / 2 + 3 * gap + 2, 0], [-w / 2 - 3 * gap - 2, 0], [0, -h - 2 * gap]]
          : [[0, 0], [0, h * 0.9], [0, -h * 0.9], [w * 0.55, 0], [-w * 0.55, 0],
             [0, h * 1.8], [0, -h * 1.8]];
        var near = cands.length;
        if (el.classList.contains("province-label") || (city && +el.dataset.rank < 100)) {
          /* A little farther out, joined to the province (or the capital's dot) by a leader
           * line: the crowded east keeps its names, and a capital ringed by records keeps its
           * name instead of losing it. */
          var far = h * 2.2, side = w / 2 + 14;
          cands = cands.concat([[side, 0], [-side, 0], [0, far], [0, -far], [side * 0.8, far],
            [-side * 0.8, far], [side * 0.8, -far], [-side * 0.8, -far],
            [side + 24, far * 0.5], [-side - 24, far * 0.5], [side + 24, -far * 0.5],
            [-side - 24, -far * 0.5], [side + 30, 0], [-side - 30, 0], [0, far * 1.7],
            [0, -far * 1.7]]);
        }
        var frame = box.getBoundingClientRect();
        var found = null, fallback = null, astray = null, own = el.dataset.iso;
        var mine = !own ? [] : provinceShapes.filter(function (s) {
          return s.el.classList.contains("iso-" + own); });
        for (var k = 0; k < cands.length && !found; k++) {
          var c = {l: r.left + cands[k][0], r: r.right + cands[k][0],
                   t: r.top + cands[k][1], b: r.bottom + cands[k][1]};
          /* A label never leaves the map (a slide would cut it). */
          var clear = c.l >= frame.left && c.r <= frame.right && c.t >= frame.top &&
                      c.b <= frame.bottom && placed.every(function (o) {
            /* A city's own dot is not in its way. */
            return !overlaps(c, o) || (o.dot && city && Math.abs((o.l + o.r) / 2 -
                   (r.left + r.right) / 2) < 1 && Math.abs((o.t + o.b) / 2 - (r.top + r.bottom) / 2) < 1);
          });
          if (!clear) { continue; }
          var at = {box: c, dx: cands[k][0], dy: cands[k][1], leader: k >= near};
          /* A province's name is not written over another province that is shaded (the
           * reader takes it for that one's name): another place is taken if there is one. */
          if (own && (shadedUnder(c, own) || beyond(c))) { fallback = fallback || at; continue; }
          /* Off its own province: taken only when no place on it is free, and then joined
           * to its place by a leader line, near as it may be. */
          if (own && !onOwn(c, mine)) {
            astray = astray || {box: c, dx: at.dx, dy: at.dy, leader: true};
            continue;
          }
          found = at;
        }
        return found || astray || fallback;
      }
      /* A label not laid out yet (no box) cannot be placed: it is hidden, not left where it
       * stands over its neighbours, and placement runs again, a few times, until it has one. */
      var unmeasured = rects.filter(function (r) { return !r.width; }).length;
      box.dataset.labelsUnmeasured = String(unmeasured);
      order.forEach(function (i) {
        var el = labels[i], r = rects[i];
        if (!r.width) { moves.push([el, null]); return; }
        var found = place(el, r);
        if (!found && el.classList.contains("province-label")) {
          /* A province's name with no room at its size is written smaller before it is
           * hidden: on a projector's 1280x720 the east lost Nangarhar's and Kabul's names. */
          var cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2,
              sw = r.width * SMALLER / 2, sh = r.height * SMALLER / 2;
          found = place(el, {left: cx - sw, right: cx + sw, top: cy - sh, bottom: cy + sh,
                             width: 2 * sw, height: 2 * sh});
          if (found) { found.scale = SMALLER; }
        }
        moves.push([el, found]);
        if (found) { placed.push(found.box); }
      });
      moves.forEach(function (m) {
        if (m[1]) {
          m[0].style.transform = "translate(calc(-50% + " + m[1].dx + "px), calc(-50% + " +
                                 m[1].dy + "px))" +
                                 (m[1].scale ? " scale(" + m[1].scale + ")" : "");
          leader(m[0], m[1].leader ? m[1] : null);
        } else {
          m[0].style.visibility = "hidden";
        }
        dot(m[0], !!m[1]);
      });
      map.getContainer().dataset.labelsPlaced = String(+(map.getContainer().dataset.labelsPlaced
                                                          || 0) + 1);
      if (unmeasured && retries < 25) {
        retries += 1;
        schedule();
        return;
      }
      retries = 0;
      if (!confirmed) {
        /* Once more after the first pass: markers of a view fitted while the page loads can
         * take their final places without any map event (seen in Chromium). */
        confirmed = true;
        schedule();
        timer = setTimeout(run, 400);
        return;
      }
      if (!pending) { map.getContainer().dataset.labelsPending = "0"; }
    }
    var timer = null, confirmed = false, retries = 0;
    function schedule() {
      /* Debounced: a burst of events (fitting the view, layers being added) places once,
       * after the map has settled. */
      pending = true;
      map.getContainer().dataset.labelsPending = "1";
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    }
    map.on("zoomend moveend viewreset overlayadd overlayremove layeradd resize", schedule);
    map.whenReady(schedule);
    window.addEventListener("load", schedule);
    /* The map's box can change size without Leaflet hearing of it (an iframe laid out late). */
    if (window.ResizeObserver) { new ResizeObserver(schedule).observe(map.getContainer()); }
    /* Type may be laid out with fallback metrics until the fonts are ready: measure again. */
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(schedule); }
    R.relabel = schedule;
  };

  /* Nothing covers the data: a box over the map (the legend) that sits on a drawn record
   * moves to the first corner where it covers none, or folds to its heading; the reader can
   * unfold it. Runs before labels are placed (ISKP.placeLabels), after every move and redraw. */
  R.controls = {};
  /* A box over the map that may fold to a button named ``name`` ("Legend ▸") when it would
   * cover data; opened by the reader, it stays open. */
  R.foldable = function (ctl, div, name) {
    ctl.options.home = ctl.options.home || ctl.options.position;
    var open = L.DomUtil.create("button", "iskp-unfold");
    open.type = "button";
    open.textContent = name + " ▸";
    open.title = R.say("Show the {box} (folded so that it covers no record)",
                       {box: name.toLowerCase()});
    open.onclick = function () { div.classList.add("iskp-opened");
                                 div.classList.remove("iskp-folded"); };
    div.insertBefore(open, div.firstChild);
    /* A section the reader opens in it (the sources' list) is theirs to read: the box no
     * longer folds away from the data it now covers. (toggle does not bubble: caught on
     * its way down.) */
    div.addEventListener("toggle", function (ev) {
      if (ev.target.open) { div.classList.add("iskp-opened"); }
    }, true);
    R.controls[div.className.split(" ").filter(function (c) {
      return c.indexOf("iskp-") === 0 && c !== "iskp-box"; })[0]] = ctl;
  };
  /* The legend explains a cluster only while one is drawn (zoomed in, or in a sparse window,
   * there is none). Its legend is on the map, or beside it in a print layout. */
  R.clusterRows = function (map) {
    var box = map.getContainer(), side = document.getElementById("iskp-print-side");
    var frame = box.getBoundingClientRect();
    /* Leaflet keeps markers a little beyond the edges: only one in sight counts. */
    var drawn = Array.prototype.some.call(box.querySelectorAll(".marker-cluster"), function (el) {
      return R.hit(frame, el.getBoundingClientRect());
    });
    [box, side].forEach(function (where) {
      if (!where) { return; }
      where.querySelectorAll(".iskp-cluster-row").forEach(function (row) {
        row.hidden = !drawn; });
    });
  };
  /* Whether client rectangle d (drawn: it has a width) overlaps rectangle c. */
  R.hit = function (c, d) {
    return d.width && c.left < d.right && d.left < c.right && c.top < d.bottom &&
           d.top < c.bottom;
  };
  R.DATA = ".iskp-incident, .iskp-incident-province, .iskp-incident-district, .iskp-meeting, " +
           ".iskp-context, " +
           ".marker-cluster";
  R.keepDataClear = function (map) {
    var box = map.getContainer();
    var data = Array.prototype.filter.call(box.querySelectorAll(R.DATA), function (el) {
      return el.style.visibility !== "hidden" && el.style.display !== "none";
    }).map(function (el) { return el.getBoundingClientRect(); });
    /* Afghanistan's provinces are data too (counts, area claims, a click's target): a box
     * moved away from a record must not land on them instead. Its home corner may. */
    var provinces = Array.prototype.map.call(box.querySelectorAll("path.iskp-province"),
      function (el) { return el.getBoundingClientRect(); });
    var frame = box.getBoundingClientRect();
    /* On a record, on another box (title, date filter, zoom buttons) or off the map. */
    function covers(div) {
      var c = div.getBoundingClientRect();
      return c.top < frame.top || c.bottom > frame.bottom || data.some(function (d) {
        return R.hit(c, d); }) || Array.prototype.some.call(
        box.querySelectorAll(".leaflet-control"), function (o) {
          return o !== div && !div.contains(o) && R.hit(c, o.getBoundingClientRect()); });
    }
    /* A box that yields (records outside the view) is folded while the others find their
     * places, and places itself last. */
    var keys = Object.keys(R.controls), yields = function (k) {
      return !!R.controls[k].options.yields; };
    var first = keys.filter(function (k) { return !yields(k); }),
        last = keys.filter(yields);
    last.forEach(function (key) {
      var div = R.controls[key].getContainer();
      if (div && !div.classList.contains("iskp-opened")) { div.classList.add("iskp-folded"); }
    });
    /* Boxes in one corner stack: one moving shifts the others, so a second pass settles. */
    first.concat(first, last, last).forEach(function (key) {
      var ctl = R.controls[key], div = ctl.getContainer();
      if (!div || div.classList.contains("iskp-opened")) { return; }
      div.classList.remove("iskp-folded");
      var corners = [ctl.options.home].concat(["bottomright", "topright", "bottomleft",
                                               "topleft"].filter(function (p) {
        return p !== ctl.options.home; }));
      function settle() {
        for (var i = 0; i < corners.length; i++) {
          if (ctl.getPosition() !== corners[i]) { ctl.setPosition(corners[i]); }
          if (!covers(div) && (i === 0 || !provinces.some(function (p) {
            return R.hit(div.getBoundingClientRect(), p); }))) { return corners[i]; }
        }
        return null;
      }
      /* A host may keep a box folded (map B of a side-by-side: its legend is map A's). */
      var at = R.keepFolded && R.keepFolded[key] ? null : settle();
      if (!at) {
        /* Folded to its button, which itself goes where it covers nothing. */
        div.classList.add("iskp-folded");
        if (!settle()) { ctl.setPosition(ctl.options.home); }
      }
      div.dataset.corner = at || "folded";
      if (key === "iskp-legend-box") { box.dataset.legendCorner = div.dataset.corner; }
    });
  };

  /* The Tab key walks the map's shapes: each a named button ("Nangarhar", a record's
   * words), one stop per place (the outline above a choropleth cell of the same province is
   * the stop, the cell is not), and Enter or Space does what a click does there (a popup, the
   * app's drill-down). Shapes are found after each redraw. */
  R.keyboardShapes = function (map) {
    var timer = null, byPath = new Map();
    function name(l) {
      var p = l.feature && l.feature.properties;
      if (p && (p.name || p.label)) { return String(p.name || p.label); }
      /* Else the words of its tooltip, or of its group's (a tooltip made when shown says
       * nothing yet). */
      var said = R.tooltipHolders(l).map(function (h) { return h.getTooltip().getContent(); })
        .filter(function (c) { return c && typeof c !== "function"; })[0];
      return said ? R.tipText(said).slice(0, 160) : "";
    }
    function run() {
      var seen = {};
      byPath = new Map();
      map.eachLayer(function (l) { if (l._path) { byPath.set(l._path, l); } });
      var paths = Array.prototype.slice.call(map.getContainer().querySelectorAll(
        "path.leaflet-interactive")).reverse();  /* topmost first */
      paths.forEach(function (el) {
        var l = byPath.get(el);
        if (!l) { return; }
        var label = name(l);
        var iso = (el.getAttribute("class") || "").match(/\biso-[\w-]+/);
        var key = iso ? iso[0] : null;
        if (!label || (key && seen[key])) {
          el.setAttribute("tabindex", "-1");
          return;
        }
        if (key) { seen[key] = 1; }
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "button");
        if (el.getAttribute("aria-label") !== label) { el.setAttribute("aria-label", label); }
      });
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(run, 200); }
    map.on("layeradd layerremove overlayadd overlayremove zoomend", schedule);
    map.whenReady(schedule);
    map.getContainer().addEventListener("keydown", function (ev) {
      var el = ev.target;
      if ((ev.key !== "Enter" && ev.key !== " ") || !el || el.tagName.toLowerCase() !== "path") {
        return;
      }
      var l = byPath.get(el);  /* only a shape named by run() takes the focus */
      if (!l) { return; }
      ev.preventDefault();
      ev.stopPropagation();
      var at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
      var before = map._popup && map.hasLayer(map._popup) ? map._popup : null;
      l.fire("click", {latlng: at, layerPoint: map.latLngToLayerPoint(at),
                       containerPoint: map.latLngToContainerPoint(at), originalEvent: ev}, true);
      /* A shape a click opens nothing on (a province of an exported file): its tooltip, what
       * the pointer would have shown. */
      var now = map._popup && map.hasLayer(map._popup) ? map._popup : null;
      if (!now || now === before) {
        var holder = R.tooltipHolders(l)[0];
        if (holder) { holder.openTooltip(at); }
      }
    });
  };
  /* The layers with a tooltip a shape shows: itself, then its groups (an area's parts). */
  R.tooltipHolders = function (l) {
    return [l].concat(Object.keys(l._eventParents || {}).map(function (k) {
      return l._eventParents[k]; })).filter(function (h) {
      return h.getTooltip && h.getTooltip(); });
  };
  /* A tooltip's words, whether it was given as text or as an element. */
  R.tipText = function (content) {
    return typeof content === "string" ? content : (content && content.textContent) || "";
  };

  /* Records drawn beyond the view (a meeting in Moscow or Delhi while the map shows
   * Afghanistan) are otherwise invisible: a box names those of ``group`` outside the view, and
   * a click on a name widens the view to take it in and opens it. */
  R.offView = function (map, group) {
    var ctl = L.control({position: "bottomleft"}), div = null, list = null, timer = null;
    /* It gives way to the legend and the title (ISKP.keepDataClear): folded to its button
     * when no corner is left. */
    ctl.options.yields = true;
    ctl.onAdd = function () {
      div = L.DomUtil.create("div", "iskp-box iskp-offview");
      div.setAttribute("role", "region");
      div.setAttribute("aria-label", R.say("Records outside this view"));
      list = L.DomUtil.create("div", "iskp-offview-list", div);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      R.foldable(ctl, div, R.say("Records outside this view"));
      return div;
    };
    function update() {
      if (!div) { return; }
      var was = div.hidden;
      var view = map.getBounds(), out = [];
      if (map.hasLayer(group)) {
        group.eachLayer(function (m) {
          if (m.getLatLng && !view.contains(m.getLatLng())) { out.push(m); }
        });
      }
      while (list.firstChild) { list.removeChild(list.firstChild); }
      div.hidden = !out.length;
      div.dataset.count = String(out.length);
      /* Shown or gone: the boxes over the map find their places again. */
      if (was !== div.hidden && R.relabel) { R.relabel(); }
      if (!out.length) { return; }
      list.appendChild(R.el("div", R.sayN(out.length, "{n} record outside this view:",
                                          "{n} records outside this view:"),
                            "iskp-offview-head"));
      out.slice(0, 4).forEach(function (m) {
        var tip = m.getTooltip && m.getTooltip();
        var name = (tip && R.tipText(tip.getContent())) || R.say("a record");
        var b = R.el("button", name + " ↗", "iskp-offview-item");
        b.type = "button";
        b.title = R.say("Zoom out to show it");
        b.onclick = function () {
          /* The reader's move: no late fit of the page (a frame laid out late) takes it back. */
          if (R.holdView) { R.holdView(); }
          map.fitBounds(map.getBounds().extend(m.getLatLng()), {padding: [30, 30]});
          /* Its name shown, not its popup: a popup panning into view would push the others
           * out again. */
          map.once("moveend", function () { if (m.openTooltip) { m.openTooltip(); } });
        };
        list.appendChild(b);
      });
      if (out.length > 4) {
        list.appendChild(R.el("div", R.say("and {n} more", {n: out.length - 4})));
      }
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(update, 150); }
    ctl.addTo(map);
    map.on("moveend zoomend overlayadd overlayremove resize", schedule);
    group.on("layeradd layerremove", schedule);
    schedule();
    return schedule;
  };

  /* A host (the app) switches layers in the page shown, with no new map: of ``switchable``
   * (layer ids), those in ``ids`` are on the map. The legend, the statements of what is shown
   * (meetings are other actors' records shown while their layer is on) and the labels
   * follow. */
  R.showLayers = function (map, ids, switchable) {
    var want = {}, changed = false;
    ids.forEach(function (i) { want[i] = 1; });
    (switchable || Object.keys(R.layerGroups || {})).forEach(function (id) {
      var l = (R.layerGroups || {})[id];
      if (!l) { return; }
      /* A change map with no baseline set compares with nothing: it stays off. */
      var on = want[id] === 1 && !(id === "change" && R.needsBaseline && !R.baseline);
      if (on === map.hasLayer(l.group)) { return; }
      if (on) { map.addLayer(l.group); } else { map.removeLayer(l.group); }
      map.fire(on ? "overlayadd" : "overlayremove", {name: l.title, layer: l.group});
      changed = true;
    });
    if (!changed) { return false; }
    var meetings = want.cooperation === 1 ? "1" : "0";
    document.querySelectorAll(".iskp-attribution").forEach(function (el) {
      el.dataset.meetings = meetings;
    });
    R.filterListeners.forEach(function (fn) { fn(R.filter); });
    if (R.relabel) { R.relabel(); }
    return true;
  };
  /* The title box's words, set in place by a host (presentation mode's titles). */
  R.setTitles = function (t) {
    [["iskp-title-text", t.title], ["iskp-title-subtitle", t.subtitle],
     ["iskp-title-caveat", t.caveat]].forEach(function (p) {
      document.querySelectorAll("." + p[0]).forEach(function (el) {
        if (el.textContent !== (p[1] || "")) { el.textContent = p[1] || ""; }
      });
    });
  };

  /* The legend lists only what is drawn: a section hides while every layer it explains is
   * switched off in the map's layer list, and shows again when one is back. */
  R.legendFollowsLayers = function (map) {
    var off = {};
    /* A layer the page knows by id is off when it is not on the map: an event fired before
     * this listener was attached (a host switching layers early) must not leave it counted
     * as on. Others (an export's layer list) are followed by their events. */
    function isOff(name) {
      var groups = R.layerGroups || {}, ids = Object.keys(groups);
      for (var i = 0; i < ids.length; i++) {
        if (groups[ids[i]].title === name) { return !map.hasLayer(groups[ids[i]].group); }
      }
      return off[name] === true;
    }
    function update() {
      document.querySelectorAll(".iskp-legend-sec").forEach(function (sec) {
        var names = sec.dataset.layers.split("|");
        sec.style.display = names.every(isOff) ? "none" : "";
      });
      R.relabel && R.relabel();
    }
    map.on("overlayadd", function (e) { delete off[e.name]; update(); });
    map.on("overlayremove", function (e) { off[e.name] = true; update(); });
  };

  /* The choropleth's classes: ascending upper bounds and their colours. A host (the app) sets
   * those of the window it shows, the same breaks an export of that window has; playback and
   * the in-file filter keep them, so that colours compare across frames. */
  R.choropleth = R.choropleth || null;
  R.classListeners = R.classListeners || [];
  R.setClasses = function (bounds, colours) {
    R.choropleth = {bounds: bounds, colours: colours};
    var low = 1;
    document.querySelectorAll(".iskp-legend-classes").forEach(function (box) {
      while (box.firstChild) { box.removeChild(box.firstChild); }
      low = 1;
      bounds.forEach(function (b, k) {
        var row = R.el("div", null, "iskp-legend-row iskp-class");
        var sw = R.el("span", null, "iskp-swatch");
        sw.style.background = colours[k];
        row.appendChild(sw);
        row.appendChild(document.createTextNode(low === b ? String(b) : low + "–" + b));
        box.appendChild(row);
        low = b + 1;
      });
    });
    R.classListeners.forEach(function (fn) { fn(R.choropleth); });
  };

  /* Class index of a value for ascending upper bounds; -1 for zero. */
  R.classOf = function (v, bounds) {
    if (!v) { return -1; }
    for (var i = 0; i < bounds.length; i++) { if (v <= bounds[i]) { return i; } }
    return bounds.length - 1;
  };
})();
