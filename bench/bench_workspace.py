"""Benchmark the workspace on both back-ends (the embedded GeoPackage and PostgreSQL/PostGIS):

- storing the records of a generated ACLED file of 100,000 rows (budget < 3 s) and of
  1,000,000 rows (budget < 20 s), and reading them back;
- the embedded file's size against the CSV's (budget: at most twice);
- a backup of the workspace holding the 1,000,000 records, and its restore into either
  back-end.

With ``--app``: reopening a saved map of 100,000 records in Chromium, from the click on
"Open it" to the drawn map (budget < 2 s), and from its link in a new page, on each back-end.

PostgreSQL is a throw-away cluster started on a loopback port (tests/postgres_server.py).
Run: .venv/bin/python bench/bench_workspace.py [--app] [--rows 100000,1000000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))


def store_figures(rows: list[int], pg) -> None:
    from bench_activity import acled_file
    from geo.importers import import_file
    from geo.workspace import open_workspace
    from geo.workspace.transfer import backup, restore

    with tempfile.TemporaryDirectory() as tmp:
        for n in rows:
            path = acled_file(n)
            t = time.perf_counter()
            result = import_file(path)
            imported = time.perf_counter() - t
            data = path.read_bytes()
            for name, url in (("embedded", f"sqlite:///{tmp}/ws_{n}.gpkg"),
                              ("postgresql", pg.new_database())):
                ws = open_workspace(url)
                t = time.perf_counter()
                ds = ws.add_dataset(result, data, who="bench")
                stored = time.perf_counter() - t
                t = time.perf_counter()
                back = ws.records(ds.id)
                read = time.perf_counter() - t
                assert len(back) == result.accepted
                size = ""
                if name == "embedded":
                    ws.engine.dispose()  # the write-ahead log folded into the file
                    gpkg = Path(f"{tmp}/ws_{n}.gpkg").stat().st_size
                    size = (f"; file {gpkg / 2**20:.0f} MB for a {len(data) / 2**20:.0f} MB CSV "
                            f"({gpkg / len(data):.2f}x)")
                print(f"{name:10s} {n:>9,} rows ({result.accepted:,} records, import "
                      f"{imported:.1f} s): stored in {stored:5.2f} s, read back in "
                      f"{read:5.2f} s{size}")
                if n == max(rows):
                    t = time.perf_counter()
                    backup(ws, Path(tmp) / f"backup_{name}.gpkg")
                    backed = time.perf_counter() - t
                    for target in (f"sqlite:///{tmp}/restored_{name}.gpkg", pg.new_database()):
                        t = time.perf_counter()
                        restore(Path(tmp) / f"backup_{name}.gpkg", open_workspace(target))
                        print(f"{name:10s} backup of {result.accepted:,} records "
                              f"{backed:5.1f} s; restored into "
                              f"{'embedded' if target.startswith('sqlite') else 'postgresql'} "
                              f"in {time.perf_counter() - t:5.1f} s")
                ws.engine.dispose()


def app_figures(pg) -> None:
    """A saved map of 100,000 records reopened: from the click on "Open it" in the app's
    Saved maps (the same page) to its map drawn; and from its link in a new page."""
    from playwright.sync_api import sync_playwright

    from bench_activity import acled_file
    from conftest import start_app
    from team import add_account, log_in
    from geo.importers import import_file
    from geo.workspace import open_workspace
    from outputs.chromium import FLAGS, chromium
    from test_browser_app_geography import COMPONENT, map_frame, settle

    path = acled_file(100_000)
    result = import_file(path)
    layers = "provinces,border_regions,activity,activity_areas,incidents,places"
    with tempfile.TemporaryDirectory() as tmp:
        for name, url, env in (
                ("embedded", f"sqlite:///{tmp}/workspace.gpkg", {"ISKP_WORKSPACE": tmp}),
                ("postgresql", None, None)):
            if url is None:
                url = pg.new_database()
                env = {"ISKP_DATABASE_URL": url}
            ws = open_workspace(url)
            ds = ws.add_dataset(result, path.read_bytes(), who="bench")
            saved = [ws.save_map(f"100k {year}", {"layers": layers, "start": f"{year}-01-01",
                                                  "end": f"{year}-12-31"}, [ds.id], who="bench")
                     for year in (2018, 2019)]
            team = "ISKP_DATABASE_URL" in env  # a team server: the bench logs in once
            if team:
                add_account(env, "bench", "analyst")
            proc, app = start_app(env)
            clicks, links = [], []
            try:
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=chromium(), args=FLAGS)
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    if team:
                        first = context.new_page()
                        log_in(first, app, "bench")
                        map_frame(first)
                        first.close()
                    for k in range(4):
                        page = context.new_page()
                        # From the link, in a new page (the first reads the dataset into the
                        # server's memory: not counted).
                        t = time.perf_counter()
                        page.goto(f"{app}/?map={saved[k % 2].id}")
                        frame = map_frame(page)
                        frame.locator("path.iskp-choropleth").first.wait_for(state="attached")
                        if k:
                            links.append(time.perf_counter() - t)
                        # The click on "Open it" for the other map, in the same page.
                        other = saved[(k + 1) % 2]
                        page.get_by_role("tab", name="Saved maps").click()
                        box = page.locator("[data-testid='stSelectbox']").filter(
                            has_text="A saved map")
                        if other.id not in box.inner_text():  # not chosen already
                            for attempt in range(5):  # a rerun may close the list
                                box.click()
                                try:
                                    page.get_by_role("option", name=f"{other.name} "
                                                     f"({other.id})").click(timeout=4000)
                                    break
                                except Exception:
                                    page.keyboard.press("Escape")
                                    settle(page)
                        settle(page)
                        before = page.frame_locator(COMPONENT).locator(
                            ".iskp-pane").first.get_attribute("data-window")
                        t = time.perf_counter()
                        page.get_by_role("button", name="Open it").click()
                        page.wait_for_function(
                            """([sel, before]) => { const f = document.querySelector(sel);
                               const d = f && f.contentDocument;
                               const box = d && d.querySelector('.iskp-pane');
                               const map = box && box.querySelector('iframe');
                               const doc = map && map.contentDocument;
                               return box && box.dataset.window && box.dataset.window !== before
                                 && doc && doc.querySelector('path.iskp-choropleth'); }""",
                            arg=[COMPONENT, before], polling=50, timeout=60_000)
                        clicks.append(time.perf_counter() - t)
                        page.close()
                    browser.close()
            finally:
                proc.terminate()
                proc.wait(timeout=20)
            print(f"{name:10s} saved map of {result.accepted:,} records: from the click on "
                  f"'Open it' to its map drawn: median {statistics.median(clicks):4.1f} s, max "
                  f"{max(clicks):4.1f} s; from its link in a new page: median "
                  f"{statistics.median(links):4.1f} s, max {max(links):4.1f} s")


def main() -> None:
    from postgres_server import PostgresServer
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", action="store_true")
    ap.add_argument("--rows", default="100000,1000000")
    args = ap.parse_args()
    with PostgresServer() as pg:
        if args.app:
            app_figures(pg)
        else:
            store_figures([int(n) for n in args.rows.split(",")], pg)


if __name__ == "__main__":
    main()
