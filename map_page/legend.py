"""The map's legend and title block: Leaflet controls built from escaped text.

The legend lists what the shown layers mean (choropleth classes with metric and window,
incident categories, the province-level ring, meetings, neighbours' colours); the title block
carries title, subtitle, window and caveat for briefers. Both scale with ``font_px`` so that a
projector audience can read them.
"""
from __future__ import annotations

from contextlib import contextmanager

from jinja2 import Template

from geo.boundaries import NEIGHBOUR_NAMES
from geo.records import CATEGORIES
from geo.words import language, say
from layers.activity_areas import AREA_COLOUR
from layers.context import CONTEXT_COLOUR
from layers.places import country_name
from map_runtime.base import SafeMacroElement, esc
from map_runtime.style import CATEGORY_COLOURS, NEIGHBOUR_COLOURS, NEIGHBOUR_ORDER, ZERO_COLOUR

_CONTROL = Template("""
    {% macro header(this, kwargs) %}
    <style>
      .iskp-box { background: rgba(255,255,255,0.94); padding: 8px 10px; border-radius: 5px;
                  box-shadow: 0 1px 5px rgba(0,0,0,0.4); font-family: system-ui, sans-serif;
                  color: #222; line-height: 1.3; max-width: 420px; }
      .iskp-box h4 { margin: 0 0 4px 0; font-size: 1.1em; }
      .iskp-swatch { display: inline-block; width: 1.1em; height: 0.9em; margin-inline-end: 6px;
                     vertical-align: middle; border: 1px solid #777; }
      .iskp-legend-row { white-space: nowrap; }
      .iskp-unit-switch button { font: inherit; margin-inline-start: 4px; padding: 1px 6px;
                                 border: 1px solid #555; background: #fff; cursor: pointer; }
      .iskp-unit-switch button[aria-pressed="true"] { background: #333; color: #fff; }
      .iskp-legend-note { font-size: 0.85em; color: #444; max-width: 230px; margin: 2px 0 4px 0; }
      .iskp-legend-grid { display: grid; grid-template-columns: auto auto; column-gap: 10px; }
      .iskp-title h2 { margin: 0; font-size: 1.5em; }
      .iskp-title .iskp-sub { font-size: 1.05em; margin-top: 2px; }
      .iskp-title .iskp-caveat { font-size: 0.9em; font-style: italic; margin-top: 4px; color: #444; }
      .iskp-title .iskp-title-subtitle:empty, .iskp-title .iskp-title-caveat:empty { display: none; }
      .iskp-popup-cat { font-weight: 600; text-transform: capitalize; margin-bottom: 3px; }
      .iskp-popup-summary { margin-bottom: 4px; }
      .iskp-popup th { text-align: start; padding-inline-end: 6px; vertical-align: top; }
      .iskp-popup-flag { margin-top: 4px; color: #8a4b00; font-size: 0.9em; }
      .iskp-popup-notes { margin-top: 4px; color: #333; font-size: 0.9em; font-style: italic; }
    </style>
    {% endmacro %}
    {% macro script(this, kwargs) %}
    (function () {
      function box() {
        var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
        div.style.fontSize = {{ this.font_px|tojson }} + "px";
        div.innerHTML = {{ this.html|tojson }};
        return div;
      }
      {% if this.follows_layers %}
      ISKP.legendFollowsLayers({{ this._parent.get_name() }});
      {% endif %}
      {% if this.target %}
      document.getElementById({{ this.target|tojson }}).appendChild(box());
      {% else %}
      var ctl = L.control({position: {{ this.position|tojson }}});
      ctl.options.home = {{ this.position|tojson }};
      ctl.onAdd = function () {
        /* The same box each time: moving the control (setPosition) adds it anew. */
        if (ctl._box) { return ctl._box; }
        var div = ctl._box = box();
        {% if this.foldable %}
        ISKP.foldable(ctl, div, {{ this.foldable|tojson }});
        {% endif %}
        L.DomEvent.disableClickPropagation(div);
        return div;
      };
      ctl.addTo({{ this._parent.get_name() }});
      {% endif %}
    })();
    {% endmacro %}
""")


class MapControl(SafeMacroElement):
    """A Leaflet control showing HTML assembled from escaped parts (legend, title, sources).

    With ``target`` (an element id) the box goes into that element instead of over the map:
    a print layout puts the legend beside the map, where it covers no data.
    """

    _template = _CONTROL

    def __init__(self, html: str, position: str, css_class: str, font_px: int,
                 target: str | None = None):
        super().__init__()
        self._name = "IskpControl"
        # html is assembled below from escaped parts only.
        self.html, self.position, self.css_class, self.font_px = html, position, css_class, font_px
        self.target = target
        self.foldable = None  # or the name of the box, e.g. "Legend": may fold off the data
        self.follows_layers = False  # sections hide with their layers (the legend)


def neighbour(cc: str) -> str:
    """A neighbour's name in the map's language ("Pakistan", "پاکستان")."""
    return NEIGHBOUR_NAMES[cc] if language() == "en" else country_name(cc, language())


def metric_heading(metric: str, unit: str) -> str:
    """"Records per province": the choropleth's heading (ISKP.metricHeading in the page)."""
    return say({("records", "province"): "Records per province",
                ("records", "district"): "Records per district",
                ("fatalities", "province"): "Fatalities per province",
                ("fatalities", "district"): "Fatalities per district"}[(metric, unit)])


CATEGORY_NOTES = {"context": "context (not tied to ISKP by the report)"}


def legend(layers, *, attribution: str = "", attributions=("iskp",), classes=None,
           colours=None, metric="records", window_label="",
           band_km=None, categories=None, area_claims: int = 0, areas_drawn: bool = True,
           font_px: int = 13, target: str | None = None,
           change: dict | None = None, titles: dict | None = None, unit: str = "province",
           unit_switch: bool = False, district_markers: bool = False) -> MapControl:
    """``categories``: the incident categories present in the view (None: all);
    ``area_claims``: how many area claims the window holds (counted apart from the classes);
    ``areas_drawn``: whether the activity-areas layer has any area to draw (else no entry);
    ``titles``: layer titles by id, which the export's layer list names its layers by;
    ``attribution``: what the map shows (geo.attribution.statement), ``attributions`` the
    ones shown (the page updates both when the reader switches them); ``unit``: what the
    choropleth counts by, ``unit_switch``: offer "Count by province | district" (a page
    holding both); ``district_markers``: records are drawn at district level."""
    parts = ['<div class="iskp-legend">']
    titles = titles or {}
    if attribution:
        meetings = "1" if "cooperation" in layers else "0"
        parts.append(f'<div class="iskp-legend-whose"><h4>{esc(say("Whose activity"))}</h4>'
                     f'<div class="iskp-legend-note iskp-attribution" data-meetings="{meetings}">'
                     f'{esc(attribution)}</div>')
        if "incidents" in layers:
            hide = lambda a: "" if a in attributions else ' style="display:none"'
            parts.append(f'<div class="iskp-legend-row" data-attribution="1"{hide("possible")}>'
                         '<span class="iskp-swatch" style="border:3px solid #555;'
                         'border-radius:50%;background:#fff"></span>'
                         f'{esc(say("possibly ISKP (a shared attribution)"))}</div>')
            parts.append(f'<div class="iskp-legend-row" data-attribution="2"{hide("other")}>'
                         f'<span class="iskp-swatch" style="background:{CONTEXT_COLOUR};'
                         'border-radius:50%"></span>'
                         f'{esc(say("other actors: context, not counted"))}</div>')
        parts.append('</div>')

    @contextmanager
    def section(*ids):
        """A section that shows while any of the layers ``ids`` is on the map (the export's
        layer list can switch them off; ISKP.legendFollowsLayers)."""
        names = "|".join(titles.get(i, i) for i in ids)
        parts.append(f'<div class="iskp-legend-sec" data-layers="{esc(names)}">')
        yield
        parts.append("</div>")

    if "activity" in layers and classes is not None:
        with section("activity"):
            # The class lets a host that switches the metric in the page rename it (setMetric).
            parts.append(f'<h4 class="iskp-legend-metric">{esc(metric_heading(metric, unit))}'
                         '</h4>')
            if unit_switch:
                count_by = esc(say("Count by"))
                parts.append('<div class="iskp-legend-row iskp-unit-switch" role="group" '
                             f'aria-label="{count_by}">{count_by} ' + " ".join(
                                 f'<button type="button" data-unit-choice="{u}" aria-pressed='
                                 f'"{str(u == unit).lower()}">{esc(say(u))}</button>'
                                 for u in ("province", "district")) + '</div>')
            parts.append(f'<div class="iskp-legend-window">{esc(window_label)}</div>')
            parts.append(f'<div class="iskp-legend-row"><span class="iskp-swatch" '
                         f'style="background:{ZERO_COLOUR}"></span>0</div>')
            # A host (the app) replaces these rows when it shows another window (setClasses).
            parts.append('<div class="iskp-legend-classes">')
            for (lo, hi), col in zip(classes, colours):
                label = f"{lo}" if lo == hi else f"{lo}–{hi}"
                parts.append(f'<div class="iskp-legend-row iskp-class"><span class="iskp-swatch" '
                             f'style="background:{col}"></span>{label}</div>')
            parts.append('</div>')
            # Spans a host rewrites (the unit, the window's count of claims), in phrases whose
            # order a language decides: the translation places {unit} and {claims}.
            unit_span = f'<span class="iskp-legend-unit">{esc(say(unit))}</span>'
            claims = ('<span class="iskp-legend-area-count">'
                      f'{esc(say("({n} in this window)", n=area_claims))}</span>')
            parts.append('<div class="iskp-legend-note">' + esc(say(
                "Records placed in a {unit} or finer. Area claims {claims} are not counted "
                "here.")).replace("{unit}", unit_span).replace("{claims}", claims) + '</div>')
    if change is not None:
        from geo.change import RULES
        from layers.change import CHANGE_COLOURS
        with section("change"):
            # The host (the app) renames it when it sets another baseline (ISKP.setBaseline).
            parts.append('<h4 class="iskp-legend-change-title">'
                         f"{esc(say('Change against {window}', window=change['baseline']))}</h4>")
            for lv, col in CHANGE_COLOURS.items():
                parts.append(f'<div class="iskp-legend-row iskp-change-row"><span '
                             f'class="iskp-swatch" style="background:{col}"></span>'
                             f'{esc(say(lv))}'
                             '</div>')
            # Only an aggregated file (too many records to hold) cannot recompute it.
            note = say(RULES) + (say(" For the exported window; the date filter does not "
                                     "change it.") if change.get("fixed") else "")
            parts.append(f'<div class="iskp-legend-note">{esc(note)}</div>')
    if "activity_areas" in layers and areas_drawn:
        with section("activity_areas"):
            parts.append(f"<h4>{esc(say('Reported activity areas'))}</h4>")
            parts.append(f'<div class="iskp-legend-row"><span class="iskp-swatch" style="border:'
                         f'2.5px solid {AREA_COLOUR};background:repeating-linear-gradient(45deg,'
                         f'{AREA_COLOUR}66 0 2px,transparent 2px 6px)"></span>'
                         f'{esc(say("named or clearly meant"))}</div>')
            parts.append(f'<div class="iskp-legend-row"><span class="iskp-swatch" style="border:'
                         f'2px dashed {AREA_COLOUR};background:none"></span>'
                         f'{esc(say("possibly also meant"))}</div>')
    if "incidents" in layers:
        with section("incidents"):
            parts.append(f"<h4>{esc(say('Incidents'))}</h4>")
            for cat in CATEGORIES:
                if cat == "counter-terrorism meeting" or (categories is not None and
                                                          cat not in categories):
                    continue
                # data-cat: a host's category filter hides the rows it leaves out (setFilter)
                parts.append(f'<div class="iskp-legend-row" data-cat="{CATEGORIES.index(cat)}">'
                             f'<span class="iskp-swatch" style="background:'
                             f'{CATEGORY_COLOURS[cat]};border-radius:50%">'
                             f'</span>{esc(say(CATEGORY_NOTES.get(cat, cat)))}</div>')
            parts.append('<div class="iskp-legend-row"><span class="iskp-swatch" style="border:'
                         '2px dashed #555;border-radius:50%;background:none"></span>'
                         f'{esc(say("placed at province level only"))}</div>')
            if district_markers:
                parts.append('<div class="iskp-legend-row"><span class="iskp-swatch" style="'
                             'border:2px dotted #555;border-radius:50%;background:none;width:0.8em;'
                             'height:0.8em"></span>'
                             f'{esc(say("placed at district level only"))}</div>')
            # Marker clusters are Leaflet.markercluster's green-to-orange numbered circles.
            # Shown only while a cluster is on the map (the runtime hides it otherwise).
            parts.append('<div class="iskp-legend-row iskp-cluster-row"><span '
                         'class="iskp-swatch" style="background:rgba(181,226,140,0.9);'
                         'border-radius:50%;font-size:0.7em;'
                         'text-align:center;line-height:1.3em">n</span>'
                         + esc(say("several markers close together") if target else
                               say("several markers close together (zoom in)")) + '</div>')
    if "cooperation" in layers:
        with section("cooperation"):
            parts.append('<div class="iskp-legend-row"><span class="iskp-swatch" style="'
                         'background:#3b2a80;transform:rotate(45deg) scale(.8)"></span>'
                         f'{esc(say("counter-terrorism meeting"))}</div>')
    if "heatmap" in layers:
        with section("heatmap"):
            parts.append('<div class="iskp-legend-row"><span class="iskp-swatch" style="'
                         'background:linear-gradient(90deg,blue,lime,red)"></span>'
                         f'{esc(say("density of point records"))}</div>')
    if "border_regions" in layers or "border_bands" in layers:
        # The bands' width shows while the bands do (a host may switch them in the page).
        bands_title = esc(titles.get("border_bands", "border_bands"))
        bands = (f'<span class="iskp-legend-sec" data-layers="{bands_title}">'
                 f'{esc(say(" (bands: {km} km)", km=f"{band_km:g}"))}</span>'
                 if "border_bands" in layers and band_km else "")
        with section("border_regions", "border_bands"):
            parts.append(f'<h4>{esc(say("Neighbours"))}{bands}</h4>'
                         '<div class="iskp-legend-grid">')
            for cc in NEIGHBOUR_ORDER:
                parts.append(f'<div class="iskp-legend-row"><span class="iskp-swatch" style="'
                             f'background:{NEIGHBOUR_COLOURS[cc]}"></span>'
                             f'{esc(neighbour(cc))}</div>')
            parts.append("</div>")
    parts.append("</div>")
    control = MapControl("".join(parts), "bottomright", "iskp-box iskp-legend-box", font_px,
                         target)
    control.foldable = say("Legend")
    control.follows_layers = True
    return control


def title_block(title: str, subtitle: str = "", window_label: str = "", caveat: str = "",
                font_px: int = 14, attribution: str = "", meetings: bool = False) -> MapControl:
    # The subtitle and caveat are there when empty too: a host (the app) sets the titles in
    # the page shown (ISKP.setTitles), with no new map.
    parts = ['<div class="iskp-title">', f'<h2 class="iskp-title-text">{esc(title)}</h2>',
             f'<div class="iskp-sub iskp-title-subtitle">{esc(subtitle)}</div>']
    if window_label:
        parts.append(f'<div class="iskp-sub iskp-title-window">{esc(window_label)}</div>')
    if attribution:
        parts.append(f'<div class="iskp-caveat iskp-attribution" '
                     f'data-meetings="{int(meetings)}">{esc(attribution)}</div>')
    parts.append(f'<div class="iskp-caveat iskp-title-caveat">{esc(caveat)}</div>')
    parts.append("</div>")
    return MapControl("".join(parts), "topleft", "iskp-box iskp-title-box", font_px)


class FitBeside(SafeMacroElement):
    """Fit the map to ``bounds`` in the room the legend leaves: the legend (bottom right)
    then stands beside the data rather than over it. Every view opens this way; the app's
    map reopens where the reader left it instead (``keep_key``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, box = map.getContainer(), touched = false;
          var bounds = L.latLngBounds({{ this.bounds|tojson }});
          ISKP.map = map;  /* a host keeps two maps' views in step through it */
          /* A view set by a host (the other pane of a side-by-side) is the reader's too: no
           * later fit may move it. */
          ISKP.holdView = function () { touched = true; };
          /* The union of a corner's boxes, relative to the map's box (null: none drawn). */
          function corner(where, frame) {
            var c = box.querySelector(where), u = null;
            if (!c) { return null; }
            Array.prototype.forEach.call(c.children, function (el) {
              var r = el.getBoundingClientRect();
              /* A box that gives way (records outside the view) is given no room. */
              if (!r.width || !r.height || el.classList.contains("iskp-offview")) { return; }
              u = u ? {l: Math.min(u.l, r.left), t: Math.min(u.t, r.top),
                       r: Math.max(u.r, r.right), b: Math.max(u.b, r.bottom)}
                    : {l: r.left, t: r.top, r: r.right, b: r.bottom};
            });
            return u && {l: u.l - frame.left, t: u.t - frame.top, r: u.r - frame.left,
                         b: u.b - frame.top};
          }
          /* Nothing over the map covers the data: the boxes on each side (title, date
           * window and sources on the left; legend on the right) either stand beside the
           * fitted data (it leaves their width free) or above and below it (their heights),
           * whichever lets the data be drawn larger. */
          function room() {
            var frame = box.getBoundingClientRect(), W = frame.width, H = frame.height;
            var tl = corner(".leaflet-top.leaflet-left", frame),
                bl = corner(".leaflet-bottom.leaflet-left", frame),
                tr = corner(".leaflet-top.leaflet-right", frame),
                br = corner(".leaflet-bottom.leaflet-right", frame);
            var side = {
              left: {col: Math.max(tl ? tl.r : 0, bl ? bl.r : 0),
                     top: tl ? tl.b : 0, bottom: bl ? H - bl.t : 0},
              right: {col: Math.max(tr ? W - tr.l : 0, br ? W - br.l : 0),
                      top: tr ? tr.b : 0, bottom: br ? H - br.t : 0}};
            var z = map.getZoom() || 5;
            var a = map.project(bounds.getNorthWest(), z),
                c = map.project(bounds.getSouthEast(), z);
            var bw = Math.max(c.x - a.x, 1), bh = Math.max(c.y - a.y, 1), best = null;
            var bare = Math.min((W - 48) / bw, (H - 48) / bh);
            [true, false].forEach(function (leftCol) {
              [true, false].forEach(function (rightCol) {
                /* The padding keeps whole marker clusters (40 px) at the edges inside. */
                var l = 24 + (leftCol ? side.left.col : 0),
                    r = 24 + (rightCol ? side.right.col : 0),
                    t = 24 + Math.max(leftCol ? 0 : side.left.top, rightCol ? 0 : side.right.top),
                    d = 24 + Math.max(leftCol ? 0 : side.left.bottom,
                                      rightCol ? 0 : side.right.bottom);
                var scale = Math.min((W - l - r) / bw, (H - t - d) / bh);
                if (!best || scale > best.scale) {
                  best = {scale: scale, bare: bare, tl: [l, t], br: [r, d]};
                }
              });
            });
            return best;
          }
          /* The padding that keeps this map's boxes off the data (see room). */
          function padding() {
            /* Room for the legend and the date window as they are when open: fitted beside
             * a folded one, the view zooms in until no corner is left free for it, and it
             * stays folded. */
            var legendBox = ISKP.controls["iskp-legend-box"] ?
              ISKP.controls["iskp-legend-box"].getContainer() : null;
            var dateBox = ISKP.controls["iskp-date-filter"] ?
              ISKP.controls["iskp-date-filter"].getContainer() : null;
            var boxes = [legendBox, dateBox].filter(function (d) { return d; });
            var folded = boxes.map(function (d) { return d.classList.contains("iskp-folded"); });
            boxes.forEach(function (d) { d.classList.remove("iskp-folded"); });
            var best = room();
            /* A narrow map (half of a side-by-side, a small screen): an open legend would
             * leave the data a sliver, so the data is fitted beside the folded legend, which
             * then stays folded (keepDataClear folds a box that would cover data). In
             * presentation mode (a projector's large type, 1280x720) the date window folds
             * too, with the legend, where both folded give the data half as much room again;
             * the reader unfolds either with its button, and the timeline says the window. */
            function tryFolded(divs, gain) {
              var was = divs.map(function (d) { return d.classList.contains("iskp-folded"); });
              divs.forEach(function (d) { d.classList.add("iskp-folded"); });
              var beside = room();
              if (beside.scale > gain * best.scale) { best = beside; return; }
              divs.forEach(function (d, k) { d.classList.toggle("iskp-folded", was[k]); });
            }
            if (legendBox && best.scale < 0.5 * best.bare) { tryFolded([legendBox], 1); }
            if (dateBox && {{ this.fold_date|tojson }}) {
              tryFolded([dateBox].concat(legendBox ? [legendBox] : []), 1.5);
            }
            boxes.forEach(function (d, k) { d.classList.toggle("iskp-folded", folded[k]); });
            /* Boxes larger than the map itself: the data as large as the map allows. */
            if (!(best.scale > 0)) { best = {tl: [24, 24], br: [24, 24]}; }
            return {tl: best.tl, br: best.br};
          }
          ISKP.fitPadding = function () { return box.clientWidth ? padding() : null; };
          ISKP.fitBounds = bounds;
          function fit() {
            if (touched || !box.clientWidth || !box.clientHeight) { return; }
            /* Two maps side by side are fitted together by their host, in the room both
             * leave (their boxes differ: map A has the drawing tools). */
            if (ISKP.jointFit) { ISKP.jointFit(); return; }
            var best = padding();
            map.fitBounds(bounds, {animate: false, paddingTopLeft: best.tl,
                          paddingBottomRight: best.br});
          }
          /* The app rebuilds its map after a filter change: the place the reader had moved
           * to (kept for this browser tab) comes back instead of the fitted view. */
          var key = {{ this.keep_key|tojson }}, kept = null;
          try { kept = key && JSON.parse(sessionStorage.getItem(key)); } catch (e) { kept = null; }
          if (kept) {
            touched = true;
            map.setView([kept.lat, kept.lng], kept.zoom, {animate: false});
            box.dataset.viewKept = "1";
          }
          fit();
          /* Capture phase: Leaflet's zoom buttons stop the event before it bubbles here.
           * A press on a box (legend, sources) does not move the map and does not count. */
          ["mousedown", "wheel", "keydown", "touchstart"].forEach(function (t) {
            box.addEventListener(t, function (ev) {
              /* A wheel the app's page takes (its host gates the map's wheel) moves nothing. */
              if (t === "wheel" && box.dataset.wheel === "page") { return; }
              var ctl = ev.target.closest && ev.target.closest(".leaflet-control");
              if (!ctl || ctl.classList.contains("leaflet-control-zoom")) { touched = true; }
            }, true);
          });
          map.on("moveend", function () {
            if (!touched) { return; }
            /* A host (the app) keeps the place the reader moved to, for a saved map. */
            if (ISKP.readerMoved) { ISKP.readerMoved(map.getBounds()); }
            if (!key) { return; }
            var c = map.getCenter();
            try {
              sessionStorage.setItem(key, JSON.stringify({lat: c.lat, lng: c.lng,
                                                           zoom: map.getZoom()}));
            } catch (e) { /* storage refused: the view is simply not kept */ }
          });
          /* A map laid out late (an iframe sized after loading) is fitted again, until the
           * reader moves it. */
          if (window.ResizeObserver) {
            new ResizeObserver(function () { map.invalidateSize(); fit(); }).observe(box);
          }
          window.addEventListener("load", function () { map.invalidateSize(); fit(); });
          [400, 1500].forEach(function (ms) {
            setTimeout(function () {
              map.invalidateSize(); fit();
              /* Told to whoever waits for the map to stand still (a test, a renderer). */
              if (ms === 1500) { box.dataset.fitSettled = "1"; }
            }, ms); });
        })();
        {% endmacro %}
    """)

    def __init__(self, bounds, keep_key: str | None = None, fold_date: bool = False):
        """``keep_key``: where the browser tab keeps the reader's place (the app's map);
        None for files, whose view always opens fitted. ``fold_date``: the date window may
        fold off the data too (presentation mode's large type)."""
        super().__init__()
        self._name = "FitBeside"
        self.bounds = bounds
        self.keep_key = keep_key
        self.fold_date = bool(fold_date)
