"""Benchmark: read, validate, join and aggregate analysts' files; time and peak memory.

Cases (each run in a fresh process, so its peak memory is its own):
- ``acled-100k``: 100,000 ACLED rows (goal: < 1 s from bytes to per-province figures)
- ``acled-1m``: 1,000,000 ACLED rows (goal: < 8 s)
- ``ucdp-300mb``: a global UCDP GED file of about 300 MB, mostly outside the region
  (goal: < 30 s and < 2 GB peak memory for ``geo check``, ``geo summary --data`` and
  ``outputs.export --data``; the import is what they share)

Run: .venv/bin/python bench/bench_activity.py [CASE ...]
Rows are generated (TEST DATA) once into /tmp/iskp-bench: points inside random provinces and
border regions, admin1 names in varied spellings, ACLED's date formats, 1% bad rows. The
session's caches are warmed first, as the app has them (boundaries, gazetteer, built-in data).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = Path(os.environ.get("ISKP_BENCH_DIR", "/tmp/iskp-bench"))

from geo.importers.acled import EXPORT_COLUMNS  # noqa: E402
from geo.importers.ucdp import GED_COLUMNS  # noqa: E402

ACLED_COLUMNS = EXPORT_COLUMNS
COUNTRY = {"AF": ("Afghanistan", "4", 700), "PK": ("Pakistan", "586", 770),
           "IR": ("Iran", "364", 630), "TM": ("Turkmenistan", "795", 701),
           "UZ": ("Uzbekistan", "860", 704), "TJ": ("Tajikistan", "762", 702),
           "CN": ("China", "156", 710)}
ELSEWHERE = [("Syria", 652), ("Somalia", 520), ("Nigeria", 475), ("Yemen (North Yemen)", 678),
             ("DR Congo (Zaire)", 490), ("Iraq", 645), ("Mexico", 70), ("Ukraine", 369),
             ("Myanmar (Burma)", 775), ("India", 750), ("Mali", 432), ("Colombia", 100)]


def _points(n: int, rng):
    from geo.boundaries import admin_units
    units = admin_units().reset_index(drop=True)
    pick = rng.integers(0, len(units), n)
    lon, lat = np.empty(n), np.empty(n)
    counts = np.bincount(pick, minlength=len(units))
    for i, mp in enumerate(units.geometry.sample_points(counts, rng=rng)):
        if counts[i]:
            import shapely
            xy = shapely.get_coordinates(mp)
            idx = np.flatnonzero(pick == i)
            lon[idx], lat[idx] = xy[:, 0], xy[:, 1]
    return units, pick, lon, lat


def acled_file(n: int) -> Path:
    path = CACHE / f"acled_{n}.csv"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    units, pick, lon, lat = _points(n, rng)
    spell = {"Nangarhar": "Ningarhar", "Sar-e Pul": "Sari Pul", "Helmand": "Hilmand",
             "Khyber Pakhtunkhwa": "NWFP"}
    names = units["name"].to_numpy(object)[pick]
    alt = np.array([spell.get(x, x.upper()) for x in units["name"]], dtype=object)[pick]
    j = np.arange(n)
    names = np.where(j % 3 == 0, alt, names)
    dates = pd.to_datetime("2015-01-01") + pd.to_timedelta(rng.integers(0, 365 * 8, n), "D")
    iso = dates.strftime("%Y-%m-%d")
    text = np.where(j % 3 == 1, dates.strftime("%d %B %Y"), iso)
    text = np.where(j % 3 == 2, dates.strftime("%d-%B-%Y"), text)
    text = np.where(j % 100 == 99, "not a date", text)
    cc = units["country"].to_numpy(object)[pick]
    frame = pd.DataFrame({c: "" for c in ACLED_COLUMNS}, index=j)
    frame["event_id_cnty"] = "X" + pd.Series(j).astype(str)
    frame["event_date"] = text
    frame["year"] = dates.year
    frame["time_precision"] = 1 + j % 3
    frame["disorder_type"] = "Political violence"
    frame["event_type"] = np.where(j % 4 == 0, "Strategic developments", "Battles")
    frame["sub_event_type"] = "Armed clash"
    frame["actor1"] = "Islamic State (Afghanistan)"
    frame["inter1"], frame["inter2"], frame["interaction"] = 2, 7, 27
    frame["actor2"] = "Civilians"
    frame["iso"] = [COUNTRY[c][1] for c in cc]
    frame["region"] = "Southern Asia"
    frame["country"] = [COUNTRY[c][0] for c in cc]
    frame["admin1"] = names
    frame["location"] = "somewhere"
    frame["latitude"] = np.round(lat, 4)
    frame["longitude"] = np.round(lon, 4)
    frame["geo_precision"] = 1 + j % 3
    frame["source"] = "generated"
    frame["source_scale"] = "National"
    frame["notes"] = "TEST DATA generated row, with a comma"
    frame["fatalities"] = rng.integers(0, 20, n)
    frame["timestamp"] = 1700000000
    frame.to_csv(path, index=False)
    return path


UCDP_COLUMNS = GED_COLUMNS


def ucdp_file(target_mb: int = 300) -> Path:
    path = CACHE / f"ged_global_{target_mb}mb.csv"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(11)
    n = int(target_mb * 2**20 / 880)
    units, pick, lon, lat = _points(n, rng)
    inside = rng.random(n) < 0.12  # about 12% of GED's events are in the covered region
    j = np.arange(n)
    cc = units["country"].to_numpy(object)[pick]
    other = rng.integers(0, len(ELSEWHERE), n)
    country = np.where(inside, [COUNTRY[c][0] for c in cc],
                       [ELSEWHERE[k][0] for k in other])
    gw = np.where(inside, [COUNTRY[c][2] for c in cc], [ELSEWHERE[k][1] for k in other])
    adm = np.where(inside, units["name"].to_numpy(object)[pick] + " province", "Somewhere province")
    dates = (pd.to_datetime("1989-01-01") + pd.to_timedelta(rng.integers(0, 365 * 35, n), "D"))
    ds = dates.strftime("%Y-%m-%d 00:00:00.000")
    frame = pd.DataFrame({c: "" for c in UCDP_COLUMNS}, index=j)
    frame["id"] = j + 1
    frame["relid"] = "GEN-" + pd.Series(j).astype(str)
    frame["year"] = dates.year
    frame["active_year"] = 1
    frame["code_status"] = "Clear"
    frame["type_of_violence"] = 1 + j % 3
    frame["conflict_name"] = country + ": Government"
    frame["side_a"] = "Government of " + country
    frame["side_b"] = "IS"
    frame["number_of_sources"] = 2
    frame["source_article"] = ("\"TEST DATA generated article,\" Agency, " +
                               pd.Series(ds).str[:10] + "; " + "x" * 420)
    frame["source_headline"] = "TEST DATA generated headline about an event somewhere"
    frame["where_prec"] = np.where(j % 10 == 0, 6, 1 + j % 4)
    frame["where_coordinates"] = "somewhere"
    frame["where_description"] = "TEST DATA description of the place of the event"
    frame["adm_1"] = adm
    frame["latitude"] = np.round(np.where(inside, lat, rng.uniform(-30, 50, n)), 4)
    frame["longitude"] = np.round(np.where(inside, lon, rng.uniform(-80, 120, n)), 4)
    frame["geom_wkt"] = "POINT (" + frame["longitude"].astype(str) + " " + \
        frame["latitude"].astype(str) + ")"
    frame["priogrid_gid"] = 150000 + j % 1000
    frame["country"] = country
    frame["country_id"] = gw
    frame["region"] = "Asia"
    frame["event_clarity"] = 1
    frame["date_prec"] = 1
    frame["date_start"] = ds
    frame["date_end"] = ds
    frame["best"] = rng.integers(0, 30, n)
    frame["high"] = frame["best"] + 2
    frame["low"] = frame["best"]
    frame.to_csv(path, index=False)
    return path


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the
    parent that generated the file)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_case(case: str) -> dict:
    """In this process: warm the caches, then time the import and the aggregation."""

    from geo.activity import builtin_records
    from geo.importers import import_file
    from geo.joins import DateWindow, filter_records, per_border_region, per_border_sector, \
        per_province
    from geo.lookup import locate

    path = {"acled-100k": lambda: acled_file(100_000), "acled-1m": lambda: acled_file(1_000_000),
            "ucdp-300mb": lambda: ucdp_file(300)}[case]()
    builtin_records()
    locate([70.0], [34.0])
    before = peak_mb()
    t0 = time.perf_counter()
    result = import_file(path)
    t1 = time.perf_counter()
    first = t1 - t0
    if case != "ucdp-300mb":
        # The server process has usually read files before: the allocator's pools are warm.
        del result
        t0 = time.perf_counter()
        result = import_file(path)
        t1 = time.perf_counter()
    window = DateWindow.parse("2018-01-01", "2019-12-31")
    sel = filter_records(result.records, window)
    prov, reg, sec = per_province(sel), per_border_region(sel), per_border_sector(sel)
    t2 = time.perf_counter()
    assert len(reg) and len(sec) == 6  # the aggregates a view shows, all computed
    peak = peak_mb()
    return {"case": case, "mb": path.stat().st_size / 2**20, "rows": result.rows,
            "accepted": result.accepted, "rejected": result.rejected_count,
            "outside": result.out_of_region.get("rows", 0), "import_s": t1 - t0,
            "first_s": first,
            "aggregate_s": t2 - t1, "total_s": t2 - t0, "in_provinces": int(prov.records.sum()),
            "peak_mb": peak, "baseline_mb": before}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(run_case(sys.argv[2])))
        return
    cases = sys.argv[1:] or ["acled-100k", "acled-1m", "ucdp-300mb"]
    for case in cases:
        # Generate in this process (not timed), measure in a fresh one.
        {"acled-100k": lambda: acled_file(100_000), "acled-1m": lambda: acled_file(1_000_000),
         "ucdp-300mb": lambda: ucdp_file(300)}[case]()
        out = subprocess.run([sys.executable, __file__, "--child", case], capture_output=True,
                             text=True, cwd=ROOT)
        if out.returncode:
            print(f"{case}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['case']:<11} {r['mb']:6.0f} MB {r['rows']:>9,} rows  "
              f"{r['accepted']:>9,} accepted {r['rejected']:>8,} rejected "
              f"({r['outside']:,} outside the region)  import {r['import_s']:5.2f} s "
              f"(first in a fresh process {r['first_s']:5.2f} s)  "
              f"window+aggregate {r['aggregate_s']:4.2f} s  total {r['total_s']:5.2f} s  "
              f"peak memory {r['peak_mb']:,.0f} MB (app start {r['baseline_mb']:,.0f} MB)")


if __name__ == "__main__":
    main()
