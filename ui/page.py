"""The page itself: the vendored browser assets where Streamlit serves them, and the page's
title and width."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from map_runtime.assets import install_static


def configure(root: Path) -> None:
    """Copy the assets into ``root/static/vendor`` (served as /app/static) and set the page."""
    install_static(root / "static" / "vendor")
    st.set_page_config(page_title="ISKP activity map", layout="wide")
    # The app's own rules (no user text): less empty space above the title, so that more of
    # the map is on screen when the page opens on a laptop or a projector.
    st.markdown("<style>.block-container {padding-top: 2.5rem;}</style>",
                unsafe_allow_html=True)
