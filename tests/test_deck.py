"""Briefings (issue 26, the deck): the briefing file checked and kept exactly, and the deck
exported in one go from the command line, as PowerPoint (opened back with python-pptx: a slide
per view, titles in the title placeholders, notes with the sources), PDF (a page per slide,
text as text) and one offline HTML file stepped with the keyboard in headless Chromium; a
hostile text in a slide's title stays text in all three."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage
from outputs.briefing import BriefingProblem, briefing_bytes, parse_briefing, read_briefing

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nangarhar.briefing.json"
HOSTILE = "</script><script>window.pwned=1</script> {{ 7*7 }} =1+1 <b>bold</b> & «ناوه»"
# ...and one written on the first slide's map (a text callout).
NOTE = "<img src=x onerror=window.pwned=2> {{ 8*8 }} «یادداشت» </textarea>"


def raw():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("change,said", [
    (lambda b: b.update(format="something else"), "is not a briefing file"),
    (lambda b: b.update(version=2), "of version 2; this installation reads version 1"),
    (lambda b: b.update(slides=[]), "has no slides"),
    (lambda b: b["slides"][1].update(title=7), "slide 2's title is not text"),
    (lambda b: b["slides"][2].update(view={"start": 2018}), "slide 3: its view is not"),
    (lambda b: b["slides"][0].update(colour="red"), "slide 1: unknown field(s) colour"),
    (lambda b: b["slides"][0].update(annotations=[]), "slide 1: the annotations are not"),
    (lambda b: b.update(slides=b["slides"] * 40), "has 120 slides; at most 100"),
])
def test_a_bad_briefing_file_is_refused_saying_where(change, said):
    b = raw()
    change(b)
    with pytest.raises(BriefingProblem, match=said.replace("(", r"\(").replace(")", r"\)")):
        parse_briefing(json.dumps(b).encode(), "x.briefing.json")
    with pytest.raises(BriefingProblem, match="is not a briefing file"):
        parse_briefing(b"\xff\xfe not json", "x.briefing.json")


def test_a_briefing_file_reads_back_exactly():
    b = raw()
    b["slides"][0]["title"] = HOSTILE
    b["slides"][0]["notes"] = "line one\nline two\ttabbed"
    briefing = parse_briefing(json.dumps(b).encode())
    again = parse_briefing(briefing_bytes(briefing))
    assert again == briefing and again.slides[0].title == HOSTILE
    assert briefing_bytes(again) == briefing_bytes(briefing)


def test_a_slides_unused_parameters_and_the_progress_are_said_in_dari():
    from geo.words import say_again, speaking
    from outputs.deck import export_deck
    from geo.activity import builtin_records
    b = raw()
    b["slides"][1]["view"]["extent"] = "north of {0} Kabul"
    steps = []
    made = export_deck(parse_briefing(json.dumps(b).encode()), builtin_records(),
                       html=True, progress=lambda f, what: steps.append(what))
    assert [str(p) for p in made["problems"]] == [
        "slide 2: its extent is not used: 'north of {0} Kabul' is not four numbers "
        "south,west,north,east"]
    with speaking("fa"):
        said = [say_again(p) for p in made["problems"]] + [say_again(s) for s in steps]
    assert said[0].startswith("اسلاید 2: محدودهٔ آن به کار نرفت: 'north of {0} Kabul'"), said
    assert said[1] == "فایل HTML"


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """The example briefing, its first title and callout made hostile, exported by the CLI."""
    folder = tmp_path_factory.mktemp("deck")
    b = raw()
    b["slides"][0]["title"] = HOSTILE
    callout = [f for f in b["slides"][0]["annotations"]["features"]
               if f["properties"]["kind"] == "text"][0]
    callout["properties"]["text"] = NOTE
    source = folder / "hostile.briefing.json"
    source.write_text(json.dumps(b, ensure_ascii=False), encoding="utf-8")
    files = {k: folder / f"deck.{k}" for k in ("pptx", "pdf", "html")}
    done = subprocess.run([sys.executable, "-m", "outputs.export", "--briefing", str(source),
                           "--pptx", str(files["pptx"]), "--pdf", str(files["pdf"]),
                           "--html", str(files["html"]), "--export-date", "2026-12-01"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "3 slides" in done.stdout
    return files, read_briefing(source)


def test_the_powerpoint_has_a_slide_per_view_with_real_titles_and_notes(deck):
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    files, briefing = deck
    shown = Presentation(str(files["pptx"]))
    assert (shown.slide_width, shown.slide_height) == (12_192_000, 6_858_000)  # 16:9
    assert len(shown.slides) == len(briefing.slides) == 3
    for slide, want in zip(shown.slides, briefing.slides):
        title = slide.shapes.title
        assert title.is_placeholder and title.placeholder_format.type == PP_PLACEHOLDER.TITLE
        assert title.text_frame.text == want.title  # the hostile one exactly, as text
        picture = next(s for s in slide.shapes if s.name == "Map")
        assert picture.image.content_type == "image/png"
        assert picture._element.nvPicPr.cNvPr.get("descr").startswith("Map: ")
        if want.annotations["features"]:  # the words written on the map, in its description
            assert "Written on it: " in picture._element.nvPicPr.cNvPr.get("descr")
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith(want.notes) and "Sources:" in notes
    assert NOTE in next(s for s in shown.slides[0].shapes if s.name == "Map") \
        ._element.nvPicPr.cNvPr.get("descr")
    assert "Window: 01 Jul 2018 – 31 Jul 2018" in shown.slides[0].notes_slide \
        .notes_text_frame.text


def test_libreoffice_impress_opens_the_powerpoint_and_renders_every_slide(deck, tmp_path):
    """Debian's LibreOffice, headless, converts the deck to PDF: a page per slide, each with
    its title as text, and the first page drawn back as a picture."""
    import shutil

    from pypdf import PdfReader

    files, briefing = deck
    office = shutil.which("soffice")
    if office is None:
        pytest.fail("Debian's LibreOffice Impress is not installed; scripts/setup.sh "
                    "--browser installs it")
    done = subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(files["pptx"])], capture_output=True, text=True, timeout=180)
    converted = tmp_path / "deck.pdf"
    assert done.returncode == 0 and converted.exists(), done.stderr[-2000:]
    assert len(PdfReader(str(converted)).pages) == 3
    text = subprocess.run(["pdftotext", str(converted), "-"], capture_output=True,
                          text=True, check=True).stdout
    for slide in briefing.slides[1:]:
        assert slide.title in text
    assert "{{ 7*7 }}" in text and "<b>bold</b>" in text  # the hostile title, as text
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", "-singlefile",
                    str(converted), str(tmp_path / "first")], check=True)
    assert (tmp_path / "first.png").stat().st_size > 10_000  # the map picture came through


def test_the_pdf_has_a_page_per_slide_with_its_text(deck):
    from pypdf import PdfReader

    files, briefing = deck
    pdf = PdfReader(str(files["pdf"]))
    assert len(pdf.pages) == 3
    box = pdf.pages[0].mediabox
    assert round(float(box.width)) > round(float(box.height))  # landscape
    text = subprocess.run(["pdftotext", "-layout", str(files["pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    for slide in briefing.slides[1:]:
        assert slide.title in text
    assert "{{ 7*7 }}" in text and "<b>bold</b>" in text  # the hostile title, as text
    # ...and the callout (wrapped on the map: word by word).
    assert all(word in text for word in ("<img", "onerror=window.pwned=2>", "{{", "8*8", "}}",
                                         "</textarea>"))
    assert "Jalalabad" in text  # a pin's label on the third


def test_the_html_deck_steps_with_the_keys_and_keeps_text_as_text(deck, chromium):
    files, briefing = deck
    html = files["html"].read_text(encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "outputs.export", "--briefing",
                            str(files["html"].parent / "hostile.briefing.json"), "--html",
                            str(files["html"].parent / "again.html"), "--export-date",
                            "2026-12-01"], cwd=ROOT, capture_output=True, timeout=300)
    assert again.returncode == 0
    assert (files["html"].parent / "again.html").read_text(encoding="utf-8") == html
    page_box = OfflinePage(chromium, viewport=(1366, 768))
    try:
        page = page_box.page
        page.goto(files["html"].as_uri())
        counter = page.locator("#iskp-deck-count")
        expect(counter).to_have_text("1 / 3")
        expect(page.locator("#iskp-deck-title")).to_have_text(HOSTILE)
        slide = page.frame_locator("#iskp-deck-slide")
        slide.locator("path.iskp-choropleth").first.wait_for(state="attached")
        # What is drawn on the slide: the callout as text, the arrow with its head.
        expect(slide.locator(".iskp-note-text").first).to_have_text(NOTE)
        assert slide.locator("img[src=x]").count() == 0
        assert slide.locator("path[marker-end]").count() == 1
        for key, want in (("PageDown", "2 / 3"), ("ArrowRight", "3 / 3"), ("ArrowRight", "3 / 3"),
                          ("PageUp", "2 / 3"), ("Home", "1 / 3"), ("End", "3 / 3")):
            page.keyboard.press(key)
            expect(counter).to_have_text(want)
        expect(page.locator("#iskp-deck-title")).to_have_text(briefing.slides[2].title)
        slide.locator("path.iskp-choropleth").first.wait_for(state="attached")
        # The keys step from inside the live map too (a clicker's Page keys).
        slide.locator(".leaflet-container").first.click(position={"x": 5, "y": 5})
        page.keyboard.press("PageUp")
        expect(counter).to_have_text("2 / 3")
        assert page.evaluate("() => window.pwned === undefined")
        assert page.frame_locator("#iskp-deck-slide").locator("body").evaluate(
            "() => window.pwned === undefined")
        assert page_box.blocked == [] and page_box.errors == []
    finally:
        page_box.close()
