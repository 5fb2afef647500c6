"""Where the workspace is, and a SQLAlchemy engine for it.

``ISKP_DATABASE_URL`` (``postgresql://user@host/db``) names a team server; otherwise the
workspace is the GeoPackage ``workspace.gpkg`` in ``ISKP_WORKSPACE`` (default: ``workspace/``
in the project folder), made on first use.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

ROOT = Path(__file__).resolve().parents[2]
FILE_NAME = "workspace.gpkg"


def workspace_url() -> str:
    """The workspace of this process: the team server if one is named, else the embedded file."""
    url = os.environ.get("ISKP_DATABASE_URL", "").strip()
    if url:
        return url
    folder = Path(os.environ.get("ISKP_WORKSPACE") or ROOT / "workspace")
    return f"sqlite:///{folder / FILE_NAME}"


def backend(url: str) -> str:
    """"embedded" or "postgresql"."""
    name = make_url(url).get_backend_name()
    if name == "sqlite":
        return "embedded"
    if name == "postgresql":
        return "postgresql"
    raise ValueError(f"a workspace is a GeoPackage file (sqlite:///PATH) or PostgreSQL with "
                     f"PostGIS (postgresql://...), not {name}")


def shown_url(url: str) -> str:
    """The URL without its password, for messages and the history."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; psycopg 3 for PostgreSQL. A file workspace's folder is made."""
    parsed = make_url(url)
    if backend(url) == "postgresql":
        # UTF-8 whatever the server's or the environment's default: the bulk store writes
        # COPY's text as Arrow makes it, in UTF-8.
        return create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True,
                             connect_args={"client_encoding": "utf8"})
    database = parsed.database or ""
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed.set(drivername="sqlite+pysqlite"),
                           connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_settings(dbapi_conn, _record):
        # WAL: readers (QGIS, other sessions) never block the one writer; foreign keys on.
        cur = dbapi_conn.cursor()
        if database and database != ":memory:":
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "checkin")
    def _detach_staging(dbapi_conn, record):
        # The bulk store's staging files stay attached until their transaction has ended
        # (SQLite detaches nothing in a transaction): here, as the connection goes back.
        attached = record.info.pop("attached", [])
        if dbapi_conn is None:  # the connection is already gone
            return
        for schema in attached:
            try:
                dbapi_conn.execute(f"DETACH DATABASE {schema}")  # our own name, not user text
            except Exception as exc:  # noqa: BLE001 - one that cannot detach is closed
                record.invalidate(exc)
                return

    return engine
