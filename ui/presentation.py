"""Presentation mode: the map, its title and legend on the map, no controls, and a way out."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.words import say
from ui.map_component import iskp_map
from ui.plain import show


# The app's own rules (no user text): nothing of the app around what is shown to an audience.
HIDE_APP_CHROME = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}"""


# What the page keeps beside the map on screen: its top margin, the line above the map
# (sources, the way out) and a bottom margin.
PAGE_LINES_PX = 112


def presentation_page(live, in_view: pd.DataFrame) -> None:
    """Show the page and stop the run (nothing of the normal page follows)."""
    ss = st.session_state
    st.markdown("<style>" + HIDE_APP_CHROME + """
        .block-container {padding-top: 0.5rem; padding-bottom: 0; max-width: 100%;}
        </style>""", unsafe_allow_html=True)
    # One line above the map, the same on every run (an element that came and went above the
    # map would mount it anew): the sources, folded, and the way out.
    shown = sorted(set(in_view["source"]))
    sources, leave = st.columns([5, 1], vertical_alignment="center")
    with sources.expander(say("Sources ({n})", n=len(shown))):
        show("caption", " · ".join(shown) if shown else say("No records in this window."))
    # A callback: it runs before the sidebar's toggle of the same key exists on the next run.
    leave.button(say("Exit presentation mode"), on_click=lambda: ss.update(presentation=False))
    # The map and its timeline fill the rest of the screen; Esc, or leaving full screen, leaves
    # presentation mode too (ui.window takes the map's report).
    iskp_map(live, height=640, fill=PAGE_LINES_PX, key="map_present",
             fit=st.session_state.get("fit"), present=True)
    st.stop()
