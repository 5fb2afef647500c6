"""The shipped boundary layers, loaded once per process.

Full-resolution polygons answer point-in-polygon questions; the ``*_display`` variants, simplified
with shared edges kept shared, are what maps draw. All are EPSG:4326 GeoDataFrames.

>>> from geo.boundaries import provinces, border_regions
>>> len(provinces())
34
>>> border_regions().query("country == 'PK'").iso.tolist()
['PK-BA', 'PK-GB', 'PK-KP']
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data" / "boundaries"
NEIGHBOUR_NAMES = {"PK": "Pakistan", "IR": "Iran", "TM": "Turkmenistan", "UZ": "Uzbekistan",
                   "TJ": "Tajikistan", "CN": "China"}
COUNTRY_NAMES = {"AF": "Afghanistan", **NEIGHBOUR_NAMES}
# Historical units and the unit that holds them on today's map (FATA merged into Khyber
# Pakhtunkhwa in 2018): records keep the historical code, counts and drawing use the successor.
SUCCESSORS = {"PK-TA": "PK-KP"}


def _read(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / name, engine="pyogrio")


@lru_cache(maxsize=None)
def _provinces(display: bool) -> gpd.GeoDataFrame:
    gdf = _read("afghanistan_provinces_display.geojson" if display
                else "afghanistan_provinces.geojson")
    gdf["country"] = "AF"
    gdf["country_name"] = "Afghanistan"
    gdf["name_fa"] = gdf["name_fa"].fillna("")
    gdf["name_ps"] = gdf["name_ps"].fillna("")
    return gdf


def provinces(display: bool = False) -> gpd.GeoDataFrame:
    """Afghanistan's 34 provinces: iso, name, name_fa, name_ps, aliases, area_km2, label point."""
    return _provinces(display).copy()


@lru_cache(maxsize=None)
def _border_regions(display: bool, include_historical: bool) -> gpd.GeoDataFrame:
    gdf = _read("border_regions_display.geojson" if display else "border_regions.geojson")
    gdf["historical"] = gdf["historical"].fillna(False).astype(bool)
    if not include_historical:
        gdf = gdf[~gdf["historical"]].reset_index(drop=True)
    return gdf


def border_regions(display: bool = False, include_historical: bool = False) -> gpd.GeoDataFrame:
    """Neighbours' admin-1 units that share a border with Afghanistan.

    The modern units by default; ``include_historical`` adds former FATA (merged into Khyber
    Pakhtunkhwa in 2018), which only the full-resolution file carries.
    """
    return _border_regions(display, include_historical).copy()


@lru_cache(maxsize=None)
def _international_borders() -> gpd.GeoDataFrame:
    return _read("international_borders.geojson")


def international_borders() -> gpd.GeoDataFrame:
    """Afghanistan's border as six segments (AF-PK ... AF-CN) with ``length_km``."""
    return _international_borders().copy()


@lru_cache(maxsize=None)
def _province_borders() -> pd.DataFrame:
    return pd.read_csv(DATA / "province_borders.csv")


def province_borders() -> pd.DataFrame:
    """Which provinces touch which neighbour: iso, name, neighbour, neighbour_name, shared_km."""
    return _province_borders().copy()


@lru_cache(maxsize=None)
def _admin_units() -> gpd.GeoDataFrame:
    cols = ["iso", "name", "country", "geometry"]
    prov = _provinces(False)[cols]
    reg = _border_regions(False, False)[cols]
    return gpd.GeoDataFrame(pd.concat([prov, reg], ignore_index=True), crs="EPSG:4326")


def admin_units() -> gpd.GeoDataFrame:
    """Provinces and modern border regions in one frame (the region the map covers)."""
    return _admin_units().copy()


@lru_cache(maxsize=1)
def _unit_names() -> dict[str, str]:
    names = dict(zip(provinces().iso, provinces().name))
    regions = border_regions(include_historical=True)
    names.update(zip(regions.iso, regions.name))
    return names


def unit_name(iso: str) -> str:
    """The English name of a province or border region (historical ones included); the code
    itself when it is not one of ours."""
    return _unit_names().get(iso, iso)
