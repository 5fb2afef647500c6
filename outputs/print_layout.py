"""Print layout: a map as a slide or a page, not a screenshot of the interactive map.

The frame puts the title, subtitle and window above the map, the legend beside it (where it
covers no data) and the sources, caveat and "as of" date below it; the map itself carries a
scale bar and a north arrow and no control a reader could click. Headless Chromium (Debian's
``chromium``) renders the frame to PNG (1920x1080 or 1280x720) or PDF (A4 or Letter
landscape), and a PowerPoint slide wraps the PNG with the title and sources in its notes.

>>> html = print_html(MapView(), builtin_records(), FORMATS["1920x1080"])
>>> files = print_outputs(MapView(), builtin_records(), png="1920x1080", pdf="a4", pptx="1920x1080")
>>> files["pdf"][:5]
b'%PDF-'

"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Template

from geo.counts import counts_text, window_counts
from geo.district_counts import per_district
from geo.districts import CREDIT
from geo.joins import filter_records
from geo.sources import cited_sources
from geo.text_out import printable
from geo.words import Phrase, day_text, say, speaking
from map_page.assembly import PRINT_LEGEND_ID, MapView, build_map, fitted_bounds, said_titles, \
    shown_statement, shows_districts, view_records
from map_runtime.base import SafeMacroElement, esc
from outputs.chromium import DRAWN, SETTLE_S, RenderFailed, map_drawn, offline_browser, \
    offline_context, start_map
from outputs.page import standalone_page


@dataclass(frozen=True)
class PrintFormat:
    """A page or slide. ``width``/``height`` are CSS pixels of the layout; ``scale`` turns them
    into image pixels (a 1920x1080 slide is laid out at 1280x720 and drawn 1.5x finer, so the
    map and its type look the same on both slide sizes)."""

    name: str
    width: int
    height: int
    scale: float = 1.0
    paper: str | None = None  # Chromium's paper name for a PDF

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


FORMATS = {
    "1920x1080": PrintFormat("1920x1080", 1280, 720, 1.5),
    "1280x720": PrintFormat("1280x720", 1280, 720, 1.0),
    # 96 CSS px per inch: A4 landscape is 297 x 210 mm, Letter 11 x 8.5 in.
    "a4": PrintFormat("A4 landscape", 1123, 794, 1.0, "A4"),
    "letter": PrintFormat("Letter landscape", 1056, 816, 1.0, "Letter"),
}
SLIDE_SIZES = ("1920x1080", "1280x720")
PAPERS = ("a4", "letter")
# What a briefer picks, and the output it is: (kind, format id).
PRINT_CHOICES = {
    "PNG slide 1920×1080": ("png", "1920x1080"),
    "PNG slide 1280×720": ("png", "1280x720"),
    "PDF page A4 landscape": ("pdf", "a4"),
    "PDF page Letter landscape": ("pdf", "letter"),
    "PowerPoint slide 16:9": ("pptx", "1920x1080"),
}
PRINT_MIME = {"png": "image/png", "pdf": "application/pdf",
              "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}

_FRAME = Template("""
{% macro header(this, kwargs) %}
<style id="iskp-print-format">{{ this.format_css }}</style>
<style>
  html, body { width: 100%; height: 100%; margin: 0; overflow: hidden; background: #fff; }
  body { display: grid; grid-template-rows: auto minmax(0, 1fr) auto;
         grid-template-areas: "head head" "map side" "foot foot";
         font-family: system-ui, "DejaVu Sans", sans-serif; color: #222;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body > .folium-map { grid-area: map; position: relative !important; width: 100% !important;
                       height: 100% !important; left: 0 !important; top: 0 !important;
                       border: 1px solid #888; box-sizing: border-box; }
  #iskp-print-head { grid-area: head; padding: 10px 16px 8px 16px; }
  /* A long title or a file of many sources never takes the map's room: each text keeps a
   * few lines and ends in an ellipsis (the full texts are in the PowerPoint's notes). */
  #iskp-print-head h1, #iskp-print-head .iskp-print-sub, #iskp-print-foot > div {
    display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden;
    -webkit-line-clamp: 2; overflow-wrap: anywhere; }
  #iskp-print-foot > div:first-child { -webkit-line-clamp: 4; }
  #iskp-print-head h1 { margin: 0; font-size: {{ (this.font_px * 1.75)|round|int }}px;
                        line-height: 1.15; }
  #iskp-print-head .iskp-print-sub { font-size: {{ (this.font_px * 1.15)|round|int }}px;
                                     margin-top: 3px; }
  #iskp-print-side { grid-area: side; overflow: hidden; padding: 0 10px 0 10px; }
  #iskp-print-side .iskp-box { box-shadow: none; padding: 0; max-width: none; }
  #iskp-print-side .iskp-legend-note { max-width: none; }
  #iskp-print-side .iskp-legend-row { white-space: normal; }
  #iskp-print-foot { grid-area: foot; padding: 6px 16px 8px 16px; line-height: 1.3;
                     font-size: {{ (this.font_px * 0.8)|round|int }}px; color: #333; }
  #iskp-print-foot .iskp-caveat { font-style: italic; }
  .iskp-north { background: rgba(255,255,255,0.85); border-radius: 4px; padding: 2px 4px 0 4px;
                text-align: center; font: bold 13px system-ui, sans-serif; line-height: 1; }
  .leaflet-control-attribution { display: none; }
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<header id="iskp-print-head"><h1>{{ this.title }}</h1>
  <div class="iskp-print-sub">{{ this.subline }}</div></header>
<aside id="iskp-print-side"><div id="{{ this.legend_id }}"
  style="font-size: {{ this.font_px }}px"></div></aside>
<footer id="iskp-print-foot">{{ this.foot }}</footer>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var arrow = L.control({position: "topright"});
  arrow.onAdd = function () {
    var div = L.DomUtil.create("div", "iskp-north");
    div.title = "North";
    div.innerHTML = '<svg width="22" height="30" viewBox="0 0 22 30" aria-hidden="true">' +
      '<path d="M11 2 L19 26 L11 20 L3 26 Z" fill="#222"/>' +
      '<path d="M11 2 L11 20 L3 26 Z" fill="#fff" stroke="#222" stroke-width="1"/></svg>' +
      '<div>N</div>';
    return div;
  };
  arrow.addTo(map);
})();
{% endmacro %}
""")


class PrintFrame(SafeMacroElement):
    """Title, legend panel and footer around the map, and the north arrow on it.

    Every text is escaped here; the caller passes plain text.
    """

    _template = _FRAME

    def __init__(self, fmt: PrintFormat, title: str, subline: str, foot_lines: list[str],
                 font_px: int = 13, head: bool = True):
        super().__init__()
        self._name = "PrintFrame"
        self.title, self.subline = esc(title), esc(subline)
        self.foot = "".join(f"<div>{esc(line)}</div>" for line in foot_lines)
        self.font_px = font_px
        self.legend_id = PRINT_LEGEND_ID
        self.format_css = format_css(fmt, head)


def format_css(fmt: PrintFormat, head: bool = True) -> str:
    """What a print layout's format sets: its page size, the legend panel's width and whether
    the title is on the page (``head=False``: a deck's slide has its title as the slide's own
    text). A page laid out for one format is laid out for another by swapping this text
    (``render_deck_prints``), rather than loaded and drawn again."""
    page = f"{fmt.paper} landscape" if fmt.paper else f"{fmt.width}px {fmt.height}px"
    css = (f"@page {{ size: {page}; margin: 0; }}\n"
           f"body {{ grid-template-columns: minmax(0, 1fr) {round(fmt.width * 0.24)}px; }}")
    return css + ("" if head else "\n#iskp-print-head { display: none; }")


def _sources_line(records: pd.DataFrame) -> str:
    shown = cited_sources(records)
    if not shown:
        return say("Sources: no record in this window.")
    return say("Sources: {sources}",
               sources=" · ".join(f"[{i}] {s}" for i, s in enumerate(shown, 1)))


def _outside_line(outside: pd.DataFrame) -> str | None:
    if outside.empty:
        return None
    where = [f"{loc or say('a point')} ({rid})" for loc, rid in
             zip(outside["location"].fillna("").astype(str), outside["id"].astype(str))]
    return say("Beyond this map: {places}.", places="; ".join(where))


def _dated(records: pd.DataFrame, export_date: dt.date) -> str:
    """When the data ends and when the map was made, which are rarely the same day:
    "Data to 20 May 2022 · made 01 Dec 2026"."""
    made = say("made {date}", date=day_text(export_date))
    if not len(records):
        return say("No data") + f" · {made}"
    return say("Data to {date}", date=day_text(records["date_end"].max())) + f" · {made}"


LISTED_DISTRICTS = 12


def district_line(view: MapView, shown: pd.DataFrame) -> str | None:
    """At district level, the districts counted in, by count ("Districts with records:
    Sayyad (Sar-e Pul) 1; ..."): their names are on the map only where they fit."""
    if view.unit != "district":
        return None
    table = per_district(shown)
    table = table[table[view.metric] > 0].sort_values([view.metric, "name"],
                                                     ascending=[False, True])
    if not len(table):
        return say("Districts with records: none in this window.")
    named = [f"{r.name} ({r.province}) {int(getattr(r, view.metric))}"
             for r in table.head(LISTED_DISTRICTS).itertuples()]
    more = len(table) - LISTED_DISTRICTS
    listed = "; ".join(named) + (say("; and {n} more", n=more) if more > 0 else "")
    return say("Districts with records: {districts}." if view.metric == "records" else
               "Districts with fatalities: {districts}.", districts=listed)


def _whose(view: MapView, records: pd.DataFrame) -> str:
    """What the view shows by attribution, of the window's records (every attribution)."""
    return shown_statement(view, filter_records(records, view.window, view.categories,
                                                view.countries, actors=view.actors))


def notes_text(view: MapView, records: pd.DataFrame, export_date: dt.date) -> str:
    """Speaker notes for a slide: what the map shows and every source, in plain text, in the
    map's language."""
    with speaking(view.label_lang):
        return _notes_text(view, records, export_date)


def _notes_text(view: MapView, records: pd.DataFrame, export_date: dt.date) -> str:
    shown = view_records(view, records)
    title, caveat = said_titles(view)
    sources = cited_sources(shown)
    lines = [title]
    if view.subtitle:
        lines.append(view.subtitle)
    lines += [say("Window: {window}", window=view.window.label()) + " · " +
              counts_text(window_counts(shown)),
              say("Shown: {statement}", statement=_whose(view, records))]
    districts = district_line(view, shown)
    lines += ([districts] if districts else []) + ["", say("Sources:")]
    lines += [f"{i}. {s}" for i, s in enumerate(sources, 1)] or \
        [say("(no record in this window)")]
    outside = _outside_line(fitted_bounds(shown)[1])
    lines += ([outside] if outside else []) + ["", caveat,
                                                _dated(records, export_date) + "."]
    return "\n".join(lines)


def print_html(view: MapView, records: pd.DataFrame, fmt: PrintFormat,
               export_date: dt.date | None = None, head: bool = True) -> str:
    """The print layout of ``view`` as one offline HTML page laid out for ``fmt``;
    ``head=False`` leaves the title and the window's line out (a deck's slide says them as
    text above the picture)."""
    export_date = export_date or dt.date.today()
    view = view.with_(print_layout=True, date_filter_in_map=False)
    with speaking(view.label_lang):
        return _print_html(view, records, fmt, export_date, head)


def _print_html(view: MapView, records: pd.DataFrame, fmt: PrintFormat,
                export_date: dt.date, head: bool) -> str:
    shown = view_records(view, records)
    title, caveat = said_titles(view)
    subline = " · ".join(p for p in (view.subtitle, view.window.label(),
                                     counts_text(window_counts(shown))) if p)
    foot = [say("Shown: {statement}", statement=_whose(view, records))]
    districts = district_line(view, shown)
    foot += ([districts] if districts else []) + [_sources_line(shown)]
    outside = _outside_line(fitted_bounds(shown)[1])
    if outside:
        foot.append(outside)
    credit = f" {say(CREDIT)}." if shows_districts(view) else ""
    foot += [caveat + " " + say("Boundaries: Natural Earth (corrected), see data/README.md.") +
             credit,
             _dated(records, export_date) + "."]
    frame = PrintFrame(fmt, title, subline, foot, font_px=13, head=head)
    m = build_map(view, records, extras=lambda m, data, filtered: frame.add_to(m))
    return standalone_page(m, view, export_date)


def slide_pptx(png: bytes, view: MapView, records: pd.DataFrame,
               export_date: dt.date) -> bytes:
    """A one-slide PowerPoint deck: the slide PNG full-bleed at 16:9, the title as the deck's
    title and the picture's alternative text, and the sources in the speaker notes."""
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12_192_000), Emu(6_858_000)  # 13.33 x 7.5 in
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # the blank layout
    picture = slide.shapes.add_picture(io.BytesIO(png), 0, 0, deck.slide_width,
                                       deck.slide_height)
    picture.name = "Map"
    # XML holds no control characters other than tab and line ends (geo.text_out).
    picture._element.nvPicPr.cNvPr.set("descr", printable(f"Map: {view.title}, "
                                                          f"{view.window.label()}"))
    slide.notes_slide.notes_text_frame.text = printable(notes_text(view, records, export_date))
    deck.core_properties.title = printable(view.title)
    deck.core_properties.subject = view.window.label()
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def render_print(browser, view: MapView, records: pd.DataFrame, fmt_id: str, kind: str,
                 export_date: dt.date, head: bool = True) -> bytes:
    """One print layout rendered in ``browser`` (a Playwright browser): a PNG of a slide size,
    or a PDF page of a paper (``kind`` "png" or "pdf")."""
    return render_prints(browser, [(view, records, fmt_id, kind, head)], export_date)[0]


# Pages drawn at once: Chromium draws each in a renderer process of its own, so a machine's
# cores share a deck's slides (more than three gained nothing on two cores).
AT_ONCE = 3


def render_prints(browser, jobs: list, export_date: dt.date, done=None) -> list[bytes]:
    """Several print layouts, ``jobs`` being ``(view, records, fmt_id, kind, head)`` as
    :func:`render_print` takes them, drawn ``AT_ONCE`` at a time in ``browser``; their bytes
    in order. ``done(n, data)`` is told as each is made."""
    out: list[bytes] = []
    contexts: dict = {}  # one per format: a page in it costs less than a context
    with tempfile.TemporaryDirectory() as tmp:
        loading: list = []

        def start(n: int) -> None:
            view, records, fmt_id, kind, head = jobs[n]
            fmt = FORMATS[fmt_id]
            path = Path(tmp) / f"{n}-{fmt_id}.html"
            path.write_text(print_html(view, records, fmt, export_date, head=head),
                            encoding="utf-8")
            if fmt_id not in contexts:
                contexts[fmt_id] = offline_context(browser, fmt.width, fmt.height, fmt.scale)
            loading.append(start_map(browser, path, fmt.width, fmt.height, fmt.scale,
                                     context=contexts[fmt_id]))

        try:
            for n in range(min(AT_ONCE, len(jobs))):
                start(n)
            for n, (_, _, fmt_id, kind, _) in enumerate(jobs):
                page = map_drawn(loading.pop(0))
                try:
                    if kind == "png":
                        out.append(page.screenshot())
                    else:
                        out.append(_pdf_of(page, fmt_id))
                finally:
                    page.close()
                if done is not None:
                    done(n, out[-1])
                if n + AT_ONCE < len(jobs):
                    start(n + AT_ONCE)
        finally:
            for ctx in contexts.values():  # a failure leaves no page open
                ctx.close()
    return out


def _pdf_of(page, paper: str) -> bytes:
    page.emulate_media(media="screen")  # print the layout measured
    return page.pdf(format=FORMATS[paper].paper, landscape=True, print_background=True,
                    prefer_css_page_size=True,
                    margin={"top": "0", "right": "0", "bottom": "0", "left": "0"})


# Drawn: the page loaded, its map complete and labelled (chromium.DRAWN); laid out again: its
# labels placed anew since the count ``n`` and nothing pending.
_DRAWN_NOW = f"() => document.readyState === 'complete' && ({DRAWN})()"
_RELAID = ("(n) => { var m = document.querySelector('.folium-map');"
           " return +(m.dataset.labelsPlaced || 0) > n && m.dataset.labelsPending === '0'; }")
_LABELS_PLACED = "() => +(document.querySelector('.folium-map').dataset.labelsPlaced || 0)"
DECK_AT_ONCE = 4


def _ready(page, expr: str, arg=None) -> bool:
    try:
        return bool(page.evaluate(expr, arg))
    except Exception:  # a page still navigating has no context to ask yet
        return False


def render_deck_prints(browser, jobs: list, slide: str | None, paper: str | None,
                       export_date: dt.date, done=None) -> tuple[list[bytes], list[bytes]]:
    """A deck's pictures (``slide`` size, no title on them) and pages (``paper``, titled) of
    ``jobs`` (``(view, records)``). With both, each slide's page is loaded and drawn once:
    pictured, then laid out for the paper in place (its format's CSS swapped, the map fitted
    and labelled again) and printed. ``DECK_AT_ONCE`` slides are in hand at a time, and a
    slide that waits (loading, settling) lets the others go on, so Chromium's processes and
    the machine's cores are kept busy. ``done(what, data)`` is told "picture" or "page" and
    its bytes as each is made, in the slides' order for each kind."""
    if not (slide and paper):
        kind, fmt_id, head = ("png", slide, False) if slide else ("pdf", paper, True)
        made = render_prints(browser, [(v, r, fmt_id, kind, head) for v, r in jobs],
                             export_date, done=lambda n, data: done and done(
                                 "picture" if slide else "page", data))
        return (made, []) if slide else ([], made)
    sized, printed = FORMATS[slide], FORMATS[paper]
    paper_css = format_css(printed, head=True)
    pictures: list = [None] * len(jobs)
    pages: list = [None] * len(jobs)
    told = {"picture": 0, "page": 0}

    def tell(kind: str, made: list) -> None:
        while done is not None and told[kind] < len(made) and made[told[kind]] is not None:
            done(kind, made[told[kind]])
            told[kind] += 1

    with tempfile.TemporaryDirectory() as tmp:
        ctx = offline_context(browser, sized.width, sized.height, sized.scale)
        hand: list[dict] = []  # the slides in hand: their page, step and when they may go on
        try:
            following = 0
            while following < len(jobs) or hand:
                while following < len(jobs) and len(hand) < DECK_AT_ONCE:
                    view, records = jobs[following]
                    path = Path(tmp) / f"{following}.html"
                    path.write_text(print_html(view, records, sized, export_date, head=False),
                                    encoding="utf-8")
                    hand.append({"n": following, "step": "loading", "at": 0.0,
                                 "page": start_map(browser, path, sized.width, sized.height,
                                                   sized.scale, context=ctx),
                                 "until": time.monotonic() + 30})
                    following += 1
                moved = False
                for one in list(hand):
                    page, now = one["page"], time.monotonic()
                    if one["step"] == "loading" and _ready(page, _DRAWN_NOW):
                        one.update(step="settling", at=now + SETTLE_S)
                    elif one["step"] == "settling" and now >= one["at"]:
                        page.bring_to_front()  # a page behind others draws no frame to take
                        pictures[one["n"]] = page.screenshot()
                        tell("picture", pictures)
                        placed = page.evaluate(_LABELS_PLACED)
                        page.set_viewport_size({"width": printed.width,
                                                "height": printed.height})
                        page.evaluate("""(css) => {
                            document.getElementById('iskp-print-format').textContent = css;
                            if (window.ISKP && ISKP.relabel) { ISKP.relabel(); } }""",
                                      paper_css)
                        one.update(step="relaying", placed=placed, until=now + 30)
                    elif one["step"] == "relaying" and _ready(page, _RELAID, one["placed"]):
                        one.update(step="settled", at=now + SETTLE_S)
                    elif one["step"] == "settled" and now >= one["at"]:
                        pages[one["n"]] = _pdf_of(page, paper)
                        tell("page", pages)
                        page.close()
                        hand.remove(one)
                    elif now > one["until"]:
                        n = one["n"] + 1
                        raise RenderFailed(
                            Phrase("slide {0} was not drawn within 30 s", n)
                            if one["step"] == "loading" else
                            Phrase("slide {0} was not laid out again for the paper within 30 s", n))
                    else:
                        continue
                    moved = True
                if not moved:
                    time.sleep(0.02)
        finally:
            ctx.close()  # a failure leaves no page open
    return pictures, pages


def print_outputs(view: MapView, records: pd.DataFrame, *, png: str | None = None,
                  pdf: str | None = None, pptx: str | None = None,
                  export_date: dt.date | None = None, browser=None) -> dict[str, bytes]:
    """Render the print layouts asked for, in one headless Chromium (``browser``, a
    Playwright browser, or one started here). ``png`` and ``pptx`` take a slide size
    ("1920x1080", "1280x720"), ``pdf`` a paper ("a4", "letter"). Returns the bytes by kind:
    ``{"png": ..., "pdf": ..., "pptx": ...}``."""
    export_date = export_date or dt.date.today()
    for kind, fmt_id, allowed in (("png", png, SLIDE_SIZES), ("pptx", pptx, SLIDE_SIZES),
                                  ("pdf", pdf, PAPERS)):
        if fmt_id is not None and fmt_id not in allowed:
            raise ValueError(f"{kind}: unknown size {fmt_id!r}; use one of {', '.join(allowed)}")
    out: dict[str, bytes] = {}
    slides: dict[str, bytes] = {}
    with contextlib.ExitStack() as stack:
        if browser is None:
            browser = stack.enter_context(offline_browser())
        for fmt_id in dict.fromkeys(f for f in (png, pptx) if f):
            slides[fmt_id] = render_print(browser, view, records, fmt_id, "png", export_date)
        if pdf:
            out["pdf"] = render_print(browser, view, records, pdf, "pdf", export_date)
    if png:
        out["png"] = slides[png]
    if pptx:
        out["pptx"] = slide_pptx(slides[pptx], view, records, export_date)
    return out
