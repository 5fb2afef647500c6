"""The analyst's page: title, what is shown, headline figures, the map and its timeline,
records per month (and per province chosen on the map), the border-sector table, the national
panel, the records table and its downloads (CSV, GeoJSON, GeoPackage, KML)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import counts, figures
from geo.activity import sources
from geo.boundaries import provinces, unit_name
from geo.districts import CREDIT, district_name
from geo.joins import DateWindow, filter_records, records_mentioning
from geo.words import language, say
from layers.places import country_name
from layers.provinces import label_text
from map_page.assembly import MapView, said_titles, shown_statement
from map_runtime.base import md_escape
from outputs import gis_files
from outputs.files import download_name
from ui.map_component import iskp_map
from ui.plain import show, show_heading
from ui.records_table import readable
from ui.uploads import validation_reports
from ui.workspace_access import logged_export
from ui.workspace_panel import map_status


def normal_page(view: MapView, records: pd.DataFrame, in_view: pd.DataFrame, live,
                window: DateWindow) -> None:
    ss = st.session_state
    # The default title and caveat in the reader's language; a briefer's as typed.
    title, caveat = said_titles(view)
    # Always one element, the subtitle in it when empty too: the map below must not move (see
    # `notices`); a title typed in the sidebar is shown in it at once (ui.filter_panel).
    show_heading(title, view.subtitle)
    show("caption", f"{window.label()} · {caveat}")
    show("caption", map_status(view))  # what this map is: saved (which version) or not
    # What the map shows, by whose activity it is (the legend says the same).
    whose = shown_statement(view, filter_records(records, window, view.categories, view.countries,
                                                 actors=view.actors))
    show("caption", say("Shown: {what}", what=whose))

    # The headline figures sit above the map but are worked out after it is sent, so that a new
    # window reaches the map first. Always the same elements here: one that came and went above
    # the map would make Streamlit mount the map anew (losing the reader's zoom and popup).
    figure_row, figure_note = st.container(), st.empty()

    # The map and its timeline; a province clicked or a window chosen on it comes back as an event
    # that the next run reads first (above).
    # The map and its timeline fit the reader's screen (scrolled to, they fill it).
    iskp_map(live, height=700, fill=24, key="map", channel=ss.page_token,
             steer=ss.get("last_steer"), fit=ss.get("fit"))
    validation_reports()

    head = figures.headline(in_view)
    whose_events = say("ISKP or possibly ISKP" if "possible" in view.attributions else
                       "ISKP a named party")
    m1, m2, m3, m4 = figure_row.columns(4)
    m1.metric(say("Events"), head["events"],
              help=f"{say(counts.HELP['events'])} ({whose_events})")
    m2.metric(say("Area claims"), head["area_claims"], help=say(counts.HELP["area_claims"]))
    m3.metric(say("Provinces with events"),
              say("{k} of 34", k=head["provinces_affected"]),
              help=say("Afghan provinces holding an event placed in the province or finer (a "
                       "district, a point); area claims are counted apart"))
    share = head["border_provinces_share"]
    # Short enough for a quarter of the page at 1280x720 (the longer label was cut); the help
    # says what share it is.
    m4.metric(say("Events in border provinces"),
              "–" if share is None else f"{share:.0%}",
              help=say("Of the events placed in Afghan provinces, the share in provinces on "
                       "the border with a neighbour"))
    # The same words as the exported map, slides and `geo summary` (geo.counts).
    figure_note.caption(say("In the window: {counts}.", counts=counts.counts_text(head)),
                        help=counts.help_text())

    # The records of the province chosen on the map: placed there, or area claims including it.
    district = ss.get("selected_district") if ss.selected_iso else None
    if district:
        selected = in_view[in_view["district_id"] == district]
        chosen_name = say("{district} district ({province})", district=district_name(district),
                          province=place_name(ss.selected_iso))
        chosen_what = say("records placed in the district (by their coordinates or district "
                          "name)")
    else:
        selected = records_mentioning(in_view, ss.selected_iso) if ss.selected_iso else None
        chosen_name = place_name(ss.selected_iso) if ss.selected_iso else ""
        chosen_what = say("placed there, or area claims that include it")
    if ss.selected_iso:
        # Said under the map, where the reader clicked: what the click did and where to look.
        show("info", say("Chosen on the map: {place} ({n} records: {what}). Its records per "
                         "month are just below, its records in the table further down (“Show "
                         "all provinces” there goes back).", place=chosen_name,
                         n=f"{len(selected):,}", what=chosen_what))
    left, right = st.columns([3, 2])
    with left:
        st.subheader(say("Events and area claims per month"))
        monthly = figures.per_month(in_view, window.start, window.end)
        if len(monthly):
            st.bar_chart(monthly, x="month", y="records", height=220,
                         x_label=say("Month"), y_label=say("Records"))
            st.caption(say("Each record counts once, spread over the months of the window it "
                           "may fall in: a record known only to the year adds a twelfth or so "
                           "to each month, not a spike in January."))
        else:
            st.info(say("No records in this window."))
        if ss.selected_iso:
            name = chosen_name
            st.subheader(md_escape(say("Events and area claims per month in {place}",
                                       place=name)), anchor=False)
            mine = figures.per_month(selected, window.start, window.end)
            if len(mine):
                st.bar_chart(mine, x="month", y="records", height=180,
                             x_label=say("Month"), y_label=say("Records"))
                st.caption(md_escape(say("Records in {place}: {what}.", place=name,
                                         what=chosen_what)))
            else:
                st.info(md_escape(say("No records for {place} in this window.", place=name)))
    with right:
        st.subheader(say("By border sector"))
        sectors = figures.sector_table(in_view)
        if language() == "fa":  # the neighbours named as the map names them
            sectors["neighbour_name"] = sectors["neighbour"].map(lambda cc: country_name(cc, "fa"))
        sectors["share_of_afghan_records"] = (sectors["share_of_afghan_records"] * 100).round(0)
        st.dataframe(sectors.rename(columns=lambda c: say(figures.SECTOR_LABELS.get(c, c))),
                     hide_index=True, width="stretch",
                     column_config={say("Share of Afghan records"): st.column_config
                                    .NumberColumn(format="%d%%")})

    st.subheader(say("National-level records"))
    st.caption(say("Force estimates, statements and national figures that no single province "
                   "holds."))
    st.dataframe(readable(figures.national(in_view), national=True), hide_index=True,
                 width="stretch", column_config=table_widths())

    st.subheader(say("Records in the window"))
    table_records = in_view if selected is None else selected
    if ss.selected_iso:
        c1, c2 = st.columns([4, 1])
        code = district or ss.selected_iso
        c1.info(md_escape(say("Showing records for {place} ({code}) (chosen on the map): "
                              "{what}.", place=chosen_name, code=code, what=chosen_what)))
        if c2.button(say("Show all provinces")):
            ss.selected_iso = None
            ss.selected_district = None
            st.query_params.pop("province", None)
            st.query_params.pop("district", None)
            st.rerun()
    shown_counts = head if selected is None else counts.window_counts(selected)
    st.caption(say("Records shown: {n} ({counts})", n=f"{len(table_records):,}",
                   counts=counts.counts_text(shown_counts)), help=counts.help_text())
    st.dataframe(readable(table_records), hide_index=True, width="stretch",
                 column_config=table_widths())
    # Named by what they hold: the window, and the province chosen on the map.
    def file_name(what, ext):
        chosen = ss.selected_iso if what == "records" and ss.selected_iso else ""
        return download_name(what, window, ext, province=chosen)

    def downloads(columns, what, files):
        # Files are written only when asked for (a callable), not on every rerun.
        for column, (label, make, ext) in zip(columns, files):
            name = file_name(what, ext)
            column.download_button(label, logged_export(make, f"{what} ({ext})", name),
                                   name, MIME[ext], on_click="ignore")

    downloads(st.columns(4), "records", [
        (say("Download CSV"), lambda: figures.to_csv(table_records), "csv"),
        (say("Download GeoJSON"), lambda: figures.to_geojson(table_records), "geojson"),
        (say("Download GeoPackage"), lambda: gis_files.records_gpkg(table_records), "gpkg"),
        (say("Download KML"), lambda: gis_files.records_kml(table_records), "kml")])
    st.caption(say("For QGIS and Google Earth, each record has the shape its precision allows: "
                   "its point, its district or province (or border region), the provinces of an "
                   "area claim, or Afghanistan for a country-wide record; the fields "
                   "`geo_precision` and `drawn_as` say which. The window's figures per province "
                   "and border region, as polygons:"))
    downloads(st.columns([1, 1, 2]), "provinces", [
        (say("Provinces and border regions (GeoPackage)"),
         lambda: gis_files.provinces_gpkg(in_view), "gpkg"),
        (say("Provinces and border regions (KML)"), lambda: gis_files.provinces_kml(in_view),
         "kml")])


def place_name(iso: str) -> str:
    """A province named as the map names it (in Dari on a Dari page: Natural Earth's
    ``name_fa``); a border region by its English name (GeoNames has no reliable Dari one)."""
    if language() == "fa":
        for _, p in provinces().loc[lambda t: t["iso"] == iso].iterrows():
            return label_text(p, "fa")[0]
    return unit_name(iso)


def table_widths() -> dict:
    """The long texts get room; the rest stay narrow (each cell's whole text shows on hover).
    Keyed by the headings the reader sees (geo.words)."""
    return {say("Where"): st.column_config.TextColumn(width="large"),
            say("Summary"): st.column_config.TextColumn(width="large"),
            say("Source"): st.column_config.TextColumn(width="medium")}

MIME = {"csv": "text/csv", "geojson": "application/geo+json",
        "gpkg": "application/geopackage+sqlite3", "kml": "application/vnd.google-earth.kml+xml"}


def sources_section() -> None:
    """The sources behind the built-in records."""
    with st.expander(say("Sources of the built-in records")):
        st.dataframe(sources()[["id", "outlet", "headline", "author", "published_start",
                                "published_end", "published_precision", "seed_file"]],
                     hide_index=True, width="stretch")
    st.caption(md_escape(say("Boundaries: Natural Earth 10m admin-1 (public domain), corrected "
                             "(see data/README.md).") + f" {say(CREDIT)}."))
