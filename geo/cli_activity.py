"""``check`` and ``summary``: the activity-data half of ``python -m geo``."""
from __future__ import annotations

import json
import sys

from geo.records import CATEGORIES


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def describe(result) -> str:
    """'name: acled, 13 rows, 8 accepted, 5 rejected (2 outside the region), 3 warnings'."""
    outside = result.out_of_region.get("rows", 0)
    return (f"{result.name}: {result.format}, {result.rows:,} rows, {result.accepted:,} accepted, "
            f"{result.rejected_count:,} rejected"
            + (f" ({outside:,} outside Afghanistan and its border regions)" if outside else "")
            + f", {len(result.warnings):,} warnings")


def cmd_check(args) -> int:
    from geo.importers import FileProblem, import_file

    try:
        result = import_file(args.file, fmt=args.format)
    except FileProblem as exc:
        if args.json:
            _print_json({"format": None, "rows": 0, "accepted": 0, "rejected_rows": 0,
                         "error": str(exc), "rejected": [], "warnings": []})
        print(f"geo check: {exc}", file=sys.stderr)
        return 2
    report = result.report()
    if args.json:
        _print_json(report)
    else:
        print(describe(result))
        for kind in ("rejected", "warnings"):
            for i in report[kind]:
                where = (f"{result.unit} {i['line']}" if i["line"] else "file") + \
                    (f", {i['column']}" if i["column"] else "")
                print(f"  {'REJECTED' if kind == 'rejected' else 'warning'}: {where}: {i['reason']}")
    return 1 if result.rejected_count else 0


def load_files(paths, strict: bool, prog: str):
    """Import ``paths`` for a command: (record frames, exit status or None). Accepted rows are
    kept and the counts printed; ``strict`` refuses a file with any rejected row (exit 1)."""
    from geo.importers import FileProblem, import_file
    from geo.importers.containers import read_bytes
    from geo.importers.merge import fingerprint

    frames, seen = [], {}
    for path in paths or []:
        try:
            data, name = read_bytes(path)  # read once: fingerprinted, then imported
            digest = fingerprint(data)
            if digest in seen:
                print(f"{prog}: {path} has the same content as {seen[digest]}; added once",
                      file=sys.stderr)
                continue
            seen[digest] = path
            result = import_file(data, name=name)
        except FileProblem as exc:
            print(f"{prog}: {exc}", file=sys.stderr)
            return None, 2
        if result.rejected_count:
            print(f"{prog}: {describe(result)}; 'python -m geo check {path}' lists them",
                  file=sys.stderr)
            if strict:
                print(f"{prog}: --strict: refusing {path} (rows were rejected)", file=sys.stderr)
                return None, 1
        frames.append(result.records)
    return frames, None


def add_workspace_args(p) -> None:
    """``--dataset``, ``--map`` and ``--workspace``, as ``summary`` and ``outputs.export`` take
    them."""
    p.add_argument("--dataset", action="append", metavar="ID",
                   help="add a dataset of the workspace (repeatable; ids from "
                        "'python -m geo workspace list')")
    p.add_argument("--map", metavar="ID", help="a saved map of the workspace: its view and "
                                               "exactly its datasets")
    p.add_argument("--version", type=int, metavar="N", help="with --map: that version")
    p.add_argument("--workspace", metavar="URL", help="the workspace (default: "
                   "ISKP_DATABASE_URL, else the embedded file)")


def saved_map_of(args, prog: str):
    """The saved map ``--map`` names (its ``--version``), or None; (map, exit status)."""
    if not getattr(args, "map", None):
        return None, None
    from geo.workspace import WorkspaceError, open_workspace
    try:
        return open_workspace(args.workspace).saved_map(args.map, args.version), None
    except WorkspaceError as exc:
        print(f"{prog}: --map: {exc}", file=sys.stderr)
        return None, 2


def load_records(args, prog: str, saved=None):
    """The built-in records (unless ``--no-builtin``), the workspace's ``--dataset``s and the
    ``--data`` files, each source event once; with a saved map (``saved``), exactly its
    datasets: (records, None), or (None, exit status)."""
    from geo.activity import builtin_records
    from geo.importers.merge import combine

    frames, status = load_files(args.data, args.strict, prog)
    if status is not None:
        return None, status
    ids = list(saved.dataset_ids) if saved is not None else \
        list(getattr(args, "dataset", None) or [])
    stored = []
    if ids:
        from geo.workspace import WorkspaceError, open_workspace
        try:
            ws = open_workspace(getattr(args, "workspace", None))
            stored = [ws.records(i) for i in ids]
        except WorkspaceError as exc:
            print(f"{prog}: {exc}", file=sys.stderr)
            return None, 2
    builtin = [] if args.no_builtin or saved is not None else [builtin_records()]
    records, messages = combine(builtin + stored + frames)
    for m in messages:
        print(f"{prog}: {m}", file=sys.stderr)
    return records, None


def add_attribution_args(p) -> None:
    """``--attribution`` and ``--actor``, as ``summary`` and ``outputs.export`` take them."""
    p.add_argument("--attribution", action="append", metavar="A",
                   help="whose records to show: iskp (the default), possible, other; "
                        "repeatable or comma-separated. Other actors are context: never "
                        "counted as ISKP activity")
    p.add_argument("--actor", action="append", metavar="NAME",
                   help="only records naming this actor (repeatable; case, spacing and "
                        "punctuation ignored), e.g. --actor Taliban")


def attribution_choice(args) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(attributions shown, actors) from ``--attribution`` and ``--actor``; ValueError when an
    attribution is unknown."""
    from geo.attribution import DEFAULT_SHOWN, check_shown
    given = [v for a in args.attribution or [] for v in a.split(",")]
    shown = check_shown(given) if given else DEFAULT_SHOWN
    if given and not shown:
        raise ValueError("no attribution given")
    actors = tuple(a.strip() for a in args.actor or [] if a.strip())
    return shown, actors


def use_saved_view(args, saved) -> None:
    """The saved map's window, baseline, categories, attribution, actors and unit, where the
    command line gives none."""
    v = saved.view
    args.start = args.start or v.get("start")
    args.end = args.end or v.get("end")
    if not (args.baseline_start or args.baseline_end):
        args.baseline_start, args.baseline_end = v.get("bstart"), v.get("bend")
    args.category = args.category or [c for c in v.get("cat", "").split(",") if c] or None
    args.attribution = args.attribution or ([v["attribution"]] if v.get("attribution")
                                            else None)
    args.actor = args.actor or [a for a in v.get("actors", "").split(";") if a] or None
    args.by = args.by or v.get("by")


def cmd_summary(args) -> int:
    from geo.joins import DateWindow, filter_records, summary

    saved, status = saved_map_of(args, "geo summary")
    if status is not None:
        return status
    if saved is not None:
        use_saved_view(args, saved)
    args.by = args.by or "province"

    try:
        window = DateWindow.parse(args.start, args.end)
    except ValueError as exc:
        print(f"geo summary: {exc}", file=sys.stderr)
        return 2
    from geo.change import change_json, parse_baseline
    try:
        baseline = parse_baseline(args.baseline_start, args.baseline_end)
    except ValueError as exc:
        print(f"geo summary: --baseline-start/--baseline-end: {exc}", file=sys.stderr)
        return 2
    try:
        shown, actors = attribution_choice(args)
    except ValueError as exc:
        print(f"geo summary: --attribution: {exc}", file=sys.stderr)
        return 2
    records, status = load_records(args, "geo summary", saved)
    if status is not None:
        return status
    chosen = filter_records(records, None, categories=args.category, actors=actors)
    in_window = filter_records(chosen, window)
    out = summary(in_window, window, shown, actors)
    if args.by == "district":
        from geo.district_counts import district_summary
        out.update(district_summary(filter_records(in_window, attributions=shown), in_window))
    change = None
    if baseline is not None:
        whose = filter_records(chosen, attributions=shown)
        try:
            change = change_json(whose, window, baseline)
        except ValueError as exc:
            print(f"geo summary: {exc}", file=sys.stderr)
            return 2
        out["baseline"] = change["baseline"]
        for p in out["provinces"]:
            p.update(change["provinces"][p["iso"]])
        if args.by == "district":
            by_id = change_json(whose, window, baseline, unit="district")["districts"]
            for d in out["districts"]:
                d.update(by_id[d["id"]])
    if args.json:
        _print_json(out)
    else:
        print(f"{out['records']} records, {window.label()}"
              + (f"; baseline {baseline.label()}" if baseline else ""))
        print(f"  {out['shown']['statement']}")
        for p in out["provinces"]:
            if p["records"] or (change and p["baseline"]["records"]):
                extra = ""
                if change:
                    c = p["change"]["records"]
                    pct = "" if c["percent"] is None else f" ({c['percent']:+.0f} %)"
                    extra = (f"\tbaseline {p['baseline']['records']}, expected "
                             f"{c['expected']:g}: {c['level']}{pct}")
                print(f"  {p['iso']}\t{p['name']}\t{p['records']}\t{p['fatalities']}{extra}")
        if args.by == "district":
            print(f"  by district ({out['not_in_a_district']} counted records in Afghanistan "
                  "are in no district):")
            for d in out["districts"]:
                if d["records"]:
                    print(f"  {d['id']}\t{d['name']}\t{d['province']}\t{d['records']}\t"
                          f"{d['fatalities']}")
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser("check", help="validate an activity file (native, ACLED, UCDP, GeoJSON; "
                                     "CSV, Excel, JSON, zip or gz)")
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
    add_attribution_args(p)
    p.add_argument("--strict", action="store_true",
                   help="refuse a data file with any rejected row (exit 1)")
    p.add_argument("--baseline-start", metavar="YYYY-MM-DD",
                   help="compare with this baseline window (with --baseline-end): adds "
                        "'baseline' and 'change' per province (Trendfinder's levels)")
    p.add_argument("--baseline-end", metavar="YYYY-MM-DD")
    add_workspace_args(p)
    p.add_argument("--by", choices=["province", "district"], default=None,
                   help="district: add per-district figures ('districts') beside the "
                        "per-province ones")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summary)
