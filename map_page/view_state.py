"""A map view as URL query parameters and back, so that a link reopens the same view.

Keys: ``start``, ``end`` (YYYY-MM-DD), ``layers`` (ids, comma-separated), ``cat`` and
``country`` (comma-separated), ``metric``, ``by`` (province or district: what the choropleth
counts by), ``band`` (km), ``mode=present``, ``title``,
``subtitle``, ``caveat``, ``bstart``/``bend`` (the change layer's baseline), ``attribution``
(comma-separated: iskp, possible, other; default iskp), ``actors`` (names separated by ``;``,
as ACLED separates associated actors) and ``annotations`` (what is drawn on the view: a GeoJSON
FeatureCollection's text, ``geo.annotations``). ``extent`` (south,west,north,east: the place the map
opens at) is read by the app beside the view (:func:`parse_extent`). Unknown or malformed
values fall back to the defaults, with a message.

>>> to_params(MapView(layers=("provinces",)))["layers"]
'provinces'
"""
from __future__ import annotations

from geo.annotations import AnnotationProblem, parse_annotations
from geo.attribution import DEFAULT_SHOWN, check_shown
from geo.joins import DateWindow
from geo.records import CATEGORIES
from geo.words import Phrase, reason_of
from layers.activity import METRICS, UNITS
from map_page.assembly import DEFAULT_CAVEAT, DEFAULT_TITLE, LABEL_LANGUAGES, LAYER_TITLES, MapView


def to_params(view: MapView) -> dict[str, str]:
    p = {"layers": ",".join(view.layers)}
    w = view.window.as_dict()
    if w["start"]:
        p["start"] = w["start"]
    if w["end"]:
        p["end"] = w["end"]
    if view.categories:
        p["cat"] = ",".join(view.categories)
    if view.countries:
        p["country"] = ",".join(view.countries)
    if view.attributions != DEFAULT_SHOWN:
        p["attribution"] = ",".join(view.attributions)
    if view.actors:
        p["actors"] = ";".join(view.actors)
    if view.metric != "records":
        p["metric"] = view.metric
    if view.unit != "province":
        p["by"] = view.unit
    if view.band_km != 50:
        p["band"] = f"{view.band_km:g}"
    if view.baseline is not None:
        b = view.baseline.as_dict()
        p["bstart"], p["bend"] = b["start"] or "", b["end"] or ""
    if view.presentation:
        p["mode"] = "present"
    if view.label_lang != "en":
        p["lang"] = view.label_lang
    if view.title != DEFAULT_TITLE:
        p["title"] = view.title
    if view.subtitle:
        p["subtitle"] = view.subtitle
    if view.caveat != DEFAULT_CAVEAT:
        p["caveat"] = view.caveat
    if view.annotations:
        p["annotations"] = view.annotations
    return p


def from_params(params) -> tuple[MapView, list[str]]:
    """A view from query parameters, and messages about values that were not understood."""
    get = lambda k: (params.get(k) or "").strip()
    problems: list[str] = []
    kw = {}
    if get("layers") or "layers" in params:
        ids = [i for i in get("layers").split(",") if i]
        bad = [i for i in ids if i not in LAYER_TITLES]
        if bad:
            problems.append(Phrase("unknown layer id(s) in the link: {ids}",
                                   ids=", ".join(bad)))
        kw["layers"] = tuple(i for i in LAYER_TITLES if i in ids)
    try:
        kw["window"] = DateWindow.parse(get("start") or None, get("end") or None)
    except ValueError as exc:
        problems.append(Phrase("date window in the link ignored: {why}", why=reason_of(exc)))
    cats = [c for c in get("cat").split(",") if c]
    if cats:
        kw["categories"] = tuple(c for c in cats if c in CATEGORIES)
        if len(kw["categories"]) != len(cats):
            problems.append(Phrase("unknown categories in the link were ignored"))
    countries = [c for c in get("country").split(",") if c]
    if countries:
        kw["countries"] = tuple(c.upper() for c in countries if len(c) == 2)
    if get("attribution"):
        try:
            chosen = check_shown(get("attribution").split(","))
            if chosen:
                kw["attributions"] = chosen
        except ValueError as exc:
            problems.append(Phrase("attribution in the link ignored: {why}",
                                   why=reason_of(exc)))
    if get("actors"):
        kw["actors"] = tuple(dict.fromkeys(a.strip() for a in get("actors").split(";")
                                           if a.strip()))
    if get("metric"):
        if get("metric") in METRICS:
            kw["metric"] = get("metric")
        else:
            problems.append(Phrase("unknown metric '{value}' in the link",
                                   value=get("metric")))
    if get("by"):
        if get("by") in UNITS:
            kw["unit"] = get("by")
        else:
            problems.append(Phrase("unknown 'by' value '{value}' in the link; use province or "
                                   "district", value=get("by")))
    if get("band"):
        try:
            band = float(get("band"))
            if not 0 < band <= 300:
                raise ValueError
            kw["band_km"] = band
        except ValueError:
            problems.append(Phrase("border band width '{value}' in the link ignored",
                                   value=get("band")))
    if get("bstart") or get("bend"):
        try:
            if not (get("bstart") and get("bend")):
                raise ValueError(Phrase("it needs a start and an end"))
            kw["baseline"] = DateWindow.parse(get("bstart"), get("bend"))
        except ValueError as exc:
            problems.append(Phrase("baseline window in the link ignored: {why}",
                                   why=reason_of(exc)))
    kw["presentation"] = get("mode") == "present"
    if get("lang"):
        if get("lang") in LABEL_LANGUAGES:
            kw["label_lang"] = get("lang")
        else:
            problems.append(Phrase("unknown label language '{value}' in the link; use en or "
                                   "fa", value=get("lang")))
    for key in ("title", "subtitle", "caveat"):
        if key in params:
            kw[key] = params.get(key) or ""
    if get("annotations"):
        try:
            # Kept as given (its text), once it is known to be annotations.
            if parse_annotations(get("annotations"))["features"]:
                kw["annotations"] = get("annotations")
        except AnnotationProblem as exc:
            problems.append(Phrase("annotations in the link not drawn: {why}",
                                   why=reason_of(exc)))
    return MapView(**kw), problems


def parse_extent(text: str | None) -> tuple[float, float, float, float] | None:
    """A map's place, ``extent=south,west,north,east`` (degrees), as a link and a saved map
    keep it; None when not given. A malformed one is refused (ValueError, said plainly).

    >>> parse_extent("29.5,60.5,38.5,75")
    (29.5, 60.5, 38.5, 75.0)
    """
    if text is None or not str(text).strip():
        return None
    parts = str(text).split(",")
    try:
        s, w, n, e = (float(p) for p in parts)
    except ValueError:
        raise ValueError(Phrase("'{value}' is not four numbers south,west,north,east",
                                value=text)) from None
    # (A NaN or an infinity fails these comparisons too.)
    if not (-90 <= s < n <= 90) or not (-180 <= w < e <= 180):
        raise ValueError(Phrase("'{value}' is not a place on the map (south < north within "
                                "±90, west < east within ±180)", value=text))
    return s, w, n, e


def extent_text(extent) -> str:
    """The link's text of an extent (4 decimals: about 10 m).

    >>> extent_text((29.5, 60.5, 38.5, 75.0))
    '29.5,60.5,38.5,75'
    """
    return ",".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in extent)
