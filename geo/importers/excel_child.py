"""The child process of ``geo.importers.excel``: reads one workbook from standard input under
a memory and a time limit and writes its first visible sheet as JSON. It imports nothing of the
project (pandas alone would take much of its memory limit); exit 2 is a refusal in words on
standard error, any other failure a crash the parent reports.

    python geo/importers/excel_child.py MEMORY_BYTES SECONDS MAX_ROWS MAX_COLUMNS MAX_CELLS \
        < book.xlsx
"""
from __future__ import annotations

import io
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import PurePosixPath


_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_DIM = re.compile(rb'<dimension\b[^>]*?\bref="(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([0-9]{1,7})"')
_CELL = re.compile(rb'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_R = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_ERROR = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb'<v>([^<]*)</v>|<v/>')
_TEXT_RESULT = re.compile(rb'\bt="str"')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the path of its XML in the package."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", ns)}
    out = {}
    for sheet in book.findall("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else \
            str(PurePosixPath("xl") / target)
        out[sheet.get("name")] = path
    return out


def _scan(xml: bytes):
    """The sheet's extent (rows, columns) from every cell reference and its <dimension>, how
    many cells it writes, the cell that sets the extent, the error cells' codes by reference,
    and the formulas saved without a value."""
    rows = cols = cells = 0
    corner = ""
    for m in _DIM.finditer(xml[:4096]):
        cols, rows = _col_number(m.group(1)), int(m.group(2))
        corner = (m.group(1) + m.group(2)).decode()
    for m in _REF.finditer(xml):
        cells += 1
        c, r = _col_number(m.group(1)), int(m.group(2))
        if c > cols or r > rows:
            corner = (m.group(1) + m.group(2)).decode()
        cols, rows = max(cols, c), max(rows, r)
    errors, uncached = {}, []
    if b't="e"' in xml or b"<f" in xml:
        for m in _CELL.finditer(xml):
            attrs, body = m.group(1), m.group(2) or b""
            ref = _R.search(attrs)
            if ref is None:
                continue
            value = _VALUE.search(body)
            if _ERROR.search(attrs) and value:
                errors[ref.group(1).decode()] = value.group(1).decode("utf-8", "replace")
            elif b"<f" in body and (value is None or
                                    (not value.group(1) and not _TEXT_RESULT.search(attrs))):
                # No value saved; an empty one only a text result (t="str") may have.
                uncached.append(ref.group(1).decode())
    return rows, cols, cells, corner, errors, uncached


def _cell_text(v) -> str:
    """An Excel cell as the text a CSV export would hold."""
    import datetime as dt
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d") if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.time):
        return v.isoformat()
    return str(v)


def _ref_parts(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    return int(m.group(2)), _col_number(m.group(1).encode())


def _refuse(message: str) -> None:
    sys.stderr.write(message)
    sys.exit(2)


def child_main(limit: int, seconds: int, max_rows: int, max_columns: int, max_cells: int):
    import resource

    # The reader's own code is loaded first; the limits then bound the reading itself.
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))

    data = sys.stdin.buffer.read()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        paths = _sheet_paths(zf)
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        meta = wb.sheets_metadata
    except MemoryError:
        sys.exit(3)
    except (CalamineError, ValueError, KeyError, zipfile.BadZipFile, SyntaxError) as exc:
        _refuse(f" is not a readable Excel workbook ({exc})")
    visible = [m.name for m in meta if m.visible == SheetVisibleEnum.Visible]
    if not visible:
        _refuse(": the workbook has no visible sheet")
    sheet_name = visible[0]
    # The sheets not read, each with whether it is hidden: the parent says so in words.
    unread = [[m.name, m.visible != SheetVisibleEnum.Visible] for m in meta
              if m.name != sheet_name]
    path = paths.get(sheet_name)
    try:
        info = zf.getinfo(path) if path else None
    except KeyError:
        info = None
    if info is not None:
        if info.file_size > 40 * max(len(data), 1) + 64 * 2**20:
            _refuse(f": the sheet '{sheet_name}' unpacks to {info.file_size / 2**20:.0f} MB "
                    f"from a {len(data) / 2**20:.1f} MB file; save it as CSV and add that")
        rows, cols, cells, corner, errors, uncached = _scan(zf.read(info))
        # calamine holds the whole used range, empty cells included: a range far larger than
        # the cells written is a stray cell (or a formatted one) far from the data.
        if rows * cols > max(2_000_000, 50 * cells):
            _refuse(f": the sheet '{sheet_name}' has {cells:,} cells but its used range reaches "
                    f"{corner} ({cols:,} columns × {rows:,} rows): delete the cells beyond the "
                    "data, or save the sheet as CSV")
        if rows * cols > max_cells or rows > max_rows + 1 or cols > 16_384:
            _refuse(f": the sheet '{sheet_name}' has a cell at {corner}, so its used range is "
                    f"{cols:,} columns × {rows:,} rows, more than this reader takes "
                    f"({max_columns} columns, {max_rows:,} rows, {max_cells:,} cells); "
                    "delete the cells beyond the data (or save the sheet as CSV)")
    else:
        errors, uncached = {}, []
    uncached_rows = {_ref_parts(ref)[0] for ref in uncached}
    try:
        sheet = wb.get_sheet_by_name(sheet_name)
        start_row, start_col = sheet.start or (0, 0)
        out_rows = []
        for i, row in enumerate(sheet.iter_rows()):
            cells = [""] * start_col + [_cell_text(v) for v in row]
            if any(cells) or start_row + i + 1 in uncached_rows:
                out_rows.append([start_row + i + 1, cells])
    except MemoryError:
        sys.exit(3)
    except (CalamineError, ValueError, IndexError) as exc:
        _refuse(f" is not a readable Excel workbook ({exc})")
    by_row = {r: cells for r, cells in out_rows}
    for ref, code in errors.items():
        r, c = _ref_parts(ref)
        if r in by_row and c - 1 < len(by_row[r]) and not by_row[r][c - 1]:
            by_row[r][c - 1] = code
    json.dump({"sheet": sheet_name, "rows": out_rows, "sheets": len(meta), "unread": unread,
               "uncached": [list(_ref_parts(ref)[:1]) + [ref] for ref in uncached]},
              sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    try:
        child_main(*(int(a) for a in sys.argv[1:6]))
    except (MemoryError, OSError):  # out of its memory: the parent says so, with no path
        sys.exit(3)
