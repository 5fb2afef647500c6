"""Command line for the geography and activity data. Its output formats are a stable interface.

    python -m geo resolve NAME...            NAME<TAB>ISO<TAB>canonical name per line; a name
                                             that is no province or border region but a
                                             district: NAME<TAB>district id<TAB>district
                                             <TAB>province (ISO)[<TAB>how it matched]
    python -m geo resolve --districts NAME   districts only (Kunduz the district, not the
                                             province)
    python -m geo locate LAT LON             ISO<TAB>name of the unit holding the point, or -;
                                             in Afghanistan then <TAB>district id<TAB>district
    python -m geo locate --csv FILE          the same for each row (columns lat, lon)
    python -m geo check FILE                 validation report of an activity file
    python -m geo summary [--data FILE]...   counts per province, border region and sector
    python -m geo workspace list|import|...  the workspace: datasets, saved maps, history,
                                             backup and restore (see geo.workspace.cli)
    python -m geo users add|list|passwd|...  the team's accounts (see geo.workspace.users_cli)

``--json`` gives machine-readable output on every command. Exit codes: 0 all well, 1 some rows
or names rejected, 2 a file or an argument that cannot be used at all, 3 an internal error (a bug:
the message says so, without a traceback).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import pandas as pd


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _district_result(query: str, d) -> dict:
    return {"query": query, "level": "district", "iso": d.id, "name": d.name,
            "province_iso": d.province_iso, "province": d.province, "matched_as": d.how,
            "matched": d.matched, "score": d.score}


def cmd_resolve(args) -> int:
    from geo.gazetteer import PlaceError, resolve, resolve_district

    results, failed = [], False
    for query in args.names:
        unit = problem = None
        if not args.districts:
            try:
                unit = resolve(query)
            except PlaceError as exc:
                problem = exc
        if unit is not None:
            results.append({"query": query, "iso": unit.iso, "name": unit.name})
            if not args.json:
                print(f"{query}\t{unit.iso}\t{unit.name}")
            continue
        try:
            d = resolve_district(query)
        except PlaceError as exc:
            d, problem = None, problem or exc
        # A misspelt province ('Kandahr') is not silently a district of that name: beside
        # provinces, only a district's own spellings count.
        if d is None or (not args.districts and d.how == "close spelling"):
            failed = True
            results.append({"query": query, "iso": None, "name": None})
            print(f"geo resolve: {problem}", file=sys.stderr)
            continue
        results.append(_district_result(query, d))
        if not args.json:
            how = "" if d.how == "name" else f"\t{d.says().split(', ', 1)[1]}"
            print(f"{query}\t{d.id}\t{d.name}\t{d.province} ({d.province_iso}){how}")
    if args.json:
        _print_json(results)
    return 1 if failed else 0


INTERNAL_ERROR = 3


def _read_points(path: str) -> pd.DataFrame:
    """The lat, lon columns of a CSV (any encoding, zipped or not), through the same reader as
    activity files; raises FileProblem when it cannot be used."""
    from geo.importers.reader import read_table
    from geo.validation import FileProblem

    raw = read_table(path)
    if raw.geojson is not None:
        raise FileProblem(f"{path} is JSON; give a CSV with columns lat, lon")
    frame = raw.rows
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = {"lat", "lon"} - set(frame.columns)
    if missing:
        raise FileProblem(f"{path} lacks column(s) {', '.join(sorted(missing))}")
    return frame.reset_index(drop=True)


def cmd_locate(args) -> int:
    from geo.lookup import locate, locate_districts

    from geo.validation import FileProblem

    if args.csv:
        try:
            frame = _read_points(args.csv)
        except FileProblem as exc:
            print(f"geo locate: {exc}", file=sys.stderr)
            return 2
        raw_lat, raw_lon = frame["lat"].tolist(), frame["lon"].tolist()
    elif args.lat is not None and args.lon is not None:
        raw_lat, raw_lon = [args.lat], [args.lon]
    else:
        print("geo locate: give LAT LON or --csv FILE", file=sys.stderr)
        return 2
    lat = pd.to_numeric(pd.Series(raw_lat), errors="coerce")
    lon = pd.to_numeric(pd.Series(raw_lon), errors="coerce")
    bad = lat.isna() | lon.isna() | (lat.abs() > 90) | (lon.abs() > 180)
    for i in bad[bad].index:
        where = f"row {i + 2} of {args.csv}" if args.csv else "arguments"
        print(f"geo locate: {where}: not a coordinate: lat={raw_lat[i]!r} lon={raw_lon[i]!r}",
              file=sys.stderr)
    found = locate(lon.where(~bad), lat.where(~bad))
    district = locate_districts(lon.where(~bad), lat.where(~bad))
    rows = []
    for i in range(len(lat)):
        iso, name = found.at[i, "iso"], found.at[i, "name"]
        did, dname = district.at[i, "district_id"], district.at[i, "district"]
        rows.append({"lat": None if bad[i] else float(lat[i]),
                     "lon": None if bad[i] else float(lon[i]), "iso": iso, "name": name,
                     "district_id": did, "district": dname,
                     "district_province_iso": district.at[i, "province_iso"]})
        if not args.json:
            line = f"{iso}\t{name}" if iso else "-"
            print(f"{line}\t{did}\t{dname}" if did else line)
    if args.json:
        _print_json(rows)
    return 1 if bad.any() else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m geo", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("resolve",
                       help="resolve place names to ISO 3166-2 admin-1 units or districts")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--districts", action="store_true", help="resolve as district names only")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("locate", help="which province or border region, and which district, "
                                      "holds a point")
    p.add_argument("lat", nargs="?", metavar="LAT")
    p.add_argument("lon", nargs="?", metavar="LON")
    p.add_argument("--csv", metavar="FILE", help="a CSV file with columns lat, lon")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_locate)

    from geo import cli_activity
    from geo.workspace import cli as workspace_cli
    from geo.workspace import users_cli

    cli_activity.add_commands(sub)
    workspace_cli.add_commands(sub)
    users_cli.add_commands(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_guarded(args.func, args, "geo " + args.command)


class _Watched:
    """A stream that remembers whether anything was written (stdout) or what was (stderr)."""

    def __init__(self, stream, keep: bool):
        self.stream, self.keep, self.written, self.lines = stream, keep, False, []

    def write(self, text):
        self.written = self.written or bool(text)
        if self.keep and text.strip():
            self.lines.append(text.strip())
        return self.stream.write(text)

    def __getattr__(self, name):
        return getattr(self.stream, name)


def run_guarded(func, args, prog: str) -> int:
    """Run a command; an unexpected exception is an internal error (exit 3), reported in one
    line, never as a traceback and never mistaken for "some rows rejected" (exit 1). Under
    ``--json`` a command that printed no JSON (it stopped on a problem) prints
    ``{"error": ..., "exit": N}``, so a script always has JSON to read. A reader that closes
    the pipe early (``| head``) ends the command quietly."""
    out, err = _Watched(sys.stdout, keep=False), _Watched(sys.stderr, keep=True)
    sys.stdout, sys.stderr = out, err
    try:
        try:
            status = func(args)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            raise
        except MemoryError:
            print(f"{prog}: out of memory; try a smaller file", file=sys.stderr)
            status = INTERNAL_ERROR
        except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into a message
            print(f"{prog}: internal error ({type(exc).__name__}: {exc}); please report it "
                  "with the file that caused it", file=sys.stderr)
            status = INTERNAL_ERROR
        if status and getattr(args, "json", False) and not out.written:
            json.dump({"error": " ".join(err.lines) or f"{prog} failed", "exit": status},
                      out.stream, ensure_ascii=False)
            out.stream.write("\n")
        return status
    except BrokenPipeError:
        # The reader has gone: further output (and Python's flush at exit) would fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.stream.fileno())
        return 0
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
