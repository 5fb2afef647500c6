"""Every screen (issue 23, item 2): in an exported map, normal and in presentation mode, at
1920x1080, 1366x768 and 1280x720, no box on the map (title, date window, sources, legend,
controls) covers a drawn record, a shaded province or an activity area. Measured in headless
Chromium as a reader meets it: the element on top at points of each record and each outline
is the data, not a box."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import OfflinePage
from geo.activity import builtin_records
from geo.joins import DateWindow
from map_page.assembly import MapView
from map_runtime.style import ZERO_COLOUR
from outputs.interactive import export_html

pytestmark = pytest.mark.browser
SIZES = [(1920, 1080), (1366, 768), (1280, 720)]

# Points of each datum in sight, and what is on top there when it is under a box.
COVERED = """(zero) => {
    const map = document.querySelector('.folium-map'), frame = map.getBoundingClientRect();
    const inside = (x, y) => x > frame.left + 1 && x < frame.right - 1 &&
                             y > frame.top + 1 && y < frame.bottom - 1;
    const data = [...map.querySelectorAll(ISKP.DATA)]
        .filter(el => el.getBoundingClientRect().width)
        .map(el => ['record', el]);
    for (const p of map.querySelectorAll('path.iskp-choropleth')) {
        if (p.getAttribute('fill') !== zero) data.push(['shaded province', p]);
    }
    for (const p of map.querySelectorAll('path.iskp-area-core, path.iskp-area-possible')) {
        data.push(['activity area', p]);
    }
    const covered = [], seen = {record: 0, 'shaded province': 0, 'activity area': 0};
    for (const [kind, el] of data) {
        const points = [];
        if (el instanceof SVGPathElement && kind !== 'record') {
            const m = el.getScreenCTM(), n = el.getTotalLength();
            for (let i = 0; i < 80; i++) {
                const q = el.getPointAtLength(n * i / 80);
                points.push([q.x * m.a + m.e, q.y * m.d + m.f]);
            }
        } else {
            const r = el.getBoundingClientRect();
            points.push([r.left + r.width / 2, r.top + r.height / 2]);
        }
        for (const [x, y] of points) {
            if (!inside(x, y)) continue;
            seen[kind] += 1;
            const top = document.elementFromPoint(x, y);
            const box = top && top.closest('.leaflet-control');
            if (box) { covered.push(kind + ' under ' + box.className); break; }
        }
    }
    return {covered, seen};
}"""


@pytest.fixture(scope="module", params=["normal", "presentation", "presentation-dari"])
def exported(request, tmp_path_factory):
    # Dari: its words run longer, and the page reads right to left (issue 23, items 2, 12).
    view = MapView(window=DateWindow.parse("2018-07-01", "2018-07-31"),
                   presentation=request.param.startswith("presentation"),
                   label_lang="fa" if request.param.endswith("dari") else "en")
    path = tmp_path_factory.mktemp("fit") / f"{request.param}.html"
    path.write_text(export_html(view, builtin_records(), export_date=dt.date(2026, 12, 5)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_box_covers_a_record_a_shaded_province_or_an_area(exported, chromium, size):
    shown = OfflinePage(chromium, viewport=size)
    try:
        page = shown.page
        page.goto(exported.as_uri())
        page.locator(".folium-map[data-fit-settled='1']").wait_for(state="attached")
        page.wait_for_function("() => document.querySelector('.folium-map')"
                               ".dataset.labelsPending === '0'")
        found = page.evaluate(COVERED, ZERO_COLOUR)
        # The July 2018 window has records, Sar-e Pul shaded and four areas: all are in sight.
        assert all(found["seen"].values()), found["seen"]
        assert found["covered"] == []
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()
