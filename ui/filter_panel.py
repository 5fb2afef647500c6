"""The sidebar's date window and filters, and its layer ticks, as a Streamlit component that
tells the map directly.

Through Streamlit widgets, a new window reached the map only after a rerun: about 400 ms from
the click to the redrawn map, of which Streamlit's own round trip is at least 150 ms even in an
app of one widget. This panel (``filter_panel/index.html``) holds the window presets, the From
and To fields, the categories, the countries and the metric; a change goes at once to the map
of the same session over a BroadcastChannel (the map applies it in its page, as it does a
window chosen on its timeline) and to the app, which reruns for the figures, tables and link.

The panel speaks the app's language (``geo.words``: the catalogue and month names go with
its arguments). The same component, lower in the sidebar, shows the comparison with a baseline
(:func:`baseline_panel`) and the layer ticks (:func:`layer_panel`): a comparison turned on or
off, a baseline typed or a layer ticked reaches the map the same way, and is applied in the
page shown. It also holds the title fields (:func:`titles_panel`), whose title is shown in the
page's heading before the app's run.

Returns the reader's last change (``seq`` is new each time; ``ui.events.take_event`` takes
it once): ``{"window": [first_day, last_day], "categories": [...], "countries": [...],
"metric": "records", "attributions": ["iskp"], "actors": [...], "seq": ...}``; empty lists
of categories, countries and actors mean all.

>>> change = filter_panel(span=(lo, hi), window=(start, end), categories=(), countries=(),
...                       present=["AF", "PK"], metric="records", channel=token, key="filters")
"""
from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

from geo.boundaries import COUNTRY_NAMES
from geo.records import CATEGORIES
from geo.words import language, page_words, say
from layers.places import country_name
from map_runtime.activity_data import day
from ui.events import taken_seq

_component = components.declare_component(
    "iskp_filters", path=str(Path(__file__).parent / "filter_panel"))


def filter_panel(*, span, window, categories, countries, present, metric: str, channel: str,
                 key: str, attributions=("iskp",), attribution_counts=None, actors=(),
                 chosen_actors=()) -> dict | None:
    """Show the panel for data spanning ``span`` (first, last date) with this ``window``
    (first, last date), these chosen ``categories`` and ``countries`` (empty: all), of the
    countries ``present`` in the data; the ``attributions`` shown (with the data's
    ``attribution_counts``), the data's ``actors`` ([name, records] pairs) and the
    ``chosen_actors`` (empty: all); the reader's latest change, or None. ``channel`` names
    the BroadcastChannel the map of this session listens on (ui.map_component)."""
    # The countries named as the map names them (Dari: ISO 3166's names in Dari).
    names = {cc: country_name(cc, "fa") if language() == "fa" else name
             for cc, name in COUNTRY_NAMES.items()}
    return _component(language=page_words(), lo=day(span[0]), hi=day(span[1]),
                      start=day(window[0]), end=day(window[1]), categories=list(CATEGORIES),
                      chosen=list(categories), present=list(present),
                      chosen_countries=list(countries), names=names, metric=metric,
                      chosen_attributions=list(attributions),
                      attribution_counts=dict(attribution_counts or {}),
                      actors=[[n, int(c)] for n, c in actors],
                      chosen_actors=list(chosen_actors),
                      channel=channel, seq=taken_seq(key),
                      key=key, default=None)


def layer_panel(*, layers, chosen, channel: str, key: str) -> dict | None:
    """The layer ticks, in the same component: ``layers`` ([id, title] pairs) with those in
    ``chosen`` ticked. A tick goes to the map of this session at once (the host switches the
    layer in the page shown: ``ISKP.showLayers``) and to the app: ``{"layers": [ids], "seq":
    ...}``, or None.

    >>> change = layer_panel(layers=[["heatmap", "Heatmap"]], chosen=[], channel=token,
    ...                      key="layer_panel")
    """
    return _component(part="layers", language=page_words(),
                      layers=[[i, say(t)] for i, t in layers],
                      chosen_layers=list(chosen), channel=channel, seq=taken_seq(key),
                      key=key, default=None)


def baseline_panel(*, on: bool, side: bool, baseline, layers, chosen, notes, help: str,
                   channel: str, key: str) -> dict | None:
    """The comparison with a baseline, in the same component: a switch, "Change map" or
    "Side by side", and the baseline's first and last day (``baseline``: the one in use, or
    the one the switch would turn on), with ``notes`` ([kind, text] pairs: "caption",
    "warning" or "error") below; ``layers``: the layer ids, of which ``chosen`` are shown
    (turning a change map on swaps the choropleth, ``activity``, for ``change``).

    A change map turned on or off, or its baseline typed, goes to the map of this session at
    once (the host recolours it in the page shown: ``ISKP.setBaseline``); side by side only
    to the app, which lays out two maps. Returns ``{"on": bool, "side": bool, "baseline":
    [first_day, last_day], "layers": [ids], "seq": ...}``, or None.

    >>> change = baseline_panel(on=False, side=False, baseline=(first, last),
    ...                         layers=LAYER_TITLES, chosen=["activity"], notes=[], help="",
    ...                         channel=token, key="baseline_panel")
    """
    return _component(part="baseline", language=page_words(), on=bool(on), side=bool(side),
                      start=day(baseline[0]), end=day(baseline[1]),
                      chosen_layers=[lid for lid in layers if lid in chosen],
                      notes=[[k, str(t)] for k, t in notes], help=say(help), channel=channel,
                      seq=taken_seq(key), key=key, default=None)


def titles_panel(*, title: str, subtitle: str, default_title: str, key: str) -> dict | None:
    """The map's title and subtitle, in the same component: two fields, applied when the
    reader presses Enter or leaves the field, as Streamlit's are. A title typed shows at once
    in the page's heading (``ui.plain.show_heading``, as text) and goes to the app, which
    reruns for the link, exports and saved maps: ``{"title": ..., "subtitle": ..., "seq":
    ...}``, or None. An empty title is ``default_title`` (the product's, in the app's
    language).

    >>> change = titles_panel(title="", subtitle="", default_title="Reported ISKP activity",
    ...                       key="titles_panel")
    """
    return _component(part="titles", language=page_words(), title=str(title or ""),
                      subtitle=str(subtitle or ""), default_title=str(default_title),
                      seq=taken_seq(key), key=key, default=None)

