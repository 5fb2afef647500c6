"""ACLED CSV exports.

``time_precision`` 1 = the day, 2 = within a week (ACLED records the mid-point: the record spans
three days either side), 3 = within a month (the record spans the month). ``geo_precision`` 1 = the
town, 2 = near it, 3 = a larger region placed at the provincial capital (shown as province level).
Dates come as ``2018-07-13``, ``13 July 2018`` or ``13-July-2018``.
"""
from __future__ import annotations

import pandas as pd

from geo.importers.common import countries, finish, number_column, parse_dates, text_columns
from geo.validation import Problems, missing_or, reason_at

DETECT = {"event_id_cnty", "event_date"}
REQUIRED = ["event_id_cnty", "event_date", "time_precision", "event_type", "country", "admin1",
            "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
DATE_FORMATS = ["%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y"]
GEO = {"1": "point", "2": "near", "3": "province"}
VIOLENT = {"battles", "explosions/remote violence", "violence against civilians"}


def import_acled(raw):
    df = raw.rows
    problems = Problems(raw.lines)
    col = text_columns(df)
    out = pd.DataFrame(index=df.index)
    out["id"] = col("event_id_cnty")
    date = parse_dates(col("event_date"), DATE_FORMATS)
    problems.reject(date.isna(), "event_date", missing_or(
        col("event_date"), "missing event date",
        "unparseable date '{0}'; expected e.g. 2018-07-13, 13 July 2018 or 13-July-2018"))
    tp = col("time_precision")
    problems.reject(~tp.isin(["1", "2", "3"]), "time_precision", reason_at(
        "time_precision '{0}' is not 1 (day), 2 (week) or 3 (month)", tp))
    start, end = date.copy(), date.copy()
    week = tp == "2"
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
    out["location"] = col("location")
    out["latitude"] = number_column(col("latitude"), problems, "latitude")
    out["longitude"] = number_column(col("longitude"), problems, "longitude")
    gp = col("geo_precision")
    problems.reject(~gp.isin(list(GEO)), "geo_precision", reason_at(
        "geo_precision '{0}' is not 1 (town), 2 (near a town) or 3 (region)", gp))
    out["geo_precision"] = gp.map(GEO).fillna("point")

    event_type = col("event_type")
    out["category"] = event_type.str.lower().map(lambda t: "attack" if t in VIOLENT else "other")
    actors = col("actor1")
    for extra in ("assoc_actor_1", "actor2"):
        more = col(extra)
        actors = (actors + "; " + more).where((actors != "") & (more != ""), actors + more)
    out["actors"] = actors
    out["fatalities"] = number_column(col("fatalities"), problems, "fatalities")
    sub = col("sub_event_type")
    notes = col("notes")
    out["summary"] = notes.where(notes != "", event_type + ": " + sub)
    out["source_id"] = "ACLED " + out["id"]
    src = col("source")
    out["source"] = ("ACLED " + out["id"] + (": " + src).where(src != "", ""))
    out["notes"] = event_type + " / " + sub
    return finish(out, problems, fmt="acled", name=raw.name, place_column="admin1", raw=df,
                  lines=raw.lines, extra_rejected=raw.issues, extra_raw=raw.raw_rows)
