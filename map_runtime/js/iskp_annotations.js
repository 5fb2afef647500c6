/* ISKP annotations: the project's own code. Draws a view's annotations (geo/annotations.py:
 * text callouts, arrows, circles, outlines, pins) and, in the app, lets the reader draw, move,
 * edit and delete them with Leaflet-Geoman (vendored from the npm registry), undo and redo.
 *
 * Every text is set as text (textContent, a textarea's value), never as HTML.
 * ISKP.annotations.set(text) shows a FeatureCollection's JSON text; every change the reader
 * makes is told to the host as {annotations: text}.
 */
(function () {
  "use strict";
  var I = window.ISKP = window.ISKP || {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  /* Keys sorted, as Python writes them: the same annotations, the same text. */
  function stable(v) {
    if (Array.isArray(v)) { return "[" + v.map(stable).join(",") + "]"; }
    if (v && typeof v === "object") {
      return "{" + Object.keys(v).sort().map(function (k) {
        return JSON.stringify(k) + ":" + stable(v[k]);
      }).join(",") + "}";
    }
    return JSON.stringify(v);
  }
  var round = function (v) { return Math.round(v * 1e5) / 1e5; };  /* about 1 m */
  var pos = function (ll) { return [round(ll.lng), round(ll.lat)]; };

  function Annotations(map, cfg) {
    this.map = map;
    this.cfg = cfg;
    this.colours = cfg.colours;
    this.group = L.featureGroup().addTo(map);
    this.style = {colour: cfg.default_colour, size: "normal"};
    this.states = [""];
    this.at = 0;
    this.text = "";
    this.toldAt = 0;
    this.editing = false;
    this.arrowheads();
    if (cfg.editable && map.pm) { this.tools(); }
    if (cfg.annotations) { this.set(cfg.annotations, true); }
  }

  /* An arrow's head: an SVG marker per colour, at the end of the line. */
  Annotations.prototype.arrowheads = function () {
    if (document.getElementById("iskp-arrowheads")) { return; }
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.id = "iskp-arrowheads";
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.style.position = "absolute";
    var defs = document.createElementNS(ns, "defs");
    var colours = this.colours;
    Object.keys(colours).forEach(function (name) {
      var m = document.createElementNS(ns, "marker");
      m.id = "iskp-arrow-" + name;
      m.setAttribute("viewBox", "0 0 10 10");
      m.setAttribute("refX", "6");
      m.setAttribute("refY", "5");
      m.setAttribute("markerWidth", "4");
      m.setAttribute("markerHeight", "4");
      m.setAttribute("orient", "auto");
      var p = document.createElementNS(ns, "path");
      p.setAttribute("d", "M0,0 L10,5 L0,10 z");
      p.setAttribute("fill", colours[name]);
      m.appendChild(p);
      defs.appendChild(m);
    });
    svg.appendChild(defs);
    document.body.appendChild(svg);
  };

  Annotations.prototype.weight = function (p) { return p.size === "large" ? 6 : 3.5; };

  /* One feature's layer; ``props`` kept on it (``layer.iskp``). */
  Annotations.prototype.layerOf = function (f) {
    var p = f.properties, g = f.geometry, c = this.colours[p.colour] || "#D55E00";
    var editable = !!(this.cfg.editable && this.map.pm);
    var opts = {color: c, weight: this.weight(p), opacity: 1, pmIgnore: !editable};
    var layer, ll;
    if (g.type === "Point") { ll = L.latLng(g.coordinates[1], g.coordinates[0]); }
    if (p.kind === "text") {
      if (editable) {
        layer = L.marker(ll, {textMarker: true, text: p.text, pmIgnore: false});
      } else {
        var box = el("div", "iskp-note-text", p.text);
        box.style.color = c;
        layer = L.marker(ll, {icon: L.divIcon({className: "iskp-note iskp-note-" + p.size,
                                               html: box, iconSize: null}),
                              keyboard: false, interactive: false});
      }
    } else if (p.kind === "pin") {
      var pin = el("div", "iskp-pin");
      pin.style.background = c;
      layer = L.marker(ll, {icon: L.divIcon({className: "iskp-pin-box iskp-pin-" + p.size,
                                             html: pin, iconSize: null}),
                            pmIgnore: !editable, keyboard: false});
      if (p.text) {
        layer.bindTooltip(el("span", "iskp-note-text", p.text),
                          {permanent: true, direction: "right", className: "iskp-pin-label"});
      }
    } else if (p.kind === "circle") {
      layer = L.circle(ll, Object.assign({radius: p.radius, fill: true, fillOpacity: 0.06},
                                          opts));
    } else if (p.kind === "arrow") {
      layer = L.polyline(g.coordinates.map(function (q) { return [q[1], q[0]]; }),
                         Object.assign({fill: false}, opts));
      layer.on("add", function () {
        if (layer._path) { layer._path.setAttribute("marker-end", "url(#iskp-arrow-" + p.colour + ")"); }
      });
    } else if (p.kind === "outline") {
      layer = L.polygon(g.coordinates.map(function (ring) {
        return ring.map(function (q) { return [q[1], q[0]]; });
      }), Object.assign({fill: true, fillOpacity: 0.06}, opts));
    }
    layer.iskp = Object.assign({}, p);
    return layer;
  };

  Annotations.prototype.featureOf = function (layer) {
    var p = Object.assign({}, layer.iskp), g;
    if (p.kind === "text" && layer.pm && layer.pm.getText) { p.text = layer.pm.getText(); }
    if (p.kind === "circle") { p.radius = Math.round(layer.getRadius()); }
    if (layer instanceof L.Polygon) {
      g = {type: "Polygon", coordinates: layer.getLatLngs().map(function (ring) {
        var r = ring.map(pos);
        r.push(r[0]);
        return r;
      })};
    } else if (layer instanceof L.Polyline) {
      g = {type: "LineString", coordinates: layer.getLatLngs().map(pos)};
    } else {
      g = {type: "Point", coordinates: pos(layer.getLatLng())};
    }
    return {type: "Feature", geometry: g, properties: p};
  };

  Annotations.prototype.serialise = function () {
    var self = this, features = [];
    this.group.eachLayer(function (layer) {
      var f = self.featureOf(layer);
      if (f.properties.kind !== "text" || f.properties.text.trim()) { features.push(f); }
    });
    features.sort(function (a, b) { return a.properties.n - b.properties.n; });
    features.forEach(function (f) { delete f.properties.n; });
    return features.length ? stable({type: "FeatureCollection", features: features}) : "";
  };

  Annotations.prototype.draw = function (text) {
    var self = this;
    this.group.clearLayers();
    var fc = text ? JSON.parse(text) : {features: []};
    fc.features.forEach(function (f, n) {
      var layer = self.layerOf(f);
      layer.iskp.n = n;
      self.group.addLayer(layer);
      self.styleText(layer);
    });
    this.text = text;
  };

  /* Geoman's text box, in the annotation's colour and size. */
  Annotations.prototype.styleText = function (layer) {
    if (!layer.iskp || layer.iskp.kind !== "text" || !layer.pm || !layer.pm.getElement) { return; }
    var area = layer.pm.getElement();
    if (!area) { return; }
    area.style.color = this.colours[layer.iskp.colour];
    area.classList.add("iskp-note-edit", "iskp-note-" + layer.iskp.size);
    layer.pm.options.preventMarkerRemoval = false;
  };

  /* From the host: the view's annotations. An echo of a state this page has had, told by the
   * app while the reader kept drawing, is not drawn back over the reader's latest. */
  Annotations.prototype.set = function (text, initial) {
    text = text || "";
    if (text === this.text) { return; }
    if (!initial && Date.now() - this.toldAt < 5000 && this.states.indexOf(text) >= 0) { return; }
    this.draw(text);
    this.states = [text];
    this.at = 0;
    this.buttons();
  };

  /* A change of the reader's: kept for undo, told to the host. */
  Annotations.prototype.commit = function () {
    var text = this.serialise();
    if (text === this.states[this.at]) { this.text = text; return; }
    this.states = this.states.slice(0, this.at + 1).concat([text]);
    this.at += 1;
    this.draw(text);
    this.tell();
  };

  Annotations.prototype.tell = function () {
    this.toldAt = Date.now();
    this.buttons();
    if (I.host) { I.host({annotations: this.text}); }
    document.documentElement.dataset.annotations = String(this.count());
  };

  Annotations.prototype.count = function () {
    return this.text ? JSON.parse(this.text).features.length : 0;
  };

  Annotations.prototype.step = function (by) {
    var to = this.at + by;
    if (to < 0 || to >= this.states.length) { return; }
    this.at = to;
    this.draw(this.states[to]);
    this.tell();
  };

  Annotations.prototype.buttons = function () {
    if (!this.undoButton) { return; }
    this.undoButton.disabled = this.at <= 0;
    this.redoButton.disabled = this.at >= this.states.length - 1;
  };

  /* The drawing tools (Geoman), their names in the reader's words, the style and undo. */
  Annotations.prototype.tools = function () {
    var self = this, map = this.map;
    var say = ISKP.say;  /* in the map's language (geo.words) */
    map.pm.setLang("iskp", {
      buttonTitles: {
        drawMarkerButton: say("Pin"), drawTextButton: say("Text callout"),
        drawLineButton: say("Arrow: click along its path, double-click at its head"),
        drawCircleButton: say("Circle"),
        drawPolyButton: say("Outline: click its corners, then the first again"),
        editButton: say("Edit shapes and text"), dragButton: say("Move"),
        deleteButton: say("Delete")
      }
    }, "en");
    map.pm.addControls({position: "topleft", drawRectangle: false, drawCircleMarker: false,
                        cutPolygon: false, rotateMode: false, drawText: true,
                        drawMarker: true, drawPolyline: true, drawCircle: true,
                        drawPolygon: true, editMode: true, dragMode: true, removalMode: true});
    map.pm.setGlobalOptions({snappable: false, pmIgnore: false,
                             markerStyle: {icon: this.pinIcon()}});
    this.paint();
    /* While a tool is on, a click draws: it opens no province. */
    I.drawing = function () {
      var pm = map.pm;
      return pm.globalDrawModeEnabled() || pm.globalEditModeEnabled() ||
        pm.globalRemovalModeEnabled() || pm.globalDragModeEnabled();
    };
    /* Geoman draws a callout as a text marker it can edit only outside opt-in (the map's own
     * layers opt out of editing): opt-in is off while the text tool is. */
    map.on("pm:globaldrawmodetoggled", function (e) {
      if (e.shape === "Text") { L.PM.setOptIn(!e.enabled); }
    });
    map.on("pm:create", function (e) {
      var kind = {Marker: "pin", Text: "text", Line: "arrow", Circle: "circle",
                  Polygon: "outline"}[e.shape];
      var layer = e.layer;
      if (!kind) { map.removeLayer(layer); return; }
      layer.iskp = {kind: kind, text: "", colour: self.style.colour, size: self.style.size,
                    n: self.group.getLayers().length};
      if (kind === "text") {
        /* The callout is kept once its words are written (Geoman's box, focused now). */
        self.styleText(layer);
        /* The click that placed it focused the shape under it (shapes take the keyboard). */
        setTimeout(function () { var a = layer.pm.getElement(); if (a) { a.focus(); } }, 0);
        layer.once("pm:textblur", function () {
          map.removeLayer(layer);
          if (layer.pm.getText().trim()) { self.group.addLayer(layer); }
          self.commit();
        });
        return;
      }
      /* Drawn as every annotation is (an arrow's head, the colour and size chosen). */
      map.removeLayer(layer);
      var ours = self.layerOf(self.featureOf(layer));
      self.group.addLayer(ours);
      self.commit();
    });
    this.group.on("pm:edit pm:dragend pm:textblur", function () { self.commit(); });
    map.on("pm:remove", function (e) {
      if (self.group.hasLayer(e.layer)) { self.group.removeLayer(e.layer); }
      self.commit();
    });
    document.addEventListener("keydown", function (e) {
      if (!(e.ctrlKey || e.metaKey) || e.target.tagName === "TEXTAREA" ||
          e.target.tagName === "INPUT") { return; }
      var k = e.key.toLowerCase();
      if (k === "z" && !e.shiftKey) { e.preventDefault(); self.step(-1); }
      else if (k === "y" || (k === "z" && e.shiftKey)) { e.preventDefault(); self.step(1); }
    });
  };

  Annotations.prototype.pinIcon = function () {
    var pin = el("div", "iskp-pin");
    pin.style.background = this.colours[this.style.colour];
    return L.divIcon({className: "iskp-pin-box iskp-pin-" + this.style.size, html: pin,
                      iconSize: null});
  };

  /* The style of what is drawn next, and undo and redo: one box under the tools. */
  Annotations.prototype.paint = function () {
    var self = this;
    var Box = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var box = el("div", "leaflet-bar iskp-note-tools");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", ISKP.say("Annotation style"));
        L.DomEvent.disableClickPropagation(box);
        Object.keys(self.colours).forEach(function (name) {
          var b = el("button", "iskp-swatch");
          b.type = "button";
          b.title = ISKP.say("Draw in {colour}", {colour: ISKP.say(name)});
          b.setAttribute("aria-label", b.title);
          b.dataset.colour = name;
          b.style.background = self.colours[name];
          b.setAttribute("aria-pressed", String(name === self.style.colour));
          b.addEventListener("click", function () {
            self.style.colour = name;
            box.querySelectorAll(".iskp-swatch").forEach(function (s) {
              s.setAttribute("aria-pressed", String(s.dataset.colour === name));
            });
            self.map.pm.setGlobalOptions({markerStyle: {icon: self.pinIcon()}});
          });
          box.appendChild(b);
        });
        var large = el("button", "iskp-note-large", ISKP.say("Large"));
        large.type = "button";
        large.title = ISKP.say("Large text and thick lines, for a projector");
        large.setAttribute("aria-pressed", "false");
        large.addEventListener("click", function () {
          self.style.size = self.style.size === "large" ? "normal" : "large";
          large.setAttribute("aria-pressed", String(self.style.size === "large"));
          self.map.pm.setGlobalOptions({markerStyle: {icon: self.pinIcon()}});
        });
        box.appendChild(large);
        self.undoButton = el("button", "iskp-note-undo", ISKP.say("Undo"));
        self.undoButton.type = "button";
        self.undoButton.title = ISKP.say("Undo (Ctrl+Z)");
        self.undoButton.addEventListener("click", function () { self.step(-1); });
        self.redoButton = el("button", "iskp-note-redo", ISKP.say("Redo"));
        self.redoButton.type = "button";
        self.redoButton.title = ISKP.say("Redo (Ctrl+Y)");
        self.redoButton.addEventListener("click", function () { self.step(1); });
        box.appendChild(self.undoButton);
        box.appendChild(self.redoButton);
        self.buttons();
        return box;
      }
    });
    new Box().addTo(this.map);
  };

  /* Side by side, the second map shows the annotations and draws none. */
  Annotations.prototype.readOnly = function () {
    if (this.map.pm) { this.map.pm.removeControls(); }
    var box = this.map.getContainer().querySelector(".iskp-note-tools");
    if (box) { box.parentNode.removeChild(box); }
  };

  I.annotationsLayer = function (map, cfg) {
    I.annotations = new Annotations(map, cfg);
    return I.annotations;
  };
})();
