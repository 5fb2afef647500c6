"""The app's tables in the users' words (issue 23 item 9): no raw column names, codes,
snake_case or "None"; every record's kind in the count vocabulary (geo.counts)."""
from __future__ import annotations

import re

from geo.activity import builtin_records
from geo.joins import DateWindow, filter_records
from ui.records_table import COLUMNS, readable


def test_the_records_table_reads_in_the_users_words():
    july = filter_records(builtin_records(), DateWindow.parse("2018-07-01", "2018-07-31"))
    table = readable(july)
    assert list(table.columns) == COLUMNS and len(table) == len(july)
    for name in table.columns:
        assert "_" not in name and name[0].isupper()
    cells = table.astype(str).to_numpy().ravel()
    assert not any(c in ("None", "nan", "NaT", "<NA>") for c in cells)
    # No ISO 3166-2 code, no pipe-joined list, no snake_case category.
    for column in ("Where", "May also include", "Category", "Counted as", "Whose activity"):
        for cell in table[column]:
            assert not re.search(r"\b[A-Z]{2}-[A-Z0-9]{2,3}\b|\||[a-z]+_[a-z]+", cell), cell
    row = table.set_index("Record")
    assert row.loc["R015", "Where"] == "Sayyad district, Sayyad, Sar-e Pul — district level"
    assert row.loc["R015", "Date"] == "July 2018 (known to the month)"
    assert row.loc["R014", "Counted as"] == "area claim"
    assert row.loc["R014", "May also include"] == "Badghis"
    assert row.loc["R010", "Whose activity"] == "other actors"
    assert row.loc["R010", "Counted as"] == "context (other actors)"
    assert row.loc["R017", "Fatalities"] == "150" and row.loc["R015", "Fatalities"] == ""
    assert row.loc["R029", "Counted as"] == "other record"
    assert readable(july.iloc[:0]).columns.tolist() == COLUMNS


def test_a_table_with_no_fatalities_given_and_an_empty_one():
    july = filter_records(builtin_records(), DateWindow.parse("2018-07-01", "2018-07-31"))
    national = july[july.geo_precision == "country"]
    assert national.fatalities.isna().all()
    table = readable(national, national=True)
    assert len(table) == len(national) and "Fatalities" not in table
    assert (readable(national)["Fatalities"] == "").all()
    assert len(readable(july.iloc[:0], national=True)) == 0


def test_a_dari_table_names_its_columns_and_kinds_in_dari_and_keeps_the_records_words():
    from geo.words import speaking
    july = filter_records(builtin_records(), DateWindow.parse("2018-07-01", "2018-07-31"))
    with speaking("fa"):
        table = readable(july)
    assert list(table.columns)[:4] == ["تاریخ", "شمرده‌شده به‌حیث", "نوع", "کجا"]
    row = table.set_index("مورد")
    assert row.loc["R014", "شمرده‌شده به‌حیث"] == "ادعای ساحوی"
    assert row.loc["R015", "نوع"] == "حمله"
    # The report's own words stay as given.
    english = readable(july).set_index("Record")
    assert row.loc["R015", "خلاصه"] == english.loc["R015", "Summary"]
    assert row.loc["R015", "منبع"] == english.loc["R015", "Source"]
