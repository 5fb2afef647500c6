"""The reports behind the built-in records (``data/activity/sources.csv``) and their labels.

A low-level module of its own so that importers can check ``source_id`` against it without
importing the built-in dataset (which itself is read through the importers).

>>> from geo.sources import source_labels
>>> source_labels()["S003"].endswith("between 26 and 31 December 2017")
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
    """The reports: id, outlet, headline, author, publication range and precision, seed file."""
    return _sources().copy()


def publication_label(start: str, end: str, precision: str) -> str:
    """A report's date as precisely as it is known: "July 2018", "between 26 and 31 December
    2017" (``range``: the article was written on some day between the two)."""
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    if precision == "range":
        if (a.year, a.month) == (b.year, b.month):
            return f"between {a.day} and {b.day} {b.strftime('%B %Y')}"
        return f"between {a.day} {a.strftime('%B %Y')} and {b.day} {b.strftime('%B %Y')}"
    if precision == "month" and start[:7] != end[:7]:
        return f"{a.strftime('%B')}–{b.strftime('%B %Y')}"
    return {"day": a.strftime("%d %B %Y"), "week": "week of " + a.strftime("%d %B %Y"),
            "month": a.strftime("%B %Y"), "year": a.strftime("%Y")}[precision]


def source_label(row) -> str:
    date = publication_label(row["published_start"], row["published_end"],
                             row["published_precision"])
    return f"{row['outlet']}, “{row['headline']}”, {date}"


@lru_cache(maxsize=1)
def source_labels() -> dict[str, str]:
    """Source id -> the label shown with each record (outlet, headline, date)."""
    return {r["id"]: source_label(r) for _, r in _sources().iterrows()}


def cited_sources(records: pd.DataFrame) -> list[str]:
    """The source of each record, once, in the order the records cite them: the list a map's
    sources panel, a slide's footer and its speaker notes number."""
    return list(dict.fromkeys(records["source"].fillna("").astype(str)))
