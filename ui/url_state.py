"""The session's view from the link, once per session, and the link kept in step with the view.

A link holds the whole view (``map_page.view_state``: window, layers, filters, attribution,
actors, metric, band, titles, mode), the province chosen on the map, the workspace's datasets
shown (``data=d-...,d-...``) and the place the map is at (``extent=s,w,n,e``); ``map=ID``
(and ``version=N``) opens a saved map: its view and datasets, with what else the link says
on top. What a link says that is not
understood is kept in ``url_problems`` and shown above the map.
"""
from __future__ import annotations

import uuid

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from geo.boundaries import unit_name
from geo.districts import district_province
from geo.workspace import NotAllowed, NotFound
from geo.words import Phrase, reason_of
from map_page.assembly import BOUNDS, LAYER_TITLES, MapView
from map_page.view_state import extent_text, from_params, parse_extent, to_params
from ui.workspace_access import builtin_id, workspace


# The keys of the workspace's save buttons (ui.workspace_panel): true in the run they start.
SAVE_BUTTONS = {"new": "save_new", "version": "save_version", "copy": "save_copy"}


def start_session() -> None:
    """Fill the session state from the link on the session's first run, and again when the
    reader has gone Back (or Forward) to another link of the session: the browser's history
    holds each view the page showed, so Back undoes a change of filter, window or layer."""
    ss = st.session_state
    written = ss.get("link_written")
    # Never while a save is pressed: the map reopened from its link would be its latest
    # version, and the save meant for the version the reader had open would overwrite it.
    saving = any(ss.get(k) for k in SAVE_BUTTONS.values())
    if "initialised" in ss and written is not None and "opening" not in ss and not saving \
            and _went_back():
        now = st.query_params.to_dict()
        if now != written:
            open_link(now, write=False)
    if "initialised" not in ss:
        # A saved map opened in the session (open_saved) is asked for in the session state:
        # a run it stopped may still write the old map's link.
        opening = ss.pop("opening", None)
        link = opening or st.query_params.to_dict()
        params, saved, problems = linked_params(link)
        url_view, url_problems = from_params(params)
        ss.url_problems = problems + url_problems
        ss.open_map = saved  # the saved map this view came from (geo.workspace.SavedMap)
        ss.datasets_on = linked_datasets(params, ss.url_problems)
        ss.presentation = url_view.presentation
        ss.label_lang = url_view.label_lang
        for lid in LAYER_TITLES:
            ss[f"layer_{lid}"] = lid in url_view.layers
        ss.categories = list(url_view.categories)
        ss.countries = list(url_view.countries)
        ss.attributions = list(url_view.attributions)
        ss.actors = list(url_view.actors)
        ss.metric = url_view.metric
        ss.unit = url_view.unit
        ss.band_km = int(url_view.band_km)
        ss.title = url_view.title
        ss.subtitle = url_view.subtitle
        ss.caveat = url_view.caveat
        ss.annotations = url_view.annotations
        ss.url_window = url_view.window
        # The place the map opens at (a saved map's, or the link's), fitted once.
        try:
            ss.extent = parse_extent(params.get("extent"))
        except ValueError as exc:
            ss.extent = None
            ss.url_problems.append(Phrase("map extent in the link ignored: {why}",
                                          why=reason_of(exc)))
        # A saved map kept without a place (saved before maps kept theirs, or from the
        # command line), opened in the session, opens at Afghanistan, not wherever the
        # previous map was (from a link, the new page's map fits its records itself).
        place = list(ss.extent) if ss.extent else \
            [*BOUNDS[0], *BOUNDS[1]] if opening and saved is not None else None
        ss.fit = {"id": uuid.uuid4().hex[:8], "extent": place} if place else None
        ss.compare = url_view.baseline is not None
        if url_view.baseline is not None:
            ss.b_start, ss.b_end = url_view.baseline.start.date(), url_view.baseline.end.date()
        # Kept when a saved map is opened in the session (open_saved): the sidebar's
        # uploads are not taken again.
        ss.imports = ss.get("imports", {})
        # A province chosen on the map is in the link too (province=AF-NAN).
        linked = (link.get("province") or "").strip().upper()
        ss.selected_iso = linked if linked and unit_name(linked) != linked else None
        if linked and ss.selected_iso is None:
            ss.url_problems.append(Phrase("unknown province '{code}' in the link ignored",
                                          code=linked))
        # ...and a district in it (district=AF-NAN-ACHEEN).
        district = (link.get("district") or "").strip().upper()
        ss.selected_district = district if district and ss.selected_iso and \
            district_province(district) == ss.selected_iso else None
        if district and ss.selected_district is None:
            ss.url_problems.append(Phrase("unknown district '{code}' (of the province "
                                          "chosen) in the link ignored", code=district))
        # Two periods side by side (compare=side) rather than as a change map.
        ss.side_by_side = link.get("compare") == "side"
        # Names the channel between the sidebar's panel and the map of this session only.
        ss.page_token = ss.get("page_token") or "iskp-" + uuid.uuid4().hex
        ss.initialised = True


def _went_back() -> bool:
    """Whether this run is the browser's Back or Forward (Streamlit's frontend says so).

    Not "the link differs from the one written": a change made while the last run's link was
    still on its way to the browser comes with the link before it, and was taken for Back,
    opening that older view over the change: 2 times in 10 in a script of layer ticks under
    load (the likeliest cause of a layer ticked off that came back on in a test)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and getattr(ctx, "is_history_navigation", False))


def open_saved(map_id: str, version: int | None = None) -> None:
    """Open a saved map in this session, as its link would in a new one, without loading
    the page again: a button's callback, so that the run it starts is the only one (a
    handler in the script would run the whole page twice)."""
    open_link({"map": map_id, **({"version": str(version)} if version else {})})


def open_link(params: dict, write: bool = True) -> None:
    """Open the view a link's parameters name (a saved map's, a briefing slide's) in this
    session: a button's callback, as :func:`open_saved`; ``write``: put the link in the
    address bar (not when it is there already: the reader went Back to it)."""
    ss = st.session_state
    ss.opening = dict(params)
    if write:
        st.query_params.from_dict(ss.opening)
    # What the session took from its first link, taken again from the saved map's.
    for key in ("initialised", "w_start", "w_end", "b_start", "b_end", "data_range"):
        ss.pop(key, None)


def linked_params(params: dict):
    """The link's parameters on top of the saved map it names (``map=``), the saved map, and
    what could not be opened."""
    map_id = (params.get("map") or "").strip()
    if not map_id:
        return params, None, []
    version = (params.get("version") or "").strip()
    try:
        saved = workspace().saved_map(map_id, int(version) if version.isdigit() else None)
    except (NotFound, NotAllowed) as exc:
        return params, None, [Phrase("saved map not opened: {why}", why=reason_of(exc))]
    if saved.kind != "map":
        return params, None, [Phrase("{id} is a briefing, not a map: open it under Briefing",
                                     id=map_id)]
    base = {**saved.view, "data": ",".join(saved.dataset_ids)}
    return {**base, **{k: v for k, v in params.items() if k not in ("map", "version")}}, \
        saved, []


def linked_datasets(params: dict, problems: list) -> list[str]:
    """The datasets a link (or saved map) shows; the built-in records when it names none."""
    named = [d for d in (params.get("data") or "").split(",") if d.strip()]
    if not named:
        return [builtin_id()]
    known = {d.id for d in workspace().datasets()}
    unknown = [d for d in named if d not in known]
    if unknown:
        problems.append(Phrase("dataset(s) of the link not in this workspace, or not yours "
                               "to open: {ids}", ids=", ".join(unknown)))
    return [d for d in named if d in known]


def saved_view(view: MapView) -> dict:
    """The view as a saved map keeps it: its parameters and the place the map is at."""
    extent = st.session_state.get("extent")
    return {**to_params(view), **({"extent": extent_text(extent)} if extent else {})}


def view_params(view: MapView) -> dict:
    """What the link says of the view and its data (the province chosen aside)."""
    ss = st.session_state
    params = saved_view(view)
    if ss.datasets_on != [builtin_id()]:
        params["data"] = ",".join(ss.datasets_on)
    return params


def keep_link(view: MapView) -> None:
    """The address bar says what the page shows: the view, the province chosen, the mode of
    comparison."""
    ss = st.session_state
    params = view_params(view)
    if ss.open_map is not None:
        params["map"] = ss.open_map.id
        if ss.open_map.version != ss.open_map.current_version:
            params["version"] = str(ss.open_map.version)
    if ss.selected_iso:
        params["province"] = ss.selected_iso
        if ss.get("selected_district"):
            params["district"] = ss.selected_district
    if ss.compare and ss.side_by_side:
        params["compare"] = "side"
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    # What this run wrote: a next run that finds another link was sent Back (start_session).
    ss.link_written = st.query_params.to_dict()
