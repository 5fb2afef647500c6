"""Each section of the app (ui/) run on its own with AppTest, as the app runs it, and the
attribution filter through the whole app."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from test_app import activity, metric, panel_change, plain, run

UCDP = (Path(__file__).resolve().parent / "data" / "ucdp_sample.csv").read_bytes()


def uploads_only():
    import streamlit as st

    from ui import account, uploads, url_state
    account.require_caller()
    url_state.start_session()
    records, data_key, _ = uploads.data_and_uploads()
    st.write(f"{len(records)} records; key {data_key[0]}")


def normal_page_only():
    from geo.activity import builtin_records
    from geo.joins import DateWindow
    from map_page.assembly import MapView, view_records
    from ui import account, map_section, normal_page, url_state
    account.require_caller()
    url_state.start_session()
    window = DateWindow.parse("2018-07-01", "2018-07-31")
    view = MapView(window=window, layer_control=False)
    records = builtin_records()
    live, _, in_view = map_section.map_of_view(view, records, (window.start, window.end),
                                               None)
    normal_page.normal_page(view, records, in_view, live, window)


def exports_only():
    from geo.activity import builtin_records
    from map_page.assembly import MapView
    from ui import account, exports
    account.require_caller()
    exports.export_section(MapView(), builtin_records(), None)


def test_the_data_section_and_its_upload_report_on_their_own():
    at = AppTest.from_function(uploads_only, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.markdown[0].value.startswith("34 records")
    at.file_uploader(key="uploads").set_value(("ged.csv", UCDP, "text/csv")).run()
    assert at.markdown[0].value.startswith("38 records")
    assert any("ged.csv: ucdp, 7 rows: 4 accepted, 3 rejected" in w and "ISKP 4" in w
               for w in plain(at, "warning"))


def test_the_analysts_page_on_its_own():
    at = AppTest.from_function(normal_page_only, default_timeout=60)
    at.run()
    assert not at.exception
    assert activity(at) == 8
    said = ("Shown: ISKP: 13 of 14 records · possibly ISKP: 0 (hidden) · other actors: 1 "
            "(hidden, but for 1 meeting in their own layer)")
    assert said in plain(at, "caption")


def test_the_export_section_on_its_own():
    at = AppTest.from_function(exports_only, default_timeout=120)
    at.run()
    next(b for b in at.button if b.label == "Prepare HTML export").click().run()
    assert not at.exception
    assert at.session_state["export_html"].startswith("<!DOCTYPE html>")


def test_whose_activity_from_the_panel_changes_the_figures_and_the_link():
    at = run()
    assert activity(at) == 20
    lo, hi = at.session_state["data_range"]
    panel_change(at, "p-1", lo, hi, attributions=["iskp", "possible"], actors=[])
    assert activity(at) == 21  # and the Kabul airport attack
    assert at.query_params["attribution"] == "iskp,possible"
    assert any(c.startswith("Shown: ISKP: 27 of 34 records · possibly ISKP: 1 (shown hollow)")
               for c in plain(at, "caption"))


def test_a_remote_tile_server_is_named_as_one():
    from ui.sidebar import tile_server_note
    assert tile_server_note("") is None
    assert tile_server_note("http://localhost:8080/{z}/{x}/{y}.png") is None
    assert tile_server_note("http://10.0.0.5/tiles/{z}/{x}/{y}.png") is None
    remote = tile_server_note("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert remote.startswith("tile.openstreetmap.org is not on this machine")
    assert "offline it shows none" in remote
    assert "no {y}" in tile_server_note("http://localhost/{z}/{x}.png")
    assert "not an http(s) address" in tile_server_note("javascript:alert(1)")
    at = run()
    at.text_input(key="basemap").input("https://tiles.example.org/{z}/{x}/{y}.png").run()
    assert any(w.startswith("tiles.example.org is not on this machine")
               for w in plain(at, "warning"))
