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
    ok = hit >= 0
    columns = {}
    for col in ("iso", "name", "country"):
        values = np.full(len(lons), None, dtype=object)
        values[ok] = attrs[col].to_numpy(object)[hit[ok]]
        columns[col] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns)
