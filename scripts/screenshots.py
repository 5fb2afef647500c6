"""Retake the README's screenshots (docs/*.png) from the running app, offline.

Starts the app on this machine, opens it in headless Chromium with every request off the
machine blocked, and saves: docs/app.png (July 2018, the month most reports describe),
docs/presentation.png (the same window in presentation mode at 1920x1080), the map and its
timeline (docs/timeline.png), the change map (docs/change.png), two periods side by side
(docs/side_by_side.png), and playback paused in an exported file (docs/playback.png). Then renders the
print layout of that window: docs/slide.png (the PNG slide, 1920x1080) and docs/page.png (the
A4 PDF, rendered back with poppler's pdftoppm), and the district choropleth and place search
of an exported file (docs/districts.png, docs/search.png).

Also the screens of issue 23 (docs/screen_1280.png, docs/screen_1280_map.png,
docs/screen_1920_map.png, docs/presentation_1280.png, docs/side_by_side_1280.png) and the app
in Dari (docs/app_dari_1280.png).

Run: .venv/bin/python scripts/screenshots.py [--print-only | --districts-only | --screens-only]
"""
from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from soak_uploads import app_page, start_app  # noqa: E402

MAP = "iframe[title='ui.map_component.iskp_map']"  # the app's map and its timeline
CHANGE_LAYERS = "provinces,border_regions,change,activity_areas,incidents,places"
# (file, link, viewport, what: "page", "full" or a selector to shoot alone)
SHOTS = [("docs/app.png", "/?start=2018-07-01&end=2018-07-31", (1500, 1250), "full"),
         ("docs/presentation.png", "/?mode=present&start=2018-07-01&end=2018-07-31",
          (1920, 1080), "page"),
         ("docs/timeline.png", "/?start=2018-07-01&end=2019-06-30", (1500, 1250), MAP),
         ("docs/change.png", "/?start=2018-07-01&end=2018-07-31&bstart=2017-07-01"
          f"&bend=2018-06-30&layers={CHANGE_LAYERS}", (1500, 1250), MAP),
         ("docs/side_by_side.png", "/?start=2018-01-01&end=2018-12-31&bstart=2017-01-01"
          "&bend=2017-12-31&compare=side", (1700, 1250), MAP)]
# Every screen (issue 23): what a reader sees of July 2018 on a projector's 1280x720 and a
# 1920x1080 screen, as the page opens ("page") and scrolled to the map ("screen").
SCREENS = [("docs/screen_1280.png", "/?start=2018-07-01&end=2018-07-31", (1280, 720), "page"),
           ("docs/screen_1280_map.png", "/?start=2018-07-01&end=2018-07-31", (1280, 720),
            "screen"),
           ("docs/screen_1920_map.png", "/?start=2018-07-01&end=2018-07-31", (1920, 1080),
            "screen"),
           ("docs/presentation_1280.png", "/?mode=present&start=2018-07-01&end=2018-07-31",
            (1280, 720), "page"),
           ("docs/side_by_side_1280.png", "/?start=2018-01-01&end=2018-12-31&bstart=2017-01-01"
            "&bend=2017-12-31&compare=side", (1280, 720), "screen"),
           ("docs/app_dari_1280.png", "/?start=2018-07-01&end=2018-07-31&lang=fa", (1280, 720),
            "page")]


def playback_shot(browser) -> None:
    """docs/playback.png: an exported file, playback by month paused and stepped to July 2018."""
    import datetime as dt
    import tempfile

    sys.path.insert(0, str(ROOT))
    from geo.activity import builtin_records
    from geo.joins import DateWindow
    from outputs.export import export_html
    from map_page.assembly import MapView

    view = MapView(window=DateWindow.parse("2017-10-01", "2018-09-30"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(export_html(view, builtin_records(), export_date=dt.date.today()),
                        encoding="utf-8")
        page = browser.new_page(viewport={"width": 1500, "height": 950})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        page.goto(path.as_uri())
        page.locator("path.iskp-province").first.wait_for()
        time.sleep(2)
        page.locator(".iskp-tl-step").select_option("month")
        page.locator(".iskp-tl-speed").select_option("250")
        page.locator(".iskp-tl-play").click()
        page.wait_for_function("() => +document.querySelector('.iskp-timeline').dataset"
                               ".frames >= 3")
        page.locator(".iskp-tl-play").click()
        for _ in range(120):  # on, a month at a time, to July 2018
            if page.locator(".iskp-tl-frame").inner_text().startswith("01 Jul 2018"):
                break
            page.locator(".iskp-tl-fwd").click()
        time.sleep(1.5)
        page.screenshot(path=str(ROOT / "docs/playback.png"))
        print("docs/playback.png: 1500x950")
        page.close()


def print_shots() -> None:
    import datetime as dt
    import subprocess
    import tempfile

    sys.path.insert(0, str(ROOT))
    from geo.activity import builtin_records
    from geo.joins import DateWindow
    from map_page.assembly import MapView
    from outputs.print_layout import print_outputs

    view = MapView(window=DateWindow.parse("2018-07-01", "2018-07-31"))
    made = print_outputs(view, builtin_records(), png="1920x1080", pdf="a4",
                         export_date=dt.date.today())
    (ROOT / "docs/slide.png").write_bytes(made["png"])
    print("docs/slide.png: 1920x1080")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "page.pdf"
        pdf.write_bytes(made["pdf"])
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf),
                        str(ROOT / "docs/page")], check=True)
    print("docs/page.png: the A4 PDF at 110 dpi")


def district_shots(browser) -> None:
    """docs/districts.png: an export counting by district (5,000 generated TEST DATA records,
    2019), zoomed on the east with district outlines; docs/search.png: the place search with
    its suggestions for "sayad" and Acheen found and outlined."""
    import datetime as dt
    import tempfile

    sys.path.insert(0, str(ROOT))
    from bench_activity import acled_file
    from geo.importers import import_file
    from geo.joins import DateWindow
    from map_page.assembly import MapView
    from outputs.export import EXPORT_LAYERS, export_html

    records = import_file(acled_file(5_000)).records
    view = MapView(layers=EXPORT_LAYERS + ("districts",), unit="district",
                   window=DateWindow.parse("2019-01-01", "2019-12-31"),
                   subtitle="Generated TEST DATA records, 2019")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(export_html(view, records, export_date=dt.date.today()),
                        encoding="utf-8")
        page = browser.new_page(viewport={"width": 1500, "height": 950})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        page.goto(path.as_uri())
        page.locator("path.iskp-choropleth-district").first.wait_for(state="attached")
        time.sleep(2)
        page.evaluate("() => { ISKP.holdView(); ISKP.map.setView([34.6, 69.9], 8, "
                      "{animate: false}); }")
        time.sleep(2)
        page.screenshot(path=str(ROOT / "docs/districts.png"))
        print("docs/districts.png: 1500x950")
        box = page.get_by_role("combobox", name="Find a province, district, city or border "
                                                "region")
        box.fill("Achin")
        box.press("Enter")
        time.sleep(2)
        box.fill("sayad")
        time.sleep(0.5)
        page.screenshot(path=str(ROOT / "docs/search.png"))
        print("docs/search.png: 1500x950")
        page.close()


def briefing_shots(browser) -> None:
    """docs/deck.png: the example briefing's HTML deck, its third slide (Nangarhar closer)
    live in Chromium, with the slide bar; docs/deck_page.png: its PDF's third page."""
    import datetime as dt
    import subprocess
    import tempfile

    from geo.activity import builtin_records
    from outputs.briefing import read_briefing
    from outputs.deck import export_deck

    made = export_deck(read_briefing(ROOT / "examples" / "nangarhar.briefing.json"),
                       builtin_records(), pdf="a4", html=True, export_date=dt.date.today(),
                       browser=browser)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.html"
        path.write_text(made["html"], encoding="utf-8")
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("file:", "about:")) else r.abort())
        page.goto(path.as_uri() + "#3")
        page.frame_locator("#iskp-deck-slide").locator("path.iskp-choropleth").first \
            .wait_for(state="attached")
        time.sleep(3)
        page.screenshot(path=str(ROOT / "docs/deck.png"))
        print("docs/deck.png: 1366x768")
        page.close()
        pdf = Path(tmp) / "deck.pdf"
        pdf.write_bytes(made["pdf"])
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "3", "-l", "3", "-singlefile",
                        str(pdf), str(ROOT / "docs" / "deck_page")], check=True)
        print("docs/deck_page.png: the A4 PDF's third page at 80 dpi")


def app_shots(browser, url: str, shots) -> None:
    from test_browser_app_geography import map_frame
    for path, query, (w, h), what in shots:
        page = app_page(browser, (w, h))
        page.goto(url + query)
        frame = map_frame(page)
        frame.locator(".iskp-legend-box").wait_for()
        time.sleep(3.5)  # the map settles: fitted, labels placed
        if what in ("page", "full"):
            page.screenshot(path=str(ROOT / path), full_page=what == "full")
        elif what == "screen":  # the reader scrolled to the map: the screen as they see it
            page.locator(MAP).evaluate("f => f.scrollIntoView()")
            time.sleep(1)
            page.screenshot(path=str(ROOT / path))
        else:
            page.locator(what).scroll_into_view_if_needed()
            time.sleep(1)
            page.locator(what).screenshot(path=str(ROOT / path))
        print(f"{path}: {w}x{h}")
        page.close()


def main() -> None:
    if "--print-only" in sys.argv:
        return print_shots()
    for flag, shots in (("--briefing-only", briefing_shots),
                        ("--districts-only", district_shots)):
        if flag in sys.argv:  # these alone, without the app
            from playwright.sync_api import sync_playwright
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=["--no-sandbox"])
                shots(browser)
                browser.close()
            return None
    from playwright.sync_api import sync_playwright
    from test_browser_app_geography import map_frame

    proc, url = start_app()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                         args=["--no-sandbox"])
            app_shots(browser, url, SCREENS)
            if "--screens-only" in sys.argv:
                browser.close()
                return None
            app_shots(browser, url, SHOTS)
            playback_shot(browser)
            district_shots(browser)
            briefing_shots(browser)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print_shots()


if __name__ == "__main__":
    main()
