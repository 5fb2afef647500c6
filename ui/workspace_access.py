"""The app's way into the workspace: one per server process (``geo.workspace``), acting for
this run's caller (``ui.account``: the account logged in, or in personal mode the person on
this machine), so that the store checks every call against their role; and the records of a
dataset kept in memory while they are used (a dataset never changes: its id is its content).
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd
import streamlit as st

from geo.workspace import Caller, Workspace, open_workspace, workspace_url
from geo.workspace.builtin import builtin_dataset

_KEEP = 8  # datasets' records kept in memory (about 60 MB for 100,000 records)
_records: OrderedDict = OrderedDict()
_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _workspace(url: str) -> tuple[Workspace, str]:
    ws = open_workspace(url)
    return ws, builtin_dataset(ws).id


def base_workspace() -> Workspace:
    """The process's workspace, acting as this machine's user (accounts, the built-in data)."""
    return _workspace(workspace_url())[0]


def workspace() -> Workspace:
    """The workspace acting for this run's caller."""
    return base_workspace().acting_as(caller())


def builtin_id() -> str:
    """The built-in records' dataset (stored when the workspace is first opened)."""
    return _workspace(workspace_url())[1]


def caller() -> Caller:
    """This run's caller, set by ``ui.account.require_caller`` at the top of the run."""
    found = st.session_state.get("caller")
    if found is None:  # a run that did not pass the check: nobody
        raise RuntimeError("no caller for this run: ui.account.require_caller comes first")
    return found


def current_user() -> str:
    return caller().name


def dataset_records(ds_id: str) -> pd.DataFrame:
    """A dataset's records, read once and kept while used (the caller's right to read them
    checked each time)."""
    workspace().dataset(ds_id)  # NotAllowed for a dataset that is not the caller's to read
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


def logged_export(make, what: str, file_name: str):
    """A download's bytes (``make``: bytes, or a function that makes them), with its line in
    the history (who, from where, which map, which file) when the reader downloads it.

    The workspace and the map are taken now: Streamlit makes a deferred download outside
    the script's run, where there is no session state."""
    ws = workspace()
    opened = st.session_state.get("open_map")
    map_id, name = (opened.id, opened.name) if opened else ("view", "unsaved view")

    def made() -> bytes:
        data = make() if callable(make) else make
        ws.log("exported", "map", map_id, name,
               detail={"what": what, "file": file_name, "bytes": len(data)})
        return data

    return made


def slide_records(slide) -> pd.DataFrame:
    """A briefing slide's records: the datasets its view names (the built-in records if none),
    each read with the reader's right to it checked."""
    from outputs.briefing import slide_records as records_of
    return records_of(slide, dataset_records, builtin_id())
