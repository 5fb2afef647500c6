"""Read an uploaded or local file into rows of text, keeping each row's line number.

Why not ``pandas.read_csv`` directly: a rejected row must name the line a person sees in their
editor, quoted fields may hold newlines, and a row with the wrong number of fields must be
reported, not shifted into the next column. The standard ``csv`` module gives all three.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.validation import FileProblem, Issue

MAX_BYTES = 64 * 1024 * 1024


@dataclass
class RawTable:
    """Text cells of a file: ``rows`` has one column per header field, ``lines`` where each row
    starts. ``issues`` holds rows that could not be split into fields (rejected)."""

    columns: list[str]
    rows: pd.DataFrame
    lines: list[int]
    issues: list[Issue] = field(default_factory=list)
    raw_rows: dict[int, list[str]] = field(default_factory=dict)
    geojson: dict | None = None
    name: str = ""


def read_bytes(source, name: str | None = None) -> tuple[bytes, str]:
    """Bytes and a display name from a path, bytes, or a file-like object (Streamlit upload)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise FileProblem(f"cannot read {path}: {exc.strerror or exc}") from None
        if size > MAX_BYTES:
            raise FileProblem(f"{path.name} is {size / 2**20:.0f} MiB; the limit is "
                              f"{MAX_BYTES // 2**20} MiB")
        return path.read_bytes(), name or path.name
    if hasattr(source, "read"):
        data = source.read(MAX_BYTES + 1)
        name = name or getattr(source, "name", "upload")
    else:
        data = bytes(source)
        name = name or "data"
    if len(data) > MAX_BYTES:
        raise FileProblem(f"{name} is larger than the {MAX_BYTES // 2**20} MiB limit")
    return data, name


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise FileProblem(f"{name} is empty")
    if b"\x00" in data[:8192]:
        raise FileProblem(f"{name} is a binary file, not CSV or GeoJSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"{name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV "
                          "or GeoJSON") from None
    return text


def read_csv_text(text: str, name: str) -> RawTable:
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        header = next(reader)
        while not any(h.strip() for h in header):
            header = next(reader)
    except StopIteration:
        raise FileProblem(f"{name} has no header row") from None
    except csv.Error as exc:
        raise FileProblem(f"{name} is not readable as CSV: {exc}") from None
    columns = [h.strip() for h in header]
    width = len(columns)
    rows, lines, issues, raw_rows = [], [], [], {}
    prev_end = reader.line_num
    try:
        for row in reader:
            start = prev_end + 1
            prev_end = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line is no data
            if len(row) != width:
                issues.append(Issue(start, "", f"expected {width} fields as in the header, "
                                                f"found {len(row)}"))
                raw_rows[start] = row
                continue
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        issues.append(Issue(prev_end + 1, "", f"CSV syntax error: {exc}; the rest of the file "
                                              "could not be read"))
    frame = pd.DataFrame(rows, columns=columns, dtype=object) if rows else \
        pd.DataFrame(columns=columns, dtype=object)
    return RawTable(columns, frame, lines, issues, raw_rows, name=name)


def read_table(source, name: str | None = None) -> RawTable:
    """Read CSV or GeoJSON from ``source`` (path, bytes or file-like)."""
    data, name = read_bytes(source, name)
    text = decode(data, name)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileProblem(f"{name} looks like JSON but is not valid: {exc.msg} at line "
                              f"{exc.lineno}") from None
        return RawTable([], pd.DataFrame(), [], geojson=obj, name=name)
    return read_csv_text(text, name)
