"""Date windows, filters and aggregation of records per province, border region and sector.

A record counts in a window when its date range overlaps the window: a record known only to the
month of July 2018 is in every window that touches July 2018. A record naming several provinces
(a region) counts once in each of them, but its fatalities are attributed to none (they cannot be
split honestly); totals count each record once.

>>> from geo.joins import DateWindow, filter_records, per_province
>>> july = filter_records(records, DateWindow.parse("2018-07-01", "2018-07-31"))
>>> per_province(july).set_index("iso").loc["AF-SAR", "records"]
1
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.boundaries import border_regions, province_borders, provinces
from geo.importers.common import SUCCESSORS


@dataclass(frozen=True)
class DateWindow:
    """An inclusive window of days; either end may be open (None)."""

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None

    @classmethod
    def parse(cls, start: str | None = None, end: str | None = None) -> "DateWindow":
        def one(v, what):
            if v in (None, ""):
                return None
            try:
                return pd.Timestamp(pd.to_datetime(v, format="%Y-%m-%d"))
            except (ValueError, TypeError):
                raise ValueError(f"{what} date '{v}' is not a date as YYYY-MM-DD") from None
        w = cls(one(start, "start"), one(end, "end"))
        if w.start is not None and w.end is not None and w.end < w.start:
            raise ValueError(f"the window ends ({w.end.date()}) before it starts "
                             f"({w.start.date()})")
        return w

    def label(self) -> str:
        s = self.start.strftime("%d %b %Y") if self.start is not None else "…"
        e = self.end.strftime("%d %b %Y") if self.end is not None else "…"
        return "all dates" if self.start is None and self.end is None else f"{s} – {e}"

    def as_dict(self) -> dict:
        return {"start": None if self.start is None else self.start.strftime("%Y-%m-%d"),
                "end": None if self.end is None else self.end.strftime("%Y-%m-%d")}


def in_window(records: pd.DataFrame, window: DateWindow) -> pd.Series:
    mask = pd.Series(True, index=records.index)
    if window.start is not None:
        mask &= records["date_end"] >= window.start
    if window.end is not None:
        mask &= records["date_start"] <= window.end
    return mask


def filter_records(records: pd.DataFrame, window: DateWindow | None = None,
                   categories=None, countries=None) -> pd.DataFrame:
    """Records in the window, of the given categories and countries (None or empty: all)."""
    mask = in_window(records, window or DateWindow())
    if categories:
        mask &= records["category"].isin(list(categories))
    if countries:
        mask &= records["country"].isin(list(countries))
    return records[mask]


def explode_places(records: pd.DataFrame) -> pd.DataFrame:
    """One row per (record, admin-1 unit), historical units mapped to their successors."""
    places = records["admin1"].fillna("").astype(str)
    multi = places.str.contains("|", regex=False)
    base = pd.DataFrame({"rec": np.arange(len(records)), "iso": places.to_numpy(),
                         "fatalities": records["fatalities"].to_numpy(),
                         "date_start": records["date_start"].to_numpy(),
                         "date_end": records["date_end"].to_numpy(),
                         "category": records["category"].to_numpy(),
                         "shared": multi.to_numpy()})
    if multi.any():
        base["iso"] = base["iso"].str.split("|")
        base = base.explode("iso", ignore_index=True)
    base = base[base["iso"] != ""]
    base["iso"] = base["iso"].replace(SUCCESSORS)
    return base


def _aggregate(places: pd.DataFrame) -> pd.DataFrame:
    if places.empty:
        return pd.DataFrame(columns=["records", "fatalities", "first", "last", "categories"])
    places = places.assign(fat=places["fatalities"].where(~places["shared"], np.nan))
    g = places.groupby("iso")
    out = pd.DataFrame({
        "records": g["rec"].nunique(),
        "fatalities": g["fat"].sum(min_count=1).fillna(0).astype(int),
        "first": g["date_start"].min(),
        "last": g["date_end"].max(),
    })
    cats = places.drop_duplicates(["iso", "category"]).sort_values("category")
    out["categories"] = cats.groupby("iso")["category"].agg(", ".join)
    return out


def per_province(records: pd.DataFrame) -> pd.DataFrame:
    """All 34 provinces: iso, name, records, fatalities, first, last, categories."""
    prov = provinces()[["iso", "name"]]
    agg = _aggregate(explode_places(records))
    out = prov.join(agg, on="iso")
    out["records"] = out["records"].fillna(0).astype(int)
    out["fatalities"] = out["fatalities"].fillna(0).astype(int)
    out["categories"] = out["categories"].fillna("")
    return out.reset_index(drop=True)


def per_border_region(records: pd.DataFrame) -> pd.DataFrame:
    """Modern border regions: iso, name, country, records, fatalities."""
    reg = border_regions()[["iso", "name", "country"]]
    agg = _aggregate(explode_places(records))
    out = reg.join(agg[["records", "fatalities"]] if len(agg) else agg, on="iso")
    out["records"] = out["records"].fillna(0).astype(int)
    out["fatalities"] = out["fatalities"].fillna(0).astype(int)
    return out[["iso", "name", "country", "records", "fatalities"]].reset_index(drop=True)


def per_border_sector(records: pd.DataFrame) -> pd.DataFrame:
    """Per neighbour: records in Afghan provinces touching it, and on its side of the border."""
    places = explode_places(records)
    touch = province_borders()
    reg = border_regions()
    rows = []
    for cc in ["PK", "IR", "TM", "UZ", "TJ", "CN"]:
        afghan = set(touch.loc[touch.neighbour == cc, "iso"])
        far = set(reg.loc[reg.country == cc, "iso"])
        rows.append({"neighbour": cc,
                     "afghan_side": int(places.loc[places.iso.isin(afghan), "rec"].nunique()),
                     "far_side": int(places.loc[places.iso.isin(far), "rec"].nunique())})
    return pd.DataFrame(rows)


def _date(v):
    return None if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")


def summary(records: pd.DataFrame, window: DateWindow) -> dict:
    """The ``geo summary --json`` object for records already filtered to the window."""
    prov = per_province(records)
    reg = per_border_region(records)
    names = dict(zip(border_regions().iso, border_regions().name))
    return {
        "window": window.as_dict(),
        "records": int(len(records)),
        "provinces": [{"iso": r.iso, "name": r.name, "records": int(r.records),
                       "fatalities": int(r.fatalities), "first": _date(r.first),
                       "last": _date(r.last)} for r in prov.itertuples()],
        "border_regions": [{"iso": r.iso, "name": names[r.iso], "country": r.country,
                            "records": int(r.records)} for r in reg.itertuples()],
        "border_sectors": per_border_sector(records).to_dict("records"),
    }
