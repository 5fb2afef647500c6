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

import numpy as np
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


def source_patterns(sources: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(pattern index, number, patterns): each source as a shared pattern and a number.
    "ACLED AFG12345: Pajhwok" is pattern "ACLED AFG{}: Pajhwok" and 12345. An export's event ids make every source distinct; a
    table of 250,000 strings would be most of the file. Numbers with a leading zero or too
    large for 32 bits stay in the pattern."""
    text = sources.fillna("").astype(str)
    parts = text.str.extract(r"^(\D*?)(\d+)(.*)$")
    digits = parts[1].fillna("")
    usable = (digits != "") & ~((digits.str.len() > 1) & digits.str.startswith("0")) & \
        (digits.str.len() <= 9)
    pattern = np.where(usable, parts[0].fillna("") + "{}" + parts[2].fillna(""),
                       text.str.replace("{}", "{ }", regex=False))
    numbers = np.where(usable, pd.to_numeric(digits.where(usable, "0")), 0).astype(np.uint32)
    codes, table = pd.factorize(pd.Series(pattern, index=sources.index), sort=False)
    return codes, numbers, [str(t) for t in table]


def grouped_sources(records: pd.DataFrame) -> list[str]:
    """The sources of many records, one line per pattern: "ACLED AFG…: Pajhwok (1,234
    records, numbers 101 to 99,870)". A file of 250,000 events cites 250,000 event ids; one
    line each would be most of an export."""
    codes, numbers, patterns = source_patterns(records["source"])
    frame = pd.DataFrame({"p": codes, "n": numbers})
    out = []
    for k, g in frame.groupby("p", sort=False):
        text = patterns[k]
        if "{}" in text and len(g) > 1:
            out.append(f"{text.replace('{}', '…')} ({len(g):,} records, numbers "
                       f"{g.n.min():,} to {g.n.max():,})")
        else:
            out.append(text.replace("{}", str(g.n.iloc[0])))
    return out
