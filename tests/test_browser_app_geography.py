"""The app in a real headless Chromium with every non-local request blocked."""
import pytest

pytestmark = pytest.mark.browser
# The app's map component (ui/map_component.py), and the map page(s) it holds.
COMPONENT = "iframe[title='ui.map_component.iskp_map']"
# The sidebar's data uploader (the page has a briefing file's too).
DATA_UPLOADER = "[data-testid='stSidebar'] [data-testid='stFileUploaderDropzoneInput']"
PANE = "iframe.iskp-pane-map"
# The sidebar's date window and filters (ui/filter_panel.py), and its layer ticks (the same
# component, lower in the sidebar).
PANEL = "iframe[title='ui.filter_panel.iskp_filters'] >> nth=0"
COMPARISON = "iframe[title='ui.filter_panel.iskp_filters'] >> nth=1"
LAYER_TICKS = "iframe[title='ui.filter_panel.iskp_filters'] >> nth=2"
TITLES = "iframe[title='ui.filter_panel.iskp_filters'] >> nth=3"  # in "Titles and basemap"
FRAME = COMPONENT


SETTLED = """() => {
    const frames = document.querySelectorAll(%r).length;
    const stale = document.querySelector('[data-stale="true"]');
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = status && /running/i.test(status.innerText || "");
    if (frames !== 1 || stale || running) { window.__settledSince = null; return false; }
    window.__settledSince = window.__settledSince || Date.now();
    return Date.now() - window.__settledSince > 700;
}""" % FRAME


def settle(page):
    """Wait until the app has finished rerunning: one map, nothing stale, for 0.7 s."""
    page.wait_for_function(SETTLED, polling=100, timeout=60_000)


def pane(page, n=0):
    """The map page in pane ``n`` of the app's map component (two side by side)."""
    return page.frame_locator(COMPONENT).frame_locator(f"{PANE} >> nth={n}")


def panel(page):
    """The sidebar's panel of date window, categories, countries and metric."""
    return page.frame_locator(PANEL)


def layer_tick(page, title):
    """The sidebar's tick of the layer named ``title``."""
    return page.frame_locator(LAYER_TICKS).get_by_label(title, exact=True)


def fit_made(frame):
    """Wait until the map page ``frame`` (a Playwright Frame or a file's Page) has made its
    last fit of the view (map_page.legend.FitBeside): what is measured then stays put."""
    frame.wait_for_function("() => document.querySelector('.folium-map').dataset"
                            ".fitSettled === '1'")


def map_frame(page, n=0):
    """The map page of the app, once the app has settled and Leaflet has drawn the provinces
    into it. A new map document (other layers or filters) replaces the page inside the
    component; a new window does not."""
    page.wait_for_selector(COMPONENT, timeout=60_000)
    settle(page)
    frame = pane(page, n)
    frame.locator("path.iskp-province").first.wait_for(timeout=60_000)
    return frame


def upload_and_open_popup(page, path, said: str):
    """Upload ``path`` in the sidebar, wait for the report that says ``said``, and open the
    popup of the one incident marker the window holds; the popup's locator and the frame."""
    page.locator(DATA_UPLOADER).set_input_files(str(path))
    page.get_by_text(said).wait_for(timeout=30_000)
    frame = map_frame(page)
    marker = frame.locator("path.iskp-incident")
    marker.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    marker.click(force=True)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    return popup, frame


def map_page(page, n=0):
    """The same map page as a Playwright Frame (for evaluate and wait_for_function)."""
    map_frame(page, n)
    return [f for f in page.frames if f.url == "about:srcdoc"][n]


def test_app_draws_34_provinces_offline(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url)
    frame = map_frame(page)
    assert frame.locator("path.iskp-province").count() == 34
    isos = frame.locator("path.iskp-province").evaluate_all(
        "ps => ps.map(p => [...p.classList].find(c => c.startsWith('iso-')))")
    assert len(set(isos)) == 34 and "iso-AF-NAN" in isos
    ds = frame.locator("path.iskp-province").evaluate_all("ps => ps.map(p => p.getAttribute('d'))")
    assert all(d and len(d) > 20 for d in ds)
    labels = frame.locator(".province-label")
    assert labels.count() == 34
    # Once the view is fitted (it is refitted for 1.5 s while the page lays out) and the
    # labels placed, Nangarhar, which has records, is named.
    page.wait_for_timeout(1800)
    frame.locator(".leaflet-container[data-labels-pending='0']").wait_for()
    assert "Nangarhar" in labels.all_inner_texts()
    assert offline_page.blocked == []
    assert offline_page.errors == []
