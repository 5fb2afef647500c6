"""The date window and the filters (categories, countries, whose activity, actors, metric):
what the reader did on the map's timeline or in the sidebar's panel, bounded by the data, and
the panel itself (``ui.filter_panel``), which tells the map at once.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo.annotations import AnnotationProblem, parse_annotations
from geo.attribution import ATTRIBUTIONS, actor_counts, normalise, spelled_as_in
from geo.boundaries import COUNTRY_NAMES, unit_name
from geo.districts import district_province
from geo.joins import DateWindow, attribution_counts
from geo.records import CATEGORIES
from map_page.view_state import parse_extent
from map_runtime.activity_data import date_of
from geo.words import Phrase, day_text, reason_of, say
from ui.events import take_event
from ui.filter_panel import filter_panel


def date_window(records: pd.DataFrame, notes) -> tuple[DateWindow, tuple]:
    """The window shown and the data's span (first, last date)."""
    ss = st.session_state
    if len(records):
        lo = records["date_start"].min().date()
        hi = records["date_end"].max().date()
    else:
        lo, hi = dt.date(2014, 1, 1), dt.date.today()
    # What the reader did on the map in the last run (a window chosen on its timeline, a province
    # clicked): read before the widgets that show it are made.
    for map_key in ("map", "map_present"):
        event = take_event(map_key)
        if event and event.get("leave") == "presentation":
            ss.presentation = False  # Esc, or leaving full screen (the sidebar's toggle follows)
            continue
        if event:
            if event.get("window"):
                first, last = (date_of(d) for d in event["window"])
                if event.get("pane", 0) == 1 and ss.get("compare"):
                    ss.b_start, ss.b_end = first, last
                else:
                    ss.w_start, ss.w_end = first, last
            extent = event.get("extent")
            if extent and event.get("pane", 0) == 0:
                # The place the reader moved the map to, kept for a saved map; a view past
                # the poles or the antimeridian (Leaflet's bounds go beyond) kept within them.
                try:
                    s_, w_, n_, e_ = (float(v) for v in extent)
                    ss.extent = parse_extent(f"{max(s_, -90)},{max(w_, -180)},"
                                             f"{min(n_, 90)},{min(e_, 180)}")
                except (TypeError, ValueError):
                    ss.extent = None  # not a place (a zero-sized map): the fitted view
            if "annotations" in event and event.get("pane", 0) == 0:
                # What the reader drew: kept with the view (its link, a saved map, a slide)
                # once it is known to be annotations; the map shows it already.
                try:
                    text = str(event["annotations"] or "")
                    parse_annotations(text)
                    ss.annotations = text
                except AnnotationProblem as exc:
                    ss.url_problems.append(Phrase("the annotation just drawn is not kept: "
                                                  "{problem}", problem=reason_of(exc)))
            if event.get("province") and unit_name(event["province"]) != event["province"]:
                ss.selected_iso = event["province"]
                # A district clicked (outlines, or the choropleth by district) narrows it.
                district = event.get("district")
                ss.selected_district = district if district and \
                    district_province(district) == event["province"] else None
    # ...and what they changed in the sidebar's panel (the map has it already).
    change = take_event("filters")
    if change:
        ss.last_steer = change["seq"]  # the map has it already (ui.map_component's steer)
        ss.w_start, ss.w_end = (date_of(d) for d in change["window"])
        ss.categories = [c for c in change.get("categories", []) if c in CATEGORIES]
        ss.countries = [c for c in change.get("countries", []) if c in COUNTRY_NAMES]
        if change.get("metric") in ("records", "fatalities"):
            ss.metric = change["metric"]
        chosen = [a for a in change.get("attributions", []) if a in ATTRIBUTIONS]
        if chosen:
            ss.attributions = chosen
        ss.actors = [str(a) for a in change.get("actors", [])]
    if "w_start" not in ss:
        w = ss.url_window
        asked = (w.start.date() if w.start is not None else lo,
                 w.end.date() if w.end is not None else hi)
        ss.w_start, ss.w_end = max(lo, asked[0]), min(hi, asked[1])
        link_beyond = asked if asked[0] < lo or asked[1] > hi else None
    else:
        link_beyond = None
    range_note = None
    old = ss.get("data_range")
    if old is not None and old != (lo, hi):
        # The data's span changed (an upload added years, or a file was removed): a window that
        # showed all the data follows it; any other window stays, and the page says so.
        if (ss.w_start, ss.w_end) == old:
            ss.w_start, ss.w_end = lo, hi
            range_note = say("The data now spans {lo} – {hi}; the window follows it.",
                             lo=day_text(lo), hi=day_text(hi))
        else:
            range_note = say("The data now spans {lo} – {hi}; the window is unchanged.",
                             lo=day_text(lo), hi=day_text(hi))
    ss.data_range = (lo, hi)
    ss.w_start = min(max(ss.w_start, lo), hi)
    ss.w_end = min(max(ss.w_end, ss.w_start), hi)
    if link_beyond:  # a link's window is never narrowed without a word
        ss.url_problems.append(say(
            "the link's window {asked} reaches beyond the data ({lo} – {hi}): shown {shown}",
            asked=f"{day_text(link_beyond[0])} – {day_text(link_beyond[1])}",
            lo=day_text(lo), hi=day_text(hi),
            shown=f"{day_text(ss.w_start)} – {day_text(ss.w_end)}"))
    if range_note:
        notes.info(range_note)
    # (unique() in pandas: a set of the column would iterate 100,000 values in Python)
    present = sorted(set(records["country"].dropna().unique()) - {""}) if len(records) else []
    ss.countries = [c for c in ss.countries if c in present]
    # The actors the data names (for the panel's list), and the link's actors as the data
    # spells them.
    actor_list = actor_counts(records)
    if ss.actors:
        spelled = spelled_as_in(actor_list, ss.actors)
        if len(spelled) < len(ss.actors) and not ss.get("actors_checked"):
            missing = [a for a in ss.actors if normalise(a) not in {normalise(n) for n in spelled}]
            if missing:
                ss.url_problems.append(say(
                    "no record names the actor(s) {actors}: the map shows the actors that are "
                    "named", actors="; ".join(f"'{a}'" for a in missing)))
        ss.actors = spelled or ss.actors
    ss.actors_checked = True

    # The window's presets and fields, the categories, countries and metric: one panel that tells
    # the map at once (ui.filter_panel); the timeline under the map is the other way to a window.
    st.sidebar.header(say("Date window and filters"))
    with st.sidebar:
        filter_panel(span=(lo, hi), window=(ss.w_start, ss.w_end), categories=ss.categories,
                     countries=ss.countries, present=present, metric=ss.metric,
                     channel=ss.page_token, key="filters", attributions=ss.attributions,
                     attribution_counts=attribution_counts(records), actors=actor_list,
                     chosen_actors=ss.actors)
    window = DateWindow(pd.Timestamp(ss.w_start), pd.Timestamp(ss.w_end))
    return window, (lo, hi)
