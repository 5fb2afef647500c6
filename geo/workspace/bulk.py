"""Records in and out of the ``records`` table in bulk: 100,000 rows are one statement's work,
never a round trip each. PostgreSQL takes them through COPY (psycopg's), SQLite by one
``executemany``; both inside the caller's transaction.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, Text, insert, select, type_coerce
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from geo.workspace.geometry import ewkb_points, gpkg_points
from geo.workspace.schema import RECORD_COLUMNS, attribution_rules, records

_NAMES = list(RECORD_COLUMNS)  # table columns, in the records' order
_STORED = ["dataset_id", "position", *_NAMES, "attribution_rule_id", "geom"]


def _rule_ids(conn: Connection, rules: pd.Series) -> pd.Series:
    """Each record's attribution rule by its id in ``attribution_rules`` (added where new)."""
    known = list(pd.unique(rules.dropna()))
    if not all(isinstance(r, str) for r in known):
        raise TypeError("an attribution rule is not text")
    ids: dict[str, int] = {}
    insert_new = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    for k in range(0, len(known), 500):
        chunk = known[k:k + 500]
        conn.execute(insert_new(attribution_rules).on_conflict_do_nothing(),
                     [{"rule": r} for r in chunk])
        ids.update(conn.execute(select(attribution_rules.c.rule, attribution_rules.c.id)
                                .where(attribution_rules.c.rule.in_(chunk))).all())
    return rules.map(ids).astype("Int64")


def _times(col: pd.Series, zone: str) -> np.ndarray:
    text = np.char.add(np.datetime_as_string(col.to_numpy("datetime64[us]"), unit="us"),
                       zone).astype(object)
    text[col.isna().to_numpy()] = None
    return text


def _plain(values: np.ndarray, missing: np.ndarray) -> list:
    """Python values, None where missing."""
    out = values.astype(object)
    if missing.any():
        out[missing] = None
    return out.tolist()


def _columns(conn: Connection, dataset_id: str, frame: pd.DataFrame) -> dict[str, list]:
    """The rows as stored, column by column: times as ISO 8601 text (a GeoPackage's
    DATETIME), None where a value is missing."""
    postgresql = conn.dialect.name == "postgresql"
    n = len(frame)
    out = {"dataset_id": [dataset_id] * n, "position": list(range(n))}
    for name in _NAMES:
        col = frame[RECORD_COLUMNS[name]]
        missing = pd.isna(col).to_numpy()
        if pd.api.types.is_datetime64_any_dtype(col):
            out[name] = _times(col, "" if postgresql else "Z").tolist()
        else:
            out[name] = _plain(col.to_numpy(dtype=object), missing)
    rules = _rule_ids(conn, frame["attribution_rule"])
    out["attribution_rule_id"] = _plain(rules.to_numpy(dtype=object), rules.isna().to_numpy())
    lon, lat = frame["longitude"].to_numpy(float), frame["latitude"].to_numpy(float)
    out["geom"] = (ewkb_points if postgresql else gpkg_points)(lon, lat)
    return out


def store_records(conn: Connection, dataset_id: str, frame: pd.DataFrame) -> None:
    if not len(frame):
        return
    columns = _columns(conn, dataset_id, frame)
    if conn.dialect.name == "postgresql":
        # psycopg writes each row in COPY's own format (escaping and all, in C).
        with conn.connection.driver_connection.cursor() as cur:
            with cur.copy(f"COPY records ({', '.join(_STORED)}) FROM STDIN") as copy:
                for row in zip(*(columns[c] for c in _STORED)):
                    copy.write_row(row)
        return
    # The statement SQLAlchemy compiles for this table, given rows of plain values at once
    # (the driver's executemany), without a conversion per value in Python.
    statement = insert(records).compile(dialect=conn.dialect, column_keys=_STORED)
    conn.exec_driver_sql(str(statement),
                         list(zip(*(columns[c] for c in statement.positiontup))))


def read_records(conn: Connection, dataset_id: str) -> pd.DataFrame:
    """The dataset's rows in import order: table columns as the database gives them (times
    as text), the attribution rule's text in ``attribution_rule``."""
    # Times come as text and are parsed at once, by pandas, rather than one by one.
    cols = [type_coerce(records.c[n], Text) if isinstance(records.c[n].type, DateTime)
            else records.c[n] for n in [*_NAMES, "attribution_rule_id"]]
    rows = conn.execute(select(*cols).where(records.c.dataset_id == dataset_id)
                        .order_by(records.c.position)).all()
    frame = pd.DataFrame.from_records(rows, columns=[*_NAMES, "attribution_rule_id"],
                                      coerce_float=False)
    ids = pd.unique(frame["attribution_rule_id"].dropna())
    rules = dict(conn.execute(select(attribution_rules.c.id, attribution_rules.c.rule)
                              .where(attribution_rules.c.id.in_([int(i) for i in ids]))).all()) \
        if len(ids) else {}
    frame["attribution_rule"] = frame.pop("attribution_rule_id").map(
        lambda i: None if pd.isna(i) else rules[int(i)])
    return frame
