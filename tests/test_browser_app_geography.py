"""The app in a real headless Chromium with every non-local request blocked."""
import pytest

pytestmark = pytest.mark.browser


def map_frame(page):
    """The streamlit-folium iframe, once Leaflet has drawn into it."""
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=60_000)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    frame.locator(".leaflet-overlay-pane path").first.wait_for(timeout=60_000)
    return frame


def test_app_draws_34_provinces_offline(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url)
    frame = map_frame(page)
    labels = frame.locator(".province-label")
    labels.first.wait_for()
    assert labels.count() == 34
    assert "Nangarhar" in labels.all_inner_texts()
    # Hide the border regions in the layer control: 34 province shapes remain.
    frame.get_by_text("Border regions", exact=True).click()
    frame.locator(".leaflet-overlay-pane path").nth(33).wait_for()
    page.wait_for_timeout(300)
    paths = frame.locator(".leaflet-overlay-pane path")
    assert paths.count() == 34
    assert all(d and len(d) > 20 for d in paths.evaluate_all("ps => ps.map(p => p.getAttribute('d'))"))
    assert offline_page.blocked == []
