"""Property-based fuzzing of the importers (Hypothesis), bounded for CI: a fixed number of
examples per test, derandomised (a fixed seed), no deadline.

Inputs: real-layout files (tests/layouts.py) mutated the way hostile and careless files are:
columns dropped, duplicated or renamed; cells replaced by extreme values (huge, negative,
non-finite, out-of-range dates, markup, formulas); quotes unbalanced; encodings switched;
GeoJSON structure nested or replaced. Invariants, for every input:
- the only exception is the importers' own FileProblem (one clear message);
- rows = accepted + rejected rows, and no row is both;
- every rejection has a line, a column (or "" for a row that could not be split) and a reason.
Each crash the fuzzer found is a plain regression test in test_hostile_files.py.
"""
import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import layouts
from geo.importers import FileProblem, import_file

import os
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

EXTREME = st.sampled_from([
    "", " ", "0", "-1", "-0", "1e19", "-1e308", "1e309", "nan", "NaN", "inf", "-inf", "1,5",
    "3.7", "00000000000000000001", "9" * 40, "0001-01-01", "1677-09-21", "2262-04-12",
    "9999-12-31", "2099-01-01", "1600-02-30", "31/12/2018", "02/03/2021", "5-Oct-18",
    "13-July-2018", "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "@SUM(1)",
    "\t=1", "line", "reason", "\"", "\"\"", "a\nb", "a\rb", "\x00", "\u202e", "ñ" * 3,
    "x" * 5000, "Khyber Pakhtunkwa province", "Nangahr", "Southern Province", "PK-TA",
    "Atlantis", "AF", "Syria", "90.5", "-181", "34.5,70.4",
])


def base_rows(kind):
    tmp = io.BytesIO()
    if kind == "acled":
        data = [layouts._acled_dict(r, r[1].isoformat() if r[1] else "x")
                for r in layouts.ACLED_ROWS]
        cols = layouts.ACLED_COLUMNS
    elif kind == "ucdp":
        data = list(layouts._ucdp_dicts())
        cols = layouts.UCDP_COLUMNS
    else:
        cols = ["id", "date_start", "date_end", "date_precision", "country", "admin1", "region",
                "latitude", "longitude", "category", "summary", "source", "fatalities"]
        data = [dict(zip(cols, ["N1", "2019-01-01", "", "day", "AF", "Kunar", "", "", "",
                                "attack", "TEST DATA", "s", "1"])),
                dict(zip(cols, ["N2", "2019-02-01", "", "month", "", "", "north", "", "",
                                "presence report", "TEST DATA", "s", ""])),
                dict(zip(cols, ["N3", "2019-03-01", "", "day", "", "", "", "34.43", "70.45",
                                "attack", "TEST DATA", "s", "2"]))]
    del tmp
    return list(cols), [[d.get(c, "") for c in cols] for d in data]


@st.composite
def mutated_table(draw):
    kind = draw(st.sampled_from(["acled", "ucdp", "native"]))
    cols, rows = base_rows(kind)
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["drop", "dup", "rename", "upper"]))
        k = draw(st.integers(0, len(cols) - 1))
        if op == "drop" and len(cols) > 1:
            cols.pop(k)
            rows = [r[:k] + r[k + 1:] for r in rows]
        elif op == "dup":
            cols.append(cols[k] if draw(st.booleans()) else cols[k].title())
            rows = [r + [r[k]] for r in rows]
        elif op == "rename":
            cols[k] = draw(st.sampled_from(["line", "reason", "", "notes", cols[k] + " "]))
        else:
            cols[k] = cols[k].upper()
    for _ in range(draw(st.integers(0, 12))):
        if rows:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, len(cols) - 1))
            rows[r][c] = draw(EXTREME)
    buf = io.StringIO()
    csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows([cols] + rows)
    text = buf.getvalue()
    if draw(st.booleans()):  # structural damage: a stray quote or a cut-off line
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.sampled_from(['"', "\n", ",", '""', "\n\n"])) + text[pos:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    return text.encode(encoding, errors="replace")


@st.composite
def mutated_geojson(draw):
    prop = st.one_of(EXTREME, st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                     st.none(), st.lists(st.integers(), max_size=3))
    feature = st.fixed_dictionaries({
        "type": st.just("Feature"),
        "geometry": st.one_of(
            st.none(), st.just("POINT (1 2)"), st.integers(),
            st.fixed_dictionaries({"type": st.sampled_from(["Point", "LineString", "X"]),
                                   "coordinates": st.one_of(
                                       st.lists(st.floats(allow_nan=True), max_size=3),
                                       st.just([[70.4, 34.4]]), st.text(max_size=3))})),
        "properties": st.one_of(
            st.none(), st.lists(st.integers(), max_size=2),
            st.dictionaries(st.sampled_from(["date_start", "date_precision", "category",
                                             "summary", "source", "admin1", "Admin1", "line",
                                             "fatalities", "date_end", "country"]),
                            prop, max_size=8))})
    items = draw(st.lists(st.one_of(feature, st.integers(), st.text(max_size=4), st.none()),
                          max_size=6))
    obj = {"type": "FeatureCollection", "features": items}
    depth = draw(st.sampled_from([0, 0, 0, 50, 3000]))
    text = json.dumps(obj, allow_nan=True)
    if depth:
        text = "[" * depth + text + "]" * depth
    return text.encode()


def check(data: bytes, name: str):
    try:
        r = import_file(io.BytesIO(data), name=name)
    except FileProblem as exc:
        assert str(exc)
        return
    assert r.rows == r.accepted + r.rejected_count
    assert r.rejected_count >= 0
    accepted_lines = set(r.records["line"].astype(int))
    assert not accepted_lines & {i.line for i in r.rejected if i.column != "country"}
    outside = r.out_of_region.get("rows", 0)
    assert len(r.rejected_rows) + outside == r.rejected_count
    for i in r.rejected:
        assert isinstance(i.line, int) and i.line >= 1 and isinstance(i.column, str) and i.reason
    for i in r.warnings:
        assert isinstance(i.line, int) and i.reason


@FUZZ
@given(mutated_table())
def test_fuzzed_csv_files_keep_every_row(data):
    check(data, "fuzz.csv")


@FUZZ
@given(mutated_geojson())
def test_fuzzed_geojson_keeps_every_feature(data):
    check(data, "fuzz.geojson")


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_a_clear_error_or_rows(data):
    check(data, "bytes.csv")
