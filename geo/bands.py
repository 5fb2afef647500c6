"""Border bands: the zone within a chosen distance of each border segment, on both sides.

Computed on demand in a metric projection because the width is a user setting (default 50 km).
Each band is kept to the two countries it separates (Afghanistan and that neighbour's border
regions): the buffer's round end at a tripoint would otherwise spill a blob into a third
country. (Flat ends are no answer: GEOS drops parts of a flat-capped buffer of a winding river
border.)

>>> from geo.bands import border_bands
>>> border_bands(50).segment.tolist()
['AF-PK', 'AF-IR', 'AF-TM', 'AF-UZ', 'AF-TJ', 'AF-CN']
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import shapely

from geo.boundaries import border_regions, international_borders, provinces
from geo.crs import EQUAL_AREA_CRS, METRIC_CRS

DEFAULT_WIDTH_KM = 50.0
MAX_WIDTH_KM = 300.0


@lru_cache(maxsize=16)
def _bands(width_km: float) -> gpd.GeoDataFrame:
    borders = international_borders()
    metric = borders.to_crs(METRIC_CRS)
    metric["geometry"] = metric.buffer(width_km * 1000.0, quad_segs=8)
    sides = _sides().to_crs(METRIC_CRS)
    metric["geometry"] = [band.intersection(sides.loc[cc, "geometry"])
                          for band, cc in zip(metric.geometry, metric["neighbour"])]
    metric["width_km"] = width_km
    metric["area_km2"] = metric.to_crs(EQUAL_AREA_CRS).area.div(1e6).round(0)
    # Simplify at a tenth of a kilometre: a band is a display zone, not a survey line.
    metric["geometry"] = metric.simplify(100.0)
    return metric.to_crs("EPSG:4326")


@lru_cache(maxsize=1)
def _sides() -> gpd.GeoDataFrame:
    """Per neighbour: Afghanistan and that neighbour's border regions, as one shape."""
    afghanistan = shapely.union_all(provinces().geometry.values)
    regions = border_regions()
    rows = {cc: shapely.union_all([afghanistan, *regions.loc[regions.country == cc, "geometry"]])
            for cc in sorted(set(regions.country))}
    return gpd.GeoDataFrame({"geometry": list(rows.values())}, index=list(rows), crs="EPSG:4326")


def border_bands(width_km: float = DEFAULT_WIDTH_KM) -> gpd.GeoDataFrame:
    """One polygon per border segment: ``segment``, ``neighbour``, ``width_km``, ``area_km2``."""
    width_km = float(width_km)
    if not 0 < width_km <= MAX_WIDTH_KM:
        raise ValueError(f"border band width must be between 0 and {MAX_WIDTH_KM:g} km, "
                         f"got {width_km:g}")
    return _bands(width_km).copy()
