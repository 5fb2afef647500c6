"""Importers on realistic test files (tests/data, TEST DATA): every row accepted or rejected."""
import io

import pandas as pd
import pytest

from geo.importers import FileProblem, import_file

DATA = "tests/data/"


def by_line(issues):
    return {i.line: i for i in issues}


def test_acled_export_with_bom_crlf_and_quoted_newlines():
    r = import_file(DATA + "acled_sample.csv")
    assert r.format == "acled" and r.rows == 13
    assert r.accepted + len({i.line for i in r.rejected}) == r.rows
    rec = r.records.set_index("id")
    # time_precision 1: the day; 2: three days either side of the mid-point; 3: the month.
    assert (rec.loc["AFG1001", "date_start"], rec.loc["AFG1001", "date_end"]) == \
        (pd.Timestamp("2018-07-13"), pd.Timestamp("2018-07-13"))
    assert (rec.loc["AFG1002", "date_start"], rec.loc["AFG1002", "date_end"]) == \
        (pd.Timestamp("2018-07-10"), pd.Timestamp("2018-07-16"))
    assert rec.loc["AFG1002", "date_precision"] == "week"
    assert (rec.loc["AFG1003", "date_start"], rec.loc["AFG1003", "date_end"]) == \
        (pd.Timestamp("2018-07-01"), pd.Timestamp("2018-07-31"))
    # geo_precision 3 is province level; Sari Pul resolves through the gazetteer.
    assert rec.loc["AFG1003", "admin1"] == "AF-SAR"
    assert rec.loc["AFG1003", "geo_precision"] == "province"
    assert rec.loc["AFG1004", "summary"].endswith("a comma, and\na second line in the notes.")
    assert rec.loc["PAK2001", "admin1"] == "PK-BA" and rec.loc["PAK2001", "country"] == "PK"
    assert rec.loc["PAK2001", "fatalities"] == 149
    assert rec.loc["AFG1001", "source"] == "ACLED AFG1001: Pajhwok Afghan News"


def test_acled_rejections_name_line_column_and_reason():
    r = import_file(DATA + "acled_sample.csv")
    rej = by_line(r.rejected)
    # 'Nangahr' is a confident misspelling: read as Nangarhar, with a warning that says so.
    assert 7 not in rej and "Nangarhar (AF-NAN)" in by_line(r.warnings)[7].reason
    assert rej[8].column == "event_date" and "2018-13-45" in rej[8].reason
    assert rej[9].column == "latitude" and "outside" in rej[9].reason
    assert rej[10].column == "fatalities" and "many" in rej[10].reason
    assert "no place" in rej[14].reason
    assert "expected 31 fields" in rej[15].reason
    # Rejected rows are kept, with their cells, line and reason, for download.
    rows = r.rejected_rows
    assert list(rows.line) == [8, 9, 10, 14, 15]
    assert "2018-13-45" in rows.set_index("line").loc[8, "reason"]
    assert r.rows == r.accepted + len(rows)


def test_name_and_point_disagreeing_is_kept_and_flagged():
    r = import_file(DATA + "acled_sample.csv")
    rec = r.records.set_index("id").loc["AFG1009"]
    assert rec.admin1 == "AF-NAN" and rec.point_admin1 == "AF-KNR"
    warn = by_line(r.warnings)[11]
    assert "Kunar" in warn.reason and "not moved" in warn.reason
    assert "not moved" in rec["flags"]


def test_html_is_kept_as_text_with_a_warning():
    r = import_file(DATA + "acled_sample.csv")
    assert "<script>" in r.records.set_index("id").loc["AFG1010", "summary"]
    assert by_line(r.warnings)[13].column == "summary"


def test_ucdp_ged():
    r = import_file(DATA + "ucdp_sample.csv")
    assert r.format == "ucdp" and r.rows == 7 and r.accepted == 4
    rec = r.records.set_index("id")
    assert rec.loc["900001", "admin1"] == "AF-NAN" and rec.loc["900001", "fatalities"] == 7
    assert rec.loc["900002", "date_precision"] == "month"
    assert rec.loc["900002", "geo_precision"] == "province"
    # where_prec 6: country level, no point drawn.
    assert rec.loc["900003", "geo_precision"] == "country"
    assert pd.isna(rec.loc["900003", "latitude"]) and rec.loc["900003", "admin1"] == ""
    assert rec.loc["900006", "admin1"] == "PK-KP" and rec.loc["900006", "date_precision"] == "week"
    rej = by_line(r.rejected)
    assert "where_prec 7" in rej[5].reason
    assert rej[6].column == "date_start"
    assert rej[8].column == "best"


def test_geojson_points_report_feature_numbers():
    r = import_file(DATA + "points_sample.geojson")
    assert r.format == "geojson" and r.rows == 4 and r.accepted == 2
    rej = by_line(r.rejected)
    assert rej[2].column == "geometry" and "LineString" in rej[2].reason
    assert rej[4].column == "category" and "riot" in rej[4].reason
    assert r.records.set_index("id").loc["G1", "admin1"] == "AF-KAB"


def test_native_rejection_reasons():
    r = import_file(DATA + "native_bad.csv")
    rej = by_line(r.rejected)
    expected = {
        4: ("date_start", "YYYY-MM-DD"),
        5: ("latitude", "outside"), 6: ("admin1", "no place"), 7: ("fatalities", "twelve"),
        8: ("category", "riot"), 9: ("source_id", "S999"), 10: ("date_precision", "fortnight"),
        11: ("date_end", "before the start"), 12: ("admin1", "ambiguous"),
        13: ("latitude", "together"), 14: ("summary", "missing summary"),
        16: ("latitude", "out of range"),
    }
    for line, (column, text) in expected.items():
        assert rej[line].column == column and text in rej[line].reason, line
    # N1, N2 ('Kandahr', read as Kandahar with a warning) and N14 (FATA, drawn within Khyber
    # Pakhtunkhwa).
    assert r.accepted == 3
    assert "Kandahar (AF-KAN)" in by_line(r.warnings)[3].reason
    rec = r.records.set_index("id")
    assert rec.loc["N1", "admin1"] == "AF-NAN"
    assert rec.loc["N1", "date_end"] == pd.Timestamp("2019-03-31")
    assert rec.loc["N14", "admin1"] == "PK-TA"


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"   \r\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "is a PNG image, not CSV"),
    (b"\x00\x01\x02\x03\x04binary\x00\x05", "binary"),
    ("naïve,text\n".encode("latin-1"), "unrecognised columns \\(naïve"),  # decoded as cp1252
    (b"name,colour\nfoo,red\n", "unrecognised columns"),
    (b'{"type": "Feature"', "not valid"),
    (b'{"type": "Topology"}', "not a GeoJSON FeatureCollection"),
])
def test_unreadable_files_are_one_clear_error(content, message):
    with pytest.raises(FileProblem, match=message):
        import_file(io.BytesIO(content), name="upload.csv")


def test_named_format_missing_columns():
    with pytest.raises(FileProblem, match="missing column"):
        import_file(DATA + "ucdp_sample.csv", fmt="acled")


def test_oversized_upload(monkeypatch):
    import geo.importers.containers as containers
    monkeypatch.setattr(containers, "MAX_BYTES", 100)
    with pytest.raises(FileProblem, match="limit"):
        import_file(io.BytesIO(b"x" * 101), name="big.csv")


def test_builtin_data_loads_with_zero_rejections_and_sources():
    from geo.activity import builtin_result, sources
    r = builtin_result()
    assert r.rejected == [] and r.accepted == r.rows > 20
    assert r.records.source_id.isin(sources().id).all()
    assert (r.records.source != "").all()
    assert set(sources().seed_file) == {
        "000_17d6a3919242678f.txt", "001_bcc51820e6d39a64.txt", "002_940fa06cb24fb5c4.txt",
        "003_bba7c72d9ff16e3e.txt", "004_820a792f755c5fcd.txt"}
    assert r.records.date_precision.isin(["day", "week", "month", "year"]).all()
    assert (r.records.geo_precision != "").all()


def test_builtin_area_claims_take_their_provinces_from_the_areas_table():
    from geo.activity import builtin_records
    from geo.areas import activity_areas
    areas = activity_areas()
    rec = builtin_records()
    claims = rec[rec.region != ""]
    assert len(claims) == 5 and (claims.geo_precision == "region").all()
    for _, r in claims.iterrows():
        assert r.admin1 == "|".join(areas.loc[r.region, "core"])
        assert r.possible_admin1 == "|".join(areas.loc[r.region, "possible"])


def test_native_area_id_with_conflicting_admin1_is_rejected():
    text = ("id,date_start,date_precision,admin1,region,category,summary,source\n"
            "A,2018-07-01,month,,north,presence report,TEST DATA,t\n"
            "B,2018-07-01,month,Kabul,north,presence report,TEST DATA,t\n")
    r = import_file(io.BytesIO(text.encode()), name="areas.csv")
    assert r.accepted == 1 and r.records.iloc[0].admin1.startswith("AF-BAL")
    assert any(i.line == 3 and i.column == "admin1" and "activity area 'north'" in i.reason
               for i in r.rejected)


def _acled_variant(**changes):
    """The first good row of the ACLED sample with some cells changed (TEST DATA)."""
    import csv
    rows = list(csv.reader(io.StringIO(
        open(DATA + "acled_sample.csv", encoding="utf-8-sig").read(), newline="")))
    head, row = rows[0], list(rows[1])
    for k, v in changes.items():
        row[head.index(k)] = v
    buf = io.StringIO()
    csv.writer(buf).writerows([head, rows[1], row])
    return import_file(io.BytesIO(buf.getvalue().encode()), name="variant.csv")


@pytest.mark.parametrize("changes,column,text", [
    ({"country": "Atlantis"}, "country", "unknown country 'Atlantis'"),
    ({"time_precision": "9"}, "time_precision", "not 1 (day), 2 (week) or 3 (month)"),
    ({"geo_precision": "x"}, "geo_precision", "not 1 (town), 2 (near a town) or 3 (region)"),
    ({"event_date": ""}, "event_date", "missing event date"),
    ({"latitude": "north"}, "latitude", "latitude 'north' is not a number"),
    ({"admin1": "Southern Province"}, "admin1", "ambiguous"),
])
def test_more_acled_rejections(changes, column, text):
    r = _acled_variant(**changes)
    assert r.accepted == 1 and len(r.rejected) >= 1
    assert any(i.line == 3 and i.column == column and text in i.reason for i in r.rejected)


def test_one_event_twice_in_a_file_is_one_record_as_across_files():
    """check, summary and the map agree: the later copy is kept (no ACLED timestamp differs),
    the other is rejected naming it, by the rule that merges files (geo.importers.merge)."""
    r = _acled_variant(notes="TEST DATA: same id again")
    assert r.accepted == 1 and list(r.records["summary"]) == ["TEST DATA: same id again"]
    assert [(i.line, i.column) for i in r.rejected] == [(2, "id")]
    assert "the same event as line 3" in r.rejected[0].reason
