"""Records in and out of the ``records`` table in bulk: a dataset's records are a few
statements' work, never a round trip each, and never a Python object per value.

The records are made into Arrow columns (times as ISO 8601 text, points as the back-end's
geometry). PostgreSQL takes them through COPY, as text Arrow writes; SQLite from a staging
SQLite file that ADBC's SQLite driver writes from Arrow in C, copied into the workspace by one
``INSERT ... SELECT``. Both inside the caller's transaction.
"""
from __future__ import annotations

import gc
import tempfile
from contextlib import contextmanager
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc_sqlite
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import Column, DateTime, MetaData, Table, Text, insert, literal_column, select, \
    type_coerce
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from geo.words import Phrase
from geo.workspace.errors import WorkspaceError
from geo.workspace.geometry import ewkb_hex, gpkg_blobs
from geo.workspace.schema import RECORD_COLUMNS, attribution_rules, records

_NAMES = list(RECORD_COLUMNS)  # table columns, in the records' order
_STORED = ["dataset_id", "position", *_NAMES, "attribution_rule_id", "geom"]
CHUNK = 50_000  # rows made and sent at a time
STAGING = "staging"  # the schema names staging files are attached as (geo.workspace.engine)


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


def _values(col: pd.Series, postgresql: bool) -> pa.Array:
    """A record column as Arrow: times as ISO 8601 text (PostgreSQL's, or a GeoPackage's
    DATETIME in UTC), numbers as numbers, anything else as its text; missing values (NaN
    too) as nulls."""
    if pd.api.types.is_datetime64_any_dtype(col):
        text = pa.array(col.to_numpy("datetime64[us]")).cast(pa.large_string())
        if postgresql:
            return text
        text = pc.replace_substring(text, " ", "T", max_replacements=1)
        return pc.binary_join_element_wise(text, _text("Z"), _text(""))
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return pa.array(col, from_pandas=True)
    return pa.array(col.astype("str"), type=pa.large_string(), from_pandas=True)


class NotStorable(WorkspaceError):
    """Records this back-end cannot keep as given (wherever they come from: an import, a
    restore, a move to a team server)."""


def _refuse_nul(values: pa.Array, frame: pd.DataFrame, name: str) -> None:
    """PostgreSQL's text holds no U+0000 (the embedded workspace keeps it): such a record
    is refused by its line and column, rather than stored altered."""
    if not pa.types.is_large_string(values.type) or not (_bytes(values) == 0).any():
        return
    row = int(np.argmax(pc.match_substring(values, "\x00").fill_null(False)
                        .to_numpy(zero_copy_only=False)))
    raise NotStorable(Phrase(
        "line {line}, column {column}: holds the character U+0000 (NUL), which a team server "
        "(PostgreSQL) cannot keep in text; remove it from the file and import it again",
        line=int(frame['line'].iloc[row]), column=RECORD_COLUMNS[name]))


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())


def _columns(dataset_id: str, frame: pd.DataFrame, start: int, postgresql: bool) -> dict:
    """``frame``'s rows as the ``records`` table's columns (``_STORED``), in Arrow: positions
    from ``start``, ``attribution_rule`` holding the rules' ids, the points as hex EWKB
    (PostgreSQL) or GeoPackage blobs (SQLite)."""
    n = len(frame)
    lon, lat = frame["longitude"].to_numpy(float), frame["latitude"].to_numpy(float)
    if postgresql:
        hexes, ok = ewkb_hex(lon, lat)
        placed = np.zeros(n, dtype=hexes.dtype if len(hexes) else "S1")
        placed[ok] = hexes
        geom = pa.array(placed, type=pa.binary(), mask=~ok).cast(pa.large_string())
    else:
        blobs, ok = gpkg_blobs(lon, lat)
        offsets = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(ok * blobs.shape[1], out=offsets[1:])
        geom = pa.Array.from_buffers(pa.binary(), n, [
            pa.array(ok).buffers()[1], pa.py_buffer(offsets), pa.py_buffer(blobs.tobytes())])
    values = {name: _values(frame[RECORD_COLUMNS[name]], postgresql) for name in _NAMES}
    if postgresql:
        for name, column in values.items():
            _refuse_nul(column, frame, name)
    return {"dataset_id": pa.array(np.full(n, dataset_id), type=pa.large_string()),
            "position": pa.array(np.arange(start, start + n, dtype=np.int64)),
            **values,
            "attribution_rule_id": pa.array(frame["attribution_rule"], type=pa.int64(),
                                            from_pandas=True),
            "geom": geom}


# COPY's text format: these four characters are written escaped, a missing value as \N.
_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))
_COPY_SPECIAL = np.zeros(256, dtype=bool)
_COPY_SPECIAL[[ord(c) for c, _ in _COPY_ESCAPES]] = True


def _span(text: pa.Array) -> tuple[int, int]:
    """Where a (large) string array's values lie in its data buffer: a slice of a column
    shares the whole column's buffer."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)
    return int(offsets[text.offset]), int(offsets[text.offset + len(text)])


def _bytes(text: pa.Array) -> np.ndarray:
    """A (large) string array's values' bytes, end to end (none when all are empty)."""
    if text.buffers()[2] is None:
        return np.zeros(0, dtype=np.uint8)
    first, last = _span(text)
    return np.frombuffer(text.buffers()[2], np.uint8)[first:last]


def _has_special(text: pa.Array) -> bool:
    """Whether any value holds a character to escape: one look at the bytes (seldom true)."""
    return bool(_COPY_SPECIAL[_bytes(text)].any())


def _copy_field(values: pa.Array) -> pa.Array:
    """A column in COPY's text format. Arrow writes a double as the shortest text that
    reads back as the same double."""
    if pa.types.is_large_string(values.type):
        if _has_special(values):
            for old, new in _COPY_ESCAPES:
                values = pc.replace_substring(values, old, new)
    else:
        values = values.cast(pa.large_string())
    return values.fill_null("\\N")


def _copy_text(columns: dict) -> memoryview:
    """The rows as COPY text, one line a row."""
    rows = pc.binary_join_element_wise(*(_copy_field(columns[c]) for c in _STORED),
                                       _text("\t"))
    lines = pc.binary_join_element_wise(rows, _text(""), _text("\n"))
    first, last = _span(lines)
    return memoryview(lines.buffers()[2])[first:last]


@contextmanager
def no_collection():
    """Python's cycle collector paused: a million new values would otherwise set it off
    again and again over every object alive (they hold no cycles)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _chunks(stored: dict[str, pd.DataFrame], postgresql: bool):
    for dataset_id, frame in stored.items():
        for start in range(0, len(frame), CHUNK):
            yield _columns(dataset_id, frame.iloc[start:start + CHUNK], start, postgresql)


def store_records(conn: Connection, dataset_id: str, frame: pd.DataFrame) -> None:
    """Store ``frame``'s records as dataset ``dataset_id``'s, in the caller's transaction."""
    store_datasets(conn, {dataset_id: frame})


def store_datasets(conn: Connection, stored: dict[str, pd.DataFrame]) -> None:
    """Store each dataset's records (``{dataset_id: records}``) in the caller's transaction,
    ``CHUNK`` rows at a time (a million records are never one text or one table at once)."""
    postgresql = conn.dialect.name == "postgresql"
    # The rule ids first: once COPY starts, the connection does nothing else.
    stored = {ds: frame.assign(attribution_rule=_rule_ids(conn, frame["attribution_rule"]))
              for ds, frame in stored.items() if len(frame)}
    if not stored:
        return
    if postgresql:
        # The engine speaks UTF-8 (geo.workspace.engine), Arrow's own encoding. A thread
        # sends each chunk while the next is made, so that the server is never idle.
        with conn.connection.driver_connection.cursor() as cur:
            with cur.copy(f"COPY records ({', '.join(_STORED)}) FROM STDIN",
                          writer=QueuedLibpqWriter(cur)) as copy:
                for columns in _chunks(stored, True):
                    copy.write(_copy_text(columns))
        return
    # Python's sqlite3 binds value by value (10 s of a million records); ADBC's driver binds
    # Arrow in C, into a file of its own: this one, which no other connection opens. (Two
    # copies of SQLite in one process must never open the same file.) Attached to the
    # caller's connection, it is copied in one statement, in the caller's transaction; it
    # is detached when the connection goes back to the pool (not possible in a transaction).
    with tempfile.TemporaryDirectory(prefix="iskp-import-") as folder:
        path = Path(folder) / "records.sqlite"
        with adbc_sqlite.connect(str(path), autocommit=True) as staging, \
                staging.cursor() as cur:
            # A scratch file: never synced, no journal; one transaction for all its rows.
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA journal_mode=OFF")
            cur.execute("BEGIN")
            for k, columns in enumerate(_chunks(stored, False)):
                cur.adbc_ingest("records", pa.table(columns), mode="append" if k else "create")
            cur.execute("COMMIT")
        attached = conn.info.setdefault("attached", [])
        schema = f"{STAGING}_{len(attached)}"  # one name per store in a transaction
        conn.exec_driver_sql(f"ATTACH DATABASE ? AS {schema}", (str(path),))
        attached.append(schema)
        staged = Table("records", MetaData(), *(Column(c) for c in _STORED), schema=schema)
        conn.execute(insert(records).from_select(
            _STORED, select(*staged.c).order_by(literal_column("rowid"))))
        # The file is deleted here, still open while attached; its space is freed once
        # detached.


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
