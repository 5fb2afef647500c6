"""GeoPackage and KML hand-off: what QGIS and Google Earth read back."""
import io
import xml.etree.ElementTree as ET

import pyogrio

from outputs import gis_files
from geo import figures
from geo.activity import builtin_records
from geo.boundaries import border_regions, provinces
from geo.joins import DateWindow, filter_records
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


def test_each_record_has_the_geometry_its_precision_allows(tmp_path):
    """July 2018 (issue 23 item 10): the province- and district-level records and the area
    claims are drawn in QGIS and Google Earth, as their unit, never as an invented point."""
    july = filter_records(builtin_records(), DateWindow.parse("2018-07-01", "2018-07-31"))
    prov = provinces().set_index("iso").geometry
    regions = border_regions().set_index("iso").geometry
    for fmt, data in (("gpkg", gis_files.records_gpkg(july)), ("kml", gis_files.records_kml(july)),
                      ("geojson", figures.to_geojson(july))):
        path = tmp_path / f"july.{fmt}"
        path.write_bytes(data)
        back = pyogrio.read_dataframe(path)
        # GDAL reads KML's own placemark id as "id" and the record's as "id2".
        back = back.set_index("id2" if fmt == "kml" else "id")
        assert len(back) == len(july) == 14, fmt
        shape, drawn = back.geometry, back["drawn_as"]
        # Sayyad's attack, known to the district: the district's polygon, inside Sar-e Pul.
        assert drawn["R015"] == "district" and shape["R015"].geom_type == "Polygon"
        assert shape["R015"].representative_point().within(prov["AF-SAR"])
        assert shape["R015"].area < prov["AF-SAR"].area / 2
        # Mastung, a Pakistani district with no outline here: Balochistan, said so.
        assert drawn["R017"] == "border region"
        assert shape["R017"].representative_point().within(regions["PK-BA"])
        # The meeting of 13 July at its point.
        assert drawn["R010"] == "point" and shape["R010"].geom_type == "Point"
        # "The northern provinces": the claim's provinces, Jowzjan and Kunduz among them.
        assert drawn["R014"] == "area claim"
        for iso in ("AF-JOW", "AF-KDZ", "AF-FYB"):
            assert shape["R014"].contains(prov[iso].representative_point()), iso
        assert not shape["R014"].contains(prov["AF-KAN"].representative_point())
        # Afghanistan as a whole for a country-wide record; nothing for Pakistan as a whole.
        assert drawn["R002"] == "country" and shape["R002"].contains(
            prov["AF-KAB"].representative_point())
        assert drawn["R030"] == "none" and shape["R030"] is None
        assert back.loc["R015", "geo_precision"] == "district"
        assert shape.notna().sum() == 11, fmt


def test_kml_shows_markup_as_text_in_google_earth():
    kml = gis_files.records_kml(records()).decode()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.fromstring(kml)
    descriptions = [d.text or "" for d in root.iter("{http://www.opengis.net/kml/2.2}description")]
    hostile = next(d for d in descriptions if "TEST DATA" in d)
    # After XML decoding the balloon's HTML still holds entities, so it shows the text.
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
    assert root.find(".//k:Placemark", ns) is not None


def test_province_and_border_region_figures_as_polygons(tmp_path):
    rec = builtin_records()
    path = tmp_path / "p.gpkg"
    path.write_bytes(gis_files.provinces_gpkg(rec))
    back = pyogrio.read_dataframe(path).set_index("iso")
    assert len(back) == 34 + 13 and back.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert back.unit.value_counts().to_dict() == {"province": 34, "border region": 13}
    assert back.loc["AF-SAR", "records"] == 1 and back.loc["AF-KNR", "area_claims"] >= 1
    # Mastung's attack of July 2018 counts in Balochistan, on Pakistan's side.
    assert back.loc["PK-BA", "records"] >= 1 and back.loc["PK-BA", "country"] == "PK"
    assert back.loc["PK-BA", "first"] <= "2018-07-01"
    kml = tmp_path / "p.kml"
    kml.write_bytes(gis_files.provinces_kml(rec))
    assert len(pyogrio.read_dataframe(kml)) == 47
