"""Benchmark: import, validation, join and aggregation of 100,000 ACLED-style rows.

Prints one line per stage. Run: .venv/bin/python bench/bench_activity.py [--rows N]
The rows are generated (TEST DATA): points drawn inside random provinces and border regions,
admin1 names in varied spellings, dates in ACLED's three formats, 1% bad rows.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.boundaries import admin_units  # noqa: E402

HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
          "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,"
          "civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,"
          "longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp")
COUNTRY = {"AF": ("Afghanistan", "4"), "PK": ("Pakistan", "586"), "IR": ("Iran", "364"),
           "TM": ("Turkmenistan", "795"), "UZ": ("Uzbekistan", "860"),
           "TJ": ("Tajikistan", "762"), "CN": ("China", "156")}


def generate(n: int, seed: int = 7) -> bytes:
    rng = np.random.default_rng(seed)
    units = admin_units()
    pick = rng.integers(0, len(units), n)
    lon = np.empty(n)
    lat = np.empty(n)
    counts = np.bincount(pick, minlength=len(units))
    samples = units.geometry.sample_points(counts, rng=rng)
    for i, mp in enumerate(samples):
        if counts[i] == 0:
            continue
        idx = np.flatnonzero(pick == i)
        coords = shapely.get_coordinates(mp)
        lon[idx], lat[idx] = coords[:, 0], coords[:, 1]
    days = rng.integers(0, 365 * 8, n)
    base = np.datetime64("2015-01-01")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER.split(","))
    fmts = ["%Y-%m-%d", "%d %B %Y", "%d-%B-%Y"]
    import pandas as pd
    dates = pd.to_datetime(base + days.astype("timedelta64[D]"))
    spell = {"Nangarhar": "Ningarhar", "Sar-e Pul": "Sari Pul", "Helmand": "Hilmand",
             "Khyber Pakhtunkhwa": "NWFP"}
    for j in range(n):
        u = units.iloc[pick[j]]
        name = u["name"]
        if j % 3 == 0:
            name = spell.get(name, name.upper())
        cname, cnum = COUNTRY[u.country]
        date = dates[j].strftime(fmts[j % 3])
        if j % 100 == 99:
            date = "not a date"
        w.writerow([f"X{j}", date, dates[j].year, 1 + j % 3, "Political violence",
                    "Battles", "Armed clash", "Islamic State", "", "2", "Civilians", "", "7",
                    "27", "", cnum, "Asia", cname, name, "", "", "somewhere",
                    f"{lat[j]:.4f}", f"{lon[j]:.4f}", 1 + j % 3, "generated", "National",
                    "TEST DATA generated row", int(rng.integers(0, 20)), "", "1700000000"])
    return buf.getvalue().encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    from geo.importers import import_file
    from geo.joins import (DateWindow, filter_records, per_border_region, per_border_sector,
                           per_province)
    from geo.lookup import locate

    t = time.perf_counter()
    data = generate(args.rows)
    print(f"generate          {time.perf_counter() - t:7.2f} s  ({len(data) / 2**20:.1f} MiB)")
    # Warm the caches a user's session has warm already (boundaries, gazetteer, STRtree).
    locate([70.0], [34.0])
    from geo.gazetteer import resolve
    resolve("Kabul")

    t0 = time.perf_counter()
    from geo.importers.reader import read_table
    raw = read_table(data, "bench.csv")
    t1 = time.perf_counter()
    result = import_file(data, name="bench.csv")
    t2 = time.perf_counter()
    records = result.records
    window = DateWindow.parse("2018-01-01", "2019-12-31")
    t3 = time.perf_counter()
    sel = filter_records(records, window, categories=["attack"])
    prov = per_province(sel)
    reg = per_border_region(sel)
    sec = per_border_sector(sel)
    t4 = time.perf_counter()
    print(f"read CSV only     {t1 - t0:7.2f} s  ({len(raw.rows):,} rows)")
    print(f"import+validate   {t2 - t1:7.2f} s  ({result.accepted:,} accepted, "
          f"{len(result.rejected):,} rejected, {len(result.warnings):,} warnings)")
    print(f"window+aggregate  {t4 - t3:7.2f} s  ({len(sel):,} records in window, "
          f"{int(prov.records.sum()):,} in provinces, {int(reg.records.sum()):,} in border "
          f"regions, {len(sec)} sectors)")
    print(f"total             {t2 - t1 + t4 - t3:7.2f} s  (import to aggregates)")


if __name__ == "__main__":
    main()
