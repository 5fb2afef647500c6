"""GeoJSON points: a FeatureCollection of Point features whose properties use the native column
names (``date_start``, ``date_precision``, ``category``, ``summary``, ``source``...).

Problems are reported against the feature number (1 = the first feature) in place of a line.
"""
from __future__ import annotations

import pandas as pd

from geo.importers.native import import_native
from geo.importers.reader import RawTable
from geo.validation import FileProblem, Issue


def import_geojson(raw: RawTable, known_sources=None):
    obj = raw.geojson
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection" or \
            not isinstance(obj.get("features"), list):
        raise FileProblem(f"{raw.name} is JSON but not a GeoJSON FeatureCollection")
    rows, lines, issues, raw_rows = [], [], [], {}
    columns: dict[str, None] = {}
    for n, feat in enumerate(obj["features"], start=1):
        props = (feat or {}).get("properties") or {}
        geom = (feat or {}).get("geometry")
        row = {k: "" if v is None else str(v) for k, v in props.items()
               if not isinstance(v, (dict, list))}
        if geom is None:
            row["latitude"], row["longitude"] = "", ""
        elif geom.get("type") != "Point" or not isinstance(geom.get("coordinates"), list) \
                or len(geom["coordinates"]) < 2:
            issues.append(Issue(n, "geometry", f"geometry must be a Point, found "
                                               f"{geom.get('type', 'nothing')}"))
            raw_rows[n] = [str(props)]
            continue
        else:
            row["longitude"], row["latitude"] = (str(c) for c in geom["coordinates"][:2])
        columns.update(dict.fromkeys(row))
        rows.append(row)
        lines.append(n)
    if not rows and not issues:
        raise FileProblem(f"{raw.name} has no features")
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object).fillna("")
    table = RawTable(list(columns), frame, lines, issues, {}, name=raw.name)
    result = import_native(table, known_sources, fmt="geojson")
    for n, r in raw_rows.items():
        extra = pd.DataFrame([{"line": n, "properties": r[0],
                               "reason": next(i.reason for i in issues if i.line == n)}])
        result.rejected_rows = pd.concat([result.rejected_rows, extra], ignore_index=True)
    result.rows = len(obj["features"])
    return result
