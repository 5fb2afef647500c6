"""Map assembly: a view (which layers, which window, which filters, which titles) to a folium map.

Used by the app, the export and the command line alike, so a view looks the same everywhere.

>>> from layers.map import MapView, build_map
>>> m = build_map(MapView(layers=("provinces", "border_regions")))
"""
from __future__ import annotations

from dataclasses import dataclass, field

import folium

from layers.base import OfflineMap
from layers.border_regions import BorderRegionsLayer
from layers.provinces import ProvincesLayer

CENTER = [33.9, 67.7]
BOUNDS = [[29.0, 60.0], [38.8, 75.2]]
LAYER_TITLES = {"provinces": "Provinces", "border_regions": "Border regions"}
DEFAULT_LAYERS = ("provinces", "border_regions")


@dataclass
class MapView:
    layers: tuple[str, ...] = DEFAULT_LAYERS
    counts: dict[str, int] = field(default_factory=dict)
    window_label: str = ""
    basemap_url: str | None = None
    height: str = "100%"


def check_layers(ids) -> tuple[str, ...]:
    unknown = [i for i in ids if i not in LAYER_TITLES]
    if unknown:
        raise ValueError(f"unknown layer id(s): {', '.join(unknown)}; "
                         f"known: {', '.join(LAYER_TITLES)}")
    return tuple(ids)


def build_map(view: MapView) -> folium.Map:
    layers = check_layers(view.layers)
    m = OfflineMap(location=CENTER, zoom_start=6, min_zoom=4, max_zoom=12)
    if view.basemap_url:
        folium.TileLayer(view.basemap_url, attr="user basemap", name="Basemap").add_to(m)
    if "border_regions" in layers:
        BorderRegionsLayer(counts=view.counts, window_label=view.window_label).add_to(m)
    if "provinces" in layers:
        ProvincesLayer(counts=view.counts, window_label=view.window_label).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(BOUNDS)
    return m
