"""Figures for a window: headline counts, share by border sector, records per month, the national
panel, and the table of records with CSV and GeoJSON downloads.

Figures count events of ISKP activity placed at province precision or finer (``geo.joins.counted``);
area claims and the categories that are not events are counted apart and said so; records of
other actors (context, ``geo.attribution``) count in no figure.

>>> headline(records)
{'events': 4, 'area_claims': 4, 'other_records': 5, 'context': 1, 'records': 14,
 'provinces_affected': 1, 'events_in_provinces': 1, 'border_provinces_share': 0.0}
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from geo.boundaries import NEIGHBOUR_NAMES, province_borders
from geo.counts import window_counts
from geo.joins import counted_places, is_event, per_border_sector
from geo.record_geometry import record_geometries
from geo.safe_csv import to_safe_csv


def headline(records: pd.DataFrame) -> dict:
    """The window's counts in the product's words (``geo.counts``: ``events``,
    ``area_claims``, ``other_records``, ``context``, and ``records`` their sum), and the
    province figures, which take the events placed in a province or finer."""
    places = counted_places(records)
    af = places[places.iso.str.startswith("AF-")]
    border_isos = set(province_borders().iso)
    in_af = af.rec.nunique()
    in_border = af[af.iso.isin(border_isos)].rec.nunique()
    return {**window_counts(records), "provinces_affected": int(af.iso.nunique()),
            "events_in_provinces": int(in_af),
            "border_provinces_share": (in_border / in_af) if in_af else None}


def sector_table(records: pd.DataFrame) -> pd.DataFrame:
    """Per neighbour: records on the Afghan side, on the far side, and the Afghan-side share."""
    s = per_border_sector(records)
    places = counted_places(records)
    in_af = places[places.iso.str.startswith("AF-")].rec.nunique()
    s.insert(0, "neighbour_name", s.neighbour.map(NEIGHBOUR_NAMES))
    s["share_of_afghan_records"] = (s.afghan_side / in_af).round(3) if in_af else 0.0
    return s


SECTOR_LABELS = {"neighbour_name": "Neighbour", "neighbour": "Code",
                 "afghan_side": "Afghan border provinces", "far_side": "Neighbour's border regions",
                 "share_of_afghan_records": "Share of Afghan records",
                 "area_claims": "Area claims touching the border"}


def per_month(records: pd.DataFrame, window_start: pd.Timestamp | None = None,
              window_end: pd.Timestamp | None = None) -> pd.DataFrame:
    """Records per month, honest about imprecise dates: each record counts once, spread over
    the months it may fall in (within the window), in proportion to their days. A record
    known only to the year 2019 adds 31/365 to January 2019, not 1. ``records`` is a float.
    The categories that are not events (a count of 32 attacks over months, say) and records of
    other actors (context) are left out.
    """
    records = records[is_event(records)]
    if records.empty:
        return pd.DataFrame({"month": pd.Series(dtype=str), "records": pd.Series(dtype=float)})
    starts, ends = records["date_start"], records["date_end"]
    if window_start is not None:
        starts = starts.where(starts >= window_start, window_start)
    if window_end is not None:
        ends = ends.where(ends <= window_end, window_end)
    ends = ends.where(ends >= starts, starts)
    # Each record becomes one row per month it touches, weighted by its days in that month.
    s = starts.to_numpy().astype("datetime64[D]")
    e = ends.to_numpy().astype("datetime64[D]")
    first = s.astype("datetime64[M]")
    months = (e.astype("datetime64[M]") - first).astype(int) + 1
    rec = np.repeat(np.arange(len(s)), months)
    month = first[rec] + (np.arange(len(rec)) - np.repeat(np.cumsum(months) - months, months))
    month_start = month.astype("datetime64[D]")
    month_end = (month + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    part = (np.minimum(e[rec], month_end) - np.maximum(s[rec], month_start)).astype(int) + 1
    span = (e - s).astype(int) + 1
    weights = pd.Series(part / span[rec]).groupby(month).sum()
    # Every month of the window (the chart's axis runs to the window's end, not the last
    # record's), empty ones too.
    lo, hi = month.min(), month.max()
    if window_start is not None:
        lo = min(lo, np.datetime64(pd.Timestamp(window_start).date(), "M"))
    if window_end is not None:
        hi = max(hi, np.datetime64(pd.Timestamp(window_end).date(), "M"))
    full = np.arange(lo, hi + 1)
    return pd.DataFrame({"month": np.datetime_as_string(full, unit="M"),
                         "records": weights.reindex(full, fill_value=0.0).to_numpy()})


def national(records: pd.DataFrame) -> pd.DataFrame:
    """Records at country level (force estimates, statements, national figures)."""
    return records[records["geo_precision"] == "country"]




TABLE_COLUMNS = ["id", "date_start", "date_end", "date_precision", "category", "country",
                 "admin1", "possible_admin1", "region", "district", "district_id", "district_from",
                 "location", "geo_precision",
                 "latitude", "longitude", "fatalities", "actors", "attribution",
                 "attribution_rule", "iskp_role", "summary", "notes", "source",
                 "flags", "origin"]


def table_order(records: pd.DataFrame) -> np.ndarray:
    """The positions of ``records`` in the table's order (by date, then id; stable)."""
    keys = records[["date_start", "id"]].reset_index(drop=True)
    return keys.sort_values(["date_start", "id"], kind="stable").index.to_numpy()


def table(records: pd.DataFrame) -> pd.DataFrame:
    out = records[TABLE_COLUMNS].iloc[table_order(records)].copy()
    for c in ("date_start", "date_end"):
        out[c] = out[c].dt.strftime("%Y-%m-%d")
    return out.reset_index(drop=True)


def to_csv(records: pd.DataFrame) -> bytes:
    """The records table as CSV, neutralised against formula injection (geo.safe_csv)."""
    return to_safe_csv(table(records))


def to_geojson(records: pd.DataFrame) -> bytes:
    """Records as GeoJSON, each with the geometry its precision allows
    (``geo.record_geometry``: a point, a district's or province's polygon, an area claim's
    provinces, Afghanistan) and ``drawn_as`` saying which; none where nothing can be drawn."""
    import shapely

    ordered = records.iloc[table_order(records)]
    shapes, drawn_as = record_geometries(ordered)
    feats = []
    for row, shape, kind in zip(table(ordered).to_dict("records"), shapes, drawn_as):
        geom = None if shape is None else json.loads(shapely.to_geojson(shape))
        props = {k: (None if (isinstance(v, float) and pd.isna(v)) else v) for k, v in row.items()}
        props["drawn_as"] = kind
        feats.append({"type": "Feature", "geometry": geom, "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": feats},
                      ensure_ascii=False).encode("utf-8")
