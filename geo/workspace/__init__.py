"""The team's workspace: datasets (every accepted upload with its records and import report),
saved maps and their versions, a trash and a history, kept in one database.

Two back-ends share one schema (``geo.workspace.schema``) and one code path
(``geo.workspace.store``):

- embedded (the default, no set-up): one GeoPackage file, ``workspace.gpkg`` in the workspace
  folder (``ISKP_WORKSPACE``, else ``workspace/`` in the project); QGIS opens its ``records``
  layer directly;
- a team server: PostgreSQL with PostGIS, named by ``ISKP_DATABASE_URL=postgresql://...``;
  several app processes on one database share one workspace.

Alembic migrations (``geo/workspace/migrations``) bring either up to date when it is opened.

>>> ws = open_workspace("sqlite:///:memory:")      # doctest: +SKIP
>>> ds = ws.add_dataset(import_file("examples/acled_export.csv"), data=raw_bytes)  # doctest: +SKIP
>>> ws.records(ds.id).equals(result.records)       # doctest: +SKIP
True
"""
from __future__ import annotations

from geo.workspace.engine import workspace_url
from geo.workspace.permissions import ROLES, Caller, NotAllowed
from geo.workspace.store import (MapChanged, NotFound, SavedMap, StoredDataset, Workspace,
                                 WorkspaceError, open_workspace)

__all__ = ["ROLES", "Caller", "MapChanged", "NotAllowed", "NotFound", "SavedMap",
           "StoredDataset", "Workspace", "WorkspaceError", "open_workspace", "workspace_url"]
