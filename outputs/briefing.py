"""A briefing: an ordered list of slides, each a view of the map (its window, layers, filters
and extent, as a link or a saved map keeps them) with a title, a subtitle and speaker notes;
kept as one file (JSON, ``.briefing.json``) that can be mailed, opened in another installation
and exported from the command line (``python -m outputs.export --briefing FILE``).

Every text in it is data: it is read, checked and written back exactly, and shown as text
wherever it goes (``outputs.deck``).

>>> b = read_briefing(Path("examples/nangarhar.briefing.json"))
>>> [s.title for s in b.slides][:1]
['ISKP activity, July 2018']
>>> view, problems = slide_view(b.slides[0])
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from geo.annotations import AnnotationProblem, annotations_text, parse_annotations
from geo.words import Phrase, reason_of
from map_page.assembly import MapView
from map_page.view_state import from_params, parse_extent

FORMAT, VERSION = "iskp-briefing", 1
MAX_SLIDES, MAX_TEXT, MAX_BYTES = 100, 20_000, 5 * 2**20
# What a problem calls a briefing that came without a file's name.
THE_BRIEFING = Phrase("the briefing")
_SLIDE_KEYS = {"title", "subtitle", "notes", "view", "annotations"}


class BriefingProblem(ValueError):
    """A briefing file that cannot be used, saying where and why."""


@dataclass(frozen=True)
class Slide:
    title: str
    view: dict  # link parameters (map_page.view_state): start, end, layers, extent, ...
    subtitle: str = ""
    notes: str = ""
    annotations: dict = field(default_factory=lambda: {"type": "FeatureCollection",
                                                       "features": []})


@dataclass(frozen=True)
class Briefing:
    title: str
    slides: tuple[Slide, ...]

    def as_json(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "title": self.title,
                "slides": [{"title": s.title, "subtitle": s.subtitle, "notes": s.notes,
                            "view": s.view, "annotations": s.annotations}
                           for s in self.slides]}


def _text(value, where: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise BriefingProblem(Phrase("{where} is not text", where=where))
    if len(value) > limit:
        raise BriefingProblem(Phrase("{where} is longer than {n} characters", where=where,
                                     n=f"{limit:,}"))
    return value


def _slide(raw, n: int) -> Slide:
    where = Phrase("slide {n}", n=n)
    if not isinstance(raw, dict):
        raise BriefingProblem(Phrase("{where} is not an object", where=where))
    unknown = set(raw) - _SLIDE_KEYS
    if unknown:
        raise BriefingProblem(Phrase("{where}: unknown field(s) {fields}", where=where,
                                     fields=", ".join(sorted(unknown))))
    view = raw.get("view", {})
    if not isinstance(view, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in view.items()):
        raise BriefingProblem(Phrase("{where}: its view is not a set of link parameters (text "
                                     "values)", where=where))
    try:
        annotations = parse_annotations(raw.get("annotations"))
    except AnnotationProblem as exc:
        raise BriefingProblem(Phrase("{where}: {why}", where=where, why=reason_of(exc))) from None
    if "annotations" in view:
        raise BriefingProblem(Phrase("{where}: its annotations belong in its own \"annotations\" "
                                     "field, not in its view", where=where))
    return Slide(_text(raw.get("title", ""), Phrase("{where}'s title", where=where), 500),
                 dict(view),
                 _text(raw.get("subtitle", ""), Phrase("{where}'s subtitle", where=where), 500),
                 _text(raw.get("notes", ""), Phrase("{where}'s notes", where=where)),
                 annotations)


def parse_briefing(data: bytes, name: str = THE_BRIEFING) -> Briefing:
    """A briefing from a file's bytes; ``BriefingProblem`` says what is wrong, and where."""
    if len(data) > MAX_BYTES:
        raise BriefingProblem(Phrase("{name} is larger than {n} MB", name=name,
                                     n=MAX_BYTES // 2**20))
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BriefingProblem(Phrase("{name} is not a briefing file (JSON): {why}", name=name,
                                     why=str(exc))) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BriefingProblem(Phrase("{name} is not a briefing file (no \"format\": \"{format}\")",
                                     name=name, format=FORMAT))
    if raw.get("version") != VERSION:
        raise BriefingProblem(Phrase("{name} is a briefing of version {version}; this "
                                     "installation reads version {current}", name=name,
                                     version=repr(raw.get("version")), current=VERSION))
    slides = raw.get("slides")
    if not isinstance(slides, list) or not slides:
        raise BriefingProblem(Phrase("{name} has no slides", name=name))
    if len(slides) > MAX_SLIDES:
        raise BriefingProblem(Phrase("{name} has {n} slides; at most {most}", name=name,
                                     n=len(slides), most=MAX_SLIDES))
    return Briefing(_text(raw.get("title", ""), Phrase("{where}'s title", where=name), 500),
                    tuple(_slide(s, n) for n, s in enumerate(slides, 1)))


def briefing_of(document: dict, name: str = THE_BRIEFING) -> Briefing:
    """A briefing kept in the workspace (its file's document), checked as a file is."""
    return parse_briefing(json.dumps(document, ensure_ascii=False).encode(), name)


def slide_datasets(slide: Slide) -> list[str]:
    """The workspace datasets a slide's view names (none: the built-in records)."""
    return [d.strip() for d in (slide.view.get("data") or "").split(",") if d.strip()]


def slide_records(slide: Slide, read, builtin_id: str):
    """A slide's records: the datasets its view names, each from ``read(dataset_id)`` (the
    built-in records, ``builtin_id``, if none), one source event once."""
    from geo.importers.merge import combine
    return combine([read(d) for d in slide_datasets(slide) or [builtin_id]])[0]


def briefing_datasets(briefing: Briefing, builtin_id: str) -> list[str]:
    """Every dataset the briefing's slides show, once each, in the order first shown; a
    slide that names none shows the built-in records (``builtin_id``)."""
    ids = [d for s in briefing.slides for d in (slide_datasets(s) or [builtin_id])]
    return list(dict.fromkeys(ids))


def read_briefing(path: Path) -> Briefing:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefingProblem(Phrase("{name} cannot be read: {why}", name=path.name,
                                     why=exc.strerror)) from None
    return parse_briefing(data, path.name)


def briefing_bytes(briefing: Briefing) -> bytes:
    """The briefing file (UTF-8 JSON, keys in a fixed order: the same briefing, the same
    bytes)."""
    return (json.dumps(briefing.as_json(), ensure_ascii=False, indent=1) + "\n").encode()


def slide_of(title: str, params: dict, subtitle: str = "", notes: str = "") -> Slide:
    """A slide of a view's link parameters (``map_page.view_state``, with its extent and
    datasets); what is drawn on it goes to the slide's own annotations."""
    view = {k: v for k, v in params.items() if isinstance(v, str) and k != "annotations"}
    return Slide(title, view, subtitle, notes, parse_annotations(params.get("annotations")))


def slide_view(slide: Slide) -> tuple[MapView, list[str]]:
    """The slide's view of the map, with its own title, subtitle, extent and annotations; and what of its
    parameters could not be used (named, not dropped silently)."""
    view, problems = from_params(slide.view)
    try:
        view = view.with_(extent=parse_extent(slide.view.get("extent")))
    except ValueError as exc:
        problems.append(Phrase("its extent is not used: {0}", reason_of(exc)))
    changes = {"subtitle": slide.subtitle, "annotations": annotations_text(slide.annotations)}
    if slide.title:
        changes["title"] = slide.title
    return view.with_(**changes), problems
