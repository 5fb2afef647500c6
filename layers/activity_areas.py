"""``activity_areas`` layer: reported activity areas drawn as areas, never as per-province counts.

A report that says "the north" or "eastern and north-eastern Afghanistan, which borders Pakistan"
names an area, not an event. Each such claim (``geo.areas``) is drawn as the provinces it can
mean: the *core* provinces hatched inside a solid outline, the *possible* ones (what the words
may also mean) inside a dashed outline, so the ambiguity shows. The popup gives every claim on
that area in the window: the report's own words, the date and its precision, the source, and
the rule that turned the words into provinces. The outlines follow the in-file date window of
exported maps. Provinces keep their own tooltips and clicks: only the outlines take the pointer.

>>> ActivityAreasLayer(records).add_to(map_)   # the view's records; area claims are picked
"""
from __future__ import annotations

import json

import pandas as pd
import shapely
from jinja2 import Template

from geo.areas import activity_areas, is_area_claim
from geo.attribution import ATTRIBUTIONS, names_in
from geo.boundaries import SUCCESSORS, border_regions, provinces, unit_name
from geo.records import CATEGORIES
from map_runtime.activity_data import EPOCH, date_label
from map_runtime.base import MapLayer, SafeMacroElement, json_for_script

AREA_COLOUR = "#5e3c99"
GRID_DEG = 1e-3
OUTLINE_DEG = 0.005


def _shapes() -> dict[str, object]:
    units = pd.concat([provinces(display=True)[["iso", "geometry"]],
                       border_regions(display=True)[["iso", "geometry"]]])
    return dict(zip(units.iso, units.geometry))


def _outline(codes: tuple[str, ...], shapes) -> dict | None:
    geoms = [shapes[c] for c in codes if c in shapes]
    if not geoms:
        return None
    # An area's outline is read at country scale: about 500 m of detail is plenty, and it
    # keeps the export small (the same shapes at full detail were 64 KB).
    merged = shapely.set_precision(shapely.union_all(geoms).simplify(OUTLINE_DEG), GRID_DEG)
    return json.loads(shapely.to_geojson(merged))


def area_claims(records: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """(shapes, claims): one shape per distinct pair of core and possible provinces, as GeoJSON
    features (``k`` its index, ``part`` core or possible); one claim per area-claim record, with
    the text its popup shows and ``k`` pointing at its shape."""
    claims_df = records[is_area_claim(records)]
    areas = activity_areas()
    shapes_by_code = _shapes()
    keys: dict[tuple, int] = {}
    features, claims = [], []
    for rec in claims_df.to_dict("records"):
        core = tuple(dict.fromkeys(SUCCESSORS.get(c, c) for c in str(rec["admin1"]).split("|")
                                   if c))
        possible = tuple(c for c in dict.fromkeys(
            SUCCESSORS.get(c, c) for c in str(rec.get("possible_admin1") or "").split("|") if c)
            if c not in core)
        if (core, possible) not in keys:
            k = keys[(core, possible)] = len(keys)
            for part, codes in (("core", core), ("possible", possible)):
                geom = _outline(codes, shapes_by_code)
                if geom is not None:
                    features.append({"type": "Feature", "geometry": geom,
                                     "properties": {"k": k, "part": part}})
        area = areas.loc[rec["region"]] if rec["region"] in areas.index else None
        claims.append({
            "k": keys[(core, possible)],
            "id": str(rec["id"]),
            "s": int((rec["date_start"] - EPOCH).days), "e": int((rec["date_end"] - EPOCH).days),
            "name": str(area["name"] if area is not None else rec["location"] or "area claim"),
            "words": str(area["words"]) if area is not None else "",
            "rule": str(area["rule"]) if area is not None else
            "The provinces as the record names them; no rule is recorded.",
            "dl": date_label(rec["date_start"], rec["date_end"], rec["date_precision"]),
            "cat": str(rec["category"]), "t": str(rec["summary"]), "src": str(rec["source"]),
            # for a host's category and country filter (ISKP.passes)
            "c": CATEGORIES.index(rec["category"]) if rec["category"] in CATEGORIES else -1,
            "co": str(rec["country"] or ""),
            # for the attribution and actor filters (ISKP.isActivity, ISKP.passes)
            "at": ATTRIBUTIONS.index(rec["attribution"]) if rec.get("attribution") in
            ATTRIBUTIONS else ATTRIBUTIONS.index("other"),
            "names": names_in(rec.get("actors")),
            "core": [unit_name(c) for c in core],
            "possible": [unit_name(c) for c in possible],
        })
    return features, claims


class _AreasScript(SafeMacroElement):
    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          path.iskp-area-core { fill: url(#iskp-area-hatch); fill-opacity: 1; }
          /* Only the outlines take the pointer: the provinces under an area keep their tooltips
           * and clicks (more specific than Leaflet's own rule for interactive paths). */
          .leaflet-pane > svg path.leaflet-interactive.iskp-area-core,
          .leaflet-pane > svg path.leaflet-interactive.iskp-area-possible { pointer-events: stroke; }
          .iskp-area-popup h4 { margin: 0 0 4px 0; }
          .iskp-area-name { font-weight: 600; margin-bottom: 2px; }
          .iskp-area-claim { border-top: 1px solid #ccc; margin-top: 6px; padding-top: 4px; }
          .iskp-area-words { font-style: italic; margin: 3px 0; }
          .iskp-area-rule { font-size: 0.9em; color: #333; margin-top: 3px; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }};
          var shapes = {{ this.shapes }}, claims = {{ this.claims }};
          var colour = {{ this.colour|tojson }};
          if (!document.getElementById("iskp-area-hatch")) {
            var ns = "http://www.w3.org/2000/svg";
            var svg = document.createElementNS(ns, "svg");
            svg.setAttribute("width", "0"); svg.setAttribute("height", "0");
            svg.style.position = "absolute";
            var pat = document.createElementNS(ns, "pattern");
            pat.setAttribute("id", "iskp-area-hatch");
            pat.setAttribute("patternUnits", "userSpaceOnUse");
            pat.setAttribute("width", "9"); pat.setAttribute("height", "9");
            pat.setAttribute("patternTransform", "rotate(45)");
            var line = document.createElementNS(ns, "line");
            line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
            line.setAttribute("x2", "0"); line.setAttribute("y2", "9");
            line.setAttribute("stroke", colour); line.setAttribute("stroke-width", "2");
            line.setAttribute("stroke-opacity", "0.45");
            pat.appendChild(line); svg.appendChild(pat); document.body.appendChild(svg);
          }
          function popup(list) {
            var box = ISKP.el("div", null, "iskp-area-popup");
            box.appendChild(ISKP.el("h4", ISKP.say("Reported activity area")));
            list.forEach(function (c) {
              var d = ISKP.el("div", null, "iskp-area-claim");
              d.appendChild(ISKP.el("div", c.name, "iskp-area-name"));
              if (c.words) { d.appendChild(ISKP.el("div", "“" + c.words + "”", "iskp-area-words")); }
              d.appendChild(ISKP.el("div", c.t, "iskp-popup-summary"));
              var rows = [[ISKP.say("Date"), c.dl], [ISKP.say("Category"), ISKP.say(c.cat)],
                          [ISKP.say("Source"), c.src],
                          [ISKP.say("Core provinces"), c.core.join(", ")]];
              if (c.possible.length) {
                rows.push([ISKP.say("Possibly also"), c.possible.join(", ")]);
              }
              d.appendChild(ISKP.table(rows, "iskp-popup"));
              d.appendChild(ISKP.el("div", ISKP.say("Rule: {rule}", {rule: ISKP.say(c.rule)}),
                                  "iskp-area-rule"));
              box.appendChild(d);
            });
            box.appendChild(ISKP.el("div", ISKP.say("An area claim: drawn as an area, not " +
                                                    "counted as an event in any province."),
                                    "iskp-popup-flag"));
            return box;
          }
          var shown = {};
          function draw(w) {
            group.clearLayers();
            var byKey = shown = {};
            claims.forEach(function (c) {
              if (ISKP.inWindow(c, w)) { (byKey[c.k] = byKey[c.k] || []).push(c); }
            });
            shapes.forEach(function (f) {
              var list = byKey[f.properties.k];
              if (!list) { return; }
              var core = f.properties.part === "core";
              var layer = L.geoJSON(f, {style: function () {
                return core ? {color: colour, weight: 2.5, opacity: 0.95, fillOpacity: 1,
                               className: "iskp-area-core"}
                            : {color: colour, weight: 2, opacity: 0.9, dashArray: "7 5",
                               fill: false, className: "iskp-area-possible"};
              }});
              layer.bindPopup(function () { return popup(list); }, {maxWidth: 380});
              var names = list.map(function (c) { return c.name; }).join("; ");
              layer.bindTooltip(ISKP.el("span", core ? ISKP.say("Activity area: {names}", {names: names})
                                        : ISKP.say("Possibly part of: {names}", {names: names})),
                                {sticky: true});
              group.addLayer(layer);
            });
          }
          ISKP.follow(draw);
          /* Only an area's outline takes the pointer (the provinces keep theirs): a click
           * inside it, on a province it holds, opens the area's popup as well as whatever the
           * province's click does (the app's drill-down). */
          var map = {{ this._parent._parent.get_name() }};
          ISKP.unitClicks.push(function (unit, at) {
            if (!map.hasLayer(group)) { return; }
            var list = [];
            Object.keys(shown).forEach(function (k) {
              shown[k].forEach(function (c) {
                if ((c.core.indexOf(unit.name) >= 0 || c.possible.indexOf(unit.name) >= 0) &&
                    list.indexOf(c) < 0) { list.push(c); }
              });
            });
            if (list.length) {
              L.popup({maxWidth: 380}).setLatLng(at).setContent(popup(list)).openOn(map);
            }
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, shapes, claims):
        super().__init__()
        self._name = "AreasScript"
        self.shapes = json_for_script(shapes)
        self.claims = json_for_script(claims)
        self.colour = AREA_COLOUR


class ActivityAreasLayer(MapLayer):
    layer_id = "activity_areas"
    title = "Reported activity areas"

    def __init__(self, records: pd.DataFrame, show: bool = True):
        super().__init__(show=show)
        self.shapes, self.claims = area_claims(records)
        _AreasScript(self.shapes, self.claims).add_to(self)
