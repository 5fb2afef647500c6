"""What a component reports, taken once per action.

A Streamlit component's value stays in ``st.session_state[key]`` across reruns, so a value
read on every rerun would be applied again and again (undoing what the reader did in the
sidebar since). The app's components (the map, the sidebar's panel) stamp each action with a
new ``seq``; :func:`take_event` returns the action the first time and None afterwards, and
:func:`taken_seq` tells a component which action the app has applied.

>>> change = take_event("filters")   # read before the widgets that show it are made
"""
from __future__ import annotations

import streamlit as st


def taken_seq(key: str):
    """The ``seq`` of the last action of component ``key`` that the app has taken, or None."""
    return st.session_state.get(f"_{key}_seq")


def take_event(key: str) -> dict | None:
    """Component ``key``'s action not yet taken, or None."""
    ss = st.session_state
    event = ss.get(key) or {}
    if event.get("seq") and event["seq"] != taken_seq(key):
        ss[f"_{key}_seq"] = event["seq"]
        return event
    return None
