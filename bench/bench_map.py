"""Benchmark: from a filter change to map data ready (built-in data, and 100,000 uploaded rows).

"Map data ready" = the view's records filtered, aggregated, and the folium map built and
rendered to the HTML/JS that the app hands to streamlit-folium. Each figure is the median of
5 runs after one warm-up (boundaries and built-in data are cached, as in the app).
Run: .venv/bin/python bench/bench_map.py [--rows N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.activity import builtin_records  # noqa: E402
from geo.joins import DateWindow  # noqa: E402
from geo.records import concat_records  # noqa: E402
from map_page.assembly import DEFAULT_LAYERS, MapView, build_map  # noqa: E402


def time_views(records, views) -> tuple[float, int]:
    times, size = [], 0
    build_map(views[0], records).get_root().render()  # warm-up
    for i in range(5):
        v = views[i % len(views)]
        t = time.perf_counter()
        html = build_map(v, records).get_root().render()
        times.append(time.perf_counter() - t)
        size = len(html)
    return statistics.median(times), size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    layers = DEFAULT_LAYERS + ("heatmap",)
    windows = [DateWindow.parse("2018-01-01", "2018-12-31"), DateWindow.parse("2014-01-01", None),
               DateWindow.parse("2018-07-01", "2018-07-31")]
    views = [MapView(layers=layers, window=w) for w in windows]
    builtin = builtin_records()
    t, size = time_views(builtin, views)
    print(f"built-in ({len(builtin)} records)      {t * 1000:7.0f} ms  ({size / 1024:.0f} KiB map)")

    from bench_activity import acled_file
    from geo.importers import import_file
    big = import_file(acled_file(args.rows)).records
    both = concat_records([builtin, big])
    views = [MapView(layers=layers, window=DateWindow.parse(f"{y}-01-01", f"{y}-12-31"))
             for y in (2016, 2018, 2020)]
    t, size = time_views(both, views)
    print(f"+{len(big):,} uploaded records  {t * 1000:7.0f} ms  ({size / 1024:.0f} KiB map, "
          f"one year window)")
    views = [MapView(layers=layers, window=DateWindow.parse("2015-01-01", "2022-12-31"))]
    t, size = time_views(both, views)
    print(f"+{len(big):,}, all years       {t * 1000:7.0f} ms  ({size / 1024:.0f} KiB map)")


if __name__ == "__main__":
    main()
