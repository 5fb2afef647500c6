"""``provinces`` layer: Afghanistan's 34 provinces as outlines with name labels.

The tooltip gives the name, ISO code and the number of records in the current date window, so a
briefer can point at a province and read its count.

>>> from layers.provinces import ProvincesLayer
>>> ProvincesLayer(counts={"AF-NAN": 4}, window_label="2018").add_to(map_)
"""
from __future__ import annotations

import folium
from folium.features import DivIcon

from geo.boundaries import provinces
from layers.base import MapLayer, esc, path_class
from layers.style import LABEL_CSS, PROVINCE_OUTLINE


class ProvincesLayer(MapLayer):
    layer_id = "provinces"
    title = "Provinces"

    def __init__(self, counts: dict[str, int] | None = None, window_label: str = "",
                 labels: bool = True, label_size: int = 11, show: bool = True):
        super().__init__(show=show)
        counts = counts or {}
        gdf = provinces(display=True)[["iso", "name", "geometry"]].copy()
        gdf["records"] = [int(counts.get(i, 0)) for i in gdf.iso]
        # Tooltip text goes into innerHTML in folium's template: escape here.
        gdf["tip_name"] = gdf["name"].map(esc)
        gdf["tip_iso"] = gdf["iso"].map(esc)
        gdf["tip_records"] = gdf["records"].astype(str)
        folium.GeoJson(
            gdf.to_json(drop_id=True),
            name="province shapes",
            on_each_feature=path_class("iskp-province"),
            style_function=lambda f: {"color": PROVINCE_OUTLINE, "weight": 1.2,
                                      "fillColor": "#ffffff", "fillOpacity": 0.0},
            highlight_function=lambda f: {"weight": 3, "color": "#000000"},
            tooltip=folium.GeoJsonTooltip(
                fields=["tip_name", "tip_iso", "tip_records"],
                aliases=["Province", "ISO 3166-2", f"Records ({esc(window_label)})"
                         if window_label else "Records"],
                sticky=False),
            control=False,
        ).add_to(self)
        if labels:
            full = provinces()[["iso", "name", "label_lat", "label_lon"]]
            for _, p in full.iterrows():
                folium.Marker(
                    [p.label_lat, p.label_lon],
                    icon=DivIcon(html=f'<div class="province-label" data-iso="{esc(p.iso)}" '
                                      f'style="{LABEL_CSS} font-size:{label_size}px;'
                                      f'transform:translate(-50%,-50%);">{esc(p["name"])}</div>',
                                 icon_size=(0, 0), class_name="province-label-icon"),
                    interactive=False,
                ).add_to(self)
