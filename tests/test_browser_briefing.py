"""Making a briefing in the app (issue 26), in headless Chromium: three views added as slides,
reordered, one deleted and brought back, one opened again; the briefing file downloaded and
read back; the deck made with its progress bar, and its HTML stepped with the keys; a hostile
slide title stays text."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage
from test_browser_app_geography import map_frame, panel, settle

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=window.pwned=1> {{ 7*7 }} **bold** =1+1"


def add_slide(page, title: str, notes: str = "") -> None:
    page.get_by_label("Slide title").fill(title)
    if notes:
        page.get_by_label("Speaker notes").first.fill(notes)
    page.get_by_role("button", name="Add this view as a slide").click()
    settle(page)


def slide_lines(page) -> list[str]:
    return [t for t in page.locator(".iskp-plain-caption").all_inner_texts()
            if re.match(r"\d+\. ", t)]


def titles_become(page, want: list[str]) -> None:
    """Waits until the slide list shows these titles, in this order."""
    for _ in range(300):
        if [line.split(" · ")[0] for line in slide_lines(page)] == want:
            return
        page.wait_for_timeout(100)
    assert [line.split(" · ")[0] for line in slide_lines(page)] == want


def choose_year(page, year: str) -> None:
    panel(page).get_by_label("Window preset").select_option(year)
    page.wait_for_function(f"() => location.search.includes('start={year}-01-01')")
    settle(page)


def test_a_briefing_made_in_the_app(app_url, chromium, offline_page, tmp_path):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31")
    map_frame(page)
    add_slide(page, "Year 2018", "first notes")
    choose_year(page, "2017")
    add_slide(page, "Year 2017")
    choose_year(page, "2019")
    add_slide(page, HOSTILE)
    titles_become(page, ["1. Year 2018", "2. Year 2017", f"3. {HOSTILE}"])
    assert slide_lines(page) == ["1. Year 2018 · 2018-01-01 – 2018-12-31",
                                 "2. Year 2017 · 2017-01-01 – 2017-12-31",
                                 f"3. {HOSTILE} · 2019-01-01 – 2019-12-31"]
    # Reorder: the first one down.
    page.locator(".st-key-slide_down_0 button").first.click()
    titles_become(page, ["1. Year 2017", "2. Year 2018", f"3. {HOSTILE}"])
    # Delete the second, and bring it back.
    page.locator(".st-key-slide_delete_1 button").first.click()
    titles_become(page, ["1. Year 2017", f"2. {HOSTILE}"])
    page.get_by_role("button", name="Undo: bring back 'Year 2018'").click()
    titles_become(page, ["1. Year 2017", "2. Year 2018", f"3. {HOSTILE}"])
    # The briefing file, read back: the slides in order, their views and notes.
    with page.expect_download() as got:
        page.get_by_role("button", name="Download the briefing file").click()
    kept = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert kept["format"] == "iskp-briefing"
    assert [(s["title"], s["view"]["start"]) for s in kept["slides"]] == [
        ("Year 2017", "2017-01-01"), ("Year 2018", "2018-01-01"), (HOSTILE, "2019-01-01")]
    assert kept["slides"][1]["notes"] == "first notes"
    # Open a slide: the page shows its view again.
    page.locator(".st-key-slide_open_1 button").first.click()
    page.wait_for_function("() => location.search.includes('start=2018-01-01')")
    map_frame(page)
    assert len(slide_lines(page)) == 3  # the briefing stays
    # The deck, in one go, with its progress bar.
    page.get_by_role("button", name="Make the deck (PowerPoint, PDF, HTML)").click()
    html_button = page.get_by_role("button", name="Download the deck (HTML)")
    html_button.wait_for(timeout=180_000)
    with page.expect_download() as got:
        html_button.click()
    deck = tmp_path / "deck.html"
    deck.write_bytes(Path(got.value.path()).read_bytes())
    with page.expect_download() as got:
        page.get_by_role("button", name="Download the deck (PowerPoint)").click()
    from pptx import Presentation
    shown = Presentation(got.value.path())
    assert [s.shapes.title.text_frame.text for s in shown.slides] == \
        ["Year 2017", "Year 2018", HOSTILE]
    viewer = OfflinePage(chromium, viewport=(1366, 768))
    try:
        v = viewer.page
        v.goto(deck.as_uri())
        expect(v.locator("#iskp-deck-count")).to_have_text("1 / 3")
        v.keyboard.press("End")
        expect(v.locator("#iskp-deck-title")).to_have_text(HOSTILE)
        v.frame_locator("#iskp-deck-slide").locator("path.iskp-choropleth").first \
            .wait_for(state="attached")
        assert v.evaluate("() => window.pwned === undefined")
        assert viewer.blocked == [] and viewer.errors == []
    finally:
        viewer.close()
    assert offline_page.errors == [] and offline_page.blocked == []
