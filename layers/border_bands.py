"""``border_bands`` layer: the zone within the chosen distance of each border segment."""
from __future__ import annotations

import folium

from geo.bands import border_bands
from layers.base import MapLayer, esc, path_class
from layers.style import NEIGHBOUR_COLOURS


class BorderBandsLayer(MapLayer):
    layer_id = "border_bands"
    title = "Border bands"

    def __init__(self, width_km: float = 50.0, show: bool = True):
        super().__init__(show=show)
        bands = border_bands(width_km)[["segment", "neighbour", "neighbour_name", "width_km",
                                        "geometry"]].copy()
        bands["tip"] = [f"Within {w:g} km of the Afghanistan–{esc(n)} border"
                        for w, n in zip(bands.width_km, bands.neighbour_name)]
        folium.GeoJson(
            bands.to_json(drop_id=True), name="border bands",
            on_each_feature=path_class("iskp-band"),
            style_function=lambda f: {
                "color": NEIGHBOUR_COLOURS[f["properties"]["neighbour"]], "weight": 0.5,
                "dashArray": "3 3", "fillColor": NEIGHBOUR_COLOURS[f["properties"]["neighbour"]],
                "fillOpacity": 0.18},
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
            control=False,
        ).add_to(self)
