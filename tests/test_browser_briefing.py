"""Making a briefing in the app (issue 26), in headless Chromium: three views added as slides,
reordered, one deleted and brought back, one opened again; the briefing file downloaded and
read back; the deck made with its progress bar, and its HTML stepped with the keys; the briefing
kept in the workspace, a new version of it, and opened again after a reload; a hostile slide
title stays text."""
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
    """Adds the view as a slide, as a reader does: one more slide in the list. A click on the
    form's button was lost in three full-suite runs on this machine (two of them under extra
    load; 2 slides of 3), and a reader who sees no new slide presses again: so does this,
    once, and no more."""
    before = len(slide_lines(page))
    for attempt in range(2):
        page.get_by_label("Slide title").fill(title)
        if notes:
            page.get_by_label("Speaker notes").first.fill(notes)
        page.get_by_role("button", name="Add this view as a slide").click()
        settle(page)
        for _ in range(100):
            if len(slide_lines(page)) > before:
                break
            page.wait_for_timeout(100)
        if len(slide_lines(page)) > before:
            break
    assert len(slide_lines(page)) == before + 1


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
    assert slide_lines(page) == ["1. Year 2018 · 01 Jan 2018 – 31 Dec 2018",
                                 "2. Year 2017 · 01 Jan 2017 – 31 Dec 2017",
                                 f"3. {HOSTILE} · 01 Jan 2019 – 31 Dec 2019"]
    # Reorder: the first one down.
    page.locator(".st-key-slide_down_0 button").first.click()
    titles_become(page, ["1. Year 2017", "2. Year 2018", f"3. {HOSTILE}"])
    # Delete the second, and bring it back.
    page.locator(".st-key-slide_delete_1 button").first.click()
    titles_become(page, ["1. Year 2017", f"2. {HOSTILE}"])
    page.get_by_role("button", name="Undo: bring back 'Year 2018'").click()
    titles_become(page, ["1. Year 2017", "2. Year 2018", f"3. {HOSTILE}"])
    # The briefing file, read back: the slides in order, their views and notes. (The run
    # that drew the list may still be writing the page: its button is clicked once it ends.)
    settle(page)
    with page.expect_download(timeout=60_000) as got:
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
    settle(page)
    with page.expect_download(timeout=60_000) as got:
        html_button.click()
    deck = tmp_path / "deck.html"
    deck.write_bytes(Path(got.value.path()).read_bytes())
    with page.expect_download(timeout=60_000) as got:
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
    # Kept in the workspace: a first version, a change kept as version 2, and the briefing
    # opened again in a new session (a reload), its slides in order.
    page.get_by_role("button", name="Keep in the workspace").click()
    expect(page.get_by_text(re.compile(r"^Saved briefing 'Briefing', version 1,"))) \
        .to_be_visible(timeout=30_000)
    page.locator(".st-key-slide_delete_0 button").first.click()
    titles_become(page, ["1. Year 2018", f"2. {HOSTILE}"])
    expect(page.get_by_text(re.compile(r"version 1, .* · unsaved changes$"))).to_be_visible()
    page.get_by_role("button", name="Keep (version 2)").click()
    expect(page.get_by_text(re.compile(r"^Saved briefing 'Briefing', version 2,"))) \
        .to_be_visible(timeout=30_000)
    page.goto(app_url + "/")
    map_frame(page)
    assert slide_lines(page) == []
    expect(page.get_by_label("Briefings kept in the workspace")).to_be_visible()
    page.locator(".st-key-open_kept_briefing button").click()
    titles_become(page, ["1. Year 2018", f"2. {HOSTILE}"])
    assert page.evaluate("() => window.pwned === undefined")
    assert offline_page.errors == [] and offline_page.blocked == []


PRESENT = "iframe[title='ui.present.iskp_present']"


def test_presenting_a_briefing_from_the_app(app_url, offline_page):
    """Present: the deck fills the window, steps with the keys, goes full screen with F, shows
    the speaker notes in a window of their own with N, and Esc comes back to the app with
    the briefing as it was; each slide's map is live (a record's popup opens)."""
    page = offline_page.page
    # A laptop's screen: the slide's own boxes (title, date window, legend) stand beside its
    # records, not over them (issue 23, item 2).
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31")
    map_frame(page)
    add_slide(page, "Year 2018", "Say: 2018 first")
    choose_year(page, "2017")
    add_slide(page, "Year 2017", "Then 2017")
    choose_year(page, "2019")
    add_slide(page, HOSTILE, HOSTILE)
    page.get_by_label("Briefing title").fill("East")
    page.get_by_label("Briefing title").press("Enter")
    settle(page)
    page.locator(".st-key-present_briefing button").first.click()
    deck = page.frame_locator(PRESENT).frame_locator("#deck")
    counter = deck.locator("#iskp-deck-count")
    expect(counter).to_have_text("1 / 3", timeout=120_000)
    # It fills the window: nothing of the app around it.
    box = page.locator(PRESENT).bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 1280, 720)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    # The map is live: a record's popup opens.
    slide = deck.frame_locator("#iskp-deck-slide")
    rings = "path.iskp-incident, path.iskp-incident-province, path.iskp-incident-district"
    slide.locator(rings).first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(500)  # (the slide's page places its labels)
    # A record's ring that nothing on the slide covers, clicked as a reader would.
    # (A ring of a record known only to its province or district takes the pointer on its
    # line, not inside: there the click is the province's.)
    picked = slide.locator("body").evaluate("""(body, rings) => {
        for (const el of document.querySelectorAll(rings)) {
            const r = el.getBoundingClientRect();
            const cx = r.x + r.width / 2, cy = r.y + r.height / 2;
            for (let a = 270; a < 630; a += 15) {
                const x = cx + Math.cos(a * Math.PI / 180) * r.width / 2,
                      y = cy + Math.sin(a * Math.PI / 180) * r.height / 2;
                if (document.elementFromPoint(x, y) === el) {
                    el.setAttribute('data-picked', '1'); return [x - r.x, y - r.y];
                }
            }
        }
        return null; }""", rings)
    assert picked, "every record's marker on the first slide is covered"
    marker = slide.locator("path[data-picked]")
    marker.click(force=True, position={"x": picked[0], "y": picked[1]})
    popup = slide.locator(".leaflet-popup-content")
    expect(popup.first).to_be_visible()
    # Keys step (from the deck's bar and from inside the map alike).
    deck.locator("#iskp-deck-title").click()
    for key, want in (("PageDown", "2 / 3"), ("ArrowRight", "3 / 3"), ("PageUp", "2 / 3")):
        page.keyboard.press(key)
        expect(counter).to_have_text(want)
    # The speaker notes in their own window, following the slides.
    with page.expect_popup() as opened:
        page.keyboard.press("n")
    notes = opened.value
    expect(notes.locator("#iskp-notes-text")).to_have_text("Then 2017")
    page.bring_to_front()
    deck.locator("#iskp-deck-title").click()
    page.keyboard.press("PageDown")
    expect(counter).to_have_text("3 / 3")
    expect(notes.locator("#iskp-notes-title")).to_have_text(HOSTILE)
    expect(notes.locator("#iskp-notes-text")).to_have_text(HOSTILE)
    assert notes.evaluate("() => !window.pwned && !document.querySelector('img')")
    # F: full screen; Esc leaves, back to the app, the briefing as it was.
    page.keyboard.press("f")
    deck.locator("body[data-full='yes']").wait_for(state="attached", timeout=10_000)
    page.keyboard.press("Escape")
    page.locator(PRESENT).wait_for(state="detached", timeout=60_000)
    map_frame(page)
    titles_become(page, ["1. Year 2018", "2. Year 2017", f"3. {HOSTILE}"])
    expect(page.get_by_label("Briefing title")).to_have_value("East")
    assert page.evaluate("() => window.pwned === undefined")
    assert offline_page.errors == [] and offline_page.blocked == []
