"""What every importer shares: parsing helpers and the final placing and checking of records.

An importer maps its format's columns to a *staged* frame (the record columns, dates and numbers
parsed, the place still as the name the file gives) and reports format-specific problems; then
:func:`finish` places every row (gazetteer for names, point-in-polygon for coordinates), applies
the checks common to all formats and splits accepted from rejected rows.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pycountry

from geo.boundaries import SUCCESSORS
from geo.gazetteer import AmbiguousPlace, UnknownPlace, resolve
from geo.lookup import locate
from geo.records import COLUMNS, MAY_BE_OUTSIDE
from geo.validation import ImportResult, Problems, reason_at

HTML_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|javascript:|&#", re.IGNORECASE)
TEXT_COLUMNS = ("location", "district", "actors", "summary", "source", "notes")


def clean(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.strip()


def parse_dates(series: pd.Series, formats: list[str]) -> pd.Series:
    """Parse text dates trying each format in turn; NaT where none fits or the cell is empty."""
    text = clean(series)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    for fmt in formats:
        todo = out.isna() & (text != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    return out


def parse_float(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from text; returns (values, bad) where bad marks non-empty cells that are no number."""
    text = clean(series)
    values = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    values = values.where(np.isfinite(values))
    return values.astype(float), (text != "") & values.isna()


def text_columns(df: pd.DataFrame):
    """A getter for a column's cleaned text; a column the file lacks reads as empty."""
    return lambda c: clean(df[c]) if c in df else pd.Series("", index=df.index, dtype=object)


def number_column(values: pd.Series, problems: Problems, column: str,
                  label: str | None = None) -> pd.Series:
    """Numbers from a text column; a non-empty cell that is no number rejects its row."""
    numbers, bad = parse_float(values)
    problems.reject(bad, column, reason_at(f"{label or column} '{{0}}' is not a number", values))
    return numbers


@lru_cache(maxsize=512)
def country_code(value: str) -> str | None:
    """ISO alpha-2 for a country given as a name, alpha-2, alpha-3 or numeric code."""
    v = value.strip()
    if not v:
        return None
    try:
        if v.isdigit():
            c = pycountry.countries.get(numeric=v.zfill(3))
        elif len(v) == 2:
            c = pycountry.countries.get(alpha_2=v.upper())
        elif len(v) == 3:
            c = pycountry.countries.get(alpha_3=v.upper())
        else:
            c = pycountry.countries.lookup(v)
    except LookupError:
        c = None
    if c is None and len(v) > 3:
        try:
            c = pycountry.countries.search_fuzzy(v)[0]
        except LookupError:
            c = None
    return c.alpha_2 if c else None


def countries(series: pd.Series, problems: Problems, column: str) -> pd.Series:
    text = clean(series)
    codes = text.map({v: country_code(v) for v in text.unique()})
    bad = (text != "") & codes.isna()
    problems.reject(bad, column, reason_at("unknown country '{0}'", text))
    return codes.fillna("")


def _resolve_one(value: str, cc: str) -> tuple[str | None, str, str]:
    """(ISO codes joined by |, or None; rejection reason; warning) for one distinct name."""
    codes, warning = [], ""
    for part in value.split("|"):
        part = part.strip()
        try:
            unit = resolve(part, country=cc or None)
        except UnknownPlace as exc:
            hint = (f"; did you mean {', '.join(exc.suggestions)}?" if exc.suggestions
                    else "; no similar name is known")
            return None, f"unknown province or region '{part}'{hint}", ""
        except AmbiguousPlace as exc:
            return None, f"{exc}; give the ISO 3166-2 code instead", ""
        if unit.historical:
            warning = (f"{unit.name} ({unit.iso}) is a historical unit, merged into "
                       f"{unit.successor_iso} in 2018: kept as {unit.iso}, drawn and counted "
                       f"within {unit.successor_iso} on today's map")
        codes.append(unit.iso)
    return "|".join(dict.fromkeys(codes)), "", warning


def _resolve_names(names: pd.Series, country: pd.Series, problems: Problems, column: str):
    """ISO codes for admin-1 names (``|`` lists allowed), resolving each distinct name once."""
    pairs = pd.DataFrame({"name": names.to_numpy(object), "cc": country.to_numpy(object)})
    distinct = pairs.drop_duplicates().reset_index(drop=True)
    distinct = distinct[distinct["name"] != ""]
    solved = [_resolve_one(v, c) for v, c in zip(distinct["name"], distinct["cc"])]
    distinct = distinct.assign(iso=[s[0] or "" for s in solved], why=[s[1] for s in solved],
                               warn=[s[2] for s in solved])
    merged = pairs.merge(distinct, on=["name", "cc"], how="left")
    merged[["iso", "why", "warn"]] = merged[["iso", "why", "warn"]].astype(object).fillna("")
    problems.reject(merged["why"].to_numpy() != "", column, merged["why"].to_numpy(object))
    problems.warn(merged["warn"].to_numpy() != "", column, merged["warn"].to_numpy(object))
    return pd.Series(merged["iso"].to_numpy(object), index=names.index, dtype=object)




def finish(staged: pd.DataFrame, problems: Problems, *, fmt: str, name: str,
           place_column: str, raw: pd.DataFrame, lines: list[int],
           lat_column: str = "latitude", lon_column: str = "longitude",
           extra_rejected: list | None = None, extra_raw: dict | None = None) -> ImportResult:
    """Place, check and split the staged rows (see module docstring)."""
    staged = staged.reset_index(drop=True)
    n = len(staged)
    place_names = clean(staged["place_name"])
    staged["country"] = clean(staged["country"])
    admin1 = _resolve_names(place_names, staged["country"], problems, place_column)
    if "possible_name" in staged:
        staged["possible_admin1"] = _resolve_names(clean(staged["possible_name"]),
                                                   staged["country"], problems, "possible_admin1")

    lat, lon = staged["latitude"], staged["longitude"]
    one_missing = lat.isna() ^ lon.isna()
    problems.reject(one_missing, lat_column if lat.isna().any() else lon_column,
                    "latitude and longitude must be given together")
    out_of_range = (lat.abs() > 90) | (lon.abs() > 180)
    problems.reject(out_of_range, lat_column, reason_at(
        "coordinates out of range: latitude {0}, longitude {1}", lat, lon))
    has_point = lat.notna() & lon.notna() & ~out_of_range
    found = locate(lon.where(has_point), lat.where(has_point))
    point_admin1 = found["iso"].fillna("").astype(str)
    outside = has_point & (point_admin1 == "") & ~staged["category"].isin(MAY_BE_OUTSIDE)
    problems.reject(outside, lat_column, reason_at(
        "point ({0:.4f}, {1:.4f}) is outside Afghanistan and its border regions", lat, lon))

    # A name wins over coordinates; where they disagree the record is kept and flagged.
    named = admin1 != ""
    has_both = (named & (point_admin1 != "")).to_numpy()
    codes = admin1.to_numpy(object)
    points = point_admin1.to_numpy(object)
    single = has_both & ~admin1.str.contains("|", regex=False).to_numpy()
    disagree = np.zeros(n, dtype=bool)
    disagree[single] = pd.Series(codes[single]).replace(SUCCESSORS).to_numpy() != points[single]
    for p in np.flatnonzero(has_both & ~single):  # region records: a set test each
        disagree[p] = points[p] not in {SUCCESSORS.get(c, c) for c in codes[p].split("|")}
    problems.warn(disagree, place_column, reason_at(
        "names {0} ({1}) but the coordinates fall in {2} ({3}); kept under {1}, not moved",
        place_names, admin1, found["name"].fillna(""), point_admin1))
    admin1 = admin1.where(named, point_admin1)

    country_level = (staged["geo_precision"] == "country") & (staged["country"] != "")
    unplaced = (place_names == "") & ~has_point & ~country_level & ~one_missing
    problems.reject(unplaced, place_column,
                    "no place: give a province or region name, or latitude and longitude")
    # Country from the place when the file gives none.
    staged["country"] = staged["country"].where(staged["country"] != "",
                                                admin1.str.slice(0, 2))

    bad_order = staged["date_end"] < staged["date_start"]
    problems.reject(bad_order, "date_end", "the end date is before the start date")
    neg = staged["fatalities"] < 0
    problems.reject(neg, "fatalities", "fatalities cannot be negative")

    for col in TEXT_COLUMNS:
        if col in staged:
            text = clean(staged[col])
            # A cheap test first: markup needs '<', '&' or 'javascript:'.
            maybe = text.str.contains("<", regex=False) | text.str.contains("&", regex=False) | \
                text.str.contains("javascript:", case=False, regex=False)
            has_html = pd.Series(False, index=text.index)
            if maybe.any():
                has_html[maybe] = text[maybe].str.contains(HTML_LIKE)
            problems.warn(has_html, col, "contains HTML or script markup; it is shown as text")
    dup = staged["id"].ne("") & staged["id"].duplicated(keep="first")
    problems.warn(dup, "id", reason_at("duplicate id '{0}'", staged["id"]))

    staged["admin1"] = admin1
    staged["point_admin1"] = point_admin1.where(has_point, "")
    staged["line"] = lines
    staged["origin"] = name
    flags = pd.Series("", index=staged.index, dtype=object)
    for p, _, reason in problems.warnings:
        flags.iat[p] = (flags.iat[p] + "; " if flags.iat[p] else "") + reason
    staged["flags"] = flags
    for col in COLUMNS:
        if col not in staged:
            staged[col] = ""
    bad_pos = problems.rejected_positions()
    keep = np.ones(n, dtype=bool)
    keep[list(bad_pos)] = False
    records = staged.loc[keep, COLUMNS].reset_index(drop=True)

    rejected = problems.issues("rejected") + list(extra_rejected or [])
    rejected.sort(key=lambda i: (i.line, i.column))
    rej_rows = raw.iloc[sorted(bad_pos)].copy() if len(raw) else pd.DataFrame()
    if len(rej_rows):
        rej_rows.insert(0, "line", [lines[p] for p in sorted(bad_pos)])
    if extra_raw:
        cols = list(raw.columns)
        extra = pd.DataFrame([(ln, *r[:len(cols)], *[""] * (len(cols) - len(r)))
                              for ln, r in extra_raw.items()], columns=["line", *cols])
        rej_rows = pd.concat([rej_rows, extra], ignore_index=True) if len(rej_rows) else extra
    if len(rej_rows):
        why = {}
        for i in rejected:
            why.setdefault(i.line, []).append(f"{i.column}: {i.reason}" if i.column else i.reason)
        rej_rows["reason"] = [" | ".join(why.get(ln, [])) for ln in rej_rows["line"]]
        rej_rows = rej_rows.sort_values("line").reset_index(drop=True)
    return ImportResult(format=fmt, name=name, rows=n + len(extra_raw or {}), records=records,
                        rejected=rejected, warnings=problems.issues("warnings"),
                        rejected_rows=rej_rows)
