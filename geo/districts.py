"""Afghanistan's 398 districts (geoBoundaries gbOpen AFG ADM2, 2014), loaded once per process.

Each district has a stable ``id`` (its province's ISO code and its folded name,
``AF-NAN-BATIKOT``), ``name``, ``province_iso`` and ``province`` (derived by the build from the
province holding most of its area, two fixed by hand: ``data/boundaries/district_provinces.csv``),
``aliases`` (pipe-separated) and a label point. The full-resolution outlines (the source's own
TopoJSON, shipped unchanged) answer point-in-polygon questions; the display outlines, simplified
as one topology, are what maps draw. See ``data/README.md`` for coverage and limits.

>>> from geo.districts import districts
>>> len(districts())
398
>>> districts().set_index("id").loc["AF-NAN-BATIKOT", "province"]
'Nangarhar'
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import DATA

SOURCE = DATA / "geoboundaries" / "geoBoundaries-AFG-ADM2.topojson"
# What every map drawing or counting districts says of them (geoBoundaries asks for it).
CREDIT = ("Districts: geoBoundaries gbOpen AFG ADM2 (AIMS and Esri, 2014; public domain), "
          "courtesy of geoBoundaries.org")
COLUMNS = ["id", "name", "name_fa", "province_iso", "province", "aliases", "area_km2",
           "label_lat", "label_lon"]


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    table = pd.read_csv(DATA / "afghanistan_districts.csv", dtype={"shape_id": str})
    for col in ("name_fa", "aliases"):
        table[col] = table[col].fillna("")
    return table


@lru_cache(maxsize=None)
def _districts(display: bool) -> gpd.GeoDataFrame:
    table = _table()
    if display:
        geo = gpd.read_file(DATA / "afghanistan_districts_display.geojson", engine="pyogrio")
        geoms = dict(zip(geo["id"], geo.geometry))
        geometry = [geoms[i] for i in table.id]
    else:
        src = gpd.read_file(SOURCE, engine="pyogrio")
        geoms = dict(zip(src.shapeID, shapely.make_valid(src.geometry.values, method="structure",
                                                         keep_collapsed=False)))
        geometry = [geoms[s] for s in table.shape_id]
    return gpd.GeoDataFrame(table[COLUMNS].copy(), geometry=geometry, crs="EPSG:4326")


def districts(display: bool = False) -> gpd.GeoDataFrame:
    """The 398 districts: id, name, name_fa, province_iso, province, aliases, area_km2, label
    point, geometry (full resolution, or simplified for drawing with ``display``)."""
    return _districts(display).copy()


def district_table() -> pd.DataFrame:
    """The districts without their outlines (cheap: no geometry is read)."""
    return _table()[COLUMNS].copy()


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, str]]:
    t = _table()
    return {i: (n, p) for i, n, p in zip(t.id, t.name, t.province_iso)}


def district_name(district_id: str) -> str:
    """The name of a district by id; the id itself when it is not one of ours."""
    return _names().get(district_id, (district_id, ""))[0]


def district_province(district_id: str) -> str | None:
    """The ISO code of a district's province; None for an unknown id."""
    found = _names().get(district_id)
    return found[1] if found else None
