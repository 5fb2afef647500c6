"""A briefing (``outputs.briefing``) exported in one go, every slide rendered in one headless
Chromium:

- **PowerPoint**: one 16:9 slide per view, its title as real, editable text in the layout's
  title placeholder and the subtitle beside it, the map (print layout, legend and sources) as
  a picture with alternative text, the speaker notes and every source in the notes;
- **PDF**: one landscape page per slide (A4 or Letter), text kept as text;
- **one offline HTML file**: every slide a live map (the interactive export), stepped with the
  arrow and Page keys (a presenter's clicker), with a slide counter; no network, every text
  escaped, the same bytes for the same briefing and date.

>>> made = export_deck(read_briefing(path), builtin_records(), pptx=True, pdf="a4", html=True)
>>> sorted(made)
['html', 'pdf', 'pptx']
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import pandas as pd

from geo.annotations import annotation_words
from geo.counts import counts_text, window_counts
from geo.text_out import printable
from geo.words import Phrase
from map_page.assembly import view_records
from map_runtime.base import esc
from outputs.briefing import Briefing, Slide, slide_view
from outputs.chromium import offline_browser
from outputs.interactive import export_html
from outputs.print_layout import PAPERS, notes_text, render_deck_prints

SLIDE_SIZE = "1920x1080"


Records = "pd.DataFrame | Callable[[Slide], pd.DataFrame]"


def _views(briefing: Briefing, records) -> list:
    """(slide, view, its records, problems) of each slide. ``records``: one frame for every
    slide, or a function giving a slide's (the datasets its view names, in the app)."""
    out = []
    for n, slide in enumerate(briefing.slides, 1):
        view, problems = slide_view(slide)
        shown = records(slide) if callable(records) else records
        out.append((slide, view, shown, [Phrase("{where}: {why}", where=Phrase("slide {n}", n=n),
                                                why=p) for p in problems]))
    return out


def deck_pptx(briefing: Briefing, pictures: list[bytes], records: Records,
              export_date: dt.date) -> bytes:
    """The PowerPoint deck of the briefing, ``pictures`` being each slide's map (PNG)."""
    return _pptx(briefing, _views(briefing, records), pictures, export_date)


def _pptx(briefing: Briefing, views: list, pictures: list[bytes],
          export_date: dt.date) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12_192_000), Emu(6_858_000)  # 13.33 x 7.5 in
    inch = 914_400
    layout = next(lo for lo in deck.slide_layouts if lo.name == "Title Only")
    for (slide, view, shown, _), png in zip(views, pictures):
        page = deck.slides.add_slide(layout)
        title = page.shapes.title
        title.left, title.top, title.width, title.height = (
            Emu(int(0.4 * inch)), Emu(int(0.15 * inch)), Emu(int(12.53 * inch)),
            Emu(int(0.75 * inch)))
        title.text_frame.text = printable(view.title)
        title.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
        sub = page.shapes.add_textbox(Emu(int(0.4 * inch)), Emu(int(0.9 * inch)),
                                      Emu(int(12.53 * inch)), Emu(int(0.4 * inch)))
        sub.name = "Subtitle"
        said = counts_text(window_counts(view_records(view, shown)))
        sub.text_frame.text = printable(" · ".join(p for p in (
            view.subtitle, view.window.label(), said) if p))
        sub.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
        # The map below them, 16:9, as large as the slide allows.
        top = int(1.35 * inch)
        height = deck.slide_height - top - int(0.1 * inch)
        width = int(height * 16 / 9)
        picture = page.shapes.add_picture(io.BytesIO(png), (deck.slide_width - width) // 2,
                                          top, width, height)
        picture.name = "Map"
        words = annotation_words(view.annotations)
        picture._element.nvPicPr.cNvPr.set("descr", printable(
            f"Map: {view.title}, {view.window.label()}" +
            (". Written on it: " + "; ".join(words) if words else "")))
        notes = (slide.notes + "\n\n" if slide.notes else "") + \
            notes_text(view, shown, export_date)
        page.notes_slide.notes_text_frame.text = printable(notes)
    deck.core_properties.title = printable(briefing.title or briefing.slides[0].title)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _pdf_bytes(writer, title: str) -> bytes:
    """The slides' PDF pages, appended to ``writer`` (pypdf), as one titled document."""
    writer.add_metadata({"/Title": printable(title)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_DECK = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}</title>
<meta name="generator" content="iskp-map briefing">
<meta name="export-date" content="{date}">
<style>
html, body {{ margin: 0; height: 100%; overflow: hidden; font-family: system-ui, sans-serif;
  background: #fff; }}
#iskp-deck-bar {{ position: fixed; left: 0; right: 0; bottom: 0; height: 34px; display: flex;
  align-items: center; gap: 12px; padding: 0 12px; background: #222; color: #fff;
  font-size: 15px; z-index: 2; }}
#iskp-deck-bar button {{ font-size: 15px; padding: 2px 12px; }}
#iskp-deck-title {{ flex: 1; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }}
#iskp-deck-slide {{ position: fixed; left: 0; right: 0; top: 0; bottom: 34px; width: 100%;
  height: calc(100% - 34px); border: 0; }}
body[data-notes="none"] #iskp-deck-notes {{ display: none; }}
</style></head>
<body data-notes="{notes}">
<iframe id="iskp-deck-slide" title="Slide"></iframe>
<div id="iskp-deck-bar" role="toolbar" aria-label="Slides">
<button type="button" id="iskp-deck-prev" aria-label="Previous slide">&#8592;</button>
<span id="iskp-deck-count" aria-live="polite"></span>
<button type="button" id="iskp-deck-next" aria-label="Next slide">&#8594;</button>
<span id="iskp-deck-title"></span>
<button type="button" id="iskp-deck-notes" title="The speaker notes in a window of their own (N)">Speaker notes</button>
<button type="button" id="iskp-deck-full" title="Full screen (F); Esc leaves">Full screen</button>
</div>
<script type="application/json" id="iskp-deck-slides">{slides}</script>
<script>
(function () {{
  var slides = JSON.parse(document.getElementById("iskp-deck-slides").textContent);
  var frame = document.getElementById("iskp-deck-slide");
  var at = -1, notes = null;
  // Told to whoever shows this deck in a page of its own (the app's present mode).
  function tell(what) {{
    if (window.parent !== window) window.parent.postMessage({{iskpDeck: what, slide: at + 1}}, "*");
  }}
  function line(doc, tag, text) {{
    var e = doc.createElement(tag);
    e.textContent = text;  // the briefing's words, as text
    doc.body.appendChild(e);
    return e;
  }}
  function showNotes() {{
    if (!notes || notes.closed) return;
    var doc = notes.document;
    doc.title = "Speaker notes";
    while (doc.body.firstChild) doc.body.removeChild(doc.body.firstChild);
    doc.body.style.font = "20px/1.4 system-ui, sans-serif";
    doc.body.style.margin = "16px";
    line(doc, "div", (at + 1) + " / " + slides.length).id = "iskp-notes-count";
    line(doc, "h1", slides[at].title).id = "iskp-notes-title";
    var said = line(doc, "div", slides[at].notes || "(no notes for this slide)");
    said.id = "iskp-notes-text";
    said.style.whiteSpace = "pre-wrap";
    if (at + 1 < slides.length) line(doc, "p", "Next: " + slides[at + 1].title).style.color = "#555";
  }}
  function openNotes() {{
    notes = window.open("", "iskp-speaker-notes", "width=640,height=480");
    if (notes) {{ notes.document.addEventListener("keydown", key); showNotes(); }}
  }}
  function full() {{
    var d = document.documentElement;
    if (!document.fullscreenElement && d.requestFullscreen) d.requestFullscreen().catch(function () {{}});
  }}
  function show(k) {{
    k = Math.max(0, Math.min(slides.length - 1, k));
    if (k === at) return;
    at = k;
    frame.srcdoc = slides[k].page;  // one live map at a time
    document.getElementById("iskp-deck-count").textContent = (k + 1) + " / " + slides.length;
    document.getElementById("iskp-deck-title").textContent = slides[k].title;
    document.body.dataset.slide = String(k + 1);
    showNotes();
    try {{  // a file keeps its slide in its address; a deck shown in a frame has none
      if (location.hash !== "#" + (k + 1)) history.replaceState(null, "", "#" + (k + 1));
    }} catch (err) {{}}
    tell("slide");
  }}
  function key(e) {{
    // Arrows move the map when it has the keyboard (Leaflet's own keys); Page keys and a
    // clicker step the slides from anywhere.
    var inMap = e.target && e.target.closest && e.target.closest(".leaflet-container");
    var typing = e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName || "");
    if (e.key === "PageDown" || (e.key === "ArrowRight" && !inMap) || e.key === " " && !inMap)
      {{ show(at + 1); e.preventDefault(); }}
    else if (e.key === "PageUp" || (e.key === "ArrowLeft" && !inMap))
      {{ show(at - 1); e.preventDefault(); }}
    else if (e.key === "Home" && !inMap) {{ show(0); e.preventDefault(); }}
    else if (e.key === "End" && !inMap) {{ show(slides.length - 1); e.preventDefault(); }}
    else if (e.key === "Escape") {{
      if (document.fullscreenElement) document.exitFullscreen().catch(function () {{}});
      tell("leave");
    }}
    else if (!typing && (e.key === "f" || e.key === "F")) {{ full(); e.preventDefault(); }}
    else if (!typing && (e.key === "n" || e.key === "N") && document.body.dataset.notes === "yes")
      {{ openNotes(); e.preventDefault(); }}
  }}
  document.addEventListener("keydown", key);
  // Esc that the browser takes to leave full screen leaves the presentation too.
  document.addEventListener("fullscreenchange", function () {{
    document.body.dataset.full = document.fullscreenElement ? "yes" : "no";
    if (!document.fullscreenElement) tell("leave");
  }});
  frame.addEventListener("load", function () {{
    try {{ frame.contentDocument.addEventListener("keydown", key); }} catch (err) {{}}
  }});
  document.getElementById("iskp-deck-prev").onclick = function () {{ show(at - 1); }};
  document.getElementById("iskp-deck-next").onclick = function () {{ show(at + 1); }};
  document.getElementById("iskp-deck-full").onclick = full;
  document.getElementById("iskp-deck-notes").onclick = openNotes;
  var first = parseInt((location.hash || "#1").slice(1), 10);
  show(isNaN(first) ? 0 : first - 1);
}})();
</script>
</body></html>
"""


def _json_in_script(value) -> str:
    # Inside <script>: nothing that could end it or open a comment.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c") \
        .replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")


def deck_html(briefing: Briefing, records: Records, export_date: dt.date,
              speaker_notes: bool = False) -> str:
    """One offline HTML file: each slide the interactive export of its view. With
    ``speaker_notes`` (the app's present mode) it carries the notes, shown in a window of
    their own (N); a file to hand out keeps them out."""
    return _html(briefing, _views(briefing, records), export_date, speaker_notes)


def _html(briefing: Briefing, views: list, export_date: dt.date,
          speaker_notes: bool = False) -> str:
    slides = [{"title": view.title, "page": export_html(view, shown, export_date,
                                                       title_on_map=True),
               **({"notes": slide.notes} if speaker_notes else {})}
              for slide, view, shown, _ in views]
    return _DECK.format(title=esc(briefing.title or briefing.slides[0].title),
                        date=export_date.isoformat(), slides=_json_in_script(slides),
                        notes="yes" if speaker_notes else "none")


def export_deck(briefing: Briefing, records: Records, *, pptx: bool = False,
                pdf: str | None = None, html: bool = False,
                export_date: dt.date | None = None, browser=None,
                progress: Callable[[float, str], None] | None = None) -> dict:
    """The briefing's deck in the formats asked for: ``{"pptx": bytes, "pdf": bytes,
    "html": str, "problems": [...]}`` (``problems``: slide parameters that were not used, by
    slide). ``pdf`` is a paper ("a4", "letter"); ``records`` one frame for every slide or a
    function giving each slide's. One Chromium renders every slide."""
    export_date = export_date or dt.date.today()
    if pdf is not None and pdf not in PAPERS:
        raise ValueError(f"pdf: unknown paper {pdf!r}; use one of {', '.join(PAPERS)}")
    views = _views(briefing, records)
    out: dict = {"problems": [p for _, _, _, problems in views for p in problems]}
    steps = len(views) * (bool(pptx) + bool(pdf)) + bool(html)
    done = 0

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done / steps, what)

    # The HTML file and the PDF's assembly are Python's work alone: they are done while
    # Chromium draws the slides (one worker: the PDF's pages are appended in order).
    with ThreadPoolExecutor(max_workers=1) as pool:
        html_made = pool.submit(_html, briefing, views, export_date) if html else None
        if pptx or pdf:
            from pypdf import PdfWriter

            writer = PdfWriter() if pdf else None
            with contextlib.ExitStack() as stack:
                if browser is None:
                    browser = stack.enter_context(offline_browser())
                counts = {"picture": 0, "page": 0}

                def made(what: str, data: bytes) -> None:
                    counts[what] += 1
                    if what == "page":
                        pool.submit(writer.append, io.BytesIO(data))
                    step(Phrase("slide {n} of {total}: {what}", n=counts[what], total=len(views),
                                what=Phrase("picture") if what == "picture" else Phrase("page")))

                pictures, _ = render_deck_prints(
                    browser, [(view, shown) for _, view, shown, _ in views],
                    SLIDE_SIZE if pptx else None, pdf, export_date, done=made)
            pdf_made = pool.submit(_pdf_bytes, writer, briefing.title or
                                   briefing.slides[0].title) if pdf else None
            if pptx:
                out["pptx"] = _pptx(briefing, views, pictures, export_date)
            if pdf_made is not None:
                out["pdf"] = pdf_made.result()
        if html_made is not None:
            out["html"] = html_made.result()
            step(Phrase("the HTML file"))
    return out
