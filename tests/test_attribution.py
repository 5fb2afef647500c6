"""Whose activity a record is (geo.attribution, data/actors/actors.csv; issue 27, first part):
ISKP only where ISKP is a named party, shared attributions as possible, everyone else as
other; every record with its rule and ISKP's role."""
import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.activity import builtin_records
from geo.attribution import actor_names, normalise
from geo.importers import import_file

ROOT = Path(__file__).resolve().parents[1]
ACLED_HEAD = ["event_id_cnty", "event_date", "time_precision", "event_type", "actor1",
              "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "location",
              "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
UCDP_HEAD = ["id", "date_start", "date_end", "date_prec", "where_prec", "adm_1", "latitude",
             "longitude", "country", "best", "side_a", "side_b", "dyad_name",
             "type_of_violence", "conflict_name", "source_article"]
NATIVE_HEAD = ["id", "date_start", "date_precision", "category", "summary", "source", "admin1",
               "actors"]


def as_csv(head, rows) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(head)
    w.writerows(rows)
    return out.getvalue().encode()


def acled_row(i, actor1="", actor2="", assoc1="", assoc2="", date="2018-07-13",
              country="Afghanistan", admin1="Nangarhar"):
    return [f"AFG{i}", date, "1", "Battles", actor1, assoc1, actor2, assoc2, country, admin1,
            "x", "34.4", "70.4", "1", "TEST DATA", "TEST DATA", "0"]


def ucdp_row(i, side_a, side_b, country="Afghanistan", adm_1="Nangarhar province"):
    return [str(900000 + i), "2018-07-13", "2018-07-13", "1", "1", adm_1, "34.4", "70.4",
            country, "1", side_a, side_b, f"{side_a} - {side_b}", "1", "TEST DATA", "TEST DATA"]


def native_row(i, actors):
    return [f"N{i}", "2018-07-13", "day", "attack", "TEST DATA", "TEST DATA", "Nangarhar",
            actors]


def attributed(head, rows, name="f.csv"):
    r = import_file(io.BytesIO(as_csv(head, rows)), name=name)
    assert r.rejected_count == 0, [i.reason for i in r.rejected]
    return r.records.sort_values("line")


TABLE = actor_names()


@pytest.mark.parametrize("row", TABLE.to_dict("records"),
                         ids=[f"{r['dataset']}:{r['name']}" for r in TABLE.to_dict("records")])
def test_every_name_in_the_table_decides_in_its_layout(row):
    name, want = row["name"], row["attribution"]
    day = (row["valid_from"] if not pd.isna(row["valid_from"]) else
           row["valid_to"] if not pd.isna(row["valid_to"]) else pd.Timestamp("2018-07-13"))
    date = day.strftime("%Y-%m-%d")
    if row["dataset"] == "acled":
        rec = attributed(ACLED_HEAD, [acled_row(1, actor1=name, date=date),
                                      acled_row(2, actor1="Taliban", actor2=name, date=date)])
        assert list(rec["attribution"]) == [want, want]
        if want != "other":
            assert list(rec["iskp_role"]) == ["actor", "other party"]
            assert f"'{name}'" in rec["attribution_rule"].iloc[0]
        else:
            assert "its own actor" in rec["attribution_rule"].iloc[0]
    elif row["dataset"] == "ucdp":
        rec = attributed(UCDP_HEAD, [ucdp_row(1, "Government of Afghanistan", name)])
        assert list(rec["attribution"]) == [want] and list(rec["iskp_role"]) == ["other party"]
    else:  # any: the project's own layout, and the others
        rec = attributed(NATIVE_HEAD, [native_row(1, f"{name}; Civilians")])
        assert list(rec["attribution"]) == [want]
        rec = attributed(ACLED_HEAD, [acled_row(1, actor1=name, date=date)])
        assert list(rec["attribution"]) == [want]


def test_matching_ignores_case_spacing_and_punctuation():
    rec = attributed(ACLED_HEAD, [
        acled_row(1, actor1="islamic state  khorasan province ISKP"),
        acled_row(2, actor1="ISLAMIC STATE (AFGHANISTAN)"),
        acled_row(3, actor1="Taliban and / or Islamic State Khorasan Province (ISKP)")])
    assert list(rec["attribution"]) == ["iskp", "iskp", "possible"]
    assert normalise(" Islamic  State (Afghanistan) ") == "islamic state afghanistan"


def test_ispp_is_its_own_actor_after_the_split():
    rec = attributed(ACLED_HEAD, [
        acled_row(1, actor1="Islamic State (Pakistan)", date="2018-07-13", country="Pakistan",
                  admin1="Balochistan"),
        acled_row(2, actor1="Islamic State (Pakistan)", date="2019-06-01", country="Pakistan",
                  admin1="Balochistan"),
        acled_row(3, actor1="Islamic State Pakistan Province (ISPP)", country="Pakistan",
                  admin1="Balochistan")])
    assert list(rec["attribution"]) == ["iskp", "other", "other"]
    assert "ISPP, its own actor" in rec["attribution_rule"].iloc[2]


def test_an_associated_actor_counts_and_other_actors_are_context():
    rec = attributed(ACLED_HEAD, [
        acled_row(1, actor1="Unidentified Armed Group (Afghanistan)",
                  assoc1="Islamic State Khorasan Province (ISKP); Lashkar-e-Islam"),
        acled_row(2, actor1="Military Forces of Afghanistan (2004-2021)",
                  assoc2="Islamic State Khorasan Province (ISKP)"),
        acled_row(3, actor1="Taliban", actor2="Civilians (Afghanistan)")])
    assert list(rec["attribution"]) == ["iskp", "iskp", "other"]
    assert list(rec["iskp_role"]) == ["actor", "other party", ""]
    assert rec["attribution_rule"].iloc[2] == ("no ISKP party in ACLED: actor1 'Taliban', "
                                               "actor2 'Civilians (Afghanistan)'")


def test_each_rule_is_said_in_dari_with_its_names_as_given():
    """The rule kept with each record (English, in every download) is said again in Dari in
    the app's table and the map's popups: the product's sentence in Dari, the source's
    columns, the actors' names and a file's note exactly as given, whatever they hold."""
    from geo.attribution import said_rule
    from geo.words import speaking
    odd = "Da'ish {0} <b>Khorasan</b> =1+1 «ناوه»"
    rec = attributed(ACLED_HEAD, [
        acled_row(1, actor1="Islamic State Khorasan Province (ISKP)"),
        acled_row(2, actor1="Taliban and/or Islamic State Khorasan Province (ISKP)"),
        acled_row(3, actor1="Taliban", actor2=odd),
        acled_row(4, actor1="Islamic State Pakistan Province (ISPP)", country="Pakistan",
                  admin1="Balochistan"),
        acled_row(5, actor1="")])
    rules = list(rec["attribution_rule"])
    assert rules[0].endswith("names ISKP (data/actors/actors.csv)")  # English in the file
    with speaking("fa"):
        said = [said_rule(r) for r in rules]
        stated = [said_rule(r) for r in builtin_records()["attribution_rule"].unique()]
    assert said[0] == ("ACLED actor1 'Islamic State Khorasan Province (ISKP)' از ISKP نام "
                       "می‌برد (data/actors/actors.csv)")
    assert "انتساب را میان ISKP و بازیگری دیگر باز می‌گذارد" in said[1]
    assert said[2] == f"هیچ طرفی از ISKP در ACLED نیست: actor1 'Taliban', actor2 '{odd}'"
    assert "بازیگری جداگانه" in said[3] and "'Islamic State Pakistan Province (ISPP)'" in said[3]
    assert said[4] == "هیچ طرفی از ISKP در ACLED نیست: هیچ بازیگری نام برده نشده"
    for english in ("names ISKP", "no ISKP party", "own actor", "no actor named", "stated in"):
        assert not any(english in s for s in said + stated), english
    # The built-in records' notes are the file's words, after the product's in Dari.
    assert all(s.startswith("در ستون انتساب فایل بیان شده") for s in stated), stated
    assert said_rule(rules[2]) == rules[2]  # English: the rule as kept
    assert said_rule("a rule of another shape") == "a rule of another shape"


def test_ucdp_is_means_iskp_only_in_afghan_and_pakistani_rows():
    rec = attributed(UCDP_HEAD, [ucdp_row(1, "Government of Afghanistan", "IS"),
                                 ucdp_row(2, "Government of Iran", "IS", country="Iran",
                                          adm_1="Sistan and Baluchestan province"),
                                 ucdp_row(3, "Government of Afghanistan", "Taleban")])
    assert list(rec["attribution"]) == ["iskp", "other", "other"]


def test_a_mixed_file_gives_exactly_its_iskp_rows():
    random.seed(11)
    others = ["Taliban", "Military Forces of Afghanistan (2004-2021)", "Civilians (Afghanistan)",
              "Tehrik-i-Taliban Pakistan (TTP)", "Baloch Liberation Army (BLA)"]
    rows, iskp, possible = [], set(), set()
    for i in range(1000):
        a1, a2 = random.sample(others, 2)
        if i % 97 == 0:
            a1, iskp = "Islamic State Khorasan Province (ISKP)", iskp | {f"AFG{i}"}
        elif i % 131 == 0:
            a2, possible = "Taliban and/or Islamic State Khorasan Province (ISKP)", \
                possible | {f"AFG{i}"}
        rows.append(acled_row(i, actor1=a1, actor2=a2))
    result = import_file(io.BytesIO(as_csv(ACLED_HEAD, rows)), name="mixed.csv")
    rec = result.records
    assert set(rec.loc[rec["attribution"] == "iskp", "id"]) == iskp
    assert set(rec.loc[rec["attribution"] == "possible", "id"]) == possible
    assert result.attribution["iskp"] == len(iskp) == 11
    assert result.attribution["other"] == 1000 - len(iskp) - len(possible)
    assert result.attribution["other_actors"][0][1] > 300


def test_a_file_of_other_actors_only_says_so():
    result = import_file(io.BytesIO(as_csv(ACLED_HEAD, [acled_row(1, "Taliban", "Civilians")])),
                         name="others.csv")
    assert any(w.column == "attribution" and w.reason.startswith("0 of 1 accepted records name "
                                                                 "ISKP") for w in result.warnings)


def test_iskp_named_before_the_group_existed_is_kept_and_flagged():
    result = import_file(io.BytesIO(as_csv(ACLED_HEAD, [
        acled_row(1, "Islamic State (Afghanistan)", date="2013-05-01")])), name="early.csv")
    assert result.accepted == 1
    assert any("before the group existed" in w.reason for w in result.warnings)


def test_builtin_records_follow_their_reports():
    rec = builtin_records().set_index("id")
    assert rec.loc["R001", "attribution"] == "iskp"  # founded in Nangarhar
    assert rec.loc["R018", ["attribution", "iskp_role"]].tolist() == ["iskp", "other party"]
    assert rec.loc["R023", "attribution"] == "possible"  # Kabul airport: attacker not named
    meetings = rec[rec["category"] == "counter-terrorism meeting"]
    assert len(meetings) == 5 and set(meetings["attribution"]) == {"other"}
    assert rec.loc["R022", "attribution"] == "other"  # a US drone strike
    assert rec["attribution_rule"].str.len().min() > 20


def test_summary_json_adds_attribution_and_renames_nothing():
    r = subprocess.run([sys.executable, "-m", "geo", "summary", "--start", "2018-07-01",
                        "--end", "2018-07-31", "--json"], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    out = json.loads(r.stdout)
    assert out["attribution"] == {"iskp": 13, "possible": 0, "other": 1}
    sar = next(p for p in out["provinces"] if p["iso"] == "AF-SAR")
    assert sar["records"] == 1 and sar["attribution"] == {"iskp": 1, "possible": 0, "other": 0}
    assert {"records", "counted_records", "not_counted", "area_claims"} <= set(out)
