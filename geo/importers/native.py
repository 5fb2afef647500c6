"""The project's own CSV format (``data/activity/reported_activity.csv`` and analysts' files).

Columns (see ``geo.records``): ``date_start`` (YYYY-MM-DD), ``date_precision`` (day, week,
month, year), ``category`` and ``summary`` are required, with a ``source_id`` from the sources
table or a ``source`` text. ``date_end`` defaults to the end of the ``date_start`` period;
``admin1`` takes ISO codes or names, ``|``-separated for several provinces; ``region`` may name
a known activity area (``geo.areas``), which then gives the provinces; ``possible_admin1`` lists
the provinces an area claim may also mean; ``geo_precision`` defaults from what is given.
"""
from __future__ import annotations

import pandas as pd

from geo.areas import activity_areas
from geo.importers.common import (blank, countries, finish, free_text_columns, number_column,
                                  parse_dates, text_columns, whole_number_column)
from geo.attribution import ATTRIBUTIONS, STATED, attribute
from geo.records import ATTRIBUTION_COLUMNS, CATEGORIES, DATE_PRECISIONS, GEO_PRECISIONS
from geo.validation import Problems, missing_or, reason_at
from geo.words import Phrase

REQUIRED = ["date_start", "category", "summary"]
# A day, or a day with a time of day (which parse_dates drops, with a warning).
DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
DETECT = [{"date_start", "date_precision", "category"}]


def required(columns: set[str]) -> list[str]:
    return REQUIRED
PERIOD_END = {
    "day": lambda d: d,
    "week": lambda d: d + pd.Timedelta(days=6),
    "month": lambda d: d + pd.offsets.MonthEnd(0),
    "year": lambda d: d + pd.offsets.YearEnd(0),
}


def stage(raw, known_sources: dict[str, str] | None = None, fmt: str = "native"):
    df, lines = raw.rows, raw.lines
    problems = Problems(lines)
    col, free = text_columns(df), free_text_columns(df)
    out = pd.DataFrame(index=df.index)
    out["id"] = col("id")

    precision = col("date_precision").str.lower()
    no_prec = precision == ""
    problems.warn(no_prec, "date_precision", Phrase("no date precision given; taken as 'day'"))
    precision = precision.where(~no_prec, "day")
    bad_prec = ~precision.isin(DATE_PRECISIONS)
    problems.reject(bad_prec, "date_precision", reason_at(
        "unknown date precision '{0}'; use one of {choices}", precision,
        choices=", ".join(DATE_PRECISIONS)))

    start = parse_dates(col("date_start"), DATE_FORMATS, problems, "date_start", required=True,
                        hint=Phrase("use YYYY-MM-DD"))
    end_given = col("date_end") != ""
    end = parse_dates(col("date_end"), DATE_FORMATS, problems, "date_end",
                      hint=Phrase("use YYYY-MM-DD"))
    derived = start.copy()
    for p, fn in PERIOD_END.items():
        m = (precision == p) & start.notna()
        if m.any():
            derived[m] = fn(start[m])
    out["date_start"] = start
    out["date_end"] = end.where(end_given, derived)
    out["date_precision"] = precision

    out["country"] = countries(col("country"), problems, "country")
    out["region"] = region = col("region")
    # A known activity area (data/activity/activity_areas.csv) brings its provinces: core ones
    # as admin1, the ones the words may also mean as possible_admin1.
    areas = activity_areas()
    known = region.isin(areas.index)
    core = region.map(lambda r: "|".join(areas.at[r, "core"]) if r in areas.index else "")
    possible = region.map(lambda r: "|".join(areas.at[r, "possible"]) if r in areas.index else "")
    place = col("admin1")
    problems.reject(known & (place != "") & (place != core), "admin1", reason_at(
        "'{0}' differs from the provinces of activity area '{1}' ({2}); leave admin1 empty",
        place, region, core))
    out["place_name"] = place.where(~known, core)
    given_possible = col("possible_admin1")
    out["possible_name"] = given_possible.where(given_possible != "", possible)
    out["district"] = col("district")
    out["location"] = free("location")
    lat = out["latitude"] = number_column(col("latitude"), problems, "latitude")
    lon = out["longitude"] = number_column(col("longitude"), problems, "longitude")

    geo_prec = col("geo_precision").str.lower()
    default_geo = pd.Series("country", index=df.index, dtype=object)
    default_geo[out["place_name"] != ""] = "province"
    default_geo[out["place_name"].str.contains("|", regex=False)] = "region"
    default_geo[lat.notna() & lon.notna()] = "point"
    geo_prec = geo_prec.where(geo_prec != "", default_geo)
    problems.reject(~geo_prec.isin(GEO_PRECISIONS), "geo_precision", reason_at(
        "unknown location precision '{0}'; use one of {choices}", geo_prec,
        choices=", ".join(GEO_PRECISIONS)))
    out["geo_precision"] = geo_prec

    category = col("category").str.lower()
    problems.reject(~category.isin(CATEGORIES), "category", missing_or(
        category, "missing category", "unknown category '{0}'; use one of {choices}",
        choices=", ".join(CATEGORIES)))
    out["category"] = category
    out["actors"] = col("actors")
    out["fatalities"] = whole_number_column(col("fatalities"), problems, "fatalities")
    out["summary"] = free("summary")
    problems.reject(blank(out["summary"]), "summary", Phrase("missing summary"))

    source_id, source_text = col("source_id"), free("source")
    known_sources = known_sources or {}
    no_text = blank(source_text)
    unknown_src = (source_id != "") & ~source_id.isin(list(known_sources)) & no_text
    problems.reject(unknown_src, "source_id", reason_at(
        "unknown source id '{0}'; give a known id or a 'source' text", source_id))
    no_src = (source_id == "") & no_text
    problems.reject(no_src, "source", Phrase("missing source: give 'source_id' or 'source'"))
    out["source_id"] = source_id
    out["source"] = source_text.where(~no_text, source_id.map(known_sources).fillna(""))
    out["notes"] = free("notes")
    given = col("attribution").str.lower()
    found = attribute({"actors": out["actors"]}, "native", out["date_start"], out["country"])
    problems.reject((given != "") & ~given.isin(ATTRIBUTIONS), "attribution", reason_at(
        "unknown attribution '{0}'; use one of {choices}", given,
        choices=", ".join(ATTRIBUTIONS)))
    # A file (the built-in records among them) may state the attribution its report gives.
    stated = given.isin(ATTRIBUTIONS)
    found.loc[stated, "attribution"] = given[stated]
    found.loc[stated, "attribution_rule"] = STATED + \
        (": " + col("attribution_note")).where(col("attribution_note") != "", "")[stated]
    role = col("iskp_role").str.lower()
    found.loc[stated, "iskp_role"] = role[stated].where(given[stated] != "other", "")
    out[list(ATTRIBUTION_COLUMNS)] = found
    return out, problems


def import_native(raw, known_sources=None, fmt: str = "native"):
    staged, problems = stage(raw, known_sources, fmt)
    return finish(staged, problems, fmt=fmt, name=raw.name, place_column="admin1",
                  raw=raw.rows, lines=raw.lines, extra_rejected=raw.issues,
                  extra_raw=raw.raw_rows)
