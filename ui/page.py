"""The page itself: the vendored browser assets where Streamlit serves them, the page's title
and width, and the language its own words are in (English, or Dari read right to left)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from geo.words import direction, speaking
from map_runtime.assets import install_static

# The app's own rules (no user text): less empty space above the title, so that more of the
# map is on screen when the page opens on a laptop or a projector.
_STYLE = ".block-container {padding-top: 2.5rem;}"
# A Dari page reads right to left: Streamlit lays its blocks out by the writing direction
# (the sidebar moves to the right); numbers, dates and the map's own page keep theirs.
_RIGHT_TO_LEFT = ".stApp {direction: rtl;} .stApp [data-testid='stSidebar'] {direction: rtl;}"


def configure(root: Path) -> None:
    """Copy the assets into ``root/static/vendor`` (served as /app/static) and set the page."""
    install_static(root / "static" / "vendor")
    st.set_page_config(page_title="ISKP activity map", layout="wide")


@contextmanager
def in_language():
    """The run's words in the language chosen for the map (the sidebar's, or the link's
    ``lang``; geo.words); the page's style, right to left in Dari.
    One style element in either language: an element that came and went above the map would
    move its frame (a new map page)."""
    lang = st.session_state.get("label_lang", "en")
    rules = _STYLE + (" " + _RIGHT_TO_LEFT if direction(lang) == "rtl" else "")
    st.markdown(f"<style>{rules}</style>", unsafe_allow_html=True)
    with speaking(lang):
        yield
