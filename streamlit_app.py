"""Streamlit UI for the map of reported ISKP activity. UI only: data and geometry live in geo/,
map layers and export in layers/. Run with scripts/run_app.sh."""
from __future__ import annotations

import datetime as dt
import io
import uuid
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import figures, gis_export
from geo.activity import builtin_records, sources
from geo.boundaries import COUNTRY_NAMES, unit_name
from geo.importers import MAX_BYTES, FileProblem, import_file, rejected_rows_csv
from geo.importers.merge import combine, fingerprint
from geo.importers.containers import release_memory
from geo.attribution import ATTRIBUTIONS, actor_counts, normalise, spelled_as_in
from geo.joins import DateWindow, attribution_counts, filter_records, records_mentioning
from geo.records import CATEGORIES
from layers.assets import install_static
from layers.base import md_escape
from layers.chromium import RenderFailed, RenderUnavailable
from layers.date_filter import date_of
from layers.export import export_html, side_by_side_html
from layers.live_map import live_map
from layers.map import DEFAULT_CAVEAT, DEFAULT_TITLE, LABEL_LANGUAGES, LAYER_TITLES, MapView, \
    shown_statement, view_records
from layers.print_layout import PRINT_CHOICES, PRINT_MIME, print_outputs
from layers.view_state import from_params, to_params
from ui.events import take_event
from ui.filter_panel import filter_panel
from ui.map_component import iskp_map
from ui.plain import code_label, show
from ui.server import error_message, report_error

install_static(Path(__file__).parent / "static" / "vendor")
st.set_page_config(page_title="ISKP activity map", layout="wide")
ss = st.session_state

# ---- state from the URL, once per session -------------------------------------------------
if "initialised" not in ss:
    url_view, url_problems = from_params(st.query_params.to_dict())
    ss.url_problems = url_problems
    ss.presentation = url_view.presentation
    ss.label_lang = url_view.label_lang
    for lid in LAYER_TITLES:
        ss[f"layer_{lid}"] = lid in url_view.layers
    ss.categories = list(url_view.categories)
    ss.countries = list(url_view.countries)
    ss.attributions = list(url_view.attributions)
    ss.actors = list(url_view.actors)
    ss.metric = url_view.metric
    ss.band_km = int(url_view.band_km)
    ss.title = url_view.title
    ss.subtitle = url_view.subtitle
    ss.caveat = url_view.caveat
    ss.url_window = url_view.window
    ss.compare = url_view.baseline is not None
    if url_view.baseline is not None:
        ss.b_start, ss.b_end = url_view.baseline.start.date(), url_view.baseline.end.date()
    ss.imports = {}
    # A province chosen on the map is in the link too (province=AF-NAN).
    linked = (st.query_params.get("province") or "").strip().upper()
    ss.selected_iso = linked if linked and unit_name(linked) != linked else None
    if linked and ss.selected_iso is None:
        ss.url_problems.append(f"unknown province '{linked}' in the link ignored")
    # Two periods side by side (compare=side) rather than as a change map.
    ss.side_by_side = st.query_params.get("compare") == "side"
    # Names the channel between the sidebar's panel and the map of this session only.
    ss.page_token = "iskp-" + uuid.uuid4().hex
    ss.initialised = True

# ---- data: built-in and this session's uploads --------------------------------------------
def import_upload(up):
    """(content fingerprint, ImportResult), or the reason the file cannot be read. A bug in an
    importer becomes a message in the sidebar too: the rest of the app and the other files
    keep working."""
    bar = notes.progress(0.0, text=f"Reading {code_label(up.name)}…") \
        if up.size > 2_000_000 else None
    try:
        data = up.getvalue()
        result = import_file(io.BytesIO(data), name=up.name,
                             progress=(lambda f: bar.progress(f * 0.6)) if bar else None)
        return fingerprint(data), result
    except FileProblem as exc:
        return str(exc)
    except MemoryError:
        return "the file is too large to read in memory here"
    except Exception as exc:  # noqa: BLE001 - one bad file must not take the page down
        return (f"could not be read (error id {report_error(exc, 'an import')}); please "
                "report it with the id")
    finally:
        if bar is not None:
            bar.empty()


use_builtin = st.sidebar.checkbox("Built-in records (5 source reports)", value=True,
                                  key="use_builtin")
uploads = st.sidebar.file_uploader(
    "Add your data: ACLED export (CSV, Excel, API JSON), UCDP GED (CSV, zip, Excel), native "
    "CSV, GeoJSON points", type=["csv", "txt", "xlsx", "json", "geojson", "zip", "gz"],
    accept_multiple_files=True, key="uploads", max_upload_size=MAX_BYTES // 2**20)
# Everything said about the files goes in this one container: a message that came and went
# between the uploader and the filter panel would move the panel, and a moved iframe is a new
# page that Streamlit no longer hears (the panel's changes would be lost).
notes = st.sidebar.container()
frames = [builtin_records()] if use_builtin else []
current = {(up.file_id, up.name, up.size) for up in uploads or []}
removed = set(ss.imports) - current
for gone in removed:  # an upload removed from the uploader frees its memory
    del ss.imports[gone]
if removed:
    release_memory()
seen_content: dict[str, str] = {}
for up in uploads or []:
    key = (up.file_id, up.name, up.size)
    if key not in ss.imports:  # session state: uploads never leave this session
        ss.imports[key] = import_upload(up)
    entry = ss.imports[key]
    if isinstance(entry, str):
        show("error", f"{up.name}: {entry}", notes)
        continue
    digest, result = entry
    if digest in seen_content:
        show("warning", f"{up.name} has the same content as {seen_content[digest]}: added "
                        "once", notes)
        continue
    seen_content[digest] = up.name
    frames.append(result.records)
    outside = result.out_of_region.get("rows", 0)
    msg = (f"{up.name}: {result.format}, {result.rows} rows: {result.accepted} accepted, "
           f"{result.rejected_count} rejected"
           + (f" ({outside} outside the region)" if outside else "")
           + f", {len(result.warnings)} warnings"
           + (f" · ISKP {result.attribution['iskp']}, possibly ISKP "
              f"{result.attribution['possible']}, other actors {result.attribution['other']}"
              if result.attribution else ""))
    show("warning" if result.rejected_count else "success", msg, notes)
    if result.rejected or result.warnings:
        with notes.expander("Validation report: " + code_label(up.name)):
            issues = pd.DataFrame([dict(**i.as_dict(), kind="rejected") for i in result.rejected]
                                  + [dict(**i.as_dict(), kind="warning") for i in result.warnings])
            issues = issues[["line", "reason", "column", "kind"]]
            st.dataframe(issues.head(2000), hide_index=True, width="stretch")
            if len(issues) > 2000:
                st.caption(f"The first 2,000 of {len(issues):,}; the download has every row.")
            if len(result.rejected_rows):
                st.download_button("Download rejected rows (CSV)",
                                   lambda result=result: rejected_rows_csv(result),
                                   file_name=f"rejected_{Path(up.name).stem}.csv",
                                   mime="text/csv", key=f"rej_{up.file_id}",
                                   on_click="ignore")
records, merge_messages = combine(frames)
# Which data this is, to keep the map document of a view between reruns.
data_key = (use_builtin, tuple(seen_content))
for message in merge_messages:
    show("info", message, notes)

# ---- date window and filters, bounded by the data -----------------------------------------
if len(records):
    lo = records["date_start"].min().date()
    hi = records["date_end"].max().date()
else:
    lo, hi = dt.date(2014, 1, 1), dt.date.today()
# What the reader did on the map in the last run (a window chosen on its timeline, a province
# clicked): read before the widgets that show it are made.
for map_key in ("map", "map_present"):
    event = take_event(map_key)
    if event:
        if event.get("window"):
            first, last = (date_of(d) for d in event["window"])
            if event.get("pane", 0) == 1 and ss.get("compare"):
                ss.b_start, ss.b_end = first, last
            else:
                ss.w_start, ss.w_end = first, last
        if event.get("province") and unit_name(event["province"]) != event["province"]:
            ss.selected_iso = event["province"]
# ...and what they changed in the sidebar's panel (the map has it already).
change = take_event("filters")
if change:
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
        range_note = f"The data now spans {lo:%d %b %Y} – {hi:%d %b %Y}; the window follows it."
    else:
        range_note = (f"The data now spans {lo:%d %b %Y} – {hi:%d %b %Y}; the window is "
                      "unchanged.")
ss.data_range = (lo, hi)
ss.w_start = min(max(ss.w_start, lo), hi)
ss.w_end = min(max(ss.w_end, ss.w_start), hi)
if link_beyond:  # a link's window is never narrowed without a word
    ss.url_problems.append(
        f"the link's window {link_beyond[0]:%d %b %Y} – {link_beyond[1]:%d %b %Y} reaches "
        f"beyond the data ({lo:%d %b %Y} – {hi:%d %b %Y}): shown {ss.w_start:%d %b %Y} – "
        f"{ss.w_end:%d %b %Y}")
if range_note:
    notes.info(range_note)
present = sorted(set(records["country"]) - {""}) if len(records) else []
ss.countries = [c for c in ss.countries if c in present]
# The actors the data names (for the panel's list) and the link's actors as the data spells them.
actor_list = actor_counts(records)
if ss.actors:
    spelled = spelled_as_in(records, ss.actors)
    if len(spelled) < len(ss.actors) and not ss.get("actors_checked"):
        missing = [a for a in ss.actors if normalise(a) not in {normalise(n) for n in spelled}]
        if missing:
            ss.url_problems.append("no record names the actor(s) "
                                   + "; ".join(f"'{a}'" for a in missing)
                                   + ": the map shows the actors that are named")
    ss.actors = spelled or ss.actors
ss.actors_checked = True

# The window's presets and fields, the categories, countries and metric: one panel that tells
# the map at once (ui.filter_panel); the timeline under the map is the other way to a window.
st.sidebar.header("Date window and filters")
with st.sidebar:
    filter_panel(span=(lo, hi), window=(ss.w_start, ss.w_end), categories=ss.categories,
                 countries=ss.countries, present=present, metric=ss.metric,
                 channel=ss.page_token, key="filters", attributions=ss.attributions,
                 attribution_counts=attribution_counts(records), actors=actor_list,
                 chosen_actors=ss.actors)
window = DateWindow(pd.Timestamp(ss.w_start), pd.Timestamp(ss.w_end))


def _compare_changed():
    # A change map is drawn in place of the choropleth; side by side, each map has its own.
    change = ss.compare and not ss.side_by_side
    ss.layer_change, ss.layer_activity = change, not change
    if ss.compare and "b_end" not in ss:  # the period of the same length just before
        ss.b_end = ss.w_start - dt.timedelta(days=1)
        ss.b_start = ss.b_end - (ss.w_end - ss.w_start)


# Streamlit forgets a widget's value after a run that did not show it: the reader's "Side by
# side" must survive turning the comparison off and on (Streamlit's documented remedy).
if "side_by_side" in ss:
    ss.side_by_side = ss.side_by_side
st.sidebar.toggle("Compare with a baseline", key="compare", on_change=_compare_changed,
                  help="A change map: each province's window against the baseline's rate, by "
                       "ACLED Trendfinder's levels (large increase > +25 %, moderate +10 to "
                       "+25 %, limited change, large decrease < −25 %; a low baseline counts as "
                       "limited change). Or the two periods side by side on two maps that move "
                       "together.")
baseline = None
if ss.compare:
    st.sidebar.radio("Compare as", [False, True], key="side_by_side", horizontal=True,
                     on_change=_compare_changed,
                     format_func=lambda side: "Side by side" if side else "Change map")
    b1, b2 = st.sidebar.columns(2)
    b1.date_input("Baseline from", min_value=dt.date(1989, 1, 1), key="b_start")
    b2.date_input("Baseline to", min_value=dt.date(1989, 1, 1), key="b_end")
    if ss.b_end < ss.b_start:
        st.sidebar.error("The baseline ends before it starts: no change map.")
    else:
        baseline = DateWindow(pd.Timestamp(ss.b_start), pd.Timestamp(ss.b_end))
        if ss.b_end < lo or ss.b_start > hi:
            st.sidebar.warning(f"The baseline lies outside the data ({lo:%d %b %Y} – "
                               f"{hi:%d %b %Y}): it holds no records, so the window is "
                               "compared with none.")

st.sidebar.header("Layers")
for lid, title in LAYER_TITLES.items():
    st.sidebar.checkbox(title, key=f"layer_{lid}")
st.sidebar.slider("Border band width (km)", 10, 200, step=10, key="band_km")
with st.sidebar.expander("Titles and basemap"):
    st.text_input("Title", key="title")
    st.text_input("Subtitle", key="subtitle")
    st.text_input("Caveat", key="caveat")
    st.text_input("Tile server URL (optional, e.g. `http://localhost:8080/{z}/{x}/{y}.png`)",
                  key="basemap")
st.sidebar.radio("Label language", list(LABEL_LANGUAGES), key="label_lang", horizontal=True,
                 format_func=LABEL_LANGUAGES.get)
st.sidebar.toggle("Presentation mode", key="presentation")

view = MapView(
    layers=tuple(lid for lid in LAYER_TITLES if ss[f"layer_{lid}"]), window=window,
    categories=tuple(ss.categories), countries=tuple(ss.countries), metric=ss.metric,
    attributions=tuple(ss.attributions), actors=tuple(ss.actors),
    band_km=float(ss.band_km), title=ss.title or DEFAULT_TITLE, subtitle=ss.subtitle,
    caveat=ss.caveat if ss.caveat is not None else DEFAULT_CAVEAT,
    presentation=ss.presentation, basemap_url=(ss.get("basemap") or "").strip() or None,
    label_lang=ss.label_lang, baseline=baseline, layer_control=False)
params = to_params(view)
if ss.selected_iso:
    params["province"] = ss.selected_iso
if ss.compare and ss.side_by_side:
    params["compare"] = "side"
if st.query_params.to_dict() != params:
    st.query_params.from_dict(params)
# Warnings above the map go in one container, always there: an element that came and went
# above the map would move its iframe, and a moved iframe is a new page (see `notes`).
notices = st.container()
for problem in ss.url_problems:
    show("warning", problem, notices)

in_view = view_records(view, records)
# The map: one page per view; a new window is applied inside it (layers.live_map).
# Side by side, the baseline is the second map, with its own window and the same classes.
side = baseline if ss.compare and ss.side_by_side else None
live = live_map(view.with_(baseline=None) if side else view, records, (lo, hi), second=side,
                data_key=data_key)
if side is not None and not live.in_place:
    notices.warning("Side by side needs the map to filter by date in the page: it does up "
                    "to 300,000 records of the chosen categories and countries, with an "
                    "activity layer shown. Both maps show the window.")

# ---- presentation mode: map, title and legend on the map, no controls ---------------------
if view.presentation:
    st.markdown("""<style>
        [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
        [data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}
        .block-container {padding-top: 0.5rem; padding-bottom: 0; max-width: 100%;}
        </style>""", unsafe_allow_html=True)
    iskp_map(live, height=900, key="map_present")
    shown = sorted(set(in_view["source"]))
    show("caption", "Sources: " + " · ".join(shown) if shown else "No records in this window.")
    # A callback: it runs before the sidebar's toggle of the same key exists on the next run.
    st.button("Exit presentation mode", on_click=lambda: ss.update(presentation=False))
    st.stop()

# ---- normal mode ---------------------------------------------------------------------------
show("title", view.title)
subtitle_slot = st.empty()  # there when empty too: the map below must not move (see `notices`)
if view.subtitle:
    show("subheader", view.subtitle, subtitle_slot)
show("caption", f"{window.label()} · {view.caveat}")
# What the map shows, by whose activity it is (the legend says the same).
whose = shown_statement(view, filter_records(records, window, view.categories, view.countries,
                                             actors=view.actors))
show("caption", f"Shown: {whose}")

# The headline figures sit above the map but are worked out after it is sent, so that a new
# window reaches the map first. Always the same elements here: one that came and went above
# the map would make Streamlit mount the map anew (losing the reader's zoom and popup).
figure_row, figure_note = st.container(), st.empty()

# The map and its timeline; a province clicked or a window chosen on it comes back as an event
# that the next run reads first (above).
iskp_map(live, height=760, key="map", channel=ss.page_token, steer=ss.get("_filters_seq"))

head = figures.headline(in_view)
m1, m2, m3, m4 = figure_row.columns(4)
m1.metric("Records in window", head["records"],
          help="Events and statements of ISKP activity ("
               + ("ISKP and possibly ISKP" if "possible" in view.attributions else
                  "ISKP a named party") + "); records of other actors, counts over a period, "
               "statements of links and context records are left out")
m2.metric("Provinces with placed records", f"{head['provinces_affected']} of 34",
          help="Records placed at province level or finer; area claims are counted apart")
share = head["border_provinces_share"]
m3.metric("Share of Afghan records in border provinces",
          "–" if share is None else f"{share:.0%}")
m4.metric("Area claims", head["area_claims"],
          help="Reports naming a region ('the north'): drawn as areas, not counted in provinces")
left_out = [f"{head['not_counted']} record(s) not counted as events (counts over a period, "
            "statements of links and reach, context)"] if head["not_counted"] else []
if head["context"]:
    left_out.append(f"{head['context']} record(s) of other actors shown as context, never "
                    "counted as ISKP activity")
figure_note.caption("In the window: " + "; ".join(left_out) + "." if left_out else
                    "Every record in the window is counted as an event.")

# The records of the province chosen on the map: placed there, or area claims including it.
selected = records_mentioning(in_view, ss.selected_iso) if ss.selected_iso else None
left, right = st.columns([3, 2])
with left:
    st.subheader("Records per month")
    monthly = figures.per_month(in_view, window.start, window.end)
    if len(monthly):
        st.bar_chart(monthly, x="month", y="records", height=220)
        st.caption("Each record counts once, spread over the months of the window it may fall "
                   "in: a record known only to the year adds a twelfth or so to each month, "
                   "not a spike in January.")
    else:
        st.info("No records in this window.")
    if ss.selected_iso:
        name = unit_name(ss.selected_iso)
        st.subheader(md_escape(f"Records per month in {name}"), anchor=False)
        mine = figures.per_month(selected, window.start, window.end)
        if len(mine):
            st.bar_chart(mine, x="month", y="records", height=180)
            st.caption(md_escape(f"Records placed in {name}, and area claims that include it."))
        else:
            st.info(md_escape(f"No records for {name} in this window."))
with right:
    st.subheader("By border sector")
    sectors = figures.sector_table(in_view)
    sectors["share_of_afghan_records"] = (sectors["share_of_afghan_records"] * 100).round(0)
    st.dataframe(sectors.rename(columns=figures.SECTOR_LABELS), hide_index=True,
                 width="stretch", column_config={"Share of Afghan records": st.column_config
                                                 .NumberColumn(format="%d%%")})

st.subheader("National-level records")
st.caption("Force estimates, statements and national figures that no single province holds.")
st.dataframe(figures.national(in_view)[figures.NATIONAL_COLUMNS], hide_index=True,
             width="stretch")

st.subheader("Records in the window")
table_records = in_view if selected is None else selected
if ss.selected_iso:
    c1, c2 = st.columns([4, 1])
    c1.info(md_escape(f"Showing records for {unit_name(ss.selected_iso)} ({ss.selected_iso}) "
                      "(chosen on the map): placed there, or area claims that include it."))
    if c2.button("Show all provinces"):
        ss.selected_iso = None
        st.query_params.pop("province", None)
        st.rerun()
st.caption(f"Records shown: {len(table_records)}")
st.dataframe(figures.table(table_records), hide_index=True, width="stretch")
d1, d2, d3, d4 = st.columns(4)
# Files are written only when asked for (a callable), not on every rerun.
d1.download_button("Download CSV", lambda: figures.to_csv(table_records), "records.csv",
                   "text/csv", on_click="ignore")
d2.download_button("Download GeoJSON", lambda: figures.to_geojson(table_records),
                   "records.geojson", "application/geo+json", on_click="ignore")
d3.download_button("Download GeoPackage", lambda: gis_export.records_gpkg(table_records),
                   "records.gpkg", "application/geopackage+sqlite3", on_click="ignore")
d4.download_button("Download KML", lambda: gis_export.records_kml(table_records),
                   "records.kml", "application/vnd.google-earth.kml+xml", on_click="ignore")
st.caption("For QGIS and Google Earth: records with their own coordinates are points, the "
           "others have no position. Per-province figures of the window, as polygons:")
p1, p2, _ = st.columns([1, 1, 2])
p1.download_button("Provinces (GeoPackage)", lambda: gis_export.provinces_gpkg(in_view),
                   "provinces.gpkg", "application/geopackage+sqlite3", on_click="ignore")
p2.download_button("Provinces (KML)", lambda: gis_export.provinces_kml(in_view),
                   "provinces.kml", "application/vnd.google-earth.kml+xml", on_click="ignore")

st.subheader("Export")
st.caption("The HTML file has everything inside: it opens offline and keeps the layers, legend, "
           "sources and a date filter. Slides and pages are print layouts of this view: title, "
           "legend beside the map, scale bar, north arrow, sources and date, no controls.")
e1, e2 = st.columns(2)
if e1.button("Prepare HTML export"):
    # Side by side, the file holds both maps, moving together, each with its date filter.
    ss.export_html = export_html(view, records) if side is None else \
        side_by_side_html(view, records, side)
if ss.get("export_html"):
    e1.download_button("Download map (HTML)", ss.export_html.encode("utf-8"),
                       file_name="iskp_map.html", mime="text/html")
kind = e2.selectbox("Slide or page", list(PRINT_CHOICES), key="print_kind")
if e2.button("Make the " + kind.split(" ")[0], key="make_print"):
    ext, fmt = PRINT_CHOICES[kind]
    try:
        with st.spinner(f"Rendering the {kind} in headless Chromium…"):
            made = print_outputs(view, records, **{ext: fmt})[ext]
        ss.print_file = {"kind": kind, "ext": ext, "data": made,
                         "for": (view, len(records), kind)}
    except (RenderUnavailable, RenderFailed) as exc:
        ss.print_file = None
        e2.error(md_escape(str(exc)))
    except Exception as exc:  # noqa: BLE001 - a failed slide must not replace the page
        ss.print_file = None
        e2.error(error_message(report_error(exc, "a slide")))
made = ss.get("print_file")
if made and made["for"] == (view, len(records), kind):
    e2.download_button(f"Download {made['kind']}", made["data"],
                       file_name=f"iskp_map.{made['ext']}", mime=PRINT_MIME[made["ext"]])
elif made:
    e2.caption("The last rendering was of another view or format: make it again.")

with st.expander("Sources of the built-in records"):
    st.dataframe(sources()[["id", "outlet", "headline", "author", "published_start",
                            "published_end", "published_precision", "seed_file"]],
                 hide_index=True, width="stretch")
