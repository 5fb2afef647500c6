"""Annotations as data (geo.annotations): each kind read with its style, bad ones refused naming
which and why, kept exactly through a link, and drawn into the map the view makes."""
from __future__ import annotations

import json

import pytest

from geo.annotations import AnnotationProblem, annotation_bounds, annotation_words, \
    annotations_geojson, annotations_text, parse_annotations
from map_page.assembly import MapView, build_map
from map_page.view_state import from_params, to_params


def feature(kind, geometry, **props):
    return {"type": "Feature", "geometry": geometry, "properties": {"kind": kind, **props}}


POINT = {"type": "Point", "coordinates": [70.45, 34.43]}
GOOD = [feature("text", POINT, text="Achin"), feature("pin", POINT, colour="blue"),
        feature("circle", POINT, radius=20000, size="large"),
        feature("arrow", {"type": "LineString", "coordinates": [[69, 35], [70.4, 34.4]]}),
        feature("outline", {"type": "Polygon", "coordinates": [[[69, 34], [71, 34], [70, 35],
                                                                [69, 34]]]})]


def fc(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def test_each_kind_is_read_with_its_style():
    got = parse_annotations(json.dumps(fc(*GOOD)))["features"]
    assert [f["properties"]["kind"] for f in got] == ["text", "pin", "circle", "arrow", "outline"]
    assert got[1]["properties"]["colour"] == "blue" and got[0]["properties"]["colour"] == \
        "vermillion"
    assert got[2]["properties"]["size"] == "large" and got[3]["properties"]["size"] == "normal"
    assert annotation_words(fc(*GOOD)) == ["Achin"]
    assert annotation_bounds(fc(*GOOD)) == (34, 69, 35, 71)
    assert annotations_text(fc()) == "" and parse_annotations("") == fc()
    # The GeoJSON file names each colour's hex code too, for another map to draw it.
    assert json.loads(annotations_geojson(fc(*GOOD)))["features"][1]["properties"]["stroke"] \
        == "#0072B2"


@pytest.mark.parametrize("bad,said", [
    (feature("label", POINT), "annotation 2: its kind 'label' is not one of"),
    (feature("arrow", POINT), "annotation 2: an arrow is drawn as a GeoJSON LineString"),
    (feature("text", POINT, text="  "), "annotation 2: a text callout needs its text"),
    (feature("pin", POINT, text=7), "annotation 2: its text is not text"),
    (feature("pin", POINT, text="x" * 501), "longer than 500 characters"),
    (feature("pin", POINT, colour="red"), "annotation 2: its colour 'red' is not one of"),
    (feature("pin", POINT, size="huge"), "its size 'huge' is not normal or large"),
    (feature("circle", POINT), "a circle needs its radius in metres"),
    (feature("circle", POINT, radius=float("nan")), "a circle needs its radius"),
    (feature("pin", {"type": "Point", "coordinates": [200, 34]}), "is not on the map"),
    (feature("pin", {"type": "Point", "coordinates": ["70", 34]}), "is not [longitude, lat"),
    (feature("arrow", {"type": "LineString", "coordinates": [[70, 34]]}), "at least two"),
    (feature("outline", {"type": "Polygon", "coordinates": [[[69, 34], [71, 34], [69, 34]]]}),
     "at least four points"),
    (feature("arrow", {"type": "LineString", "coordinates": [[70, 34]] * 2001}),
     "2,001 points; at most 2,000"),
    ({"type": "Feature", "geometry": POINT}, "annotation 2 has no properties"),
    ([1, 2], "annotation 2 is not a GeoJSON Feature"),
])
def test_a_bad_annotation_is_refused_naming_which_and_why(bad, said):
    with pytest.raises(AnnotationProblem, match=said.replace("(", r"\(").replace("[", r"\[")):
        parse_annotations(fc(GOOD[0], bad))
    # In a link it is said, and the view keeps its other parameters.
    view, problems = from_params({"annotations": json.dumps(fc(GOOD[0], bad)),
                                  "start": "2018-01-01"})
    assert view.annotations == "" and view.window.start.year == 2018
    assert problems and problems[0].startswith("annotations in the link not drawn: annotation 2")


def test_too_many_or_not_a_collection_is_refused():
    with pytest.raises(AnnotationProblem, match="201 annotations; at most 200"):
        parse_annotations(fc(*[GOOD[1]] * 201))
    with pytest.raises(AnnotationProblem, match="not GeoJSON"):
        parse_annotations("{not json")
    with pytest.raises(AnnotationProblem, match="not a GeoJSON FeatureCollection"):
        parse_annotations({"type": "Feature"})


def test_a_link_keeps_them_exactly_and_the_map_draws_them_above_everything():
    text = json.dumps(fc(*GOOD))
    view, problems = from_params(to_params(MapView(annotations=text)))
    assert view.annotations == text and problems == []
    html = build_map(view).get_root().render()
    assert "ISKP.annotationsLayer(" in html and "iskp_annotations.js" in html
    # A file shows them: no drawing tools (Geoman) in it; the app's map has them.
    assert "leaflet-geoman" not in html
    app = build_map(MapView(annotations_in_page=True)).get_root().render()
    assert "leaflet-geoman.js" in app and '"pmIgnore": false' in app
    assert "L.PM.setOptIn(true)" in app
    # In presentation mode the app's map shows what is drawn and offers no tools.
    shown = build_map(MapView(annotations_in_page=True, presentation=True)).get_root().render()
    assert "leaflet-geoman" not in shown and "ISKP.annotationsLayer(" in shown


def test_a_fitted_view_takes_in_what_is_drawn():
    far = fc(feature("pin", {"type": "Point", "coordinates": [56.0, 39.0]}))
    plain = build_map(MapView(print_layout=True)).get_root().render()
    drawn = build_map(MapView(print_layout=True, annotations=json.dumps(far))) \
        .get_root().render()
    assert "[[29.3, 60.4], [38.6, 74.9]]" in plain.replace("\n", "")
    assert "[[29.3, 56.0], [39.0, 74.9]]" in drawn.replace("\n", "")


def test_the_export_command_draws_a_downloaded_annotations_file(tmp_path, capsys):
    """``python -m outputs.export --annotations FILE``: the GeoJSON the app downloads, drawn
    on the exported map; a file that cannot be used is refused saying why."""
    from geo.annotations import annotations_geojson
    from outputs.export import main as export_main
    drawn = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [70.4, 34.4]},
         "properties": {"kind": "text", "text": "Callout seen from the CLI", "colour": "blue",
                        "size": "large"}}]}
    path = tmp_path / "drawn.geojson"
    path.write_bytes(annotations_geojson(drawn))
    out = tmp_path / "map.html"
    code = export_main(["--out", str(out), "--annotations", str(path), "--start", "2018-07-01",
                        "--end", "2018-07-31", "--export-date", "2026-12-01"])
    _, err = capsys.readouterr()
    assert code == 0, err
    html = out.read_text()
    assert "Callout seen from the CLI" in html
    without = tmp_path / "plain.html"
    assert export_main(["--out", str(without), "--start", "2018-07-01", "--end", "2018-07-31",
                        "--export-date", "2026-12-01"]) == 0
    assert "Callout seen from the CLI" not in without.read_text()
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature"}]}')
    capsys.readouterr()
    assert export_main(["--out", str(tmp_path / "x.html"), "--annotations", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "--annotations: bad.geojson: annotation 1" in err, err
    assert not (tmp_path / "x.html").exists()
