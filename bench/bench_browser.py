"""Benchmark what a reader feels in Chromium: a window change in an exported map, from the
change to the redrawn map (two animation frames later), and playback frames per second.

Exports: the built-in data, and 20,000 uploaded-like records (the most an export keeps
record by record today; above that its date filter is not available). Each figure is the
median of 15 window changes across the data's span. Only this machine is used (file://).

The app: a window preset chosen in the sidebar, to the map redrawn for it (its legend states
the new window), on the built-in data; the median of 6 changes. The app rebuilds its map on
every change (it keeps the reader's place, not the map), so this is the figure to bring down.

Run: .venv/bin/python bench/bench_browser.py   (needs Debian's chromium)
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
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
    page.locator(".iskp-tl-play").click()
    page.wait_for_timeout(3000)
    frames = int(page.locator(".iskp-timeline").get_attribute("data-frames") or 0)
    page.locator(".iskp-tl-play").click()
    return frames / 3.0


def main() -> None:
    from bench_activity import acled_file
    from geo.activity import builtin_records
    from geo.importers import import_file
    from geo.records import concat_records
    from layers.chromium import offline_browser, open_map
    from layers.export import export_html
    from layers.map import MapView

    day = dt.date(2026, 1, 1)
    uploaded = import_file(acled_file(100_000)).records.head(20_000 - len(builtin_records()))
    sets = {"built-in (34 records)": builtin_records(),
            "20,000 records": concat_records([builtin_records(), uploaded])}
    with tempfile.TemporaryDirectory() as tmp, offline_browser() as browser:
        for name, records in sets.items():
            path = Path(tmp) / "map.html"
            html = export_html(MapView(), records, export_date=day)
            path.write_text(html, encoding="utf-8")
            page = open_map(browser, path, 1600, 1000)
            times = window_changes(page)
            fps = playback_fps(page)
            print(f"{name:24s} export {len(html.encode()) / 2**20:5.1f} MB; window change to "
                  f"redrawn map: median {statistics.median(times):6.1f} ms, max "
                  f"{max(times):6.1f} ms; playback {fps:4.1f} frames/s (asked: 12.5)")
            page.context.close()
    app_window_changes()


def app_window_changes() -> None:
    import time

    from playwright.sync_api import sync_playwright
    from soak_uploads import start_app
    sys.path.insert(0, str(ROOT / "tests"))
    from test_browser_app_geography import map_frame

    proc, url = start_app()
    try:
        with sync_playwright() as pw:
            from layers.chromium import FLAGS, chromium
            browser = pw.chromium.launch(executable_path=chromium(), args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url
                       else r.abort())
            page.goto(url)
            map_frame(page)
            times = []
            for year in ["2018", "2021", "2017", "2022", "2015", "2019", "2018"]:
                t = time.perf_counter()
                page.locator("[data-testid='stSelectbox']").filter(has_text="Preset").click()
                page.get_by_role("option", name=year, exact=True).click()
                page.wait_for_function(f"() => location.search.includes('start={year}-01-01')")
                map_frame(page).get_by_text(f"01 Jan {year} – ").first.wait_for(
                    state="attached", timeout=60_000)
                times.append((time.perf_counter() - t) * 1000)
            browser.close()
        times = times[1:]
        print(f"app (built-in)           window preset to redrawn map: median "
              f"{statistics.median(times):6.0f} ms, max {max(times):6.0f} ms")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
