"""The app's map: one document per view, told its window in place.

An analyst changing the date window, categories, countries or metric must keep their zoom,
pan and open popup, and see the map redrawn at once. So the map document (``LiveMap.html``) is
built for everything in the view but those: it embeds every record, the runtime's date door
and the timeline, as an export does, and both choropleths (per province and per district). What
they change travels apart, as ``panes``: the window's first and last day, the categories and
countries shown, the metric, what the choropleth counts by (``unit``), and the
choropleth classes of that selection (the breaks an export of the same view has). A host
(``map_runtime/js/iskp_host.js``) applies them inside the page.

Two panes show two windows side by side on one document, with shared classes so that colours
compare. Where the page cannot apply a window itself (more than ``RECORD_LIMIT`` records, whose
point layers are aggregated in Python) the window is built into the document, and a new window
is a new document. A change map follows the window in the page; a new baseline is a new
document.

>>> live = live_map(MapView(window=DateWindow.parse("2018-01-01", "2018-12-31")),
...                 builtin_records(), span=(lo, hi))
>>> live.panes[0]["window"]
[17532, 17896]
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd

from geo.attribution import ATTRIBUTIONS, DEFAULT_SHOWN, actor_counts, spelled_as_in
from geo.joins import DateWindow
from geo.records import CATEGORIES
from layers.activity import choropleth_classes, window_values
from map_page.assembly import DEFAULT_CAVEAT, DEFAULT_TITLE, LAYER_TITLES, MapView, build_map, \
    page_html, records_of_view, said_titles
from map_page.date_filter import DateFilterControl
from map_page.timeline import Timeline
from map_runtime.activity_data import RECORD_LIMIT
from map_runtime.activity_data import day

_DOCUMENTS: OrderedDict = OrderedDict()
_KEEP = 6  # documents kept: a few views of a few sessions, about 1 MB each


@dataclass(frozen=True)
class LiveMap:
    html: str  # the map document
    panes: list = field(default_factory=list)  # per pane: window [first, last day], classes
    captions: list = field(default_factory=list)  # per pane, when there are two
    in_place: bool = True  # whether a new window is applied inside the page


def applies_window_in_place(view: MapView, records: pd.DataFrame) -> bool:
    """Whether the page can take a new window (and categories, countries) without a new
    document: it holds every record."""
    drawn = {"activity", "incidents", "heatmap", "cooperation", "change"} & set(view.layers)
    return bool(drawn) and 0 < len(records) <= RECORD_LIMIT


# What the app's map document may do: run its own inline scripts and the app's vendored
# Leaflet, show images (tiles from a server the user named, icons as data URIs), and nothing
# else: no request of its own (fetch, XHR, WebSocket), no form, no frame, no plugin.
MAP_DOCUMENT_POLICY = ("default-src 'none'; script-src 'self' 'unsafe-inline'; "
                       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; "
                       "font-src 'self' data:; connect-src 'none'; form-action 'none'; "
                       "frame-src 'none'; object-src 'none'; base-uri 'none'")


def map_document(view: MapView, records: pd.DataFrame, span, data_key=None) -> str:
    """The map document of ``view`` for the app; ``span`` (first, last date of the data) is
    what its timeline and date door cover. Kept per (view, data_key) when a key is given."""
    key = (view, tuple(span), data_key)
    if data_key is not None and key in _DOCUMENTS:
        _DOCUMENTS.move_to_end(key)
        return _DOCUMENTS[key]
    lo, hi = (pd.Timestamp(d) for d in span)

    def extras(m, data, filtered):
        if data is not None and data.detailed and len(filtered):
            # The sidebar holds the date fields: only the door the host and timeline use.
            DateFilterControl(data, lo, hi, lo, hi, fields=False).add_to(m)
            Timeline(data, font_px=16 if view.presentation else 12).add_to(m)

    html = page_html(build_map(view, records, extras=extras), view)
    html = html.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" '
                                  f'content="{MAP_DOCUMENT_POLICY}">', 1)
    if data_key is not None:
        _DOCUMENTS[key] = html
        while len(_DOCUMENTS) > _KEEP:
            _DOCUMENTS.popitem(last=False)
    return html


def switchable_layers(view: MapView) -> tuple[str, ...]:
    """The layers the app's page holds for ``view``, to switch in place: every one, the
    change map too (its baseline is set in the page; it is drawn in place of the
    choropleth)."""
    return tuple(LAYER_TITLES)


def live_map(view: MapView, records: pd.DataFrame, span, second: DateWindow | None = None,
             data_key=None) -> LiveMap:
    """The app's map of ``view``; with ``second``, two panes side by side: the view's window
    (A) and ``second`` (B), sharing one set of classes."""
    in_place = applies_window_in_place(view, records) and view.window.start is not None \
        and view.window.end is not None
    windows = [view.window] + ([second] if second is not None else [])
    switchable = switchable_layers(view)
    if in_place:
        # Every category and country in the page: the page filters them, as it does dates.
        # Attributions and actors too: switching them is no new document either.
        doc_view = view.with_(window=DateWindow(pd.Timestamp(span[0]), pd.Timestamp(span[1])),
                              date_filter_in_map=True, categories=(), countries=(),
                              metric="records", attributions=DEFAULT_SHOWN, actors=(),
                              # A change map is drawn for one unit: another is a new page.
                              unit=view.unit if "change" in view.layers else "province",
                              districts_in_page=True,
                              # The baseline too is set in the page (ISKP.setBaseline).
                              baseline=None, baseline_in_page=True,
                              # Every layer the view may switch on, and the default titles:
                              # the host shows the view's layers and titles in the page.
                              layers=switchable,
                              title=DEFAULT_TITLE, subtitle="", caveat=DEFAULT_CAVEAT)
    else:
        doc_view = view
    # The annotations are the host's to set: drawing one is no new document.
    doc_view = doc_view.with_(annotations="", annotations_in_page=True)
    html = map_document(doc_view, records, span, data_key)
    values = [v for w in windows for v in window_values(records_of_view(view, records), w,
                                                        view.metric, view.unit)]
    bounds, colours = choropleth_classes(values)
    # Actors as the data spells them: the page matches names exactly.
    page_filter = {"c": [CATEGORIES.index(c) for c in view.categories] or None,
                   "co": list(view.countries) or None,
                   "at": [ATTRIBUTIONS.index(a) for a in view.attributions],
                   "ac": spelled_as_in(actor_counts(records), view.actors)
                   if view.actors else None} \
        if in_place else None
    title, caveat = said_titles(view)  # the defaults in the map's language
    baseline = view.baseline if in_place and "change" in view.layers else None
    switch = {"layers": list(view.layers), "switchable": list(switchable),
              "baseline": [day(baseline.start), day(baseline.end)] if baseline else None,
              "titles": {"title": title, "subtitle": view.subtitle,
                         "caveat": caveat}} if in_place else {}
    panes = [{"window": [day(w.start), day(w.end)] if in_place else None,
              "bounds": bounds, "colours": colours, "metric": view.metric,
              "unit": view.unit, "filter": page_filter, "annotations": view.annotations,
              **switch}
             for w in windows]
    captions = [f"{'AB'[i]}: {w.label()}" for i, w in enumerate(windows)] if second else []
    return LiveMap(html=html, panes=panes, captions=captions, in_place=in_place)
