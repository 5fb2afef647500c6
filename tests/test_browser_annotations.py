"""Annotations in the app (issue 26), in headless Chromium: each kind drawn with the drawing
tools (Leaflet-Geoman), moved, reshaped, deleted, undone and redone; kept in the link, in a saved map and in a
slide; drawn in the exported HTML file and downloaded as GeoJSON; a hostile text stays text."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage
from test_browser_app_geography import map_frame, settle
from test_browser_workspace import save, status

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=window.pwned=1> {{ 7*7 }} =1+1 </textarea>"


def drawn(page) -> list[dict]:
    """The annotations the link holds (what the app kept of the reader's drawing)."""
    got = parse_qs(urlparse(page.url).query).get("annotations")
    return json.loads(got[0])["features"] if got else []


def kinds_become(page, want: list[str]) -> None:
    for _ in range(200):
        if [f["properties"]["kind"] for f in drawn(page)] == want:
            return
        page.wait_for_timeout(100)
    assert [f["properties"]["kind"] for f in drawn(page)] == want


def map_page(page):
    """The Frame of the app's map document (to click in and to ask)."""
    for _ in range(100):
        frames = [f for f in page.frames if f.url == "about:srcdoc"]
        if frames and frames[0].evaluate("() => !!(window.ISKP && ISKP.annotations)"):
            return frames[0]
        page.wait_for_timeout(100)
    raise AssertionError("no map document with annotations")


def tool(frame, title: str):
    return frame.locator(f".leaflet-pm-toolbar [title^='{title}']").first


def clicker(frame):
    """Clicks at a point of the map, given as fractions of its width and height (the map
    scrolled into view first)."""
    area = frame.locator(".folium-map")

    def click(fx, fy):
        b = area.bounding_box()
        area.click(position={"x": b["width"] * fx, "y": b["height"] * fy})
    return click


def test_each_kind_drawn_undone_kept_and_exported(app_url, chromium, offline_page, tmp_path):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31&layers=provinces,activity")
    map_frame(page)
    frame = map_page(page)
    click = clicker(frame)
    # A pin, in blue.
    frame.locator(".iskp-swatch[data-colour='blue']").click()
    tool(frame, "Pin").click()
    click(0.55, 0.45)
    kinds_become(page, ["pin"])
    assert drawn(page)[0]["properties"]["colour"] == "blue"
    # An arrow, large, in vermillion: three points, finished on the last.
    frame.locator(".iskp-swatch[data-colour='vermillion']").click()
    frame.locator(".iskp-note-large").click()
    tool(frame, "Arrow").click()
    click(0.35, 0.35)
    click(0.42, 0.40)
    click(0.50, 0.42)
    frame.locator(".action-finish:visible").click()
    kinds_become(page, ["pin", "arrow"])
    arrow = drawn(page)[1]
    assert arrow["geometry"]["type"] == "LineString" and len(arrow["geometry"]["coordinates"]) == 3
    assert arrow["properties"]["size"] == "large"
    assert frame.locator("path[marker-end='url(#iskp-arrow-vermillion)']").count() == 1
    # A circle: centre, then a point on its edge.
    tool(frame, "Circle").click()
    click(0.30, 0.60)
    click(0.34, 0.60)
    kinds_become(page, ["pin", "arrow", "circle"])
    assert drawn(page)[2]["properties"]["radius"] > 10_000
    # An outline: three corners, closed on the first.
    tool(frame, "Outline").click()
    for p in ((0.60, 0.60), (0.68, 0.60), (0.64, 0.70), (0.60, 0.60)):
        click(*p)
    kinds_become(page, ["pin", "arrow", "circle", "outline"])
    ring = drawn(page)[3]["geometry"]["coordinates"][0]
    assert len(ring) == 4 and ring[0] == ring[-1]
    # A text callout, with a hostile text typed into it.
    tool(frame, "Text callout").click()
    click(0.45, 0.70)
    page.keyboard.type(HOSTILE)
    click(0.9, 0.9)
    kinds_become(page, ["pin", "arrow", "circle", "outline", "text"])
    assert drawn(page)[4]["properties"]["text"] == HOSTILE
    # Delete the pin; undo brings it back, redo takes it again, undo once more.
    tool(frame, "Delete").click()
    pin = frame.locator(".iskp-pin").first
    pin.click()
    kinds_become(page, ["arrow", "circle", "outline", "text"])
    frame.locator(".action-finishMode:visible").click()
    frame.locator(".iskp-note-undo").click()
    kinds_become(page, ["pin", "arrow", "circle", "outline", "text"])
    frame.locator(".iskp-note-redo").click()
    kinds_become(page, ["arrow", "circle", "outline", "text"])
    frame.locator(".iskp-note-undo").click()
    kinds_become(page, ["pin", "arrow", "circle", "outline", "text"])
    assert frame.evaluate("() => !window.pwned && !document.querySelector('img[src=x]')")
    assert frame.locator("textarea.iskp-note-edit").input_value() == HOSTILE

    # Saved, and reopened from the saved map's own link: everything is drawn again.
    save(page, "Drawn on")
    expect(status(page).first).to_contain_text("Saved map 'Drawn on', version 1")
    map_id = parse_qs(urlparse(page.url).query)["map"][0]
    page.goto(f"{app_url}/?map={map_id}")
    map_frame(page)
    frame = map_page(page)
    for _ in range(100):
        if frame.evaluate("() => ISKP.annotations.count()") == 5:
            break
        page.wait_for_timeout(100)
    assert frame.evaluate("() => ISKP.annotations.count()") == 5
    assert frame.locator("textarea.iskp-note-edit").input_value() == HOSTILE
    assert frame.locator("path[marker-end]").count() == 1

    # As GeoJSON: every annotation with its kind, text, colour and size. (The app's run for
    # the reopened map over first: under load the button was not there within 30 s, once in
    # four full runs and in 2 of 5 runs beside a full suite; after the run it always was.)
    settle(page)
    button = page.get_by_role("button", name="Download the annotations (GeoJSON)")
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download() as got:
        button.click()
    fc = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert [f["properties"]["kind"] for f in fc["features"]] == \
        ["pin", "arrow", "circle", "outline", "text"]
    assert fc["features"][4]["properties"]["text"] == HOSTILE
    assert fc["features"][0]["properties"]["stroke"] == "#0072B2"

    # A slide of this view keeps what is drawn, in its own field of the briefing file.
    page.get_by_label("Slide title").fill("Drawn")
    page.get_by_role("button", name="Add this view as a slide").click()
    settle(page)
    with page.expect_download() as got:
        page.get_by_role("button", name="Download the briefing file").click()
    slide = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))["slides"][0]
    assert "annotations" not in slide["view"]
    assert [f["properties"]["text"] for f in slide["annotations"]["features"]][4] == HOSTILE

    # In the exported HTML file: drawn, the text as text.
    page.get_by_role("button", name="Prepare HTML export").click()
    settle(page)
    with page.expect_download() as got:
        page.get_by_role("button", name="Download map (HTML)").click()
    exported = tmp_path / "map.html"
    exported.write_bytes(Path(got.value.path()).read_bytes())
    viewer = OfflinePage(chromium, viewport=(1366, 768))
    try:
        v = viewer.page
        v.goto(exported.as_uri())
        v.locator(".iskp-note-text").first.wait_for(timeout=30_000)
        assert v.locator(".iskp-note-text").first.text_content() == HOSTILE
        assert v.locator(".iskp-pin").count() == 1
        assert v.locator("path[marker-end]").count() == 1
        assert v.evaluate("() => !window.pwned && !document.querySelector('img[src=x]')")
        assert viewer.blocked == [] and viewer.dialogs == []
        # No drawing tools in a file: it shows what was drawn.
        assert v.locator(".leaflet-pm-toolbar").count() == 0
    finally:
        viewer.close()
    assert offline_page.blocked == [] and offline_page.dialogs == []
    assert not [e for e in offline_page.errors if "pwned" in e]


def test_a_click_that_draws_opens_no_province(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31&layers=provinces,activity")
    map_frame(page)
    frame = map_page(page)
    farah = frame.locator("path.iskp-province.iso-AF-FRA")

    def click_farah(down=0.3):
        farah.scroll_into_view_if_needed()
        b = farah.bounding_box()
        page.mouse.click(b["x"] + b["width"] * 0.5, b["y"] + b["height"] * down)

    tool(frame, "Pin").click()
    click_farah()
    kinds_become(page, ["pin"])
    settle(page)
    assert "province=" not in page.url
    # With the tool off, the same click opens the province (the drill-down).
    frame.locator(".action-cancel:visible").click()
    click_farah(0.6)  # (not on the pin)
    page.get_by_text("Showing records for Farah (AF-FRA)").wait_for(timeout=30_000)
    expect(page).to_have_url(re.compile("province=AF-FRA"))
    assert len(drawn(page)) == 1


def drag(page, locator, dx: float, dy: float) -> None:
    """Drags an element of the map by (dx, dy) pixels, as a hand on a mouse does."""
    b = locator.bounding_box()
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + dx * step / 10, y + dy * step / 10)
    page.mouse.up()


def test_an_annotation_moved_and_an_outline_reshaped_are_kept(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "/?start=2018-01-01&end=2018-12-31&layers=provinces,activity")
    map_frame(page)
    frame = map_page(page)
    click = clicker(frame)
    tool(frame, "Pin").click()
    click(0.50, 0.45)
    kinds_become(page, ["pin"])
    frame.locator(".action-cancel:visible").click()
    tool(frame, "Outline").click()
    for p in ((0.60, 0.60), (0.68, 0.60), (0.64, 0.70), (0.60, 0.60)):
        click(*p)
    kinds_become(page, ["pin", "outline"])
    pin_before = drawn(page)[0]["geometry"]["coordinates"]
    ring_before = drawn(page)[1]["geometry"]["coordinates"][0]
    # Move: the pin dragged to the east (a longitude further east, the same kind kept).
    tool(frame, "Move").click()
    drag(page, frame.locator(".iskp-pin").first, 80, 0)
    for _ in range(100):
        if drawn(page)[0]["geometry"]["coordinates"] != pin_before:
            break
        page.wait_for_timeout(100)
    pin_after = drawn(page)[0]["geometry"]["coordinates"]
    assert pin_after[0] > pin_before[0] + 0.5 and abs(pin_after[1] - pin_before[1]) < 0.3
    frame.locator(".action-finishMode:visible").click()
    # Edit: one corner of the outline dragged south; the others stay.
    tool(frame, "Edit").click()
    corners = frame.locator(".marker-icon:not(.marker-icon-middle)")
    corners.first.wait_for()
    drag(page, corners.first, 0, 60)
    for _ in range(100):
        if drawn(page)[1]["geometry"]["coordinates"][0] != ring_before:
            break
        page.wait_for_timeout(100)
    ring_after = drawn(page)[1]["geometry"]["coordinates"][0]
    frame.locator(".action-finishMode:visible").click()
    moved = [i for i, (a, b) in enumerate(zip(ring_before[:-1], ring_after[:-1])) if a != b]
    assert len(moved) == 1 and ring_after[0] == ring_after[-1], (ring_before, ring_after)
    assert ring_after[moved[0]][1] < ring_before[moved[0]][1] - 0.2  # further south
    assert [f["properties"]["kind"] for f in drawn(page)] == ["pin", "outline"]
    # Undo takes the reshaping back.
    frame.locator(".iskp-note-undo").click()
    for _ in range(100):
        if drawn(page)[1]["geometry"]["coordinates"][0] == ring_before:
            break
        page.wait_for_timeout(100)
    assert drawn(page)[1]["geometry"]["coordinates"][0] == ring_before
    assert offline_page.errors == [] and offline_page.blocked == []
