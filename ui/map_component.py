"""The app's map as a Streamlit component that keeps its page between reruns.

streamlit-folium mounts a new map whenever the map's HTML changes, and the app's map changed
with every window: zoom, pan and open popups were lost, about 1 s each time. This component
keeps one page (``map_host/index.html``, around ``map_runtime/js/iskp_host.js``): a new window is
applied inside it; only a new map document (other layers, filters, metric) replaces the map,
and then the reader's place is kept by the map itself (``FitBeside``).

It returns the reader's last action on the map, once per action (``seq`` is new each time):
``{"window": [first_day, last_day]}`` chosen on the timeline, or ``{"province": "AF-NAN"}``.

>>> event = iskp_map(live_map(view, records, span), height=640, key="map")
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from geo.words import page_words
from map_page.live_map import LiveMap

_component = components.declare_component(
    "iskp_map", path=str(Path(__file__).parent / "map_host"))


def iskp_map(live: LiveMap, *, height: int, key: str, channel: str | None = None,
             steer: str | None = None, fit: dict | None = None, fill: int | None = None,
             min_height: int = 420, present: bool = False) -> dict | None:
    """Show ``live``; the reader's latest action on it, or None. ``height``: the frame's
    height in pixels, or, with ``fill``, the reader's screen height less ``fill`` pixels (at
    least ``min_height``; ``height`` where the screen is unknown). ``present``: presentation
    mode's bar (full screen); Esc, or leaving full screen, reports
    ``{"leave": "presentation"}``.
    ``channel``: the
    BroadcastChannel the sidebar's panel (ui.filter_panel) tells this map its changes on;
    ``steer``: the last of those changes that ``live`` includes; ``fit``: a place to open at
    (``{"id", "extent": [s, w, n, e]}``, a saved map's), fitted once per id.

    The map document (hundreds of KB to MB) is sent when it changes, not on every rerun; a
    page that lost it (its component was mounted anew) asks for it again (``need``)."""
    ss = st.session_state
    digest = hashlib.sha1(live.html.encode("utf-8")).hexdigest()
    event = ss.get(key) or {}
    resend = event.get("need") == "document" and event.get("seq") != ss.get(f"_{key}_asked")
    if resend:
        ss[f"_{key}_asked"] = event.get("seq")
    html = live.html if resend or ss.get(f"_{key}_sent") != digest else None
    ss[f"_{key}_sent"] = digest
    panes = [{**p, "fit": fit} for p in live.panes] if fit else live.panes
    return _component(language=page_words(), html=html, doc=digest, panes=panes,
                      captions=live.captions,
                      height=int(height), fill=fill, min_height=int(min_height),
                      present=present, channel=channel, steer=steer, key=key,
                      default=None)
