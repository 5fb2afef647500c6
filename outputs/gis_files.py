"""The view's records and per-province figures for GIS users: GeoPackage (QGIS) and KML
(Google Earth), written by pyogrio (GDAL).

Each record has the geometry its precision allows (``geo.record_geometry``): its point, its
district's or province's polygon, the union of an area claim's provinces, or Afghanistan for a
record about the whole country, with ``geo_precision`` and ``drawn_as`` as fields; a record with
nothing to draw (a neighbour as a whole) stays as a row without geometry. Nothing is dropped
and nothing is placed more precisely than the source allows. The per-unit figures cover the
34 provinces and the neighbours' border regions. Text is written as attribute values, never
as markup.

>>> data = records_gpkg(records)   # bytes of a .gpkg file
"""
from __future__ import annotations

import html
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.boundaries import border_regions, provinces
from geo.figures import table, table_order
from geo.joins import per_border_region, per_province
from geo.record_geometry import record_geometries
from geo.text_out import printable_column

DRIVERS = {"gpkg": ("GPKG", ".gpkg"), "kml": ("KML", ".kml")}


def _write(frame: gpd.GeoDataFrame, fmt: str, layer: str) -> bytes:
    driver, suffix = DRIVERS[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{layer}{suffix}"
        pyogrio.write_dataframe(frame, path, layer=layer, driver=driver)
        data = path.read_bytes()
    return _exact_kml_texts(data, frame) if fmt == "kml" else data


KML = "http://www.opengis.net/kml/2.2"


def _exact_kml_texts(data: bytes, frame: gpd.GeoDataFrame) -> bytes:
    """GDAL's KML writer trims leading spaces from every value; each placemark's texts (in
    the frame's order) are set back exactly, and ElementTree writes them escaped."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", KML)
    root = ET.fromstring(data)
    places = list(root.iter(f"{{{KML}}}Placemark"))
    if len(places) != len(frame):
        return data
    columns = set(frame.columns)
    for place, (_, row) in zip(places, frame.iterrows()):
        for tag, column in (("name", "Name"), ("description", "Description")):
            el = place.find(f"{{{KML}}}{tag}")
            if el is not None and column in columns:
                el.text = str(row[column])
        for el in place.iter(f"{{{KML}}}SimpleData"):
            name = el.get("name")
            if name in columns and isinstance(row[name], str):
                el.text = row[name]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def records_frame(records: pd.DataFrame) -> gpd.GeoDataFrame:
    ordered = records.iloc[table_order(records)]
    rows = table(ordered)
    geometry, drawn_as = record_geometries(ordered)
    rows.insert(rows.columns.get_loc("geo_precision") + 1, "drawn_as", drawn_as.to_numpy())
    geometry = geometry.reset_index(drop=True)
    for c in rows.columns:
        if c not in ("fatalities", "latitude", "longitude"):
            rows[c] = printable_column(rows[c].astype(object).where(rows[c].notna(), ""))
    frame = gpd.GeoDataFrame(rows, geometry=geometry, crs="EPSG:4326")
    # The KML driver names a placemark after a 'Name' field and describes it with
    # 'Description'. Google Earth renders a description as HTML once XML is decoded, so the
    # text is HTML-escaped first: a summary holding <script> shows as text there too.
    frame.insert(0, "Name", (rows["id"] + " " + rows["category"]).map(html.escape))
    frame.insert(1, "Description", rows["summary"].map(html.escape))
    return frame


def provinces_frame(records: pd.DataFrame) -> gpd.GeoDataFrame:
    """The window's figures per unit: the 34 provinces and the neighbours' 13 border regions
    (``unit`` says which), as polygons."""
    prov = provinces(display=True)[["iso", "name", "geometry"]].merge(
        per_province(records).drop(columns=["name"]), on="iso")
    prov.insert(2, "unit", "province")
    prov.insert(3, "country", "AF")
    reg = border_regions(display=True)[["iso", "name", "geometry"]].merge(
        per_border_region(records).drop(columns=["name"]), on="iso")
    reg.insert(2, "unit", "border region")
    frame = pd.concat([prov, reg[prov.columns]], ignore_index=True)
    for c in ("first", "last"):
        frame[c] = pd.to_datetime(frame[c]).dt.strftime("%Y-%m-%d").fillna("")
    frame = frame.rename(columns={"name": "Name"})
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def records_gpkg(records: pd.DataFrame) -> bytes:
    return _write(records_frame(records), "gpkg", "records")


def records_kml(records: pd.DataFrame) -> bytes:
    return _write(records_frame(records), "kml", "records")


def provinces_gpkg(records: pd.DataFrame) -> bytes:
    return _write(provinces_frame(records), "gpkg", "provinces")


def provinces_kml(records: pd.DataFrame) -> bytes:
    return _write(provinces_frame(records), "kml", "provinces")
