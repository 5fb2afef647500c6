"""Records in and out of the ``records`` table in bulk: 100,000 rows are one statement's work,
never a round trip each. PostgreSQL takes them through COPY (psycopg's), SQLite by one
``executemany``; both inside the caller's transaction.
"""
from __future__ import annotations

import gc
import sqlite3
from contextlib import contextmanager

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, Text, insert, select, type_coerce
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from geo.workspace.geometry import ewkb_points, gpkg_points
from geo.workspace.schema import RECORD_COLUMNS, attribution_rules, records

# Python's sqlite3 binds None through its adapter look-up (a registry miss, then two attribute
# look-ups), four times the cost of binding a number: 3.5 million missing values took 3.2 s
# here. An adapter of its own, in C ({}.get gives None back), takes 0.75 s. None still
# becomes NULL, for every connection of the process.
sqlite3.register_adapter(type(None), {}.get)

_NAMES = list(RECORD_COLUMNS)  # table columns, in the records' order
_STORED = ["dataset_id", "position", *_NAMES, "attribution_rule_id", "geom"]
CHUNK = 20_000  # rows made and sent at a time
_CACHE_KIB = 131_072  # SQLite's page cache while storing


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


def _columns(postgresql: bool, dataset_id: str, frame: pd.DataFrame,
             start: int) -> dict[str, list]:
    """The rows as stored, column by column: times as ISO 8601 text (a GeoPackage's
    DATETIME), None where a value is missing; ``attribution_rule`` holds the rules' ids."""
    n = len(frame)
    out = {"dataset_id": [dataset_id] * n, "position": list(range(start, start + n))}
    for name in _NAMES:
        col = frame[RECORD_COLUMNS[name]]
        missing = pd.isna(col).to_numpy()
        if pd.api.types.is_datetime64_any_dtype(col):
            out[name] = _times(col, "" if postgresql else "Z").tolist()
        else:
            out[name] = _plain(col.to_numpy(dtype=object), missing)
    rule_ids = frame["attribution_rule"]
    out["attribution_rule_id"] = _plain(rule_ids.to_numpy(dtype=object),
                                        rule_ids.isna().to_numpy())
    lon, lat = frame["longitude"].to_numpy(float), frame["latitude"].to_numpy(float)
    out["geom"] = (ewkb_points if postgresql else gpkg_points)(lon, lat)
    return out


@contextmanager
def no_collection():
    """Python's cycle collector paused: a million new row tuples would otherwise set it off
    again and again over every object alive (rows hold no cycles)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _row_chunks(postgresql: bool, dataset_id: str, frame: pd.DataFrame, order: list[str]):
    """The rows to store, ``CHUNK`` at a time, each a tuple of ``order``'s columns."""
    for start in range(0, len(frame), CHUNK):
        columns = _columns(postgresql, dataset_id, frame.iloc[start:start + CHUNK], start)
        yield list(zip(*(columns[c] for c in order)))


def store_records(conn: Connection, dataset_id: str, frame: pd.DataFrame) -> None:
    """Store ``frame``'s records as dataset ``dataset_id``'s, in the caller's transaction.

    A chunk at a time, so that a million records never become a million row tuples at once;
    on PostgreSQL the server takes each chunk while the next is made."""
    if not len(frame):
        return
    postgresql = conn.dialect.name == "postgresql"
    # The rule ids first: once COPY starts, the connection does nothing else.
    frame = frame.assign(attribution_rule=_rule_ids(conn, frame["attribution_rule"]))
    with no_collection():
        if postgresql:
            # psycopg writes each row in COPY's own format (escaping and all, in C).
            with conn.connection.driver_connection.cursor() as cur:
                with cur.copy(f"COPY records ({', '.join(_STORED)}) FROM STDIN") as copy:
                    for rows in _row_chunks(True, dataset_id, frame, _STORED):
                        for row in rows:
                            copy.write_row(row)
            return
        # The statement SQLAlchemy compiles for this table, given rows of plain values at
        # once (the driver's executemany), without a conversion per value in Python.
        statement = insert(records).compile(dialect=conn.dialect, column_keys=_STORED)
        # A page cache that holds the new rows' pages until the commit, rather than spilling
        # them to the log as they fill SQLite's default 2 MB; given back after.
        kept = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size={-_CACHE_KIB}")
        try:
            for rows in _row_chunks(False, dataset_id, frame, list(statement.positiontup)):
                conn.exec_driver_sql(str(statement), rows)
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(kept)}")


def read_records(conn: Connection, dataset_id: str) -> pd.DataFrame:
    """The dataset's rows in import order: table columns as the database gives them (times
    as text), the attribution rule's text in ``attribution_rule``."""
    # Times come as text and are parsed at once, by pandas, rather than one by one.
    cols = [type_coerce(records.c[n], Text) if isinstance(records.c[n].type, DateTime)
            else records.c[n] for n in [*_NAMES, "attribution_rule_id"]]
    result = conn.execute(select(*cols).where(records.c.dataset_id == dataset_id)
                          .order_by(records.c.position))
    # The driver's own rows (plain tuples) and a column at a time: pandas given SQLAlchemy's
    # rows asks each of them for attributes it lacks, most of the time of reading 100,000.
    # (The caller pauses the cycle collector while millions of values are Python objects.)
    names = [*_NAMES, "attribution_rule_id"]
    rows = result.cursor.fetchall()
    result.close()
    columns = zip(*rows) if rows else [()] * len(names)
    frame = pd.DataFrame({name: pd.Series(values, dtype=object)
                          for name, values in zip(names, columns)})
    del rows, columns
    ids = pd.unique(frame["attribution_rule_id"].dropna())
    rules = dict(conn.execute(select(attribution_rules.c.id, attribution_rules.c.rule)
                              .where(attribution_rules.c.id.in_([int(i) for i in ids]))).all()) \
        if len(ids) else {}
    # A missing rule stays missing (NaN here, None once typed as the import gave it).
    frame["attribution_rule"] = frame.pop("attribution_rule_id").map(rules)
    return frame
