"""The built-in records as a dataset of the workspace, like any upload: stored once per content
of ``data/activity/reported_activity.csv`` (a new version of the file is a new dataset).

>>> builtin_dataset(open_workspace()).file_name        # doctest: +SKIP
'reported_activity.csv'
"""
from __future__ import annotations

from geo.activity import DATA, builtin_result
from geo.workspace.store import StoredDataset, Workspace

BUILTIN_FILE = DATA / "reported_activity.csv"
BUILTIN_OWNER = "built-in"


def builtin_dataset(ws: Workspace) -> StoredDataset:
    """The built-in records' dataset, stored on first use, shared with the team."""
    return ws.add_dataset(builtin_result(), BUILTIN_FILE.read_bytes(), who=BUILTIN_OWNER,
                          file_name=BUILTIN_FILE.name, visibility="team")
