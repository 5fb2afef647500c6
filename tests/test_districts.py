"""Afghanistan's districts: geography, lookup, names, records placed in them, their counts."""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.boundaries import DATA, provinces
from geo.district_counts import per_district
from geo.districts import districts, district_table
from geo.gazetteer import AmbiguousPlace, UnknownPlace, resolve_district
from geo.importers import import_file
from geo.importers.ucdp import GED_COLUMNS
from geo.lookup import locate_districts

HERE = Path(__file__).parent

# Districts per province in the AIMS 2014 set geoBoundaries packages (398 in all).
AIMS_2014 = {"AF-BDS": 28, "AF-BDG": 7, "AF-BGL": 15, "AF-BAL": 15, "AF-BAM": 7, "AF-DAY": 9,
             "AF-FRA": 11, "AF-FYB": 14, "AF-GHA": 19, "AF-GHO": 10, "AF-HEL": 13, "AF-HER": 16,
             "AF-JOW": 11, "AF-KAB": 15, "AF-KAN": 16, "AF-KAP": 7, "AF-KHO": 13, "AF-KNR": 15,
             "AF-KDZ": 7, "AF-LAG": 5, "AF-LOG": 7, "AF-NAN": 22, "AF-NIM": 5, "AF-NUR": 8,
             "AF-PIA": 11, "AF-PKA": 19, "AF-PAN": 7, "AF-PAR": 10, "AF-SAM": 7, "AF-SAR": 7,
             "AF-TAK": 17, "AF-URU": 5, "AF-WAR": 9, "AF-ZAB": 11}


def test_every_district_has_exactly_one_of_the_34_provinces():
    t = district_table()
    assert len(t) == 398 and t.id.is_unique
    assert set(t.province_iso) == set(provinces().iso)
    assert t.province_iso.value_counts().to_dict() == AIMS_2014
    # The id says the province: AF-NAN-BATIKOT is in AF-NAN.
    assert (t.id.str[:6] == t.province_iso).all()


@pytest.mark.parametrize("name,province", [
    ("Bati Kot", "AF-NAN"), ("Acheen", "AF-NAN"), ("Sayyad", "AF-SAR"), ("Spin Boldak", "AF-KAN"),
    ("Kajaki", "AF-HEL"), ("Darzab", "AF-JOW"), ("Qush Tepa", "AF-JOW"), ("Zaranj", "AF-NIM"),
    ("Wakhan", "AF-BDS"), ("Chimtal", "AF-BAL"), ("Dand Patan", "AF-PIA"),
    ("Khaki Safed", "AF-FRA"), ("Kohistanat", "AF-SAR"), ("Shindand", "AF-HER"),
    # the two the overlap with Natural Earth's coarse provinces gets wrong, fixed by hand
    ("Mosa Khail", "AF-KHO"), ("Jaghatu", "AF-WAR"), ("Bahrami Shahid (Jaghatu)", "AF-GHA"),
])
def test_the_derived_province_of_known_districts(name, province):
    t = district_table()
    assert t.loc[t.name == name, "province_iso"].tolist() == [province]


def test_coverage_against_the_provinces_is_measured_and_small():
    info = json.loads((DATA / "districts_build_info.json").read_text())
    cov = info["coverage"]
    assert cov["districts"] == 398 and cov["district_overlaps_km2"] == 0
    assert cov["display_overlaps_km2"] == 0
    # Two sources (AIMS and Natural Earth 10m) draw the same lines differently: under 1 %.
    assert cov["provinces_not_covered_by_districts_km2"] < 0.01 * cov["province_area_km2"]
    assert cov["districts_outside_provinces_km2"] < 0.01 * cov["province_area_km2"]
    shapes = districts(display=True)
    assert set(shapes.geom_type) <= {"Polygon", "MultiPolygon"} and shapes.is_valid.all()


def test_the_shipped_source_is_the_checksummed_one():
    import hashlib
    sums = dict(reversed(line.split()) for line in
                (DATA / "geoboundaries" / "SHA256SUMS").read_text().splitlines())
    for name, digest in sums.items():
        assert hashlib.sha256((DATA / "geoboundaries" / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("lat,lon,district", [
    (34.29, 70.76, "AF-NAN-BATIKOT"), (34.43, 70.45, "AF-NAN-JALALABAD"),
    (34.127, 70.707, "AF-NAN-ACHEEN"), (34.87, 71.15, "AF-KNR-ASADABAD"),
    (31.01, 66.40, "AF-KAN-SPINBOLDAK"), (31.59, 64.36, "AF-HEL-LASHKARGAH"),
    (30.96, 61.86, "AF-NIM-ZARANJ"), (34.53, 69.17, "AF-KAB-KABUL"),
    (36.71, 67.11, "AF-BAL-MAZARISHARIF"), (37.12, 70.58, "AF-BDS-FAYZABAD"),
    (36.22, 65.93, "AF-SAR-SARIPUL"), (34.35, 62.20, "AF-HER-HIRAT"),
    (33.55, 68.42, "AF-GHA-GHAZNI"), (32.63, 65.87, "AF-URU-TIRINKOT"),
    (36.67, 65.75, "AF-JOW-SHIBIRGHAN"), (34.98, 63.13, "AF-BDG-QALAINAW"),
])
def test_locate_points_of_known_towns(lat, lon, district):
    assert locate_districts([lon], [lat]).district_id.tolist() == [district]


def test_locate_outside_and_missing():
    found = locate_districts([71.57, np.nan, -0.1], [34.01, 34.0, 51.5])  # Peshawar, NaN, London
    assert found.district_id.isna().all()


def test_resolve_the_spellings_sources_use():
    spellings = pd.read_csv(HERE / "data" / "district_spellings.csv", keep_default_na=False)
    for row in spellings.itertuples():
        got = resolve_district(row.spelling, row.province or None)
        assert got.id == row.expected, row.spelling
    # It says what it matched.
    assert resolve_district("Achin").how == "alias"
    assert resolve_district("Sayad district").matched == "Sayad"
    close = resolve_district("Achinn")
    assert close.id == "AF-NAN-ACHEEN" and close.how in ("variant spelling", "close spelling")


def test_resolve_refuses_what_it_cannot_tell():
    with pytest.raises(AmbiguousPlace):
        resolve_district("Kohistan")  # Badakhshan and Faryab
    assert resolve_district("Kohistan", "AF-FYB").id == "AF-FYB-KOHISTAN"
    with pytest.raises(UnknownPlace) as exc:
        resolve_district("Mastung")  # a district of Balochistan, not of Afghanistan
    assert "Mastung" in str(exc.value)


def _ucdp_file(tmp_path, rows):
    lines = [",".join(GED_COLUMNS)]
    for i, (wp, adm1, adm2, lat, lon) in enumerate(rows):
        cells = dict.fromkeys(GED_COLUMNS, "")
        cells.update(id=str(800 + i), relid=f"T-{i}", year="2019", active_year="1",
                     type_of_violence="3", conflict_name="Afghanistan: Islamic State",
                     side_a="IS", side_b="Civilians", where_prec=str(wp), adm_1=adm1,
                     adm_2=adm2, latitude=str(lat), longitude=str(lon), country="Afghanistan",
                     region="Asia", date_prec="1", date_start="2019-05-01 00:00:00.000",
                     date_end="2019-05-01 00:00:00.000", best="2", high="2", low="2",
                     source_article="test")
        lines.append(",".join(f'"{cells[c]}"' for c in GED_COLUMNS))
    path = tmp_path / "ged.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_ucdp_file_lands_in_the_right_districts(tmp_path):
    path = _ucdp_file(tmp_path, [
        (1, "Nangarhar province", "Bati Kot district", 34.29, 70.76),   # point
        (3, "Nangarhar province", "Achin district", 34.10, 70.68),      # district centroid
        (4, "Sar-e Pul province", "Sayyad district", 35.87, 65.72),      # province: by name
        (4, "Nangarhar province", "", 34.25, 70.40),                     # province only: none
        (1, "Nangarhar province", "Khogyani district", 34.43, 70.45),   # point in Jalalabad
        (4, "Nangarhar province", "Nowhere district", 34.25, 70.40),     # unknown name
    ])
    result = import_file(path)
    rec = result.records.set_index("id")
    assert rec.loc["800", ["district_id", "district_from"]].tolist() == ["AF-NAN-BATIKOT",
                                                                          "coordinates"]
    assert rec.loc["801", "district_id"] == "AF-NAN-ACHEEN"
    assert rec.loc["802", ["district_id", "district_from"]].tolist() == ["AF-SAR-SAYYAD", "name"]
    assert rec.loc["803", ["district_id", "district_from"]].tolist() == ["", ""]
    # The name disagrees with the point: kept as given, flagged, counted where the point is.
    assert rec.loc["804", "district"] == "Khogyani district"
    assert rec.loc["804", "district_id"] == "AF-NAN-JALALABAD"
    assert "Khogyani district" in rec.loc["804", "flags"]
    assert rec.loc["805", "district_id"] == ""
    warned = [w for w in result.warnings if w.column == "adm_2"]
    assert {w.line for w in warned} == {6, 7}
    assert any("not one of the 398 districts" in w.reason for w in warned)


def test_per_district_counts_only_iskp_placed_events(tmp_path):
    path = _ucdp_file(tmp_path, [(1, "Nangarhar province", "", 34.29, 70.76)] * 2 +
                      [(1, "Nangarhar province", "", 34.127, 70.707)])
    records = import_file(path).records
    records.loc[2, "attribution"] = "other"
    table = per_district(records).set_index("id")
    assert table.loc["AF-NAN-BATIKOT", ["records", "fatalities", "iskp"]].tolist() == [2, 4, 2]
    assert table.loc["AF-NAN-ACHEEN", ["records", "other"]].tolist() == [0, 1]
    assert table.records.sum() == 2 and len(table) == 398


def test_summary_by_district_adds_districts_and_renames_nothing(tmp_path):
    import subprocess
    import sys
    path = _ucdp_file(tmp_path, [(1, "Nangarhar province", "", 34.29, 70.76),
                                 (4, "Nangarhar province", "", 34.25, 70.40)])
    run = lambda *a: json.loads(subprocess.run(
        [sys.executable, "-m", "geo", "summary", "--json", "--no-builtin", "--data", str(path),
         *a], capture_output=True, text=True, check=True).stdout)
    plain, by_district = run(), run("--by", "district")
    assert {k: v for k, v in by_district.items()
            if k not in ("districts", "not_in_a_district")} == plain
    bati = next(d for d in by_district["districts"] if d["id"] == "AF-NAN-BATIKOT")
    assert bati == {"id": "AF-NAN-BATIKOT", "name": "Bati Kot", "province_iso": "AF-NAN",
                    "province": "Nangarhar", "records": 1, "fatalities": 2,
                    "first": "2019-05-01", "last": "2019-05-01",
                    "attribution": {"iskp": 1, "possible": 0, "other": 0}}
    assert len(by_district["districts"]) == 398
    assert by_district["not_in_a_district"] == 1  # the province-level one


def test_slides_by_district_name_the_districts_counted(tmp_path):
    import datetime as dt
    from geo.joins import DateWindow
    from map_page.assembly import MapView
    from outputs.print_layout import FORMATS, district_line, notes_text, print_html
    path = _ucdp_file(tmp_path, [(1, "Nangarhar province", "", 34.29, 70.76)] * 2 +
                      [(1, "Nangarhar province", "", 34.127, 70.707)])
    records = import_file(path).records
    view = MapView(unit="district", window=DateWindow.parse("2019-01-01", "2019-12-31"))
    line = "Districts with records: Bati Kot (Nangarhar) 2; Acheen (Nangarhar) 1."
    assert district_line(view, records) == line
    assert district_line(view.with_(unit="province"), records) is None
    assert line in notes_text(view, records, dt.date(2026, 12, 1))
    html = print_html(view, records, FORMATS["1920x1080"], dt.date(2026, 12, 1))
    # The names go to the label placement (shown where they fit) and the foot lists them.
    assert '"t": "Bati Kot"' in html or '"t":"Bati Kot"' in html
    assert "geoBoundaries gbOpen AFG ADM2" in html and line in html


def test_per_district_change_follows_the_province_rules(tmp_path):
    from geo.change import per_district_change
    from geo.joins import DateWindow
    path = _ucdp_file(tmp_path, [(1, "Nangarhar province", "", 34.29, 70.76)] * 6)
    records = import_file(path).records
    window = DateWindow.parse("2019-05-01", "2019-05-31")
    table = per_district_change(records, window, DateWindow.parse("2019-04-01", "2019-04-30"))
    bati = table.set_index("id").loc["AF-NAN-BATIKOT"]
    assert (bati.records, bati.baseline_records, bati.level_records) == (6, 0, "large increase")
    assert bati.province == "Nangarhar" and len(table) == 398


def test_a_point_on_a_shared_edge_goes_to_the_first_district():
    import shapely
    shapes = districts()
    first, second = shapes.geometry.iloc[0], shapes.geometry.iloc[1]
    x, y = sorted(set(map(tuple, shapely.get_coordinates(first))) &
                  set(map(tuple, shapely.get_coordinates(second))))[0]
    assert shapely.intersects_xy(first, x, y) and shapely.intersects_xy(second, x, y)
    assert locate_districts([x], [y]).district_id.tolist() == [shapes.id.iloc[0]]
