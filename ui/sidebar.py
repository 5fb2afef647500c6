"""The sidebar below the filters: comparison with a baseline (change map or side by side),
layers, border band, titles and basemap, label language and presentation mode; the view they
make with the window and filters.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import ipaddress
from urllib.parse import urlsplit

from geo.joins import DateWindow
from geo.words import day_text, say
from map_page.assembly import DEFAULT_CAVEAT, DEFAULT_TITLE, LABEL_LANGUAGES, LAYER_TITLES, \
    MapView
from map_runtime.activity_data import date_of
from ui.events import take_event
from ui.filter_panel import baseline_panel, layer_panel, titles_panel
from ui.plain import show

ss = st.session_state


COMPARE_HELP = ("A change map: each province's window against the baseline's rate, by ACLED "
                "Trendfinder's levels (large increase > +25 %, moderate +10 to +25 %, limited "
                "change, large decrease < −25 %; a low baseline counts as limited change). Or "
                "the two periods side by side on two maps that move together.")


def _take_comparison() -> None:
    """What the reader changed in the comparison's panel (the map has it already)."""
    change = take_event("baseline_panel")
    if not change:
        return
    ss.last_steer = change["seq"]
    ss.compare, ss.side_by_side = bool(change.get("on")), bool(change.get("side"))
    try:
        first, last = (date_of(int(d)) for d in change["baseline"])
        if first <= last:
            ss.b_start, ss.b_end = first, last
    except (KeyError, TypeError, ValueError, OverflowError):
        pass  # the panel sends days; anything else keeps the baseline in use
    if isinstance(change.get("layers"), list):
        _show_layers(change["layers"])


def _show_layers(ids) -> None:
    """The layers ``ids`` shown, the others not (as the sidebar's panels sent them)."""
    on = set(ids)
    for lid in LAYER_TITLES:
        ss[f"layer_{lid}"] = lid in on


def _shown_layers() -> list[str]:
    """The ids of the layers shown, in the map's order."""
    return [lid for lid in LAYER_TITLES if ss.get(f"layer_{lid}")]


def _comparison(window: DateWindow, span) -> DateWindow | None:
    """The comparison's panel; the change map's baseline (None: no change map)."""
    lo, hi = span
    if "b_end" in ss:
        proposed = (ss.b_start, ss.b_end)
    else:  # the period of the same length just before the window
        b_end = window.start.date() - dt.timedelta(days=1)
        proposed = (b_end - dt.timedelta(days=(window.end - window.start).days), b_end)
    baseline, notes = None, []
    if ss.compare:
        # Never reversed: the link's is refused (ui.url_state), the panel keeps the length.
        b_start, b_end = ss.b_start, ss.b_end = proposed
        baseline = DateWindow(pd.Timestamp(b_start), pd.Timestamp(b_end))
        # In the words of the window's own fields ("01 Jul 2018").
        notes.append(("caption", say("Baseline: {window}", window=baseline.label())))
        if b_end < lo or b_start > hi:
            notes.append(("warning", say("The baseline lies outside the data ({lo} – {hi}): it "
                                         "holds no records, so the window is compared with "
                                         "none.", lo=day_text(lo), hi=day_text(hi))))
    with st.sidebar:
        baseline_panel(on=ss.compare, side=ss.side_by_side, baseline=proposed,
                       layers=list(LAYER_TITLES),
                       chosen=_shown_layers(),
                       notes=notes, help=COMPARE_HELP, channel=ss.page_token,
                       key="baseline_panel")
    return baseline


def tile_server_note(url: str) -> str | None:
    """What a reader should know about a tile server URL: one that is not on this machine or
    its own network needs the internet (offline, the map shows no tiles but stays readable),
    and one without {z}, {x} and {y} draws nothing.

    >>> tile_server_note("http://localhost:8080/{z}/{x}/{y}.png") is None
    True
    """
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return say("'{url}' is not an http(s) address of a tile server: no tiles are drawn.",
                   url=url)
    missing = [k for k in ("{z}", "{x}", "{y}") if k not in url]
    if missing:
        return say("The tile server URL has no {missing}: Leaflet cannot ask it for tiles, so "
                   "none are drawn.", missing=", ".join(missing))
    host = parts.hostname
    try:
        local = ipaddress.ip_address(host).is_private or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost" or host.endswith(".local") or "." not in host
    if not local:
        return say("{host} is not on this machine or its own network: the map asks it for "
                   "tiles over the internet, so offline it shows none (the data stays readable "
                   "without them), and the server learns which area is viewed.", host=host)
    return None


def view_controls(window: DateWindow, span) -> MapView:
    """The view of this run, from the sidebar's controls; ``span``: the data's first and last
    date (a baseline outside them is said to hold nothing)."""
    # The comparison and the layer ticks tell the map at once (ui.filter_panel): no rerun
    # between a change and the map redrawn in the page shown.
    _take_comparison()
    titled = take_event("titles_panel")
    if titled:
        ss.title, ss.subtitle = str(titled.get("title") or ""), str(titled.get("subtitle") or "")
    change = take_event("layer_panel")
    if change:
        _show_layers(change.get("layers") or [])
        ss.last_steer = change["seq"]
    baseline = _comparison(window, span)

    st.sidebar.header(say("Layers"))
    # Named in this run's language (a format_func is also called between runs).
    units = {"province": say("Province"), "district": say("District")}
    st.sidebar.radio(say("Count by"), list(units), key="unit", horizontal=True,
                     format_func=units.get,
                     help=say("What the choropleth counts: records placed in each of the 34 "
                              "provinces, or in each of the 398 districts (2014 boundaries, "
                              "geoBoundaries). Records known only to a province count in no "
                              "district."))
    with st.sidebar:
        layer_panel(layers=LAYER_TITLES.items(),
                    chosen=_shown_layers(),
                    channel=ss.page_token, key="layer_panel")
    st.sidebar.slider(say("Border band width (km)"), 10, 200, step=10, key="band_km")
    with st.sidebar.expander(say("Titles and basemap")):
        # Shown in the page's heading as typed, before this app's run (ui.filter_panel).
        titles_panel(title="" if ss.title == DEFAULT_TITLE else ss.title,
                     subtitle=ss.subtitle, default_title=say(DEFAULT_TITLE), key="titles_panel")
        st.text_input(say("Caveat"), key="caveat")
        st.text_input(say("Tile server URL (optional, e.g. "
                          "`http://localhost:8080/{z}/{x}/{y}.png`)"), key="basemap")
        said = tile_server_note(ss.get("basemap") or "")
        if said:
            show("warning", said)
    st.sidebar.radio(say("Language"), list(LABEL_LANGUAGES), key="label_lang",
                     horizontal=True, format_func=LABEL_LANGUAGES.get,
                     help=say("The product's own words, on the map (title, legend, date "
                              "window, timeline, popups, the names of provinces and countries) "
                              "and in its exports and slides, and this page's controls. Dari "
                              "reads right to left. The data's words (a typed title, reports, "
                              "actors, cities) stay as given."))
    st.sidebar.toggle(say("Presentation mode"), key="presentation")

    view = MapView(
        layers=tuple(_shown_layers()), window=window,
        categories=tuple(ss.categories), countries=tuple(ss.countries), metric=ss.metric,
        unit=ss.unit,
        attributions=tuple(ss.attributions), actors=tuple(ss.actors),
        band_km=float(ss.band_km), title=ss.title or DEFAULT_TITLE, subtitle=ss.subtitle,
        caveat=ss.caveat if ss.caveat is not None else DEFAULT_CAVEAT,
        presentation=ss.presentation, basemap_url=(ss.get("basemap") or "").strip() or None,
        label_lang=ss.label_lang, baseline=baseline, layer_control=False,
        annotations=ss.get("annotations") or "")
    return view
