"""``border_regions`` layer: the neighbours' admin-1 units along Afghanistan's border and the
international border itself, both coloured by neighbour.

>>> from layers.border_regions import BorderRegionsLayer
>>> BorderRegionsLayer(counts={"PK-BA": 1}).add_to(map_)
"""
from __future__ import annotations

import folium

from geo.boundaries import border_regions, international_borders
from layers.base import MapLayer, esc, path_class
from layers.style import NEIGHBOUR_COLOURS


class BorderRegionsLayer(MapLayer):
    layer_id = "border_regions"
    title = "Border regions"

    def __init__(self, counts: dict[str, int] | None = None, window_label: str = "",
                 show: bool = True):
        super().__init__(show=show)
        counts = counts or {}
        regions = border_regions(display=True)[["iso", "name", "country", "country_name",
                                                "shared_border_km", "geometry"]].copy()
        regions["tip_name"] = regions["name"].map(esc)
        regions["tip_country"] = regions["country_name"].map(esc)
        regions["tip_iso"] = regions["iso"].map(esc)
        regions["tip_records"] = [str(int(counts.get(i, 0))) for i in regions.iso]
        folium.GeoJson(
            regions.to_json(drop_id=True),
            name="border region shapes",
            on_each_feature=path_class("iskp-border-region"),
            style_function=lambda f: {
                "color": NEIGHBOUR_COLOURS[f["properties"]["country"]], "weight": 1,
                "fillColor": NEIGHBOUR_COLOURS[f["properties"]["country"]], "fillOpacity": 0.12},
            tooltip=folium.GeoJsonTooltip(
                fields=["tip_name", "tip_country", "tip_iso", "tip_records"],
                aliases=["Region", "Country", "ISO 3166-2",
                         f"Records ({esc(window_label)})" if window_label else "Records"]),
            control=False,
        ).add_to(self)
        borders = international_borders()[["segment", "neighbour", "neighbour_name",
                                          "length_km", "geometry"]].copy()
        borders["geometry"] = borders.simplify(0.002)
        borders["tip"] = [f"Afghanistan–{esc(n)} border, {km:,.0f} km"
                          for n, km in zip(borders.neighbour_name, borders.length_km)]
        folium.GeoJson(
            borders.to_json(drop_id=True),
            name="international border",
            on_each_feature=path_class("iskp-border-line"),
            style_function=lambda f: {"color": NEIGHBOUR_COLOURS[f["properties"]["neighbour"]],
                                      "weight": 3.5, "opacity": 0.9},
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
            control=False,
        ).add_to(self)
