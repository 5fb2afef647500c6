"""Every screen (issue 23, items 1 and 3), in the app, in Chromium at 1920x1080, 1366x768 and
1280x720: the map and its timeline fit the reader's screen together; presentation mode shows
map, timeline and its way out without scrolling, and Esc leaves it; the wheel over the map
scrolls the page until the reader clicks the map; side by side, each map shows Afghanistan
and the window's records in its own half, the same place in both, with no box over the data.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage
from test_browser_app_geography import COMPONENT, fit_made, map_frame, map_page
from test_browser_fit import COVERED
from map_runtime.style import ZERO_COLOUR

pytestmark = pytest.mark.browser
SIZES = [(1920, 1080), (1366, 768), (1280, 720)]
IDS = [f"{w}x{h}" for w, h in SIZES]

# Where a map page's timeline and map are on the reader's screen (the app's page coordinates).
ON_SCREEN = """(sel) => {
    const outer = document.querySelector(sel).getBoundingClientRect();
    const inner = [...document.querySelector(sel).contentDocument
                   .querySelectorAll('iframe.iskp-pane-map')].map(f => f.getBoundingClientRect());
    const out = [];
    for (const [k, f] of inner.entries()) {
        const doc = document.querySelector(sel).contentDocument
            .querySelectorAll('iframe.iskp-pane-map')[k].contentDocument;
        const tl = doc.querySelector('.iskp-timeline').getBoundingClientRect();
        const map = doc.querySelector('.folium-map').getBoundingClientRect();
        const top = outer.top + f.top;
        out.push({mapTop: top + map.top, mapBottom: top + map.bottom,
                  timelineBottom: top + tl.bottom, mapHeight: map.height});
    }
    return {frameTop: outer.top, frameHeight: outer.height, panes: out,
            viewport: window.innerHeight};
}"""


# Texts of the headline figures' names that are wider than their box (shown cut).
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"] *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 &&
                 getComputedStyle(e).textOverflow === 'ellipsis')
    .map(e => e.textContent)"""


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_the_map_and_its_timeline_fit_the_screen_together(app_url, chromium, size):
    shown = OfflinePage(chromium, viewport=size)
    try:
        page = shown.page
        page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
        map_frame(page)
        page.locator(COMPONENT).evaluate("f => f.scrollIntoView()")
        page.wait_for_timeout(300)
        at = page.evaluate(ON_SCREEN, COMPONENT)
        assert at["frameHeight"] == size[1] - 24
        p = at["panes"][0]
        # Scrolled to, the map and the whole timeline are on the screen at once.
        assert p["mapTop"] >= -1 and p["timelineBottom"] <= size[1] + 1, at
        assert p["mapHeight"] >= size[1] - 24 - 200, at
        # The headline figures' names are whole (Streamlit cuts a long one with an ellipsis).
        assert page.locator("[data-testid='stMetricLabel']").count() == 4
        assert page.evaluate(CUT_LABELS) == []
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_presentation_mode_fits_the_screen_and_esc_leaves_it(app_url, chromium, size):
    shown = OfflinePage(chromium, viewport=size)
    try:
        page = shown.page
        page.goto(app_url + "/?start=2018-07-01&end=2018-07-31&mode=present")
        frame = map_frame(page)
        frame.locator(".iskp-title-box").wait_for()
        leave = page.get_by_role("button", name="Exit presentation mode")
        expect(leave).to_be_visible()
        # Nothing below the fold: the way out, the map and the timeline, without scrolling.
        box = leave.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= size[1]
        at = page.evaluate(ON_SCREEN, COMPONENT)
        p = at["panes"][0]
        assert p["mapTop"] >= 0 and p["timelineBottom"] <= size[1] + 1, at
        assert p["mapHeight"] >= size[1] * 0.55, at
        assert page.evaluate("() => document.scrollingElement.scrollHeight") <= size[1] + 1
        # Full screen is offered (a browser asks for it on the reader's click).
        host = page.frame_locator(COMPONENT)
        expect(host.get_by_role("button", name="Full screen")).to_be_visible()
        # Esc, from the map, leaves presentation mode.
        frame.locator(".folium-map").click(position={"x": 5, "y": 300})
        frame.locator(".folium-map").press("Escape")
        expect(leave).to_have_count(0, timeout=60_000)
        expect(page.locator("[data-testid='stSidebar']")).to_be_visible()
        page.wait_for_function("() => !location.search.includes('mode=present')")
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()


SCROLLER = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"


def test_the_wheel_over_the_map_scrolls_the_page_until_the_map_is_clicked(app_url, chromium):
    shown = OfflinePage(chromium, viewport=(1280, 720))
    try:
        page = shown.page
        page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
        mp = map_page(page)
        fit_made(mp)
        zoom = mp.evaluate("() => ISKP.map.getZoom()")
        box = page.locator(COMPONENT).bounding_box()
        x, y = box["x"] + box["width"] * 0.45, min(box["y"] + 150, 650)
        page.mouse.move(x, y)
        before = page.evaluate(SCROLLER)
        page.mouse.wheel(0, 300)
        page.wait_for_function(f"() => ({SCROLLER})() > {before}")
        assert mp.evaluate("() => ISKP.map.getZoom()") == zoom
        page.wait_for_timeout(600)  # the page's smooth scroll has ended
        # Clicked, the map takes the wheel: it zooms, and the page stays where it is.
        box = page.locator(COMPONENT).bounding_box()
        x, y = box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.4
        page.mouse.click(x, y)
        page.mouse.wheel(0, -300)
        mp.wait_for_function(f"() => ISKP.map.getZoom() > {zoom}")
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()


# Afghanistan's bounds (map_page.assembly.BOUNDS, rounded inwards).
AFGHANISTAN = [[29.5, 60.6], [38.4, 74.8]]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_side_by_side_each_map_fits_its_half(app_url, chromium, size):
    shown = OfflinePage(chromium, viewport=size)
    try:
        page = shown.page
        page.goto(app_url + "/?start=2018-01-01&end=2018-12-31&bstart=2017-01-01"
                            "&bend=2017-12-31&compare=side")
        map_frame(page, 1)
        page.locator(COMPONENT).evaluate("f => f.scrollIntoView()")
        views = []
        for n in (0, 1):
            mp = map_page(page, n)
            fit_made(mp)
            page.wait_for_timeout(300)
            view = mp.evaluate("""(af) => { const m = ISKP.map, b = m.getBounds();
                const nw = m.latLngToContainerPoint([af[1][0], af[0][1]]),
                      se = m.latLngToContainerPoint([af[0][0], af[1][1]]), size = m.getSize();
                return {zoom: m.getZoom(), c: m.getCenter(),
                        has: b.contains(L.latLngBounds(af)),
                        fill: Math.max((se.x - nw.x) / size.x, (se.y - nw.y) / size.y),
                        records: [...document.querySelectorAll(ISKP.DATA)].filter(
                            e => e.getBoundingClientRect().width).length}; }""", AFGHANISTAN)
            # Afghanistan whole, as large as its half allows, not a sliver at zoom 3.
            assert view["has"] and view["zoom"] >= 4 and view["fill"] >= 0.5, (n, view)
            found = mp.evaluate(COVERED, ZERO_COLOUR)
            assert found["covered"] == [], (n, found)
            views.append((view["zoom"], round(view["c"]["lat"], 2), round(view["c"]["lng"], 2)))
        # The same place (to a pixel or so: Leaflet rounds a fractional zoom's centre).
        assert views[0][0] == views[1][0]
        assert abs(views[0][1] - views[1][1]) < 0.1 and abs(views[0][2] - views[1][2]) < 0.1
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()


# What of the change map a box covers: records, and provinces shaded by a change (the light
# grey of "limited change" and the white of "no records" aside), sampled every 4 px.
CHANGE_COVERED = """() => {
    const boxes = [...document.querySelectorAll('.iskp-legend-box, .iskp-title-box,'
                                                + ' .iskp-date-filter')]
        .map(b => b.getBoundingClientRect()).filter(b => b.width);
    const hits = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom &&
                           b.top < a.bottom;
    const shaded = [...document.querySelectorAll('path.iskp-change')].filter(p =>
        !['#ffffff', '#d9d9d9'].includes((p.getAttribute('fill') || '').toLowerCase()));
    const out = [];
    for (const b of boxes) {
        for (const p of shaded) {
            if (!hits(b, p.getBoundingClientRect())) { continue; }
            const m = p.getScreenCTM().inverse();
            for (let x = b.left; x <= b.right; x += 4) {
                for (let y = b.top; y <= b.bottom; y += 4) {
                    if (p.isPointInFill(new DOMPoint(x, y).matrixTransform(m))) {
                        out.push([...p.classList].find(c => c.startsWith('iso-')));
                        x = y = Infinity;
                    }
                }
            }
        }
        out.push(...[...document.querySelectorAll('.iskp-incident, .iskp-incident-province,'
                                                  + ' .iskp-meeting, .marker-cluster')]
            .map(e => e.getBoundingClientRect()).filter(r => r.width && hits(b, r))
            .map(() => 'a record'));
    }
    return out;
}"""


def test_the_change_maps_taller_legend_covers_no_change_nor_record(app_url, chromium,
                                                                   tmp_path):
    """Turned on in the page shown (no refit: the reader's place is kept), the change map's
    legend is taller than the choropleth's; at 1280x720 it still covers no province shaded by
    a change and no record (it moves, or folds to its button). The data: increases in the
    east, where the legend's corner is, and decreases in the south-west."""
    from test_browser_app_geography import COMPARISON, DATA_UPLOADER, settle
    rows = ["id,date_start,date_precision,admin1,category,summary,source,actors"]
    for k, (province, year) in enumerate(
            [(p, 2019) for p in ("Nangarhar", "Kunar", "Khost", "Paktika", "Paktya", "Laghman",
                                 "Nuristan", "Kabul", "Logar", "Kapisa")] +
            [(p, 2018) for p in ("Hirat", "Farah", "Helmand", "Kandahar", "Nimroz")]):
        rows += [f"C{k}-{m},{year}-{m:02d}-10,day,{province},attack,TEST DATA,TEST DATA,ISKP"
                 for m in range(1, 9)]
    data = tmp_path / "change.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    shown = OfflinePage(chromium, viewport=(1280, 720))
    try:
        page = shown.page
        page.goto(app_url + "/?start=2019-01-01&end=2019-12-31")
        map_page(page)
        page.locator(DATA_UPLOADER).set_input_files(str(data))
        page.get_by_text("change.csv: native, 120 rows: 120 accepted").wait_for(timeout=60_000)
        mp = map_page(page)
        settle(page)
        page.frame_locator(COMPARISON).get_by_role(
            "switch", name="Compare with a baseline").click()
        mp.wait_for_function("() => document.querySelectorAll('path.iskp-change').length === 34")
        settle(page)
        mp.wait_for_function("() => document.querySelector('.leaflet-container').dataset"
                             ".labelsPending === '0'")
        fills = mp.evaluate("() => [...document.querySelectorAll('path.iskp-change')]"
                            ".map(p => p.getAttribute('fill'))")
        assert fills.count("#b2182b") >= 10 and fills.count("#2166ac") >= 5  # a real change
        assert mp.evaluate(CHANGE_COVERED) == []
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()
