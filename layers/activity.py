"""``activity`` layer: a choropleth of records (or fatalities) per province, or per district,
in the window.

With district counts given, the page holds both choropleths and shows the one the reader counts
by (``unit``); ``ISKP.setUnit`` switches them in place (the app's "Count by", the legend's
switch), each with its own fixed breaks.

Classes come from mapclassify (Fisher-Jenks natural breaks; each value its own class when there
are five or fewer distinct values); provinces with none are a class of their own ("0"). The
breaks are fixed for the view so that a reader narrowing the window in an exported file compares
like with like; the legend states breaks, metric and window.

>>> layer = ActivityLayer(geo, counts={"AF-NAN": 3, "AF-KNR": 1}, metric="records")
>>> layer.classes
[(1, 1), (2, 3)]
"""
from __future__ import annotations

import warnings

import mapclassify
import numpy as np
from jinja2 import Template

from geo.boundaries import provinces
from geo.district_counts import per_district
from geo.districts import district_table
from geo.joins import filter_records, per_province
from map_runtime.activity_data import ActivityData
from map_runtime.base import GeoLayerScript, MapLayer, SafeMacroElement
from map_runtime.geodata import GeoRegistry
from map_runtime.style import ZERO_COLOUR, sequential

MAX_CLASSES = 5
METRICS = {"records": "Records", "fatalities": "Fatalities"}
UNITS = ("province", "district")


# Round numbers a reader takes in at a glance, for classes the data alone leaves too wide.
_ROUND = [n * 10 ** e for e in range(7) for n in (1, 2, 5)]


def class_bounds(values) -> list[int]:
    """Ascending upper bounds of the classes for the non-zero values.

    A few distinct values spread wide ("0 / 1–170": one province of 170) would leave one class
    that every narrower window of an exported file paints alike; such classes are split at round
    numbers, roughly evenly on a log scale, so that 3 and 170 are told apart.

    >>> class_bounds([0, 170])
    [2, 5, 10, 50, 170]
    >>> class_bounds([1, 2, 2, 3])
    [1, 2, 3]
    """
    vals = np.asarray([v for v in values if v > 0], dtype=float)
    if len(vals) == 0:
        return []
    distinct = np.unique(vals)
    if len(distinct) <= MAX_CLASSES:
        return _split_wide([int(v) for v in distinct])
    with warnings.catch_warnings():
        # mapclassify suggests numba for speed; 34 values need none.
        warnings.simplefilter("ignore", UserWarning)
        bins = mapclassify.FisherJenks(vals, k=MAX_CLASSES).bins
    return sorted({int(np.ceil(b)) for b in bins})


def _split_wide(bounds: list[int]) -> list[int]:
    """Add round-number bounds in the widest gaps (on a log scale) until there are
    MAX_CLASSES classes or no gap spans more than a factor of 2.5."""
    bounds = sorted(bounds)
    while len(bounds) < MAX_CLASSES:
        lows = [1] + [b + 1 for b in bounds[:-1]]
        ratio, k = max((b / low, k) for k, (low, b) in enumerate(zip(lows, bounds)))
        if ratio <= 2.5:
            break
        low, high = lows[k], bounds[k]
        middle = (low * high) ** 0.5
        inside = [r for r in _ROUND if low <= r < high]
        if not inside:
            break
        bounds = sorted(bounds + [min(inside, key=lambda r: abs(np.log(r / middle)))])
    return bounds


def choropleth_classes(values) -> tuple[list[int], list[str]]:
    """Upper bounds and colours of the classes for these per-province values: what the map,
    its legend, an export and a host telling a map its window all use."""
    bounds = class_bounds(values)
    return bounds, (sequential(len(bounds)) if bounds else [])


def window_values(records, window, metric: str, unit: str = "province") -> list[int]:
    """The metric per province (all 34, in order), or per district (all 398), in a window."""
    if unit == "district":
        return [int(v) for v in per_district(filter_records(records, window))[metric]]
    prov = per_province(filter_records(records, window))
    return [int(v) for v in prov[metric]]


def class_ranges(bounds: list[int]) -> list[tuple[int, int]]:
    out, low = [], 1
    for b in bounds:
        out.append((low, b))
        low = b + 1
    return out


class _ChoroplethWindow(SafeMacroElement):
    """Recolours the choropleth when the reader narrows the date window (exported files)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var layers = {province: ISKP.layers["activity"],
                        district: ISKP.layers["activity_districts"]};
          if (!data.detailed) { return; }
          if (!ISKP.choropleth) { ISKP.choropleth = {bounds: {{ this.bounds|tojson }},
                                                      colours: {{ this.colours|tojson }}}; }
          var counts = null, key = {province: "iso", district: "id"};
          function paint() {
            var c = ISKP.choropleth, unit = layers[ISKP.unit] ? ISKP.unit : "province";
            var gj = layers[unit];
            gj.eachLayer(function (layer) {
              var id = layer.feature.properties[key[unit]], v = counts[id] || 0;
              gj.iskpValues[id] = {value: v};
              var k = ISKP.classOf(v, c.bounds);
              layer.setStyle({fillColor: k < 0 ? {{ this.zero|tojson }} : c.colours[k]});
            });
          }
          var last = null;
          function recount(w) {
            var metric = ISKP.metric || {{ this.metric|tojson }};
            last = w;
            counts = ISKP.unit === "district" && layers.district
              ? ISKP.countByDistrict(data, w, metric) : ISKP.countByPlace(data, w, metric);
            var label = {value: (metric === "fatalities" ? "Fatalities" : "Records") +
                                " (" + ISKP.dayLabel(w.s) + " – " + ISKP.dayLabel(w.e) + ")"};
            layers.province.iskpLabels = label;
            if (layers.district) { layers.district.iskpLabels = label; }
            paint();
          }
          ISKP.onWindow(recount);
          ISKP.unitListeners.push(function () { if (last) { recount(last); } });
          ISKP.classListeners.push(function () { if (counts) { paint(); } });
        })();
        {% endmacro %}
    """)

    def __init__(self, data, bounds, colours, metric):
        super().__init__()
        self._name = "ChoroplethWindow"
        self.dataset = data.dataset_name
        self.bounds, self.colours, self.metric, self.zero = bounds, colours, metric, ZERO_COLOUR


def _colour(v, bounds, colours):
    if not v:
        return ZERO_COLOUR
    return colours[next((i for i, b in enumerate(bounds) if v <= b), len(bounds) - 1)]


class _UnitSwitch(SafeMacroElement):
    """Shows the choropleth of the unit counted by and keeps the other off the map; with the
    classes of each unit, so that an exported file switched to districts has their breaks."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }};
          var layers = {province: ISKP.layers["activity"],
                        district: ISKP.layers["activity_districts"]};
          var classes = {{ this.classes|tojson }};
          /* The page's own unit; a host (the app) tells it another after load (setUnit). */
          ISKP.unit = {{ this.unit|tojson }};
          ISKP.unitListeners.push(function (unit) {
            Object.keys(layers).forEach(function (u) {
              if (u === unit) { group.addLayer(layers[u]); } else { group.removeLayer(layers[u]); }
            });
            if (!ISKP.host && classes[unit]) {
              ISKP.setClasses(classes[unit][0], classes[unit][1]);
            }
          });
          group.removeLayer(layers[ISKP.unit === "district" ? "province" : "district"]);
          /* The legend's switch is made after this script (the legend comes last). */
          setTimeout(function () {
            document.querySelectorAll("[data-unit-choice]").forEach(function (b) {
              b.addEventListener("click", function () { ISKP.setUnit(b.dataset.unitChoice); });
            });
          }, 0);
        })();
        {% endmacro %}
    """)

    def __init__(self, unit: str, classes: dict):
        super().__init__()
        self._name = "UnitSwitch"
        self.unit, self.classes = unit, classes


class ActivityLayer(MapLayer):
    layer_id = "activity"
    title = "Activity by province"

    def __init__(self, geo: GeoRegistry, counts: dict[str, int], metric: str = "records",
                 window_label: str = "", data: ActivityData | None = None, show: bool = True,
                 district_counts: dict[str, int] | None = None, unit: str = "province"):
        """``district_counts``: the metric per district id; given, the page can count by
        district too (``unit`` says which it shows first)."""
        super().__init__(show=show)
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}")
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}")
        if unit == "district" and district_counts is None:
            raise ValueError("counting by district needs the district counts")
        self.metric, self.unit = metric, unit
        isos = provinces().iso.tolist()
        values = [int(counts.get(i, 0)) for i in isos]
        by_unit = {"province": choropleth_classes(values)}
        label = f"{METRICS[metric]} ({window_label})" if window_label else METRICS[metric]
        GeoLayerScript("activity", {
            "geo": geo.use("provinces"), "key": "iso", "cls": "iskp-choropleth",
            "style": {"fillOpacity": 0.75, "color": "#666", "weight": 0.6},
            "styles": {i: {"fillColor": _colour(v, *by_unit["province"])}
                       for i, v in zip(isos, values)},
            "tooltip": [["Province", "name"], [label, "value"]],
            "values": {i: {"value": v} for i, v in zip(isos, values)},
            # what "none" looks like (ISKP.placeLabels writes no name on a shaded neighbour)
            "zero": ZERO_COLOUR,
        }).add_to(self)
        if district_counts is not None:
            ids = district_table().id.tolist()
            dvalues = [int(district_counts.get(i, 0)) for i in ids]
            by_unit["district"] = choropleth_classes(dvalues)
            GeoLayerScript("activity_districts", {
                "geo": geo.use("districts"), "key": "id",
                "cls": "iskp-choropleth iskp-choropleth-district",
                "style": {"fillOpacity": 0.75, "color": "#777", "weight": 0.4},
                # Only districts with a value are listed: the rest take the zero colour.
                "styles": {i: {"fillColor": _colour(v, *by_unit["district"])}
                           for i, v in zip(ids, dvalues) if v},
                "zero": ZERO_COLOUR,
                "tooltip": [["District", "name"], ["Province", "province"], [label, "value"]],
                "values": {i: {"value": v} for i, v in zip(ids, dvalues) if v},
                "default_value": {"value": 0},
            }).add_to(self)
            _UnitSwitch(unit, {u: list(c) for u, c in by_unit.items()}).add_to(self)
        self.bounds, self.colours = by_unit[unit]
        self.classes = class_ranges(self.bounds)
        if data is not None:
            _ChoroplethWindow(data, self.bounds, self.colours, metric).add_to(self)
