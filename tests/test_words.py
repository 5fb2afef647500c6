"""The product's own words in Dari (issue 23, item 12): every phrase the code says has a Dari
entry with the same placeholders; a Dari map, export, slide and speaker notes speak Dari and
read right to left; the data's words (a briefer's title, a report's text) stay as given; and
nothing outside a map's build changes language."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from geo.activity import builtin_records
from geo.joins import DateWindow
from geo.words import catalogue, day_text, say, say_n, speaking
from map_page.assembly import DEFAULT_TITLE, MapView
from outputs.interactive import export_html
from outputs.print_layout import FORMATS, notes_text, print_html

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 12, 5)
JULY = DateWindow.parse("2018-07-01", "2018-07-31")

# say("...") and say_n(n, "...", "...") in Python; ISKP.say / R.say / I.say / ISKP.sayN in
# scripts; the fixed words of the app's components marked data-say="..." (and
# data-say-label="...") in their pages; a refused login's phrase, LoginRefused("..."); a
# sentence said again later, Phrase("...") and an importer's reason_at("...", ...) (and its
# missing_or(values, "...", "...")).
CALL = re.compile(r"(?:\b(?:ISKP|R|I)\.say(N)?\(|(?<![\w.])say(_n)?\(|"
                  r"\b(?:LoginRefused|Phrase|reason_at)\(|\bmissing_or\(\s*\w+,)")
MARKED = re.compile(r'data-say(?:-label)?="([^"]*)"')
LITERAL = re.compile(r'''\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')''')
JOIN = re.compile(r"""\s*(\+\s*)?(?=["'])""")


def _literal(text: str, i: int) -> str | None:
    """The string literal at ``i``, with the literals joined to it by ``+`` or adjacency
    (a phrase split over lines); None when the argument is not a literal."""
    return _literal_and_end(text, i)[0]


def _literal_and_end(text: str, i: int) -> tuple[str | None, int]:
    parts = []
    while (m := LITERAL.match(text, i)):
        parts.append(m.group(1) if m.group(1) is not None else m.group(2))
        i = m.end()
        j = JOIN.match(text, i)
        if not j:
            break
        i = j.end()
    phrase = "".join(parts).replace("\\'", "'").replace('\\"', '"') if parts else None
    return phrase, i


def said_phrases() -> set[str]:
    """Every literal phrase the product's code says (the first form of a plural)."""
    found = set()
    for top in ("geo", "map_runtime", "layers", "map_page", "outputs", "ui"):
        for path in [*(ROOT / top).rglob("*.py"), *(ROOT / top).rglob("*.js"),
                     *(ROOT / top).rglob("*.html")]:
            if "vendor" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            found.update(MARKED.findall(text))
            for m in CALL.finditer(text):
                i = m.end()
                if m.group(1) or m.group(2):  # a plural: the count comes first
                    i = text.index(",", i) + 1
                phrase = _literal(text, i)
                if phrase is not None:
                    found.add(phrase)
                if m.group(0).startswith("missing_or"):  # its second phrase
                    first, end = _literal_and_end(text, i)
                    comma = re.compile(r"\s*,").match(text, end)
                    if first is not None and comma and \
                            (second := _literal(text, comma.end())) is not None:
                        found.add(second)
    return found


def test_the_scan_finds_phrases_in_python_and_in_scripts():
    found = said_phrases()
    assert {"Incidents", "{n} event", "Find a place", "Records outside this view",
            "An area claim: drawn as an area, not counted as an event in any province.",
            "Timeline: drag across the bars to choose the window; space plays and pauses, "
            "arrow keys step"} <= found


def test_every_phrase_the_code_says_has_a_dari_entry():
    fa = catalogue("fa")
    missing = sorted(p for p in said_phrases() if p not in fa)
    assert missing == []


def said_through_tables() -> set[str]:
    """The phrases said through a name (``say(text)`` over a table of the product's words):
    the app's headings, kinds, layer titles, categories, print formats and help texts."""
    from geo.attribution import RULE_PHRASES
    from geo.counts import HELP, HELP_NAMES
    from geo.districts import CREDIT
    from geo.figures import SECTOR_LABELS
    from geo.records import CATEGORIES
    from map_page.assembly import LAYER_TITLES
    from outputs.print_layout import PRINT_CHOICES
    from ui.records_table import COLUMNS, KIND_WORDS, ROLE_WORDS, WHOSE_WORDS
    from ui.sidebar import COMPARE_HELP
    from ui.accounts_panel import ACCOUNT_COLUMNS
    from ui.workspace_panel import HISTORY_COLUMNS, HISTORY_WORDS
    return {*ACCOUNT_COLUMNS, *HISTORY_COLUMNS, *HISTORY_WORDS, *RULE_PHRASES,
            "single sign-on", "password", "yes", "viewer", "analyst", "admin", *HELP.values(), *HELP_NAMES.values(), *SECTOR_LABELS.values(), *CATEGORIES,
            *LAYER_TITLES.values(), *PRINT_CHOICES, *(k.split(" ")[0] for k in PRINT_CHOICES),
            *COLUMNS, *KIND_WORDS.values(), *ROLE_WORDS.values(), *WHOSE_WORDS.values(),
            "Province", "District", COMPARE_HELP, CREDIT}


def test_every_phrase_said_through_a_table_has_a_dari_entry():
    fa = catalogue("fa")
    assert sorted(p for p in said_through_tables() if p not in fa) == []


def test_each_dari_entry_keeps_its_placeholders():
    """The same fields, with the same formats ({0}, {name}, {1:%d %b %Y}), and no stray
    brace (string.Formatter reads each form as str.format would)."""
    import string
    fields = lambda s: sorted(f"{name}:{spec}" for _, name, spec, _ in string.Formatter()
                              .parse(s) if name is not None)
    for english, dari in catalogue("fa").items():
        for form in (dari if isinstance(dari, tuple) else (dari,)):
            assert form.strip(), english
            assert fields(form) == fields(english), (english, form)


def test_say_speaks_the_language_of_the_build_and_fills_values_after():
    assert say("Incidents") == "Incidents"
    with speaking("fa"):
        assert say("Incidents") == "رویدادها"
        assert say_n(3, "{n} event", "{n} events") == "3 رویداد"
        # A value is filled in, never read as a phrase or a format.
        assert say("Activity area: {names}", names="{names} Incidents") == \
            "ساحهٔ فعالیت: {names} Incidents"
        assert say("a phrase the catalogue lacks") == "a phrase the catalogue lacks"
        assert day_text(dt.date(2018, 7, 1)) == "01 جولای 2018"
    assert say_n(1, "{n} event", "{n} events") == "1 event"
    assert say_n(1200, "{n} event", "{n} events") == "1,200 events"
    with pytest.raises(ValueError):
        with speaking("ps"):
            pass


def test_a_dari_export_reads_right_to_left_and_keeps_the_data_as_given():
    html = export_html(MapView(label_lang="fa", window=JULY), builtin_records(), export_date=DAY)
    assert html.startswith('<!DOCTYPE html>\n<html lang="fa" dir="rtl">')
    assert "<title>فعالیت‌های گزارش‌شدهٔ ISKP: افغانستان و مناطق مرزی آن</title>" in html
    assert '"lang":"fa"' in html and '"جولای"' in html  # the words the page's scripts read
    own = "{{7*7}} <b>Nangarhar</b> & ISKP"
    mine = export_html(MapView(label_lang="fa", window=JULY, title=own), builtin_records(),
                       export_date=DAY)
    assert "{{7*7}} &lt;b&gt;Nangarhar&lt;/b&gt; &amp; ISKP" in mine
    # Nothing outside the build changed language.
    assert JULY.label() == "01 Jul 2018 – 31 Jul 2018"


def test_an_english_export_stays_english():
    html = export_html(MapView(window=JULY), builtin_records(), export_date=DAY)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert f"<title>{DEFAULT_TITLE}</title>" in html
    assert "رویداد" not in html


def test_a_dari_slide_and_its_notes_speak_dari():
    view = MapView(label_lang="fa", window=JULY)
    page = print_html(view, builtin_records(), FORMATS["1920x1080"], DAY)
    assert '<html lang="fa" dir="rtl">' in page
    assert "داده‌ها تا 20 می 2022 · ساخته‌شده در 05 دسمبر 2026" in page
    assert "4 رویداد · 4 ادعای ساحوی · 5 مورد دیگر" in page
    notes = notes_text(view, builtin_records(), DAY)
    assert notes.splitlines()[0] == "فعالیت‌های گزارش‌شدهٔ ISKP: افغانستان و مناطق مرزی آن"
    assert "بازه: 01 جولای 2018 – 31 جولای 2018" in notes
    assert "Sources" not in notes and "Window" not in notes


def test_an_importers_reason_is_said_again_in_dari_with_the_files_cells_as_given(tmp_path):
    """The reason stays English in the report and downloads; the app says it again in
    Dari, the cell in it exactly (braces and all, never read as a format)."""
    from geo.importers import import_file
    from geo.words import say_again
    path = tmp_path / "bad.csv"
    path.write_text("id,date_start,date_precision,admin1,category,summary,source\n"
                    "A1,{0}{x}-13,day,Nangarhar,attack,s,src\n"
                    "A2,2018-07-01,day,Atlantis,attack,s,src\n", encoding="utf-8")
    result = import_file(path)
    by_line = {i.line: i for i in result.rejected}
    assert by_line[2].as_dict() == {"line": 2, "column": "date_start",
                                    "reason": "unparseable date '{0}{x}-13'; use YYYY-MM-DD"}
    with speaking("fa"):
        assert say_again(by_line[2].phrase()) == \
            "تاریخ ناخوانا '{0}{x}-13'؛ شکل YYYY-MM-DD را به کار ببرید"
        assert say_again(by_line[3].phrase()).startswith("ولایت یا ساحهٔ ناشناخته 'Atlantis'؛")
    assert say_again(by_line[3].phrase()) == by_line[3].reason  # English as made


def test_a_briefing_files_problem_is_said_in_dari_down_to_its_annotation():
    """A briefing file refused for one of its slides' annotations: the refusal (the file's,
    the slide's and the annotation's words) is said again in Dari, the file's name and the
    annotation's value as given."""
    import json

    from geo.words import reason_of, say_again
    from outputs.briefing import BriefingProblem, parse_briefing
    bad = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [70.4, 34.4]},
        "properties": {"kind": "text", "text": "Achin", "colour": "{0} pink"}}]}
    data = json.dumps({"format": "iskp-briefing", "version": 1, "title": "t", "slides": [
        {"title": "one", "view": {}}, {"title": "two", "view": {}, "annotations": bad}]})
    with pytest.raises(BriefingProblem) as refused:
        parse_briefing(data.encode(), "{file} brief.json")
    why = reason_of(refused.value)
    assert why == ("slide 2: annotation 1: its colour '{0} pink' is not one of vermillion, "
                   "blue, black, orange, purple")
    with speaking("fa"):
        assert say_again(why) == ("اسلاید 2: یادداشت 1: رنگ آن '{0} pink' یکی از vermillion, "
                                  "blue, black, orange, purple نیست")
    with pytest.raises(BriefingProblem) as refused:
        parse_briefing(b'{"format": "iskp-briefing", "version": 1, "slides": []}',
                       "{file} brief.json")
    with speaking("fa"):
        assert say_again(reason_of(refused.value)) == "{file} brief.json هیچ اسلایدی ندارد"
