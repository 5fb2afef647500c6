"""Static export: self-contained, small, deterministic; the command line's checks."""
import datetime as dt
import re
import subprocess
import sys

import pytest

from geo.activity import builtin_records
from outputs.export import export_html
from map_page.assembly import LAYER_TITLES, MapView

DAY = dt.date(2026, 11, 22)


def test_default_export_is_self_contained_and_under_1_mb():
    html = export_html(MapView(layers=tuple(LAYER_TITLES)), builtin_records(), export_date=DAY)
    size = len(html.encode("utf-8"))
    assert size < 1_000_000
    # No tag loads anything from outside the file (the browser tests watch the network too).
    assert not re.search(r"<script[^>]*\ssrc=", html)
    assert not re.search(r"<link[^>]*\shref=", html)
    assert "/app/static" not in html
    # data: URIs, old-IE VML behaviour, and url(#id): a pattern defined in the page itself.
    assert not re.search(r"url\((?!['\"]?(data:|#))", html)
    assert "2026-11-22" in html


def test_same_inputs_same_bytes():
    v = MapView(layers=("provinces", "activity", "incidents"))
    assert export_html(v, builtin_records(), export_date=DAY) == \
        export_html(v, builtin_records(), export_date=DAY)


def test_only_the_assets_the_layers_use():
    plain = export_html(MapView(layers=("provinces",)), builtin_records(), export_date=DAY)
    assert "markerClusterGroup = L.FeatureGroup" not in plain   # markercluster not inlined
    assert "L.heatLayer = function" not in plain and "simpleheat" not in plain
    full = export_html(MapView(layers=("provinces", "incidents", "heatmap")), builtin_records(),
                       export_date=DAY)
    assert "MarkerClusterGroup" in full and "simpleheat" in full
    assert len(plain) < len(full)


def test_province_geometry_is_embedded_once():
    html = export_html(MapView(layers=("provinces", "activity")), builtin_records(),
                       export_date=DAY)
    # One coordinate run from Nangarhar's outline appears once, though two layers draw it.
    assert html.count('ISKP.addGeo("provinces"') == 1
    coords = re.search(r'"iso":"AF-NAN"', html)
    assert coords and html.count('"iso":"AF-NAN","name":"Nangarhar"') == 1


def run(*args):
    return subprocess.run([sys.executable, "-m", "outputs.export", *args], capture_output=True,
                          text=True)


def test_cli_writes_file_and_rejects_bad_input(tmp_path):
    out = tmp_path / "m.html"
    r = run("--out", str(out), "--start", "2018-07-01", "--end", "2018-07-31",
            "--layers", "provinces,incidents", "--title", "July 2018", "--export-date", "2026-11-22")
    assert r.returncode == 0, r.stderr
    html = out.read_text()
    assert "July 2018" in html and "<title>July 2018</title>" in html
    r = run("--out", str(out), "--layers", "provinces,volcanoes")
    assert r.returncode == 2 and "volcanoes" in r.stderr
    r = run("--out", str(out), "--start", "July 2018")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    r = run("--out", str(tmp_path / "missing" / "m.html"))
    assert r.returncode == 2 and "does not exist" in r.stderr
    # Like the app: accepted rows are exported and the counts printed; --strict refuses.
    r = run("--out", str(out), "--data", "tests/data/acled_sample.csv", "--no-builtin")
    assert r.returncode == 0 and "5 rejected" in r.stderr and "8 records in the window" in r.stdout
    r = run("--out", str(out), "--data", "tests/data/acled_sample.csv", "--strict")
    assert r.returncode == 1 and "--strict" in r.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    r = run("--out", str(out), "--data", str(empty))
    assert r.returncode == 2 and "empty" in r.stderr


def test_png_without_chromium_says_what_to_install(monkeypatch):
    import outputs.chromium as chromium
    from outputs.print_layout import print_outputs
    monkeypatch.setattr(chromium.shutil, "which", lambda name: None)
    import pytest
    with pytest.raises(chromium.RenderUnavailable, match="apt-get install chromium") as caught:
        print_outputs(MapView(), builtin_records(), png="1280x720")
    # Said again in Dari in the app, the command to run as it is.
    from geo.words import reason_of, say_again, speaking
    with speaking("fa"):
        said = say_again(reason_of(caught.value))
    assert "نصب نیست" in said and "'apt-get install chromium'" in said
    assert "not installed" not in said


def test_legend_lists_only_categories_the_map_draws():
    from map_runtime.activity_data import marker_places
    from map_page.assembly import marker_categories
    rec = builtin_records()
    places = marker_places(rec).assign(id=rec["id"]).set_index("id")
    # Kurram (a district of FATA in 2017, today in Khyber Pakhtunkhwa) is drawn at the region,
    # as a province-level ring, in the context category.
    assert places.loc["R022", "pk"] == "province"
    # An area claim and a national figure are not drawn as markers.
    assert places.loc["R012", "pk"] == "" and places.loc["R007", "pk"] == ""
    assert places.loc["R013", "pk"] == ""
    assert marker_categories(rec) == {"attack", "presence report", "counter-terrorism meeting",
                                      "counter-terrorism operation", "context"}
    assert "force estimate" not in marker_categories(rec)


def test_kept_columns_follow_any_change_of_the_records():
    """The app keeps the typed-array columns of the records it drew last; a record set that
    differs in one value (or only in its order) must not get the kept ones."""
    from map_runtime.activity_data import columns, kept_columns
    rec = builtin_records()
    first = kept_columns(rec)
    assert first == columns(rec) and kept_columns(rec.copy()) == first
    first.pop("sources")  # what ActivityData does with its copy
    assert "sources" in kept_columns(rec)
    changed = rec.copy()
    changed.loc[changed.index[3], "fatalities"] = 99
    assert kept_columns(changed) == columns(changed) != columns(rec)
    reordered = rec.iloc[::-1].reset_index(drop=True)
    assert kept_columns(reordered) == columns(reordered) != columns(rec)


def province_labels(html: str) -> dict[str, dict]:
    """The province names an export draws, by ISO code (the list its label script reads)."""
    import json
    end = html.index('.forEach(function (p) {\nvar div = ISKP.addLabel(group, p, "province-label"')
    start = html.rindex('[{"t":', 0, end)
    return {p["iso"]: p for p in json.loads(html[start:end])}


def test_dari_labels_in_an_export():
    html = export_html(MapView(label_lang="fa"), builtin_records(), export_date=DAY)
    # Province names from name_fa (without the word 'province'), drawn right to left.
    labels = province_labels(html)
    assert len(labels) == 34 and labels["AF-NAN"]["t"] == "ننگرهار"
    assert all(p["lang"] == "fa" and "ولایت" not in p["t"] for p in labels.values())
    assert "پاکستان" in html and "ایران" in html   # the neighbours, in Dari
    english = export_html(MapView(), builtin_records(), export_date=DAY)
    assert province_labels(english)["AF-NAN"] == {**labels["AF-NAN"], "t": "Nangarhar",
                                                  "lang": "en"}
    assert "پاکستان" not in english
    # The whole page is Dari (issue 23, item 12; tests/test_words.py), read right to left.
    assert html.startswith('<!DOCTYPE html>\n<html lang="fa" dir="rtl">')
    assert english.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')


def test_label_language_in_the_link():
    from map_page.view_state import from_params, to_params
    view, problems = from_params({"lang": "fa"})
    assert view.label_lang == "fa" and problems == []
    assert to_params(view)["lang"] == "fa" and "lang" not in to_params(MapView())
    _, problems = from_params({"lang": "xx"})
    assert problems and "label language" in problems[0]
    r = run("--out", "/tmp/iskp-dari-test.html", "--lang", "fa", "--layers", "provinces")
    assert r.returncode == 0


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "34,70,33,71", "30,71,35,70",
                                  "-91,60,30,70", "30,60,35,181", "nan,60,35,70",
                                  "inf,60,35,70", "30,60,35,70,1", "30;60;35;70"])
def test_a_map_extent_in_a_link_is_four_numbers_on_the_map_or_refused(text):
    from map_page.view_state import extent_text, parse_extent
    with pytest.raises(ValueError) as exc:
        parse_extent(text)
    assert text in str(exc.value)
    kept = parse_extent(" 29.5123,60.5,38.5,75 ")
    assert kept == (29.5123, 60.5, 38.5, 75.0) and parse_extent("") is None
    assert parse_extent(extent_text(kept)) == kept


def test_default_export_stays_under_620_kb_with_reference_layers():
    # What `python -m outputs.export --out F` writes: every layer but the districts (which
    # --by district adds), cities and areas included.
    from outputs.export import EXPORT_LAYERS
    assert set(LAYER_TITLES) - set(EXPORT_LAYERS) == {"districts"}
    html = export_html(MapView(layers=EXPORT_LAYERS), builtin_records(), export_date=DAY)
    assert len(html.encode("utf-8")) < 620_000
    assert "iskp-timeline" in html and "ISKP.addGeo(\"provinces\"" in html


def test_app_and_export_use_the_same_choropleth_classes():
    from geo.joins import DateWindow
    from layers.activity import ActivityLayer
    from map_page.assembly import build_map

    def classes(view):
        layer = next(c for c in build_map(view, builtin_records())._children.values()
                     if isinstance(c, ActivityLayer))
        return layer.bounds, layer.colours

    for window in (DateWindow(), DateWindow.parse("2018-07-01", "2018-07-31"),
                   DateWindow.parse("2017-01-01", "2019-12-31")):
        view = MapView(window=window)
        # The export builds its map with the in-file date filter on (outputs.export).
        in_file = view.with_(date_filter_in_map=True, title_on_map=True, layer_control=True)
        assert classes(view)[0] and classes(view) == classes(in_file)


@pytest.mark.parametrize("values", [[0] * 33 + [170], [0] * 30 + [3, 170, 170, 3],
                                    [0, 40, 1000], [0, 1, 2, 4]])
def test_choropleth_classes_are_readable(values):
    """Issue 23 item 13: a few values spread wide are not one class "1–170"; each class is at
    most 2.5 times as wide as its lower end or a round number, every value falls in one."""
    from layers.activity import class_bounds, class_ranges
    bounds = class_bounds(values)
    ranges = class_ranges(bounds)
    assert len(ranges) >= min(len({v for v in values if v}) + 1, 3) or max(values) <= 4
    assert bounds[-1] == max(values) and ranges[0][0] == 1
    for v in (v for v in values if v):
        assert sum(low <= v <= high for low, high in ranges) == 1
    # 3 and 170 are told apart.
    if 3 in values and 170 in values:
        assert not any(low <= 3 and 170 <= high for low, high in ranges)


def test_side_by_side_file_holds_one_map_document_and_needs_a_baseline(tmp_path, capsys):
    from outputs.export import main
    out = tmp_path / "sbs.html"
    assert main(["--out", str(out), "--side-by-side"]) == 2
    assert "--side-by-side needs --baseline-start" in capsys.readouterr().err
    assert main(["--out", str(out), "--start", "2018-01-01", "--end", "2018-12-31",
                 "--baseline-start", "2017-01-01", "--baseline-end", "2017-12-31",
                 "--side-by-side", "--title", "<b>T</b>"]) == 0
    html = out.read_text(encoding="utf-8")
    # The map is in the file once (as data), shown twice; nothing is fetched.
    assert html.count('id="iskp-map-document"') == 1
    import json
    import re
    doc = json.loads(re.search(r'id="iskp-map-document">(.*?)</script>', html, re.S).group(1))
    assert doc.startswith("<!DOCTYPE html>") and doc.count("ISKP.addData(") == 1
    assert html.count("ISKP.addData(") == 1  # not a second copy beside the data
    assert "<b>T</b>" not in html and "&lt;b&gt;T&lt;/b&gt;" in html
    assert len(html.encode()) < 1_000_000


def test_downloads_are_named_by_what_they_hold():
    from geo.joins import DateWindow
    from outputs.files import download_name
    july = DateWindow.parse("2018-07-01", "2018-07-31")
    assert download_name("iskp_map", july, "png", "1280x720") == \
        "iskp_map_2018-07-01_to_2018-07-31_1280x720.png"
    assert download_name("records", july, "csv", province="AF-NAN") == \
        "records_2018-07-01_to_2018-07-31_AF-NAN.csv"
    assert download_name("iskp_map", DateWindow(), "html") == "iskp_map_all_dates.html"
    assert download_name("records", DateWindow.parse("2018-07-01", None), "kml") == \
        "records_2018-07-01_to_end.kml"
