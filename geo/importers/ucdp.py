"""UCDP Georeferenced Event Dataset (GED) CSV.

``date_prec`` 1 = day, 2 = 2-6 days, 3 = week, 4 = month, 5 = year: the record spans
``date_start`` to ``date_end`` as UCDP gives them. ``where_prec`` 1 = exact place, 2 = within
25 km, 3 = second-order unit, 4 = province (placed at its centroid), 5 = a region of the country,
6 = country, 7 = international waters or air space (outside the covered region).
"""
from __future__ import annotations

import pandas as pd

from geo.attribution import attribute
from geo.importers.common import (countries, finish, number_column, parse_dates, text_columns,
                                  whole_number_column)
from geo.records import ATTRIBUTION_COLUMNS
from geo.validation import Problems, reason_at
from geo.words import Phrase

DETECT = [{"date_prec", "where_prec"}]
# The columns of UCDP's GED CSV, in its order (for fixtures and benchmarks that mimic it).
GED_COLUMNS = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,"
    "region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
    "deaths_unknown,best,high,low,gwnoa,gwnob").split(",")
REQUIRED = ["id", "date_start", "date_end", "date_prec", "latitude", "longitude", "where_prec",
            "adm_1", "country", "best"]
DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y"]
PREC = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
WHERE = {"1": "point", "2": "near", "3": "district", "4": "province", "5": "region",
         "6": "country"}
VIOLENCE = {"1": "state-based conflict", "2": "non-state conflict", "3": "one-sided violence"}


def required(columns: set[str]) -> list[str]:
    return REQUIRED


def _codes(col):
    """A column getter that reads '4.0' (Excel's number) as '4' in the code columns."""
    def get(c):
        v = col(c)
        return v.str.replace(r"\.0$", "", regex=True) if c in ("date_prec", "where_prec",
                                                                "type_of_violence") else v
    return get


def import_ucdp(raw):
    df = raw.rows
    problems = Problems(raw.lines)
    col = text_columns(df)
    out = pd.DataFrame(index=df.index)
    out["id"] = col("id")
    for c in ("date_start", "date_end"):
        out[c] = parse_dates(col(c), DATE_FORMATS, problems, c, required=True,
                             hint=Phrase("expected YYYY-MM-DD"))
    # Excel gives whole numbers as 1.0; UCDP's codes are whole numbers.
    col = _codes(col)
    dp = col("date_prec")
    problems.reject(~dp.isin(list(PREC)), "date_prec", reason_at("date_prec '{0}' is not 1-5", dp))
    out["date_precision"] = dp.map(PREC).fillna("day")
    out["country"] = countries(col("country"), problems, "country")
    adm1 = col("adm_1")
    out["place_name"] = adm1
    out["region"] = ""
    out["district"] = col("adm_2")
    out["location"] = col("where_description").where(col("where_description") != "",
                                                     col("where_coordinates"))
    lat = number_column(col("latitude"), problems, "latitude")
    lon = number_column(col("longitude"), problems, "longitude")
    wp = col("where_prec")
    problems.reject(~wp.isin(list(WHERE) + ["7"]), "where_prec",
                    reason_at("where_prec '{0}' is not 1-7", wp))
    problems.reject(wp == "7", "where_prec", Phrase(
        "where_prec 7 (international waters or air space) is outside the covered region"))
    # Country-level positions are the country's centroid: not a place to draw as a point.
    country_level = wp == "6"
    out["latitude"] = lat.where(~country_level)
    out["longitude"] = lon.where(~country_level)
    out["geo_precision"] = wp.map(WHERE).fillna("point")
    # where_prec 5 is "larger than a province"; a row that still names one (adm_1) is counted
    # there, as UCDP placed it, not drawn as an area claim beside the provinces' counts.
    in_named = (wp == "5") & (adm1 != "")
    out.loc[in_named, "geo_precision"] = "province"
    problems.warn(in_named, "where_prec", reason_at(
        "where_prec 5 (an area larger than a province) with adm_1 '{0}': counted in that "
        "province", adm1))
    out["category"] = "attack"
    out["actors"] = [f"{a}; {b}".strip("; ") for a, b in zip(col("side_a"), col("side_b"))]
    out["fatalities"] = whole_number_column(col("best"), problems, "best",
                                            label="fatalities (best)")
    kind = col("type_of_violence").map(VIOLENCE).fillna("violence")
    conflict = col("conflict_name")
    out["summary"] = (kind.str.capitalize() + (": " + conflict).where(conflict != "", "")
                      + (" (" + col("side_a") + " vs " + col("side_b") + ")"))
    out["source_id"] = "UCDP GED " + out["id"]
    art = col("source_article")
    out["source"] = "UCDP GED " + out["id"] + (": " + art).where(art != "", "")
    out["notes"] = ""
    # The dyad names both sides too ("Government of Afghanistan - IS").
    parties = {"side_a": col("side_a"), "side_b": col("side_b"),
               "dyad_name": col("dyad_name").str.replace(" - ", "; ", regex=False)}
    out[list(ATTRIBUTION_COLUMNS)] = attribute(parties, "ucdp", out["date_start"],
                                               out["country"])
    return finish(out, problems, fmt="ucdp", name=raw.name, place_column="adm_1", raw=df,
                  district_column="adm_2", lines=raw.lines, extra_rejected=raw.issues,
                  extra_raw=raw.raw_rows)
