"""A whole workspace copied into another, on either back-end: a backup (an embedded workspace
file, one portable GeoPackage), a restore of one, a move to a team server.

Everything is copied in one transaction on the receiving side, which must be empty: datasets
with their records (read back exactly and stored again), saved maps with every version, the
history, with their ids, owners and times, and the accounts (their password hashes; an account
the receiving side has already, its first admin say, is kept as it is there). Sessions and
failed logins stay behind.

>>> copy_workspace(open_workspace(), open_workspace("sqlite:////tmp/backup.gpkg"))  # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, insert, select

import geo.workspace.bulk as bulk
from geo.workspace.schema import (dataset_readers, datasets, history, map_versions, saved_maps,
                                  users)
from geo.workspace.store import Workspace, WorkspaceError, open_workspace

_PLAIN = (datasets, dataset_readers, saved_maps, map_versions, history, users)


def copy_workspace(source: Workspace, target: Workspace) -> dict:
    """Copies ``source`` into the empty ``target``; the counts copied."""
    with target.engine.connect() as conn:
        held = sum(conn.execute(select(func.count()).select_from(t)).scalar_one()
                   for t in (datasets, saved_maps, history))
    if held:
        raise WorkspaceError(f"{target} is not empty; a backup is restored, and a workspace "
                             "moved, only into an empty one")
    with source.engine.connect() as src:
        plain = {t.name: [dict(r._mapping) for r in src.execute(select(t)).all()]
                 for t in _PLAIN}
    frames = {d["id"]: source.records(d["id"]) for d in plain["datasets"]}
    with target.engine.connect() as conn:
        there = set(conn.execute(select(users.c.name)).scalars())
    plain["users"] = [u for u in plain["users"] if u["name"] not in there]
    with target.engine.begin() as conn:
        for table in _PLAIN:
            rows = plain[table.name]
            if table is history:
                # New ids in the target, in the source's order.
                rows = [{k: v for k, v in r.items() if k != "id"} for r in rows]
                rows.sort(key=lambda r: r["at"])
            if rows:
                conn.execute(insert(table), rows)
            if table is datasets:
                bulk.store_datasets(conn, frames)
    counts = {t.name: len(plain[t.name]) for t in _PLAIN}
    counts["records"] = sum(len(f) for f in frames.values())
    return counts


def backup(source: Workspace, path: Path) -> dict:
    """Writes the workspace to ``path``, a new GeoPackage (an embedded workspace)."""
    path = Path(path)
    if path.exists():
        raise WorkspaceError(f"{path} exists; a backup is written to a new file")
    try:
        return copy_workspace(source, open_workspace(f"sqlite:///{path.resolve()}"))
    except BaseException:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise


def restore(path: Path, target: Workspace) -> dict:
    """Restores the backup at ``path`` into the empty workspace ``target``."""
    from sqlalchemy.exc import DatabaseError

    from geo.workspace.engine import make_engine
    from geo.workspace.migrate import current, upgrade
    path = Path(path)
    if not path.is_file():
        raise WorkspaceError(f"no backup file {path}")
    engine = make_engine(f"sqlite:///{path.resolve()}")
    try:
        revision = current(engine)
    except DatabaseError:
        revision = None
    if revision is None:
        raise WorkspaceError(f"{path} is not a workspace backup (python -m geo workspace "
                             "backup FILE makes one)")
    upgrade(engine)  # a backup of an older version of the workspace
    return copy_workspace(Workspace(engine, f"sqlite:///{path.resolve()}"), target)


