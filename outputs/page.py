"""One self-contained HTML page of a built map: titled, dated, every asset inline.

The interactive export (``outputs.export``) and the print layout (``outputs.print_layout``)
both end here, so that neither imports the other.

>>> html = standalone_page(build_map(view, records), view, date(2026, 12, 1))
"""
from __future__ import annotations

import datetime as dt
import re

from map_page.assembly import MapView, page_html, said_titles
from map_runtime.assets import inline_assets
from map_runtime.base import esc


def standalone_page(m, view: MapView, export_date: dt.date) -> str:
    """A built map as one HTML page: titled, dated, every asset inline."""
    html = page_html(m, view)
    # Comments of the layers' own scripts that start a line are for the repository's readers;
    # stripped before the third-party files (whose licence headers stay) are put in.
    html = re.sub(r"\n[ \t]*/\*[\s\S]*?\*/[ \t]*(?=\n)", "", html)
    html = html.replace("<head>", f'<head>\n<title>{_title(view)}</title>'
                                  f'\n<meta name="generator" content="iskp-map export">'
                                  f'\n<meta name="export-date" content="{export_date.isoformat()}">',
                        1)
    # Indentation is a third of the page's markup and script and means nothing to a browser
    # (no <pre>, no multi-line string literal): drop it.
    return re.sub(r"\n[ \t]+", "\n", inline_assets(html))


def _title(view: MapView) -> str:
    return esc(said_titles(view)[0] + (f" — {view.subtitle}" if view.subtitle else ""))
