"""Districts in headless Chromium: counting by district in place, the district outlines, and
finding a place by name, in the app and in exported files, with the network blocked."""
import datetime as dt
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from geo.activity import builtin_records
from map_page.assembly import MapView
from outputs.export import EXPORT_LAYERS, export_html
from test_browser_app_geography import fit_made, map_page, pane
from test_browser_export import page, set_window  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
SEARCH = "Find a province, district, city or border region"


def district_value(frame, district_id):
    return frame.evaluate(
        "id => (ISKP.layers.activity_districts.iskpValues[id] || {value: 0}).value", district_id)


def test_the_app_counts_by_district_in_place_and_finds_a_district(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    mp = map_page(page)
    frame = pane(page)
    mp.evaluate("() => { window.__samePage = 1; }")
    assert mp.evaluate("() => ISKP.unit") == "province"
    expect(frame.locator("path.iskp-choropleth-district")).to_have_count(0)
    page.get_by_text("District", exact=True).click()
    page.wait_for_function("() => location.search.includes('by=district')")
    mp.wait_for_function("() => ISKP.unit === 'district'")
    # Sayyad's July 2018 attack (R015, known to the district) counts in Sayyad; the page
    # was not rebuilt, and the legend says what it counts.
    mp.wait_for_function("() => (ISKP.layers.activity_districts.iskpValues['AF-SAR-SAYYAD']"
                         " || {}).value === 1")
    assert frame.locator("path.iskp-choropleth-district").count() >= 390
    expect(frame.locator("path.iskp-choropleth:not(.iskp-choropleth-district)")).to_have_count(0)
    expect(frame.locator(".iskp-legend-metric")).to_have_text("Records per district")
    assert mp.evaluate("() => window.__samePage") == 1
    # Its tooltip names district and province (hovered where Sayyad itself is on top, once
    # the map has stopped fitting itself).
    fit_made(mp)
    at = mp.evaluate("""() => {
        const el = document.querySelector('path.iskp-choropleth-district.iso-AF-SAR-SAYYAD'),
              r = el.getBoundingClientRect();
        for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) {
            const x = r.x + r.width * i / 10, y = r.y + r.height * j / 10;
            if (document.elementFromPoint(x, y) === el) { return [x - r.x, y - r.y]; }
        }
        return null; }""")
    assert at, "no part of Sayyad is on top"
    frame.locator("path.iskp-choropleth-district.iso-AF-SAR-SAYYAD").hover(
        force=True, position={"x": at[0], "y": at[1]})
    tip = frame.locator(".leaflet-tooltip").last
    expect(tip).to_contain_text("Sayyad")
    expect(tip).to_contain_text("Sar-e Pul")
    # Back to provinces, in the same page.
    page.get_by_text("Province", exact=True).click()
    mp.wait_for_function("() => ISKP.unit === 'province'")
    expect(frame.locator("path.iskp-choropleth-district")).to_have_count(0)
    assert mp.evaluate("() => window.__samePage") == 1
    # Find a district by a variant spelling, with the keyboard.
    box = frame.get_by_role("combobox", name=SEARCH)
    box.fill("Sayad")
    expect(frame.get_by_role("option").first).to_contain_text("Sayyad")
    box.press("Enter")
    mp.wait_for_function("() => ISKP.map.getContainer().dataset.searchFound === "
                         "'district:Sayyad'")
    mp.wait_for_function("() => ISKP.map.getZoom() >= 8", timeout=5000)
    assert frame.locator("path.iskp-search-found").count() == 1
    box.fill("Nowhereistan")
    expect(frame.locator(".iskp-search-note")).to_have_text("No place called “Nowhereistan”")
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.fixture(scope="module")
def district_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("districts") / "by_district.html"
    run = subprocess.run([sys.executable, "-m", "outputs.export", "--out", str(out), "--by",
                          "district", "--export-date", "2026-12-01"], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    return out


def test_an_export_by_district_switches_units_and_shows_outlines_as_you_zoom(district_export,
                                                                             page):
    size = district_export.stat().st_size
    assert 600_000 < size <= 1_200_000
    page.goto(district_export.as_uri())
    page.locator("path.iskp-choropleth-district").first.wait_for()
    expect(page.locator(".iskp-legend-metric")).to_have_text("Records per district")
    # In 2018 Sayyad has a record and is coloured; the timeline and date filter recount.
    set_window(page, "2018-07-01", "2018-07-31")
    assert district_value(page, "AF-SAR-SAYYAD") == 1
    set_window(page, "2019-01-01", "2019-12-31")
    assert district_value(page, "AF-SAR-SAYYAD") == 0
    # The legend's switch counts by province instead, with its own breaks, and back.
    page.get_by_role("button", name="province", exact=True).click()
    expect(page.locator("path.iskp-choropleth-district")).to_have_count(0)
    expect(page.locator("path.iskp-choropleth")).to_have_count(34)
    expect(page.locator(".iskp-legend-metric")).to_have_text("Records per province")
    page.get_by_role("button", name="district", exact=True).click()
    expect(page.locator(".iskp-legend-metric")).to_have_text("Records per district")
    # District outlines appear only from zoom 7.
    expect(page.locator("path.iskp-district")).to_have_count(0)
    # (holdView: the page's own fitting of the view, which may still run, leaves it alone)
    page.evaluate("() => { ISKP.holdView(); "
                  "ISKP.map.setView([34.2, 70.6], 8, {animate: false}); }")
    page.wait_for_function("() => ISKP.map.getContainer().dataset.districtOutlines === 'shown'")
    assert page.locator("path.iskp-district").count() > 20
    page.evaluate("() => ISKP.map.setView([34.2, 70.6], 6, {animate: false})")
    expect(page.locator("path.iskp-district")).to_have_count(0)
    assert page.requests == [] and page.errors == []


def test_the_default_export_finds_places_without_district_outlines(tmp_path, page):
    html = export_html(MapView(layers=EXPORT_LAYERS), builtin_records(),
                       export_date=dt.date(2026, 12, 1))
    # Small enough to mail (the runtime and every layer inlined): 620 KB at most.
    assert len(html.encode()) < 620_000
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    box = page.get_by_role("combobox", name=SEARCH)
    box.wait_for()
    # A province by its Dari name, outlined.
    box.fill("ننگرهار")
    expect(page.get_by_role("option").first).to_contain_text("Nangarhar")
    box.press("Enter")
    page.wait_for_function("() => ISKP.map.getContainer().dataset.searchFound === "
                           "'province:Nangarhar'")
    # A district by an alias, then a city by clicking its suggestion: arrow keys move.
    box.fill("Achin")
    options = page.get_by_role("option")
    expect(options.first).to_contain_text("Acheen")
    expect(options.first).to_contain_text("Nangarhar")
    box.press("Enter")
    page.wait_for_function("() => ISKP.map.getContainer().dataset.searchFound === "
                           "'district:Acheen'")
    assert page.locator("path.iskp-search-found").count() == 1  # its box: no outlines here
    box.fill("pesh")
    page.get_by_role("option").filter(has_text="Peshawar").first.click()
    page.wait_for_function("() => ISKP.map.getContainer().dataset.searchFound === "
                           "'city:Peshawar'")
    box.fill("kh")
    first = page.get_by_role("option").nth(0).get_attribute("id")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") != first
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    # Text is data: markup typed in the box is shown as typed.
    box.fill("<img src=x onerror=alert(1)>")
    expect(page.locator(".iskp-search-note")).to_have_text(
        "No place called “<img src=x onerror=alert(1)>”")
    assert page.dialogs == [] and page.requests == [] and page.errors == []


def test_a_change_map_by_district_recomputes_per_district_in_the_page(tmp_path, page):
    from geo.joins import DateWindow
    view = MapView(layers=("provinces", "change"), unit="district",
                   window=DateWindow.parse("2018-07-01", "2018-07-31"),
                   baseline=DateWindow.parse("2017-07-01", "2018-06-30"))
    path = tmp_path / "change.html"
    path.write_text(export_html(view, builtin_records(), export_date=dt.date(2026, 12, 1)),
                    encoding="utf-8")
    page.goto(path.as_uri())
    page.locator("path.iskp-change").first.wait_for(state="attached")
    assert page.locator("path.iskp-change").count() >= 390  # districts, not 34 provinces
    level = "id => ISKP.layers.change.iskpValues[id]"
    assert page.evaluate(level, "AF-SAR-SAYYAD")["now"] == 1
    for field, value in ((".iskp-from", "2019-01-01"), (".iskp-to", "2019-12-31")):
        page.locator(field).fill(value)
        page.locator(field).dispatch_event("change")
    page.wait_for_function("() => ISKP.dayToDate(ISKP.window.e) === '2019-12-31'")
    assert page.evaluate(level, "AF-SAR-SAYYAD")["now"] == 0
    assert page.requests == [] and page.errors == []
