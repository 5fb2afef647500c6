"""Which province or border region holds a point: vectorised point-in-polygon.

Uses the full-resolution polygons, prepared, with a vectorised test per polygon: 100,000 points
cost 48 array calls, not a Python loop over points. Points outside Afghanistan and its border regions get ``None``.

>>> from geo.lookup import locate
>>> locate([70.45], [34.43]).iso.tolist()   # Jalalabad
['AF-NAN']
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import shapely

from geo.boundaries import admin_units


@lru_cache(maxsize=1)
def _units():
    units = admin_units()
    geoms = units.geometry.values
    shapely.prepare(geoms)
    return geoms, shapely.bounds(geoms), units[["iso", "name", "country"]].reset_index(drop=True)


def locate(lons, lats) -> pd.DataFrame:
    """Return a frame with ``iso``, ``name``, ``country`` per point (None outside the region).

    A point on the line between two units goes to the first in file order (provinces first);
    a NaN coordinate is treated as outside.
    """
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    geoms, bounds, attrs = _units()
    hit = np.full(len(lons), -1, dtype=np.int64)
    todo = np.isfinite(lons) & np.isfinite(lats)
    # One prepared polygon at a time over the points in its bounding box: 48 vectorised calls,
    # measured faster than an STRtree query for 100,000 points.
    for i, (g, (x0, y0, x1, y1)) in enumerate(zip(geoms, bounds)):
        cand = np.flatnonzero(todo & (lons >= x0) & (lons <= x1) & (lats >= y0) & (lats <= y1))
        if len(cand) == 0:
            continue
        inside = shapely.intersects_xy(g, lons[cand], lats[cand])
        found = cand[inside]
        hit[found] = i
        todo[found] = False
    return _picked(attrs, hit, {"iso": "iso", "name": "name", "country": "country"})


def _picked(attrs: pd.DataFrame, hit: np.ndarray, columns: dict[str, str]) -> pd.DataFrame:
    """Per point, the ``attrs`` row ``hit`` names (None where it is -1), columns renamed
    ``{attrs column: output column}``."""
    ok = hit >= 0
    out = {}
    for col, name in columns.items():
        values = np.full(len(hit), None, dtype=object)
        values[ok] = attrs[col].to_numpy(object)[hit[ok]]
        out[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(out)


@lru_cache(maxsize=1)
def _district_index():
    from geo.districts import districts
    d = districts()
    geoms = d.geometry.values
    shapely.prepare(geoms)
    return shapely.STRtree(geoms), geoms, d[["id", "name", "province_iso", "province"]]\
        .reset_index(drop=True)


def locate_districts(lons, lats) -> pd.DataFrame:
    """Return ``district_id``, ``district``, ``province_iso``, ``province`` per point (None
    outside Afghanistan's districts): one STRtree query for all points, then one vectorised
    test against the prepared outlines.

    >>> locate_districts([70.76], [34.29]).district.tolist()
    ['Bati Kot']
    """
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    tree, geoms, attrs = _district_index()
    ok = np.isfinite(lons) & np.isfinite(lats)
    idx = np.flatnonzero(ok)
    hit = np.full(len(lons), -1, dtype=np.int64)
    if len(idx):
        # Candidates by bounding box from the tree, then the exact test against the prepared
        # polygons in one vectorised call (the tree's own predicate would prepare the points).
        pt, geom = tree.query(shapely.points(lons[idx], lats[idx]))
        inside = shapely.intersects_xy(geoms[geom], lons[idx[pt]], lats[idx[pt]])
        pt, geom = pt[inside], geom[inside]
        # A point on a shared edge meets two districts: the lowest index wins, as in locate.
        order = np.lexsort((geom, pt))
        first = np.unique(pt[order], return_index=True)[1]
        hit[idx[pt[order][first]]] = geom[order][first]
    return _picked(attrs, hit, {"id": "district_id", "name": "district",
                                "province_iso": "province_iso", "province": "province"})
