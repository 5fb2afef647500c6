"""Importers for reported-activity files: native CSV, ACLED, UCDP GED and GeoJSON points.

The format is detected from the header (or named); every row comes back accepted, as a record,
or rejected with its line, column and reason.

>>> from geo.importers import import_file
>>> result = import_file("acled_export.csv")
>>> result.format, result.accepted, result.rejected[:1]
('acled', 118, [Issue(line=7, column='admin1', reason="unknown province or region 'Nangahr'; ...")])
"""
from __future__ import annotations

from geo.importers import acled, native, ucdp
from geo.importers.geojson import import_geojson
from geo.importers.reader import MAX_BYTES, RawTable, read_table
from geo.sources import source_labels
from geo.validation import FileProblem, ImportResult

FORMATS = ("native", "acled", "ucdp", "geojson")
_CSV_FORMATS = {"acled": acled, "ucdp": ucdp, "native": native}


def detect_format(raw: RawTable) -> str:
    if raw.geojson is not None:
        return "geojson"
    cols = {c.lower() for c in raw.columns}
    for fmt in ("acled", "ucdp", "native"):
        if _CSV_FORMATS[fmt].DETECT <= cols:
            return fmt
    shown = ", ".join(raw.columns[:12]) + ("..." if len(raw.columns) > 12 else "")
    raise FileProblem(
        f"{raw.name}: unrecognised columns ({shown}). Expected an ACLED export (event_id_cnty, "
        "event_date, ...), UCDP GED (date_prec, where_prec, ...), the native format "
        "(date_start, date_precision, category, ...) or GeoJSON points")


def _require(raw: RawTable, fmt: str) -> None:
    if fmt == "geojson":
        if raw.geojson is None:
            raise FileProblem(f"{raw.name} is not JSON, so not GeoJSON")
        return
    if raw.geojson is not None:
        raise FileProblem(f"{raw.name} is JSON, not a {fmt} CSV")
    cols = {c.lower() for c in raw.columns}
    missing = [c for c in _CSV_FORMATS[fmt].REQUIRED if c not in cols]
    if missing:
        raise FileProblem(f"{raw.name}: not a complete {fmt} file; missing column(s) "
                          f"{', '.join(missing)}")


def import_file(source, fmt: str = "auto", name: str | None = None,
                known_sources: dict[str, str] | None = None) -> ImportResult:
    """Import ``source`` (path, bytes or file-like); raises FileProblem if unreadable."""
    if fmt not in ("auto", *FORMATS):
        raise FileProblem(f"unknown format '{fmt}'; use auto, {', '.join(FORMATS)}")
    raw = read_table(source, name)
    if raw.geojson is None:
        raw.rows.columns = [c.lower() for c in raw.rows.columns]
        raw.columns = [c.lower() for c in raw.columns]
    fmt = detect_format(raw) if fmt == "auto" else fmt
    _require(raw, fmt)
    if known_sources is None:
        known_sources = source_labels()
    if fmt == "geojson":
        return import_geojson(raw, known_sources)
    if fmt == "native":
        return native.import_native(raw, known_sources)
    if fmt == "acled":
        return acled.import_acled(raw)
    return ucdp.import_ucdp(raw)


__all__ = ["FORMATS", "MAX_BYTES", "FileProblem", "ImportResult", "detect_format", "import_file"]
