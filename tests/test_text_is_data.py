"""No user text is ever code: titles, link parameters, file contents and file names come out
exactly as given in every output, and a template payload runs nowhere (issue 20, item 1).

The property tests feed texts full of template and script syntax through every text field of a
record and of a view, into the interactive HTML, the GIS files, the CSV download, the slide's
notes and the link; the marker tests give a payload that would create a file, through the
command line, a link to the app and an upload, and look for the file.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyogrio
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jinja2.utils import htmlsafe_json_dumps

from outputs.gis_files import records_gpkg, records_kml
from geo.importers import import_file
from geo.joins import DateWindow
from geo.safe_csv import to_safe_csv
from geo.text_out import printable
from map_runtime.base import esc, json_for_script
from outputs.export import export_html
from map_page.assembly import MapView
from map_page.view_state import from_params, to_params

ROOT = Path(__file__).resolve().parents[1]
# Template syntax of Jinja and of JavaScript, markup, quotes, backslashes, line ends and the
# separators JSON leaves alone: each a way text has become code or been altered somewhere.
FRAGMENTS = ["{{", "}}", "{%", "%}", "{#", "#}", "${", "}", "\\", '"', "'", "<", ">", "&",
             "</script>", "<!--", "\n", "\t", "\u2028", "7*7", " ", "x", "كابل", "=1+1",
             "{{7*7}}", "{% raw %}", "{{ lipsum }}", "`", "|", ",", ";", "%"]
TEXTS = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map("".join) \
    .filter(lambda t: t.strip())
# A payload that would create MARKER if it ever ran as a Jinja template.
RUNS = "{{{{ lipsum.__globals__.os.popen('touch {marker}').read() }}}}"


def runs(marker: Path) -> str:
    return RUNS.format(marker=marker) + " {{7*7}} {% if x %}a{% endif %} {# c #}"


def native_csv(text: str) -> bytes:
    """One record of the native format whose every text field is ``text``."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["date_start", "date_precision", "category", "summary", "source", "location",
                "actors", "notes", "admin1", "latitude", "longitude"])
    # The actors name ISKP as well: the record is ISKP activity, drawn and counted.
    w.writerow(["2019-05-10", "day", "attack", text, text, text, text + "; ISKP", text,
                "AF-NAN", "34.43", "70.45"])
    return out.getvalue().encode("utf-8")


def in_json(text: str) -> list[str]:
    """A text inside a JSON string in a script: the project's encoding or Jinja's ``tojson``."""
    return [json_for_script(text)[1:-1], str(htmlsafe_json_dumps(text))[1:-1]]


def forms(text: str) -> list[str]:
    """How a text may stand in a page: as HTML text, as JSON in a script, or as HTML built in
    Python and carried in JSON. Each keeps every character of the text."""
    return [esc(text), *in_json(text), *in_json(esc(text))]


def appears(text: str, page: str) -> bool:
    return any(f in page for f in forms(text))


def records_of(text: str, name: str = "t.csv"):
    result = import_file(native_csv(text), name=name)
    assert result.accepted == 1, [i.reason for i in result.rejected]
    return result.records


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_every_text_of_a_view_and_a_record_comes_out_of_the_export_as_given(text):
    records = records_of(text)
    assert records["summary"].iloc[0] == text and records["notes"].iloc[0] == text
    view = MapView(title=text, subtitle=text, caveat=text,
                   window=DateWindow.parse("2019-05-01", "2019-05-31"))
    page = export_html(view, records)
    assert appears(text, page)
    # Each field separately: the title box, the record's summary and its source in the data.
    for wrapped in (f'<h2 class="iskp-title-text">{esc(text)}</h2>',
                    f'<div class="iskp-sub iskp-title-subtitle">{esc(text)}</div>',
                    f'<div class="iskp-caveat iskp-title-caveat">{esc(text)}</div>'):
        assert any(f in page for f in in_json(wrapped))
    assert json_for_script(text)[1:-1] in page
    assert f"<title>{esc(text)} — {esc(text)}</title>" in page


@settings(max_examples=15, deadline=None)
@given(text=TEXTS)
@example(text=" {{")  # GDAL's KML writer trimmed leading spaces
@example(text="a\x00b")  # KML (XML) and GeoPackage (C strings) cannot hold NUL
def test_gis_files_and_csv_keep_text_as_given(text):
    records = records_of(text)
    shown = printable(text)  # the symbols of control characters (geo.text_out)
    gpkg = pyogrio.read_dataframe(io.BytesIO(records_gpkg(records)))
    assert gpkg["summary"].iloc[0] == shown and gpkg["source"].iloc[0] == shown
    kml = records_kml(records)
    tree = ET.fromstring(kml)  # well-formed whatever the text holds
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    place = tree.find(".//k:Placemark", ns)
    assert html.unescape(place.find("k:description", ns).text) == shown
    fields = {d.get("name"): d.text for d in place.iter(f"{{{ns['k']}}}SimpleData")}
    assert fields["summary"] == shown and fields["source"] == shown
    rows = list(csv.DictReader(io.StringIO(to_safe_csv(records).decode("utf-8"))))
    got = rows[0]["summary"]
    # A cell a spreadsheet would run keeps its text behind one apostrophe.
    assert got == text or got == "'" + text.strip(" ")


@settings(max_examples=40, deadline=None)
@given(text=TEXTS)
def test_a_link_carries_titles_exactly(text):
    view = MapView(title=text, subtitle=text, caveat=text)
    again, problems = from_params(to_params(view))
    assert (again.title, again.subtitle, again.caveat) == (text, text, text), problems


def drawn_text(text: str) -> str:
    """A view's annotations: one text callout and one labelled pin, both saying ``text``."""
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [70.45, 34.43]},
         "properties": {"kind": kind, "text": text}} for kind in ("text", "pin")]})


@settings(max_examples=25, deadline=None)
@given(text=TEXTS)
def test_an_annotation_keeps_its_text_in_the_link_the_briefing_and_the_export(text):
    from geo.annotations import annotations_geojson, parse_annotations
    from outputs.briefing import Briefing, briefing_bytes, parse_briefing, slide_of, slide_view
    view = MapView(annotations=drawn_text(text))
    again, problems = from_params(to_params(view))
    assert again.annotations == view.annotations and problems == []
    words = [f["properties"]["text"] for f in parse_annotations(again.annotations)["features"]]
    assert words == [text, text]
    slide = slide_of("t", to_params(view))
    briefing = parse_briefing(briefing_bytes(Briefing("b", (slide,))))
    shown, _ = slide_view(briefing.slides[0])
    assert [f["properties"]["text"] for f in parse_annotations(shown.annotations)["features"]] \
        == [text, text]
    geojson = json.loads(annotations_geojson(view.annotations))
    assert [f["properties"]["text"] for f in geojson["features"]] == [text, text]
    page = export_html(view, records_of("x"))
    cfg = json.loads(re.search(r"ISKP\.annotationsLayer\(map_\w+, (\{.*?\})\);\n", page).group(1))
    assert [f["properties"]["text"] for f in json.loads(cfg["annotations"])["features"]] == \
        [text, text]


def test_a_payload_on_the_command_line_creates_nothing(tmp_path):
    marker = tmp_path / "ran"
    data = tmp_path / runs(tmp_path / "ran_from_name").replace("/", "_")[:120]
    data = data.with_suffix(".csv")
    data.write_bytes(native_csv(runs(marker)))
    out = tmp_path / "map.html"
    proc = subprocess.run(
        [sys.executable, "-m", "outputs.export", "--out", str(out), "--data", str(data),
         "--no-builtin", "--title", runs(marker), "--subtitle", runs(marker),
         "--caveat", runs(marker)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    assert not list(tmp_path.glob("ran*"))
    page = out.read_text(encoding="utf-8")
    assert appears(runs(marker), page) and "49" not in page.split("<title>")[1][:200]
    check = subprocess.run([sys.executable, "-m", "geo", "summary", "--data", str(data),
                            "--no-builtin", "--json"], cwd=ROOT, capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    json.loads(check.stdout)
    assert not marker.exists()


def test_a_payload_in_a_link_to_the_app_creates_nothing(tmp_path):
    from streamlit.testing.v1 import AppTest

    marker = tmp_path / "ran"
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for k, v in {"mode": "present", "title": runs(marker), "subtitle": runs(marker),
                 "caveat": runs(marker), "start": "2018-01-01", "end": "2018-12-31"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    assert not marker.exists()
    args = next(json.loads(e.proto.json_args) for e in at.get("component_instance")
                if e.proto.component_name.endswith("iskp_map"))
    # The titles travel as data to the page shown (ISKP.setTitles sets them as text), not
    # in the map document.
    assert args["panes"][0]["titles"] == {"title": runs(marker), "subtitle": runs(marker),
                                          "caveat": runs(marker)}
    assert runs(marker) not in args["html"] and esc(runs(marker)) not in args["html"]


@pytest.mark.browser
def test_a_payload_in_an_upload_and_a_link_creates_nothing_and_shows_as_typed(
        app_url, offline_page, tmp_path):
    from urllib.parse import urlencode

    from playwright.sync_api import expect
    from test_browser_app_geography import map_frame, upload_and_open_popup

    marker = tmp_path / "ran"
    text = runs(marker)
    f = tmp_path / "payload.csv"
    f.write_bytes(native_csv(text))
    page = offline_page.page
    page.goto(app_url + "/?" + urlencode({"start": "2019-05-01", "end": "2019-05-31",
                                          "mode": "present", "title": text}))
    frame = map_frame(page)
    title = frame.locator(".iskp-title-box h2")
    title.wait_for(timeout=30_000)
    assert title.inner_text() == " ".join(text.split())  # as typed (HTML folds white space)
    assert title.evaluate("e => e.textContent") == text
    page.get_by_role("button", name="Exit presentation mode").click()
    # A reader uploads once the sidebar is back. An upload sent sooner (a hidden input takes
    # files) carries the presentation toggle's value from before its run said False, and
    # Streamlit takes it: the page went back into presentation mode (seen once in CI).
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("switch", name="Presentation mode")).not_to_be_checked()
    popup, _ = upload_and_open_popup(page, f, "payload.csv: native, 1 rows: 1 accepted")
    assert text in popup.evaluate("e => e.textContent")
    assert not marker.exists()
    assert offline_page.errors == [] and offline_page.blocked == []


@pytest.mark.browser
def test_slides_and_pages_keep_a_payload_title_as_text(chromium, tmp_path):
    from pptx import Presentation

    from geo.activity import builtin_records
    from outputs.print_layout import print_outputs

    marker = tmp_path / "ran"
    title = "{{7*7}} {% if x %}a{% endif %} " + runs(marker) + " \x0b end"
    view = MapView(title=title, window=DateWindow.parse("2018-07-01", "2018-07-31"))
    out = print_outputs(view, builtin_records(), pdf="a4", pptx="1280x720", browser=chromium)
    assert not marker.exists()
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(out["pdf"])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    folded = " ".join(text.split())  # the title wraps on the page
    # The start of the title as typed (a long title ends in an ellipsis on the page).
    assert folded.startswith("{{7*7}} {% if x %}a{% endif %} {{ lipsum.__globals__.os.popen(")
    assert "49" not in folded[:300]
    deck = Presentation(io.BytesIO(out["pptx"]))
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert notes.startswith(title.replace("\x0b", "␋"))
    assert deck.core_properties.title == title.replace("\x0b", "␋")
