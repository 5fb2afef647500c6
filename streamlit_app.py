"""Streamlit app of reported ISKP activity: page configuration and the top-level layout only.

Each section is a module of ``ui/`` (data and uploads, the window and filters, the sidebar's
view controls, the map, presentation mode, the analyst's page, exports); data and geometry live
in ``geo/``, the map page in ``map_page/``, files in ``outputs/``. Run with scripts/run_app.sh.
"""
from __future__ import annotations

from pathlib import Path

from ui import account, briefing_panel, exports, map_section, normal_page, present, \
    presentation, sidebar, uploads, url_state, window, workspace_panel
from ui.page import configure, in_language

configure(Path(__file__).parent)
caller = account.require_caller()  # team mode: a live session, or the run stops here
url_state.start_session()

with in_language():  # the app's own words in the language chosen for the map
    records, data_key, notes = uploads.data_and_uploads()
    shown_window, span = window.date_window(records, notes)
    view = sidebar.view_controls(shown_window, span)
    account.account_line(caller)
    url_state.keep_link(view)
    present.present_if_asked()  # a briefing being presented: the whole page, it stops the run
    live, side, in_view = map_section.map_of_view(view, records, span, data_key)

    if view.presentation:
        presentation.presentation_page(live, in_view)  # the whole page: it stops the run here

    normal_page.normal_page(view, records, in_view, live, shown_window)
    exports.export_section(view, records, side)
    briefing_panel.briefing_section(view)
    workspace_panel.workspace_section(view)
    normal_page.sources_section()
