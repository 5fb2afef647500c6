/* ISKP map host: the project's own code (no third-party parts).
 *
 * Shows a map document (a page built by map_page.assembly with the ISKP runtime, its date door and
 * timeline) in one pane, or in two side by side, and talks to each pane in place:
 *  - show(html, panes, captions) tells every pane its window, choropleth classes, metric and
 *    the categories and countries to show (filter: {c: [index], co: [code]}); the map is
 *    rebuilt only when its document changes, so these keep zoom, pan and popups;
 *  - two panes keep one view: moving or zooming one moves the other;
 *  - steer(change) applies a change made beside the map (the app's sidebar) at once;
 *  - what the reader does in a pane (a window chosen on its timeline, a province clicked, the
 *    map moved, an annotation drawn) goes to onReport({window: [s, e]}, {province: iso},
 *    {extent: [s, w, n, e]} or {annotations: text}, with pane: its index); a pane's state may
 *    name a place to open at (fit) and carries the view's annotations (map A draws them).
 * Used by the app's map component (ui/map_host/index.html) and by side-by-side exports
 * (outputs/compare.py). Captions are set as text, never as HTML.
 */
(function () {
  "use strict";

  function Host(root, onReport, options) {
    this.root = root;
    this.onReport = onReport || function () {};
    this.options = options || {};
    this.panes = [];
    this.html = null;
    this.syncing = false;
    this.fitted = {};
  }

  Host.prototype.show = function (html, states, captions) {
    var self = this;
    states = states || [{}];
    if (html !== this.html || states.length !== this.panes.length) {
      this.build(html, states.length);
    }
    this.panes.forEach(function (pane, i) {
      if (pane.caption) { pane.caption.textContent = (captions || [])[i] || ""; }
      pane.state = states[i] || {};
      self.apply(pane);
    });
  };

  Host.prototype.build = function (html, n) {
    var self = this;
    while (this.root.firstChild) { this.root.removeChild(this.root.firstChild); }
    this.html = html;
    this.panes = [];
    for (var i = 0; i < n; i++) {
      var box = document.createElement("div");
      box.className = "iskp-pane";
      var pane = {index: i, box: box, ready: false, state: {}, caption: null};
      if (n > 1) {
        pane.caption = document.createElement("div");
        pane.caption.className = "iskp-pane-caption";
        box.appendChild(pane.caption);
      }
      var frame = document.createElement("iframe");
      frame.className = "iskp-pane-map";
      /* options.say: the host page's words (the app's language); English otherwise. */
      var say = this.options.say || function (t, v) {
        return t.replace("{pane}", v ? v.pane : ""); };
      frame.title = n > 1 ? say("Map {pane}", {pane: "AB"[i]}) : say("Map");
      box.appendChild(frame);
      pane.frame = frame;
      this.root.appendChild(box);
      this.panes.push(pane);
      frame.addEventListener("load", this.wire.bind(this, pane));
      frame.srcdoc = html;
    }
    this.root.dataset.panes = String(n);
  };

  /* Once the pane's page has run its own start-up (the date door applies the page's window in
   * a timeout of its own), it is told what to show and asked to report. */
  Host.prototype.wire = function (pane) {
    var self = this;
    setTimeout(function () {
      var win = pane.frame.contentWindow, I = win && win.ISKP;
      if (!I) { return; }
      pane.win = win;
      I.host = function (msg) { msg.pane = pane.index; self.onReport(msg); };
      win.document.addEventListener("keydown", function (ev) {
        if (self.onPaneKey) { self.onPaneKey(ev); }
      });
      if (I.map && self.options.gateWheel) { self.gateWheel(pane, I.map); }
      if (pane.index === 0) {
        /* The place the reader moved the map to, for a saved map to keep (4 decimals: about
         * 10 m). */
        I.readerMoved = function (b) {
          if (pane.fitting) { return; }  /* the host's own fit is no move of the reader's */
          var r = function (v) { return Math.round(v * 1e4) / 1e4; };
          self.onReport({extent: [r(b.getSouth()), r(b.getWest()), r(b.getNorth()),
                                  r(b.getEast())], pane: 0});
        };
      }
      /* Side by side, only map A draws annotations; map B shows them. */
      if (pane.index > 0 && I.annotations) { I.annotations.readOnly(); }
      if (pane.index > 0 && I.keepDataClear && I.map) {
        /* Both maps use one set of classes: map B's legend would repeat map A's over half
         * of a narrow map, so it stays folded to its button. */
        I.keepFolded = {"iskp-legend-box": true};
        if (I.relabel) { I.relabel(); } else { I.keepDataClear(I.map); }
      }
      if (self.panes.length > 1 && I.map) {
        I.map.on("move", function () { self.follow(pane); });
        I.jointFit = function () { self.fitTogether(); };
      }
      pane.ready = true;
      self.apply(pane);
      if (self.panes.length > 1) {
        var first = self.panes[0];
        if (pane !== first && first.ready) { self.follow(first); }
      }
    }, 0);
  };

  Host.prototype.apply = function (pane) {
    if (!pane.ready) { return; }
    var I = pane.win.ISKP, st = pane.state;
    /* A place to open at (a saved map's extent: {id, extent: [s, w, n, e]}), fitted once per
     * id, not again when a new document (a filter changed) replaces the map. */
    if (st.fit && st.fit.extent && I.map && this.fitted[pane.index] !== st.fit.id) {
      this.fitted[pane.index] = st.fit.id;
      if (I.holdView) { I.holdView(); }
      this.fit(pane, I.map, st.fit.extent, 0);
    }
    /* The unit first: switching it sets that unit's own classes, which the host's replace. */
    if (st.unit && I.setUnit && st.unit !== (I.unit || "province")) { I.setUnit(st.unit); }
    if (st.bounds && I.setClasses) {
      var c = I.choropleth;
      if (!c || JSON.stringify(c.bounds) !== JSON.stringify(st.bounds) ||
          JSON.stringify(c.colours) !== JSON.stringify(st.colours)) {
        I.setClasses(st.bounds, st.colours);
      }
    }
    var w = st.window, refilter = false;
    if (st.metric && I.setMetric && st.metric !== (I.metric || "records")) {
      I.setMetric(st.metric);
      refilter = true;
    }
    if ("filter" in st && I.setFilter) {
      var f = JSON.stringify(st.filter || null);
      if (f !== (pane.filter || "null")) {
        pane.filter = f;
        var sf = st.filter || {};
        I.setFilter(sf.c || null, sf.co || null, sf.at || null, sf.ac || null);
        refilter = true;
      }
    }
    /* The first window a pane is given is its own "exported window" (map B's reset). */
    if (w && I.windowRange && !pane.home) {
      pane.home = true;
      I.windowRange.start = w[0];
      I.windowRange.end = w[1];
    }
    /* The same window again (the app echoing the reader's own choice) is not redrawn, unless
     * the categories or countries changed. */
    if (w && I.applyWindow && (refilter ||
        !(I.window && I.window.s === w[0] && I.window.e === w[1]))) {
      I.applyWindow(w[0], w[1], "host");
    }
    pane.box.dataset.window = w ? w[0] + "-" + w[1] : "";
    /* The change map's baseline, before the layers: the map is switched on with it set. */
    if ("baseline" in st && I.setBaseline) {
      var b = JSON.stringify(st.baseline || null);
      if (b !== (pane.baseline || "null")) { pane.baseline = b; I.setBaseline(st.baseline); }
    }
    if ("annotations" in st && I.annotations) { I.annotations.set(st.annotations || ""); }
    /* Layers and titles are applied here too: switching one is no new map. */
    if (st.layers && I.showLayers && I.map) { I.showLayers(I.map, st.layers, st.switchable); }
    if (st.titles && I.setTitles) { I.setTitles(st.titles); }
    pane.box.dataset.layers = (st.layers || []).join(",");
  };

  /* Fit once the map has a size (an iframe laid out late has none, and a fit then is lost). */
  Host.prototype.fit = function (pane, map, e, tries) {
    var self = this, box = map.getContainer();
    if ((!box.clientWidth || !box.clientHeight) && tries < 100) {
      setTimeout(function () { self.fit(pane, map, e, tries + 1); }, 100);
      return;
    }
    map.invalidateSize();
    pane.fitting = true;
    try { map.fitBounds([[e[0], e[1]], [e[2], e[3]]], {animate: false}); }
    finally { pane.fitting = false; }
  };

  /* A change made beside the map (the app's sidebar panel, ui/filter_panel): applied at once,
   * before the app has rerun. msg: {window: [s, e]} for the first pane, {filter, metric} for
   * every pane, {layers} the layers every pane shows, {baseline: [s, e] or null} the change
   * map's. Only panes that filter in their page (a
   * window of their own) take it. */
  Host.prototype.steer = function (msg) {
    var self = this;
    this.panes.forEach(function (pane) {
      if (!pane.state || !pane.state.window) { return; }
      var st = Object.assign({}, pane.state);
      if (pane.index === 0 && msg.window) { st.window = msg.window; }
      if ("filter" in msg) { st.filter = msg.filter; }
      if (msg.metric) { st.metric = msg.metric; }
      if (msg.layers && st.switchable) { st.layers = msg.layers; }
      /* A change map's baseline (null: none); side by side is a layout of its own. */
      if ("baseline" in msg && "baseline" in st) { st.baseline = msg.baseline; }
      pane.state = st;
      self.apply(pane);
    });
  };

  /* The wheel over a map scrolls the app's page until the reader clicks the map (then it
   * zooms, until the pointer leaves): a map filling the screen must not trap the page. A
   * wheel over a map that is not taking it says how. */
  Host.prototype.gateWheel = function (pane, map) {
    var box = map.getContainer(), doc = box.ownerDocument, hint = null, timer = null;
    map.scrollWheelZoom.disable();
    box.dataset.wheel = "page";
    function take() { map.scrollWheelZoom.enable(); box.dataset.wheel = "map"; }
    box.addEventListener("mousedown", take);
    box.addEventListener("focus", take);
    box.addEventListener("mouseleave", function () {
      map.scrollWheelZoom.disable();
      box.dataset.wheel = "page";
    });
    box.addEventListener("wheel", function (ev) {
      if (box.dataset.wheel === "map" || (ev.target.closest && ev.target.closest(
        ".leaflet-control"))) { return; }
      if (!hint) {
        hint = doc.createElement("div");
        hint.className = "iskp-wheel-hint";
        hint.setAttribute("role", "status");
        var say = doc.defaultView.ISKP.say;  /* the map's language */
        hint.textContent = say("Click the map to zoom with the wheel, or use + and −");
        hint.style.cssText = "position:absolute;left:50%;bottom:40px;transform:" +
          "translateX(-50%);z-index:1000;background:rgba(0,0,0,.72);color:#fff;" +
          "padding:6px 12px;border-radius:4px;font:13px system-ui,sans-serif;" +
          "pointer-events:none";
        box.appendChild(hint);
      }
      hint.style.display = "";
      clearTimeout(timer);
      timer = setTimeout(function () { hint.style.display = "none"; }, 1500);
    }, {passive: true});
  };

  /* Side by side: map A fitted to its bounds in the room every pane's boxes leave (the
   * largest padding of each side), the others following it, so that no pane's boxes cover
   * the data and both show the same place. */
  Host.prototype.fitTogether = function () {
    var first = this.panes[0], I = first && first.ready && first.win.ISKP;
    if (!I || !I.map || !I.fitPadding || !I.fitBounds) { return; }
    var tl = [0, 0], br = [0, 0];
    this.panes.forEach(function (p) {
      var pad = p.ready && p.win.ISKP.fitPadding ? p.win.ISKP.fitPadding() : null;
      if (!pad) { return; }
      tl = [Math.max(tl[0], pad.tl[0]), Math.max(tl[1], pad.tl[1])];
      br = [Math.max(br[0], pad.br[0]), Math.max(br[1], pad.br[1])];
    });
    first.fitting = true;
    try {
      I.map.fitBounds(I.fitBounds, {animate: false, paddingTopLeft: tl, paddingBottomRight: br});
    } finally { first.fitting = false; }
    this.follow(first);
  };

  /* The other panes take the view of the one the reader moved. */
  Host.prototype.follow = function (source) {
    if (this.syncing || !source.ready) { return; }
    this.syncing = true;
    try {
      var m = source.win.ISKP.map;
      this.panes.forEach(function (p) {
        if (p !== source && p.ready && p.win.ISKP.map) {
          if (p.win.ISKP.holdView) { p.win.ISKP.holdView(); }
          p.win.ISKP.map.setView(m.getCenter(), m.getZoom(), {animate: false});
        }
      });
    } finally { this.syncing = false; }
  };

  /* options.gateWheel: the map takes the wheel only once clicked (a page around it scrolls). */
  window.ISKPHost = {create: function (root, onReport, options) {
    return new Host(root, onReport, options);
  }};
})();
