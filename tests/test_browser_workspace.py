"""The workspace in the app (issue 24), in headless Chromium: an upload outlives the page and
travels in the link, a saved map reopens with its data from ``?map=ID``, two sessions saving
one map are never silently overwritten, and two app processes on one PostGIS share the team's
work."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage, start_app
from team import add_account, log_in
from test_browser_app import events_metric
from test_browser_app_geography import DATA_UPLOADER, map_frame, pane, settle

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
UPLOAD = ROOT / "examples" / "native_sample.csv"


def records_metric(page):
    """The headline's events (test_browser_app.events_metric)."""
    return events_metric(page)


def status(page):
    return page.locator(".iskp-plain-caption").filter(has_text=re.compile(r"map"))


def upload(page, path: Path) -> None:
    page.locator(DATA_UPLOADER).set_input_files(str(path))
    page.get_by_text(f"{path.name}: ").first.wait_for(timeout=60_000)
    settle(page)


def save(page, name: str | None = None, button: str = "Save this map") -> None:
    if name is not None:
        field = page.get_by_label("Map name")
        field.fill(name)
        field.press("Enter")
        settle(page)
    page.get_by_role("button", name=button).click()
    settle(page)


def test_uploads_and_saved_maps_outlive_the_page_and_are_never_overwritten(app_url, chromium,
                                                                           offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31")
    map_frame(page)
    builtin = int(records_metric(page).inner_text())
    upload(page, UPLOAD)
    expect(page.get_by_text("kept in the workspace").first).to_be_visible()
    page.wait_for_function("() => location.search.includes('data=')")
    count = records_metric(page).inner_text()
    assert int(count) > builtin
    # A reload (the uploader is empty again) keeps the data: the link names it.
    page.reload()
    map_frame(page)
    expect(records_metric(page)).to_have_text(count)
    expect(status(page).first).to_contain_text("Unsaved map")
    save(page, "Nangarhar weekly")
    expect(status(page).first).to_contain_text("Saved map 'Nangarhar weekly', version 1")
    page.wait_for_function("() => location.search.includes('map=m-')")
    map_id = re.search(r"map=(m-[0-9a-f]+)", page.url).group(1)
    # A colleague opens ?map=ID alone: the view (2018) and the datasets come with it.
    other = OfflinePage(chromium)
    try:
        b = other.page
        b.goto(f"{app_url}/?map={map_id}")
        map_frame(b)
        expect(status(b).first).to_contain_text("Saved map 'Nangarhar weekly', version 1")
        expect(records_metric(b)).to_have_text(count)
        assert "start=2018-01-01" in b.url and "end=2018-12-31" in b.url
        # Both have version 1 open; the first saves version 2...
        save(page, button="Save (version 2)")
        expect(status(page).first).to_contain_text("version 2")
        # ...and the colleague's save is refused with the reason, nothing overwritten.
        save(b, button="Save (version 2)")
        expect(b.get_by_text("was changed since you opened it")).to_be_visible()
        expect(status(b).first).to_contain_text("version 1")
        save(b, "Nangarhar weekly (copy)", button="Save as a new map")
        expect(status(b).first).to_contain_text("Saved map 'Nangarhar weekly (copy)', "
                                                "version 1")
        assert re.search(r"map=(m-[0-9a-f]+)", b.url).group(1) != map_id
        assert other.errors == [] and other.blocked == []
    finally:
        other.close()
    # The history is there to read, in the app.
    page.get_by_role("tab", name="History").click()
    history = page.get_by_role("tabpanel", name="History").locator("[data-testid='stDataFrame']")
    expect(history).to_be_visible()
    assert offline_page.errors == [] and offline_page.blocked == []


def test_two_app_processes_on_one_postgis_share_the_team_workspace(chromium, postgis):
    url = postgis.new_database()
    from concurrent.futures import ThreadPoolExecutor
    # A team server: an analyst's account first (the app will not start without one).
    add_account({"ISKP_DATABASE_URL": url}, "ana", "analyst")
    with ThreadPoolExecutor(2) as pool:  # both start at once
        apps = list(pool.map(lambda _: start_app({"ISKP_DATABASE_URL": url}), range(2)))
    pages = [OfflinePage(chromium), OfflinePage(chromium)]
    try:
        a, b = (p.page for p in pages)
        log_in(a, apps[0][1], "ana", path="/?start=2019-01-01&end=2019-12-31")
        map_frame(a)
        save(a, "Team map")
        a.wait_for_function("() => location.search.includes('map=m-')")
        map_id = re.search(r"map=(m-[0-9a-f]+)", a.url).group(1)
        count = records_metric(a).inner_text()
        log_in(b, apps[1][1], "ana", path=f"/?map={map_id}")  # the other process
        map_frame(b)
        expect(status(b).first).to_contain_text("Saved map 'Team map', version 1")
        expect(records_metric(b)).to_have_text(count)
        assert all(p.errors == [] and p.blocked == [] for p in pages)
    finally:
        for p in pages:
            p.close()
        for proc, _ in apps:
            proc.terminate()
            proc.wait(timeout=20)


BOUNDS = "() => { const b = ISKP.map.getBounds(); " \
         "return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"


def open_from_panel(page, name: str) -> None:
    """Choose the saved map ``name`` in the Saved maps tab and press "Open it"."""
    page.get_by_role("tab", name="Saved maps").click()
    page.locator("[data-testid='stSelectbox']").filter(has_text="A saved map").click()
    page.get_by_role("option", name=re.compile(re.escape(name))).click()
    settle(page)
    page.get_by_role("button", name="Open it").click()


def map_comes_to(page, place, tries: int = 100) -> None:
    """Wait until the map's bounds ([s, w, n, e]) satisfy ``place``."""
    bounds = None
    for _ in range(tries):
        try:
            bounds = [f for f in page.frames if f.url == "about:srcdoc"][0].evaluate(BOUNDS)
        except Exception:  # the old document going as it was read
            bounds = None
        if bounds and place(bounds):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"the map is at {bounds}")


def test_a_saved_map_keeps_its_place_and_opens_in_the_session(app_url, chromium, offline_page):
    """The place the reader moved the map to is part of the saved map: it comes back from
    the map's link in another page, and "Open it" opens another saved map in the same page,
    at its own place and window, with no page load."""
    from geo.workspace import open_workspace
    from test_browser_app_geography import map_page

    from geo.workspace.builtin import builtin_dataset

    ws = open_workspace()  # the app's workspace (the tests' own, ISKP_WORKSPACE)
    # A saved map of Farah in 2017, saved by a colleague, to open from the panel later.
    farah = ws.save_map("Farah 2017", {"layers": "provinces,activity,activity_areas,incidents",
                                       "start": "2017-01-01", "end": "2017-12-31",
                                       "extent": "31.5,61,33,63"},
                        [builtin_dataset(ws).id], who="ana")
    ws.save_map("Country 2018", {"layers": "provinces,activity,activity_areas,incidents",
                                 "start": "2018-01-01", "end": "2018-12-31"},
                [builtin_dataset(ws).id], who="ana")
    page = offline_page.page
    page.goto(app_url + "/?start=2019-01-01&end=2019-12-31")
    mp = map_page(page)
    # The reader zooms in on Nangarhar.
    mp.evaluate("() => { ISKP.holdView(); ISKP.map.setView([34.3, 70.6], 9, {animate: false}); }")
    page.wait_for_function("() => location.search.includes('extent=')", timeout=30_000)
    settle(page)
    moved = [float(v) for v in re.search(r"extent=([-0-9.%C,]+)", page.url).group(1)
             .replace("%2C", ",").split(",")]
    assert moved[0] < 34.3 < moved[2] and moved[1] < 70.6 < moved[3]
    assert moved[2] - moved[0] < 2.5  # the zoomed view (a screen-tall map), not the country
    save(page, "Nangarhar close")
    page.wait_for_function("() => location.search.includes('map=m-')")
    map_id = re.search(r"map=(m-[0-9a-f]+)", page.url).group(1)
    kept = ws.saved_map(map_id)
    assert kept.view["extent"] and kept.view["start"] == "2019-01-01"
    # Another page opens the link alone: at the saved place, "no unsaved changes".
    other = OfflinePage(chromium)
    try:
        b = other.page
        b.goto(f"{app_url}/?map={map_id}")
        # (Zoomed in on Nangarhar, the first province's path is out of view: drawn empty.)
        pane(b).locator("path.iskp-province").first.wait_for(state="attached", timeout=60_000)
        settle(b)
        bounds = [f for f in b.frames if f.url == "about:srcdoc"][0].evaluate(BOUNDS)
        centre = ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
        assert abs(centre[0] - 34.3) < 0.3 and abs(centre[1] - 70.6) < 0.3, bounds
        assert bounds[2] - bounds[0] < 2
        settle(b)
        expect(status(b).first).to_have_text(re.compile(r"Saved map 'Nangarhar close', "
                                                        r"version 1, saved .*UTC by \S+$"))
        assert other.errors == [] and other.blocked == []
    finally:
        other.close()
    # The colleague's map of Farah, opened from the panel in the same page.
    page.evaluate("() => { window.__samePage = 1; }")
    open_from_panel(page, "Farah 2017")
    expect(status(page).first).to_contain_text("Saved map 'Farah 2017', version 1", timeout=30_000)
    settle(page)
    assert page.evaluate("() => window.__samePage") == 1  # no page load
    assert f"map={farah.id}" in page.url and "start=2017-01-01" in page.url
    # The new map document (other layers) replaces the old one, and opens at Farah.
    map_comes_to(page, lambda b: b[0] < 32.2 < b[2] and b[1] < 62 < b[3] and b[2] - b[0] < 4)
    # A saved map kept without a place (made from the command line) opens at Afghanistan,
    # not at Farah where the reader was.
    open_from_panel(page, "Country 2018")
    expect(status(page).first).to_contain_text("Saved map 'Country 2018'", timeout=30_000)
    map_comes_to(page, lambda b: b[0] < 30 and b[2] > 38 and b[1] < 61 and b[3] > 74)
    ws.engine.dispose()
    assert offline_page.errors == [] and offline_page.blocked == []
