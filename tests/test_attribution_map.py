"""Only ISKP is called ISKP on the map (issue 27): a mixed file of ACLED and UCDP rows, most of
them other actors', gives exactly its ISKP rows in the map, ``summary``, the export, the slide
and the downloads; possibly-ISKP rows count only when asked for; other actors are grey context
that counts nowhere; the actor filter narrows all of them."""
import datetime as dt
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from geo import figures
from outputs import gis_files
from geo.attribution import statement
from geo.importers import import_file
from geo.importers.merge import combine
from geo.joins import DateWindow, attribution_counts, filter_records, per_province, summary
from outputs.export import export_html
from map_page.assembly import MapView, shown_statement, view_records
from outputs.print_layout import notes_text, print_html, slide_pptx
from map_page.view_state import from_params, to_params
from test_attribution import ACLED_HEAD, UCDP_HEAD, as_csv

ROOT = Path(__file__).resolve().parents[1]
# Where the rows happen: a point in each province, named as each source names it.
PLACES = [("Nangarhar", "Nangarhar province", 34.43, 70.45),
          ("Kunar", "Kunar province", 34.87, 71.15),
          ("Helmand", "Helmand province", 31.59, 64.37),
          ("Kandahar", "Kandahar province", 31.62, 65.71),
          ("Kabul", "Kabul province", 34.53, 69.17)]
ACLED_OTHERS = ["Taliban", "Military Forces of Afghanistan (2004-2021)",
                "Civilians (Afghanistan)", "Unidentified Armed Group (Afghanistan)",
                "Police Forces of Afghanistan (2004-2021)"]
UCDP_OTHERS = [("Government of Afghanistan", "Taleban"),
               ("Government of Afghanistan", "Taleban"),
               ("Government of Pakistan", "TTP")]


def mixed_files(tmp: Path):
    """An ACLED export (700 rows) and a UCDP GED extract (300 rows) with real spellings; the
    ids of their ISKP, possibly-ISKP and ISKP-naming-Taliban rows."""
    acled, iskp, possible, with_taliban = [], set(), set(), set()
    for i in range(700):
        a1, a2 = ACLED_OTHERS[i % 5], ACLED_OTHERS[(i + 2) % 5]
        name, _, lat, lon = PLACES[i % 5]
        if i % 61 == 0:
            a1 = ["Islamic State Khorasan Province (ISKP)", "Islamic State (Afghanistan)"][i % 2]
            iskp.add(f"AFG{i}")
            if a2 == "Taliban":
                with_taliban.add(f"AFG{i}")
        elif i % 113 == 5:
            a1 = "Taliban and/or Islamic State Khorasan Province (ISKP)"
            possible.add(f"AFG{i}")
        day = dt.date(2018, 1, 1) + dt.timedelta(days=i % 365)
        acled.append([f"AFG{i}", day.isoformat(), "1", "Battles", a1, "", a2, "",
                      "Afghanistan", name, f"site {i}", str(lat), str(lon), "1",
                      f"Source {i % 7}", "TEST DATA", str(i % 4)])
    ucdp = []
    for i in range(300):
        side_a, side_b = UCDP_OTHERS[i % 3]
        name, adm1, lat, lon = PLACES[i % 5]
        country = "Afghanistan"
        if side_a == "Government of Pakistan":
            adm1, lat, lon, country = "Khyber Pakhtunkhwa province", 34.0, 71.5, "Pakistan"
        if i % 50 == 1:
            side_a, side_b, country = "Government of Afghanistan", "IS", "Afghanistan"
            name, adm1, lat, lon = PLACES[0]
            iskp.add(str(910000 + i))
        day = dt.date(2018, 1, 1) + dt.timedelta(days=(i * 3) % 365)
        ucdp.append([str(910000 + i), day.isoformat(), day.isoformat(), "1", "1", adm1,
                     str(lat), str(lon), country, "1", side_a, side_b, f"{side_a} - {side_b}",
                     "1", "TEST DATA", "TEST DATA"])
    a, u = tmp / "acled_afg.csv", tmp / "ged_afg_pak.csv"
    a.write_bytes(as_csv(ACLED_HEAD, acled))
    u.write_bytes(as_csv(UCDP_HEAD, ucdp))
    return a, u, iskp, possible, with_taliban


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mixed")
    a, u, iskp, possible, with_taliban = mixed_files(tmp)
    results = [import_file(p) for p in (a, u)]
    for r in results:
        assert r.rejected_count == 0, [i.reason for i in r.rejected[:3]]
    records, _ = combine([r.records for r in results])
    return {"files": (a, u), "records": records, "iskp": iskp, "possible": possible,
            "with_taliban": with_taliban, "results": results}


def ids(records) -> set:
    return {str(i) for i in records["id"]}


def test_the_mixed_files_hold_a_known_few_iskp_rows(mixed):
    rec = mixed["records"]
    assert len(rec) == 1000
    assert ids(rec[rec.attribution == "iskp"]) == mixed["iskp"]
    assert ids(rec[rec.attribution == "possible"]) == mixed["possible"]
    assert len(mixed["iskp"]) == 18 and len(mixed["possible"]) == 7
    # Each file's report: counts per attribution and its commonest other actors.
    acled, ucdp = (r.attribution for r in mixed["results"])
    assert (acled["iskp"], acled["possible"], acled["other"]) == (12, 7, 681)
    assert (ucdp["iskp"], ucdp["possible"], ucdp["other"]) == (6, 0, 294)
    assert ucdp["other_actors"][0][0] in ("Government of Afghanistan", "Taleban")


def test_the_default_view_counts_and_shows_only_iskp(mixed):
    rec = mixed["records"]
    view = MapView()
    shown = view_records(view, rec)
    assert ids(shown) == mixed["iskp"]
    # Province counts of the map are those of the ISKP rows alone.
    prov = per_province(shown).set_index("iso")
    iskp_rows = rec[rec.attribution == "iskp"]
    assert prov.records.sum() == len(iskp_rows)
    assert prov.loc["AF-NAN", "records"] == int((iskp_rows.admin1 == "AF-NAN").sum())
    head = figures.headline(shown)
    assert head["records"] == 18 and head["context"] == 0
    assert statement(attribution_counts(rec), view.attributions) == (
        "ISKP: 18 of 1,000 records · possibly ISKP: 7 (hidden) · other actors: 975 (hidden)")


def test_possible_counts_only_when_asked_and_other_never_counts(mixed):
    rec = mixed["records"]
    both = view_records(MapView(attributions=("iskp", "possible")), rec)
    assert ids(both) == mixed["iskp"] | mixed["possible"]
    assert per_province(both).records.sum() == 25
    context = view_records(MapView(attributions=("iskp", "other")), rec)
    assert len(context) == 993
    # Other actors are in the table (as context) but in no count.
    assert per_province(context).records.sum() == 18
    head = figures.headline(context)
    assert head["events"] + head["area_claims"] + head["other_records"] == 18
    assert head["context"] == 975 and head["records"] == 993
    assert figures.per_month(context)["records"].sum() == pytest.approx(18)
    assert figures.sector_table(context)["afghan_side"].sum() == \
        figures.sector_table(view_records(MapView(), rec))["afghan_side"].sum()


def test_the_actor_filter_narrows_every_count(mixed):
    rec = mixed["records"]
    view = MapView(actors=("taliban",))  # case and punctuation ignored
    shown = view_records(view, rec)
    assert ids(shown) == mixed["with_taliban"] and 0 < len(shown) < 18
    assert len(view_records(MapView(actors=("Nobody at all",)), rec)) == 0


def test_summary_counts_iskp_and_says_what_is_hidden(mixed):
    a, u = mixed["files"]
    run = lambda *extra: json.loads(subprocess.run(
        [sys.executable, "-m", "geo", "summary", "--no-builtin", "--data", str(a), "--data",
         str(u), "--json", *extra], cwd=ROOT, capture_output=True, text=True, timeout=180,
        check=True).stdout)
    out = run()
    assert out["attribution"] == {"iskp": 18, "possible": 7, "other": 975}
    assert out["records"] == 18 and out["counted_records"] == 18
    assert sum(p["records"] for p in out["provinces"]) == 18
    assert out["shown"]["statement"].startswith("ISKP: 18 of 1,000 records")
    nan = next(p for p in out["provinces"] if p["iso"] == "AF-NAN")
    assert nan["attribution"]["iskp"] == nan["records"]
    assert nan["attribution"]["other"] > 100  # per province, shown or not
    both = run("--attribution", "iskp,possible")
    assert both["records"] == both["counted_records"] == 25
    other = run("--attribution", "other")
    assert other["records"] == 975 and other["counted_records"] == 0
    assert sum(p["records"] for p in other["provinces"]) == 0
    taliban = run("--actor", "Taliban")
    assert taliban["records"] == len(mixed["with_taliban"])
    bad = subprocess.run([sys.executable, "-m", "geo", "summary", "--attribution", "isis"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "unknown attribution 'isis'" in bad.stderr


def test_downloads_hold_the_shown_records_with_both_parties_and_the_rule(mixed, tmp_path):
    rec = mixed["records"]
    shown = view_records(MapView(), rec)
    table = pd.read_csv(io.BytesIO(figures.to_csv(shown)), dtype=str)
    assert set(table["id"]) == mixed["iskp"]
    row = table[table["id"] == sorted(i for i in mixed["iskp"] if i.startswith("AFG"))[0]].iloc[0]
    assert "Islamic State" in row["actors"]
    assert ";" in row["actors"]  # both parties named
    assert row["attribution"] == "iskp" and "actors.csv" in row["attribution_rule"]
    gj = json.loads(figures.to_geojson(shown))
    assert {f["properties"]["id"] for f in gj["features"]} == mixed["iskp"]
    gpkg = tmp_path / "r.gpkg"
    gpkg.write_bytes(gis_files.records_gpkg(shown))
    import pyogrio
    back = pyogrio.read_dataframe(gpkg)
    assert set(back["id"]) == mixed["iskp"] and set(back["attribution"]) == {"iskp"}


def test_export_and_slide_state_what_is_shown(mixed):
    rec = mixed["records"]
    view = MapView()
    html = export_html(view, rec, export_date=dt.date(2026, 12, 1))
    said = "ISKP: 18 of 1,000 records · possibly ISKP: 7 (hidden) · other actors: 975 (hidden)"
    assert said.replace("·", "\\u00b7") in html or said in html
    notes = notes_text(view, rec, dt.date(2026, 12, 1))
    assert "Shown: " + said in notes
    page = print_html(view, rec, __import__("outputs.print_layout").print_layout.FORMATS["a4"],
                      dt.date(2026, 12, 1))
    assert "Shown: " + said in page


def test_the_link_keeps_attribution_and_actors():
    view = MapView(attributions=("iskp", "other"), actors=("Taliban", "Civilians (Afghanistan)"))
    params = to_params(view)
    assert params["attribution"] == "iskp,other"
    assert params["actors"] == "Taliban;Civilians (Afghanistan)"
    back, problems = from_params(params)
    assert back.attributions == view.attributions and back.actors == view.actors
    assert problems == []
    assert "attribution" not in to_params(MapView())
    bad, problems = from_params({"attribution": "isis"})
    assert bad.attributions == ("iskp",) and "unknown attribution 'isis'" in problems[0]


@pytest.mark.browser
def test_the_exported_file_switches_attribution_and_actor_in_place(mixed, offline_page,
                                                                    tmp_path):
    rec = mixed["records"]
    out = tmp_path / "mixed.html"
    out.write_text(export_html(MapView(window=DateWindow.parse("2018-01-01", "2018-12-31")),
                               rec, export_date=dt.date(2026, 12, 1)))
    page = offline_page.page
    page.goto(out.as_uri())
    page.locator("path.iskp-province").first.wait_for()
    total = "() => Object.values(ISKP.layers.activity.iskpValues).reduce((n, v) => n + v.value, 0)"
    page.wait_for_function(f"() => ({total})() === 18")
    # The page writes what it shows as Python does (it rewrote the legend for its window).
    view = MapView(window=DateWindow.parse("2018-01-01", "2018-12-31"))
    said = shown_statement(view, filter_records(rec, view.window))
    assert page.locator(".iskp-legend .iskp-attribution").text_content() == said
    assert page.locator(".iskp-title-box .iskp-attribution").text_content() == said
    bins = "() => [...document.querySelectorAll('.iskp-tl-bin')].reduce((n, b) => n + " \
           "(+b.dataset.value), 0)"
    assert page.evaluate(bins) == pytest.approx(18, abs=0.01)
    assert page.locator(".iskp-context").count() == 0
    # The box may have folded off the data: the reader opens it.
    if not page.locator(".iskp-at-possible").is_visible():
        page.locator(".iskp-date-filter .iskp-unfold").click()
    page.locator(".iskp-at-possible").check()
    page.wait_for_function(f"() => ({total})() === 25")
    assert page.evaluate(bins) == pytest.approx(25, abs=0.01)
    page.locator(".iskp-at-other").check()
    # Other actors are drawn grey (clustered with nothing: their own layer), counted nowhere.
    page.wait_for_function("() => document.querySelectorAll('.iskp-context').length > 0")
    assert page.evaluate(f"({total})()") == 25
    legend = page.locator(".iskp-legend .iskp-attribution")
    assert "other actors: 975 (shown as grey context)" in legend.text_content()
    page.locator(".iskp-at-other").uncheck()
    page.locator(".iskp-at-possible").uncheck()
    page.locator("select.iskp-actor").select_option("Taliban")
    page.wait_for_function(f"() => ({total})() === {len(mixed['with_taliban'])}")
    assert offline_page.blocked == [] and offline_page.errors == []
