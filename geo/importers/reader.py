"""Read a data file into rows of text, keeping where each row is in the file.

Formats: CSV (any encoding Excel writes, separated by commas, semicolons, tabs or bars,
gzipped or zipped), Excel ``.xlsx`` (the first visible sheet, read in a bounded child process:
``geo.importers.excel``), ACLED API JSON (``{"data": [...]}``) and GeoJSON (handed to its
importer as parsed JSON).

Why not ``pandas.read_csv`` directly: a rejected row must name the line a person sees in their
editor, quoted fields may hold newlines, a row with the wrong number of fields must be reported
(not shifted into the next column), and one broken row (an unterminated quote, a huge cell)
must be rejected on its own while reading resumes at the next line. A fast scan over the lines
finds the records and checks their quotes and field counts; the good ones are parsed by Arrow
in chunks (300 MB in seconds), into Arrow-backed string columns that cost no Python objects.

>>> raw = read_table("acled_export.csv")
>>> raw.columns[:2], raw.lines[:2]
(['event_id_cnty', 'event_date'], [2, 3])
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from geo.importers.containers import MAX_BYTES, open_source
from geo.importers.table import MAX_COLUMNS, MAX_ROWS, RawTable, text_frame, \
    unique_columns
from geo.validation import FileProblem, Issue
from geo.words import Phrase

MAX_CELL = 100_000          # characters in one cell
MAX_SPAN = 100              # lines one quoted record may span before it counts as unterminated
MAX_MALFORMED = 10_000      # malformed rows before the file is refused as not this kind of CSV
CHUNK_ROWS = 200_000        # records parsed by Arrow at a time

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _fields(record: bytes) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(record.decode("utf-8", "replace"), newline=""),
                               strict=False), [])
    except csv.Error:
        return record.decode("utf-8", "replace").split(",")


# A line whose every field is unquoted (no quote at all) or quoted and closed on the line: a
# whole record, as the csv module reads it (the common case, tested in one linear pass).
_FIELD = rb'(?:"(?:[^"]|"")*"|[^,"]*)'
_WHOLE_LINE = re.compile(_FIELD + rb"(?:," + _FIELD + rb")*")
_SENTINEL = "\x00end of the lines fed\x00"


def _csv_span(lines: list[bytes], i: int, n: int) -> int | None:
    """How many lines the record starting at line ``i`` spans, read as the csv module reads
    it; None when a quoted field stays open past :data:`MAX_SPAN` lines, :data:`MAX_CELL`
    characters or the end of the file."""
    def fed():
        size = 0
        for j in range(i, min(n, i + MAX_SPAN)):
            size += len(lines[j])
            yield lines[j].decode("utf-8", "replace") + "\n"
            if size > MAX_CELL:
                break
        yield _SENTINEL + "\n"

    reader = csv.reader(fed(), strict=False)
    try:
        fields = next(reader)
    except (csv.Error, StopIteration):
        return None
    if fields and _SENTINEL in fields[-1]:
        return None
    return reader.line_num


def _arrow_strings(data: bytes, width: int, skip_rows: int,
                   newlines_in_values: bool) -> pa.Table | None:
    """All cells as strings, or None at the first row Arrow finds malformed (the line scan
    then reports it): Arrow never skips a row silently here."""
    names = [f"c{i}" for i in range(width)]
    try:
        return pacsv.read_csv(
            io.BytesIO(data),
            # 1 MiB blocks let both cores work.
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=skip_rows,
                                           block_size=1 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=newlines_in_values,
                                             invalid_row_handler=lambda row: "error"),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                 strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None


def _parse_chunk(records: list[bytes], width: int) -> list[pa.Array] | None:
    """Arrow-parse complete, checked records; None if Arrow disagrees with the scan."""
    table = _arrow_strings(b"\n".join(records) + b"\n", width, 0, newlines_in_values=True)
    if table is None or table.num_rows != len(records):
        return None
    return [table.column(i).combine_chunks() for i in range(width)]


def _fast_path(data: bytes, name: str) -> RawTable | None:
    """The whole file parsed by Arrow in one go, when that is safe: a header on the first line,
    no blank line, no record spanning lines, every row of the header's width and no oversized
    cell. Then row k is on line k + 2. Anything else (None) goes to the line scan."""
    if b"\n\n" in data or data[:1] in (b"\n", b" ", b","):
        return None
    end = data.find(b"\n")
    first = data[:end] if end >= 0 else data
    if b'"' in first:
        return None
    header = first.decode("utf-8", "replace").split(",")
    if len(header) > MAX_COLUMNS:
        return None
    n_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    # No newlines in values: a record spanning lines splits into short rows, which sends the
    # file to the line scan.
    table = _arrow_strings(data, len(header), 1, newlines_in_values=False)
    if table is None or table.num_rows != n_lines - 1 or table.num_rows > MAX_ROWS:
        return None
    for col in table.columns:
        if len(col) and pc.max(pc.utf8_length(col)).as_py() > MAX_CELL:
            return None
    columns, notes = unique_columns(header)
    # One contiguous array per column: Arrow's take and filter on a column of hundreds of
    # chunks (one per parsed block) are several times slower.
    frame = pd.DataFrame({c: pa.chunked_array([table.column(k).combine_chunks()])
                          .to_pandas(types_mapper=_str_mapper) for k, c in enumerate(columns)})
    lines = np.arange(2, table.num_rows + 2, dtype=np.int64)
    return RawTable(columns, frame, lines, [], {}, name=name, notes=notes)


def read_csv_bytes(data: bytes, name: str, progress=None) -> RawTable:
    """Split UTF-8 CSV bytes into rows (see the module docstring)."""
    if b"\r" in data:
        # Windows (CRLF) and old Mac (CR) line ends, as an editor counts lines.
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            data = data.replace(b"\r", b"\n")
    # A row-count bomb (a header, then millions of one-character lines) is refused before any
    # line is split: counting line ends is one pass in C.
    n_lines = data.count(b"\n")
    if n_lines > MAX_ROWS * 2:
        raise FileProblem(Phrase("{file} has {n} lines; the limit is {limit} rows (split the "
                                 "file by year or country)", file=name, n=f"{n_lines:,}",
                                 limit=f"{MAX_ROWS:,}"))
    data, delimiter_notes = _as_commas(data)
    fast = _fast_path(data, name)
    if fast is not None:
        fast.notes = delimiter_notes + fast.notes
        return fast
    lines = data.split(b"\n")
    n = len(lines)
    i = 0
    while i < n and not lines[i].strip(b" \t\r,"):
        i += 1
    if i == n:
        raise FileProblem(Phrase("{file} has no header row", file=name))
    header = _fields(lines[i])
    if len(header) > MAX_COLUMNS:
        raise FileProblem(Phrase("{file} has {n} columns; the limit is {limit}", file=name,
                                 n=len(header), limit=MAX_COLUMNS))
    columns, notes = unique_columns(header)
    width = len(columns)
    i += 1
    issues: list[Issue] = []
    raw_rows: dict[int, list[str]] = {}
    chunk, chunk_lines = [], []
    parsed: list[list[pa.Array]] = []
    all_lines: list[int] = []

    def reject(line_no: int, reason: str, cells: list[str]):
        issues.append(Issue(line_no, "", reason))
        raw_rows[line_no] = cells
        if len(issues) > MAX_MALFORMED:
            raise FileProblem(Phrase("{file}: more than {limit} malformed rows (the last at "
                                     "line {line}: {reason}); this is not a CSV with the "
                                     "{width} columns of its header", file=name,
                                     limit=f"{MAX_MALFORMED:,}", line=line_no, reason=reason,
                                     width=width))

    def flush():
        if not chunk:
            return
        cols = _parse_chunk(chunk, width)
        if cols is None:  # rare: Arrow read the chunk differently; use the csv module
            cols_py = [[] for _ in range(width)]
            kept = []
            for rec, line_no in zip(chunk, chunk_lines):
                cells = _fields(rec)
                if len(cells) != width:
                    reject(line_no, Phrase("expected {width} fields as in the header, found "
                                           "{count}", width=width, count=len(cells)), cells)
                    continue
                for k, v in enumerate(cells):
                    cols_py[k].append(v)
                kept.append(line_no)
            cols = [pa.array(c, type=pa.string()) for c in cols_py]
            chunk_lines[:] = kept
        parsed.append(cols)
        all_lines.extend(chunk_lines)
        chunk.clear()
        chunk_lines.clear()
        if progress is not None:
            progress(min(1.0, i / n))

    while i < n:
        start = i
        line = lines[i]
        if b'"' in line and not _WHOLE_LINE.fullmatch(line):
            # Where the record ends is where the csv module says: a quote opens a quoted field
            # only at the start of a field (an inch mark inside one is a character).
            span = _csv_span(lines, i, n)
            if span is None:
                reject(start + 1, Phrase("a quote opened on this line is never closed; the "
                                         "row is rejected and reading resumes at the next "
                                         "line"),
                       [line.decode("utf-8", "replace")[:1000]])
                i += 1
                continue
            record = b"\n".join(lines[i:i + span]) if span > 1 else line
            i += span
        else:
            record = line
            i += 1
        if not record.strip(b" \t\r"):
            continue  # a blank line is no data
        if len(all_lines) + len(chunk) >= MAX_ROWS:
            raise FileProblem(Phrase("{file} has more than {limit} rows; the limit is {limit} "
                                     "(split the file by year or country)", file=name,
                                     limit=f"{MAX_ROWS:,}"))
        if b'"' in record or len(record) > MAX_CELL:
            cells = _fields(record)
            count = len(cells)
            longest = max((len(c) for c in cells), default=0)
        else:
            count = record.count(b",") + 1
            cells, longest = None, 0
        if count != width:
            reject(start + 1, Phrase("expected {width} fields as in the header, found {count}",
                                     width=width, count=count),
                   cells if cells is not None else _fields(record))
            continue
        if longest > MAX_CELL:
            reject(start + 1, Phrase("a cell is {n} characters long; the limit is {most}",
                                     n=f"{longest:,}", most=f"{MAX_CELL:,}"),
                   [c[:1000] for c in cells])
            continue
        chunk.append(record)
        chunk_lines.append(start + 1)
        if len(chunk) >= CHUNK_ROWS:
            flush()
    flush()
    del lines
    if parsed:
        arrays = {c: pa.chunked_array([pa.chunked_array([p[k] for p in parsed],
                                                         type=pa.string()).combine_chunks()])
                  for k, c in enumerate(columns)}
        frame = pd.DataFrame({c: arrays[c].to_pandas(types_mapper=_str_mapper)
                              for c in columns})
    else:
        frame = text_frame(columns)
    return RawTable(columns, frame, np.asarray(all_lines, dtype=np.int64), issues, raw_rows,
                    name=name, notes=delimiter_notes + notes)


_DELIMITERS = {";": Phrase("semicolons (;), as Excel writes CSV where the decimal mark is a "
                           "comma"),
               "\t": Phrase("tabs, as Excel writes 'Unicode text' and 'Text (tab-delimited)'"),
               "|": Phrase("vertical bars (|)")}


def _as_commas(data: bytes) -> tuple[bytes, list[Issue]]:
    """Excel's ``sep=;`` first line is taken out, and a file separated by semicolons, tabs or
    bars (its header has no comma but one of those) is rewritten with commas by the csv
    module, cell for cell and line for line; a note says which was found."""
    notes = []
    first_end = data.find(b"\n")
    first = (data[:first_end] if first_end >= 0 else data).strip()
    delimiter = None
    if first.lower().startswith(b"sep=") and len(first) == 5:
        delimiter = first[4:5].decode("latin-1")
        data = b"\n" + data[first_end + 1:] if first_end >= 0 else b""
        notes.append(Issue(1, "", Phrase("line 1 is Excel's 'sep={separator}' line: it names "
                                         "the separator and is not data",
                                         separator=delimiter)))
        first_end = data.find(b"\n", 1)
        first = data[1:first_end].strip() if first_end >= 0 else data.strip()
    if delimiter is None and b"," not in first:
        counts = {d: first.count(d.encode()) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        delimiter = best if counts[best] else None
    if delimiter in (None, ","):
        return data, notes
    text = data.decode("utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False):
        writer.writerow(row)
    notes.append(Issue(0, "", Phrase("the file is separated by {separator}; read as such",
                                     separator=_DELIMITERS.get(delimiter, repr(delimiter)))))
    return out.getvalue().encode("utf-8"), notes


def _str_mapper(t):
    return pd.StringDtype("pyarrow", na_value=np.nan) if pa.types.is_string(t) else None


def _records_table(items: list, name: str, unit: str) -> RawTable:
    """A table from a list of JSON objects (ACLED's API ``data``), numbered from 1."""
    if len(items) > MAX_ROWS:
        raise FileProblem(Phrase("{file} has more than {limit} records; the limit is {limit}",
                                 file=name, limit=f"{MAX_ROWS:,}"))
    keys: dict[str, None] = {}
    issues, raw_rows, good = [], {}, []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            issues.append(Issue(n, "", f"{unit} {n} is {type(item).__name__}, not an object"))
            raw_rows[n] = [json.dumps(item)[:1000]]
            continue
        keys.update(dict.fromkeys(str(k) for k in item))
        good.append((n, item))
        if len(keys) > MAX_COLUMNS:
            raise FileProblem(Phrase("{file} has more than {limit} fields; the limit is {limit}",
                                     file=name, limit=MAX_COLUMNS))
    columns, notes = unique_columns(list(keys), "field")
    data = {c: [] for c in columns}
    for _, item in good:
        for k, c in zip(keys, columns):
            v = item.get(k)
            data[c].append("" if v is None else
                           json.dumps(v) if isinstance(v, (dict, list)) else
                           ("1" if v else "0") if isinstance(v, bool) else str(v))
    frame = text_frame(columns, data, len(good)) if columns else \
        pd.DataFrame(index=range(len(good)))
    return RawTable(columns, frame, np.asarray([n for n, _ in good], dtype=np.int64), issues,
                    raw_rows, name=name, notes=notes, unit=unit)


def _number_or_text(digits: str):
    """A JSON integer; one of hundreds of digits stays its text (Python refuses to print an
    int of more than 4,300 digits, and no count or code is that long: a check names it)."""
    return int(digits) if len(digits) <= 60 else digits


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(obj, count: list[int]):
    """A JSON string may escape half of a character (``\\ud83d`` without its pair): such a
    half cannot be written out as UTF-8, so it becomes U+FFFD, and the report says how many."""
    if isinstance(obj, str):
        fixed, n = _LONE_SURROGATE.subn("\ufffd", obj)
        count[0] += n
        return fixed
    if isinstance(obj, list):
        return [_replace_surrogates(v, count) for v in obj]
    if isinstance(obj, dict):
        return {_replace_surrogates(k, count): _replace_surrogates(v, count)
                for k, v in obj.items()}
    return obj


def read_json_bytes(data: bytes, name: str) -> RawTable:
    try:
        obj = json.loads(data, parse_int=_number_or_text)
    except RecursionError:
        raise FileProblem(Phrase("{file}: the JSON is nested too deeply to be a data file",
                                 file=name)) from None
    except json.JSONDecodeError as exc:
        raise FileProblem(Phrase("{file} looks like JSON but is not valid: {detail} at line "
                                 "{line}", file=name, detail=exc.msg, line=exc.lineno)) from None
    halves = [0]
    if re.search(rb"\\u[dD][89a-fA-F]", data):
        obj = _replace_surrogates(obj, halves)
    raw = _json_table(obj, name)
    if halves[0]:
        raw.notes.append(Issue(0, "", Phrase("{n} text value(s) held half of a character (a "
                                             "lone escape of U+D800 to U+DFFF); each half is "
                                             "shown as U+FFFD (�)", n=halves[0])))
    return raw


def _json_table(obj, name: str) -> RawTable:
    if isinstance(obj, dict) and "data" in obj and "type" not in obj and \
            not isinstance(obj["data"], list):
        raise FileProblem(Phrase("{file} looks like ACLED API JSON, but its 'data' is {kind}, "
                                 "not a list of events", file=name,
                                 kind=type(obj["data"]).__name__))
    if isinstance(obj, dict) and isinstance(obj.get("data"), list) and "type" not in obj:
        return _records_table(obj["data"], name, "record")  # ACLED's API
    if isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj[:10]) and \
            not any("geometry" in x for x in obj[:10]):
        return _records_table(obj, name, "record")
    return RawTable([], pd.DataFrame(), np.zeros(0, dtype=np.int64), geojson=obj, name=name,
                    unit="feature")


def read_table(source, name: str | None = None, progress=None) -> RawTable:
    """Read CSV, Excel, ACLED API JSON or GeoJSON from ``source`` (path, bytes or file-like),
    unpacking gzip and zip. ``progress(fraction)``, when given, is called as reading goes."""
    data, name, kind, notes = open_source(source, name)
    if kind == "xlsx":
        from geo.importers.excel import read_xlsx  # in a bounded child process
        raw = read_xlsx(data, name)
    elif data.lstrip()[:1] in (b"{", b"["):
        raw = read_json_bytes(data, name)
    else:
        raw = read_csv_bytes(data, name, progress)
    raw.notes = [Issue(0, "", n) for n in notes] + raw.notes
    if raw.geojson is None:
        if kind == "xlsx" or raw.unit == "record":  # the CSV reader checks cells itself
            reject_rows(raw, long_cells(raw))
        reject_rows(raw, repeated_headers(raw))
    return raw


def long_cells(raw: RawTable) -> dict[int, str]:
    """Rows holding a cell over :data:`MAX_CELL` characters, with the reason."""
    out = {}
    for c in raw.columns:
        lengths = raw.rows[c].str.len().to_numpy()
        for p in np.flatnonzero(lengths > MAX_CELL):
            out.setdefault(int(p), f"the cell in column '{c}' is {int(lengths[p]):,} "
                                   f"characters long; the limit is {MAX_CELL:,}")
    return out


def repeated_headers(raw: RawTable) -> dict[int, str]:
    """Rows that repeat the header (files joined one after another)."""
    if not len(raw.rows) or not raw.columns:
        return {}
    same = np.ones(len(raw.rows), dtype=bool)
    for c in raw.columns:
        same &= (raw.rows[c].str.strip().str.lower() == c.lower()).to_numpy()
    return {int(p): "this row repeats the header (two files joined into one?)"
            for p in np.flatnonzero(same)}


def reject_rows(raw: RawTable, reasons: dict[int, str]) -> None:
    """Move the rows at these positions from the table to its rejected issues."""
    if not reasons:
        return
    positions = sorted(reasons)
    for p in positions:
        line = int(raw.lines[p])
        raw.issues.append(Issue(line, "", reasons[p]))
        raw.raw_rows[line] = [str(v)[:1000] for v in raw.rows.iloc[p].tolist()]
    keep = np.ones(len(raw.rows), dtype=bool)
    keep[positions] = False
    raw.rows = raw.rows.loc[keep].reset_index(drop=True)
    raw.lines = raw.lines[keep]
    raw.issues.sort(key=lambda i: (i.line, i.column))


__all__ = ["MAX_BYTES", "MAX_CELL", "MAX_COLUMNS", "MAX_ROWS", "RawTable", "read_table"]
