"""Labels never collide: the visible label boxes of an exported map, measured in Chromium, at
the default view in normal and presentation mode, at 1920x1080 and 1280x720."""
import datetime as dt

import pytest

from geo.activity import builtin_records
from geo.joins import DateWindow
from layers.export import export_html
from layers.map import MapView

pytestmark = pytest.mark.browser

BOXES = """() => [...document.querySelectorAll('.iskp-label')]
    .filter(e => getComputedStyle(e).visibility !== 'hidden')
    .map(e => { const r = e.getBoundingClientRect();
                return [e.textContent, r.left, r.top, r.right, r.bottom]; })
    .filter(b => b[3] > b[1])"""


@pytest.fixture(scope="module", params=[False, True], ids=["normal", "presentation"])
def exported(request, tmp_path_factory):
    view = MapView(window=DateWindow.parse("2018-07-01", "2018-07-31"),
                   presentation=request.param)
    path = tmp_path_factory.mktemp("labels") / "map.html"
    path.write_text(export_html(view, builtin_records(), export_date=dt.date(2026, 11, 23)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_no_two_visible_labels_overlap(chromium, exported, size):
    ctx = chromium.new_context(viewport={"width": size[0], "height": size[1]})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
              else r.abort())
    page = ctx.new_page()
    try:
        page.goto(exported.as_uri())
        # Settled: placement has run, none is pending, and none follows within a second.
        settled = ("() => { const d = document.querySelector('.leaflet-container').dataset;"
                   " return +(d.labelsPlaced || 0) >= 1 && d.labelsPending === '0'; }")
        page.wait_for_function(settled, timeout=30_000)
        page.wait_for_timeout(1000)
        page.wait_for_function(settled, timeout=30_000)
        boxes = page.evaluate(BOXES)
        names = {b[0] for b in boxes}
        # Orientation: the capital, the big towns and the neighbours are named.
        assert {"Kabul", "Kandahar", "Herat"} <= names, names
        assert {"IRAN", "TURKMENISTAN", "UZBEKISTAN"} & names
        assert sum(1 for b in boxes if b[0] in {"Nangarhar", "Kunar", "Helmand", "Farah"}) >= 3
        overlaps = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                    if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and
                    a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5]
        assert overlaps == []
    finally:
        ctx.close()
