"""A file's cells as read, before any layout is recognised: the table every reader gives
(``RawTable``: CSV and JSON in ``geo.importers.reader``, Excel in ``geo.importers.excel``), its
header made unique, and the limits on its size. Both readers import it; neither imports the
other's module for it (a workbook is read in a child process that the CSV reader starts).

>>> cols, notes = unique_columns(["notes", "Notes"])
>>> cols
['notes', 'Notes (2)']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from geo.validation import Issue
from geo.words import Phrase

MAX_ROWS = 3_000_000        # rows in one file
MAX_COLUMNS = 500           # columns in one file


@dataclass
class RawTable:
    """Text cells of a file: ``rows`` has one column per header field (text, never NaN),
    ``lines`` where each row starts (line, Excel row, feature or record number: ``unit``).
    ``issues`` holds rows that could not be split into fields (rejected), ``raw_rows`` their
    cells; ``notes`` what was done to the file (unpacked, decoded) for the report."""

    columns: list[str]
    rows: pd.DataFrame
    lines: np.ndarray
    issues: list[Issue] = field(default_factory=list)
    raw_rows: dict[int, list[str]] = field(default_factory=dict)
    geojson: object = None
    name: str = ""
    notes: list[Issue] = field(default_factory=list)
    unit: str = "line"


def text_frame(columns: list[str], data: dict[str, list | pa.Array] | None = None,
               n: int = 0) -> pd.DataFrame:
    """Text columns (Arrow-backed strings); ``n`` empty rows when no data is given."""
    if not data:
        return pd.DataFrame({c: pd.Series([""] * n, dtype="str") for c in columns})
    return pd.DataFrame({c: pd.Series(data[c], dtype="str") for c in columns})


# Characters that are invisible in a header but make its name another: byte order marks,
# zero-width spaces and joiners, the word joiner and no-break spaces.
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00a0\u202f]")


# What a file's names name, said in the reader's language in a note.
_UNITS = {"column": Phrase("column"), "property": Phrase("property"), "field": Phrase("field")}


def unique_columns(header: list[str], unit: str = "column") -> tuple[list[str], list[Issue]]:
    """Column names, stripped; a repeated name (``notes,notes``, ``Notes,notes``) is kept under
    ``notes (2)`` with a warning, so nothing is lost and the first one is the one read."""
    seen: dict[str, int] = {}
    out, notes = [], []
    for pos, h in enumerate(header, start=1):
        name = str(h).strip()
        hidden = _INVISIBLE.findall(name)
        if hidden:
            name = _INVISIBLE.sub("", name).strip()
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in hidden}))
            notes.append(Issue(0, name, Phrase(
                "{unit} {pos} ('{name}') holds invisible character(s) {codes} (a byte order "
                "mark, a zero-width or a no-break space); removed from its name",
                unit=_UNITS.get(unit, unit), pos=pos, name=name, codes=codes)))
        name = name or f"column {pos}"
        key = name.lower()
        if key in seen:
            k = 2
            while f"{key} ({k})" in seen:
                k += 1
            new = f"{name} ({k})"
            notes.append(Issue(0, name, Phrase(
                "{unit} '{name}' appears more than once (the first, {unit} {first}, is read; "
                "{unit} {pos} is kept as '{new}')", unit=_UNITS.get(unit, unit), name=name,
                first=seen[key], pos=pos, new=new)))
            seen[new.lower()] = pos
            name = new
        else:
            seen[key] = pos
        out.append(name)
    return out, notes
