"""Benchmark what a reader feels in Chromium: a window change in an exported map, from the
change to the redrawn map (two animation frames later), and playback frames per second.

Exports: the built-in data, and 20,000 uploaded-like records (the most an export keeps
record by record today; above that its date filter is not available). Each figure is the
median of 15 window changes across the data's span. Only this machine is used (file://).

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


if __name__ == "__main__":
    main()
