"""The built-in reported-activity data: ``data/activity/`` read through the native importer.

The built-in file must load with zero rejected rows (a test holds it to that); records carry
their source id, resolved to the report's outlet, headline and date for display.

>>> from geo.activity import builtin_records, sources
>>> builtin_records().source_id.isin(sources().id).all()
True
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data" / "activity"


@lru_cache(maxsize=1)
def _sources() -> pd.DataFrame:
    return pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)


def sources() -> pd.DataFrame:
    """The reports behind the built-in records (id, outlet, headline, author, dates, seed file)."""
    return _sources().copy()


def source_label(row) -> str:
    start, end, prec = row["published_start"], row["published_end"], row["published_precision"]
    when = pd.Timestamp(start)
    date = {"day": when.strftime("%d %B %Y"), "week": "week of " + when.strftime("%d %B %Y"),
            "month": when.strftime("%B %Y"), "year": when.strftime("%Y")}[prec]
    if prec == "month" and start[:7] != end[:7]:
        date = f"{when.strftime('%B')}–{pd.Timestamp(end).strftime('%B %Y')}"
    return f"{row['outlet']}, “{row['headline']}”, {date}"


@lru_cache(maxsize=1)
def source_labels() -> dict[str, str]:
    return {r["id"]: source_label(r) for _, r in _sources().iterrows()}


@lru_cache(maxsize=1)
def _builtin():
    from geo.importers import import_file

    result = import_file(DATA / "reported_activity.csv", fmt="native",
                         known_sources=source_labels())
    result.records["origin"] = "built-in"
    return result


def builtin_result():
    """The import result of the built-in file (records, and any rejected rows: there are none)."""
    return _builtin()


def builtin_records() -> pd.DataFrame:
    return _builtin().records.copy()
