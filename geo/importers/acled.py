"""ACLED exports: the export tool's CSV and Excel, the API's JSON, current and older layouts.

``time_precision`` 1 = the day, 2 = within a week (ACLED records the mid-point: the record spans
three days either side), 3 = within a month (the record spans the month). ``geo_precision`` 1 = the
town, 2 = near it, 3 = a larger region placed at the provincial capital (shown as province level).
Dates come as ``2018-07-13``, ``13 July 2018``, ``13-July-2018`` or, in older files and Excel,
``5-Oct-18``: a two-digit year is taken from the row's ``year`` column where the file has one.

Older layouts (``data_id``, ``event_id_no_cnty``, ``ally_actor_1``) and older event types
("Battle-No change of territory", "Remote violence", "Riots/Protests") map to the same
categories as today's: the violent types to ``attack``, the rest to ``other``. ``timestamp``
(when ACLED last changed the event) decides which copy wins when two exports overlap.
"""
from __future__ import annotations

import pandas as pd

from geo.importers.common import (blank, countries, finish, free_text_columns, number_column,
                                  parse_dates, parse_float, text_columns,
                                  whole_number_column)
from geo.attribution import attribute
from geo.records import ATTRIBUTION_COLUMNS
from geo.validation import Problems, reason_at
from geo.words import Phrase

# The columns of ACLED's current export, in its order (for fixtures and benchmarks that mimic it).
EXPORT_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
    "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp").split(",")
DETECT = [{"event_id_cnty", "event_date"}, {"event_id_no_cnty", "event_date"},
          {"data_id", "event_date", "event_type"}]
REQUIRED = ["event_date", "time_precision", "event_type", "country", "admin1", "latitude",
            "longitude", "geo_precision", "source", "notes", "fatalities"]
DATE_FORMATS = ["%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y",
                "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
GEO = {"1": "point", "2": "near", "3": "province"}
# Current event types, and the older ones ACLED used until 2019.
VIOLENT = {"battles", "explosions/remote violence", "violence against civilians",
           "remote violence", "battle-no change of territory",
           "battle-government regains territory", "battle-non-state actor overtakes territory"}
_SHORT_YEAR = r"^(\d{1,2})-([A-Za-z]{3,9})-(\d{2})$"


def required(columns: set[str]) -> list[str]:
    """The columns an ACLED file must have: an event id (current or older name) and these."""
    ids = [] if {"event_id_cnty", "event_id_no_cnty", "data_id"} & columns else ["event_id_cnty"]
    return ids + REQUIRED


def _event_dates(col, problems: Problems) -> pd.Series:
    text = col("event_date")
    is_short = text.str.match(_SHORT_YEAR)
    if is_short.any():
        short = text.str.extract(_SHORT_YEAR).where(is_short)
        # '5-Oct-18': the year comes from the row's year column, which ACLED always fills.
        year = col("year").str.replace(r"\.0$", "", regex=True)
        full_year = year.where(year.str.fullmatch(r"\d{4}"), "")
        agree = full_year.str[-2:] == short[2]
        use_year = is_short & (full_year != "") & agree
        problems.reject(is_short & (full_year != "") & ~agree, "event_date", reason_at(
            "the two-digit year of '{0}' disagrees with the year column ({1})", text, year))
        pivot = is_short & (full_year == "")
        if pivot.any():
            problems.warn(pivot, "event_date", reason_at(
                "two-digit year in '{0}' and no year column: read as 19xx for 89-99, 20xx "
                "otherwise", text))
        century = short[2].astype(float).map(lambda y: "19" if y >= 89 else "20", na_action="ignore")
        expanded = short[0] + "-" + short[1] + "-" + full_year.where(use_year, century + short[2])
        text = text.where(~(use_year | pivot), expanded)
        text = text.where(~(is_short & (full_year != "") & ~agree), "")
    return parse_dates(text, DATE_FORMATS, problems, "event_date", required=True,
                       hint=Phrase("expected e.g. 2018-07-13, 13 July 2018, 13-July-2018 or "
                                   "5-Oct-18"))


def import_acled(raw):
    df = raw.rows
    problems = Problems(raw.lines)
    col, free = text_columns(df), free_text_columns(df)
    out = pd.DataFrame(index=df.index)
    ids = col("event_id_cnty")
    for older in ("event_id_no_cnty", "data_id"):
        ids = ids.where(ids != "", col(older))
    out["id"] = ids
    date = _event_dates(col, problems)
    tp = col("time_precision").str.replace(r"\.0$", "", regex=True)
    problems.reject(~tp.isin(["1", "2", "3"]), "time_precision", reason_at(
        "time_precision '{0}' is not 1 (day), 2 (week) or 3 (month)", tp))
    start, end = date.copy(), date.copy()
    week = (tp == "2") & date.notna()
    start[week], end[week] = date[week] - pd.Timedelta(days=3), date[week] + pd.Timedelta(days=3)
    month = (tp == "3") & date.notna()
    start[month] = date[month].dt.to_period("M").dt.start_time
    end[month] = date[month].dt.to_period("M").dt.end_time.dt.normalize()
    out["date_start"], out["date_end"] = start, end
    out["date_precision"] = tp.map({"1": "day", "2": "week", "3": "month"}).fillna("day")

    out["country"] = countries(col("country"), problems, "country")
    out["place_name"] = col("admin1")
    out["region"] = ""
    out["district"] = col("admin2")
    out["location"] = free("location")
    out["latitude"] = number_column(col("latitude"), problems, "latitude")
    out["longitude"] = number_column(col("longitude"), problems, "longitude")
    gp = col("geo_precision").str.replace(r"\.0$", "", regex=True)
    problems.reject(~gp.isin(list(GEO)), "geo_precision", reason_at(
        "geo_precision '{0}' is not 1 (town), 2 (near a town) or 3 (region)", gp))
    out["geo_precision"] = gp.map(GEO).fillna("point")

    event_type = col("event_type")
    out["category"] = event_type.str.lower().isin(VIOLENT).map({True: "attack", False: "other"})
    actors = col("actor1")
    assoc = col("assoc_actor_1")
    assoc = assoc.where(assoc != "", col("ally_actor_1"))
    for more in (assoc, col("actor2")):
        actors = (actors + "; " + more).where((actors != "") & (more != ""), actors + more)
    out["actors"] = actors
    out["fatalities"] = whole_number_column(col("fatalities"), problems, "fatalities")
    sub = col("sub_event_type")
    notes = free("notes")
    kind = event_type + (": " + sub).where(sub != "", "")
    out["summary"] = notes.where(~blank(notes), kind)
    out["source_id"] = "ACLED " + out["id"]
    src = free("source")
    out["source"] = ("ACLED " + out["id"] + (": " + src).where(~blank(src), ""))
    out["notes"] = event_type + (" / " + sub).where(sub != "", "")
    out["updated"] = parse_float(col("timestamp"))[0]
    parties = {"actor1": col("actor1"), "assoc_actor_1": assoc, "actor2": col("actor2"),
               "assoc_actor_2": col("assoc_actor_2")}
    out[list(ATTRIBUTION_COLUMNS)] = attribute(parties, "acled", out["date_start"],
                                               out["country"])
    return finish(out, problems, fmt="acled", name=raw.name, place_column="admin1", raw=df,
                  district_column="admin2", lines=raw.lines, extra_rejected=raw.issues,
                  extra_raw=raw.raw_rows)
