"""Whose activity, switched in the app's own map page (issue 27): attribution and actor change
the choropleth, the markers, the timeline and the legend in place, the reader's zoom kept,
and the link follows."""
import re

import pytest
from playwright.sync_api import expect

from test_browser_app_geography import map_page, pane, panel

pytestmark = pytest.mark.browser
TOTAL = "() => Object.values(ISKP.layers.activity.iskpValues).reduce((n, v) => n + v.value, 0)"
BINS = "() => [...document.querySelectorAll('.iskp-tl-bin')].reduce((n, b) => n + " \
       "(+b.dataset.value), 0)"


def placed(**view):
    from geo.activity import builtin_records
    from geo.joins import DateWindow, per_province
    from map_page.assembly import MapView, view_records
    v = MapView(window=DateWindow.parse("2014-09-01", "2022-05-20"), **view)
    return int(per_province(view_records(v, builtin_records())).records.sum())


def test_attribution_and_actor_switch_in_the_same_map_page(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2014-09-01&end=2022-05-20")
    mp = map_page(page)
    mp.evaluate("() => { window.__samePage = 1; }")
    mp.wait_for_function(f"() => ({TOTAL})() === {placed()}")
    frame = pane(page)
    frame.locator(".leaflet-control-zoom-in").click()
    mp.wait_for_function("() => !ISKP.map._animatingZoom")
    page.wait_for_timeout(400)
    zoom = mp.evaluate("() => [ISKP.map.getZoom(), ISKP.map.getCenter().lat]")
    legend = frame.locator(".iskp-legend .iskp-attribution")
    expect(legend).to_contain_text("possibly ISKP: 1 (hidden)")
    bins_before = mp.evaluate(BINS)
    assert frame.locator(".iskp-possible").count() == 0

    side = panel(page)
    side.get_by_label("Possibly ISKP", exact=False).check()
    with_possible = placed(attributions=("iskp", "possible"))
    assert with_possible > placed()
    mp.wait_for_function(f"() => ({TOTAL})() === {with_possible}")
    expect(frame.locator(".iskp-possible")).to_have_count(1)
    expect(legend).to_contain_text("possibly ISKP: 1 (shown hollow)")
    expect(frame.locator(".iskp-legend-row[data-attribution='1']")).to_be_visible()
    assert mp.evaluate(BINS) == pytest.approx(bins_before + 1, abs=0.01)
    page.wait_for_function("() => location.search.includes('attribution=iskp%2Cpossible')"
                           " || location.search.includes('attribution=iskp,possible')")

    # Other actors: grey context (the drone strike in Pakistan), in no count.
    side.get_by_label("Other actors", exact=False).check()
    expect(frame.locator(".iskp-context")).to_have_count(1)
    assert mp.evaluate(f"({TOTAL})()") == with_possible
    expect(legend).to_contain_text("(shown as grey context)")

    # One actor: only the records naming it.
    side.get_by_text("Actors: all").click()
    side.get_by_role("button", name=re.compile(r"^Only ISKP · \d+$")).click()
    only = placed(attributions=("iskp", "possible", "other"), actors=("ISKP",))
    assert only < with_possible
    mp.wait_for_function(f"() => ({TOTAL})() === {only}")
    page.wait_for_function("() => location.search.includes('actors=ISKP')")
    # All in the same page, where the reader left it.
    assert mp.evaluate("() => window.__samePage") == 1
    assert mp.evaluate("() => [ISKP.map.getZoom(), ISKP.map.getCenter().lat]") == zoom
    # The app's figures say what is shown too.
    expect(page.get_by_text("Shown: ISKP:", exact=False)).to_be_visible()
    assert offline_page.blocked == [] and offline_page.errors == []


def test_a_link_with_attribution_and_actors_opens_them(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2014-09-01&end=2022-05-20&attribution=iskp,possible")
    mp = map_page(page)
    mp.wait_for_function(f"() => ({TOTAL})() === {placed(attributions=('iskp', 'possible'))}")
    expect(panel(page).get_by_label("Possibly ISKP", exact=False)).to_be_checked()
    assert offline_page.errors == []
