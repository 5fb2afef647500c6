"""Map assembly: a view (which layers, window, filters, titles) plus records -> a folium map.

The app, the export and the command line all build maps here, so a view looks the same
everywhere. Layer ids are stable: they appear in URLs, in ``--layers`` and in exported files.

>>> from map_page.assembly import MapView, build_map
>>> from geo.activity import builtin_records
>>> m = build_map(MapView(layers=("provinces", "activity")), builtin_records())
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import folium
import pandas as pd
from branca.element import MacroElement

from geo.annotations import annotation_bounds
from geo.areas import counted_area_claims
from geo.attribution import DEFAULT_SHOWN, statement
from geo.change import per_district_change, per_province_change
from geo.district_counts import per_district
from geo.joins import DateWindow, attribution_counts, closed_window, filter_records, \
    per_border_region, per_province
from geo.records import empty_records
from geo.words import LANGUAGES, direction, say, speaking
from layers.activity import UNITS, ActivityLayer
from layers.activity_areas import ActivityAreasLayer
from layers.annotations import AnnotationsLayer
from layers.border_bands import BorderBandsLayer
from layers.border_regions import BorderRegionsLayer
from layers.change import ChangeLayer
from layers.context import ContextLayer
from layers.cooperation import CooperationLayer
from layers.district_names import DistrictNames
from layers.districts import DistrictsLayer
from layers.heatmap import HeatmapLayer
from layers.incidents import IncidentsLayer
from layers.places import LabelPlacement, PlacesLayer
from layers.provinces import ProvincesLayer
from map_page.legend import FitBeside, legend, title_block
from map_page.place_search import PlaceSearch
from map_runtime.activity_data import ActivityData, marker_places
from map_runtime.base import Basemap, KeepsText, OfflineMap
from map_runtime.geodata import GeoRegistry

PRINT_LEGEND_ID = "iskp-print-legend"  # where a print layout puts the legend
CENTER = [33.9, 67.7]
BOUNDS = [[29.3, 60.4], [38.6, 74.9]]
# Records drawn inside this box widen a fitted view (Delhi does); farther ones (Moscow) would
# shrink Afghanistan to a corner, so a fitted view names them instead.
REGION_BOX = [[23.0, 55.0], [42.0, 80.0]]
LAYER_TITLES = {
    "provinces": "Provinces",
    "border_regions": "Border regions",
    "border_bands": "Border bands",
    "activity": "Activity by province",
    "districts": "Districts (as you zoom in)",
    "change": "Change against baseline",
    "activity_areas": "Reported activity areas",
    "incidents": "Incidents (points)",
    "heatmap": "Heatmap",
    "cooperation": "Counter-terrorism meetings",
    "places": "Cities and country names",
}
DEFAULT_LAYERS = ("provinces", "border_regions", "activity", "activity_areas", "incidents",
                  "cooperation", "places")
DEFAULT_TITLE = "Reported ISKP activity: Afghanistan and its border regions"
DEFAULT_CAVEAT = ("Reported activity from open sources; dates and places are as precise as the "
                  "reports allow. Not a complete record of events.")


@dataclass(frozen=True)
class MapView:
    """Everything that decides what a map shows. Frozen, so a view is a value: it can be
    compared, put in a link (map_page.view_state) and copied with changes (``with_``)."""

    layers: tuple[str, ...] = DEFAULT_LAYERS
    window: DateWindow = field(default_factory=DateWindow)
    categories: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    # Whose records (geo.attribution): ISKP by default; "possible" adds shared attributions to
    # the counts (drawn hollow), "other" draws other actors' records as grey context. Actors:
    # only records naming one of them (empty: all).
    attributions: tuple[str, ...] = DEFAULT_SHOWN
    actors: tuple[str, ...] = ()
    metric: str = "records"
    # What the choropleth counts by: "province" or "district" (geo.district_counts). A page
    # with ``districts_in_page`` holds both and switches in place (the app's document).
    unit: str = "province"
    districts_in_page: bool = False
    band_km: float = 50.0
    title: str = DEFAULT_TITLE
    subtitle: str = ""
    caveat: str = DEFAULT_CAVEAT
    presentation: bool = False
    basemap_url: str | None = None
    title_on_map: bool = False
    date_filter_in_map: bool = False
    # The map's language: "en", or "fa" (Dari): the product's words (geo.words) and the
    # province and country names; the data's words stay as given.
    label_lang: str = "en"
    print_layout: bool = False  # a slide or page: no controls, legend beside the map
    baseline: DateWindow | None = None  # the "change" layer compares the window with it
    # The app's map: its host sets the baseline in the page (ISKP.setBaseline), so that the
    # comparison turned on or off, or a new baseline, is no new map (map_page.live_map).
    baseline_in_page: bool = False
    # The map's own layer list. The app leaves it out: its sidebar is the one place that
    # switches layers, so sidebar, link and legend always agree.
    layer_control: bool = True
    # A place to open at (south, west, north, east): a saved map's, in its files. The app's
    # own map never has one here (it fits a saved map's place in the page, ui.map_component),
    # so that moving the map does not make a new document.
    extent: tuple[float, float, float, float] | None = None
    # What the briefer drew on the view (geo.annotations; its JSON text, "" for none).
    annotations: str = ""
    # The app's map: its annotations are set and told by its host, and, out of presentation
    # mode, drawn with the drawing tools (layers.annotations).
    annotations_in_page: bool = False

    def with_(self, **changes) -> "MapView":
        return replace(self, **changes)


LABEL_LANGUAGES = LANGUAGES


def check_layers(ids) -> tuple[str, ...]:
    ids = tuple(ids)
    unknown = [i for i in ids if i not in LAYER_TITLES]
    if unknown:
        raise ValueError(f"unknown layer id(s): {', '.join(unknown)}; "
                         f"known: {', '.join(LAYER_TITLES)}")
    return tuple(i for i in LAYER_TITLES if i in ids)


MEETING = "counter-terrorism meeting"


def view_records(view: MapView, records: pd.DataFrame) -> pd.DataFrame:
    """The records a view shows: its window, categories, countries, actors and attributions,
    and the counter-terrorism meetings while their layer is on (they are other actors'
    records, context that layer exists to show)."""
    return filter_records(records_of_view(view, records), view.window)


def records_of_view(view: MapView, records: pd.DataFrame) -> pd.DataFrame:
    """``view_records`` in every window (what classes over several windows are made of)."""
    chosen = filter_records(records, None, view.categories, view.countries, actors=view.actors)
    return chosen[shown(view, chosen)]


def shown(view: MapView, records: pd.DataFrame) -> pd.Series:
    """Which of ``records`` the view shows by attribution (see ``view_records``)."""
    keep = records["attribution"].isin(list(view.attributions))
    if "cooperation" in view.layers:
        keep |= records["category"] == MEETING
    return keep


def shown_statement(view: MapView, records: pd.DataFrame) -> str:
    """What the view shows, for ``records`` of its window (every attribution): "ISKP: 3 of
    174 records · possibly ISKP: 0 (hidden) · other actors: 171 (hidden)"."""
    meetings = 0
    if "cooperation" in view.layers and "other" not in view.attributions:
        meetings = int(((records["category"] == MEETING) &
                        (records["attribution"] == "other")).sum())
    return statement(attribution_counts(records), view.attributions, meetings)


def marker_categories(records: pd.DataFrame, places: pd.DataFrame | None = None) -> set[str]:
    """Categories the incidents layer draws a marker for (the legend lists only these);
    ``places``: ``marker_places(records)`` when the caller has it already."""
    places = marker_places(records) if places is None else places
    return set(records.loc[places["pk"] != "", "category"])


def area_text_of(core: int, possible: int) -> str:
    """How a tooltip says how many area claims mention a unit: "2 (+1 possibly)"."""
    return say("{n} (+{m} possibly)", n=core, m=possible) if possible else f"{core}"


def said_title(title: str) -> str:
    """A title as it is shown: the product's default in the current language, a briefer's
    as typed."""
    return say(DEFAULT_TITLE) if title == DEFAULT_TITLE else title


def said_titles(view: MapView) -> tuple[str, str]:
    """The view's title and caveat as a map shows them: the product's own (the defaults) in
    the map's language, a briefer's as typed."""
    with speaking(view.label_lang):
        return (said_title(view.title),
                say(DEFAULT_CAVEAT) if view.caveat == DEFAULT_CAVEAT else view.caveat)


def page_html(m: folium.Map, view: MapView) -> str:
    """A built map rendered as its page, which says its language and direction: a screen
    reader and the browser's spelling and hyphenation read it so, and a Dari page reads
    right to left."""
    return m.get_root().render().replace(
        "<html>", f'<html lang="{view.label_lang}" dir="{direction(view.label_lang)}">', 1)


def fitted_bounds(records: pd.DataFrame) -> tuple[list[list[float]], pd.DataFrame]:
    """The view a briefer wants: Afghanistan plus every record drawn in the region, and the
    drawn records left outside it (shown as a note rather than zoomed out to)."""
    places = marker_places(records)
    drawn = places[places["pk"] != ""]
    inside = drawn["la"].between(REGION_BOX[0][0], REGION_BOX[1][0]) & \
        drawn["lo"].between(REGION_BOX[0][1], REGION_BOX[1][1])
    la, lo = drawn.loc[inside, "la"], drawn.loc[inside, "lo"]
    bounds = [[min([BOUNDS[0][0], *la]), min([BOUNDS[0][1], *lo])],
              [max([BOUNDS[1][0], *la]), max([BOUNDS[1][1], *lo])]]
    return bounds, records.loc[drawn.index[~inside]]


# folium's own elements that render their output as a new template (branca's MacroElement), but
# carry only the project's words (layer titles, options), never a user's text.
_PROJECT_WORDS_ONLY = (folium.Map, folium.FeatureGroup, folium.LayerControl)


def check_keeps_text(el) -> None:
    """Refuse an element that would compile its rendered output as a template (see
    ``map_runtime.base.KeepsText``): a user's text in it would run. Called on every element of every
    map before it is rendered."""
    if isinstance(el, MacroElement) and not isinstance(el, (KeepsText, *_PROJECT_WORDS_ONLY)):
        raise TypeError(f"{type(el).__name__} renders its output as a template; derive it from "
                        "map_runtime.base.SafeMacroElement (or mix in KeepsText)")


def stable_ids(root) -> None:
    """Replace folium's random element ids by their position in the tree.

    The same view then renders to the same bytes: exports are reproducible, and the app's map
    component is not rebuilt (losing zoom and open popups) on a rerun that changed nothing.
    """
    counter = 0
    stack = [root.get_root()]
    while stack:
        el = stack.pop(0)
        check_keeps_text(el)
        el._id = f"{counter:06d}"
        counter += 1
        stack.extend(el._children.values())
        for part in ("header", "html", "script"):
            child = getattr(el, part, None)
            if child is not None and child is not el and hasattr(child, "_children"):
                stack.append(child)


def shows_districts(view: MapView) -> bool:
    """Whether the map of ``view`` holds the districts (counts or outlines), and so credits
    them (``geo.districts.CREDIT``)."""
    return view.unit == "district" or view.districts_in_page or "districts" in view.layers


def build_map(view: MapView, records: pd.DataFrame | None = None, extras=None) -> folium.Map:
    """Build the map of ``view``, in its language (``view.label_lang``, geo.words).
    ``extras(m, data, filtered)``, when given, adds elements (the export's date filter and
    sources) before element ids are fixed."""
    with speaking(view.label_lang):
        return _build_map(view, records, extras)


def _build_map(view: MapView, records: pd.DataFrame | None, extras) -> folium.Map:
    layers = check_layers(view.layers)
    records = empty_records() if records is None else records
    # Every attribution is in the page (the reader switches them there); what Python counts
    # and classes here is what the view shows.
    filtered = filter_records(records, None, view.categories, view.countries,
                              actors=view.actors)
    all_in_window = filter_records(filtered, view.window)
    in_window = all_in_window[shown(view, all_in_window)]
    shown_filtered = filtered[shown(view, filtered)]
    activity_in_window = in_window[in_window["attribution"] != "other"]
    window_label = view.window.label()
    prov = per_province(in_window)
    counts = dict(zip(prov.iso, prov.records))
    metric_counts = dict(zip(prov.iso, prov[view.metric]))
    regions = per_border_region(in_window)
    region_counts = dict(zip(regions.iso, regions.records))
    area_text = {r.iso: area_text_of(r.area_claims, r.area_claims_possible)
                 for r in prov.itertuples()}
    area_text.update({r.iso: area_text_of(r.area_claims, 0) for r in regions.itertuples()})
    n_area_claims = int(counted_area_claims(in_window).sum())
    if view.unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    district_counts = district_metric = None
    if shows_districts(view):
        # Per district id, those with none left out (most of 398: an export stays small).
        by_district = per_district(in_window).set_index("id")
        def nonzero(col):
            return {i: int(v) for i, v in by_district[col].items() if v}
        district_counts, district_metric = nonzero("records"), nonzero(view.metric)

    fitted = view.presentation or view.print_layout
    # Every view is fitted beside the legend (FitBeside), to the nearest quarter zoom level
    # rather than a whole one, so that the legend stands beside the data, not over it.
    # In front of an audience the map carries no "Leaflet" credit line (the licence is in the
    # project); a user's tile server keeps its attribution.
    credit = {} if not view.presentation or view.basemap_url else {"attribution_control": False}
    drawing = view.annotations_in_page and not view.presentation and not view.print_layout
    if drawing:
        credit["pm_ignore"] = False  # the drawing tools (Geoman) take this map, and only it
    m = OfflineMap(location=CENTER, zoom_start=6, min_zoom=3, max_zoom=13,
                   zoom_control=not fitted, zoom_snap=0.25, **credit)
    if view.basemap_url:
        Basemap(view.basemap_url, attr="Basemap (user-supplied)", name="Basemap",
                         overlay=False, control=False).add_to(m)
    geo = GeoRegistry()
    geo.add_to(m)
    data = None
    if {"activity", "incidents", "heatmap", "cooperation", "change"} & set(layers):
        # In an exported file the reader filters by date in the page: embed the whole
        # filtered set; in the app the window is applied here.
        data = ActivityData(filtered if view.date_filter_in_map else all_in_window,
                            shown=view.attributions)
        data.add_to(m)
    label_px = 15 if view.presentation else 11
    activity = change = None
    for lid in layers:
        if lid == "activity":
            activity = ActivityLayer(geo, metric_counts, metric=view.metric,
                                     window_label=window_label,
                                     data=data if view.date_filter_in_map else None,
                                     district_counts=district_metric, unit=view.unit)
            activity.add_to(m)
        elif lid == "border_regions":
            BorderRegionsLayer(geo, counts=region_counts, window_label=window_label,
                               area_claims=area_text).add_to(m)
        elif lid == "border_bands":
            BorderBandsLayer(geo, view.band_km).add_to(m)
    if "districts" in layers:
        DistrictsLayer(geo, counts=district_counts,
                       window_label=window_label).add_to(m)
    if "provinces" in layers:
        ProvincesLayer(geo, counts=counts, window_label=window_label, label_size=label_px,
                       area_claims=area_text, label_lang=view.label_lang).add_to(m)
    if view.print_layout and view.unit == "district" and district_metric:
        DistrictNames(district_metric, label_px=label_px - 1).add_to(m)
    follows = view.date_filter_in_map and data is not None and data.detailed
    in_page = view.baseline_in_page and follows and len(filtered)
    if "change" in layers and (view.baseline is not None or in_page):
        # Above the outlines: its tooltip (window, baseline, expected, level) takes the pointer.
        # A baseline the host sets (the app) starts as the whole span, until it is told.
        baseline = view.baseline if view.baseline is not None else DateWindow()
        per_unit = per_district_change if view.unit == "district" else per_province_change
        change = ChangeLayer(geo, per_unit(shown_filtered, view.window, baseline),
                             unit=view.unit,
                             metric=view.metric, window_label=window_label,
                             baseline_label=baseline.label(),
                             data=data if follows else None,
                             baseline=closed_window(baseline, filtered) if follows else None,
                             host_sets=bool(in_page), show=not in_page)
        change.add_to(m)
    areas = None
    if "activity_areas" in layers:
        # Above the province shapes (only the outlines take the pointer), below the markers.
        areas = ActivityAreasLayer(filtered if view.date_filter_in_map else in_window)
        areas.add_to(m)
    if "heatmap" in layers:
        HeatmapLayer(data, activity_in_window).add_to(m)
    if "incidents" in layers:
        IncidentsLayer(data, activity_in_window).add_to(m)
    if data is not None:
        ContextLayer(data).add_to(m)
    if "cooperation" in layers:
        # A print names records outside its map in its foot, not in a box to click.
        CooperationLayer(data, off_view=not view.print_layout).add_to(m)
    if "places" in layers:
        PlacesLayer(label_lang=view.label_lang).add_to(m)
    if view.annotations or view.annotations_in_page:
        # Above every layer: what the briefer drew is what the audience is meant to see.
        AnnotationsLayer(view.annotations, editable=drawing).add_to(m)
    LabelPlacement().add_to(m)
    if not view.print_layout:
        PlaceSearch(shapes=geo.wanted, cities_in_page="places" in layers,
                    folded=view.presentation).add_to(m)
    if view.layer_control and not view.print_layout:
        # Folded to one icon (it opens on hover or tap): open, it covered the Wakhan corridor.
        folium.LayerControl(collapsed=True, position="topright").add_to(m)
    font = 17 if view.presentation else 12
    whose = shown_statement(view, all_in_window)
    drawn = shown_filtered if view.date_filter_in_map else in_window
    drawn_places = marker_places(drawn)
    legend(layers, attribution=whose, attributions=view.attributions,
           classes=activity.classes if activity else None,
           colours=activity.colours if activity else None, metric=view.metric,
           unit=view.unit,
           unit_switch=bool(activity and district_metric is not None and view.layer_control
                            and not view.print_layout),
           district_markers=bool((drawn_places["pk"] == "district").any()),
           window_label=window_label, band_km=view.band_km,
           categories=marker_categories(drawn, drawn_places),
           area_claims=n_area_claims, areas_drawn=bool(areas and areas.claims),
           font_px=font, target=PRINT_LEGEND_ID if view.print_layout else None,
           titles={k: say(v) for k, v in LAYER_TITLES.items()},
           change=None if change is None else {
               "baseline": (view.baseline or DateWindow()).label(),
               "fixed": view.date_filter_in_map and not follows}).add_to(m)
    if (view.presentation or view.title_on_map) and not view.print_layout:
        title, caveat = said_titles(view)
        title_block(title, view.subtitle, window_label, caveat,
                    font_px=18 if view.presentation else 14, attribution=whose,
                    meetings="cooperation" in layers).add_to(m)
    # Presentation and print fit Afghanistan and the window's records; the analyst's view
    # keeps one frame (Afghanistan and its border regions) whatever the window.
    # The app's map (no in-file filter, not a print) keeps the reader's place across reruns;
    # normal and presentation mode each keep their own.
    keep = None if (view.date_filter_in_map or view.print_layout) else \
        "iskp-view-" + ("presentation" if view.presentation else "normal")
    if view.extent:
        s_, w_, n_, e_ = view.extent
        bounds = [[s_, w_], [n_, e_]]
    else:
        bounds = fitted_bounds(in_window)[0] if fitted else BOUNDS
        drawn_on = annotation_bounds(view.annotations) if fitted else None
        if drawn_on:
            # What the briefer drew is in the picture too (within the region, as records are).
            s_, w_, n_, e_ = drawn_on
            (bs, bw), (bn, be) = bounds
            bounds = [[max(min(bs, s_), REGION_BOX[0][0]), max(min(bw, w_), REGION_BOX[0][1])],
                      [min(max(bn, n_), REGION_BOX[1][0]), min(max(be, e_), REGION_BOX[1][1])]]
    FitBeside(bounds, keep_key=keep, fold_date=view.presentation).add_to(m)
    if extras is not None:
        extras(m, data, filtered)
    stable_ids(m)
    return m
