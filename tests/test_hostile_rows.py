"""Rows lost or altered without a word, and refusals that did not name the problem (issue 20,
items 4 and 5): every row is read as the csv module, Excel or a JSON parser sees it, or
rejected with its line and reason; every change on the way in is named; the command line
always answers --json with JSON and exits 0, 1 or 2 on any of these files."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.importers import FileProblem, import_file

ROOT = Path(__file__).resolve().parents[1]
HEAD = ["id", "date_start", "date_precision", "category", "summary", "source", "admin1"]


def native_rows(rows, blank_after=None, delimiter=",") -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    w.writerow(HEAD)
    for k, row in enumerate(rows):
        w.writerow(row)
        if k == blank_after:
            out.write("\n")
    return out.getvalue().encode("utf-8")


def rows_with(summary, n=10):
    return [[f"N{i}", f"2019-05-{i + 1:02d}", "day", "attack", summary.format(i=i), "TEST DATA",
             "Nangarhar"] for i in range(n)]


@pytest.mark.parametrize("summary", ['a 5" gun {i}', 'said "yes {i}', '{i}"', 'x""y {i}'])
@pytest.mark.parametrize("blank_after", [None, 0, 4])
def test_stray_quotes_and_blank_lines_lose_no_row(summary, blank_after):
    """An unquoted " inside a field is a character (as the csv module reads it): no row is
    joined to the next, whether or not a blank line sends the file to the line scan."""
    rows = rows_with(summary)
    # Written without the csv module's quoting: the quote stands bare inside the field.
    body = "\n".join(",".join(r) for r in [HEAD] + rows[:5]) + ("\n\n" if blank_after else "\n") \
        + "\n".join(",".join(r) for r in rows[5:]) + "\n"
    result = import_file(io.BytesIO(body.encode()), name="quotes.csv")
    expected = [next(csv.reader([",".join(r)]))[4] for r in rows]
    assert result.accepted == 10, [i.reason for i in result.rejected]
    assert list(result.records["summary"]) == expected


def test_a_quote_that_never_closes_rejects_its_row_and_reading_resumes():
    body = ("\n".join(",".join(r) for r in [HEAD] + rows_with("ok {i}", 3)) + "\n"
            'N9,2019-05-09,day,attack,"never closed,TEST DATA,Nangarhar\n'
            + "\n".join(",".join(r) for r in rows_with("after {i}", 2)) + "\n")
    result = import_file(io.BytesIO(body.encode()), name="open.csv")
    assert result.accepted == 5 and [i.line for i in result.rejected] == [5]
    assert "never closed" in result.rejected[0].reason


@pytest.mark.parametrize("delimiter,word", [(";", "semicolons"), ("\t", "tabs"),
                                            ("|", "vertical bars")])
def test_other_delimiters_are_read_and_named(delimiter, word):
    data = native_rows(rows_with("a, b {i}", 3), delimiter=delimiter)
    result = import_file(io.BytesIO(data), name="d.csv")
    assert result.accepted == 3 and list(result.records["summary"])[0] == "a, b 0"
    assert any(word in w.reason for w in result.warnings)


def test_excel_unicode_text_tab_delimited_utf16_loads():
    data = native_rows(rows_with("s {i}", 2), delimiter="\t").decode().encode("utf-16")
    result = import_file(io.BytesIO(data), name="unicode.txt")
    assert result.accepted == 2
    reasons = " ".join(w.reason for w in result.warnings)
    assert "UTF-16" in reasons and "tabs" in reasons


def test_excel_sep_line_is_named_and_used():
    data = b"sep=;\n" + native_rows(rows_with("x {i}", 2), delimiter=";")
    result = import_file(io.BytesIO(data), name="sep.csv")
    assert result.accepted == 2 and list(result.records["line"]) == [3, 4]
    assert any("'sep=;' line" in w.reason for w in result.warnings)


def test_invisible_characters_in_the_header_are_named():
    data = b"\xef\xbb\xbf\xef\xbb\xbf" + native_rows(rows_with("x {i}", 1)) \
        .replace(b"category", "cate\u200bgory".encode())
    result = import_file(io.BytesIO(data), name="bom.csv")
    assert result.accepted == 1
    reasons = " ".join(w.reason for w in result.warnings)
    assert "U+FEFF" in reasons and "U+200B" in reasons


def test_a_repeated_header_is_rejected_by_name():
    data = native_rows(rows_with("x {i}", 2))
    data += data.split(b"\n")[0] + b"\n" + native_rows(rows_with("y {i}", 1)).split(b"\n", 1)[1]
    result = import_file(io.BytesIO(data), name="joined.csv")
    assert result.accepted == 3
    assert [(i.line, i.reason) for i in result.rejected] == [
        (4, "this row repeats the header (two files joined into one?)")]


def test_a_header_only_file_says_so():
    with pytest.raises(FileProblem, match="header row of a native file but no data rows"):
        import_file(io.BytesIO(native_rows([])), name="head.csv")


def test_a_few_nul_bytes_are_named_per_row_not_a_binary_file():
    rows = rows_with("x {i}", 3)
    rows[1][4] = "a\x00b"
    result = import_file(io.BytesIO(native_rows(rows)), name="nul.csv")
    assert result.accepted == 3
    assert any(w.line == 3 and "U+0000" in w.reason for w in result.warnings)


def test_an_old_excel_file_is_named():
    with pytest.raises(FileProblem, match=r"old Excel \.xls"):
        import_file(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), name="a.xls")


def test_time_of_day_stays_in_its_day():
    rows = rows_with("x {i}", 1)
    rows[0][1] = "2018-07-13 18:00:00"
    result = import_file(io.BytesIO(native_rows(rows)), name="t.csv")
    assert str(result.records["date_end"].iloc[0].date()) == "2018-07-13"
    assert any("time of day" in w.reason for w in result.warnings)


def acled_json(**cells) -> bytes:
    row = {"event_id_cnty": "AFG1", "event_date": "2019-05-01", "time_precision": "1",
           "event_type": "Battles", "actor1": "A", "country": "Afghanistan",
           "admin1": "Nangarhar", "location": "x", "latitude": "34.4", "longitude": "70.4",
           "geo_precision": "1", "source": "s", "notes": "n", "fatalities": "0"}
    row.update(cells)
    return json.dumps({"data": [row]}).encode()


def test_a_huge_integer_in_api_json_is_a_reason_not_a_crash():
    data = acled_json().replace(b'"fatalities": "0"', b'"fatalities": ' + b"9" * 5000)
    result = import_file(io.BytesIO(data), name="big.json")
    assert result.accepted == 0 and "is not a whole number" in result.rejected[0].reason


def test_a_lone_surrogate_escape_is_replaced_and_named():
    data = acled_json(notes="smile \\ud83d here").replace(b"\\\\ud83d", b"\\ud83d")
    result = import_file(io.BytesIO(data), name="half.json")
    assert result.accepted == 1 and result.records["summary"].iloc[0] == "smile \ufffd here"
    assert any("half of a character" in w.reason for w in result.warnings)


def test_the_cell_limit_holds_in_json_too():
    result = import_file(io.BytesIO(acled_json(notes="x" * 100_001)), name="long.json")
    assert result.accepted == 0 and "100,001 characters" in result.rejected[0].reason


def test_api_json_whose_data_is_an_object_is_named():
    with pytest.raises(FileProblem, match="'data' is dict, not a list of events"):
        import_file(io.BytesIO(b'{"data": {"a": 1}}'), name="obj.json")


def test_a_geojson_crs_other_than_wgs84_is_refused():
    body = ('{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": '
            '"urn:ogc:def:crs:EPSG::3857"}}, "features": []}')
    with pytest.raises(FileProblem, match="EPSG::3857.*WGS 84"):
        import_file(io.BytesIO(body.encode()), name="m.geojson")


@pytest.mark.parametrize("content", [
    b'{"data": [{"event_id_cnty": 1' + b"9" * 5000 + b'}]}',
    b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, '
    b'"properties": {"summary": "\\ud83d"}}]}',
    b"id;date_start\n1;2",
    b"",
])
def test_check_json_always_answers_with_json_and_exits_0_1_or_2(tmp_path, content):
    f = tmp_path / "f.json"
    f.write_bytes(content)
    r = subprocess.run([sys.executable, "-m", "geo", "check", str(f), "--json"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode in (0, 1, 2), r.stderr
    assert isinstance(json.loads(r.stdout), dict)


def test_a_closed_pipe_ends_the_command_quietly(tmp_path):
    f = tmp_path / "many.csv"  # 5,000 warnings: far more output than a pipe holds
    f.write_bytes(native_rows(rows_with("<b>{i}</b>", 5000)))
    r = subprocess.run(f"set -o pipefail; {sys.executable} -m geo check {f} --json | head -c 10",
                       shell=True, executable="/bin/bash", cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert len(r.stdout) == 10
    assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr, r.stderr
    assert r.returncode == 0


def test_an_unknown_country_for_the_export_is_named():
    r = subprocess.run([sys.executable, "-m", "outputs.export", "--out", "/tmp/never.html",
                        "--country", "XX"], cwd=ROOT, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and "unknown country 'XX'" in r.stderr
