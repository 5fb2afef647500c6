"""A Dari map as its reader meets it (issue 23, item 12), in headless Chromium at 1920x1080,
1366x768 and 1280x720: the page reads right to left, and none of the product's own English
phrases shows anywhere, in the boxes, the timeline, the names a screen reader hears, a
record's popup, an area's popup or a province's tooltip. The data's words (places, actors,
a report's text) are left out of the check: they stay as given."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import OfflinePage
from geo.activity import builtin_records
from geo.joins import DateWindow
from geo.words import catalogue
from map_page.assembly import MapView
from outputs.interactive import export_html

pytestmark = pytest.mark.browser
SIZES = [(1920, 1080), (1366, 768), (1280, 720)]

# Where the data's own words are shown: names of places and actors, a report's words, and
# the rule that attributed a record (kept with the record, in English, in every download).
DATA = (".iskp-label, .iskp-actor, .iskp-popup-summary, .iskp-popup td, .iskp-tip td, "
        ".iskp-area-name, .iskp-area-words, .iskp-area-rule, .iskp-sources ol, "
        ".leaflet-control-attribution, .iskp-popup-notes, .iskp-popup-flag, "
        ".iskp-popup-rule")
PRODUCT_TEXT = """(data) => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const n = walker.currentNode;
        if (n.parentElement.closest(data) || n.parentElement.closest('script, style')) continue;
        if (n.textContent.trim()) out.push(n.textContent);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
        if (el.closest(data)) continue;
        for (const a of ['title', 'aria-label', 'placeholder']) {
            if (el.getAttribute(a)) out.push(el.getAttribute(a));
        }
    }
    return out;
}"""


def english_fragments() -> list[str]:
    """The fixed parts of each translated phrase (placeholders cut out), long enough that a
    place's or an actor's name cannot hold one by chance."""
    parts = set()
    # A place's name is the data's too (an area is named "eastern ... Afghanistan ...").
    for english in set(catalogue("fa")) - {"Afghanistan"}:
        for part in re.split(r"\{\w*\}", english):
            if len(part.strip(" .,:;()+")) >= 8:
                parts.add(part.strip())
    return sorted(parts)


@pytest.fixture(scope="module")
def dari_export(tmp_path_factory):
    path = tmp_path_factory.mktemp("dari") / "fa.html"
    view = MapView(label_lang="fa", window=DateWindow.parse("2018-07-01", "2018-07-31"))
    path.write_text(export_html(view, builtin_records(), export_date=dt.date(2026, 12, 5)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_dari_map_shows_none_of_the_products_english(dari_export, chromium, size):
    shown = OfflinePage(chromium, viewport=size)
    try:
        page = shown.page
        page.goto(dari_export.as_uri())
        page.locator(".folium-map[data-fit-settled='1']").wait_for(state="attached")
        # A text that names an object's own property is a text, not a phrase looked up.
        assert page.evaluate("['constructor', '__proto__', 'toString', 'Incidents']"
                             ".map(t => ISKP.say(t))") == \
            ["constructor", "__proto__", "toString", "رویدادها"]
        assert page.evaluate("[document.documentElement.lang, document.dir, "
                             "getComputedStyle(document.querySelector('.iskp-legend')).direction]"
                             ) == ["fa", "rtl", "rtl"]
        # A record's popup, an area's popup and a province's tooltip, opened as a reader does.
        page.evaluate("""() => {
            const opened = [];
            for (const id of ['incidents', 'activity_areas']) {
                ISKP.layerGroups[id].group.eachLayer(function visit(l) {
                    if (l.eachLayer) { l.eachLayer(visit); return; }
                    if (opened.indexOf(id) < 0 && l.getPopup && l.getPopup()) {
                        l.openPopup(l.getLatLng ? l.getLatLng() : l.getBounds().getCenter());
                        opened.push(id);
                    }
                });
            }
        }""")
        popups = page.locator(".leaflet-popup-content")
        assert popups.count() >= 1
        texts = page.evaluate(PRODUCT_TEXT, DATA)
        page.evaluate("""() => ISKP.layers.provinces.eachLayer(l => {
            if (l.feature.properties.iso === 'AF-NAN') { l.openTooltip(l.getBounds().getCenter()); }
        })""")
        tip = page.locator(".leaflet-tooltip", has=page.locator("th")).first
        tip.wait_for()
        # Named as on its label, in Dari; "ISO 3166-2" is a standard's name.
        assert tip.locator("th").first.inner_text() == "ولایت"
        assert re.fullmatch("[\u0600-\u06ff\u200c ]+", tip.locator("td").first.inner_text())
        texts += page.evaluate(PRODUCT_TEXT, DATA)
        joined = "\n".join(texts)
        assert "رویدادها" in joined and "بازهٔ زمانی" in joined  # the legend, the date box
        left = sorted({f for f in english_fragments() if f in joined})
        assert left == []
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()


def test_the_apps_dari_map_page_names_its_drawing_tools_in_dari(chromium, tmp_path):
    """The app's own map page (map_page.live_map), drawing tools and all, with its assets put
    inline as an export's are (the app serves them from /app/static)."""
    from map_page.live_map import map_document
    from map_runtime.assets import inline_assets
    records = builtin_records()
    view = MapView(label_lang="fa", layer_control=False, annotations_in_page=True,
                   window=DateWindow.parse("2018-07-01", "2018-07-31"))
    path = tmp_path / "app_fa.html"
    path.write_text(inline_assets(map_document(view, records, (records["date_start"].min(),
                                                                records["date_end"].max()))),
                    encoding="utf-8")
    shown = OfflinePage(chromium, viewport=(1366, 768))
    try:
        page = shown.page
        page.goto(path.as_uri())
        page.locator(".leaflet-pm-toolbar").first.wait_for()
        assert page.evaluate("document.dir") == "rtl"
        titles = page.evaluate("[...document.querySelectorAll('.leaflet-pm-toolbar [title], "
                               ".iskp-note-tools [title]')].map(e => e.title)")
        assert "سنجاق" in titles and "رسم با رنگ شنگرفی" in titles and "واگرد (Ctrl+Z)" in titles
        joined = "\n".join(page.evaluate(PRODUCT_TEXT, DATA))
        assert sorted({f for f in english_fragments() if f in joined}) == []
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()


# Tables hold the records' words (their headings: tests/test_records_table.py); Streamlit's own
# toolbars and uploader speak Streamlit's language.
APP_DATA = (", [data-testid='stDataFrame'], [data-testid='stElementToolbar'], "
            "[data-testid='stFileUploaderDropzone']")


def component_texts(page) -> list[str]:
    """The product's words on the app's page and in its components' frames (the sidebar's
    panels, the map's host; the map page itself is checked above, as an export)."""
    texts = page.evaluate(PRODUCT_TEXT, DATA + APP_DATA)
    for frame in page.frames:
        if frame != page.main_frame and frame.url != "about:srcdoc":
            texts += frame.evaluate(PRODUCT_TEXT, DATA + APP_DATA)
    return texts


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_app_in_dari_speaks_dari_right_to_left(app_url, offline_page, size):
    """The app's own controls and texts around the map, in Dari from the link (lang=fa):
    the sidebar (its panels too), the headline figures, the captions, the sections below;
    the page and its panels read right to left."""
    from test_browser_app_geography import COMPARISON, PANEL, map_page, settle
    page = offline_page.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31&lang=fa")
    map_page(page)
    settle(page)
    # The comparison's fields too (they show once it is on).
    page.frame_locator(COMPARISON).get_by_role("switch").click()
    page.wait_for_function("() => location.search.includes('bstart=')")
    settle(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.stApp')).direction") == \
        "rtl"
    panel = page.frame_locator(PANEL).locator("html")
    assert (panel.get_attribute("lang"), panel.get_attribute("dir")) == ("fa", "rtl")
    # Dates as the map writes them in Dari; the panel reads Dari month names back.
    assert page.frame_locator(PANEL).locator(".from").input_value() == "01 جولای 2018"
    texts = component_texts(page)
    joined = "\n".join(texts)
    for said in ("بازهٔ زمانی و فیلترها", "لایه‌ها", "رویدادها", "ادعاهای ساحوی",
                 "مقایسه با دورهٔ مبنا", "دورهٔ مبنا از", "صادر کردن", "فضای کاری"):
        assert said in joined, said
    left = sorted({f for f in english_fragments() if f in joined})
    assert left == [], sorted({t[:80] for t in texts if any(f in t for f in left)})
    # The headline figures' names are whole in Dari too.
    from test_browser_screens import CUT_LABELS
    assert page.locator("[data-testid='stMetricLabel']").count() == 4
    assert page.evaluate(CUT_LABELS) == []
    assert offline_page.blocked == [] and offline_page.errors == []
