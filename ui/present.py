"""Present a briefing from the app: the deck fills the screen, one live slide at a time (its
own window, layers, extent and annotations; popups work), stepped with the arrow and Page keys
or a clicker; F goes full screen, N opens the speaker notes in a window of their own, Esc
leaves and the app comes back where it was.

The deck is the briefing's offline HTML file (``outputs.deck``) with its speaker notes, made
once per briefing and shown by a small component (``ui/present_host/index.html``) that tells
the app when the presenter leaves.

>>> st.button("Present", on_click=start, args=(briefing,))
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from geo.words import say
from outputs.briefing import Briefing
from ui.events import take_event
from ui.presentation import HIDE_APP_CHROME
from ui.workspace_access import slide_records

_component = components.declare_component(
    "iskp_present", path=str(Path(__file__).parent / "present_host"))

# The app's own rules (no user text): nothing of the app around the deck, which fills the
# window (and the screen, once the presenter presses F).
_FILL = "<style>" + HIDE_APP_CHROME + """
iframe[title="ui.present.iskp_present"] {position: fixed; inset: 0; width: 100vw !important;
  height: 100vh !important; z-index: 999990; border: 0; background: #fff;}
</style>"""


_KEPT = ("briefing_title", "deck_paper", "print_kind", "slide_title", "slide_subtitle",
         "slide_notes")


def start(briefing: Briefing) -> None:
    """A button's callback: present ``briefing`` from its first slide."""
    st.session_state.presenting = briefing


def present_if_asked() -> None:
    """Show the deck being presented and stop the run; nothing when none is, or when the
    presenter has just left it."""
    ss = st.session_state
    briefing = ss.get("presenting")
    left = take_event("present")
    if briefing is None or (left and left.get("leave")):
        ss.presenting = None
        return
    made = ss.get("present_deck")
    if not made or made[0] != briefing:
        with st.spinner(say("Making the {n} slides…", n=len(briefing.slides))):
            html = _deck(briefing)
        made = ss.present_deck = (briefing, html, hashlib.sha1(html.encode()).hexdigest())
    # The page's own fields below the map are not drawn while presenting; what the briefer
    # typed in them is kept for when they come back (Streamlit drops an undrawn widget's).
    for key in _KEPT:
        if key in ss:
            ss[key] = ss[key]
    st.markdown(_FILL, unsafe_allow_html=True)
    _component(html=made[1], doc=made[2], height=720, key="present", default=None)
    st.stop()


def _deck(briefing: Briefing) -> str:
    from outputs.deck import deck_html
    return deck_html(briefing, slide_records, dt.date.today(), speaker_notes=True)
