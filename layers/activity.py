"""``activity`` layer: a choropleth of records (or fatalities) per province in the window.

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
from geo.joins import filter_records, per_province
from map_runtime.activity_data import ActivityData
from map_runtime.base import GeoLayerScript, MapLayer, SafeMacroElement
from map_runtime.geodata import GeoRegistry
from map_runtime.style import ZERO_COLOUR, sequential

MAX_CLASSES = 5
METRICS = {"records": "Records", "fatalities": "Fatalities"}


def class_bounds(values) -> list[int]:
    """Ascending upper bounds of the classes for the non-zero values."""
    vals = np.asarray([v for v in values if v > 0], dtype=float)
    if len(vals) == 0:
        return []
    distinct = np.unique(vals)
    if len(distinct) <= MAX_CLASSES:
        return [int(v) for v in distinct]
    with warnings.catch_warnings():
        # mapclassify suggests numba for speed; 34 values need none.
        warnings.simplefilter("ignore", UserWarning)
        bins = mapclassify.FisherJenks(vals, k=MAX_CLASSES).bins
    return sorted({int(np.ceil(b)) for b in bins})


def choropleth_classes(values) -> tuple[list[int], list[str]]:
    """Upper bounds and colours of the classes for these per-province values: what the map,
    its legend, an export and a host telling a map its window all use."""
    bounds = class_bounds(values)
    return bounds, (sequential(len(bounds)) if bounds else [])


def window_values(records, window, metric: str) -> list[int]:
    """The metric per province (all 34, in order) in a window."""
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
          var gj = ISKP.layers["activity"];
          if (!data.detailed) { return; }
          if (!ISKP.choropleth) { ISKP.choropleth = {bounds: {{ this.bounds|tojson }},
                                                      colours: {{ this.colours|tojson }}}; }
          var counts = null;
          function paint() {
            var c = ISKP.choropleth;
            gj.eachLayer(function (layer) {
              var iso = layer.feature.properties.iso, v = counts[iso] || 0;
              gj.iskpValues[iso] = {value: v};
              var k = ISKP.classOf(v, c.bounds);
              layer.setStyle({fillColor: k < 0 ? {{ this.zero|tojson }} : c.colours[k]});
            });
          }
          ISKP.onWindow(function (w) {
            var metric = ISKP.metric || {{ this.metric|tojson }};
            counts = ISKP.countByPlace(data, w, metric);
            gj.iskpLabels = {value: (metric === "fatalities" ? "Fatalities" : "Records") +
                                    " (" + ISKP.dayLabel(w.s) + " – " + ISKP.dayLabel(w.e) + ")"};
            paint();
          });
          ISKP.classListeners.push(function () { if (counts) { paint(); } });
        })();
        {% endmacro %}
    """)

    def __init__(self, data, bounds, colours, metric):
        super().__init__()
        self._name = "ChoroplethWindow"
        self.dataset = data.dataset_name
        self.bounds, self.colours, self.metric, self.zero = bounds, colours, metric, ZERO_COLOUR


class ActivityLayer(MapLayer):
    layer_id = "activity"
    title = "Activity by province"

    def __init__(self, geo: GeoRegistry, counts: dict[str, int], metric: str = "records",
                 window_label: str = "", data: ActivityData | None = None, show: bool = True):
        super().__init__(show=show)
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}")
        self.metric = metric
        isos = provinces().iso.tolist()
        values = [int(counts.get(i, 0)) for i in isos]
        self.bounds, self.colours = choropleth_classes(values)
        self.classes = class_ranges(self.bounds)

        def colour(v):
            if not v:
                return ZERO_COLOUR
            return self.colours[next((i for i, b in enumerate(self.bounds) if v <= b),
                                     len(self.bounds) - 1)]

        label = f"{METRICS[metric]} ({window_label})" if window_label else METRICS[metric]
        GeoLayerScript("activity", {
            "geo": geo.use("provinces"), "key": "iso", "cls": "iskp-choropleth",
            "style": {"fillOpacity": 0.75, "color": "#666", "weight": 0.6},
            "styles": {i: {"fillColor": colour(v)} for i, v in zip(isos, values)},
            "tooltip": [["Province", "name"], [label, "value"]],
            "values": {i: {"value": v} for i, v in zip(isos, values)},
        }).add_to(self)
        if data is not None:
            _ChoroplethWindow(data, self.bounds, self.colours, metric).add_to(self)
