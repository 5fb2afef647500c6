"""Reported activity areas: claims that name a region ("the north", "eastern and north-eastern
Afghanistan, which borders Pakistan") rather than a place.

An area claim is drawn as an area and never turned into per-province events. Each built-in area
(``data/activity/activity_areas.csv``) keeps the report's words, the rule that turned them into
provinces, and two sets of provinces: ``core`` (what the words name or clearly mean) and
``possible`` (what they may also mean), so that the ambiguity shows instead of being settled
silently. A record is an area claim when its location precision is ``region`` or it names
several admin-1 units at once; such records are counted apart from the per-province figures
("mentioned in N area claims").

>>> from geo.areas import activity_areas
>>> activity_areas().loc["farah_nimroz", "core"]
('AF-FRA', 'AF-NIM')
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from geo.attribution import COUNTED
from geo.boundaries import SUCCESSORS
from geo.records import NOT_COUNTED
from geo.sources import DATA


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c for c in str(text or "").split("|") if c)


@lru_cache(maxsize=1)
def _areas() -> pd.DataFrame:
    df = pd.read_csv(DATA / "activity_areas.csv", dtype=str, keep_default_na=False)
    df["core"] = df["core"].map(_codes)
    df["possible"] = df["possible"].map(_codes)
    return df.set_index("id")


def activity_areas() -> pd.DataFrame:
    """The built-in areas, indexed by id: name, words, source_id, core, possible, rule."""
    return _areas().copy()


def is_area_claim(records: pd.DataFrame) -> pd.Series:
    """True for records placed at region level or naming several admin-1 units."""
    admin1 = records["admin1"].fillna("").astype(str)
    return (records["geo_precision"] == "region") | admin1.str.contains("|", regex=False)


def counted_area_claims(records: pd.DataFrame) -> pd.Series:
    """Area claims that count as "mentioned in N area claims": not of a category that is no
    event (geo.records.NOT_COUNTED), and attributed to ISKP or possibly (other actors' claims
    are context). The one rule for tooltips, figures, summary and legend (the map's runtime
    applies the same: ``r.ar && !r.nc`` of a record ``ISKP.isActivity`` passes)."""
    return is_area_claim(records) & ~records["category"].isin(NOT_COUNTED) & \
        records["attribution"].isin(COUNTED)


def area_units(records: pd.DataFrame) -> pd.DataFrame:
    """One row per (area claim, admin-1 unit): ``rec`` (position in ``records``), ``iso``
    (historical units mapped to their successors) and ``role`` ("core" or "possible")."""
    claims = np.flatnonzero(counted_area_claims(records).to_numpy())
    if not len(claims):
        return pd.DataFrame({"rec": pd.Series(dtype=int), "iso": pd.Series(dtype=object),
                             "role": pd.Series(dtype=object)})
    sub = records.iloc[claims]
    parts = []
    for role, column in (("core", "admin1"), ("possible", "possible_admin1")):
        codes = sub[column].fillna("").astype(str).str.split("|") if column in sub else \
            pd.Series([[]] * len(sub), index=sub.index)
        frame = pd.DataFrame({"rec": claims, "iso": codes.to_numpy(), "role": role})
        parts.append(frame.explode("iso"))
    out = pd.concat(parts, ignore_index=True)
    out = out[out["iso"].notna() & (out["iso"] != "")]
    out["iso"] = out["iso"].replace(SUCCESSORS)
    # A unit both core and possible (two rules overlapping) counts as core.
    out = out.sort_values("role").drop_duplicates(["rec", "iso"], keep="first")
    return out.reset_index(drop=True)


def area_claim_counts(records: pd.DataFrame) -> pd.DataFrame:
    """Per admin-1 unit: ``area_claims`` (claims naming it as core) and ``area_claims_possible``
    (claims that may include it), indexed by iso."""
    units = area_units(records)
    counts = units.groupby(["iso", "role"])["rec"].nunique().unstack(fill_value=0)
    out = pd.DataFrame(index=counts.index)
    out["area_claims"] = counts["core"] if "core" in counts else 0
    out["area_claims_possible"] = counts["possible"] if "possible" in counts else 0
    return out.astype(int)
