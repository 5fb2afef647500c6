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
from geo.attribution import said_rule
from geo.figures import table_order
from geo.words import say
from map_runtime.activity_data import date_label, place_label

KIND_WORDS = {"events": "event", "area_claims": "area claim", "other_records": "other record",
              "context": "context (other actors)"}
WHOSE_WORDS = {"iskp": "ISKP", "possible": "possibly ISKP", "other": "other actors"}
ROLE_WORDS = {"actor": "ISKP the actor", "other party": "ISKP the other party"}
COLUMNS = ["Date", "Counted as", "Category", "Where", "May also include", "Whose activity",
           "ISKP's role", "Actors", "Fatalities", "Summary", "Notes", "Source",
           "Why this attribution", "Flags", "From", "Record"]
NATIONAL_COLUMNS = ["Date", "Category", "Where", "Summary", "Notes", "Source", "Record"]
_PLACE = ["admin1", "location", "district", "district_id", "geo_precision", "country"]


def _text(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), "").astype(str)


def _per_distinct(frame: pd.DataFrame, make) -> pd.Series:
    """``make(row)`` once per distinct row of ``frame`` (100,000 records hold a few thousand
    dates and places), spread back over every row."""
    cols = list(frame.columns)
    distinct = frame.drop_duplicates().reset_index(drop=True)
    distinct["_made"] = [make(row) for row in distinct.to_dict("records")]
    made = frame.reset_index(drop=True).merge(distinct, on=cols, how="left")["_made"]
    return pd.Series(made.to_numpy(), index=frame.index, dtype=object)


def _said(words: dict) -> dict:
    """A table of the product's words in the reader's language (geo.words), said once per
    word, not once per record (100,000 records)."""
    return {key: say(word) for key, word in words.items()}


def _said_rules(rules: pd.Series) -> pd.Series:
    """Each record's attribution rule in the reader's language (its names and notes as
    given), said once per distinct rule."""
    text = _text(rules)
    return text.map({r: said_rule(r) for r in text.unique()})


def readable(records: pd.DataFrame, national: bool = False) -> pd.DataFrame:
    """One row per record, in the table's order (by date, then id). ``national``: the
    national-level panel's fewer columns."""
    rec = records.iloc[table_order(records)]
    dates = _per_distinct(rec[["date_start", "date_end", "date_precision"]],
                          lambda r: date_label(r["date_start"], r["date_end"],
                                               r["date_precision"]))
    places = _per_distinct(rec[_PLACE].apply(_text), place_label)
    possible = _per_distinct(_text(rec["possible_admin1"]).to_frame(),
                             lambda r: ", ".join(unit_name(c) for c in
                                                 r["possible_admin1"].split("|") if c))
    fat = pd.to_numeric(rec["fatalities"], errors="coerce")
    fatalities = pd.Series("", index=rec.index, dtype=object)
    given = fat.notna()
    fatalities[given] = fat[given].round().astype("int64").map("{:,}".format)
    categories = _text(rec["category"])
    out = pd.DataFrame({
        "Date": dates, "Counted as": kinds(rec).map(_said(KIND_WORDS)),
        # The categories are the product's (geo.records.CATEGORIES): said in the reader's words.
        "Category": categories.map(_said({c: c for c in categories.unique()})),
        "Where": places, "May also include": possible,
        "Whose activity": rec["attribution"].map(_said(WHOSE_WORDS)).fillna(""),
        "ISKP's role": rec["iskp_role"].map(_said(ROLE_WORDS)).fillna(""),
        "Actors": _text(rec["actors"]), "Fatalities": fatalities,
        "Summary": _text(rec["summary"]), "Notes": _text(rec["notes"]),
        "Source": _text(rec["source"]), "Why this attribution": _said_rules(rec["attribution_rule"]),
        "Flags": _text(rec["flags"]), "From": _text(rec["origin"]), "Record": _text(rec["id"]),
    }, columns=COLUMNS).reset_index(drop=True)
    out = out[NATIONAL_COLUMNS] if national else out
    # Headings in the reader's language (geo.words); the records' own words stay as given.
    return out.rename(columns=say)
