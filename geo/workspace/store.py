"""The workspace's one code path, for both back-ends: datasets, saved maps and their versions,
the trash and the history.

Every change is one transaction: a dataset is stored whole or not at all, a map's new version
is written only if nobody saved the map since the caller opened it (``MapChanged`` otherwise),
and each change adds its line to the history in the same transaction.

Every call is checked against the caller's role and ownership (``geo.workspace.permissions``):
a workspace acts for its ``caller``, the machine's user unless :meth:`Workspace.acting_as`
names an account. Refused, nothing is read or written (``NotAllowed``).

>>> ws = open_workspace("sqlite:////tmp/ws/workspace.gpkg")     # doctest: +SKIP
>>> ds = ws.add_dataset(result, data=raw, who="analyst")          # doctest: +SKIP
>>> m = ws.save_map("Nangarhar weekly", view, [ds.id], who="analyst")   # doctest: +SKIP
>>> ws.save_map("Nangarhar weekly", view2, [ds.id], who="briefer", map_id=m.id,
...             expected_version=m.version).version                # doctest: +SKIP
2
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from geo.records import COLUMNS
from geo.words import Moment, Phrase, reason_of
from geo.validation import ImportResult
import geo.workspace.bulk as bulk
from geo.workspace.engine import backend, make_engine, shown_url, workspace_url
from geo.workspace.errors import WorkspaceError
from geo.workspace.permissions import Caller, Item, NotAllowed, can_read, check, kind_said
from geo.workspace.schema import (RECORD_COLUMNS, SAVED_KINDS, VISIBILITIES, dataset_readers,
                                  datasets, history, map_versions, records, saved_maps)

ACTIONS = ("imported", "saved", "renamed", "deleted", "restored", "purged", "exported",
           "shared")
__all__ = ["MapChanged", "NotAllowed", "NotFound", "SavedMap", "StoredDataset", "Workspace",
           "WorkspaceError", "open_workspace"]


class NotFound(WorkspaceError):
    pass


class MapChanged(WorkspaceError):
    """The map was saved by someone else since the caller opened it."""

    def __init__(self, saved: "SavedMap", expected: int | None):
        self.saved = saved
        super().__init__(Phrase(
            "'{name}' was changed since you opened it: version {version} was saved {when} by "
            "{by} (you opened version {expected}). Nothing was overwritten: open the new "
            "version, or save yours as a copy.", name=saved.name, version=saved.version,
            when=Moment(saved.saved_at), by=saved.saved_by, expected=expected))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite gives back naive times; every time stored is UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class StoredDataset:
    id: str
    file_name: str
    size: int
    sha256: str
    format: str
    importer_version: str
    rows: int
    accepted: int
    rejected: int
    report: dict
    owner: str
    visibility: str
    created_by: str
    created_at: dt.datetime
    deleted_at: dt.datetime | None = None
    deleted_by: str | None = None
    new: bool = True  # False when the same content was stored before

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class SavedMap:
    id: str
    name: str
    description: str
    version: int  # the version shown (the current one unless an older was asked for)
    current_version: int
    view: dict
    dataset_ids: list = field(default_factory=list)
    owner: str = ""
    visibility: str = "private"
    saved_by: str = ""
    saved_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    deleted_at: dt.datetime | None = None
    restored_from: int | None = None
    kind: str = "map"  # or "briefing": its view is then the briefing file's document

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    def describe(self) -> str:
        """'Saved map 'Nangarhar weekly', version 4, saved 01 Dec 2026 by ana'."""
        values = dict(kind=kind_said(self.kind), name=self.name,
                      version=self.version, when=Moment(self.saved_at), by=self.saved_by)
        if self.version == self.current_version:
            return Phrase("Saved {kind} '{name}', version {version}, saved {when} by {by}",
                          **values)
        return Phrase("Saved {kind} '{name}', version {version} (an older version; the current"
                      " one is {current}), saved {when} by {by}", current=self.current_version,
                      **values)


def _dataset(row, new: bool = True) -> StoredDataset:
    return StoredDataset(row.id, row.file_name, row.size, row.sha256, row.format,
                         row.importer_version, row.rows, row.accepted, row.rejected, row.report,
                         row.owner, row.visibility, row.created_by, _utc(row.created_at),
                         _utc(row.deleted_at), row.deleted_by, new)


def import_report(result: ImportResult) -> dict:
    """The import's report as kept: accepted, rejected rows with their reasons and original
    cells, warnings, rows outside the region, attribution."""
    report = result.report()
    cells = result.rejected_rows
    report["rejected_cells"] = [] if cells is None or not len(cells) else _as_text(cells)
    return report


def _as_text(cells: pd.DataFrame) -> list[dict]:
    """Each row as {column: text or None}, made a column at a time (pandas' ``to_dict``
    boxes every value: 1.5 s for the 10,000 rejected rows of a million)."""
    names = [str(c) for c in cells.columns]
    columns = [[None if _missing(v) else str(v) for v in cells.iloc[:, k].to_numpy(object)]
               for k in range(cells.shape[1])]
    return [dict(zip(names, row)) for row in zip(*columns)]


class Workspace:
    """One workspace, embedded or on a team server; see the module's docstring."""

    def __init__(self, engine: Engine, url: str, caller: Caller | None = None):
        self.engine, self.url = engine, url
        self.backend = backend(url)
        self.caller = caller or Caller.machine()

    def __repr__(self) -> str:
        return f"Workspace({shown_url(self.url)!r})"

    def acting_as(self, caller: Caller) -> "Workspace":
        """The same workspace (and engine), acting for ``caller``."""
        return Workspace(self.engine, self.url, caller)

    def _actor(self, who: "str | Caller | None") -> Caller:
        """Who an action is by: the caller. On this machine (personal mode, the CLI) a name
        may be given: the one user acting under another name (the built-in data's owner)."""
        if who is None or who == self.caller.name or who == self.caller:
            return self.caller
        if self.caller.personal:
            return who if isinstance(who, Caller) else \
                Caller(who, "admin", self.caller.address, personal=True)
        raise NotAllowed(Phrase("{who} acts only as themself, not as {other}",
                                who=self.caller.describe(), other=str(who)))

    def _readers(self, conn, ds_ids) -> dict[str, tuple]:
        out: dict[str, list] = {}
        if ds_ids:
            for d, a in conn.execute(select(dataset_readers.c.dataset_id,
                                            dataset_readers.c.account)
                                     .where(dataset_readers.c.dataset_id.in_(list(ds_ids)))):
                out.setdefault(d, []).append(a)
        return {d: tuple(a) for d, a in out.items()}

    # -- datasets ---------------------------------------------------------------------------
    def add_dataset(self, result: ImportResult, data: bytes, who: str | None = None,
                    file_name: str | None = None, fmt: str | None = None,
                    visibility: str = "private") -> StoredDataset:
        """Store an accepted upload and its records in one transaction. The same content
        stored before is that dataset (``new`` False), taken out of the trash if it was in;
        kept private by someone else, the uploader may read it from now on."""
        from geo.importers import IMPORTER_VERSION
        who = self._actor(who)
        check(who, "import")
        _check_visibility(visibility)
        digest = hashlib.sha256(data).hexdigest()
        name = file_name or result.name
        with self.engine.begin() as conn:
            row = conn.execute(select(datasets).where(datasets.c.sha256 == digest)).first()
            if row is not None:
                if not can_read(who, _as_item(row, "dataset", self._readers(conn, [row.id]))):
                    conn.execute(insert(dataset_readers).values(dataset_id=row.id,
                                                                account=who.name))
                    _log(conn, "imported", "dataset", row.id, name, who,
                         {"why": "the same content as a dataset kept privately"})
                if row.deleted_at is not None:
                    conn.execute(update(datasets).where(datasets.c.id == row.id)
                                 .values(deleted_at=None, deleted_by=None))
                    _log(conn, "restored", "dataset", row.id, row.file_name, who,
                         {"why": "uploaded again"})
                    row = conn.execute(select(datasets).where(datasets.c.id == row.id)).first()
                return _dataset(row, new=False)
            ds_id = "d-" + digest[:16]
            frame = result.records
            conn.execute(insert(datasets).values(
                id=ds_id, file_name=name, size=len(data), sha256=digest,
                format=fmt or result.format, importer_version=IMPORTER_VERSION,
                rows=result.rows, accepted=result.accepted, rejected=result.rejected_count,
                report=import_report(result),
                dtypes={c: str(frame[c].dtype) for c in COLUMNS}, owner=who.name,
                visibility=visibility, created_by=who.name, created_at=_now()))
            try:
                bulk.store_records(conn, ds_id, frame)
            except bulk.NotStorable as exc:
                raise WorkspaceError(Phrase("{file} was not stored: {why}", file=name,
                                            why=reason_of(exc))) from None
            _log(conn, "imported", "dataset", ds_id, name, who,
                 {"records": result.accepted, "rejected": result.rejected_count,
                  "format": result.format, "size": len(data)})
            row = conn.execute(select(datasets).where(datasets.c.id == ds_id)).first()
        return _dataset(row)

    def _dataset_row(self, conn, ds_id: str, action: str = "read"):
        """The dataset's row, if the caller may do ``action`` to it."""
        row = conn.execute(select(datasets).where(datasets.c.id == ds_id)).first()
        if row is None:
            raise NotFound(Phrase("no dataset {id} in this workspace", id=ds_id))
        check(self.caller, action, _as_item(row, "dataset", self._readers(conn, [ds_id])))
        return row

    def dataset(self, ds_id: str) -> StoredDataset:
        with self.engine.connect() as conn:
            row = self._dataset_row(conn, ds_id)
        return _dataset(row, new=False)

    def datasets(self, trash: bool = False) -> list[StoredDataset]:
        """The datasets the caller may read, newest first; ``trash``: those in the trash
        instead."""
        cond = datasets.c.deleted_at.is_not(None) if trash else datasets.c.deleted_at.is_(None)
        with self.engine.connect() as conn:
            rows = conn.execute(select(datasets).where(cond)
                                .order_by(datasets.c.created_at.desc())).all()
            readers = self._readers(conn, [r.id for r in rows]) \
                if self.caller.role != "admin" else {}
        return [_dataset(r, new=False) for r in rows
                if can_read(self.caller, _as_item(r, "dataset", readers))]

    def records(self, ds_id: str) -> pd.DataFrame:
        """The dataset's records, exactly as its import gave them (columns, types, order)."""
        # Read and typed with the cycle collector paused: until typed, every value is a
        # Python object (millions of them), and the collector would walk them again and again.
        with self.engine.connect() as conn, bulk.no_collection():
            row = self._dataset_row(conn, ds_id)
            accepted, dtypes = row.accepted, row.dtypes
            out = bulk.read_records(conn, ds_id).rename(columns=RECORD_COLUMNS)[COLUMNS]
            for column, dtype in dtypes.items():
                out[column] = _typed(out[column], dtype)
        if len(out) != accepted:  # cannot happen: stored in one transaction
            raise WorkspaceError(f"dataset {ds_id} holds {len(out)} records, not {accepted}")
        return out

    def used_by(self, ds_id: str) -> list[SavedMap]:
        """Saved maps (not in the trash) whose current version uses the dataset."""
        return [m for m in self.saved_maps(kind=None) if ds_id in m.dataset_ids]

    def delete_dataset(self, ds_id: str, who: str | None = None) -> None:
        self._to_trash(datasets, "dataset", ds_id, who)

    def restore_dataset(self, ds_id: str, who: str | None = None) -> None:
        self._from_trash(datasets, "dataset", ds_id, who)

    def purge_dataset(self, ds_id: str, who: str | None = None) -> None:
        """Removes a dataset in the trash, and its records, for good."""
        self._purge(datasets, "dataset", ds_id, who)

    # -- saved maps -------------------------------------------------------------------------
    def save_map(self, name: str, view: dict, dataset_ids: list[str],
                 who: str | None = None, map_id: str | None = None,
                 expected_version: int | None = None, description: str = "",
                 visibility: str = "private", kind: str = "map") -> SavedMap:
        """A new saved map (no ``map_id``), or a new version of one. ``expected_version`` is
        the version the caller opened: if the map was saved since, nothing is written and
        ``MapChanged`` says by whom (save as a copy, without ``map_id``, instead).
        ``kind="briefing"``: a briefing, whose ``view`` is the briefing file's document
        (:meth:`save_briefing`)."""
        who = self._actor(who)
        check(who, "save")
        _check_visibility(visibility)
        if kind not in SAVED_KINDS:
            raise WorkspaceError(f"a saved item is one of {', '.join(SAVED_KINDS)}, not {kind}")
        name = (name or "").strip()
        if not name:
            raise WorkspaceError(Phrase("a saved {kind} needs a name", kind=kind_said(kind)))
        missing = [d for d in dataset_ids if not self._exists(datasets, d)]
        if missing:
            raise NotFound(Phrase("no dataset {id} in this workspace", id=", ".join(missing)))
        now = _now()
        with self.engine.begin() as conn:
            for d in dataset_ids:  # a map shows only data its maker may read
                check(who, "read", _as_item(
                    conn.execute(select(datasets).where(datasets.c.id == d)).first(),
                    "dataset", self._readers(conn, [d])))
            if map_id is None:
                map_id = kind[0] + "-" + secrets.token_hex(6)
                conn.execute(insert(saved_maps).values(
                    id=map_id, name=name, description=description, version=1, kind=kind,
                    owner=who.name, visibility=visibility, created_by=who.name,
                    created_at=now))
                version = 1
            else:
                if self._map_row(conn, map_id, "change", who).kind != kind:
                    raise WorkspaceError(f"{map_id} is not a saved {kind}")
                version = self._next_version(conn, map_id, expected_version)
                conn.execute(update(saved_maps).where(saved_maps.c.id == map_id)
                             .values(name=name, description=description))
            conn.execute(insert(map_versions).values(
                map_id=map_id, version=version, name=name, description=description,
                view=view, dataset_ids=list(dataset_ids), saved_by=who.name, saved_at=now))
            _log(conn, "saved", kind, map_id, name, who,
                 {"version": version, "datasets": list(dataset_ids)})
        return self._saved_map(map_id)

    def save_briefing(self, name: str, document: dict, dataset_ids: list[str],
                      who: str | None = None, briefing_id: str | None = None,
                      expected_version: int | None = None,
                      visibility: str = "private") -> SavedMap:
        """A briefing kept in the workspace: ``document`` is its file's JSON (checked by
        ``outputs.briefing`` before it comes here), ``dataset_ids`` the datasets its slides
        show. Versions, the trash and sharing are a saved map's."""
        return self.save_map(name, document, dataset_ids, who, briefing_id, expected_version,
                             visibility=visibility, kind="briefing")

    def _next_version(self, conn: Connection, map_id: str, expected: int | None) -> int:
        # The compare-and-set: only one of two concurrent saves of version N makes N + 1.
        done = conn.execute(update(saved_maps)
                            .where(saved_maps.c.id == map_id,
                                   saved_maps.c.version == expected)
                            .values(version=saved_maps.c.version + 1))
        if done.rowcount != 1:
            # Raised inside the caller's transaction, which is then rolled back whole.
            raise MapChanged(self._saved_map(map_id), expected)
        return expected + 1

    def _map_row(self, conn, map_id: str, action: str, who: Caller | None = None):
        head = conn.execute(select(saved_maps).where(saved_maps.c.id == map_id)).first()
        if head is None:
            raise NotFound(Phrase("no saved {kind} {id} in this workspace",
                                  kind=kind_said(_kind_of_id(map_id)), id=map_id))
        check(who or self.caller, action, _as_item(head, head.kind))
        return head

    def saved_map(self, map_id: str, version: int | None = None) -> SavedMap:
        """The saved map, at its current version or at ``version``."""
        with self.engine.connect() as conn:
            self._map_row(conn, map_id, "read")
        return self._saved_map(map_id, version)

    def _saved_map(self, map_id: str, version: int | None = None) -> SavedMap:
        with self.engine.connect() as conn:
            head = conn.execute(select(saved_maps).where(saved_maps.c.id == map_id)).first()
            if head is None:
                raise NotFound(Phrase("no saved {kind} {id} in this workspace",
                                  kind=kind_said(_kind_of_id(map_id)), id=map_id))
            v = conn.execute(select(map_versions).where(
                map_versions.c.map_id == map_id,
                map_versions.c.version == (version or head.version))).first()
        if v is None:
            raise NotFound(Phrase("saved map {id} has no version {version}", id=map_id,
                                  version=version))
        return _saved(head, v)

    def saved_maps(self, trash: bool = False, kind: str | None = "map") -> list[SavedMap]:
        """The saved maps (``kind="briefing"``: briefings; ``None``: both) at their current
        versions, newest first (one query)."""
        cond = saved_maps.c.deleted_at.is_not(None) if trash else \
            saved_maps.c.deleted_at.is_(None)
        if kind is not None:
            cond = cond & (saved_maps.c.kind == kind)
        v = map_versions.alias("v")
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(saved_maps, *[c.label(f"v_{c.name}") for c in v.c])
                .join(v, (v.c.map_id == saved_maps.c.id) & (v.c.version == saved_maps.c.version))
                .where(cond).order_by(saved_maps.c.created_at.desc())).all()
        return [_saved(r, _Prefixed(r, "v_")) for r in rows
                if can_read(self.caller, _as_item(r, r.kind))]

    def saved_briefings(self, trash: bool = False) -> list[SavedMap]:
        """The briefings kept in the workspace, newest first."""
        return self.saved_maps(trash, kind="briefing")

    def versions(self, map_id: str) -> list[SavedMap]:
        """Every version of the map, newest first."""
        current = self.saved_map(map_id)
        return [self._saved_map(map_id, v) for v in range(current.current_version, 0, -1)]

    def restore_version(self, map_id: str, version: int, who: str | None = None,
                        expected_version: int | None = None) -> SavedMap:
        """Makes an older version the current one, as a new version (nothing is lost)."""
        who = self._actor(who)
        old = self.saved_map(map_id, version)
        with self.engine.begin() as conn:
            self._map_row(conn, map_id, "change", who)
            new = self._next_version(conn, map_id, expected_version)
            conn.execute(update(saved_maps).where(saved_maps.c.id == map_id)
                         .values(name=old.name, description=old.description))
            conn.execute(insert(map_versions).values(
                map_id=map_id, version=new, name=old.name, description=old.description,
                view=old.view, dataset_ids=old.dataset_ids, saved_by=who.name,
                saved_at=_now(), restored_from=version))
            _log(conn, "restored", old.kind, map_id, old.name, who,
                 {"version": new, "from_version": version})
        return self._saved_map(map_id)

    def rename_map(self, map_id: str, name: str, who: str | None = None,
                   expected_version: int | None = None) -> SavedMap:
        """A new version under the new name, the view unchanged."""
        who = self._actor(who)
        old = self.saved_map(map_id)
        name = (name or "").strip()
        if not name:
            raise WorkspaceError(Phrase("a saved {kind} needs a name",
                                        kind=kind_said(old.kind)))
        with self.engine.begin() as conn:
            self._map_row(conn, map_id, "change", who)
            new = self._next_version(conn, map_id, expected_version)
            conn.execute(update(saved_maps).where(saved_maps.c.id == map_id).values(name=name))
            conn.execute(insert(map_versions).values(
                map_id=map_id, version=new, name=name, description=old.description,
                view=old.view, dataset_ids=old.dataset_ids, saved_by=who.name,
                saved_at=_now()))
            _log(conn, "renamed", old.kind, map_id, name, who,
                 {"version": new, "from": old.name})
        return self._saved_map(map_id)

    def delete_map(self, map_id: str, who: str | None = None) -> None:
        self._to_trash(saved_maps, "map", map_id, who)

    def restore_map(self, map_id: str, who: str | None = None) -> None:
        self._from_trash(saved_maps, "map", map_id, who)

    def purge_map(self, map_id: str, who: str | None = None) -> None:
        self._purge(saved_maps, "map", map_id, who)

    # -- sharing ------------------------------------------------------------------------------
    def share_map(self, map_id: str, visibility: str = "team", who: str | None = None) -> None:
        """Shares the map with the team (or makes it private again). Shared, the private
        datasets it shows are shared with it: a viewer could not see the map without them."""
        who = self._actor(who)
        _check_visibility(visibility)
        with self.engine.begin() as conn:
            head = self._map_row(conn, map_id, "share", who)
            shared = []
            if visibility == "team":
                ids = conn.execute(select(map_versions.c.dataset_ids).where(
                    map_versions.c.map_id == map_id,
                    map_versions.c.version == head.version)).scalar_one()
                for d in ids:
                    row = conn.execute(select(datasets).where(datasets.c.id == d)).first()
                    if row is not None and row.visibility != "team":
                        check(who, "share", _as_item(row, "dataset"))
                        conn.execute(update(datasets).where(datasets.c.id == d)
                                     .values(visibility="team"))
                        _log(conn, "shared", "dataset", d, row.file_name, who,
                             {"visibility": "team", "with": map_id})
                        shared.append(d)
            conn.execute(update(saved_maps).where(saved_maps.c.id == map_id)
                         .values(visibility=visibility))
            _log(conn, "shared", head.kind, map_id, head.name, who,
                 {"visibility": visibility, "datasets": shared})

    def share_dataset(self, ds_id: str, visibility: str = "team",
                      who: str | None = None) -> None:
        who = self._actor(who)
        _check_visibility(visibility)
        with self.engine.begin() as conn:
            row = conn.execute(select(datasets).where(datasets.c.id == ds_id)).first()
            if row is None:
                raise NotFound(Phrase("no dataset {id} in this workspace", id=ds_id))
            check(who, "share", _as_item(row, "dataset"))
            conn.execute(update(datasets).where(datasets.c.id == ds_id)
                         .values(visibility=visibility))
            _log(conn, "shared", "dataset", ds_id, row.file_name, who,
                 {"visibility": visibility})

    # -- history ----------------------------------------------------------------------------
    def log(self, action: str, kind: str, item_id: str, item_name: str,
            who: str | None = None, detail: dict | None = None) -> None:
        """Adds a line to the history (an export, say) in a transaction of its own. Any
        role may export what it may read; the line is the caller's."""
        who = self._actor(who)
        if action != "exported" and not who.personal:
            # The other lines are written by the store itself, with the change they tell.
            raise NotAllowed(Phrase("{who} may add only exports to the history",
                                    who=who.describe()))
        with self.engine.begin() as conn:
            _log(conn, action, kind, item_id, item_name, who, detail or {})

    def history(self, limit: int | None = 200, item_id: str | None = None) -> list[dict]:
        """What happened, newest first: all of it for an admin, one's own lines for the
        others."""
        q = select(history).order_by(history.c.id.desc())
        if item_id:
            q = q.where(history.c.item_id == item_id)
        if self.caller.role != "admin":
            q = q.where(history.c.who == self.caller.name)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [{"at": _utc(r.at), "who": r.who, "action": r.action, "kind": r.kind,
                 "id": r.item_id, "name": r.item_name, "detail": r.detail,
                 "address": r.address or ""} for r in rows]

    def counts(self) -> dict:
        with self.engine.connect() as conn:
            return {"datasets": conn.execute(select(func.count()).select_from(datasets))
                    .scalar_one(),
                    "records": conn.execute(select(func.count()).select_from(records))
                    .scalar_one(),
                    "saved_maps": conn.execute(select(func.count()).select_from(saved_maps))
                    .scalar_one()}

    # -- the trash --------------------------------------------------------------------------
    def _exists(self, table, item_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.id).where(table.c.id == item_id)).first() \
                is not None

    def _item(self, conn, table, kind, item_id, action, who):
        row = conn.execute(select(table).where(table.c.id == item_id)).first()
        if row is None:
            raise NotFound(Phrase("no {kind} {id} in this workspace",
                                  kind=kind_said(kind), id=item_id))
        check(who, action, _as_item(row, _kind(row, kind)))
        return row

    def _to_trash(self, table, kind, item_id, who):
        who = self._actor(who)
        with self.engine.begin() as conn:
            row = self._item(conn, table, kind, item_id, "delete", who)
            if row.deleted_at is not None:
                raise WorkspaceError(Phrase("{kind} {id} is in the trash already",
                                            kind=kind_said(kind), id=item_id))
            conn.execute(update(table).where(table.c.id == item_id)
                         .values(deleted_at=_now(), deleted_by=who.name))
            _log(conn, "deleted", _kind(row, kind), item_id, _name(row), who, {"to": "trash"})

    def _from_trash(self, table, kind, item_id, who):
        who = self._actor(who)
        with self.engine.begin() as conn:
            row = self._item(conn, table, kind, item_id, "restore", who)
            if row.deleted_at is None:
                raise WorkspaceError(Phrase("{kind} {id} is not in the trash",
                                            kind=kind_said(kind), id=item_id))
            conn.execute(update(table).where(table.c.id == item_id)
                         .values(deleted_at=None, deleted_by=None))
            _log(conn, "restored", _kind(row, kind), item_id, _name(row), who,
                 {"from": "trash"})

    def _purge(self, table, kind, item_id, who):
        who = self._actor(who)
        with self.engine.begin() as conn:
            row = self._item(conn, table, kind, item_id, "purge", who)
            if row.deleted_at is None:
                raise WorkspaceError(Phrase("{kind} {id} is not in the trash: delete it first",
                                            kind=kind_said(kind), id=item_id))
            if table is datasets:
                conn.execute(delete(records).where(records.c.dataset_id == item_id))
                conn.execute(delete(dataset_readers)
                             .where(dataset_readers.c.dataset_id == item_id))
            else:
                conn.execute(delete(map_versions).where(map_versions.c.map_id == item_id))
            conn.execute(delete(table).where(table.c.id == item_id))
            _log(conn, "purged", _kind(row, kind), item_id, _name(row), who, {})


class _Prefixed:
    """A row's columns that carry a prefix, read without it."""

    def __init__(self, row, prefix: str):
        self.row, self.prefix = row, prefix

    def __getattr__(self, name):
        return getattr(self.row, self.prefix + name)


def _saved(head, v) -> SavedMap:
    return SavedMap(head.id, v.name, v.description, v.version, head.version, v.view,
                    list(v.dataset_ids), head.owner, head.visibility, v.saved_by,
                    _utc(v.saved_at), _utc(head.created_at), _utc(head.deleted_at),
                    v.restored_from, head.kind)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _kind_of_id(item_id: str) -> str:
    return "briefing" if item_id.startswith("b-") else "map"


def _kind(row, kind: str) -> str:
    """A saved item's own kind (a map or a briefing); a dataset's."""
    return getattr(row, "kind", None) or kind


def _name(row) -> str:
    return getattr(row, "file_name", None) or getattr(row, "name", "")


def _as_item(row, kind: str, readers: dict | None = None) -> Item:
    return Item.of(row, kind, (readers or {}).get(row.id, ()))


def _log(conn, action, kind, item_id, item_name, who: Caller, detail) -> None:
    conn.execute(insert(history).values(at=_now(), who=who.name, action=action, kind=kind,
                                        item_id=item_id, item_name=item_name or "",
                                        detail=detail, address=who.address or None))


def _check_visibility(visibility: str) -> None:
    if visibility not in VISIBILITIES:
        raise WorkspaceError(f"visibility is one of {', '.join(VISIBILITIES)}, not {visibility}")


def _typed(values: pd.Series, dtype: str) -> pd.Series:
    """A column read back, in the type the import gave it."""
    if dtype.startswith("datetime64"):
        # Stored as UTC (the records' times have no zone: read back without one).
        parsed = pd.to_datetime(values, utc=True, format="ISO8601")
        return parsed.dt.tz_localize(None).astype(dtype)
    if dtype == "object":
        return values.astype(object).where(values.notna(), None)
    if dtype in ("str", "string"):
        return values.astype(dtype)
    return values.astype(np.dtype(dtype))


def open_workspace(url: str | None = None, migrate: bool = True) -> Workspace:
    """The workspace at ``url`` (default: :func:`workspace_url`), brought up to date."""
    url = url or workspace_url()
    engine = make_engine(url)
    if migrate:
        from geo.workspace.migrate import upgrade
        upgrade(engine)
    return Workspace(engine, url)
