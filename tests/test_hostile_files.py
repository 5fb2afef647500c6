"""Hostile and odd files: each crash class found by hand or by the fuzzer (test_fuzz_importers),
as a plain regression test. Every file gets accepted rows, rejected rows with reasons, or one
clear FileProblem: never a traceback, never a row lost."""
import io
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from geo.importers import FileProblem, import_file

NATIVE_HEAD = "id,date_start,date_end,date_precision,admin1,category,summary,source,fatalities\n"


def native(body: str, name="t.csv"):
    return import_file(io.BytesIO((NATIVE_HEAD + body).encode()), name=name)


def invariant(r):
    assert r.rows == r.accepted + r.rejected_count
    lines_ok = set(r.records["line"].astype(int))
    lines_bad = {i.line for i in r.rejected}
    assert not lines_ok & lines_bad, "a row is never both accepted and rejected"
    outside = r.out_of_region.get("rows", 0)
    assert len(r.rejected_rows) + outside == r.rejected_count


def test_huge_cell_is_rejected_alone_and_reading_goes_on():
    big = "x" * 200_000
    r = native(f"A,2019-01-01,,day,Kunar,attack,TEST DATA,s,\n"
               f"B,2019-01-01,,day,Kunar,attack,\"{big}\",s,\n"
               f"C,2019-01-02,,day,Kunar,attack,TEST DATA,s,\n")
    invariant(r)
    assert r.rows == 3 and r.accepted == 2 and "characters long" in r.rejected[0].reason


def test_unterminated_quote_rejects_one_row_and_reading_resumes():
    body = "".join(f"R{i},2019-01-0{i},,day,Kunar,attack,TEST DATA {i},s,\n" for i in range(1, 6))
    body = body.replace("TEST DATA 2", '"TEST DATA 2')
    r = native(body)
    invariant(r)
    assert r.rows == 5 and r.accepted == 4
    assert r.rejected[0].line == 3 and "never closed" in r.rejected[0].reason


@pytest.mark.parametrize("header", ["notes,notes", "Notes,notes"])
def test_duplicated_column_names_keep_both(header):
    text = NATIVE_HEAD.strip() + "," + header + "\n" + \
        "A,2019-01-01,,day,Kunar,attack,TEST DATA,s,,first,second\n"
    r = import_file(io.BytesIO(text.encode()), name="dup.csv")
    invariant(r)
    assert r.accepted == 1 and r.records.iloc[0].notes == "first"
    assert any("appears more than once" in w.reason for w in r.warnings)


def test_duplicated_properties_and_api_fields():
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
          "properties": {"date_start": "2019-01-01", "date_precision": "day", "admin1": "Kunar",
                         "category": "attack", "summary": "TEST DATA", "source": "s",
                         "Notes": "a", "notes": "b", "line": "7", "reason": "r"}}]}
    r = import_file(io.BytesIO(json.dumps(fc).encode()), name="p.geojson")
    invariant(r)
    assert r.accepted == 1


@pytest.mark.parametrize("column", ["line", "reason", "Line"])
def test_a_column_named_line_or_reason(column):
    text = NATIVE_HEAD.strip() + f",{column}\n" + \
        "A,2019-01-01,,day,Kunar,attack,TEST DATA,s,,v\nB,bad,,day,Kunar,attack,TEST DATA,s,,w\n"
    r = import_file(io.BytesIO(text.encode()), name="line.csv")
    invariant(r)
    rows = r.rejected_rows
    assert list(rows["line"]) == [3] and f"{column.lower()} (file)" in rows.columns


@pytest.mark.parametrize("date", ["0001-01-01", "1600-01-01", "1677-09-21", "2262-04-12",
                                  "9999-12-31", "1988-12-31", "2099-01-01"])
@pytest.mark.parametrize("where", ["start", "end"])
def test_dates_outside_the_plausible_range(date, where):
    row = f"A,{date},,day" if where == "start" else f"A,2019-01-01,{date},day"
    r = native(row + ",Kunar,attack,TEST DATA,s,\n")
    invariant(r)
    assert r.accepted == 0 and "before 1989 or more than a year after today" in \
        r.rejected[0].reason


def test_out_of_range_dates_in_acled_and_ucdp(tmp_path):
    import layouts
    for writer in (layouts.acled_current_csv, layouts.ucdp_csv):
        path = writer(tmp_path / "f.csv")
        text = path.read_text(encoding="utf-8-sig").replace("2019-03-02", "9999-12-31")
        path.write_text(text, encoding="utf-8")
        r = import_file(path)
        invariant(r)
        assert any("9999-12-31" in i.reason for i in r.rejected)


@pytest.mark.parametrize("body,reason", [
    ("[1, 2, 3]", None),
    ('{"type": "FeatureCollection", "features": ["a", 3, null]}', "not a GeoJSON Feature"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": "POINT (1 2)",'
     ' "properties": {}}]}', "geometry must be a Point object"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null,'
     ' "properties": [1, 2]}]}', "properties must be an object"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": '
     '"Point", "coordinates": [[1], [2]]}, "properties": {}}]}',
     "a Point's coordinates must be [longitude, latitude], found [[1], [2]]"),
])
def test_malformed_geojson_features_are_rejected_one_by_one(body, reason):
    try:
        r = import_file(io.BytesIO(body.encode()), name="f.geojson")
    except FileProblem:
        assert reason is None
        return
    invariant(r)
    assert r.accepted == 0 and all(reason in i.reason for i in r.rejected)


def test_deeply_nested_json_is_one_clear_error():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(FileProblem, match="nested too deeply"):
        import_file(io.BytesIO(deep.encode()), name="deep.geojson")


def test_not_a_regular_file(tmp_path):
    with pytest.raises(FileProblem, match="folder"):
        import_file(tmp_path)
    with pytest.raises(FileProblem, match="not a regular file"):
        import_file("/dev/zero")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(FileProblem, match="not a regular file"):
        import_file(fifo)  # refused without opening: no hang


@pytest.mark.parametrize("value,why", [
    ("1e19", "not a whole number"), ("1,5", "not a whole number"),
    ("3.7", "not a whole number"), ("150000", "implausible"), ("-3", "cannot be negative"),
])
def test_fatalities_must_be_plausible_whole_numbers(value, why):
    r = native(f'A,2019-01-01,,day,Kunar,attack,TEST DATA,s,"{value}"\n')
    invariant(r)
    assert r.accepted == 0 and why in r.rejected[0].reason


def test_whole_number_from_excel_is_accepted():
    r = native("A,2019-01-01,,day,Kunar,attack,TEST DATA,s,3.0\n")
    assert r.accepted == 1 and r.records.iloc[0].fatalities == 3


def test_ambiguous_day_month_is_read_day_first_with_a_warning(tmp_path):
    import layouts
    r = import_file(layouts.acled_2016_csv(tmp_path / "old.csv"))
    invariant(r)
    rec = r.records.set_index("id")
    assert rec.loc["AFG5001", "date_start"] == pd.Timestamp("2019-03-02")
    assert any("ambiguous date '02/03/2019' read day first" in w.reason for w in r.warnings)


def test_province_in_the_wrong_country_says_so():
    text = NATIVE_HEAD.replace("admin1", "country,admin1") + \
        "A,2019-01-01,,day,AF,Khyber Pakhtunkhwa,attack,TEST DATA,s,\n"
    r = import_file(io.BytesIO(text.encode()), name="kp.csv")
    assert "in Pakistan, but the row's country is Afghanistan" in r.rejected[0].reason


@pytest.mark.parametrize("encoding,note", [("utf-16", "UTF-16"), ("cp1252", "Windows-1252"),
                                          ("utf-16-le", "UTF-16-LE")])
def test_encodings_excel_writes(encoding, note):
    text = NATIVE_HEAD + "A,2019-01-01,,day,Kunar,attack,TEST DATA café,s,\n"
    r = import_file(io.BytesIO(text.encode(encoding)), name="excel.csv")
    assert r.accepted == 1 and r.records.iloc[0].summary == "TEST DATA café"
    assert any(note in w.reason for w in r.warnings)


def test_row_count_bomb_stops_early():
    bomb = b"id,date_start,date_precision,category,summary\n" + b"x\n" * 1_000_000
    with pytest.raises(FileProblem, match="malformed rows"):
        import_file(io.BytesIO(bomb), name="bomb.csv")


def test_csv_downloads_neutralise_formulas():
    from geo.figures import to_csv
    from geo.importers import rejected_rows_csv
    r = native('A,2019-01-01,,day,Kunar,attack,"  =HYPERLINK(""http://x"")",@s,\n'
               'B,nope,,day,Kunar,attack,+cmd,-s,\n')
    out = to_csv(r.records).decode()
    assert "'=HYPERLINK" in out and ",'@s," in out
    rej = rejected_rows_csv(r).decode()
    assert "'+cmd" in rej and "'-s" in rej
    # Numbers stay numbers.
    from geo.safe_csv import neutralise
    assert neutralise("-12.5") == "-12.5" and neutralise("-s") == "'-s"


def test_same_file_twice_on_the_command_line_counts_once(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text(NATIVE_HEAD.replace("\n", ",actors\n") +
                 "A,2019-01-01,,day,Kunar,attack,TEST DATA,s,,ISKP\n")
    r = subprocess.run([sys.executable, "-m", "geo", "summary", "--no-builtin", "--json",
                        "--data", str(f), "--data", str(f)], capture_output=True, text=True)
    assert r.returncode == 0 and json.loads(r.stdout)["records"] == 1
    assert "same content" in r.stderr


def run_export(*args):
    return subprocess.run([sys.executable, "-m", "outputs.export", *args], capture_output=True,
                          text=True)


def test_export_targets_that_cannot_be_written(tmp_path):
    r = run_export("--out", str(tmp_path))
    assert r.returncode == 2 and "is a folder" in r.stderr
    r = run_export("--out", str(tmp_path / "m.html"), "--png", str(tmp_path))
    assert r.returncode == 2 and "--png" in r.stderr and "folder" in r.stderr
    r = run_export("--out", "/dev/full")
    assert r.returncode == 2 and "not a regular file" in r.stderr


def test_unwritable_folder_is_named(tmp_path, monkeypatch):
    # root may write anywhere, so the permission answer is simulated.
    from outputs import files
    monkeypatch.setattr(files.os, "access", lambda *_: False)
    assert "permission denied" in files.unwritable(tmp_path / "m.html", "--out")


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    import errno
    from outputs import files
    target = tmp_path / "m.html"

    def full(*_):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError):
        files.write_atomically(target, b"x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_window_errors_name_the_window():
    r = run_export("--out", "/tmp/never.html", "--start", "2020-01-01", "--end", "2019-01-01")
    assert r.returncode == 2 and "--export-date" not in r.stderr and "before it starts" in r.stderr


def test_internal_error_is_exit_3_without_traceback(monkeypatch, capsys):
    import geo.importers
    from geo.cli import main

    def boom(*a, **k):
        raise RuntimeError("simulated bug")
    monkeypatch.setattr(geo.importers, "import_file", boom)
    assert main(["check", "data/activity/reported_activity.csv"]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err


def test_export_of_an_empty_window_says_it_is_empty():
    import datetime as dt
    from geo.activity import builtin_records
    from geo.joins import DateWindow
    from outputs.export import export_html
    from map_page.assembly import MapView
    html = export_html(MapView(window=DateWindow.parse("2024-01-01", "2024-01-31")),
                       builtin_records(), export_date=dt.date(2026, 11, 23))
    assert "01 Jan 2024 – 31 Jan 2024" in html
    # The in-file filter opens on that window (its days since 1970), not on the data's.
    assert "start = 19723, end = 19753" in html


def test_bare_carriage_returns_are_line_ends():
    """Found by the fuzzer: a lone CR inside an unquoted cell made the csv module raise."""
    rows = ["A,2019-01-01,,day,Kunar,attack,TEST DATA,s,", "B,2019-01-02,,day,Kunar,attack,T\rX,s,",
            "C,2019-01-03,,day,Kunar,attack,TEST DATA,s,"]
    r = native("\n".join(rows) + "\n")
    invariant(r)
    assert r.rows == 4 and r.accepted == 2  # 'T' and 'X,s,' became two short rows
    old_mac = (NATIVE_HEAD + rows[0] + "\n" + rows[2] + "\n").replace("\n", "\r")
    r = import_file(io.BytesIO(old_mac.encode()), name="mac.csv")
    assert r.accepted == 2 and list(r.records.line) == [2, 3]
