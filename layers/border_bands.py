"""``border_bands`` layer: the zone within the chosen distance of each border segment."""
from __future__ import annotations

from geo.boundaries import international_borders
from geo.words import say
from map_runtime.base import GeoLayerScript, MapLayer
from map_runtime.geodata import GeoRegistry
from map_runtime.style import NEIGHBOUR_COLOURS


class BorderBandsLayer(MapLayer):
    layer_id = "border_bands"
    title = "Border bands"

    def __init__(self, geo: GeoRegistry, width_km: float = 50.0, show: bool = True):
        super().__init__(show=show)
        GeoLayerScript("border_bands", {
            "geo": geo.use("border_bands", band_km=width_km), "key": "iso", "cls": "iskp-band",
            "style": {"weight": 0.5, "dashArray": "3 3", "fillOpacity": 0.18},
            "styles": {b.segment: {"color": NEIGHBOUR_COLOURS[b.neighbour],
                                   "fillColor": NEIGHBOUR_COLOURS[b.neighbour]}
                       for b in international_borders().itertuples()},
            "tooltip": [[say("Border band"), "neighbour_name"], [say("Within (km)"), "width_km"]],
        }).add_to(self)
