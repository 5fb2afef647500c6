"""``check`` and ``summary``: the activity-data half of ``python -m geo``."""
from __future__ import annotations

import json
import sys

from geo.records import CATEGORIES


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def cmd_check(args) -> int:
    from geo.importers import FileProblem, import_file

    try:
        result = import_file(args.file, fmt=args.format)
    except FileProblem as exc:
        if args.json:
            _print_json({"format": None, "rows": 0, "accepted": 0, "error": str(exc),
                         "rejected": [], "warnings": []})
        print(f"geo check: {exc}", file=sys.stderr)
        return 2
    report = result.report()
    if args.json:
        _print_json(report)
    else:
        print(f"{result.name}: {report['format']}, {report['rows']} rows, "
              f"{report['accepted']} accepted, {report['rows'] - report['accepted']} rejected, "
              f"{len(report['warnings'])} warnings")
        for kind in ("rejected", "warnings"):
            for i in report[kind]:
                unit = "feature" if report["format"] == "geojson" else "line"
                where = f"{unit} {i['line']}" + (f", {i['column']}" if i["column"] else "")
                print(f"  {'REJECTED' if kind == 'rejected' else 'warning'}: {where}: {i['reason']}")
    return 1 if report["rejected"] else 0


def cmd_summary(args) -> int:
    from geo.activity import builtin_records
    from geo.importers import FileProblem, import_file
    from geo.joins import DateWindow, filter_records, summary
    from geo.records import concat_records

    try:
        window = DateWindow.parse(args.start, args.end)
    except ValueError as exc:
        print(f"geo summary: {exc}", file=sys.stderr)
        return 2
    frames = [] if args.no_builtin else [builtin_records()]
    status = 0
    for path in args.data or []:
        try:
            result = import_file(path)
        except FileProblem as exc:
            print(f"geo summary: {exc}", file=sys.stderr)
            return 2
        if result.rejected:
            status = 1
            print(f"geo summary: {path}: {len(result.rejected)} problem(s) in "
                  f"{result.rows - result.accepted} rejected row(s) left out; run "
                  f"'python -m geo check {path}' for the list", file=sys.stderr)
        frames.append(result.records)
    records = filter_records(concat_records(frames), window, categories=args.category)
    out = summary(records, window)
    if args.json:
        _print_json(out)
    else:
        print(f"{out['records']} records, {window.label()}")
        for p in out["provinces"]:
            if p["records"]:
                print(f"  {p['iso']}\t{p['name']}\t{p['records']}\t{p['fatalities']}")
    return status


def add_commands(sub) -> None:
    p = sub.add_parser("check", help="validate an activity file (native, ACLED, UCDP, GeoJSON)")
    p.add_argument("file")
    p.add_argument("--format", default="auto",
                   choices=["auto", "native", "acled", "ucdp", "geojson"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("summary", help="records per province, border region and sector")
    p.add_argument("--data", action="append", metavar="FILE", help="add a file (repeatable)")
    p.add_argument("--no-builtin", action="store_true", help="leave the built-in records out")
    p.add_argument("--start", metavar="YYYY-MM-DD")
    p.add_argument("--end", metavar="YYYY-MM-DD")
    p.add_argument("--category", action="append", choices=CATEGORIES, metavar="C",
                   help=f"repeatable; one of: {', '.join(CATEGORIES)}")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summary)
