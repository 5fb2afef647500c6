"""Excel ``.xlsx`` workbooks, read in a child process that cannot take the server down.

calamine (Rust) reads a sheet into one dense range of its used area: a 3 KB file whose used
range ends at cell XFD1048576 asks for 512 GB, and the failed allocation aborts the whole
process. So the workbook is read by ``geo/importers/excel_child.py`` in a child with a memory
limit and a time limit; before anything is allocated the child measures the sheet's extent
from its XML and refuses one too large, naming the sheet and the cell. A crash of the child is
a clear message for that one file.

What Excel shows is what is read: the first *visible* sheet (the others are named in the
report); an error cell reads as its code (``#DIV/0!``, so a number column rejects it with the
reason); a formula saved without its value (written by a program that does not calculate) is
no value, and its row is rejected with the cell named.

>>> raw = read_xlsx(Path("acled.xlsx").read_bytes(), "acled.xlsx")
>>> raw.unit
'row'
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from geo.validation import FileProblem, Issue
from geo.words import Phrase, joined

CHILD = Path(__file__).with_name("excel_child.py")
MAX_CELLS = 30_000_000        # rows x columns of a sheet's used range
TIME_LIMIT = 60               # seconds for one workbook
BASE_MEMORY = 384 * 2**20     # the child's address space, plus MEMORY_PER_BYTE per file byte
MEMORY_PER_BYTE = 120


def memory_limit(size: int) -> int:
    return min(BASE_MEMORY + MEMORY_PER_BYTE * size, 3 * 2**30)


def _unread_sheets(got: dict) -> Phrase:
    """The note naming the sheets not read (a Phrase: a page says it in its reader's language;
    the sheets' names as given)."""
    names = [Phrase("'{name}' (hidden)", name=name) if hidden else f"'{name}'"
             for name, hidden in got["unread"]]
    return Phrase("the workbook has {n} sheets: '{sheet}' is read (the first visible one); "
                  "not read: {others}", n=f"{got['sheets']:,}", sheet=got["sheet"],
                  others=joined(names))


def read_xlsx(data: bytes, name: str):
    """The first visible sheet of a workbook as a RawTable; rows are the sheet's row numbers."""
    from geo.importers.table import MAX_COLUMNS, MAX_ROWS, RawTable, text_frame, \
        unique_columns
    import numpy as np

    got = _run_child(data, name)
    notes = [Issue(0, "", _unread_sheets(got))] if got["unread"] else []
    rows = got["rows"]
    bad_cells: dict[int, list[str]] = {}
    for r, ref in got["uncached"]:
        bad_cells.setdefault(r, []).append(ref)
    k = 0
    while k < len(rows) and not any(c.strip() for c in rows[k][1]):
        k += 1
    if k == len(rows):
        raise FileProblem(Phrase("{file}: the sheet '{sheet}' is empty", file=name,
                                 sheet=got["sheet"]))
    header = list(rows[k][1])
    while header and not header[-1].strip():
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise FileProblem(Phrase("{file} has {n} columns; the limit is {limit}", file=name,
                                 n=len(header), limit=MAX_COLUMNS))
    if len(rows) - k - 1 > MAX_ROWS:
        raise FileProblem(Phrase("{file} has more than {limit} rows; the limit is {limit}",
                                 file=name, limit=f"{MAX_ROWS:,}"))
    columns, more = unique_columns(header)
    notes += more
    width = len(columns)
    cols = [[] for _ in range(width)]
    lines, issues, raw_rows = [], [], {}
    for r, cells in rows[k + 1:]:
        if not any(c.strip() for c in cells) and r not in bad_cells:
            continue
        extra = [c for c in cells[width:] if c.strip()]
        if r in bad_cells:
            refs = ", ".join(bad_cells[r][:5])
            issues.append(Issue(r, "", f"cell {refs} holds a formula saved without its value "
                                       "(the program that wrote the file did not calculate "
                                       "it); open and save the file in Excel, or export CSV"))
            raw_rows[r] = cells
            continue
        if extra:
            issues.append(Issue(r, "", f"expected {width} cells as in the header row, found "
                                       f"{width + len(extra)}"))
            raw_rows[r] = cells
            continue
        cells = (cells + [""] * width)[:width]
        for j, c in enumerate(cells):
            cols[j].append(c)
        lines.append(r)
    for j, c in enumerate(columns):
        if c.lower() in DATE_COLUMNS:
            notes += _dates_from_serials(cols[j], lines, c)
    frame = text_frame(columns, dict(zip(columns, cols)))
    return RawTable(columns, frame, np.asarray(lines, dtype=np.int64), issues, raw_rows,
                    name=name, notes=notes, unit="row")


# The date columns of the formats read (ACLED, UCDP GED, native): where Excel keeps a date as
# a number (a cell not formatted as a date), it is read as that date, with a warning.
DATE_COLUMNS = {"event_date", "date_start", "date_end"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = (32_874, 73_051)  # 1 January 1990 .. 1 January 2100


def _dates_from_serials(cells: list[str], lines: list[int], column: str) -> list[Issue]:
    notes = []
    for k, text in enumerate(cells):
        if text.isdigit() and _SERIALS[0] <= int(text) <= _SERIALS[1]:
            day = _EXCEL_EPOCH + dt.timedelta(days=int(text))
            cells[k] = day.isoformat()
            notes.append(Issue(lines[k], column, Phrase(
                "Excel date number {number} read as {day:%d %B %Y} (the cell is not formatted "
                "as a date)", number=text, day=day)))
    return notes


def _run_child(data: bytes, name: str) -> dict:
    limit = memory_limit(len(data))
    try:
        from geo.importers.table import MAX_COLUMNS, MAX_ROWS
        # By its path, not with -m: the packages above it would load pandas into the child.
        proc = subprocess.run([sys.executable, str(CHILD), str(limit), str(TIME_LIMIT),
                               str(MAX_ROWS), str(MAX_COLUMNS), str(MAX_CELLS)],
                              input=data, capture_output=True, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        raise FileProblem(Phrase("{file}: reading the workbook took more than {seconds} s; "
                                 "save the sheet as CSV and add that", file=name,
                                 seconds=TIME_LIMIT)) from None
    if proc.returncode == 0:
        return json.loads(proc.stdout)
    if proc.returncode == 2:  # the child's own refusal, in words
        raise FileProblem(f"{name}{proc.stderr.decode('utf-8', 'replace').rstrip()}")
    raise FileProblem(Phrase("{file}: the workbook could not be read within {size} MB of "
                             "memory (a sheet whose used range is far larger than its data, or "
                             "a damaged file); save the sheet as CSV and add that", file=name,
                             size=f"{limit / 2**20:.0f}"))
