"""Annotations: what a briefer draws on a view (text callouts, arrows, circles, outlines, pins),
kept with the view as a GeoJSON FeatureCollection.

Each feature says what it is in ``properties``: ``kind`` (one of :data:`KINDS`, which decides
its geometry), ``text`` (a callout's words, a pin's label), ``colour`` (one of
:data:`COLOURS`, the Okabe–Ito colours that colour-blind readers tell apart), ``size``
("normal" or "large", for a projector) and, for a circle, ``radius`` in metres. The text is
data: it is checked here and drawn as text everywhere (``layers.annotations``).

>>> fc = parse_annotations('{"type": "FeatureCollection", "features": [{"type": "Feature", '
...     '"geometry": {"type": "Point", "coordinates": [70.4, 34.4]}, '
...     '"properties": {"kind": "text", "text": "Achin"}}]}')
>>> fc["features"][0]["properties"]["colour"]
'vermillion'
"""
from __future__ import annotations

import json
import math

from geo.words import Phrase

# kind -> its GeoJSON geometry type
KINDS = {"text": "Point", "pin": "Point", "circle": "Point", "arrow": "LineString",
         "outline": "Polygon"}
# Okabe and Ito's colours: told apart by readers with each common colour-vision deficiency,
# and dark enough on the map's light background for a projector.
COLOURS = {"vermillion": "#D55E00", "blue": "#0072B2", "black": "#000000",
           "orange": "#E69F00", "purple": "#CC79A7"}
SIZES = ("normal", "large")
MAX_ANNOTATIONS, MAX_POINTS, MAX_TEXT = 200, 2000, 500
EMPTY = {"type": "FeatureCollection", "features": []}


# What a kind is drawn as, said when it is drawn as something else (one phrase each: the
# article and the kind's name are the product's words).
_DRAWN_AS = {"text": "{where}: a text is drawn as a GeoJSON Point",
             "pin": "{where}: a pin is drawn as a GeoJSON Point",
             "circle": "{where}: a circle is drawn as a GeoJSON Point",
             "arrow": "{where}: an arrow is drawn as a GeoJSON LineString",
             "outline": "{where}: an outline is drawn as a GeoJSON Polygon"}


class AnnotationProblem(ValueError):
    """Annotations that cannot be used, saying which one and why."""


def _position(value, where: str) -> list[float]:
    if not isinstance(value, list) or len(value) not in (2, 3) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for v in value):
        raise AnnotationProblem(Phrase("{where}: a position is not [longitude, latitude]", where=where))
    lon, lat = value[0], value[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise AnnotationProblem(Phrase("{where}: the position [{lon}, {lat}] is not on the map",
                                       where=where, lon=lon, lat=lat))
    return value


def _geometry(geometry, kind: str, where: str) -> int:
    """Checks the geometry of a ``kind``; the number of positions it has."""
    want = KINDS[kind]
    if not isinstance(geometry, dict) or geometry.get("type") != want:
        raise AnnotationProblem(Phrase(_DRAWN_AS[kind], where=where))
    coords = geometry.get("coordinates")
    if want == "Point":
        _position(coords, where)
        return 1
    if want == "LineString":
        if not isinstance(coords, list) or len(coords) < 2:
            raise AnnotationProblem(Phrase("{where}: an arrow needs at least two points",
                                           where=where))
        for p in coords:
            _position(p, where)
        return len(coords)
    if not isinstance(coords, list) or not coords:
        raise AnnotationProblem(Phrase("{where}: an outline needs a ring of points", where=where))
    n = 0
    for ring in coords:
        if not isinstance(ring, list) or len(ring) < 4:
            raise AnnotationProblem(Phrase("{where}: an outline's ring needs at least four points "
                                           "(the first repeated last)", where=where))
        for p in ring:
            _position(p, where)
        n += len(ring)
    return n


def _feature(raw, n: int) -> dict:
    where = Phrase("annotation {n}", n=n)
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        raise AnnotationProblem(Phrase("{where} is not a GeoJSON Feature", where=where))
    props = raw.get("properties")
    if not isinstance(props, dict):
        raise AnnotationProblem(Phrase("{where} has no properties (its kind, text and style)",
                                       where=where))
    kind = props.get("kind")
    if kind not in KINDS:
        raise AnnotationProblem(Phrase("{where}: its kind {kind} is not one of {kinds}",
                                       where=where, kind=repr(kind), kinds=", ".join(KINDS)))
    points = _geometry(raw.get("geometry"), kind, where)
    if points > MAX_POINTS:
        raise AnnotationProblem(Phrase("{where} has {n} points; at most {most}", where=where,
                                       n=f"{points:,}", most=f"{MAX_POINTS:,}"))
    text = props.get("text", "")
    if not isinstance(text, str):
        raise AnnotationProblem(Phrase("{where}: its text is not text", where=where))
    if len(text) > MAX_TEXT:
        raise AnnotationProblem(Phrase("{where}: its text is longer than {most} characters",
                                       where=where, most=MAX_TEXT))
    if kind == "text" and not text.strip():
        raise AnnotationProblem(Phrase("{where}: a text callout needs its text", where=where))
    colour = props.get("colour", "vermillion")
    if colour not in COLOURS:
        raise AnnotationProblem(Phrase("{where}: its colour {colour} is not one of {colours}",
                                       where=where, colour=repr(colour),
                                       colours=", ".join(COLOURS)))
    size = props.get("size", "normal")
    if size not in SIZES:
        raise AnnotationProblem(Phrase("{where}: its size {size} is not normal or large",
                                       where=where, size=repr(size)))
    out = {**props, "kind": kind, "text": text, "colour": colour, "size": size}
    if kind == "circle":
        radius = props.get("radius")
        if not isinstance(radius, (int, float)) or isinstance(radius, bool) or \
                not math.isfinite(radius) or not 0 < radius <= 3_000_000:
            raise AnnotationProblem(Phrase("{where}: a circle needs its radius in metres "
                                           "(up to 3,000 km)", where=where))
    return {"type": "Feature", "geometry": raw["geometry"], "properties": out}


def parse_annotations(value) -> dict:
    """A view's annotations from a FeatureCollection (a dict, or its JSON text; empty text is
    none). :class:`AnnotationProblem` names the annotation that cannot be used."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {"type": "FeatureCollection", "features": []}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise AnnotationProblem(Phrase("the annotations are not GeoJSON: {why}",
                                           why=str(exc))) from None
    if not isinstance(value, dict) or value.get("type") != "FeatureCollection" or \
            not isinstance(value.get("features"), list):
        raise AnnotationProblem(Phrase("the annotations are not a GeoJSON FeatureCollection"))
    features = value["features"]
    if len(features) > MAX_ANNOTATIONS:
        raise AnnotationProblem(Phrase("{n} annotations; at most {most}", n=len(features),
                                       most=MAX_ANNOTATIONS))
    return {"type": "FeatureCollection",
            "features": [_feature(f, n) for n, f in enumerate(features, 1)]}


def annotations_text(value) -> str:
    """The annotations as a view keeps them (compact JSON, keys sorted; "" when none).

    >>> annotations_text({"type": "FeatureCollection", "features": []})
    ''
    """
    fc = parse_annotations(value)
    if not fc["features"]:
        return ""
    return json.dumps(fc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def annotations_geojson(value) -> bytes:
    """The annotations as a GeoJSON file (for QGIS, or another map), each with its colour's
    hex code beside its name."""
    fc = parse_annotations(value)
    for f in fc["features"]:
        f["properties"]["stroke"] = COLOURS[f["properties"]["colour"]]
    return (json.dumps(fc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def annotation_words(value) -> list[str]:
    """The words written on the map (callouts and labelled pins), in the order drawn: a
    slide's alternative text names them."""
    return [f["properties"]["text"] for f in parse_annotations(value)["features"]
            if f["properties"]["text"].strip()]


def annotation_bounds(value) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of what is drawn (a circle by its centre), or None."""
    lons, lats = [], []

    def walk(c):
        if c and isinstance(c[0], (int, float)):
            lons.append(c[0])
            lats.append(c[1])
        else:
            for part in c:
                walk(part)

    for f in parse_annotations(value)["features"]:
        walk(f["geometry"]["coordinates"])
    return (min(lats), min(lons), max(lats), max(lons)) if lats else None
