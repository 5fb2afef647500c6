"""Which province or border region holds a point: vectorised point-in-polygon.

Uses the full-resolution polygons and one STRtree query for all points, so 100,000 points cost
one call, not a Python loop. Points outside Afghanistan and its border regions get ``None``.

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
def _tree():
    units = admin_units()
    geoms = units.geometry.values
    shapely.prepare(geoms)
    return shapely.STRtree(geoms), units[["iso", "name", "country"]].reset_index(drop=True)


def locate(lons, lats) -> pd.DataFrame:
    """Return a frame with ``iso``, ``name``, ``country`` per point (None outside the region).

    A point on the line between two units goes to the first in file order (provinces first);
    a NaN coordinate is treated as outside.
    """
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    tree, attrs = _tree()
    out = pd.DataFrame({"iso": [None] * len(lons), "name": [None] * len(lons),
                        "country": [None] * len(lons)}, dtype=object)
    ok = np.isfinite(lons) & np.isfinite(lats)
    if not ok.any():
        return out
    idx = np.flatnonzero(ok)
    points = shapely.points(lons[idx], lats[idx])
    pt_i, geom_i = tree.query(points, predicate="intersects")
    if len(pt_i):
        order = np.lexsort((geom_i, pt_i))
        pt_i, geom_i = pt_i[order], geom_i[order]
        first = np.r_[True, pt_i[1:] != pt_i[:-1]]
        rows = idx[pt_i[first]]
        hit = attrs.iloc[geom_i[first]]
        for col in ("iso", "name", "country"):
            out.loc[rows, col] = hit[col].to_numpy()
    return out
