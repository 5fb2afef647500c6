"""Date windows, filters and aggregation of records per province, border region and sector.

A record counts in a window when its date range overlaps the window: a record known only to the
month of July 2018 is in every window that touches July 2018.

Per-province, per-region and per-sector counts take the records placed at province precision or
finer (a point, a district, a province) whose category is an event of ISKP activity. Area claims
("the north", see ``geo.areas``) are counted apart, as ``area_claims`` ("mentioned in N area
claims"), and categories that are not events (``geo.records.NOT_COUNTED``: a count over a
period, statements of links, context such as an unattributed drone strike) count nowhere.
Only records attributed to ISKP count (``geo.attribution``): ``iskp``, and ``possible`` when a
view includes it; records of other actors are context and count nowhere, shown or not.

>>> from geo.joins import DateWindow, filter_records, per_province
>>> july = filter_records(records, DateWindow.parse("2018-07-01", "2018-07-31"))
>>> per_province(july).set_index("iso").loc["AF-SAR", "records"]
1
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.areas import (activity_areas, area_claim_counts, area_units, counted_area_claims,
                       is_area_claim)
from geo.counts import counts_text, window_counts
from geo.boundaries import SUCCESSORS, border_regions, province_borders, provinces
from geo.attribution import ATTRIBUTIONS, COUNTED, DEFAULT_SHOWN, naming, statement
from geo.records import NOT_COUNTED
from geo.words import Phrase, day_text as day_words, say


@dataclass(frozen=True)
class DateWindow:
    """An inclusive window of days; either end may be open (None)."""

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None

    @classmethod
    def parse(cls, start: str | None = None, end: str | None = None) -> "DateWindow":
        def one(v):
            return None if v in (None, "") else pd.Timestamp(pd.to_datetime(v, format="%Y-%m-%d"))
        try:
            first = one(start)
        except (ValueError, TypeError):
            raise ValueError(Phrase("start date '{value}' is not a date as YYYY-MM-DD",
                                    value=start)) from None
        try:
            last = one(end)
        except (ValueError, TypeError):
            raise ValueError(Phrase("end date '{value}' is not a date as YYYY-MM-DD",
                                    value=end)) from None
        w = cls(first, last)
        if w.start is not None and w.end is not None and w.end < w.start:
            raise ValueError(Phrase("the window ends ({end}) before it starts ({start})",
                                    end=str(w.end.date()), start=str(w.start.date())))
        return w

    def label(self) -> str:
        s = day_words(self.start) if self.start is not None else "…"
        e = day_words(self.end) if self.end is not None else "…"
        return say("all dates") if self.start is None and self.end is None else f"{s} – {e}"

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
                   categories=None, countries=None, attributions=None,
                   actors=None) -> pd.DataFrame:
    """Records in the window, of the given categories, countries and attributions, naming any
    of the given actors (None or empty: all)."""
    mask = in_window(records, window or DateWindow())
    if categories:
        mask &= records["category"].isin(list(categories))
    if countries:
        mask &= records["country"].isin(list(countries))
    if attributions:
        mask &= records["attribution"].isin(list(attributions))
    if actors:
        mask &= naming(records, actors)
    return records[mask]


def is_event(records: pd.DataFrame) -> pd.Series:
    """True for records of ISKP activity that count as events: attributed to ISKP (or possibly)
    and of a category that is an event (area claims included)."""
    return records["attribution"].isin(COUNTED) & ~records["category"].isin(NOT_COUNTED)


def is_placed_event(records: pd.DataFrame) -> pd.Series:
    """True for records that are placed events whoever's they are: not an area claim, and of a
    category that is an event."""
    return ~is_area_claim(records) & ~records["category"].isin(NOT_COUNTED)


def counted(records: pd.DataFrame) -> pd.Series:
    """True for records that count as placed events: placed events attributed to ISKP (or
    possibly: a view that leaves ``possible`` out filters it first)."""
    return is_placed_event(records) & records["attribution"].isin(COUNTED)


def counted_places(records: pd.DataFrame) -> pd.DataFrame:
    """:func:`explode_places` of the counted records only (``rec`` stays a position in
    ``records``)."""
    places = explode_places(records)
    keep = counted(records).to_numpy()
    return places[keep[places["rec"].to_numpy()]] if len(places) else places


def records_mentioning(records: pd.DataFrame, iso: str) -> pd.DataFrame:
    """Records placed in ``iso`` or area claims that include it (as core or possibly)."""
    codes = records["admin1"].fillna("").astype(str) + "|" + \
        records["possible_admin1"].fillna("").astype(str)
    hit = codes.str.split("|").apply(lambda cs: iso in {SUCCESSORS.get(c, c) for c in cs})
    return records[hit]


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


def closed_window(window: DateWindow, records: pd.DataFrame) -> DateWindow:
    """``window`` with an open end closed at the records' first or last day (with no
    records: 1 Jan 2014 and today), for what needs a length or day numbers."""
    lo = records["date_start"].min() if len(records) else pd.Timestamp("2014-01-01")
    hi = records["date_end"].max() if len(records) else pd.Timestamp.today().normalize()
    return DateWindow(window.start if window.start is not None else lo,
                      window.end if window.end is not None else hi)


def per_province(records: pd.DataFrame) -> pd.DataFrame:
    """All 34 provinces: iso, name, records, fatalities, first, last, categories (counted
    records), area_claims and area_claims_possible (area claims naming the province as core, or
    possibly including it)."""
    prov = provinces()[["iso", "name"]]
    agg = _aggregate(counted_places(records))
    out = prov.join(agg, on="iso").join(area_claim_counts(records), on="iso")
    for c in ("records", "fatalities", "area_claims", "area_claims_possible"):
        out[c] = out[c].fillna(0).astype(int)
    out["categories"] = out["categories"].fillna("")
    return out.reset_index(drop=True)


def per_border_region(records: pd.DataFrame) -> pd.DataFrame:
    """Modern border regions: iso, name, country, records, fatalities, first, last, categories
    (counted records), area_claims and area_claims_possible, as :func:`per_province`."""
    reg = border_regions()[["iso", "name", "country"]]
    agg = _aggregate(counted_places(records))
    out = reg.join(agg, on="iso").join(area_claim_counts(records), on="iso")
    for c in ("records", "fatalities", "area_claims", "area_claims_possible"):
        out[c] = out[c].fillna(0).astype(int)
    out["categories"] = out["categories"].fillna("")
    return out[["iso", "name", "country", "records", "fatalities", "first", "last",
                "categories", "area_claims", "area_claims_possible"]].reset_index(drop=True)


def per_border_sector(records: pd.DataFrame) -> pd.DataFrame:
    """Per neighbour: counted records in Afghan provinces touching it and on its side of the
    border, and area claims whose core includes a province touching it."""
    places = counted_places(records)
    units = area_units(records)
    core = units[units.role == "core"]
    touch = province_borders()
    reg = border_regions()
    rows = []
    for cc in ["PK", "IR", "TM", "UZ", "TJ", "CN"]:
        afghan = set(touch.loc[touch.neighbour == cc, "iso"])
        far = set(reg.loc[reg.country == cc, "iso"])
        rows.append({"neighbour": cc,
                     "afghan_side": int(places.loc[places.iso.isin(afghan), "rec"].nunique()),
                     "far_side": int(places.loc[places.iso.isin(far), "rec"].nunique()),
                     "area_claims": int(core.loc[core.iso.isin(afghan | far), "rec"].nunique())})
    return pd.DataFrame(rows)


def day_text(v):
    """A date as ``geo summary --json`` writes it ("2018-07-13"), None for none."""
    return None if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")


def summary(records: pd.DataFrame, window: DateWindow, shown=None, actors=()) -> dict:
    """The ``geo summary --json`` object for records already filtered to the window (and to
    categories, countries and ``actors``), of every attribution: its counts are of the
    ``shown`` attributions (default ISKP only; other actors count nowhere), its
    ``attribution`` block and ``shown.statement`` say what the window holds besides."""
    shown = tuple(shown or DEFAULT_SHOWN)
    everything = records
    records = records[records["attribution"].isin(list(shown))]
    prov = per_province(records)
    reg = per_border_region(records)
    names = dict(zip(border_regions().iso, border_regions().name))
    is_claim = counted_area_claims(records)
    by_province = _attribution_per_province(everything)
    counts = window_counts(records)
    out = {
        "window": window.as_dict(),
        "records": int(len(records)),
        "counted_records": int(counted(records).sum()),
        # The words every surface uses (geo.counts): events, area claims, other records.
        "counts": {**counts, "text": counts_text(counts)},
        "not_counted": {c: int(n) for c, n in records.loc[
            records["category"].isin(NOT_COUNTED), "category"].value_counts().sort_index().items()},
        "provinces": [{"iso": r.iso, "name": r.name, "records": int(r.records),
                       "fatalities": int(r.fatalities), "first": day_text(r.first),
                       "last": day_text(r.last), "area_claims": int(r.area_claims),
                       "area_claims_possible": int(r.area_claims_possible)}
                      for r in prov.itertuples()],
        "border_regions": [{"iso": r.iso, "name": names[r.iso], "country": r.country,
                            "records": int(r.records), "area_claims": int(r.area_claims)}
                           for r in reg.itertuples()],
        "border_sectors": per_border_sector(records).to_dict("records"),
        "area_claims": [area_claim_json(r) for r in records[is_claim].to_dict("records")],
        # Whose activity the window's records are (geo.attribution), all and per province,
        # whether shown or not.
        "attribution": attribution_counts(everything),
        "shown": {"attributions": list(shown), "actors": list(actors),
                  "statement": statement(attribution_counts(everything), shown)},
    }
    for p in out["provinces"]:
        p["attribution"] = by_province.get(p["iso"], attribution_counts(records.iloc[:0]))
    return out


def attribution_counts(records: pd.DataFrame) -> dict:
    counts = records["attribution"].value_counts() if "attribution" in records else {}
    return {a: int(counts.get(a, 0)) for a in ATTRIBUTIONS}


def _attribution_per_province(records: pd.DataFrame) -> dict[str, dict]:
    """Per province: the records placed in it that are events (not area claims, an event
    category), per attribution, whether shown or not."""
    places = explode_places(records)
    keep = is_placed_event(records).to_numpy()
    places = places[keep[places["rec"].to_numpy()]] if len(places) else places
    if not len(places):
        return {}
    chosen = records.iloc[places["rec"].to_numpy()].assign(iso=places["iso"].to_numpy())
    return {iso: attribution_counts(group) for iso, group in chosen.groupby("iso")}


def area_claim_json(rec: dict) -> dict:
    """One area claim as ``geo summary --json`` lists it."""
    split = lambda v: [c for c in str(v or "").split("|") if c]
    areas = activity_areas()
    known = rec["region"] in areas.index
    return {"id": rec["id"], "area": rec["region"] or None, "location": rec["location"],
            "words": areas.at[rec["region"], "words"] if known else None,
            "rule": areas.at[rec["region"], "rule"] if known else None,
            "date_start": day_text(rec["date_start"]),
            "date_end": day_text(rec["date_end"]),
            "date_precision": rec["date_precision"], "category": rec["category"],
            "core": split(rec["admin1"]), "possible": split(rec.get("possible_admin1")),
            "summary": rec["summary"], "source": rec["source"]}
