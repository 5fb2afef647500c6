"""The built-in reported-activity data: ``data/activity/`` read through the native importer.

The built-in file must load with zero rejected rows (a test holds it to that); records carry
their source id, resolved to the report's outlet, headline and date for display.

>>> from geo.activity import builtin_records, sources
>>> builtin_records().source_id.isin(sources().id).all()
True
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geo.importers import import_file
from geo.sources import DATA, source_label, source_labels, sources

__all__ = ["DATA", "builtin_records", "builtin_result", "source_label", "source_labels",
           "sources"]


@lru_cache(maxsize=1)
def _builtin():
    result = import_file(DATA / "reported_activity.csv", fmt="native",
                         known_sources=source_labels())
    result.records["origin"] = "built-in"
    return result


def builtin_result():
    """The import result of the built-in file (records, and any rejected rows: there are none)."""
    return _builtin()


def builtin_records() -> pd.DataFrame:
    return _builtin().records.copy()
