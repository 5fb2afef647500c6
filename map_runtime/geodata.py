"""Shared geometry, embedded once per map.

Province shapes serve the ``provinces`` outlines and the ``activity`` choropleth; embedding them
twice would double an exported file for nothing. A :class:`GeoRegistry` is added to the map
before the layers; each layer asks it for a collection by name, and the registry writes every
collection it was asked for, once, when the map renders. Coordinates are rounded to 3 decimals
(about 110 m), finer than the display simplification (about 400 m for provinces, 550 m for
districts): shared edges round alike, so neighbours still meet.

>>> geo = GeoRegistry().add_to(map_)
>>> ProvincesLayer(geo).add_to(map_)
"""
from __future__ import annotations

import json
from functools import lru_cache

import geopandas as gpd
import shapely
from jinja2 import Template

from geo.bands import border_bands
from geo.boundaries import border_regions, international_borders, provinces
from geo.districts import districts
from map_runtime.base import SafeMacroElement, json_for_script
from map_runtime.assets import url

GRID_DEG = 1e-3


def _collection(gdf: gpd.GeoDataFrame, columns: list[str]) -> dict:
    gdf = gdf[columns + ["geometry"]].copy()
    gdf["geometry"] = shapely.set_precision(gdf.geometry.values, GRID_DEG)
    return json.loads(gdf.to_json(drop_id=True))


def _provinces():
    return _collection(provinces(display=True), ["iso", "name"])


def _districts():
    return _collection(districts(display=True), ["id", "name", "province_iso", "province"])


def _border_regions():
    return _collection(border_regions(display=True), ["iso", "name", "country", "country_name"])


def _borders():
    b = international_borders()
    b["geometry"] = b.simplify(0.002)
    b["iso"] = b["segment"]
    return _collection(b, ["iso", "neighbour", "neighbour_name", "length_km"])


COLLECTIONS = {"provinces": _provinces, "districts": _districts,
               "border_regions": _border_regions,
               "international_borders": _borders}


def _bands(band_km: float) -> dict:
    bands = border_bands(band_km)
    bands["iso"] = bands["segment"]
    return _collection(bands, ["iso", "neighbour", "neighbour_name", "width_km"])


@lru_cache(maxsize=16)
def _payload(name: str, band_km: float | None = None) -> str:
    """A collection as the page's script holds it. The shapes are the shipped files' and never
    change in a process: made once, not once per map (a 10-slide deck builds 30 maps)."""
    return json_for_script(_bands(band_km) if name == "border_bands" else COLLECTIONS[name]())


class GeoRegistry(SafeMacroElement):
    default_js = [("iskp_runtime", url("iskp_runtime.js"))]
    _template = Template("""
        {% macro script(this, kwargs) %}
        {% for name, payload in this.payloads() %}
        ISKP.addGeo({{ name|tojson }}, {{ payload }});
        {% endfor %}
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "GeoRegistry"
        self.wanted: dict[str, str] = {}  # each collection's name and script text

    def use(self, name: str, band_km: float | None = None) -> str:
        """Register a collection (``border_bands`` takes its width) and return its name."""
        if name == "border_bands":
            key = f"border_bands_{band_km:g}"
            self.wanted.setdefault(key, _payload(name, float(band_km)))
            return key
        self.wanted.setdefault(name, _payload(name))
        return name

    def payloads(self):
        return list(self.wanted.items())
