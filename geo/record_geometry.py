"""Each record's shape for GIS files (GeoPackage, GeoJSON, KML): the geometry its precision
allows, and never a more precise one.

- ``point``: its own coordinates (``point`` and ``near`` precision);
- ``district``: the district's polygon (a district known, no coordinates);
- ``province`` / ``border region``: the unit's polygon (one admin-1 unit named);
- ``area claim``: the union of the units the claim names as its core (``geo.areas``);
- ``country``: Afghanistan's outline for a record about Afghanistan as a whole;
- ``none``: nothing to draw (a neighbour as a whole, a unit this product has no outline for).

The polygons are those the map draws (simplified, ``display=True``), so a file of many records
stays small; the record's own ``geo_precision`` travels beside ``drawn_as``.

>>> shapes, drawn_as = record_geometries(records)
>>> drawn_as.value_counts().to_dict()
{'area claim': 8, 'country': 7, 'point': 6, ...}
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import SUCCESSORS, border_regions, provinces
from geo.district_counts import district_ids
from geo.districts import districts
from geo.records import POINT_PRECISIONS


@lru_cache(maxsize=1)
def _units() -> dict:
    """Admin-1 code: (polygon, "province" or "border region"), current and former codes."""
    out = {r.iso: (r.geometry, "province") for r in provinces(display=True).itertuples()}
    regions = border_regions(display=True, include_historical=True)
    out.update({r.iso: (r.geometry, "border region") for r in regions.itertuples()})
    for old, new in SUCCESSORS.items():
        if old not in out and new in out:
            out[old] = out[new]
    return out


@lru_cache(maxsize=1)
def _district_shapes() -> dict:
    shapes = districts(display=True)
    return dict(zip(shapes["id"], shapes.geometry))


@lru_cache(maxsize=1)
def _afghanistan():
    return shapely.union_all(provinces(display=True).geometry.values)


def record_geometries(records: pd.DataFrame) -> tuple[gpd.GeoSeries, pd.Series]:
    """(geometry in EPSG:4326, what it is) for each record, in ``records``' order."""
    units, district_shapes = _units(), _district_shapes()
    ids = district_ids(records)
    shapes, kinds = [], []
    for rec, district in zip(records.itertuples(index=False), ids):
        precision = rec.geo_precision
        codes = [c for c in str(rec.admin1 if isinstance(rec.admin1, str) else "").split("|")
                 if c]
        lat, lon = rec.latitude, rec.longitude
        shape, kind = None, "none"
        if precision in POINT_PRECISIONS and pd.notna(lat) and pd.notna(lon):
            shape, kind = shapely.Point(float(lon), float(lat)), "point"
        elif precision == "district" and district in district_shapes:
            shape, kind = district_shapes[district], "district"
        elif len(codes) > 1 or precision == "region":
            parts = [units[c][0] for c in codes if c in units]
            if parts:
                shape, kind = shapely.union_all(parts), "area claim"
        elif len(codes) == 1 and codes[0] in units and precision != "country":
            shape, kind = units[codes[0]]
        elif precision == "country" and rec.country == "AF":
            shape, kind = _afghanistan(), "country"
        elif pd.notna(lat) and pd.notna(lon):
            # Coordinates given with a coarser precision and no unit to draw: the point the
            # source gave, said to be one.
            shape, kind = shapely.Point(float(lon), float(lat)), "point"
        shapes.append(shape)
        kinds.append(kind)
    return (gpd.GeoSeries(shapes, index=records.index, crs="EPSG:4326"),
            pd.Series(kinds, index=records.index, dtype=object))
