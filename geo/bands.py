"""Border bands: the zone within a chosen distance of each border segment, on both sides.

Computed on demand in a metric projection because the width is a user setting (default 50 km).

>>> from geo.bands import border_bands
>>> border_bands(50).segment.tolist()
['AF-PK', 'AF-IR', 'AF-TM', 'AF-UZ', 'AF-TJ', 'AF-CN']
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd

from geo.boundaries import international_borders
from geo.crs import EQUAL_AREA_CRS, METRIC_CRS

DEFAULT_WIDTH_KM = 50.0
MAX_WIDTH_KM = 300.0


@lru_cache(maxsize=16)
def _bands(width_km: float) -> gpd.GeoDataFrame:
    borders = international_borders()
    metric = borders.to_crs(METRIC_CRS)
    metric["geometry"] = metric.buffer(width_km * 1000.0, quad_segs=8)
    metric["width_km"] = width_km
    metric["area_km2"] = metric.to_crs(EQUAL_AREA_CRS).area.div(1e6).round(0)
    # Simplify at a tenth of a kilometre: a band is a display zone, not a survey line.
    metric["geometry"] = metric.simplify(100.0)
    return metric.to_crs("EPSG:4326")


def border_bands(width_km: float = DEFAULT_WIDTH_KM) -> gpd.GeoDataFrame:
    """One polygon per border segment: ``segment``, ``neighbour``, ``width_km``, ``area_km2``."""
    width_km = float(width_km)
    if not 0 < width_km <= MAX_WIDTH_KM:
        raise ValueError(f"border band width must be between 0 and {MAX_WIDTH_KM:g} km, "
                         f"got {width_km:g}")
    return _bands(width_km).copy()
