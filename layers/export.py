"""Static export: the current view as one self-contained HTML file that works offline.

Every script, style and icon is inline (only the assets the chosen layers use), data is embedded
once, the reader can narrow the date window in the file, and a sources section lists every
source behind the records. The same inputs give the same bytes; only ``export_date`` (stated
in the file) varies, and it can be fixed.

    python -m layers.export --out map.html [--data FILE]... [--no-builtin] [--start YYYY-MM-DD]
        [--end YYYY-MM-DD] [--layers ID,ID,...] [--title TEXT] [--subtitle TEXT] [--png FILE.png]

>>> html = export_html(MapView(), builtin_records(), export_date=date(2026, 11, 22))
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from geo.joins import DateWindow
from layers.assets import inline_assets
from layers.date_filter import DateFilterControl
from layers.map import LAYER_TITLES, MapView, build_map
from layers.sources_panel import sources_panel


def export_html(view: MapView, records: pd.DataFrame,
                export_date: dt.date | None = None) -> str:
    """The view as a single offline HTML page (a string)."""
    export_date = export_date or dt.date.today()
    view = view.with_(date_filter_in_map=True, title_on_map=True)

    def extras(m, data, filtered):
        font = 16 if view.presentation else 12
        if data is not None and len(filtered):
            lo, hi = filtered["date_start"].min(), filtered["date_end"].max()
            start = view.window.start if view.window.start is not None else lo
            end = view.window.end if view.window.end is not None else hi
            DateFilterControl(data, lo, hi, max(start, lo), min(end, hi), font_px=font).add_to(m)
        # Every record the reader can bring into view (any window) has its source listed.
        sources_panel(filtered, export_date, font_px=font).add_to(m)

    m = build_map(view, records, extras=extras)
    html = m.get_root().render()
    html = html.replace("<head>", f'<head>\n<title>{_title(view)}</title>'
                                  f'\n<meta name="generator" content="iskp-map export">'
                                  f'\n<meta name="export-date" content="{export_date.isoformat()}">',
                        1)
    return inline_assets(html)


def _title(view: MapView) -> str:
    from layers.base import esc
    return esc(view.title + (f" — {view.subtitle}" if view.subtitle else ""))


def _parse_args(argv):
    ap = argparse.ArgumentParser(prog="python -m layers.export",
                                 description="Export a map as one offline HTML file.")
    ap.add_argument("--out", required=True, metavar="FILE.html")
    ap.add_argument("--data", action="append", metavar="FILE", help="add a data file (repeatable)")
    ap.add_argument("--no-builtin", action="store_true", help="leave the built-in records out")
    ap.add_argument("--start", metavar="YYYY-MM-DD")
    ap.add_argument("--end", metavar="YYYY-MM-DD")
    ap.add_argument("--layers", metavar="ID,ID,...",
                    help=f"layer ids (default: all): {', '.join(LAYER_TITLES)}")
    ap.add_argument("--title")
    ap.add_argument("--subtitle", default="")
    ap.add_argument("--caveat")
    ap.add_argument("--category", action="append", metavar="C")
    ap.add_argument("--country", action="append", metavar="CC")
    ap.add_argument("--metric", choices=["records", "fatalities"], default="records")
    ap.add_argument("--band-km", type=float, default=50.0)
    ap.add_argument("--presentation", action="store_true", help="large type for projectors")
    ap.add_argument("--export-date", metavar="YYYY-MM-DD", help="date stated in the file "
                    "(default: today); fix it for byte-identical exports")
    ap.add_argument("--skip-rejected", action="store_true",
                    help="export even when some data rows are rejected (they are left out)")
    ap.add_argument("--png", metavar="FILE.png", help="also render a PNG (needs chromium)")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    from geo.activity import builtin_records
    from geo.importers import FileProblem, import_file
    from geo.records import CATEGORIES, concat_records

    args = _parse_args(argv)
    fail = lambda msg: (print(f"layers.export: {msg}", file=sys.stderr), 2)[1]
    try:
        window = DateWindow.parse(args.start, args.end)
        export_date = dt.date.fromisoformat(args.export_date) if args.export_date else None
    except ValueError as exc:
        return fail(str(exc) if "date" in str(exc) else f"--export-date: {exc}")
    layers = tuple(i.strip() for i in (args.layers or ",".join(LAYER_TITLES)).split(",")
                   if i.strip())
    unknown = [i for i in layers if i not in LAYER_TITLES]
    if unknown or not layers:
        return fail(f"unknown layer id(s): {', '.join(unknown) or '(none given)'}; "
                    f"known: {', '.join(LAYER_TITLES)}")
    bad_cats = [c for c in args.category or [] if c not in CATEGORIES]
    if bad_cats:
        return fail(f"unknown category {bad_cats[0]!r}; use one of {', '.join(CATEGORIES)}")
    if not 0 < args.band_km <= 300:
        return fail("--band-km must be between 0 and 300")
    out = Path(args.out)
    if not out.parent.exists():
        return fail(f"folder {out.parent} does not exist")

    frames = [] if args.no_builtin else [builtin_records()]
    for path in args.data or []:
        try:
            result = import_file(path)
        except FileProblem as exc:
            return fail(str(exc))
        if result.rejected and not args.skip_rejected:
            first = "; ".join(f"line {i.line} {i.column}: {i.reason}" for i in result.rejected[:3])
            print(f"layers.export: {path}: {result.rows - result.accepted} of {result.rows} rows "
                  f"rejected ({first}{' ...' if len(result.rejected) > 3 else ''}). Fix them "
                  f"(python -m geo check {path}) or pass --skip-rejected.", file=sys.stderr)
            return 1
        frames.append(result.records)
    records = concat_records(frames)
    kw = dict(layers=layers, window=window, categories=tuple(args.category or ()),
              countries=tuple(c.upper() for c in args.country or ()), metric=args.metric,
              band_km=args.band_km, subtitle=args.subtitle, presentation=args.presentation)
    if args.title:
        kw["title"] = args.title
    if args.caveat is not None:
        kw["caveat"] = args.caveat
    html = export_html(MapView(**kw), records, export_date=export_date)
    out.write_text(html, encoding="utf-8")
    print(f"{out}: {len(html.encode('utf-8')) / 1024:.0f} KiB, {len(records)} records")
    if args.png:
        from layers.png import PngUnavailable, render_png
        try:
            render_png(out, Path(args.png))
        except PngUnavailable as exc:
            return fail(str(exc))
        print(f"{args.png}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
