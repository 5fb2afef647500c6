"""The built-in records hold to what their reports say: dates, places, categories and area
claims, checked against the fact-check of the five reports (see data/README.md)."""
from pathlib import Path

import pandas as pd
import pycountry
import pytest

from geo.activity import builtin_records, sources
from geo.areas import activity_areas
from geo.boundaries import province_borders
from geo.figures import headline, per_month, sector_table
from geo.joins import (DateWindow, filter_records, per_border_region, per_border_sector,
                       per_province, summary)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def rec():
    return builtin_records().set_index("id", drop=False)


def window(rec, start, end):
    return filter_records(rec, DateWindow.parse(start, end))


def test_s003_is_december_2017(rec):
    dec17 = window(rec, "2017-12-01", "2017-12-31")
    # The Islamabad speakers' conference and the Moscow CIS summit are in December 2017...
    assert {"R019", "R020"} <= set(dec17.id)
    assert rec.loc["R020", "date_start"] == pd.Timestamp("2017-12-26")
    assert rec.loc["R019", "date_start"] == pd.Timestamp("2017-12-18")
    assert rec.loc["R019", "date_end"] == pd.Timestamp("2017-12-24")
    # ...and no record of that report is in December 2018.
    dec18 = window(rec, "2018-12-01", "2018-12-31")
    assert not (dec18.source_id == "S003").any()
    assert not {"R019", "R020", "R021", "R022"} & set(dec18.id)
    s003 = sources().set_index("id").loc["S003"]
    assert s003.published_start == "2017-12-26" and s003.published_end == "2017-12-31"
    assert rec.loc["R019", "source"].endswith("between 26 and 31 December 2017")


def test_kurram_strike_is_context_in_fata_and_counts_nowhere(rec):
    k = rec.loc["R022"]
    assert k.admin1 == "PK-TA" and k.category == "context"
    dec17 = window(rec, "2017-12-01", "2017-12-31")
    without = dec17[dec17.id != "R022"]
    w = DateWindow.parse("2017-12-01", "2017-12-31")
    # Not in the border regions, the sector table, the headline figures or the summary.
    assert per_border_region(dec17).set_index("iso").loc["PK-KP", "records"] == 0
    assert per_border_sector(dec17).equals(per_border_sector(without))
    assert headline(dec17)["events"] == headline(without)["events"]
    # Context of another actor (a US strike): not ISKP activity, so not shown by default.
    # (December 2017 also holds meetings of states against ISKP: context too.)
    assert headline(dec17)["other_records"] == 0
    assert headline(dec17)["context"] == headline(without)["context"] + 1
    out = summary(dec17, w)
    assert out["counted_records"] == summary(without, w)["counted_records"]
    assert out["not_counted"] == {}
    assert out["attribution"]["other"] == summary(without, w)["attribution"]["other"] + 1
    shown = summary(dec17, w, shown=("iskp", "other"))
    assert shown["not_counted"] == {"context": 1}
    assert shown["counted_records"] == out["counted_records"]
    kp = next(r for r in out["border_regions"] if r["iso"] == "PK-KP")
    assert kp["records"] == 0 and kp["area_claims"] == 0


def test_area_claims_do_not_change_province_counts(rec):
    claims = rec[rec.geo_precision == "region"]
    assert set(claims.id) == {"R009", "R012", "R013", "R014", "R028"}
    everything = per_province(rec).set_index("iso")
    placed_only = per_province(rec[rec.geo_precision != "region"]).set_index("iso")
    for col in ("records", "fatalities"):
        assert (everything[col] == placed_only[col]).all(), col
    # Counted apart: Nangarhar is named by three area claims (R012 east, R028 east and north)
    # and placed once (R001, the founding).
    assert everything.loc["AF-NAN", "records"] == 1
    assert everything.loc["AF-NAN", "area_claims"] == 2
    assert everything.loc["AF-KNR", "records"] == 0 and everything.loc["AF-KNR", "area_claims"] == 2


def test_areas_show_their_ambiguity_and_follow_the_words(rec):
    areas = activity_areas()
    # Nebenzya's "the north" is not the Central Asian border rule, and includes Sar-e Pul.
    assert rec.loc["R009", "region"] == "north"
    assert "AF-SAR" in areas.loc["north", "core"]
    assert "AF-SAR" not in areas.loc["north_central_asia_border", "core"]
    # Badakhshan borders Pakistan and is north-eastern: core of the eastern area.
    assert "AF-BDS" in areas.loc["east_northeast_pakistan_border", "core"]
    # Every area keeps its words, source and rule; core and possible never overlap.
    for area_id, a in areas.iterrows():
        assert a.words and a.rule and a.source_id in set(sources().id), area_id
        assert not set(a.core) & set(a.possible), area_id
        for code in a.core + a.possible:
            assert pycountry.subdivisions.get(code=code) is not None, code


@pytest.mark.parametrize("area_id,neighbours", [
    ("east_northeast_pakistan_border", {"PK"}),
    ("north_central_asia_border", {"TM", "UZ", "TJ"}),
    ("farah_nimroz", {"IR"}),
])
def test_border_rules_hold_against_the_boundaries(area_id, neighbours):
    """A rule that says "on the border with X" names only provinces that touch X."""
    touching = province_borders()
    core = activity_areas().loc[area_id, "core"]
    for iso in core:
        assert set(touching.loc[touching.iso == iso, "neighbour"]) & neighbours, iso


def test_area_words_are_the_reports_words():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this clone")
    src = sources().set_index("id")
    for area_id, a in activity_areas().iterrows():
        text = (SEEDS / src.loc[a.source_id, "seed_file"]).read_text(encoding="utf-8")
        assert a.words in " ".join(text.split()), area_id


def test_precision_and_category_corrections(rec):
    mastung = rec.loc["R017"]
    assert mastung.geo_precision == "district" and pd.isna(mastung.latitude)
    assert "Da'ish" in mastung.actors and mastung.fatalities == 150
    assert "July 2018" in mastung.notes
    # 32 attacks over a period: not one event in charts or counts.
    tally = rec.loc["R025"]
    assert tally.category == "attack count"
    y22 = window(rec, "2022-01-01", "2022-03-31")
    assert "R025" in set(y22.id)
    assert per_month(y22).records.sum() == pytest.approx(len(y22) - y22.category.isin(
        ["attack count", "links and reach"]).sum())
    head = headline(y22)   # R025 and R034 (links) are other records, not events
    assert head["other_records"] == 2 and head["events"] + head["area_claims"] == len(y22) - 2
    # The period's end agrees with the report's publication window.
    s004 = sources().set_index("id").loc["S004"]
    for rid in ("R025", "R026"):
        assert rec.loc[rid, "date_end"] == pd.Timestamp(s004.published_end)
    assert s004.published_start == "2022-01-01"


def test_doubts_and_unclear_figures_are_flagged(rec):
    assert "DOUBT" in rec.loc["R005", "notes"] and "February" in rec.loc["R005", "notes"]
    assert "DOUBT" in rec.loc["R006", "notes"] and "Russia" in rec.loc["R006", "notes"]
    r016 = rec.loc["R016", "notes"]
    assert "unclear" in r016 and "killed and injured" not in r016.lower()


def test_links_and_reach_statements_are_kept_out_of_event_counts(rec):
    links = rec[rec.category == "links and reach"]
    text = " ".join(links.summary)
    for name in ("Jamaatul Ahrar", "Lashkar-e-Islam", "Tehrik-i-Taliban Pakistan",
                 "Lashkar-e-Jhangvi", "Jaishul Adl", "Uyghur", "Central Asian", "Pakistan"):
        assert name in text, name
    assert (links.geo_precision == "country").all()
    july = window(rec, "2018-07-01", "2018-07-31")
    with_links = sector_table(july)
    without = sector_table(july[july.category != "links and reach"])
    assert with_links.equals(without)
    assert per_month(july).records.sum() == pytest.approx(((~july.category.isin(
        ["links and reach", "attack count", "context"])) & (july.attribution != "other")).sum())
