"""Date windows and aggregation per province, border region and sector."""
import pandas as pd
import pytest

from geo.activity import builtin_records
from geo.importers import import_file
from geo.joins import (DateWindow, filter_records, per_border_region, per_border_sector,
                       per_province, summary)


def native(tmp_path, rows, actors="ISKP"):
    """Records of native rows; each names ``actors`` (ISKP: they are ISKP activity)."""
    head = "id,date_start,date_end,date_precision,admin1,category,summary,source,fatalities," \
           "actors\n"
    f = tmp_path / "r.csv"
    f.write_text(head + "\n".join(f"{r},{actors}" for r in rows) + "\n")
    r = import_file(f)
    assert r.rejected == []
    return r.records


@pytest.mark.parametrize("precision,start,inside,outside", [
    ("day", "2020-05-10", ("2020-05-10", "2020-05-10"), ("2020-05-11", "2020-05-31")),
    ("week", "2020-05-10", ("2020-05-16", "2020-05-20"), ("2020-05-17", "2020-05-20")),
    ("month", "2020-05-01", ("2020-05-31", "2020-06-30"), ("2020-06-01", "2020-06-30")),
    ("year", "2020-01-01", ("2020-12-31", "2021-01-31"), ("2021-01-01", "2021-12-31")),
])
def test_window_overlap_for_each_precision(tmp_path, precision, start, inside, outside):
    rec = native(tmp_path, [f"X,{start},,{precision},Kunar,attack,TEST DATA,test,1"])
    assert len(filter_records(rec, DateWindow.parse(*inside))) == 1
    assert len(filter_records(rec, DateWindow.parse(*outside))) == 0
    # An open window contains everything.
    assert len(filter_records(rec, DateWindow())) == 1


def test_window_parse_errors():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        DateWindow.parse("13/07/2018", None)
    with pytest.raises(ValueError, match="before it starts"):
        DateWindow.parse("2019-01-01", "2018-01-01")


def test_area_claims_are_counted_apart_not_in_provinces(tmp_path):
    rec = native(tmp_path, ["A,2020-01-01,,day,Kunar,attack,TEST DATA,t,10",
                            "B,2020-01-02,,day,Kunar|Nangarhar,attack,TEST DATA,t,99",
                            "C,2020-01-03,,day,Nangarhar,presence report,TEST DATA,t,"])
    prov = per_province(rec).set_index("iso")
    assert len(prov) == 34
    # B names two provinces: an area claim. It adds no record and no fatality to either...
    assert prov.loc["AF-KNR", "records"] == 1 and prov.loc["AF-KNR", "fatalities"] == 10
    assert prov.loc["AF-NAN", "records"] == 1 and prov.loc["AF-NAN", "fatalities"] == 0
    assert prov.loc["AF-NAN", "first"] == pd.Timestamp("2020-01-03")
    assert prov.loc["AF-NAN", "categories"] == "presence report"
    # ...and is counted apart, in both.
    assert prov.loc["AF-KNR", "area_claims"] == 1 and prov.loc["AF-NAN", "area_claims"] == 1
    assert prov.loc["AF-KAB", "records"] == 0 and prov.loc["AF-KAB", "area_claims"] == 0
    # Province counts are the same with and without the area claim.
    without = per_province(rec[rec.id != "B"]).set_index("iso")
    assert (without["records"] == prov["records"]).all()
    assert (without["fatalities"] == prov["fatalities"]).all()


def test_builtin_windows_the_reports_give():
    rec = builtin_records()
    july18 = per_province(filter_records(rec, DateWindow.parse("2018-07-01", "2018-07-31")))
    counts = dict(zip(july18.iso, july18.records))
    claims = dict(zip(july18.iso, july18.area_claims))
    possible = dict(zip(july18.iso, july18.area_claims_possible))
    # The Sayyad attack is the one record placed in an Afghan province in July 2018.
    assert {iso for iso, n in counts.items() if n} == {"AF-SAR"}
    # The area claims of July 2018 mention these provinces without counting in them.
    for iso in ["AF-NAN", "AF-KNR", "AF-NUR", "AF-BDS", "AF-FRA", "AF-NIM", "AF-FYB", "AF-JOW",
                "AF-BAL", "AF-KDZ", "AF-TAK", "AF-SAR", "AF-SAM", "AF-LAG"]:
        assert claims[iso] >= 1, iso
    # Ambiguity shows: the south-east border provinces are only possibly meant.
    for iso in ["AF-KHO", "AF-PIA", "AF-PKA", "AF-BDG"]:
        assert claims[iso] == 0 and possible[iso] >= 1, iso
    assert claims["AF-KAB"] == 0 and possible["AF-KAB"] == 0
    # Founding in Nangarhar, late 2014.
    late14 = per_province(filter_records(rec, DateWindow.parse("2014-10-01", "2014-12-31")))
    assert dict(zip(late14.iso, late14.records))["AF-NAN"] == 1
    # Kabul airport, 2021.
    y21 = per_province(filter_records(rec, DateWindow.parse("2021-01-01", "2021-12-31")))
    kabul = y21.set_index("iso").loc["AF-KAB"]
    assert kabul.records == 1 and kabul.fatalities == 170
    # Mastung, Balochistan, July 2018.
    reg = per_border_region(filter_records(rec, DateWindow.parse("2018-07-01", "2018-07-31")))
    assert reg.set_index("iso").loc["PK-BA", "records"] == 1
    # Nothing in a window no report covers.
    assert len(filter_records(rec, DateWindow.parse("2015-03-01", "2015-03-31"))) == 1  # Ghani-era estimate


def test_category_and_country_filters():
    rec = builtin_records()
    meetings = filter_records(rec, categories=["counter-terrorism meeting"])
    assert set(meetings.country) == {"PK", "RU", "IN", "IR"}
    pk = filter_records(rec, countries=["PK"])
    assert (pk.country == "PK").all() and len(pk) >= 4


def test_border_sectors(tmp_path):
    rec = native(tmp_path, ["A,2020-01-01,,day,Nangarhar,attack,TEST DATA,t,",
                            "B,2020-01-01,,day,Khyber Pakhtunkhwa,attack,TEST DATA,t,",
                            "C,2020-01-01,,day,FATA,attack,TEST DATA,t,",
                            "D,2020-01-01,,day,Badakhshan,attack,TEST DATA,t,",
                            "E,2020-01-01,,day,Kabul,attack,TEST DATA,t,"])
    s = per_border_sector(rec).set_index("neighbour")
    # Badakhshan touches Pakistan, Tajikistan and China.
    assert s.loc["PK", "afghan_side"] == 2 and s.loc["PK", "far_side"] == 2
    assert s.loc["TJ", "afghan_side"] == 1 and s.loc["CN", "afghan_side"] == 1
    assert s.loc["IR", "afghan_side"] == 0 and s.loc["IR", "far_side"] == 0


def test_summary_shape():
    rec = builtin_records()
    w = DateWindow.parse("2018-07-01", "2018-07-31")
    out = summary(filter_records(rec, w), w)
    assert out["window"] == {"start": "2018-07-01", "end": "2018-07-31"}
    assert len(out["provinces"]) == 34
    assert {p["iso"] for p in out["provinces"]} >= {"AF-NAN", "AF-SAR"}
    assert set(out["provinces"][0]) == {"iso", "name", "records", "fatalities", "first", "last",
                                        "area_claims", "area_claims_possible", "attribution"}
    # Fields are added, never renamed.
    assert {"window", "records", "provinces", "border_regions", "border_sectors"} <= set(out)
    assert {c["id"] for c in out["area_claims"]} == {"R012", "R013", "R014", "R028"}
    east = next(c for c in out["area_claims"] if c["id"] == "R012")
    assert east["words"] == "eastern and north-eastern Afghanistan, which borders Pakistan"
    assert east["core"] == ["AF-NAN", "AF-KNR", "AF-NUR", "AF-BDS"]
    assert "AF-KHO" in east["possible"] and east["rule"]
    assert {b["neighbour"] for b in out["border_sectors"]} == {"PK", "IR", "TM", "UZ", "TJ", "CN"}


def test_per_month_clips_long_records_to_the_window():
    from geo.figures import per_month
    rec = builtin_records()
    w = DateWindow.parse("2018-01-01", "2018-12-31")
    in_2018 = filter_records(rec, w)
    monthly = per_month(in_2018, w.start, w.end)
    assert monthly.month.iloc[0] == "2018-01" and monthly.month.iloc[-1] <= "2018-12"
    # Every record counts once, except the statements of links and reach (not events) and
    # other actors' records (context: a meeting).
    assert monthly.records.sum() == pytest.approx(
        ((in_2018.category != "links and reach") & (in_2018.attribution != "other")).sum())


def test_per_month_runs_from_the_window_start_to_its_end():
    """A province's chart (the drill-down) ends at the window's end, not its last record."""
    from geo.figures import per_month
    rec = builtin_records()
    w = DateWindow.parse("2018-01-01", "2018-12-31")
    sayyad = filter_records(rec, w)
    sayyad = sayyad[sayyad.id == "R015"]  # July 2018, Sar-e Pul
    monthly = per_month(sayyad, w.start, w.end)
    assert list(monthly.month) == [f"2018-{m:02d}" for m in range(1, 13)]
    assert monthly.set_index("month").records.to_dict()["2018-07"] == 1.0
    assert monthly.records.sum() == 1.0


def test_per_month_spreads_a_record_over_the_months_it_may_fall_in(tmp_path):
    from geo.figures import per_month
    rec = native(tmp_path, ["Y,2019-01-01,,year,Kunar,attack,TEST DATA,test,1",
                            "D,2019-03-05,,day,Kunar,attack,TEST DATA,test,1"])
    monthly = per_month(rec).set_index("month").records
    assert len(monthly) == 12 and monthly.sum() == pytest.approx(2.0)
    assert monthly["2019-01"] == pytest.approx(31 / 365, abs=1e-3)  # not a spike in January
    assert monthly["2019-03"] == pytest.approx(1 + 31 / 365, abs=1e-3)
    # Clipped to a window, the record is spread over the window's months only.
    q1 = per_month(rec, pd.Timestamp("2019-01-01"), pd.Timestamp("2019-03-31"))
    assert list(q1.month) == ["2019-01", "2019-02", "2019-03"]
    assert q1.records.sum() == pytest.approx(2.0)


def test_area_claims_of_a_category_that_is_no_event_count_nowhere(tmp_path):
    """A statement of links naming two provinces is drawn as an area but, like the map's
    runtime, no figure counts it as an area claim."""
    from geo.figures import headline
    rec = native(tmp_path, ["A,2020-01-01,,day,Kunar|Nangarhar,attack,TEST DATA,t,",
                            "B,2020-01-01,,day,Kunar|Nangarhar,links and reach,TEST DATA,t,"])
    prov = per_province(rec).set_index("iso")
    assert prov.loc["AF-KNR", "area_claims"] == 1 and prov.loc["AF-NAN", "area_claims"] == 1
    assert headline(rec)["area_claims"] == 1
    w = DateWindow()
    assert [c["id"] for c in summary(rec, w)["area_claims"]] == ["A"]
