"""Records in and out of the ``records`` table in bulk: 100,000 rows are one statement's work,
never a round trip each. PostgreSQL takes them by COPY (psycopg's), SQLite by one
``executemany``; both inside the caller's transaction.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, Text, insert, select, type_coerce
from sqlalchemy.engine import Connection

from geo.workspace.geometry import ewkb_points, gpkg_points
from geo.workspace.schema import RECORD_COLUMNS, records

_NAMES = list(RECORD_COLUMNS)  # table columns, in the records' order


def _cells(frame: pd.DataFrame, times_as_text: bool) -> list[list]:
    """The records' columns as Python values, None for a missing one; with ``times_as_text``
    times as a GeoPackage writes them (ISO 8601, UTC)."""
    out = []
    for name in _NAMES:
        col = frame[RECORD_COLUMNS[name]]
        if pd.api.types.is_datetime64_any_dtype(col):
            if times_as_text:
                text = np.char.add(np.datetime_as_string(
                    col.to_numpy("datetime64[us]"), unit="us"), "Z").astype(object)
                text[col.isna().to_numpy()] = None
                values = text.tolist()
            else:
                values = [None if pd.isna(v) else v.to_pydatetime() for v in col]
        else:
            arr = col.to_numpy(dtype=object)
            missing = pd.isna(col).to_numpy()
            if missing.any():
                arr = arr.copy()
                arr[missing] = None
            values = arr.tolist()
        out.append(values)
    return out


def store_records(conn: Connection, dataset_id: str, frame: pd.DataFrame) -> None:
    n = len(frame)
    if not n:
        return
    postgresql = conn.dialect.name == "postgresql"
    cells = _cells(frame, times_as_text=not postgresql)
    lon, lat = frame["longitude"].to_numpy(float), frame["latitude"].to_numpy(float)
    if postgresql:
        geom = ewkb_points(lon, lat)
        names = ["dataset_id", "position", *_NAMES, "geom"]
        raw = conn.connection.driver_connection
        with raw.cursor() as cur:
            with cur.copy(f"COPY records ({', '.join(names)}) FROM STDIN") as copy:
                for k, row in enumerate(zip(*cells, geom)):
                    copy.write_row((dataset_id, k, *row))
        return
    geom = gpkg_points(lon, lat)
    # The statement SQLAlchemy compiles for this table, given rows of plain values at once
    # (the driver's executemany), without a conversion per value in Python.
    names = ["dataset_id", "position", *_NAMES, "geom"]
    statement = insert(records).compile(dialect=conn.dialect, column_keys=names)
    order = statement.positiontup
    at = {n: k for k, n in enumerate(names)}
    rows = [(dataset_id, k, *row) for k, row in enumerate(zip(*cells, geom))]
    if order != names:
        rows = [tuple(r[at[n]] for n in order) for r in rows]
    conn.exec_driver_sql(str(statement), rows)


def read_records(conn: Connection, dataset_id: str) -> pd.DataFrame:
    # Times come as the database gives them (text on SQLite) and are parsed at once, by pandas,
    # rather than one by one.
    cols = [type_coerce(records.c[n], Text) if isinstance(records.c[n].type, DateTime)
            else records.c[n] for n in _NAMES]
    result = conn.execute(select(*cols).where(records.c.dataset_id == dataset_id)
                          .order_by(records.c.position))
    rows = result.all()
    data = list(zip(*rows)) if rows else [[] for _ in _NAMES]
    return pd.DataFrame({n: pd.Series(list(v), dtype=object) for n, v in zip(_NAMES, data)})


