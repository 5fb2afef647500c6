"""``districts`` layer: Afghanistan's 398 districts (2014) as outlines, drawn as the reader
zooms in.

At the national view 398 outlines are noise over the provinces; from ``MIN_ZOOM`` (about one
province filling the screen) they appear, with a tooltip naming district and province and the
records counted in it in the window. Shapes come from the shared geometry
(``map_runtime.geodata``), which the district choropleth uses too.

>>> geo = GeoRegistry().add_to(map_)
>>> DistrictsLayer(geo, counts={"AF-NAN-ACHEEN": 2}, window_label="2018").add_to(map_)
"""
from __future__ import annotations

from jinja2 import Template

from geo.words import say
from map_runtime.base import GeoLayerScript, MapLayer, SafeMacroElement
from map_runtime.geodata import GeoRegistry

MIN_ZOOM = 7
OUTLINE = "#5b5b5b"


class _ShowFromZoom(SafeMacroElement):
    """Keeps the outlines off the map below ``MIN_ZOOM`` while the layer is on; the reader's
    layer switch still decides whether they are wanted at all."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }}, map = {{ this._parent._parent.get_name() }};
          var outlines = ISKP.layers["districts"];
          function update() {
            var near = map.getZoom() >= {{ this.min_zoom }};
            if (near && !group.hasLayer(outlines)) { group.addLayer(outlines); }
            if (!near && group.hasLayer(outlines)) { group.removeLayer(outlines); }
            map.getContainer().dataset.districtOutlines = near ? "shown" : "hidden";
          }
          map.on("zoomend", update);
          map.whenReady(update);
        })();
        {% endmacro %}
    """)

    def __init__(self, min_zoom: int):
        super().__init__()
        self._name = "DistrictsFromZoom"
        self.min_zoom = int(min_zoom)


class DistrictsLayer(MapLayer):
    layer_id = "districts"
    title = "Districts (as you zoom in)"

    def __init__(self, geo: GeoRegistry, counts: dict[str, int] | None = None,
                 window_label: str = "", show: bool = True, min_zoom: int = MIN_ZOOM):
        super().__init__(show=show)
        counts = counts or {}
        label = say("Records ({window})", window=window_label) if window_label else \
            say("Records")
        GeoLayerScript("districts", {
            "geo": geo.use("districts"), "key": "id", "cls": "iskp-district",
            "style": {"color": OUTLINE, "weight": 0.8, "dashArray": "3 2", "fillOpacity": 0.0,
                      "fillColor": "#ffffff"},
            "tooltip": [["District", "name"], ["Province", "province"], [label, "records"]],
            "values": {i: {"records": int(v)} for i, v in counts.items() if v},
            "default_value": {"records": 0},
            "highlight": True,
        }).add_to(self)
        _ShowFromZoom(min_zoom).add_to(self)

