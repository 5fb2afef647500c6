"""The interactive export: a view as one self-contained HTML page that works offline (every
script, style and icon inline, data embedded once, a date filter and timeline in the page, and
the sources of every record); side by side, both maps in one page. The command line is
``outputs.export``; a briefing's HTML deck (``outputs.deck``) is made of these pages.

>>> html = export_html(MapView(), builtin_records(), export_date=date(2026, 11, 22))
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.joins import DateWindow
from map_page.assembly import MapView, build_map, shows_districts
from map_page.date_filter import DateFilterControl
from map_page.timeline import Timeline
from outputs.compare import side_by_side_page, single_view
from outputs.page import standalone_page
from outputs.sources_panel import sources_panel


def export_html(view: MapView, records: pd.DataFrame,
                export_date: dt.date | None = None, title_on_map: bool = True) -> str:
    """The view as a single offline HTML page (a string). ``title_on_map=False`` leaves the
    title box out (a side-by-side file states it once, above both maps)."""
    export_date = export_date or dt.date.today()
    # The file's reader has no sidebar: the map's own layer list switches layers there.
    view = view.with_(date_filter_in_map=True, title_on_map=title_on_map, layer_control=True)

    def extras(m, data, filtered):
        font = 16 if view.presentation else 12
        if data is not None and len(filtered):
            lo, hi = filtered["date_start"].min(), filtered["date_end"].max()
            start = view.window.start if view.window.start is not None else lo
            end = view.window.end if view.window.end is not None else hi
            # The file opens on the window asked for, even one that holds no record: the
            # filter's range stretches to include it rather than moving it.
            DateFilterControl(data, min(lo, start), max(hi, end), start, end,
                              font_px=font).add_to(m)
            Timeline(data, font_px=font).add_to(m)
        # Every record the reader can bring into view (any window) has its source listed.
        sources_panel(filtered, export_date, font_px=font,
                      districts=shows_districts(view)).add_to(m)

    return standalone_page(build_map(view, records, extras=extras), view, export_date)


def side_by_side_html(view: MapView, records: pd.DataFrame, second: DateWindow,
                      export_date: dt.date | None = None) -> str:
    """The view's window and ``second`` on two maps that move together (outputs.compare)."""
    export_date = export_date or dt.date.today()
    document = export_html(single_view(view), records, export_date, title_on_map=False)
    return side_by_side_page(document, view, records, second, export_date)

