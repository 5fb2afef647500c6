"""The map of the view, shown in place by the app's map component: one page per view, a new
window or filter applied inside it (``map_page.live_map``); side by side, the baseline is the
second map. The link's problems are said above it, in a container that is always there.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.words import say, say_again
from map_page.assembly import MapView, view_records
from map_page.live_map import live_map
from ui.plain import show


def map_of_view(view: MapView, records: pd.DataFrame, span, data_key):
    """(live map, the side-by-side baseline or None, the view's records)."""
    ss = st.session_state
    lo, hi = span
    # Warnings above the map go in one container, always there: an element that came and went
    # above the map would move its iframe, and a moved iframe is a new page (see `notes`).
    notices = st.container()
    for problem in ss.url_problems:  # in the reader's language, the link's values as given
        show("warning", say_again(problem), notices)

    in_view = view_records(view, records)
    # The map: one page per view; a new window is applied inside it (map_page.live_map).
    # Side by side, the baseline is the second map, with its own window and the same classes.
    side = view.baseline if ss.compare and ss.side_by_side else None
    live = live_map(view.with_(baseline=None) if side else view, records, (lo, hi), second=side,
                    data_key=data_key)
    if side is not None and not live.in_place:
        notices.warning(say("Side by side needs the map to filter by date in the page: it "
                            "does up to 300,000 records of the chosen categories and countries, "
                            "with an activity layer shown. Both maps show the window."))

    return live, side, in_view
