"""Benchmark districts: locating points, placing an import's records, resolving names, and
counting by district in Chromium.

- ``locate_districts`` on 100,000 random points over Afghanistan and its neighbours (median of
  5; the budget is under 1 s);
- the district step of an import (``place_districts``) on a generated 100,000-row ACLED file,
  and how its records were placed (coordinates, name, none);
- the share of ``tests/data/district_spellings.csv`` (spellings seen in ACLED, UCDP and the
  press) that resolves, and how (name, alias, variant, close spelling);
- in an export by district (built-in data, and 100,000 records): a window change redrawn at
  district level, and a switch of unit (median of 15; budgets 150 ms built-in, 500 ms with
  100,000 records), and the file's size.

With ``--app``: the app opened counting by district (``?by=district``), the figures of
``bench_browser.py --app`` (a sidebar preset or category to the redrawn map, a window chosen on
the timeline, playback), on the built-in data and with 100,000 uploaded records.

Run: .venv/bin/python bench/bench_districts.py [--app]   (needs Debian's chromium)
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SWITCH = """async (unit) => {
    const t = performance.now();
    ISKP.setUnit(unit);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t; }"""


def locate_figures() -> None:
    from geo.lookup import locate_districts
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(60.5, 75.0, 100_000), rng.uniform(29.4, 38.5, 100_000)
    locate_districts(lon[:10], lat[:10])  # loads and prepares the outlines
    times = []
    for _ in range(5):
        t = time.perf_counter()
        found = locate_districts(lon, lat)
        times.append(time.perf_counter() - t)
    print(f"locate_districts, 100,000 points: median {statistics.median(times) * 1000:.0f} ms "
          f"({found.district_id.notna().sum():,} in a district)")


def import_figures() -> None:
    from bench_activity import acled_file
    from geo.importers import import_file
    from geo.importers.district_placing import place_districts
    from geo.validation import Problems
    path = acled_file(100_000)
    t = time.perf_counter()
    result = import_file(path)
    total = time.perf_counter() - t
    rec = result.records
    staged = rec[["district", "geo_precision", "latitude", "longitude"]].copy()
    has_point = rec.latitude.notna()
    t = time.perf_counter()
    place_districts(staged, rec.admin1, has_point, Problems(list(range(2, len(rec) + 2))),
                    "admin2")
    step = time.perf_counter() - t
    afghan = rec[rec.admin1.str.startswith("AF-")]
    how = afghan.district_from.replace("", "none").value_counts().to_dict()
    print(f"import of a generated 100,000-row ACLED file: {total:.1f} s, of which the district "
          f"step {step * 1000:.0f} ms; Afghan records {len(afghan):,}: placed by {how}")


def spelling_figures() -> None:
    from geo.gazetteer import PlaceError, resolve_district
    rows = pd.read_csv(ROOT / "tests" / "data" / "district_spellings.csv", keep_default_na=False)
    how, right = {}, 0
    for r in rows.itertuples():
        try:
            d = resolve_district(r.spelling, r.province or None)
        except PlaceError:
            how["unresolved"] = how.get("unresolved", 0) + 1
            continue
        how[d.how] = how.get(d.how, 0) + 1
        right += d.id == r.expected
    print(f"district spellings: {right} of {len(rows)} resolved to the expected district; "
          f"matched as {how}")


def chromium_figures() -> None:
    from bench_activity import acled_file
    from bench_browser import window_changes
    from geo.activity import builtin_records
    from geo.importers import import_file
    from geo.records import concat_records
    from map_page.assembly import MapView
    from outputs.chromium import offline_browser, open_map
    from outputs.export import EXPORT_LAYERS, export_html

    view = MapView(layers=EXPORT_LAYERS + ("districts",), unit="district")
    sets = {"built-in": builtin_records(),
            "100,000 records": concat_records([builtin_records(),
                                               import_file(acled_file(100_000)).records])}
    with tempfile.TemporaryDirectory() as tmp, offline_browser() as browser:
        for name, records in sets.items():
            path = Path(tmp) / "map.html"
            html = export_html(view, records, export_date=dt.date(2026, 12, 1))
            path.write_text(html, encoding="utf-8")
            page = open_map(browser, path, 1600, 1000)
            changes = window_changes(page)
            switches = [page.evaluate(SWITCH, u) for u in ["province", "district"] * 8][1:]
            print(f"export by district, {name}: {len(html.encode()) / 1024:,.0f} KiB; window "
                  f"change at district level median {statistics.median(changes):.0f} ms (max "
                  f"{max(changes):.0f}); unit switch median {statistics.median(switches):.0f} ms"
                  f" (max {max(switches):.0f})")
            page.context.close()


def app_figures() -> None:
    """The app counting by district: the bench_browser app figures, opened with by=district."""
    from bench_activity import acled_file
    from bench_browser import app_window_changes
    if "--only-100k" not in sys.argv:
        app_window_changes(None, "built-in, by district", "/?by=district")
    app_window_changes(acled_file(100_000), "100,000 uploaded, by district", "/?by=district")


if __name__ == "__main__":
    if "--app" in sys.argv[1:]:
        app_figures()
        sys.exit()
    locate_figures()
    import_figures()
    spelling_figures()
    chromium_figures()
