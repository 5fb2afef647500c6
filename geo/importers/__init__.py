"""Importers for reported-activity files: native CSV, ACLED (CSV, Excel, API JSON, current and
older layouts), UCDP GED (CSV, zipped, Excel) and GeoJSON points.

The format is detected from the header (or named); rows outside Afghanistan and its border
regions are taken out first (``geo.importers.scope``) and counted; every other row comes back
accepted, as a record, or rejected with its line, column and reason.

>>> from geo.importers import import_file
>>> result = import_file("examples/acled_export.csv")
>>> result.format, result.rows, result.accepted, result.rejected_count
('acled', 13, 8, 5)
>>> result.warnings[0].reason
"'Nangahr' read as Nangarhar (AF-NAN), the closest known name (similarity 93%)"
"""
from __future__ import annotations

import pandas as pd

from geo.attribution import report as attribution_report, report_warning
from geo.importers import acled, native, ucdp
from geo.importers.containers import MAX_BYTES
from geo.importers.geojson import import_geojson
from geo.importers.reader import RawTable, read_table
from geo.importers.scope import take_out_of_region
from geo.sources import source_labels
from geo.validation import FileProblem, ImportResult, Issue
from geo.words import Phrase

FORMATS = ("native", "acled", "ucdp", "geojson")
# Kept with every stored dataset (geo.workspace): raise it when what the importers make of a
# file changes, so that a dataset says which importer read it.
IMPORTER_VERSION = "2026.12.1"
_CSV_FORMATS = {"acled": acled, "ucdp": ucdp, "native": native}


def detect_format(raw: RawTable) -> str:
    if raw.geojson is not None:
        return "geojson"
    cols = {c.lower() for c in raw.columns}
    for fmt in ("acled", "ucdp", "native"):
        if any(d <= cols for d in _CSV_FORMATS[fmt].DETECT):
            return fmt
    shown = ", ".join(raw.columns[:12]) + ("..." if len(raw.columns) > 12 else "")
    raise FileProblem(Phrase(
        "{file}: unrecognised columns ({columns}). Expected an ACLED export (event_id_cnty, "
        "event_date, ...), UCDP GED (date_prec, where_prec, ...), the native format "
        "(date_start, date_precision, category, ...) or GeoJSON points",
        file=raw.name, columns=shown))


def _require(raw: RawTable, fmt: str) -> None:
    if fmt == "geojson":
        if raw.geojson is None:
            raise FileProblem(Phrase("{file} is not JSON, so not GeoJSON", file=raw.name))
        return
    if raw.geojson is not None:
        raise FileProblem(Phrase("{file} is JSON, not a {format} table", file=raw.name,
                                 format=fmt))
    cols = {c.lower() for c in raw.columns}
    missing = [c for c in _CSV_FORMATS[fmt].required(cols) if c not in cols]
    if missing:
        raise FileProblem(Phrase("{file}: not a complete {format} file; missing column(s) "
                                 "{columns}", file=raw.name, format=fmt,
                                 columns=", ".join(missing)))


def import_file(source, fmt: str = "auto", name: str | None = None,
                known_sources: dict[str, str] | None = None, progress=None) -> ImportResult:
    """Import ``source`` (path, bytes or file-like); raises FileProblem if unreadable.
    ``progress(fraction)`` is called while a large file is read."""
    if fmt not in ("auto", *FORMATS):
        raise FileProblem(f"unknown format '{fmt}'; use auto, {', '.join(FORMATS)}")
    raw = read_table(source, name, progress=progress)
    if raw.geojson is None:
        raw.rows.columns = [c.lower() for c in raw.rows.columns]
        raw.columns = [c.lower() for c in raw.columns]
    fmt = detect_format(raw) if fmt == "auto" else fmt
    _require(raw, fmt)
    if raw.geojson is None and not len(raw.rows) and not raw.issues:
        raise FileProblem(Phrase("{file} has the header row of a {format} file but no data rows",
                                 file=raw.name, format=fmt))
    if known_sources is None:
        known_sources = source_labels()
    outside, outside_issues = ({}, []) if fmt == "geojson" else take_out_of_region(raw, fmt)
    if fmt == "geojson":
        result = import_geojson(raw, known_sources)
    elif fmt == "native":
        result = native.import_native(raw, known_sources)
    elif fmt == "acled":
        result = acled.import_acled(raw)
    else:
        result = ucdp.import_ucdp(raw)
    result.unit = raw.unit
    result.attribution = attribution_report(result.records)
    no_actor = int(((result.records["attribution"] == "other") &
                    result.records["actors"].fillna("").astype(str).str.strip().eq("")).sum())
    said = report_warning(result.attribution, result.accepted, no_actor)
    if said:
        result.warnings.append(Issue(0, "attribution", said))
    result.warnings = sorted(raw.notes + result.warnings, key=lambda i: (i.line, i.column))
    if outside:
        result.rows += outside["rows"]
        result.rejected = sorted(result.rejected + outside_issues,
                                 key=lambda i: (i.line, i.column))
        result.out_of_region = outside
    return result


def rejected_rows_csv(result: ImportResult) -> bytes:
    """The rejected rows with their reasons, for download (cells neutralised against formula
    injection, see geo.safe_csv)."""
    from geo.safe_csv import to_safe_csv
    return to_safe_csv(result.rejected_rows if len(result.rejected_rows) else
                       pd.DataFrame(columns=["line", "reason"]))


__all__ = ["FORMATS", "MAX_BYTES", "FileProblem", "ImportResult", "detect_format", "import_file",
           "rejected_rows_csv"]
