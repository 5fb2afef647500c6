"""The view's records and per-province figures for GIS users: GeoPackage (QGIS) and KML
(Google Earth), written by pyogrio (GDAL).

Records with their own coordinates are points; records known only to a province, a region or
the country have no geometry (GeoPackage keeps them as rows with an empty geometry; in KML
they are placemarks without a position), so nothing is dropped and nothing is placed more
precisely than the source allows. Text is written as attribute values, never as markup.

>>> data = records_gpkg(records)   # bytes of a .gpkg file
"""
from __future__ import annotations

import html
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.boundaries import provinces
from geo.figures import table
from geo.joins import per_province
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
    rows = table(records)
    placed = rows["latitude"].notna() & rows["longitude"].notna()
    geometry = gpd.GeoSeries([gpd.points_from_xy([x], [y])[0] if ok else None
                              for x, y, ok in zip(rows["longitude"], rows["latitude"], placed)],
                             crs="EPSG:4326")
    rows = rows.drop(columns=["latitude", "longitude"])
    for c in rows.columns:
        if c != "fatalities":
            rows[c] = printable_column(rows[c].astype(object).where(rows[c].notna(), ""))
    frame = gpd.GeoDataFrame(rows, geometry=geometry, crs="EPSG:4326")
    # The KML driver names a placemark after a 'Name' field and describes it with
    # 'Description'. Google Earth renders a description as HTML once XML is decoded, so the
    # text is HTML-escaped first: a summary holding <script> shows as text there too.
    frame.insert(0, "Name", (rows["id"] + " " + rows["category"]).map(html.escape))
    frame.insert(1, "Description", rows["summary"].map(html.escape))
    return frame


def provinces_frame(records: pd.DataFrame) -> gpd.GeoDataFrame:
    prov = provinces(display=True)[["iso", "name", "geometry"]]
    figures = per_province(records).drop(columns=["name"])
    figures["first"] = figures["first"].dt.strftime("%Y-%m-%d").fillna("")
    figures["last"] = figures["last"].dt.strftime("%Y-%m-%d").fillna("")
    frame = prov.merge(figures, on="iso").rename(columns={"name": "Name"})
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def records_gpkg(records: pd.DataFrame) -> bytes:
    return _write(records_frame(records), "gpkg", "records")


def records_kml(records: pd.DataFrame) -> bytes:
    return _write(records_frame(records), "kml", "records")


def provinces_gpkg(records: pd.DataFrame) -> bytes:
    return _write(provinces_frame(records), "gpkg", "provinces")


def provinces_kml(records: pd.DataFrame) -> bytes:
    return _write(provinces_frame(records), "kml", "provinces")
