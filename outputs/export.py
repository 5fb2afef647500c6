"""Static export: the current view as one self-contained HTML file that works offline.

Every script, style and icon is inline (only the assets the chosen layers use), data is embedded
once, the reader can narrow the date window in the file, and a sources section lists every
source behind the records. The same inputs give the same bytes; only ``export_date`` (stated
in the file) varies, and it can be fixed.

    python -m outputs.export --briefing FILE|ID [--pptx OUT.pptx] [--pdf OUT.pdf]
        [--html OUT.html] [--paper a4|letter] [--data FILE]... [--export-date YYYY-MM-DD]
        [--save-to-workspace [--visibility team]]
    python -m outputs.export --out map.html [--data FILE]... [--no-builtin] [--start YYYY-MM-DD]
        [--end YYYY-MM-DD] [--layers ID,ID,...] [--title TEXT] [--subtitle TEXT]
        [--annotations FILE.geojson] [--png FILE.png] [--pdf FILE.pdf] [--pptx FILE.pptx]
        [--size 1920x1080] [--paper a4]
        [--baseline-start YYYY-MM-DD --baseline-end YYYY-MM-DD [--side-by-side]]
        [--attribution iskp,possible,other] [--actor NAME]...

``--png``, ``--pdf`` and ``--pptx`` render the print layout (outputs.print_layout): title,
legend beside the map, scale bar, north arrow, sources, caveat and date, no controls.

>>> html = export_html(MapView(), builtin_records(), export_date=date(2026, 11, 22))
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from geo.change import parse_baseline
from geo.counts import counts_text, window_counts
from geo.workspace.errors import WorkspaceError
from geo.joins import DateWindow, filter_records
from map_page.assembly import LAYER_TITLES, MapView, shown_statement, view_records
from outputs.files import unwritable, write_atomically
# The page itself; its names stay importable from here, as before.
from outputs.interactive import export_html, side_by_side_html  # noqa: F401

# An export holds every layer but the districts (400 KB of outlines) unless asked.
EXPORT_LAYERS = tuple(i for i in LAYER_TITLES if i != "districts")


def _parse_args(argv):
    ap = argparse.ArgumentParser(prog="python -m outputs.export",
                                 description="Export a map as one offline HTML file.")
    ap.add_argument("--out", metavar="FILE.html", help="the HTML file (needed unless "
                                                         "--briefing)")
    ap.add_argument("--briefing", metavar="FILE|ID",
                    help="export a briefing file (outputs.briefing), or a briefing kept in the "
                         "workspace (its id, b-...; --version N for an older one), as a deck: "
                         "--pptx, --pdf and --html, one slide per view")
    ap.add_argument("--save-to-workspace", action="store_true",
                    help="with --briefing FILE: keep the briefing in the workspace (a new "
                         "briefing; its id is printed), with or without a deck")
    ap.add_argument("--visibility", choices=["private", "team"], default="private",
                    help="with --save-to-workspace: private, or shared with the team")
    ap.add_argument("--html", metavar="FILE.html",
                    help="with --briefing: the deck as one offline HTML file")
    ap.add_argument("--data", action="append", metavar="FILE", help="add a data file (repeatable)")
    ap.add_argument("--no-builtin", action="store_true", help="leave the built-in records out")
    ap.add_argument("--start", metavar="YYYY-MM-DD")
    ap.add_argument("--end", metavar="YYYY-MM-DD")
    ap.add_argument("--layers", metavar="ID,ID,...",
                    help="layer ids (default: all but districts, which --by district adds): "
                         f"{', '.join(LAYER_TITLES)}")
    ap.add_argument("--by", choices=["province", "district"], default="province",
                    help="what the choropleth counts by; district adds the districts' outlines "
                         "(a file of about 1 MB instead of 0.6)")
    ap.add_argument("--annotations", metavar="FILE.geojson",
                    help="draw these annotations on the map (the GeoJSON the app's "
                         "'Download the annotations' gives)")
    ap.add_argument("--title")
    ap.add_argument("--subtitle", default="")
    ap.add_argument("--caveat")
    ap.add_argument("--category", action="append", metavar="C")
    ap.add_argument("--country", action="append", metavar="CC")
    ap.add_argument("--metric", choices=["records", "fatalities"], default="records")
    from geo.cli_activity import add_attribution_args
    add_attribution_args(ap)
    ap.add_argument("--baseline-start", metavar="YYYY-MM-DD",
                    help="with --baseline-end: draw the change map (layer 'change') of the "
                         "window against this baseline")
    ap.add_argument("--baseline-end", metavar="YYYY-MM-DD")
    ap.add_argument("--side-by-side", action="store_true",
                    help="with a baseline: the window and the baseline on two maps that move "
                         "together, instead of a change map")
    ap.add_argument("--band-km", type=float, default=50.0)
    ap.add_argument("--presentation", action="store_true", help="large type for projectors")
    ap.add_argument("--lang", choices=["en", "fa"], default="en",
                    help="label language: en (English) or fa (Dari province and country names)")
    ap.add_argument("--export-date", metavar="YYYY-MM-DD", help="date stated in the file "
                    "(default: today); fix it for byte-identical exports")
    ap.add_argument("--strict", action="store_true",
                    help="refuse a data file with any rejected row (exit 1); by default the "
                         "accepted rows are exported and the counts printed")
    ap.add_argument("--skip-rejected", action="store_true",
                    help="accepted for older scripts: rejected rows are always left out")
    ap.add_argument("--png", metavar="FILE.png",
                    help="also render the print layout as a slide PNG (needs chromium)")
    ap.add_argument("--pdf", metavar="FILE.pdf",
                    help="also render the print layout as a landscape PDF page (see --paper)")
    ap.add_argument("--pptx", metavar="FILE.pptx",
                    help="also make a PowerPoint slide: the PNG, with the sources in the notes")
    ap.add_argument("--size", choices=["1920x1080", "1280x720"], default="1920x1080",
                    help="pixel size of the PNG and the slide (default 1920x1080)")
    ap.add_argument("--paper", choices=["a4", "letter"], default="a4",
                    help="paper of the PDF, landscape (default a4)")
    from geo.cli_activity import add_workspace_args
    add_workspace_args(ap)
    args = ap.parse_args(argv)
    # With --map the view is the saved map's: an option that shapes the view would be
    # silently beaten by it, so it is refused instead.
    args.view_options = [f"--{a.dest.replace('_', '-')}" for a in ap._actions
                         if a.dest in _VIEW_OPTIONS and getattr(args, a.dest) != a.default]
    return args


# Options that shape the view (a saved map's view gives them all).
_VIEW_OPTIONS = {"start", "end", "layers", "by", "title", "annotations", "subtitle", "caveat",
                 "category", "country", "metric", "baseline_start", "baseline_end", "band_km",
                 "presentation", "lang", "attribution", "actor", "data", "dataset",
                 "no_builtin"}


def main(argv=None) -> int:
    from geo.cli import run_guarded

    return run_guarded(_main, argv, "outputs.export")


def _main(argv=None) -> int:
    from geo.cli_activity import attribution_choice, load_records
    from geo.records import CATEGORIES

    args = _parse_args(argv)
    fail = lambda msg: (print(f"outputs.export: {msg}", file=sys.stderr), 2)[1]
    if args.map and args.view_options:
        return fail(f"--map exports the saved map's own view and datasets; leave out "
                    f"{', '.join(args.view_options)}")
    try:
        window = DateWindow.parse(args.start, args.end)
    except ValueError as exc:
        return fail(f"--start/--end: {exc}")
    try:
        baseline = parse_baseline(args.baseline_start, args.baseline_end)
    except ValueError as exc:
        return fail(f"--baseline-start/--baseline-end: {exc}")
    try:
        export_date = dt.date.fromisoformat(args.export_date) if args.export_date else None
    except ValueError:
        return fail(f"--export-date '{args.export_date}' is not a date as YYYY-MM-DD")
    if args.briefing:
        shaping = [o for o in args.view_options if o not in ("--data", "--dataset",
                                                             "--no-builtin")]
        if shaping:
            return fail("--briefing exports each slide's own view; leave out "
                        + ", ".join(shaping))
        return _export_briefing(args, fail, export_date)
    if not args.out:
        return fail("--out FILE.html is needed (or --briefing FILE)")
    layers = tuple(i.strip() for i in (args.layers or ",".join(EXPORT_LAYERS)).split(",")
                   if i.strip())
    if args.by == "district" and "districts" not in layers:
        layers += ("districts",)
    unknown = [i for i in layers if i not in LAYER_TITLES]
    if unknown or not layers:
        return fail(f"unknown layer id(s): {', '.join(unknown) or '(none given)'}; "
                    f"known: {', '.join(LAYER_TITLES)}")
    bad_cats = [c for c in args.category or [] if c not in CATEGORIES]
    if bad_cats:
        return fail(f"unknown category {bad_cats[0]!r}; use one of {', '.join(CATEGORIES)}")
    from geo.boundaries import COUNTRY_NAMES
    bad_countries = [c for c in args.country or [] if c.upper() not in COUNTRY_NAMES]
    if bad_countries:
        return fail(f"unknown country {bad_countries[0]!r}; use one of "
                    + ", ".join(f"{cc} ({name})" for cc, name in COUNTRY_NAMES.items()))
    try:
        attributions, actors = attribution_choice(args)
    except ValueError as exc:
        return fail(f"--attribution: {exc}")
    if not 0 < args.band_km <= 300:
        return fail("--band-km must be between 0 and 300")
    out = Path(args.out)
    prints = {kind: Path(getattr(args, kind)) for kind in ("png", "pdf", "pptx")
              if getattr(args, kind)}
    problem = unwritable(out, "--out")
    for kind, path in prints.items():
        problem = problem or unwritable(path, f"--{kind}")
    if problem:
        return fail(problem)

    if args.map:
        return _export_saved_map(args, fail, export_date, out, prints)
    records, status = load_records(args, "outputs.export")
    if status is not None:
        return status
    if args.side_by_side and baseline is None:
        return fail("--side-by-side needs --baseline-start and --baseline-end (map B)")
    if baseline is not None and ("change" not in layers or args.layers is None):
        # The change map takes the choropleth's place (both fill the provinces).
        layers = tuple(i for i in layers if i not in ("activity", "change")) + ("change",)
    kw = dict(layers=layers, window=window, baseline=baseline, categories=tuple(args.category or ()),
              countries=tuple(c.upper() for c in args.country or ()), metric=args.metric,
              band_km=args.band_km, subtitle=args.subtitle, presentation=args.presentation,
              label_lang=args.lang, attributions=attributions, actors=actors, unit=args.by)
    if args.annotations:
        drawn, problem = _read_annotations(Path(args.annotations))
        if problem:
            return fail(f"--annotations: {problem}")
        kw["annotations"] = drawn
    if args.title:
        kw["title"] = args.title
    if args.caveat is not None:
        kw["caveat"] = args.caveat
    view = MapView(**kw)
    return _write_outputs(args, view, records, baseline if args.side_by_side else None,
                          export_date, out, prints, fail)


def _read_annotations(path: Path) -> tuple[str, str | None]:
    """A GeoJSON file of annotations as a view keeps them, or what is wrong with it."""
    from geo.annotations import AnnotationProblem, annotations_text, parse_annotations
    try:
        data = path.read_bytes()
    except OSError as exc:
        return "", f"cannot read {path}: {exc.strerror or exc}"
    if len(data) > 5 * 2**20:
        return "", f"{path.name} is larger than 5 MB"
    try:
        return annotations_text(parse_annotations(data.decode("utf-8-sig"))), None
    except UnicodeDecodeError:
        return "", f"{path.name} is not UTF-8 text"
    except AnnotationProblem as exc:
        return "", f"{path.name}: {exc}"


def _write_outputs(args, view, records, side, export_date, out, prints, fail,
                   what: str = "") -> int:
    """The HTML file (side by side with ``side``), and the slides and pages asked for."""
    html = side_by_side_html(view, records, side, export_date) if side is not None \
        else export_html(view, records, export_date=export_date)
    try:
        write_atomically(out, html.encode("utf-8"))
    except OSError as exc:
        return fail(f"cannot write {out}: {exc.strerror or exc}")
    chosen = filter_records(records, None, view.categories, view.countries, actors=view.actors)
    in_window = filter_records(chosen, view.window)
    print(f"{out}: {len(html.encode('utf-8')) / 1024:.0f} KiB, {what}{len(in_window)} records "
          f"in the window {view.window.label()} ({len(chosen)} in the file, for its date "
          f"filter); shown: {counts_text(window_counts(view_records(view, records)))}; "
          f"{shown_statement(view, in_window)}")
    if prints:
        from outputs.chromium import RenderFailed, RenderUnavailable
        from outputs.print_layout import FORMATS, print_outputs
        try:
            made = print_outputs(view, records, export_date=export_date,
                                 png=args.size if "png" in prints else None,
                                 pptx=args.size if "pptx" in prints else None,
                                 pdf=args.paper if "pdf" in prints else None)
        except (RenderUnavailable, RenderFailed) as exc:
            return fail(str(exc))
        for kind, path in prints.items():
            try:
                write_atomically(path, made[kind])
            except OSError as exc:
                return fail(f"cannot write {path}: {exc.strerror or exc}")
            what = FORMATS[args.paper].name if kind == "pdf" else args.size
            print(f"{path}: {len(made[kind]) / 1024:.0f} KiB, print layout {what}")
    return 0


def _export_briefing(args, fail, export_date) -> int:
    """``--briefing FILE``: the deck, in the formats asked for, from one Chromium."""
    from geo.cli_activity import load_records
    from outputs.briefing import BriefingProblem, read_briefing
    from outputs.chromium import RenderFailed, RenderUnavailable
    from outputs.deck import export_deck
    wanted = {kind: Path(getattr(args, kind)) for kind in ("pptx", "pdf", "html")
              if getattr(args, kind)}
    if not wanted and not args.save_to_workspace:
        return fail("--briefing needs at least one of --pptx, --pdf and --html (or "
                    "--save-to-workspace)")
    if args.png:
        return fail("--briefing makes --pptx, --pdf and --html (a deck), not --png")
    for kind, path in wanted.items():
        problem = unwritable(path, f"--{kind}")
        if problem:
            return fail(problem)
    kept = _kept_briefing_id(args.briefing)
    if kept and args.save_to_workspace:
        return fail(f"--save-to-workspace keeps a briefing file; {args.briefing} is kept "
                    "already")
    try:
        if kept:
            briefing, records = _kept_briefing(args, kept)
        else:
            briefing, records = read_briefing(Path(args.briefing)), None
    except BriefingProblem as exc:
        return fail(f"--briefing: {exc}")
    except WorkspaceError as exc:
        return fail(f"--briefing: {exc}")
    if args.save_to_workspace:
        _save_briefing(args, briefing)
        if not wanted:
            return 0
    if records is None:  # a file: the records given (a kept briefing: each slide its own)
        records, status = load_records(args, "outputs.export")
        if status is not None:
            return status
    try:
        made = export_deck(briefing, records, pptx="pptx" in wanted,
                           pdf=args.paper if "pdf" in wanted else None,
                           html="html" in wanted, export_date=export_date)
    except (RenderUnavailable, RenderFailed) as exc:
        return fail(str(exc))
    for problem in made["problems"]:
        print(f"outputs.export: {args.briefing}: {problem}", file=sys.stderr)
    for kind, path in wanted.items():
        data = made[kind].encode("utf-8") if kind == "html" else made[kind]
        try:
            write_atomically(path, data)
        except OSError as exc:
            return fail(f"cannot write {path}: {exc.strerror or exc}")
        print(f"{path}: {len(data) / 1024:.0f} KiB, {len(briefing.slides)} slides")
    return 0


def _kept_briefing_id(named: str) -> str | None:
    """``--briefing`` names a kept briefing (its id) rather than a file: no such file, and
    it reads as an id."""
    import re
    return named if not Path(named).exists() and re.fullmatch(r"b-[0-9a-f]+", named) else None


def _kept_briefing(args, briefing_id: str):
    """The briefing kept in the workspace under ``briefing_id`` (``--version``), checked as
    a file is, and its records slide by slide: exactly the datasets each slide names, as in
    the app, each read once."""
    from functools import lru_cache

    from geo.workspace import open_workspace
    from geo.workspace.builtin import builtin_dataset
    from outputs.briefing import briefing_of, slide_records
    ws = open_workspace(args.workspace)
    saved = ws.saved_map(briefing_id, args.version)
    if saved.kind != "briefing":
        raise WorkspaceError(f"{briefing_id} is a saved {saved.kind}, not a briefing")
    read, builtin = lru_cache(maxsize=None)(ws.records), builtin_dataset(ws).id
    return briefing_of(saved.view, f"briefing {briefing_id}"), \
        lambda slide: slide_records(slide, read, builtin)


def _save_briefing(args, briefing) -> None:
    from geo.workspace import open_workspace
    from geo.workspace.builtin import builtin_dataset
    from geo.workspace.cli import who
    from outputs.briefing import briefing_datasets
    ws = open_workspace(args.workspace)
    saved = ws.save_briefing(briefing.title or Path(args.briefing).stem, briefing.as_json(),
                             briefing_datasets(briefing, builtin_dataset(ws).id), who(),
                             visibility=args.visibility)
    print(f"{args.briefing}: kept in the workspace as {saved.id} ({saved.describe()})")


def _export_saved_map(args, fail, export_date, out, prints) -> int:
    """``--map ID``: the saved map's view of exactly its datasets, as the app shows it."""
    from geo.cli_activity import load_records, saved_map_of
    from map_page.view_state import from_params, parse_extent
    saved, status = saved_map_of(args, "outputs.export")
    if status is not None:
        return status
    view, problems = from_params(saved.view)
    try:  # the place the map was saved at, where the file opens
        view = view.with_(extent=parse_extent(saved.view.get("extent")))
    except ValueError as exc:
        problems.append(f"its extent is not used: {exc}")
    for problem in problems:
        print(f"outputs.export: saved map {saved.id}: {problem}", file=sys.stderr)
    records, status = load_records(args, "outputs.export", saved)
    if status is not None:
        return status
    from geo.workspace import open_workspace
    from geo.workspace.cli import who
    status = _write_outputs(args, view, records, None, export_date, out, prints, fail,
                            what=f"saved map '{saved.name}' version {saved.version}: ")
    if status == 0:
        open_workspace(args.workspace).log("exported", "map", saved.id, saved.name, who(),
                                           {"version": saved.version, "to": out.name})
    return status


if __name__ == "__main__":
    sys.exit(main())
