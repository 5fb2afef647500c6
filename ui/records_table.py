"""The records as the app's tables show them: in the users' words (dates as the reports give
them, places by name with their precision, whose activity, the count each record is in), with
no codes, snake_case or "None". The downloads keep the machine columns (``geo.figures.table``).

>>> readable(records).columns[:4].tolist()
['Date', 'Counted as', 'Category', 'Where']
"""
from __future__ import annotations

import pandas as pd

from geo.boundaries import unit_name
from geo.counts import kinds
from geo.figures import table_order
from map_runtime.activity_data import date_label, place_label

KIND_WORDS = {"events": "event", "area_claims": "area claim", "other_records": "other record",
              "context": "context (other actors)"}
WHOSE_WORDS = {"iskp": "ISKP", "possible": "possibly ISKP", "other": "other actors"}
ROLE_WORDS = {"actor": "ISKP the actor", "other party": "ISKP the other party"}


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or \
        value is pd.NA else str(value)


def readable(records: pd.DataFrame, national: bool = False) -> pd.DataFrame:
    """One row per record, in the table's order (by date, then id). ``national``: the
    national-level panel's fewer columns."""
    ordered = records.iloc[table_order(records)]
    rows = []
    for rec, kind in zip(ordered.to_dict("records"), kinds(ordered)):
        possible = [unit_name(c) for c in _text(rec.get("possible_admin1")).split("|") if c]
        fatalities = rec.get("fatalities")
        row = {
            "Date": date_label(rec["date_start"], rec["date_end"], rec["date_precision"]),
            "Counted as": KIND_WORDS[kind],
            "Category": _text(rec["category"]),
            "Where": place_label({k: _text(v) if k != "geo_precision" else v
                                  for k, v in rec.items()}),
            "May also include": ", ".join(possible),
            "Whose activity": WHOSE_WORDS.get(rec.get("attribution"), ""),
            "ISKP's role": ROLE_WORDS.get(rec.get("iskp_role"), ""),
            "Actors": _text(rec.get("actors")),
            "Fatalities": "" if fatalities is None or pd.isna(fatalities)
                          else f"{int(fatalities):,}",
            "Summary": _text(rec["summary"]),
            "Notes": _text(rec.get("notes")),
            "Source": _text(rec.get("source")),
            "Why this attribution": _text(rec.get("attribution_rule")),
            "Flags": _text(rec.get("flags")),
            "From": _text(rec.get("origin")),
            "Record": _text(rec["id"]),
        }
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)[NATIONAL_COLUMNS if national else COLUMNS]


COLUMNS = ["Date", "Counted as", "Category", "Where", "May also include", "Whose activity",
           "ISKP's role", "Actors", "Fatalities", "Summary", "Notes", "Source",
           "Why this attribution", "Flags", "From", "Record"]
NATIONAL_COLUMNS = ["Date", "Category", "Where", "Summary", "Notes", "Source", "Record"]
