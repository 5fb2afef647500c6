"""Analysts' real export layouts load right: every row accepted or rejected, the right totals
per province, rows outside the region counted, not listed one by one (fixtures: tests/layouts.py)."""
import json
import subprocess
import sys

import pandas as pd
import pytest

import layouts
from geo.importers import import_file
from geo.joins import per_border_region, per_province


def totals(records) -> dict:
    prov = per_province(records)
    reg = per_border_region(records)
    both = pd.concat([prov[["iso", "records"]], reg[["iso", "records"]]])
    return {r.iso: int(r.records) for r in both.itertuples() if r.records}


def check_counts(result, counts):
    rows, accepted, rejected = counts
    assert (result.rows, result.accepted, result.rejected_count) == counts
    assert result.rows == result.accepted + result.rejected_count
    # Every rejected row can be downloaded with its reason (outside-region rows are summarised).
    outside = result.out_of_region.get("rows", 0)
    assert len(result.rejected_rows) == rejected - outside
    assert (result.rejected_rows["reason"] != "").all() if len(result.rejected_rows) else True


@pytest.mark.parametrize("writer,fmt,suffix", [
    (layouts.acled_current_csv, "acled", "csv"),
    (layouts.acled_xlsx, "acled", "xlsx"),
    (layouts.acled_api_json, "acled", "json"),
    (layouts.acled_2019_csv, "acled", "csv"),
    (layouts.acled_2016_csv, "acled", "csv"),
])
def test_acled_layouts(tmp_path, writer, fmt, suffix):
    path = writer(tmp_path / f"export.{suffix}")
    r = import_file(path)
    assert r.format == fmt
    check_counts(r, layouts.ACLED_COUNTS)
    assert totals(r.records) == layouts.ACLED_TOTALS
    rec = r.records.set_index("id")
    assert rec.loc["AFG5001", "date_start"] == pd.Timestamp("2019-03-02")
    assert rec.loc["AFG5001", "fatalities"] == 12 and rec.loc["AFG5001", "category"] == "attack"
    assert rec.loc["AFG5004", "category"] == "other"
    assert rec.loc["AFG5003", "date_precision"] == "week"
    assert r.out_of_region["rows"] == 1 and "India" in r.out_of_region["countries"]
    assert any(i.column == "country" and "outside Afghanistan" in i.reason for i in r.rejected)


def test_older_acled_two_digit_years_follow_the_year_column(tmp_path):
    path = layouts.acled_2019_csv(tmp_path / "old.csv")
    text = path.read_text().replace("5-Mar-19,2019", "5-Mar-19,2018")
    path.write_text(text)
    r = import_file(path)
    why = next(i.reason for i in r.rejected if i.column == "event_date" and "Mar" in i.reason)
    assert "disagrees with the year column (2018)" in why


def test_ucdp_spellings_and_scope(tmp_path):
    for writer, suffix in ((layouts.ucdp_csv, "csv"), (layouts.ucdp_zip, "zip"),
                           (layouts.ucdp_gz, "csv.gz"), (layouts.ucdp_xlsx, "xlsx")):
        r = import_file(writer(tmp_path / f"ged.{suffix}"))
        assert r.format == "ucdp", suffix
        check_counts(r, layouts.UCDP_COUNTS)
        assert totals(r.records) == layouts.UCDP_TOTALS, suffix
        # "Khyber Pakhtunkwa province" (UCDP's spelling) is Khyber Pakhtunkhwa.
        assert set(r.records.set_index("id").loc[["1003", "1004"], "admin1"]) == {"PK-KP"}
        # Country-level rows from Syria, Bangladesh, Ukraine are out of scope: counted.
        assert r.out_of_region["rows"] == 4
        assert r.out_of_region["countries"]["Syria"]["rows"] == 2
        assert set(r.out_of_region["countries"]) == {"Syria", "Bangladesh", "Ukraine"}
        assert r.records.country.isin(["AF", "PK"]).all()


def test_zip_with_several_files_is_refused(tmp_path):
    import zipfile
    from geo.importers import FileProblem
    p = tmp_path / "two.zip"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("a.csv", "x\n")
        zf.writestr("b.csv", "y\n")
    with pytest.raises(FileProblem, match="holds 2 data files"):
        import_file(p)


def test_two_overlapping_exports_count_each_event_once(tmp_path):
    from geo.importers.merge import combine
    last = import_file(layouts.acled_current_csv(tmp_path / "june.csv"))
    # This month's export: the same events, one updated later with a new toll, one new event.
    newer = tmp_path / "july.csv"
    text = (tmp_path / "june.csv").read_text(encoding="utf-8-sig").splitlines()
    text = [t.replace(",12,,1560000000", ",15,,1570000000") for t in text]
    newer.write_text("\n".join(text) + "\n", encoding="utf-8")
    this = import_file(newer)
    records, messages = combine([last.records, this.records])
    assert len(records) == last.accepted  # the same 6 events
    assert records.set_index("id").loc["AFG5001", "fatalities"] == 15  # the newer timestamp
    assert messages and "6 event(s)" in messages[0]
    # Loaded the other way round, the newer copy still wins.
    records, _ = combine([this.records, last.records])
    assert records.set_index("id").loc["AFG5001", "fatalities"] == 15


def run_geo(*args):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True)


def test_check_json_reports_outside_rows_as_a_count(tmp_path):
    r = run_geo("check", str(layouts.ucdp_zip(tmp_path / "ged.zip")), "--json")
    out = json.loads(r.stdout)
    assert r.returncode == 1
    assert out["rows"] == 10 and out["accepted"] == 6 and out["rejected_rows"] == 4
    assert out["out_of_region"]["rows"] == 4
    # One line per country, not one per row.
    assert len([i for i in out["rejected"] if i["column"] == "country"]) == 3


def test_missing_file_is_exit_2_everywhere(tmp_path):
    missing = str(tmp_path / "nope.csv")
    assert run_geo("check", missing).returncode == 2
    assert run_geo("summary", "--data", missing).returncode == 2
    assert run_geo("locate", "--csv", missing).returncode == 2
    r = subprocess.run([sys.executable, "-m", "outputs.export", "--out",
                        str(tmp_path / "m.html"), "--data", missing], capture_output=True,
                       text=True)
    assert r.returncode == 2 and "nope.csv" in r.stderr
