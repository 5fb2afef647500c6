"""The export section: the view as one offline HTML file (side by side: both maps), as a
slide or page (PNG, PDF, PowerPoint) rendered in headless Chromium, and what is drawn on it
(GeoJSON)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.annotations import annotations_geojson
from geo.words import reason_of, say, say_again
from map_page.assembly import MapView
from outputs.chromium import RenderFailed, RenderUnavailable
from outputs.export import export_html, side_by_side_html
from outputs.files import download_name
from outputs.print_layout import PRINT_CHOICES, PRINT_MIME, print_outputs
from ui.plain import show
from ui.server import error_message, report_error
from ui.workspace_access import logged_export


def export_section(view: MapView, records: pd.DataFrame, side) -> None:
    """``side``: the baseline shown as a second map, or None."""
    ss = st.session_state
    st.subheader(say("Export"))
    st.caption(say("The HTML file has everything inside: it opens offline and keeps the layers, "
                   "legend, sources and a date filter. Slides and pages are print layouts of "
                   "this view: title, legend beside the map, scale bar, north arrow, sources and "
                   "date, no controls."))
    e1, e2 = st.columns(2)
    if e1.button(say("Prepare HTML export")):
        # Side by side, the file holds both maps, moving together, each with its date filter.
        ss.export_html = export_html(view, records) if side is None else \
            side_by_side_html(view, records, side)
    if ss.get("export_html"):
        name = download_name("iskp_map", view.window, "html")
        e1.download_button(say("Download map (HTML)"),
                           logged_export(ss.export_html.encode("utf-8"), "map (HTML)", name),
                           file_name=name, mime="text/html", on_click="ignore")
    # Named in this run's language (a format_func is also called between runs).
    kinds = {k: say(k) for k in PRINT_CHOICES}
    kind = e2.selectbox(say("Slide or page"), list(PRINT_CHOICES), key="print_kind",
                        format_func=kinds.get)
    if e2.button(say("Make the {kind}", kind=say(kind.split(" ")[0])), key="make_print"):
        ext, fmt = PRINT_CHOICES[kind]
        try:
            with st.spinner(say("Rendering the {kind} in headless Chromium…", kind=say(kind))):
                made = print_outputs(view, records, **{ext: fmt})[ext]
            ss.print_file = {"kind": kind, "ext": ext, "data": made,
                             "for": (view, len(records), kind)}
        except (RenderUnavailable, RenderFailed) as exc:
            ss.print_file = None
            show("error", say_again(reason_of(exc)), e2)
        except Exception as exc:  # noqa: BLE001 - a failed slide must not replace the page
            ss.print_file = None
            e2.error(error_message(report_error(exc, "a slide")))
    made = ss.get("print_file")
    if made and made["for"] == (view, len(records), kind):
        name = download_name("iskp_map", view.window, made["ext"],
                             PRINT_CHOICES[made["kind"]][1])
        e2.download_button(say("Download {kind}", kind=say(made["kind"])),
                           logged_export(made["data"], made["kind"], name), file_name=name,
                           mime=PRINT_MIME[made["ext"]], on_click="ignore")
    elif made:
        e2.caption(say("The last rendering was of another view or format: make it again."))
    if view.annotations:
        name = download_name("iskp_annotations", view.window, "geojson")
        e1.download_button(say("Download the annotations (GeoJSON)"),
                           logged_export(annotations_geojson(view.annotations),
                                         "annotations (GeoJSON)", name),
                           file_name=name, mime="application/geo+json", on_click="ignore",
                           help=say("What is drawn on this map, for QGIS or another map: each "
                                    "with its kind, text, colour and size"))

