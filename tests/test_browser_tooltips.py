"""A tooltip's count names the period it is of: the window shown, in the app's map page and
in presentation mode, after the window changes in place (issue 23, item 5); and presentation
mode without the map library's credit line."""
import pytest

from test_browser_app_geography import map_page

pytestmark = pytest.mark.browser
TOOLTIP = """(iso) => {
    let text = null;
    for (const name of ["provinces", "border_regions"]) {
        ISKP.layers[name].eachLayer(l => {
            if (l.feature.properties.iso === iso) {
                l.openTooltip(l.getBounds().getCenter());
                text = l.getTooltip().getElement().textContent;
                l.closeTooltip();
            }
        });
    }
    return text;
}"""


SIZES = [(1920, 1080), (1366, 768), (1280, 720)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("mode", ["", "&mode=present"])
def test_tooltips_name_the_window_shown(app_url, offline_page, mode, size):
    page = offline_page.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31" + mode)
    mp = map_page(page)
    mp.wait_for_function("() => ISKP.window && ISKP.window.s > 0")
    nangarhar = mp.evaluate(TOOLTIP, "AF-NAN")
    assert "Records (01 Jul 2018 – 31 Jul 2018)" in nangarhar
    assert "01 Sep 2014" not in nangarhar
    khyber = mp.evaluate(TOOLTIP, "PK-KP")
    assert "Records (01 Jul 2018 – 31 Jul 2018)" in khyber
    # A window chosen on the map's timeline is applied in the same page: the label follows.
    mp.evaluate("() => ISKP.applyWindow(ISKP.toDay('2019-01-01'), ISKP.toDay('2019-12-31'))")
    assert "Records (01 Jan 2019 – 31 Dec 2019)" in mp.evaluate(TOOLTIP, "AF-NAN")
    # Presentation mode carries no "Leaflet" credit line in front of the audience (item 13).
    credits = mp.evaluate("() => document.querySelectorAll('.leaflet-control-attribution')"
                          ".length")
    assert credits == (0 if mode else 1)
    assert offline_page.errors == []
