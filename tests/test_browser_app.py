"""The running app in headless Chromium, network blocked: what a user sees and does."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from test_browser_app_geography import (COMPARISON, COMPONENT, DATA_UPLOADER, layer_tick,
                                        TITLES, fit_made, map_frame,
                                        map_page, panel, pane, settle,
                                        upload_and_open_popup)

pytestmark = pytest.mark.browser

HOSTILE = (
    "id,date_start,date_precision,admin1,latitude,longitude,category,summary,source,actors\n"
    'H1,2019-05-05,day,Nangarhar,34.4265,70.4515,attack,'
    '"TEST DATA <img src=x onerror=""window.__pwned=1""><script>window.__pwned=2</script>",'
    '"<b>TEST DATA source</b>",ISKP\n')


def records_in(year: int) -> int:
    """The headline count of events of the built-in records in a year, as geo.figures
    computes it."""
    from geo import figures
    from geo.activity import builtin_records
    from geo.joins import DateWindow
    from map_page.assembly import MapView, view_records
    view = MapView(window=DateWindow.parse(f"{year}-01-01", f"{year}-12-31"))
    return figures.headline(view_records(view, builtin_records()))["events"]


def events_metric(page):
    """The value of the headline's "Events" (not "Provinces with events")."""
    label = page.locator("[data-testid='stMetricLabel']", has_text=re.compile(r"^\s*Events\s*$"))
    return page.locator("[data-testid='stMetric']").filter(has=label) \
        .locator("[data-testid='stMetricValue']")


def records_metric(page) -> str:
    return events_metric(page).inner_text().strip()


def set_date(page, label, value):
    """Type a date into the sidebar's From or To field and leave it, as a user does."""
    field = panel(page).get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")


def date_value(page, label) -> str:
    return panel(page).get_by_label(label, exact=True).input_value()


def legend_sections(frame) -> dict:
    """Which of the legend's sections show (by the layers they explain), whether or not the
    legend is folded to its button at this size."""
    return dict(frame.locator(".iskp-legend-sec").evaluate_all(
        "ss => ss.map(s => [s.dataset.layers, s.style.display !== 'none'])"))


def test_the_sidebar_is_the_one_place_that_switches_layers(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url)
    frame = map_frame(page)
    regions = frame.locator("path.iskp-border-region")
    regions.first.wait_for()
    assert regions.count() >= 13
    # No second layer list on the map to disagree with the sidebar, the link and the legend.
    assert frame.locator(".leaflet-control-layers").count() == 0
    assert legend_sections(frame)["Border regions|Border bands"]
    layer_tick(page, "Border regions").click()
    frame = map_frame(page)
    frame.locator("path.iskp-province").first.wait_for()
    expect(frame.locator("path.iskp-border-region")).to_have_count(0)
    # The link follows in the same run, not necessarily before the map: waited for, not read.
    expect(page).to_have_url(re.compile(r"layers=(?![^&]*border_regions)"))
    assert not legend_sections(frame)["Border regions|Border bands"]
    assert offline_page.blocked == []


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
def test_a_click_inside_a_record_ring_is_a_click_on_the_province(app_url, offline_page, size):
    """Issue 23 item 7: a record known only to its district is a ring; a click inside it
    chooses the province (the drill-down, said under the map)."""
    page = offline_page.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    frame = map_frame(page)
    ring = frame.locator("path.iskp-incident-district").first  # Sayyad, Sar-e Pul (R015)
    ring.wait_for()
    # Measured where it stays: after the map's last fit (a frame laid out late is refitted).
    mp = map_page(page)
    fit_made(mp)
    page.wait_for_timeout(300)
    # Where the ring is on the map itself (the page around it may scroll: Playwright brings
    # the popup's close button into view).
    ring_at = "() => { const r = document.querySelector('path.iskp-incident-district')" \
              ".getBoundingClientRect(); return [r.x, r.y]; }"
    before = mp.evaluate(ring_at)
    box = ring.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("Showing records for Sar-e Pul (AF-SAR)").wait_for(timeout=30_000)
    expect(page.get_by_text("Chosen on the map: Sar-e Pul")).to_be_visible()
    # Not the record's popup; Sar-e Pul lies in a reported activity area of July 2018, whose
    # popup the click inside it opens (item 7).
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Reported activity area")
    assert "Sayyad" not in frame.locator(".leaflet-popup-content").inner_text()
    # The area's popup moved the map to show itself whole (Leaflet's autoPan); closed, the map
    # is back where the reader had it (it had left the ring under the timeline at 1280x720).
    frame.locator(".leaflet-popup-close-button").click()
    expect(frame.locator(".leaflet-popup")).to_have_count(0)
    after = mp.evaluate(ring_at)
    assert abs(after[0] - before[0]) < 2 and abs(after[1] - before[1]) < 2, (before, after)
    assert offline_page.blocked == [] and offline_page.errors == []


def test_a_click_on_a_record_ring_opens_the_record(app_url, offline_page):
    """Issue 23 item 7: the ring itself, where nothing else (an area's outline) is on top,
    opens the record's popup."""
    page = offline_page.page
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    frame = map_frame(page)
    mp = map_page(page)
    fit_made(mp)
    page.wait_for_timeout(300)
    at = mp.evaluate("""() => {
        const el = document.querySelector('path.iskp-incident-district'),
              r = el.getBoundingClientRect(), cx = r.x + r.width / 2, cy = r.y + r.height / 2;
        for (let a = 0; a < 360; a += 10) {
            const x = cx + Math.cos(a * Math.PI / 180) * (r.width / 2),
                  y = cy + Math.sin(a * Math.PI / 180) * (r.height / 2);
            if (document.elementFromPoint(x, y) === el) { return [x - r.x, y - r.y]; }
        }
        return null; }""")
    assert at, "no part of the ring is on top"
    frame.locator("path.iskp-incident-district").first.click(
        force=True, position={"x": at[0], "y": at[1]})
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Sayyad")
    assert offline_page.blocked == [] and offline_page.errors == []


def july_moved_by_the_reader(page, app_url, size):
    """The app at ``size`` on July 2018, its map moved by the reader to the east at zoom 7
    and marked (``window.__samePage``), so that a new map page shows; its map page."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    mp = map_page(page)
    mp.evaluate("() => { window.__samePage = 1; ISKP.holdView();"
                " ISKP.map.setView([34.3, 70.6], 7, {animate: false}); }")
    return mp


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
def test_layers_switch_in_the_map_page_shown(app_url, offline_page, size):
    """Issue 23 item 14: a layer switched in the sidebar is applied in the page shown (no new
    map: the reader's place and open popup stay), and its legend and statements follow."""
    page = offline_page.page
    mp = july_moved_by_the_reader(page, app_url, size)
    frame = map_frame(page)
    assert "meeting in their own layer" in frame.locator(".iskp-legend").inner_text()
    layer_tick(page, "Border regions").click()
    mp.wait_for_function("() => !document.querySelector('path.iskp-border-region')")
    layer_tick(page, "Heatmap").click()
    mp.wait_for_function("() => document.querySelector('.leaflet-heatmap-layer')")
    layer_tick(page, "Counter-terrorism meetings").click()
    mp.wait_for_function("() => !document.querySelector('.iskp-legend').innerText"
                         ".includes('meeting in their own layer')")
    page.wait_for_function("() => location.search.includes('heatmap')")
    settle(page)
    # The same page all along, where the reader had put it.
    assert mp.evaluate("() => window.__samePage") == 1
    assert mp.evaluate("() => ISKP.map.getZoom()") == 7
    # The legend follows: waited for, as the app's last run may reach the page after it has
    # settled (seen once on a loaded machine); on failure, what the page had on its map.
    try:
        mp.wait_for_function(
            "() => { const s = Object.fromEntries([...document.querySelectorAll("
            "'.iskp-legend-sec')].map(e => [e.dataset.layers, e.style.display !== 'none']));"
            " return !s['Border regions|Border bands'] && s['Heatmap']; }", timeout=10_000)
    except PlaywrightTimeout:
        pytest.fail(f"legend {legend_sections(frame)}; layers " + str(mp.evaluate(
            "() => Object.keys(ISKP.layerGroups).map(id => [id, ISKP.layerGroups[id].title,"
            " ISKP.map.hasLayer(ISKP.layerGroups[id].group)])")))
    # Back on: drawn again in the same page.
    layer_tick(page, "Border regions").click()
    mp.wait_for_function("() => document.querySelectorAll('path.iskp-border-region')"
                         ".length >= 13")
    assert mp.evaluate("() => window.__samePage") == 1
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
def test_a_baseline_on_and_off_in_the_map_page_shown(app_url, offline_page, size):
    """Issue 23 item 14: turning the comparison on draws the change map in the page shown
    (no new map: the reader's place stays), coloured by geo.change's levels against the
    baseline its legend names; a baseline typed recolours it there; turning it off brings the
    choropleth back, in the same page."""
    from geo.activity import builtin_records
    from geo.change import per_province_change
    from geo.joins import DateWindow
    from layers.change import CHANGE_COLOURS
    from map_page.assembly import MapView, records_of_view
    page = offline_page.page
    mp = july_moved_by_the_reader(page, app_url, size)
    # The place the reader moved to is kept in the link first, in a run of its own.
    page.wait_for_function("() => location.search.includes('extent=')")
    settle(page)
    window = DateWindow.parse("2018-07-01", "2018-07-31")
    records = records_of_view(MapView(window=window), builtin_records())

    def fills_match(baseline):
        table = per_province_change(records, window, baseline)
        fills = mp.evaluate("() => Object.fromEntries([...document.querySelectorAll("
                            "'path.iskp-change')].map(p => [[...p.classList].find(c => "
                            "c.startsWith('iso-')).slice(4), p.getAttribute('fill')]))")
        assert fills == {r.iso: CHANGE_COLOURS[r.level_records] for r in table.itertuples()}
        return fills

    comparison = page.frame_locator(COMPARISON)
    compare = comparison.get_by_role("switch", name="Compare with a baseline")
    compare.click()
    mp.wait_for_function("() => document.querySelectorAll('path.iskp-change').length === 34")
    # The layer ticks follow: the change map in place of the choropleth.
    expect(layer_tick(page, "Change against baseline")).to_be_checked()
    expect(layer_tick(page, "Activity by province")).not_to_be_checked()
    page.wait_for_function("() => location.search.includes('bstart=2018-05-31')")
    settle(page)
    expect(pane(page).locator(".iskp-legend-change-title")).to_have_text(
        "Change against 31 May 2018 – 30 Jun 2018")
    expect(comparison.get_by_text("Baseline: 31 May 2018 – 30 Jun 2018")).to_be_visible()
    assert mp.evaluate("() => document.querySelectorAll('path.iskp-choropleth').length") == 0
    # Each province's level is the one geo.change gives for the same records.
    fills = fills_match(DateWindow.parse("2018-05-31", "2018-06-30"))
    assert len(set(fills.values())) > 1  # not all blank: a real comparison
    assert mp.evaluate("() => [window.__samePage, ISKP.map.getZoom()]") == [1, 7]
    # A baseline typed: the map recoloured in the same page.
    field = comparison.get_by_label("Baseline from")
    field.fill("2018-01-01")
    field.press("Enter")
    expect(pane(page).locator(".iskp-legend-change-title")).to_have_text(
        "Change against 01 Jan 2018 – 30 Jun 2018")
    fills_match(DateWindow.parse("2018-01-01", "2018-06-30"))
    page.wait_for_function("() => location.search.includes('bstart=2018-01-01')")
    settle(page)
    assert mp.evaluate("() => [window.__samePage, ISKP.map.getZoom()]") == [1, 7]
    compare.click()
    mp.wait_for_function("() => !document.querySelector('path.iskp-change') && "
                         "document.querySelectorAll('path.iskp-choropleth').length === 34")
    page.wait_for_function("() => !location.search.includes('bstart')")
    settle(page)
    assert mp.evaluate("() => [window.__samePage, ISKP.map.getZoom()]") == [1, 7]
    assert offline_page.blocked == [] and offline_page.errors == []


def test_a_sidebar_panel_grows_and_shrinks_with_its_content_then_keeps_still(app_url,
                                                                           offline_page):
    """The comparison's panel is as tall as what it shows: taller with the baseline's fields,
    back to its switch when turned off, and then it asks the page for nothing more. (Measured
    as the page's height, which is never less than its frame's, it could not shrink, and
    under a race two heights chased each other for good: the app's widgets stayed
    skeletons.)"""
    page = offline_page.page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    map_frame(page)
    frame = page.locator(COMPARISON)
    fits = ("f => Math.abs(f.getBoundingClientRect().height - "
            "f.contentDocument.body.scrollHeight) <= 1")
    frame_height = "f => f.getBoundingClientRect().height"
    page.wait_for_function(f"f => ({fits})(f)", arg=frame.element_handle())
    closed = frame.evaluate(frame_height)
    compare = page.frame_locator(COMPARISON).get_by_role("switch", name="Compare with a baseline")
    compare.click()
    page.wait_for_function(f"([f, h]) => ({fits})(f) && ({frame_height})(f) > h + 40",
                           arg=[frame.element_handle(), closed])
    settle(page)
    compare.click()
    page.wait_for_function(f"([f, h]) => ({fits})(f) && ({frame_height})(f) <= h + 1",
                           arg=[frame.element_handle(), closed], timeout=10_000)
    settle(page)
    asked = page.evaluate("""(f) => new Promise(done => {
        let n = 0;
        const count = e => { if (e.source === f.contentWindow && e.data &&
                                 e.data.type === 'streamlit:setFrameHeight') { n += 1; } };
        window.addEventListener('message', count);
        setTimeout(() => { window.removeEventListener('message', count); done(n); }, 1500);
    })""", frame.element_handle())
    assert asked == 0
    assert offline_page.blocked == [] and offline_page.errors == []


def test_narrower_window_changes_counts_and_url_restores_view(app_url, offline_page, chromium):
    page = offline_page.page
    page.goto(app_url)
    map_frame(page)
    assert records_metric(page) == "15"
    set_date(page, "From", "01 Jul 2018")
    page.wait_for_function("() => location.search.includes('start=2018-07-01')")
    set_date(page, "To", "2018-07-31")
    page.wait_for_function("() => location.search.includes('end=2018-07-31')")
    expect(events_metric(page)).to_have_text("4")
    # The choropleth legend states the new window (in the map rebuilt for it).
    frame = map_frame(page)
    frame.get_by_text("01 Jul 2018 – 31 Jul 2018").first.wait_for()
    # Reopening the link in a new browser context restores the same view.
    url = page.url
    from conftest import OfflinePage
    other = OfflinePage(chromium)
    try:
        other.page.goto(url)
        map_frame(other.page)
        assert records_metric(other.page) == "4"
        assert date_value(other.page, "From") == "01 Jul 2018"
        assert date_value(other.page, "To") == "31 Jul 2018"
        assert other.blocked == []
    finally:
        other.close()


def test_browser_back_undoes_a_filter_change(app_url, offline_page):
    """Issue 23 item 13: each view the page showed is in the browser's history; Back returns
    to the one before a change of window, Forward to the change."""
    page = offline_page.page
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    map_frame(page)
    expect(events_metric(page)).to_have_text("4")
    settle(page)
    set_date(page, "To", "31 Dec 2019")
    page.wait_for_function("() => location.search.includes('end=2019-12-31')")
    settle(page)
    assert records_metric(page) != "4"
    page.go_back()
    page.wait_for_function("() => location.search.includes('end=2018-07-31')")
    settle(page)
    expect(events_metric(page)).to_have_text("4")
    assert date_value(page, "From") == "01 Jul 2018" and date_value(page, "To") == "31 Jul 2018"
    # The map shows the window gone back to, and the link stays the one gone back to.
    map_frame(page).get_by_text("01 Jul 2018 – 31 Jul 2018").first.wait_for()
    assert "end=2018-07-31" in page.url
    page.go_forward()
    page.wait_for_function("() => location.search.includes('end=2019-12-31')")
    # The address changes at once; the app's run for it may start a moment later (under
    # load, after a first check of "settled"): the panel is waited for, as a reader would.
    expect(panel(page).get_by_label("To", exact=True)).to_have_value("31 Dec 2019",
                                                                     timeout=30_000)
    settle(page)
    assert date_value(page, "To") == "31 Dec 2019"
    assert offline_page.errors == []


def test_presentation_mode_hides_the_controls(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?mode=present&start=2018-01-01&end=2018-12-31")
    frame = map_frame(page)
    frame.locator(".iskp-title-box").wait_for()
    assert "Reported ISKP activity" in frame.locator(".iskp-title-box").inner_text()
    assert "01 Jan 2018 – 31 Dec 2018" in frame.locator(".iskp-title-box").inner_text()
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.locator("[data-testid='stMetric']").count() == 0
    assert frame.locator(".leaflet-control-zoom").count() == 0
    legend_px = frame.locator(".iskp-legend-box").evaluate("e => parseFloat(e.style.fontSize)")
    assert legend_px >= 16
    assert offline_page.blocked == []


def test_hostile_text_is_shown_as_text(app_url, offline_page, tmp_path):
    f = tmp_path / "hostile.csv"
    f.write_text(HOSTILE)
    page = offline_page.page
    # A window holding no other point record: the hostile one is a marker of its own.
    page.goto(app_url + "/?start=2019-05-01&end=2019-05-31")
    map_frame(page)
    popup, frame = upload_and_open_popup(page, f, "hostile.csv: native, 1 rows: 1 accepted")
    text = popup.inner_text()
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert "<script>window.__pwned=2</script>" in text and "<b>TEST DATA source</b>" in text
    assert frame.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    assert frame.locator("body").evaluate("() => window.__pwned === undefined")
    assert page.evaluate("() => window.__pwned === undefined")
    # The tooltip of the province shows its count; the hostile text never became markup there.
    assert offline_page.dialogs == [] and offline_page.blocked == []


def test_clicking_a_province_filters_the_table(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    frame = map_frame(page)
    # Every record of July 2018 in the table: placed ones, area claims, statements.
    page.get_by_text("Records shown: 14").wait_for()
    farah = frame.locator("path.iskp-province.iso-AF-FRA")
    box = farah.bounding_box()
    # A point inside Farah away from its label: a quarter of the way down its box.
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.3)
    # The notice names the province; its one record is the Farah and Nimroz area claim.
    page.get_by_text("Showing records for Farah (AF-FRA)").wait_for(timeout=30_000)
    page.get_by_text("Records shown: 1").wait_for()
    # Its monthly series, and the province in the link.
    page.get_by_text("Events and area claims per month in Farah").wait_for()
    expect(page).to_have_url(re.compile("province=AF-FRA"))
    page.get_by_role("button", name="Show all provinces").click()
    page.get_by_text("Records shown: 14").wait_for()
    expect(page).not_to_have_url(re.compile("province="))
    assert offline_page.blocked == []


def test_a_broken_file_does_not_stop_a_good_one(app_url, offline_page, tmp_path):
    bad = tmp_path / "broken.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": "not a list"}')
    good = tmp_path / "good.csv"
    good.write_text("id,date_start,date_precision,admin1,latitude,longitude,category,summary,"
                    "source,actors\nG1,2019-05-05,day,Nangarhar,34.4265,70.4515,attack,"
                    "TEST DATA good row,TEST DATA source,ISKP\n")
    page = offline_page.page
    page.goto(app_url + "/?start=2019-05-01&end=2019-05-31")
    map_frame(page)
    dropzone = page.locator(DATA_UPLOADER)
    dropzone.set_input_files(str(bad))
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("not a GeoJSON FeatureCollection").wait_for(timeout=30_000)
    dropzone.set_input_files(str(good))
    sidebar.get_by_text("good.csv: native, 1 rows: 1 accepted").wait_for(timeout=30_000)
    # The bad file's reason stays in the sidebar; the map shows the good file's record.
    assert sidebar.get_by_text("not a GeoJSON FeatureCollection").is_visible()
    frame = map_frame(page)
    expect(frame.locator("path.iskp-incident")).to_have_count(1)
    assert page.locator("[data-testid='stException']").count() == 0
    assert offline_page.blocked == []


def test_a_window_change_keeps_the_map_its_view_and_its_open_popup(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31")
    mp = map_page(page)
    frame = pane(page)
    # The reader zooms in on Sar-e Pul and opens the popup of its July 2018 attack (R015).
    mp.evaluate("() => { window.__samePage = 1; ISKP.holdView(); "
                "ISKP.map.setView([35.5, 66.1], 8); }")
    page.locator(COMPONENT).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    # On its ring (a click inside a ring is a click on the district's province).
    ring = frame.locator("path.iskp-incident-district").first
    ring.click(force=True, position={"x": ring.bounding_box()["width"] / 2, "y": 1.5})
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Sar-e Pul" in popup.inner_text() and "Sayyad" in popup.inner_text()
    page.wait_for_timeout(600)  # the map pans to show the whole popup
    view = "() => [ISKP.map.getZoom(), ISKP.map.getCenter().lat, ISKP.map.getCenter().lng]"
    before = mp.evaluate(view)
    set_date(page, "From", "01 Jul 2018")
    page.wait_for_function("() => location.search.includes('start=2018-07-01')")
    # The window reaches the same page in place: its legend states it...
    mp.wait_for_function("() => ISKP.dayToDate(ISKP.window.s) === '2018-07-01'")
    frame.get_by_text("01 Jul 2018 – 31 Dec 2018").first.wait_for(state="attached")
    settle(page)
    # ...and nothing was rebuilt: same page, same centre and zoom, the popup still open.
    assert mp.evaluate("() => window.__samePage") == 1
    assert mp.evaluate(view) == before and before[0] == 8
    assert "Sar-e Pul" in popup.inner_text()
    assert offline_page.blocked == [] and offline_page.errors == []


def test_a_title_typed_in_the_sidebar_is_the_heading_at_once_and_keeps_the_map(
        app_url, offline_page):
    """The title fields are the sidebar panel's: a title typed is the page's heading in the
    same moment (before the app's run), as text; then the link says it, and the map page
    was never rebuilt."""
    from map_page.assembly import DEFAULT_TITLE
    page = offline_page.page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    mp = map_page(page)
    mp.evaluate("() => { window.__samePage = 1; }")
    heading = page.locator("h1[data-page='title']")
    expect(heading).to_have_text(DEFAULT_TITLE)
    # Two runs of the app first, as a reader's would be: the title fields, drawn inside the
    # closed "Titles and basemap", must show when it is opened (a frame drawn hidden once
    # measured no height: seen in the bench, not reliably here).
    for metric in ("Fatalities", "Records"):
        panel(page).get_by_label(metric, exact=True).click()
        settle(page)
    page.get_by_text("Titles and basemap").click()
    fields = page.frame_locator(TITLES)
    title = fields.get_by_label("Title", exact=True)
    expect(title).to_have_attribute("placeholder", DEFAULT_TITLE)
    typed = "Nangarhar <b>{x}</b> & www.example.org"
    # Typed and applied in one task of the page: the heading it reads after is the new one.
    shown = title.evaluate(
        "(e, typed) => { e.value = typed; e.dispatchEvent(new Event('change')); return "
        "window.parent.document.querySelector(\"h1[data-page='title']\").textContent; }", typed)
    assert shown == typed
    page.wait_for_function("() => new URLSearchParams(location.search).get('title') === "
                           "'Nangarhar <b>{x}</b> & www.example.org'")
    settle(page)
    expect(heading).to_have_text(typed)  # the app's run shows the same
    assert page.locator("h1 a, h1 b, h2 a").count() == 0
    # A subtitle, typed and Enter, as a reader does.
    sub = fields.get_by_label("Subtitle", exact=True)
    sub.fill("July 2018")
    sub.press("Enter")
    expect(page.locator("h2[data-page='subtitle']")).to_have_text("July 2018")
    page.wait_for_function("() => location.search.includes('subtitle=July')")
    settle(page)
    # Cleared: the product's title again.
    title.fill("")
    title.press("Enter")
    expect(heading).to_have_text(DEFAULT_TITLE)
    page.wait_for_function("() => !location.search.includes('title=Nangarhar')")
    settle(page)
    assert mp.evaluate("() => window.__samePage") == 1
    assert offline_page.blocked == [] and offline_page.errors == []


def test_the_timeline_in_the_app_sets_the_window_of_the_whole_page(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31")
    frame = map_frame(page)
    page.locator(COMPONENT).scroll_into_view_if_needed()
    # A year chosen on the timeline under the map: sidebar, link and counts follow.
    frame.locator("select.iskp-tl-year").select_option("2017")
    page.wait_for_function("() => location.search.includes('start=2017-01-01') && "
                           "location.search.includes('end=2017-12-31')")
    expect(events_metric(page)).to_have_text(str(records_in(2017)))
    # Playback advances frames in the page, within the window chosen (2017); where it stops
    # becomes the app's window.
    frame.locator("select.iskp-tl-step").select_option("month")
    frame.locator(".iskp-tl-play").click()
    frame.locator(".iskp-timeline[data-frames='3']").wait_for(state="attached", timeout=10_000)
    frame.locator(".iskp-tl-play").click()
    stopped = frame.locator(".iskp-tl-frame").inner_text()
    assert "playing within 01 Jan 2017 – 31 Dec 2017" in stopped
    first = stopped.split(" – ")[0]
    assert first.endswith("2017")
    page.wait_for_function("() => !location.search.includes('end=2017-12-31')")
    settle(page)
    assert date_value(page, "From") == first
    assert offline_page.blocked == [] and offline_page.errors == []


def test_steps_on_the_timeline_are_told_to_the_app_once_the_reader_pauses(app_url, offline_page):
    """Four quick steps forward: the map shows each at once and never steps back while the app
    catches up; the app reruns once, for the last step, and the link has it."""
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31")
    frame = map_frame(page)
    mp = map_page(page)
    mp.evaluate("""() => { window.__seen = []; ISKP.onWindow(w => { window.__seen.push(w.s); (window.__at = window.__at || []).push(Date.now()); }); }""")
    # Every rerun of the app writes its link: the links written are the reruns' windows.
    page.evaluate("""() => { window.__links = [];
        for (const k of ['pushState', 'replaceState']) { const f = history[k].bind(history);
            history[k] = (s, t, u) => { window.__links.push(String(u)); return f(s, t, u); }; } }""")
    page.locator(COMPONENT).scroll_into_view_if_needed()
    frame.locator(".iskp-tl-step").select_option("month")
    # A reader holding the right arrow on the timeline (its key for a step forward).
    frame.locator(".iskp-tl-fwd").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    # Months of the window chosen (2018), one a step: the fourth is April.
    page.wait_for_function("() => location.search.includes('start=2018-04-01')")
    settle(page)
    seen = mp.evaluate("window.__seen")
    assert len(seen) >= 4 and seen == sorted(seen), seen
    assert mp.evaluate("ISKP.dayToDate(ISKP.window.s)") == "2018-04-01"
    assert date_value(page, "From") == "01 Apr 2018"
    starts = {u.split("start=")[1][:10] for u in page.evaluate("window.__links") if "start=" in u}
    assert starts == {"2018-04-01"}, starts
    assert offline_page.blocked == [] and offline_page.errors == []


def test_side_by_side_in_the_app_keeps_both_maps_on_one_view(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31&bstart=2017-01-01&bend=2017-12-31"
                        "&compare=side")
    a, b = map_frame(page, 0), map_frame(page, 1)
    expect(a.locator(".iskp-legend-window")).to_have_text("01 Jan 2018 – 31 Dec 2018")
    expect(b.locator(".iskp-legend-window")).to_have_text("01 Jan 2017 – 31 Dec 2017")
    pa, pb = map_page(page, 0), map_page(page, 1)
    view = "() => [ISKP.map.getZoom(), +ISKP.map.getCenter().lat.toFixed(4)," \
           " +ISKP.map.getCenter().lng.toFixed(4)]"
    page.locator(COMPONENT).scroll_into_view_if_needed()
    page.wait_for_timeout(1800)
    a.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    assert pa.evaluate(view) == pb.evaluate(view)
    # A year chosen on map B's timeline becomes the baseline; map A keeps its window.
    b.locator("select.iskp-tl-year").select_option("2016")
    page.wait_for_function("() => location.search.includes('bstart=2016-01-01')")
    settle(page)
    assert "start=2018-01-01" in page.url
    expect(b.locator(".iskp-legend-window")).to_have_text("01 Jan 2016 – 31 Dec 2016")
    expect(a.locator(".iskp-legend-window")).to_have_text("01 Jan 2018 – 31 Dec 2018")
    assert pa.evaluate(view) == pb.evaluate(view)
    assert offline_page.blocked == [] and offline_page.errors == []


def test_presentation_mode_and_back_keep_a_drawn_map(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31")
    map_frame(page)
    page.get_by_text("Presentation mode", exact=True).click()
    # The run that enters presentation mode has begun (on a busy machine it can start after
    # the page has looked settled for a while): only then wait for it to end.
    expect(page.get_by_role("button", name="Exit presentation mode")).to_be_visible(
        timeout=60_000)
    frame = map_frame(page)
    frame.locator(".iskp-title-box").wait_for()
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    page.get_by_role("button", name="Exit presentation mode").click()
    # The run that leaves presentation mode has ended (its button is gone, and with it the
    # presentation map), and the normal map comes back drawn (its page asks for the map
    # document it no longer has).
    expect(page.get_by_role("button", name="Exit presentation mode")).to_have_count(
        0, timeout=60_000)
    frame = map_frame(page)
    expect(frame.locator("path.iskp-province")).to_have_count(34)
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible()
    page.wait_for_function("() => !location.search.includes('mode=present')")
    assert offline_page.blocked == [] and offline_page.errors == []


def test_categories_and_metric_change_in_the_same_map_page(app_url, offline_page):
    from geo.activity import builtin_records
    from geo.joins import DateWindow, per_province
    from map_page.assembly import MapView, view_records
    page = offline_page.page
    page.goto(app_url + "/?start=2014-09-01&end=2022-05-20")
    mp = map_page(page)
    mp.evaluate("() => { window.__samePage = 1; }")
    total = "() => Object.values(ISKP.layers.activity.iskpValues)" \
            ".reduce((n, v) => n + v.value, 0)"
    window = DateWindow.parse("2014-09-01", "2022-05-20")
    placed = lambda cats: int(per_province(view_records(
        MapView(window=window, categories=cats), builtin_records())).records.sum())
    mp.wait_for_function(f"() => ({total})() === {placed(())}")
    side = panel(page)
    side.get_by_text("Categories: all").click()
    side.get_by_role("button", name="Only attack", exact=True).click()
    # The map has it before the app has rerun; then the link follows.
    mp.wait_for_function(f"() => ({total})() === {placed(('attack',))}")
    page.wait_for_function("() => location.search.includes('cat=attack')")
    expect(side.locator("summary").first).to_have_text("Categories: attack")
    # The same page counts only attacks, and its legend lists only them.
    mp.wait_for_function(f"() => ({total})() === {placed(('attack',))}")
    assert placed(("attack",)) < placed(())
    assert mp.evaluate("() => window.__samePage") == 1
    shown = mp.evaluate("() => [...document.querySelectorAll('.iskp-legend-row[data-cat]')]"
                        ".filter(r => r.style.display !== 'none').map(r => r.textContent)")
    assert shown == ["attack"]
    # The metric too: fatalities of the same attacks, in the same page, its legend renamed.
    fatal = int(per_province(view_records(MapView(window=window, categories=("attack",)),
                                          builtin_records())).fatalities.sum())
    side.get_by_label("Fatalities", exact=True).check()
    page.wait_for_function("() => location.search.includes('metric=fatalities')")
    mp.wait_for_function(f"() => ({total})() === {fatal}")
    expect(pane(page).locator(".iskp-legend-metric")).to_have_text("Fatalities per province")
    assert mp.evaluate("() => window.__samePage") == 1
    assert offline_page.blocked == [] and offline_page.errors == []


def test_an_upload_of_many_records_is_filtered_in_the_map_page(app_url, offline_page,
                                                                tmp_path):
    """Above 20,000 records the app's map page holds the records as typed-array columns: it
    still takes a window from its timeline, and the sidebar follows."""
    rows = ["id,date_start,date_precision,admin1,latitude,longitude,category,summary,source,"
            "actors"]
    for k in range(24_000):
        year = 2015 + k % 7
        rows.append(f"M{k},{year}-0{1 + k % 9}-1{k % 10},day,Nangarhar,34.4{k % 10},70.4{k % 7},"
                    f"attack,TEST DATA many,TEST DATA source {k},ISKP")
    # A row past the built-in data's end and a row that cannot be read: the sidebar then says
    # more about the file (a warning, its validation report, the data's new span).
    rows.append("M-late,2023-03-01,day,Nangarhar,34.4,70.4,attack,TEST DATA late,TEST DATA,ISKP")
    rows.append("M-bad,not a date,day,Nangarhar,34.4,70.4,attack,TEST DATA bad,TEST DATA,ISKP")
    f = tmp_path / "many.csv"
    f.write_text("\n".join(rows) + "\n")
    page = offline_page.page
    page.goto(app_url)
    map_frame(page)
    page.locator(DATA_UPLOADER).set_input_files(str(f))
    page.get_by_text("many.csv: native, 24002 rows: 24001 accepted, 1 rejected").wait_for(
        timeout=60_000)
    page.get_by_text("The data now spans").wait_for()
    mp = map_page(page)
    mp.wait_for_function("() => ISKP.datasets.activity.records.length === 24035",
                         timeout=60_000)
    assert mp.evaluate("() => ISKP.datasets.activity.texts") is False
    frame = pane(page)
    page.locator(COMPONENT).scroll_into_view_if_needed()

    def app_has_year(year: int) -> None:
        """The link and the headline count are those of the year, uploaded rows included."""
        page.wait_for_function(f"() => location.search.includes('start={year}-01-01')",
                               timeout=30_000)
        expect(events_metric(page)).to_have_text(
            str(records_in(year) + sum(1 for k in range(24_000) if 2015 + k % 7 == year)),
            timeout=30_000)

    frame.locator("select.iskp-tl-year").select_option("2019")
    app_has_year(2019)
    # The sidebar's panel still reaches the app after the upload's messages were added above
    # it (a panel moved in the page would be a new page that Streamlit no longer hears).
    panel(page).get_by_label("Window preset").select_option("2017")
    mp.wait_for_function("() => ISKP.dayToDate(ISKP.window.s) === '2017-01-01'")
    app_has_year(2017)
    assert offline_page.blocked == [] and offline_page.errors == []


def test_the_sidebar_panel_sets_presets_and_typed_dates_in_the_same_map_page(app_url,
                                                                             offline_page):
    page = offline_page.page
    page.goto(app_url)
    mp = map_page(page)
    mp.evaluate("() => { window.__samePage = 1; }")
    shown = "() => ISKP.dayToDate(ISKP.window.s) + '/' + ISKP.dayToDate(ISKP.window.e)"
    side = panel(page)
    side.get_by_label("Window preset").select_option("2018")
    mp.wait_for_function(f"() => ({shown})() === '2018-01-01/2018-12-31'")
    page.wait_for_function("() => location.search.includes('start=2018-01-01') && "
                           "location.search.includes('end=2018-12-31')")
    expect(events_metric(page)).to_have_text(str(records_in(2018)))
    assert date_value(page, "From") == "01 Jan 2018" and date_value(page, "To") == "31 Dec 2018"
    # The last 30 days of the data, whose last day the app knows.
    from geo.activity import builtin_records
    last = builtin_records()["date_end"].max()
    first = last - __import__("pandas").Timedelta(days=29)
    side.get_by_label("Window preset").select_option("Last 30 days of the data")
    mp.wait_for_function(f"() => ({shown})() === '{first:%Y-%m-%d}/{last:%Y-%m-%d}'")
    page.wait_for_function(f"() => location.search.includes('start={first:%Y-%m-%d}')")
    # A date that does not exist is named as the problem; the window stays.
    set_date(page, "To", "31 Feb 2018")
    expect(side.locator(".problem")).to_contain_text("'31 Feb 2018' is not a date")
    assert mp.evaluate(shown) == f"{first:%Y-%m-%d}/{last:%Y-%m-%d}"
    side.get_by_label("Window preset").select_option("All")
    page.wait_for_function("() => !location.search.includes('start=')"
                           " || location.search.includes('start=2014')")
    settle(page)
    assert mp.evaluate("() => window.__samePage") == 1
    assert offline_page.blocked == [] and offline_page.errors == []

