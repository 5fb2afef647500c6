"""Benchmark what a reader feels in the app when switching things in the sidebar (issue 23,
item 14), in Chromium: from the click to the map page showing the change, and whether the map
page was kept (no new map) or built anew.

- the first map: the time from opening the app to its map drawn, right after the server
  started (cold), on later visits of the same browser (warm, its cache holding Streamlit's
  and the map's files, as a reader's does), and in a browser that has not visited before;
- a layer switched off and on (Border regions, Heatmap), the metric (Records / Fatalities in
  the sidebar's panel), a title typed, a baseline switched on and off (in the page shown);

on the built-in data and with 100,000 uploaded ACLED-like records. Each figure is the median
of several changes. Only this machine is used.

Run: .venv/bin/python bench/bench_switch.py [--built-in]   (needs Debian's chromium)
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

KEEP = "() => { window.__kept = 1; }"
# Chromium resolves no name: only this machine's addresses are reachable.
LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
KEPT = "() => window.__kept === 1"



def first_drawn(page, t: float) -> float:
    """Seconds from ``t`` until a map page of ``page`` has drawn its provinces, polled every
    20 ms (not waiting for the app to settle: the reader sees the map as soon as it is drawn)."""
    while time.perf_counter() - t < 120:
        for frame in page.frames:
            try:
                if frame.url == "about:srcdoc" and frame.query_selector("path.iskp-province"):
                    return time.perf_counter() - t
            except Exception:  # a frame replaced while asked: ask the next
                continue
        page.wait_for_timeout(20)
    raise TimeoutError("no map drawn in 120 s")


def clicked(element, done: str, frame) -> float:
    """ms from a click on ``element`` (a locator) until ``done`` holds in ``frame`` (checked
    every 5 ms), both read on the browser's clock: what the reader waits, without Playwright's
    own checks before a click (scrolling into view, hit tests through nested frames: 50-300 ms
    here)."""
    frame.evaluate("done => { window.__doneAt = 0; const test = new Function('return (' + done"
                   " + ')()'); (function loop() { if (test()) { window.__doneAt = Date.now(); }"
                   " else { setTimeout(loop, 5); } })(); }", done)
    element.wait_for()
    t0 = element.evaluate("e => { const t = Date.now(); e.click(); return t; }")
    frame.wait_for_function("() => window.__doneAt > 0", polling=50, timeout=120_000)
    return frame.evaluate("() => window.__doneAt") - t0


def run(label: str, upload: Path | None) -> None:
    from playwright.sync_api import sync_playwright

    from outputs.chromium import FLAGS, chromium
    from soak_uploads import app_page, start_app
    from test_browser_app_geography import (COMPARISON, DATA_UPLOADER, TITLES, layer_tick,
                                            map_page, panel, settle)

    t0 = time.perf_counter()
    proc, url = start_app()
    started = time.perf_counter() - t0
    try:
        with sync_playwright() as pw:
            # A reader's browser: its cache on (a page whose requests are intercepted is
            # served without one, as no reader is), and nothing beyond this machine reachable.
            browser = pw.chromium.launch(executable_path=chromium(),
                                         args=FLAGS + [LOCAL_ONLY])
            drawn = "() => document.querySelector('path.iskp-province')"
            first, fresh = [], []
            link = url + "/?start=2018-01-01&end=2018-12-31"
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            for visit in range(4):  # the first right after the server started
                t = time.perf_counter()
                page.goto(link)
                first.append(first_drawn(page, t))
                map_page(page).wait_for_function(drawn, timeout=120_000)
            for _ in range(3):  # a browser that has not visited before (an empty cache)
                other = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
                t = time.perf_counter()
                other.goto(link)
                fresh.append(first_drawn(other, t))
                other.context.close()
            page.close()
            page = app_page(browser, (1366, 768))
            page.goto(link)
            mp = map_page(page)
            mp.wait_for_function(drawn, timeout=120_000)
            if upload is not None:
                page.locator(DATA_UPLOADER).set_input_files(str(upload))
                page.get_by_text(f"{upload.name}: ").first.wait_for(timeout=600_000)
                settle(page)
            mp = map_page(page)
            n = mp.evaluate("ISKP.datasets.activity ? ISKP.datasets.activity.records.length : 0")
            settle(page)
            mp.evaluate(KEEP)

            def toggle(name, present: str) -> tuple[float, float]:
                off = clicked(layer_tick(page, name), f"() => !({present})", mp)
                settle(page)
                on = clicked(layer_tick(page, name), f"() => !!({present})", mp)
                settle(page)
                return off, on

            layers = []
            for _ in range(3):
                layers += toggle("Border regions",
                                 "document.querySelector('path.iskp-border-region')")
            heat = []
            for _ in range(2):
                on = clicked(layer_tick(page, "Heatmap"),
                             "() => !!document.querySelector('.leaflet-heatmap-layer')", mp)
                settle(page)
                off = clicked(layer_tick(page, "Heatmap"),
                              "() => !document.querySelector('.leaflet-heatmap-layer')", mp)
                settle(page)
                heat += [on, off]
            kept_layers = mp.evaluate(KEPT)
            side = panel(page)
            metric = []
            for _ in range(3):
                for value in ("Fatalities", "Records"):
                    metric.append(clicked(side.get_by_label(value, exact=True),
                                          f"() => ISKP.metric === '{value.lower()}'", mp))
                    settle(page)
            kept_metric = mp.evaluate(KEPT)
            titles, titles_over = [], []
            page.get_by_text("Titles and basemap").click()
            # The title fields are the sidebar panel's (ui.filter_panel): the heading shows a
            # typed title before the app's run.
            field = page.frame_locator(TITLES).get_by_label("Title", exact=True)
            field.evaluate("e => e.addEventListener('keydown', ev => { if (ev.key === 'Enter')"
                           " { window.parent.__enterAt = Date.now(); } }, true)")
            for k in range(3):
                field.fill(f"Bench title {k}")
                # The page's heading says it (what the reader waits for), timed on the
                # browser's clock from the Enter key to the heading's text changed.
                page.evaluate("want => { window.__headingAt = 0; const h = document.querySelector("
                              "\"h1[data-page='title']\"); const seen = () => { if (h.textContent"
                              " === want && !window.__headingAt) { window.__headingAt = Date.now();"
                              " } }; new MutationObserver(seen).observe(h, {childList: true, "
                              "characterData: true, subtree: true}); }", f"Bench title {k}")
                t = time.perf_counter()
                field.press("Enter")
                page.wait_for_function(
                    f"() => [...document.querySelectorAll('h1')].some(h => h.textContent === "
                    f"'Bench title {k}')", polling="raf", timeout=120_000)
                titles.append(page.evaluate("() => (window.__headingAt || Date.now()) - "
                                            "window.__enterAt"))
                # ...and the app's run is over (the link says it too).
                page.wait_for_function(f"() => location.search.includes('Bench+title+{k}') || "
                                       f"location.search.includes('Bench%20title%20{k}')",
                                       polling="raf", timeout=120_000)
                settle(page)
                titles_over.append((time.perf_counter() - t) * 1000)
            kept_titles = mp.evaluate(KEPT)
            # The comparison is in the sidebar's panel: it tells the page shown its baseline
            # (ISKP.setBaseline), which draws the change map in place, before the app's run.
            switch = page.frame_locator(COMPARISON).get_by_role(
                "switch", name="Compare with a baseline")
            baseline_on, baseline_off = [], []
            for _ in range(3):
                baseline_on.append(clicked(switch, "() => document.querySelectorAll("
                                                   "'path.iskp-change').length === 34", mp))
                page.wait_for_function("() => location.search.includes('bstart=')",
                                       timeout=120_000)
                settle(page)
                baseline_off.append(clicked(switch, "() => !document.querySelector("
                                                    "'path.iskp-change')", mp))
                page.wait_for_function("() => !location.search.includes('bstart=')",
                                       timeout=120_000)
                settle(page)
            kept_baseline = mp.evaluate(KEPT)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)

    def med(xs):
        return f"median {statistics.median(xs):5.0f} ms, max {max(xs):5.0f} ms"

    print(f"{label} ({n:,} records in the map page); server started in {started:4.1f} s")
    print(f"  first map: right after the server started {first[0]:4.1f} s; warm, a reader "
          f"who has visited before (browser cache) {statistics.median(first[1:]):4.1f} s; warm, "
          f"a browser that has not {statistics.median(fresh):4.1f} s")
    print(f"  layer switched (Border regions off/on): {med(layers)}; same page: {kept_layers}")
    print(f"  Heatmap on/off: {med(heat)}")
    print(f"  metric (Records/Fatalities) to the map: {med(metric)}; same page: {kept_metric}")
    print(f"  title typed, to the heading shown: {med(titles)}; to the app's run over (and "
          f"0.7 s quiet): {med(titles_over)}; same page: {kept_titles}")
    print(f"  baseline on (change map drawn): {med(baseline_on)}; off: {med(baseline_off)}; "
          f"same page: {kept_baseline}")


def main() -> None:
    from bench_activity import acled_file
    run("built-in", None)
    if "--built-in" not in sys.argv:  # the built-in data only: a quick check
        run("100,000 uploaded", acled_file(100_000))


if __name__ == "__main__":
    main()
