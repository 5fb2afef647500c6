"""Counts per district: the province counts' rules (``geo.joins``) one level down.

A record counts in a district when it is a counted placed event (ISKP; possibly ISKP when the view
includes it) and has a ``district_id`` (from its coordinates or its district name, see
``geo.importers.district_placing``). Records known only to the province are not spread over its
districts: they are counted as ``not_in_a_district``. Area claims name provinces and count nowhere
here.

>>> from geo.district_counts import per_district
>>> per_district(records).set_index("id").loc["AF-SAR-SAYYAD", "records"]
1
"""
from __future__ import annotations

import pandas as pd

from geo.attribution import ATTRIBUTIONS
from geo.districts import district_table
from geo.joins import counted, day_text, is_placed_event

def district_ids(records: pd.DataFrame) -> pd.Series:
    """Each record's ``district_id`` as text, "" where it has none (or the frame has no such
    column: records from before districts)."""
    if "district_id" not in records:
        return pd.Series("", index=records.index, dtype=object)
    return records["district_id"].fillna("").astype(str)


def per_district(records: pd.DataFrame, everything: pd.DataFrame | None = None) -> pd.DataFrame:
    """All 398 districts: id, name, province_iso, province, records, fatalities, first, last
    (counted records), and per attribution the placed events whoever's they are
    (``iskp``, ``possible``, ``other``) among ``everything`` (default: ``records``)."""
    table = district_table()[["id", "name", "province_iso", "province"]]
    ids = district_ids(records)
    mask = counted(records) & (ids != "")
    chosen = records[mask].assign(did=ids[mask])
    g = chosen.groupby("did")
    agg = pd.DataFrame({"records": g.size(),
                        "fatalities": g["fatalities"].sum(min_count=1).fillna(0).astype(int),
                        "first": g["date_start"].min(), "last": g["date_end"].max()})
    out = table.join(agg, on="id")
    for c in ("records", "fatalities"):
        out[c] = out[c].fillna(0).astype(int)
    everything = records if everything is None else everything
    all_ids = district_ids(everything)
    events = is_placed_event(everything) & (all_ids != "")
    whose = everything[events].assign(did=all_ids[events])
    counts = (whose.groupby(["did", "attribution"]).size().unstack(fill_value=0)
              if len(whose) else pd.DataFrame())
    for a in ATTRIBUTIONS:
        out[a] = out["id"].map(counts[a] if a in counts else {}).fillna(0).astype(int)
    return out.reset_index(drop=True)


def not_in_a_district(records: pd.DataFrame) -> int:
    """Counted records in Afghanistan that no district holds (known only to the province or
    coarser, or a district name that did not resolve)."""
    afghan = records["admin1"].fillna("").astype(str).str.startswith("AF-")
    return int((counted(records) & afghan & (district_ids(records) == "")).sum())


def district_summary(records: pd.DataFrame, everything: pd.DataFrame) -> dict:
    """What ``geo summary --json --by district`` adds: ``districts`` and
    ``not_in_a_district``, for records already filtered to the shown attributions (their
    ``attribution`` blocks count ``everything``, the window's records of every attribution)."""
    table = per_district(records, everything)
    return {
        "districts": [{"id": r.id, "name": r.name, "province_iso": r.province_iso,
                       "province": r.province, "records": int(r.records),
                       "fatalities": int(r.fatalities), "first": day_text(r.first),
                       "last": day_text(r.last),
                       "attribution": {a: int(getattr(r, a)) for a in ATTRIBUTIONS}}
                      for r in table.itertuples()],
        "not_in_a_district": not_in_a_district(records),
    }
