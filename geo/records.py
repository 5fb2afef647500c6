"""The record schema every importer produces: one row per reported fact with a place.

A record's dates are a range (``date_start`` to ``date_end``) with the precision of its ends, so a
fact known only to the month spans that month. Its place is an ISO 3166-2 code (``admin1``, a
``|``-separated list when a report names a region of several provinces), a point when the report
is precise enough, and ``geo_precision`` saying which.

>>> from geo.records import CATEGORIES
>>> "attack" in CATEGORIES
True
"""
from __future__ import annotations

import pandas as pd

CATEGORIES = (
    "attack",
    "presence report",
    "force estimate",
    "casualty figure",
    "official statement",
    "counter-terrorism meeting",
    "counter-terrorism operation",
    "other",
    "attack count",
    "links and reach",
    "context",
)
# Records that are not events of ISKP activity: a count over a period ("32 attacks since August
# 2021"), statements about the group's allies, fighters and reach, and context a report gives
# without tying it to ISKP (a US drone strike). They stay on the map, in the table and in the
# national panel, but per-province counts, headline figures, sector tables and charts leave
# them out.
NOT_COUNTED = frozenset({"attack count", "links and reach", "context"})
# Categories whose records may lie outside Afghanistan and its border regions (meetings in
# Moscow or Delhi are part of the story); any other record there is rejected.
MAY_BE_OUTSIDE = {"counter-terrorism meeting"}

DATE_PRECISIONS = ("day", "week", "month", "year")
# point: a named town or site; near: close to one; district / province / region (an area
# claim: provinces by a stated rule, see geo.areas) / country: the smallest unit the source names.
GEO_PRECISIONS = ("point", "near", "district", "province", "region", "country")
POINT_PRECISIONS = {"point", "near"}

COLUMNS = [
    "id", "date_start", "date_end", "date_precision", "country", "admin1", "region", "district",
    "location", "latitude", "longitude", "geo_precision", "point_admin1", "possible_admin1", "category", "actors",
    "fatalities", "summary", "source_id", "source", "notes", "flags", "origin", "line",
    "updated", "attribution", "attribution_rule", "iskp_role", "district_id", "district_from",
]
# ``district_id`` (geo.districts) where the precision allows, and ``district_from`` saying how:
# "coordinates", "name" or "" (geo.importers.district_placing).
# Whose activity a record is (geo.attribution): ISKP a named party, possibly ISKP, or another
# actor's; the rule that decided it; ISKP's role, "actor" or "other party".
ATTRIBUTION_COLUMNS = ("attribution", "attribution_rule", "iskp_role")


def empty_records() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    frame["date_start"] = pd.Series(dtype="datetime64[ns]")
    frame["date_end"] = pd.Series(dtype="datetime64[ns]")
    for c in ("latitude", "longitude", "fatalities", "updated"):
        frame[c] = pd.Series(dtype=float)
    frame["line"] = pd.Series(dtype=int)
    return frame


def concat_records(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_records()
    return pd.concat(frames, ignore_index=True)[COLUMNS]
