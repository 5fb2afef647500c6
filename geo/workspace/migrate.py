"""Bring a workspace's schema up to date with Alembic, on opening it.

Several app processes may open one team database at once: on PostgreSQL the upgrade holds an
advisory lock, so one process migrates and the others wait and find it done. (An embedded
file is one machine's: its first start makes it.)
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK = 7_310_024  # an advisory lock number of this project's own


def _config(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(_config(None)).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Migrate to the newest revision (nothing to do when it is there)."""
    if current(engine) == head():
        return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
        if MigrationContext.configure(conn).get_current_revision() != head():
            command.upgrade(_config(conn), "head")
