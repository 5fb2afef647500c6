"""One count vocabulary (issue 23, item 4): for July 2018 the app, the exported map (as its date
filter writes it in Chromium), the slide's PDF page and PowerPoint subtitle, the speaker notes
and ``geo summary`` all say "4 events · 4 area claims · 5 other records · 1 context record
(other actors)", and the four parts add up to the records shown."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from conftest import OfflinePage
from geo.activity import builtin_records
from geo.cli import main as geo_main
from geo.counts import counts_text, kinds, window_counts
from geo.joins import DateWindow, filter_records, summary
from map_page.assembly import MapView, view_records
from outputs.interactive import export_html
from outputs.print_layout import FORMATS, notes_text, print_html

JULY = DateWindow.parse("2018-07-01", "2018-07-31")
# Read off the built-in records of July 2018: the attacks at Sayyad (R015) and Mastung (R017),
# a force estimate (R002) and an official statement (R011); four reports of ISKP in regions
# (R012, R013, R014, R028); five statements of links and reach (R029-R033); a meeting of other
# actors (R010), drawn in the meetings layer.
PHRASE = "4 events · 4 area claims · 5 other records · 1 context record (other actors)"


@pytest.fixture(scope="module")
def records():
    return builtin_records()


def test_each_record_is_one_kind_and_the_kinds_add_up(records):
    shown = view_records(MapView(window=JULY), records)
    k = kinds(shown)
    assert set(shown.id[k == "events"]) == {"R002", "R011", "R015", "R017"}
    assert set(shown.id[k == "area_claims"]) == {"R012", "R013", "R014", "R028"}
    assert set(shown.id[k == "other_records"]) == {"R029", "R030", "R031", "R032", "R033"}
    assert set(shown.id[k == "context"]) == {"R010"}
    counts = window_counts(shown)
    assert counts == {"events": 4, "area_claims": 4, "other_records": 5, "context": 1,
                      "records": 14}
    assert counts_text(counts) == PHRASE
    # Singular words, and no context part when none is shown.
    one = window_counts(shown[shown.id.isin(["R015", "R012", "R029"])])
    assert counts_text(one) == "1 event · 1 area claim · 1 other record"


def test_summary_and_the_cli_say_the_same(records, capsys):
    july = filter_records(records, JULY)
    out = summary(july, JULY)
    # summary counts the shown attributions (ISKP): no meeting layer, so no context.
    assert out["counts"]["text"] == PHRASE.rsplit(" · ", 1)[0]
    assert out["counts"]["records"] == out["records"] == 13
    assert out["counts"]["events"] == out["counted_records"]
    assert geo_main(["summary", "--json", "--start", "2018-07-01", "--end", "2018-07-31"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == out["counts"]


def test_the_slide_page_notes_and_powerpoint_say_the_same(records):
    from pptx import Presentation

    from outputs.briefing import Briefing, slide_of
    from outputs.deck import deck_pptx

    view = MapView(window=JULY)
    page = print_html(view, records, FORMATS["1920x1080"], export_date=dt.date(2026, 12, 5))
    assert f"31 Jul 2018 · {PHRASE}</div>" in page
    assert f"Window: 01 Jul 2018 – 31 Jul 2018 · {PHRASE}\n" in notes_text(
        view, records, dt.date(2026, 12, 5))
    briefing = Briefing("July", (slide_of("July 2018", {"start": "2018-07-01",
                                                        "end": "2018-07-31"}),))
    png = io.BytesIO()
    from PIL import Image
    Image.new("RGB", (16, 9), "white").save(png, "PNG")
    deck = Presentation(io.BytesIO(deck_pptx(briefing, [png.getvalue()], records,
                                             dt.date(2026, 12, 5))))
    texts = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert f"01 Jul 2018 – 31 Jul 2018 · {PHRASE}" in texts


def test_the_app_says_the_same():
    from test_app import metric, run
    at = run({"start": "2018-07-01", "end": "2018-07-31"})
    assert metric(at, "Events") == "4" and metric(at, "Area claims") == "4"
    captions = [c.value for c in at.caption]
    assert f"In the window: {PHRASE}." in captions
    assert f"Records shown: 14 ({PHRASE})" in captions


@pytest.mark.browser
def test_the_exported_map_says_the_same_as_the_window_moves(records, chromium, tmp_path):
    path = tmp_path / "july.html"
    path.write_text(export_html(MapView(window=JULY), records,
                                export_date=dt.date(2026, 12, 5)), encoding="utf-8")
    shown = OfflinePage(chromium, viewport=(1366, 768))
    try:
        page = shown.page
        page.goto(path.as_uri())
        count = page.locator(".iskp-window-count")
        count.wait_for()
        assert count.inner_text() == PHRASE
        # The reader widens the window in the file: the words follow.
        field = page.locator(".iskp-date-filter input[type=text]").first
        field.fill("01 Jan 2018")
        field.press("Enter")
        expected = counts_text(window_counts(view_records(
            MapView(window=DateWindow.parse("2018-01-01", "2018-07-31")), records)))
        page.wait_for_function("(t) => document.querySelector('.iskp-window-count')"
                               ".textContent === t", arg=expected)
        assert expected != PHRASE
        assert shown.blocked == [] and shown.errors == []
    finally:
        shown.close()
