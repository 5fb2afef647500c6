"""Two periods side by side in one offline file: two maps that move together.

The file holds one map document (an export of the view, ``outputs.export``) once, and shows it
twice through the map host (``map_runtime/js/iskp_host.js``): map A on the view's window, map B on
the second window. Panning or zooming one moves the other; each has its own date filter and
timeline. Both start with one set of choropleth classes, computed over both windows, so that a
colour means the same count on both sides.

``outputs.export.side_by_side_html`` builds the document and calls :func:`side_by_side_page`:

>>> html = side_by_side_html(view, records, DateWindow.parse("2017-01-01", "2017-12-31"))
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.joins import DateWindow, closed_window
from layers.activity import choropleth_classes, window_values
from map_page.assembly import MapView, records_of_view
from map_runtime.activity_data import day
from map_runtime.assets import script_text
from map_runtime.base import esc, json_for_script


def single_view(view: MapView) -> MapView:
    """The view each side shows: its own choropleth, no change map."""
    layers = tuple(i for i in view.layers if i != "change")
    if "change" in view.layers and "activity" not in layers:
        layers = ("activity",) + layers
    return view.with_(baseline=None, layers=layers)


def side_by_side_page(document: str, view: MapView, records: pd.DataFrame,
                      second: DateWindow, export_date: dt.date) -> str:
    """``document`` (an export of ``single_view(view)``) twice: the view's window (A) and
    ``second`` (B) on two synced maps, as one HTML page."""
    filtered = records_of_view(view, records)
    windows = [closed_window(view.window, filtered), closed_window(second, filtered)]
    values = [v for w in windows for v in window_values(filtered, w, view.metric)]
    bounds, colours = choropleth_classes(values)
    panes = [{"window": [day(w.start), day(w.end)], "bounds": bounds, "colours": colours}
             for w in windows]
    captions = [f"{'AB'[i]}: {w.label()}" for i, w in enumerate(windows)]
    title = view.title + (f" — {view.subtitle}" if view.subtitle else "")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} (side by side)</title>
<meta name="generator" content="iskp-map export">
<meta name="export-date" content="{export_date.isoformat()}">
<style>
html, body {{ margin: 0; height: 100%; font: 14px system-ui, sans-serif; color: #222; }}
body {{ display: flex; flex-direction: column; }}
header {{ padding: 6px 10px; border-bottom: 1px solid #999; }}
header h1 {{ font-size: 18px; margin: 0; }}
header p {{ margin: 2px 0 0; font-size: 12px; }}
#panes {{ flex: 1; display: flex; gap: 6px; min-height: 0; }}
.iskp-pane {{ flex: 1; display: flex; flex-direction: column; min-width: 0; }}
.iskp-pane-caption {{ font-weight: 600; padding: 3px 6px; }}
.iskp-pane-map {{ flex: 1; width: 100%; border: 0; }}
</style>
<script>{script_text("iskp_host.js")}</script>
</head>
<body>
<header><h1>{esc(title)}</h1>
<p>{esc(captions[0])} · {esc(captions[1])}. The two maps move together; each has its own date
filter and timeline. Colours use one set of classes for both windows. {esc(view.caveat)}</p>
</header>
<div id="panes"></div>
<script type="application/json" id="iskp-map-document">{json_for_script(document)}</script>
<script>
(function () {{
  var doc = JSON.parse(document.getElementById("iskp-map-document").textContent);
  ISKPHost.create(document.getElementById("panes"))
    .show(doc, {json_for_script(panes)}, {json_for_script(captions)});
}})();
</script>
</body>
</html>
"""
