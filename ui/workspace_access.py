"""The app's way into the workspace: one per server process (``geo.workspace``), the records
of a dataset kept in memory while they are used (a dataset never changes: its id is its
content), and the name every action is stored under.

Until accounts exist (personal mode: the app on this machine), actions carry the name of the
user who runs the app, or ``ISKP_USER``.
"""
from __future__ import annotations

import getpass
import os
import threading
from collections import OrderedDict

import pandas as pd
import streamlit as st

from geo.workspace import Workspace, open_workspace, workspace_url
from geo.workspace.builtin import builtin_dataset

_KEEP = 8  # datasets' records kept in memory (about 60 MB for 100,000 records)
_records: OrderedDict = OrderedDict()
_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _workspace(url: str) -> tuple[Workspace, str]:
    ws = open_workspace(url)
    return ws, builtin_dataset(ws).id


def workspace() -> Workspace:
    return _workspace(workspace_url())[0]


def builtin_id() -> str:
    """The built-in records' dataset (stored when the workspace is first opened)."""
    return _workspace(workspace_url())[1]


def current_user() -> str:
    return os.environ.get("ISKP_USER") or getpass.getuser()


def dataset_records(ds_id: str) -> pd.DataFrame:
    """A dataset's records, read once and kept while used."""
    key = (workspace().url, ds_id)
    with _lock:
        if key in _records:
            _records.move_to_end(key)
            return _records[key]
    frame = workspace().records(ds_id)
    with _lock:
        _records[key] = frame
        while len(_records) > _KEEP:
            _records.popitem(last=False)
    return frame
