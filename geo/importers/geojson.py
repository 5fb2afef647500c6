"""GeoJSON points: a FeatureCollection of Point features whose properties use the native column
names (``date_start``, ``date_precision``, ``category``, ``summary``, ``source``...).

Problems are reported against the feature number (1 = the first feature) in place of a line. A
feature that is not an object, a geometry that is not a Point, properties that are not an
object: each rejects its own feature, and the others are read.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from geo.importers.native import import_native
from geo.importers.reader import (MAX_COLUMNS, MAX_ROWS, RawTable, long_cells, reject_rows,
                                  text_frame, unique_columns)
from geo.validation import FileProblem, Issue
from geo.words import Phrase


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)[:1000]
    return str(v)


# The names GeoJSON files give longitude and latitude on WGS 84 by (RFC 7946 drops "crs").
WGS84 = {"URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:OGC::CRS84", "EPSG:4326",
         "URN:OGC:DEF:CRS:EPSG:4326", "CRS84", "WGS84", "URN:OGC:DEF:CRS:EPSG::4326"}


def _feature(n: int, feat) -> tuple[dict | None, str]:
    """(row of text cells, "") or (None, reason)."""
    if not isinstance(feat, dict):
        return None, f"feature {n} is {type(feat).__name__}, not a GeoJSON Feature object"
    props = feat.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        return None, f"properties must be an object, found {type(props).__name__}"
    row = {str(k): _text(v) for k, v in props.items()}
    geom = feat.get("geometry")
    if geom is None:
        row["latitude"], row["longitude"] = "", ""
        return row, ""
    if not isinstance(geom, dict):
        return None, f"geometry must be a Point object, found {type(geom).__name__}"
    coords = geom.get("coordinates")
    if geom.get("type") != "Point":
        return None, f"geometry must be a Point, found {_text(geom.get('type')) or 'nothing'}"
    if not isinstance(coords, list) or len(coords) < 2 or \
            any(isinstance(c, (list, dict)) for c in coords[:2]):
        return None, ("a Point's coordinates must be [longitude, latitude], found "
                      f"{_text(coords)[:80] or 'nothing'}")
    row["longitude"], row["latitude"] = _text(coords[0]), _text(coords[1])
    return row, ""


def import_geojson(raw: RawTable, known_sources=None):
    obj = raw.geojson
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection" or \
            not isinstance(obj.get("features"), list):
        raise FileProblem(Phrase("{file} is JSON but not a GeoJSON FeatureCollection",
                                 file=raw.name))
    crs = obj.get("crs")
    if crs is not None:
        crs_name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) \
            else str(crs)
        if crs_name.upper().replace("::", ":") not in WGS84:
            raise FileProblem(Phrase("{file} gives its coordinates in '{system}'; this map "
                                     "reads longitude and latitude (WGS 84, EPSG:4326): export "
                                     "the file in that system", file=raw.name,
                                     system=crs_name[:80]))
    features = obj["features"]
    if len(features) > MAX_ROWS:
        raise FileProblem(Phrase("{file} has more than {limit} features; the limit is {limit}",
                                 file=raw.name, limit=f"{MAX_ROWS:,}"))
    rows, lines, issues, broken = [], [], [], {}
    keys: dict[str, None] = {}
    for n, feat in enumerate(features, start=1):
        row, why = _feature(n, feat)
        if row is None:
            issues.append(Issue(n, "geometry" if "geometry" in why or "Point" in why else "",
                                why))
            broken[n] = (_text(feat)[:1000], why)
            continue
        keys.update(dict.fromkeys(row))
        if len(keys) > MAX_COLUMNS:
            raise FileProblem(Phrase("{file} has more than {limit} properties; the limit is "
                                     "{limit}", file=raw.name, limit=MAX_COLUMNS))
        rows.append(row)
        lines.append(n)
    if not rows and not issues:
        raise FileProblem(Phrase("{file} has no features", file=raw.name))
    columns, notes = unique_columns(list(keys), "property")
    columns = [c.lower() for c in columns]
    data = {c: [r.get(k, "") for r in rows] for k, c in zip(keys, columns)}
    frame = text_frame(columns, data, len(rows)) if columns else \
        pd.DataFrame(index=range(len(rows)))
    table = RawTable(columns, frame, np.asarray(lines, dtype=np.int64), issues, {},
                     name=raw.name, notes=notes)
    reject_rows(table, long_cells(table))
    result = import_native(table, known_sources, fmt="geojson")
    if broken:
        extra = pd.DataFrame([{"line": n, "feature": text, "reason": why}
                              for n, (text, why) in broken.items()])
        result.rejected_rows = pd.concat([result.rejected_rows, extra], ignore_index=True) \
            if len(result.rejected_rows) else extra
    result.warnings = sorted(notes + result.warnings, key=lambda i: (i.line, i.column))
    result.rows = len(features)
    return result
