"""Benchmark what a reader feels in Chromium: a window change in an exported map, from the
change to the redrawn map (two animation frames later), and playback frames per second.

Exports: the built-in data, 20,000 records (the most kept with their texts, as JSON objects)
and 250,000 generated ACLED-like records (typed-array columns). Each figure is the median of
15 window changes across the data's span. Only this machine is used (file://).

The app: a window preset chosen in the sidebar's panel, and a category filter set there, from
the change to the map page redrawn in place (no new map), on the built-in data and with
100,000 and 250,000 uploaded records; the median of 7 (and 6) changes. Also the time until
the whole page (charts, tables) has settled, a window chosen on the map's own timeline,
playback in the app's map page, and the change map once a baseline is switched on.

Run: .venv/bin/python bench/bench_browser.py   (needs Debian's chromium)
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CHANGE = """async ([a, b]) => {
    const t = performance.now();
    ISKP.applyWindow(a, b);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t; }"""


def window_changes(page) -> list[float]:
    lo, hi = page.evaluate("[ISKP.windowRange.lo, ISKP.windowRange.hi]")
    span = hi - lo
    out = []
    for k in range(16):
        a = lo + span * (k % 8) // 10
        out.append(page.evaluate(CHANGE, [a, min(hi, a + span // 5)]))
    return out[1:]  # the first warms the page


def playback_fps(page) -> float:
    page.locator(".iskp-tl-step").select_option("month")
    page.locator(".iskp-tl-speed").select_option("80")
    page.evaluate("document.querySelector('.iskp-timeline').dataset.frames = '0'")
    # A click event rather than a pointer's: in the app the button can sit below the viewport
    # of the nested frames, and what is timed is the frames, not the click.
    page.locator(".iskp-tl-play").dispatch_event("click")
    page.wait_for_timeout(3000)
    frames = int(page.locator(".iskp-timeline").get_attribute("data-frames") or 0)
    page.locator(".iskp-tl-play").dispatch_event("click")
    return frames / 3.0


def main() -> None:
    from bench_activity import acled_file
    from geo.activity import builtin_records
    from geo.importers import import_file
    from geo.records import concat_records
    from outputs.chromium import offline_browser, open_map
    from outputs.export import export_html
    from map_page.assembly import MapView

    day = dt.date(2026, 1, 1)
    generated = import_file(acled_file(250_000)).records
    sets = {"built-in (34 records)": builtin_records(),
            "20,000 records": concat_records([builtin_records(),
                                              generated.head(20_000 - len(builtin_records()))]),
            "250,000 records": concat_records([builtin_records(), generated])}
    with tempfile.TemporaryDirectory() as tmp, offline_browser() as browser:
        for name, records in sets.items():
            path = Path(tmp) / "map.html"
            html = export_html(MapView(), records, export_date=day)
            path.write_text(html, encoding="utf-8")
            t = time.perf_counter()
            page = open_map(browser, path, 1600, 1000)
            opened = time.perf_counter() - t
            times = window_changes(page)
            fps = playback_fps(page)
            print(f"{name:24s} export {len(html.encode()) / 2**20:5.1f} MB; window change to "
                  f"redrawn map: median {statistics.median(times):6.1f} ms, max "
                  f"{max(times):6.1f} ms; playback {fps:4.1f} frames/s (asked: 12.5); "
                  f"opened in {opened:4.1f} s")
            page.context.close()
    app_benchmarks()


def app_benchmarks() -> None:
    from bench_activity import acled_file
    app_window_changes(None, "built-in")
    app_window_changes(acled_file(100_000), "100,000 uploaded")
    app_window_changes(acled_file(250_000), "250,000 uploaded")


# In the app: the time from the reader's change in the sidebar's panel (a preset chosen, a
# category's "only" or "Tick all" clicked) to the map page having redrawn for it (two
# animation frames after the window or filter reached the page), on one clock (Date.now() in
# the panel's page and in the map page).
ARM_CHANGE = """() => { window.__changedAt = null;
    if (!window.__armed) { window.__armed = true;
        ['change', 'click'].forEach(t => document.addEventListener(t, e => {
            if (e.target.matches('select.preset, button.only, button.all'))
                window.__changedAt = Date.now(); }, {capture: true})); } }"""
# The app's run for a change is over: the link has it, and nothing is running or stale.
RAN = """(part) => location.search.includes(part)
    && !document.querySelector('[data-stale="true"]')
    && !/running/i.test((document.querySelector('[data-testid="stStatusWidget"]') || {})
                        .innerText || "")"""
ARM_DRAW = """() => { window.__drawnAt = null; window.__frames = window.__frames || 0;
    if (!window.__armed) { window.__armed = true; ISKP.onWindow(() =>
        requestAnimationFrame(() => requestAnimationFrame(() => {
            window.__drawnAt = Date.now(); }))); } }"""


def app_window_changes(upload: Path | None, label: str, query: str = "") -> None:
    """``query``: a link's parameters to open the app with (``?by=district``)."""
    import time

    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
    from soak_uploads import app_page, start_app
    sys.path.insert(0, str(ROOT / "tests"))
    from test_browser_app_geography import DATA_UPLOADER, map_page, settle

    proc, url = start_app()
    try:
        with sync_playwright() as pw:
            from outputs.chromium import FLAGS, chromium
            browser = pw.chromium.launch(executable_path=chromium(), args=FLAGS)
            page = app_page(browser, (1400, 900))
            page.goto(url + query)
            map_page(page)
            if upload is not None:
                page.locator(DATA_UPLOADER).set_input_files(
                    str(upload))
                page.get_by_text(f"{upload.name}: ").first.wait_for(timeout=600_000)
                settle(page)
            inner = map_page(page)
            n = inner.evaluate("ISKP.datasets.activity.records.length")
            side = next(f for f in page.frames if "iskp_filters" in f.url)

            def timed(act, drawn, url_part=""):
                """The change to the redrawn map (ms), and to the settled page."""
                inner.evaluate(ARM_DRAW)
                side.evaluate(ARM_CHANGE)
                t = time.perf_counter()
                act()
                inner.wait_for_function(f"() => window.__drawnAt && ({drawn})",
                                        timeout=60_000)
                felt = inner.evaluate("window.__drawnAt") - side.evaluate("window.__changedAt")
                page.wait_for_function(RAN, arg=url_part, polling=20, timeout=120_000)
                done = (time.perf_counter() - t) * 1000
                settle(page)
                return felt, done

            felt, reruns, cats, new_pages = [], [], [], 0
            years = ["2018", "2021", "2017", "2022", "2019", "2016", "2020", "2018"]
            for k, year in enumerate(years):
                try:
                    f, r = timed(lambda: side.locator("select.preset").select_option(year),
                                 f"ISKP.dayToDate(ISKP.window.e).startsWith('{year}')",
                                 f"end={year}-")
                    if k:  # the first warms the page
                        felt.append(f)
                        reruns.append(r)
                except PlaywrightError:  # a new map page: counted, not timed
                    new_pages += 1
                    inner = map_page(page)
                    side = next(fr for fr in page.frames if "iskp_filters" in fr.url)
            side.locator("summary").first.click()
            for k in range(6):
                if k % 2 == 0:
                    f, _ = timed(lambda: side.get_by_role("button", name="Only attack", exact=True).click(),
                                 "ISKP.filter && ISKP.filter.c")
                else:
                    f, _ = timed(lambda: side.locator("button.all").first.click(),
                                 "!ISKP.filter || !ISKP.filter.c")
                cats.append(f)
            in_page = window_changes(inner)
            # One choice at a time, the app's rerun for it over before the next (a reader who
            # looks at the map between choices); the rapid changes above are a reader stepping.
            single = []
            for k in range(7):
                settle(page)
                lo, hi = inner.evaluate("[ISKP.windowRange.lo, ISKP.windowRange.hi]")
                a = lo + (hi - lo) * (k % 7) // 10
                single.append(inner.evaluate(CHANGE, [a, min(hi, a + (hi - lo) // 5)]))
                told = inner.evaluate("ISKP.dayToDate(ISKP.window.s)")
                page.wait_for_function(RAN, arg=f"start={told}", polling=20, timeout=120_000)
            single = single[1:]
            fps = playback_fps(inner)
            print(f"app ({label}): a window chosen on the map's timeline, to the redrawn map: "
                  f"one at a time median {statistics.median(single):5.0f} ms, max "
                  f"{max(single):5.0f} ms; one right after another median "
                  f"{statistics.median(in_page):5.0f} ms, max {max(in_page):5.0f} ms")
            print(f"app ({label}, {n:,} records in the map page) sidebar preset to redrawn map: "
                  f"median {statistics.median(felt):5.0f} ms, max {max(felt):5.0f} ms; whole page "
                  f"settled (tables too): median {statistics.median(reruns):5.0f} ms; "
                  f"new map pages: {new_pages} of {len(years)} changes")
            print(f"app ({label}) sidebar category (only / all) to redrawn map: "
                  f"median {statistics.median(cats):5.0f} ms, max {max(cats):5.0f} ms")
            print(f"app ({label}) playback in the map page: {fps:4.1f} frames/s (asked: 12.5)")
            try:
                # The change map: a baseline makes a new map page (the change layer drawn), whose
                # window changes recompute every province's level in the page.
                t = time.perf_counter()
                page.get_by_text("Compare with a baseline").click()
                page.wait_for_function(RAN, arg="bstart=", polling=20, timeout=120_000)
                inner = map_page(page)
                inner.locator("path.iskp-change").first.wait_for(state="attached",
                                                                 timeout=120_000)
                changed_in = time.perf_counter() - t
                levels = inner.locator("path.iskp-change").count()
                with_change = window_changes(inner)
                print(f"app ({label}) baseline switched on: change map ({levels} areas) drawn "
                      f"in {changed_in:4.1f} s; then a window change to the redrawn change map: "
                      f"median {statistics.median(with_change):5.0f} ms, max "
                      f"{max(with_change):5.0f} ms")
            except PlaywrightError as exc:
                print(f"app ({label}) baseline switched on: the change map was not drawn "
                      f"({str(exc).splitlines()[0]})")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    app_benchmarks() if sys.argv[1:] == ["--app"] else main()
