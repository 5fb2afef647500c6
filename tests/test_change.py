"""Change against a baseline (Trendfinder's levels), per province and in `geo summary`."""
import json
import subprocess
import sys

import pytest

from geo.change import level, per_province_change
from geo.joins import DateWindow
from test_joins import native

WINDOW = DateWindow.parse("2020-07-01", "2020-07-31")        # 31 days
BASELINE = DateWindow.parse("2020-01-01", "2020-06-30")      # 182 days


@pytest.mark.parametrize("current,expected,want", [
    (13, 10, "large increase"),       # +30 %
    (12, 10, "moderate increase"),    # +20 %
    (11, 10, "moderate increase"),    # +10 % exactly
    (10, 10, "limited change"),
    (8, 10, "limited change"),        # -20 %
    (7, 10, "large decrease"),        # -30 %
    (2, 1, "limited change"),         # low baseline: 1 -> 2 is not +100 %
    (5, 2, "limited change"),         # still low: 2 expected, 5 in the window
    (6, 2, "large increase"),         # 6 in the window leaves the low-baseline rule
    (6, 0, "large increase"),         # from nothing: no percentage, still an increase
    (0, 0, "no records"),
    (0, 3, "large decrease"),
])
def test_levels_follow_trendfinder(current, expected, want):
    assert level(current, expected)[0] == want


def test_percent_is_none_without_a_baseline():
    assert level(4, 0)[1] is None and level(12, 10)[1] == pytest.approx(20.0)


def rows(n, day, province, fatalities=0):
    return [f"{province[:3]}{day}{k},{day},,day,{province},attack,TEST DATA,test,{fatalities}"
            for k in range(n)]


@pytest.fixture
def records(tmp_path):
    # Nangarhar: 60 in six months (about 10 a month), then 20 in July: a large increase.
    # Kunar: 24 in six months (about 4 a month), then 4: limited change.
    # Helmand: 1 in the baseline, 2 in July: low baseline, limited change.
    return native(tmp_path, rows(60, "2020-03-15", "Nangarhar") + rows(20, "2020-07-10",
                  "Nangarhar", 2) + rows(24, "2020-02-02", "Kunar") + rows(4, "2020-07-03",
                  "Kunar") + rows(1, "2020-05-05", "Helmand") + rows(2, "2020-07-20", "Helmand"))


def test_per_province_change_scales_the_baseline_to_the_window(records):
    t = per_province_change(records, WINDOW, BASELINE).set_index("name")
    nan = t.loc["Nangarhar"]
    assert nan.records == 20 and nan.baseline_records == 60
    assert nan.expected_records == pytest.approx(60 * 31 / 182, abs=0.01)
    assert nan.change_records == pytest.approx(20 - 60 * 31 / 182, abs=0.01)
    assert nan.level_records == "large increase" and nan.change_records_pct > 25
    assert nan.fatalities == 40 and nan.level_fatalities == "large increase"
    assert t.loc["Kunar", "level_records"] == "limited change"
    assert t.loc["Helmand", "level_records"] == "limited change"
    assert t.loc["Kabul", "level_records"] == "no records"
    assert len(t) == 34


def test_summary_json_adds_baseline_and_change_renaming_nothing(records, tmp_path):
    data = tmp_path / "d.csv"
    records[["id", "date_start", "date_end", "date_precision", "admin1", "category", "summary",
             "source", "fatalities", "actors"]].assign(
        date_start=lambda d: d.date_start.dt.strftime("%Y-%m-%d"),
        date_end=lambda d: d.date_end.dt.strftime("%Y-%m-%d"),
        admin1=lambda d: d.admin1.map({"AF-NAN": "Nangarhar", "AF-KNR": "Kunar",
                                       "AF-HEL": "Helmand"})).to_csv(data, index=False)
    base = [sys.executable, "-m", "geo", "summary", "--data", str(data), "--no-builtin",
            "--start", "2020-07-01", "--end", "2020-07-31", "--json"]
    plain = json.loads(subprocess.run(base, capture_output=True, text=True, check=True).stdout)
    r = subprocess.run(base + ["--baseline-start", "2020-01-01", "--baseline-end", "2020-06-30"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # Every field of the plain summary is still there, unchanged.
    for key, value in plain.items():
        if key != "provinces":
            assert out[key] == value
    for p, q in zip(plain["provinces"], out["provinces"]):
        assert {k: q[k] for k in p} == p
    nan = next(p for p in out["provinces"] if p["name"] == "Nangarhar")
    assert nan["baseline"] == {"records": 60, "fatalities": 0}
    assert nan["change"]["records"]["level"] == "large increase"
    assert out["baseline"]["days"] == 182 and out["baseline"]["window_days"] == 31
    assert "Trendfinder" in out["baseline"]["rules"]
    # Half a baseline is refused with a clear message.
    r = subprocess.run(base + ["--baseline-start", "2020-01-01"], capture_output=True, text=True)
    assert r.returncode == 2 and "--baseline-end" in r.stderr


@pytest.mark.browser
def test_change_map_colours_each_province_by_its_level(records, chromium, tmp_path):
    from layers.change import CHANGE_COLOURS
    from outputs.export import export_html
    from map_page.assembly import MapView
    from test_browser_labels import open_file
    view = MapView(layers=("provinces", "change"), window=WINDOW, baseline=BASELINE)
    path = tmp_path / "change.html"
    path.write_text(export_html(view, records), encoding="utf-8")
    page = open_file(chromium, path, (1400, 900))
    try:
        page.locator("path.iskp-change").first.wait_for()
        fill = lambda iso: page.locator(f"path.iskp-change.iso-{iso}").get_attribute("fill")
        assert fill("AF-NAN") == CHANGE_COLOURS["large increase"]
        assert fill("AF-KNR") == CHANGE_COLOURS["limited change"]
        assert fill("AF-HEL") == CHANGE_COLOURS["limited change"]  # the low-baseline rule
        assert fill("AF-KAB") == CHANGE_COLOURS["no records"]
        legend = page.locator(".iskp-legend-box").inner_text()
        assert "Change against 01 Jan 2020 – 30 Jun 2020" in legend
        assert "large increase > +25 %" in legend and "Low baseline" in legend
        page.locator("path.iskp-change.iso-AF-NAN").hover()
        tip = page.locator(".leaflet-tooltip").inner_text()
        assert "Level" in tip and "large increase" in tip and "Baseline" in tip
        # The reader narrows the window in the file: the page recomputes every province's
        # level by the same rules as Python, against the same baseline.
        page.locator(".iskp-to").fill("05 Jul 2020")
        page.locator(".iskp-to").press("Enter")
        page.locator(".iskp-legend-window, .iskp-title-window").filter(
            has_text="05 Jul 2020").first.wait_for()
        narrow = per_province_change(records, DateWindow.parse("2020-07-01", "2020-07-05"),
                                     BASELINE)
        want = {r.iso: CHANGE_COLOURS[r.level_records] for r in narrow.itertuples()}
        got = dict(page.locator("path.iskp-change").evaluate_all(
            "ps => ps.map(p => [[...p.classList].find(c => c.startsWith('iso-')).slice(4),"
            " p.getAttribute('fill')])"))
        assert got == want and got["AF-NAN"] != CHANGE_COLOURS["large increase"]
        assert "the date filter does not change it" not in legend
    finally:
        page.context.close()


def test_app_compare_toggle_draws_the_change_map_and_keeps_it_in_the_link():
    from test_app import compare, run
    at = run({"start": "2018-07-01", "end": "2018-07-31"})
    compare(at, "c-1", on=True)
    # The period of the same length just before the window, in the link.
    assert at.query_params["bstart"] == "2018-05-31" and at.query_params["bend"] == "2018-06-30"
    assert at.session_state["layer_change"] and not at.session_state["layer_activity"]
    at2 = run({"start": "2018-07-01", "end": "2018-07-31", "bstart": "2017-07-01",
               "bend": "2018-06-30"})
    assert at2.session_state["compare"] and at2.session_state["b_start"].year == 2017
