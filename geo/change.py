"""Change against a baseline: per province, a window's records (or fatalities) compared with a
baseline window, by the rules of ACLED's Trendfinder change levels.

The baseline is turned into what it would give over a window as long as the one compared
(``expected = baseline × window days / baseline days``), so a month compares with a year's
monthly rate. Then, as Trendfinder does:

- **large increase**: more than 25 % above the expected;
- **moderate increase**: 10 % to 25 % above;
- **limited change**: from 25 % below to 10 % above;
- **large decrease**: more than 25 % below;
- **low baseline**: an expected count of 2 or fewer and 5 or fewer in the window is "limited
  change" whatever the percentage, so that 1 → 2 is not "+100 %". A province with nothing in
  either window is "no records".

>>> change = per_province_change(records, DateWindow.parse("2018-07-01", "2018-07-31"),
...                              DateWindow.parse("2017-07-01", "2018-06-30"))
>>> change.loc[change.iso == "AF-SAR", ["records", "expected_records", "level_records"]]
"""
from __future__ import annotations

import pandas as pd

from geo.joins import DateWindow, filter_records, per_province

LEVELS = ("large increase", "moderate increase", "limited change", "large decrease",
          "no records")
RULES = ("Change against the baseline's rate over a window as long: large increase > +25 %, "
         "moderate +10 to +25 %, limited change −25 to +10 %, large decrease < −25 % "
         "(ACLED Trendfinder's levels). Low baseline: 2 or fewer expected and 5 or fewer in "
         "the window count as limited change.")
LOW_EXPECTED, LOW_CURRENT = 2.0, 5


def parse_baseline(start: str | None, end: str | None) -> DateWindow | None:
    """The baseline of ``--baseline-start``/``--baseline-end``: None when neither is given;
    ValueError when only one is, or they are not dates."""
    if not (start or end):
        return None
    if not (start and end):
        raise ValueError("give both --baseline-start and --baseline-end")
    return DateWindow.parse(start, end)


def days(window: DateWindow, records: pd.DataFrame | None = None) -> int:
    """Length of a window in days; an open end takes the data's first or last day."""
    start, end = window.start, window.end
    if (start is None or end is None) and records is not None and len(records):
        start = records["date_start"].min() if start is None else start
        end = records["date_end"].max() if end is None else end
    if start is None or end is None:
        raise ValueError("a window to compare needs a start and an end")
    return int((end - start).days) + 1


def level(current: float, expected: float) -> tuple[str, float | None]:
    """(change level, percent change or None when the expected count is 0)."""
    if current == 0 and expected == 0:
        return "no records", None
    pct = None if expected == 0 else 100.0 * (current - expected) / expected
    if expected <= LOW_EXPECTED and current <= LOW_CURRENT:
        return "limited change", pct
    if pct is None or pct > 25:
        return "large increase", pct
    if pct >= 10:
        return "moderate increase", pct
    if pct >= -25:
        return "limited change", pct
    return "large decrease", pct


def per_province_change(records: pd.DataFrame, window: DateWindow,
                        baseline: DateWindow) -> pd.DataFrame:
    """All 34 provinces: iso, name, records, fatalities (in the window), baseline_records,
    baseline_fatalities, and per metric expected_*, change_* (absolute), change_*_pct and
    level_*. ``records`` are all records (any date); both windows are applied here."""
    return _change(records, window, baseline, per_province, "iso")


def per_district_change(records: pd.DataFrame, window: DateWindow,
                        baseline: DateWindow) -> pd.DataFrame:
    """The same for all 398 districts, by ``id`` (with ``province``), by the same rules."""
    from geo.district_counts import per_district
    from geo.districts import district_table
    table = _change(records, window, baseline, per_district, "id")
    return table.merge(district_table()[["id", "province"]], on="id")


def _change(records, window, baseline, per, key) -> pd.DataFrame:
    now = per(filter_records(records, window)).set_index(key)
    base = per(filter_records(records, baseline)).set_index(key)
    scale = days(window, records) / days(baseline, records)
    out = now[["name", "records", "fatalities"]].copy()
    for metric in ("records", "fatalities"):
        out[f"baseline_{metric}"] = base[metric]
        expected = (base[metric] * scale).round(2)
        out[f"expected_{metric}"] = expected
        out[f"change_{metric}"] = (now[metric] - expected).round(2)
        levels = [level(c, e) for c, e in zip(now[metric], expected)]
        out[f"change_{metric}_pct"] = [None if p is None else round(p, 1) for _, p in levels]
        out[f"level_{metric}"] = [lv for lv, _ in levels]
    return out.reset_index()


def change_json(records: pd.DataFrame, window: DateWindow, baseline: DateWindow,
                unit: str = "province") -> dict:
    """What ``geo summary --baseline-start/--baseline-end --json`` adds: per province iso (or
    per district id, with ``unit`` "district", under ``districts``), a ``baseline`` and a
    ``change`` object; at the top, the baseline window and the rules."""
    district = unit == "district"
    table = (per_district_change if district else per_province_change)(records, window,
                                                                       baseline)
    per_iso = {}
    for r in table.to_dict("records"):
        per_iso[r["id" if district else "iso"]] = {
            "baseline": {"records": int(r["baseline_records"]),
                         "fatalities": int(r["baseline_fatalities"])},
            "change": {m: {"expected": float(r[f"expected_{m}"]),
                           "absolute": float(r[f"change_{m}"]),
                           "percent": r[f"change_{m}_pct"],
                           "level": r[f"level_{m}"]} for m in ("records", "fatalities")}}
    return {"baseline": {**baseline.as_dict(), "days": days(baseline, records),
                         "window_days": days(window, records), "rules": RULES},
            "districts" if district else "provinces": per_iso}
