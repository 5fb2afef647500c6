"""Presentation mode: the map, its title and legend on the map, no controls, and a way out."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.map_component import iskp_map
from ui.plain import show


# The app's own rules (no user text): nothing of the app around what is shown to an audience.
HIDE_APP_CHROME = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}"""


def presentation_page(live, in_view: pd.DataFrame) -> None:
    """Show the page and stop the run (nothing of the normal page follows)."""
    ss = st.session_state
    st.markdown("<style>" + HIDE_APP_CHROME + """
        .block-container {padding-top: 0.5rem; padding-bottom: 0; max-width: 100%;}
        </style>""", unsafe_allow_html=True)
    iskp_map(live, height=900, key="map_present", fit=st.session_state.get("fit"))
    shown = sorted(set(in_view["source"]))
    show("caption", "Sources: " + " · ".join(shown) if shown else "No records in this window.")
    # A callback: it runs before the sidebar's toggle of the same key exists on the next run.
    st.button("Exit presentation mode", on_click=lambda: ss.update(presentation=False))
    st.stop()
