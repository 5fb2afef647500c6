"""GeoPackage and KML hand-off: what QGIS and Google Earth read back."""
import io
import xml.etree.ElementTree as ET

import pyogrio

from outputs import gis_files
from geo.activity import builtin_records
from geo.importers import import_file
from geo.records import concat_records

HOSTILE = ("id,date_start,date_precision,admin1,latitude,longitude,category,summary,source\n"
           "H1,2019-05-05,day,Nangarhar,34.4265,70.4515,attack,"
           "TEST DATA <script>alert(1)</script>,TEST DATA source\n")


def records():
    hostile = import_file(io.BytesIO(HOSTILE.encode()), name="h.csv").records
    return concat_records([builtin_records(), hostile])


def test_records_round_trip_through_geopackage_and_kml(tmp_path):
    rec = records()
    for fmt, data in (("gpkg", gis_files.records_gpkg(rec)), ("kml", gis_files.records_kml(rec))):
        path = tmp_path / f"r.{fmt}"
        path.write_bytes(data)
        back = pyogrio.read_dataframe(path)
        assert len(back) == len(rec), fmt  # every record, placed or not
        placed = back[back.geometry.notna() & ~back.geometry.is_empty]
        assert len(placed) == int(rec.latitude.notna().sum()), fmt
    gp = pyogrio.read_dataframe(tmp_path / "r.gpkg")
    assert "R017" in set(gp["id"]) and gp.set_index("id").loc["R017", "geometry"] is None


def test_kml_shows_markup_as_text_in_google_earth():
    kml = gis_files.records_kml(records()).decode()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.fromstring(kml)
    descriptions = [d.text or "" for d in root.iter("{http://www.opengis.net/kml/2.2}description")]
    hostile = next(d for d in descriptions if "TEST DATA" in d)
    # After XML decoding the balloon's HTML still holds entities, so it shows the text.
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
    assert root.find(".//k:Placemark", ns) is not None


def test_province_figures_as_polygons(tmp_path):
    rec = builtin_records()
    path = tmp_path / "p.gpkg"
    path.write_bytes(gis_files.provinces_gpkg(rec))
    back = pyogrio.read_dataframe(path).set_index("iso")
    assert len(back) == 34 and back.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert back.loc["AF-SAR", "records"] == 1 and back.loc["AF-KNR", "area_claims"] >= 1
    kml = tmp_path / "p.kml"
    kml.write_bytes(gis_files.provinces_kml(rec))
    assert len(pyogrio.read_dataframe(kml)) == 34
