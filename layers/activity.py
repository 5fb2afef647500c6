"""``activity`` layer: a choropleth of records (or fatalities) per province in the window.

Classes come from mapclassify (Fisher-Jenks natural breaks; each value its own class when there
are five or fewer distinct values); provinces with none are a class of their own ("0"). The
breaks are fixed for the view so that a reader narrowing the window in an exported file compares
like with like; the legend states breaks, metric and window.

>>> layer = ActivityLayer(counts={"AF-NAN": 3, "AF-KNR": 1}, metric="records")
>>> layer.classes
[(1, 1), (2, 3)]
"""
from __future__ import annotations

import folium
import mapclassify
import numpy as np
from branca.element import MacroElement
from jinja2 import Template

from geo.boundaries import provinces
from layers.activity_data import ActivityData
from layers.base import MapLayer, esc, path_class
from layers.style import ZERO_COLOUR, sequential

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
    bins = mapclassify.FisherJenks(vals, k=MAX_CLASSES).bins
    return sorted({int(np.ceil(b)) for b in bins})


def class_ranges(bounds: list[int]) -> list[tuple[int, int]]:
    out, low = [], 1
    for b in bounds:
        out.append((low, b))
        low = b + 1
    return out


class _ChoroplethScript(MacroElement):
    """Recolours the choropleth when the date window changes (exported files)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var gj = {{ this.geojson.get_name() }};
          var bounds = {{ this.bounds|tojson }}, colours = {{ this.colours|tojson }};
          if (!data.detailed) { return; }
          ISKP.onWindow(function (w) {
            var counts = ISKP.countByPlace(data, w, {{ this.metric|tojson }});
            gj.eachLayer(function (layer) {
              var v = counts[layer.feature.properties.iso] || 0;
              layer.feature.properties.value = String(v);
              var k = ISKP.classOf(v, bounds);
              layer.setStyle({fillColor: k < 0 ? {{ this.zero|tojson }} : colours[k]});
            });
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, data, geojson, bounds, colours, metric):
        super().__init__()
        self._name = "ChoroplethScript"
        self.dataset = data.dataset_name
        self.geojson = geojson  # named at render time, after stable ids are given
        self.bounds, self.colours, self.metric, self.zero = bounds, colours, metric, ZERO_COLOUR


class ActivityLayer(MapLayer):
    layer_id = "activity"
    title = "Activity by province"

    def __init__(self, counts: dict[str, int], metric: str = "records", window_label: str = "",
                 data: ActivityData | None = None, show: bool = True):
        super().__init__(show=show)
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}")
        self.metric = metric
        gdf = provinces(display=True)[["iso", "name", "geometry"]].copy()
        gdf["value"] = [str(int(counts.get(i, 0))) for i in gdf.iso]
        gdf["tip_name"] = gdf["name"].map(esc)
        self.bounds = class_bounds([counts.get(i, 0) for i in gdf.iso])
        self.classes = class_ranges(self.bounds)
        self.colours = sequential(len(self.bounds)) if self.bounds else []
        bounds, colours = self.bounds, self.colours

        def style(feature):
            v = int(feature["properties"]["value"])
            k = next((i for i, b in enumerate(bounds) if v <= b), len(bounds) - 1) if v else -1
            return {"fillColor": ZERO_COLOUR if k < 0 else colours[k], "fillOpacity": 0.75,
                    "color": "#666", "weight": 0.6}

        geojson = folium.GeoJson(
            gdf.to_json(drop_id=True), name="activity choropleth", style_function=style,
            on_each_feature=path_class("iskp-choropleth"),
            tooltip=folium.GeoJsonTooltip(
                fields=["tip_name", "value"],
                aliases=["Province", f"{METRICS[metric]} ({esc(window_label)})"
                         if window_label else METRICS[metric]]),
            control=False)
        geojson.add_to(self)
        if data is not None:
            _ChoroplethScript(data, geojson, bounds, colours, metric).add_to(self)
