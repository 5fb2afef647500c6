"""``python -m geo workspace``: the workspace from the command line.

    list [--json] [--trash]            datasets, saved maps and briefings: id, name, records
    import FILE [--visibility team]    import a file and store it as a dataset
    export DATASET_ID OUT.csv          a dataset's records as CSV (as the app's download)
    history [--json] [--limit N]       what happened, newest first
    delete|undelete|purge ID           to the trash, back, or out for good (datasets: d-...,
                                       saved maps: m-..., briefings: b-...)
    briefing ID OUT.briefing.json      a briefing kept in the workspace, as its file
    backup FILE                        the whole workspace into one new GeoPackage file
    restore FILE                       a backup into this (empty) workspace
    migrate --to postgresql://...      this workspace onto an empty team server

``--workspace URL`` names the workspace (default: ISKP_DATABASE_URL, else the embedded file).
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path


def who() -> str:
    return os.environ.get("ISKP_USER") or getpass.getuser()


def _open(args):
    from geo.workspace import open_workspace
    return open_workspace(args.workspace)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def cmd_list(args) -> int:
    ws = _open(args)
    sets = [{"id": d.id, "kind": "dataset", "name": d.file_name, "file_name": d.file_name,
             "records": d.accepted, "rejected": d.rejected, "format": d.format,
             "sha256": d.sha256, "owner": d.owner, "visibility": d.visibility,
             "created_at": _iso(d.created_at), "deleted_at": _iso(d.deleted_at)}
            for d in ws.datasets(trash=args.trash)]
    saved = {"map": [], "briefing": []}
    for m in ws.saved_maps(trash=args.trash, kind=None):
        sizes = [d["records"] for d in sets if d["id"] in m.dataset_ids]
        saved[m.kind].append({
            "id": m.id, "kind": m.kind, "name": m.name, "file_name": None,
            "records": sum(sizes), "version": m.version, "datasets": m.dataset_ids,
            "owner": m.owner, "visibility": m.visibility, "saved_at": _iso(m.saved_at),
            "saved_by": m.saved_by, "deleted_at": _iso(m.deleted_at),
            **({"slides": len(m.view.get("slides", []))} if m.kind == "briefing" else {})})
    maps, briefings = saved["map"], saved["briefing"]
    if args.json:
        json.dump({"datasets": sets, "saved_maps": maps, "briefings": briefings}, sys.stdout,
                  ensure_ascii=False, indent=1)
        print()
        return 0
    for d in sets:
        print(f"{d['id']}\t{d['file_name']}\t{d['records']} records\t{d['format']}")
    for m in maps:
        print(f"{m['id']}\t{m['name']}\tversion {m['version']}\t{len(m['datasets'])} "
              f"dataset(s)")
    for b in briefings:
        print(f"{b['id']}\t{b['name']}\tversion {b['version']}\t{b['slides']} slide(s)\t"
              "briefing")
    if not sets and not maps and not briefings:
        print("The workspace is empty" + (" (trash)" if args.trash else "") + ".")
    return 0


def cmd_import(args) -> int:
    from geo.importers import FileProblem, import_file
    path = Path(args.file)
    if not path.is_file():
        print(f"geo workspace import: no file {path}", file=sys.stderr)
        return 2
    try:
        result = import_file(path, args.format)
    except FileProblem as exc:
        print(f"geo workspace import: {exc}", file=sys.stderr)
        return 2
    if not result.accepted:
        print(f"geo workspace import: {path.name}: no row was accepted "
              f"({result.rejected_count} rejected; `python -m geo check` lists why); "
              "nothing stored", file=sys.stderr)
        return 1
    ds = _open(args).add_dataset(result, path.read_bytes(), who=who(), file_name=path.name,
                                 visibility=args.visibility)
    said = "stored as" if ds.new else "is already in the workspace as"
    print(f"{path.name}: {ds.accepted} records ({ds.rejected} rows rejected) {said} {ds.id}")
    return 1 if result.rejected_count else 0


def cmd_export(args) -> int:
    from geo import figures
    ws = _open(args)
    frame = ws.records(args.dataset)
    Path(args.out).write_bytes(figures.to_csv(frame))
    ws.log("exported", "dataset", args.dataset, ws.dataset(args.dataset).file_name, who(),
           {"to": Path(args.out).name, "records": len(frame)})
    print(f"{len(frame)} records of {args.dataset} written to {args.out}")
    return 0


def cmd_briefing(args) -> int:
    """A briefing kept in the workspace, written as its briefing file (the document exactly
    as it was saved: ``python -m outputs.export --briefing`` and the app open it)."""
    ws = _open(args)
    saved = ws.saved_map(args.id, args.version)
    if saved.kind != "briefing":
        print(f"geo workspace briefing: {args.id} is a saved {saved.kind}, not a briefing",
              file=sys.stderr)
        return 2
    out = Path(args.out)
    out.write_text(json.dumps(saved.view, ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    ws.log("exported", "briefing", saved.id, saved.name, who(),
           {"to": out.name, "version": saved.version})
    print(f"{saved.describe()}: {len(saved.view.get('slides', []))} slides written to {out}")
    return 0


def cmd_history(args) -> int:
    rows = _open(args).history(limit=args.limit)
    if args.json:
        json.dump([{**r, "at": _iso(r["at"])} for r in rows], sys.stdout, ensure_ascii=False,
                  indent=1)
        print()
        return 0
    for r in rows:
        print(f"{r['at']:%Y-%m-%d %H:%M:%S}\t{r['who']}\t{r['action']}\t{r['kind']}\t"
              f"{r['id']}\t{r['name']}\t{r['address']}")
    return 0


def cmd_trash(args) -> int:
    ws = _open(args)
    kind = "map" if args.id[:2] in ("m-", "b-") else "dataset"  # briefings are saved items
    action = {"delete": "delete", "undelete": "restore", "purge": "purge"}[args.action]
    getattr(ws, f"{action}_{kind}")(args.id, who())
    print({"delete": f"{args.id} moved to the trash (undelete brings it back)",
           "undelete": f"{args.id} restored from the trash",
           "purge": f"{args.id} removed for good"}[args.action])
    return 0


def cmd_backup(args) -> int:
    from geo.workspace.transfer import backup
    counts = backup(_open(args), Path(args.file))
    print(f"backed up to {args.file}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_restore_backup(args) -> int:
    from geo.workspace.transfer import restore
    counts = restore(Path(args.file), _open(args))
    print(f"restored {args.file}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_migrate(args) -> int:
    from geo.workspace import open_workspace
    from geo.workspace.engine import shown_url
    from geo.workspace.transfer import copy_workspace
    counts = copy_workspace(_open(args), open_workspace(args.to))
    print(f"moved to {shown_url(args.to)}: " + ", ".join(f"{v} {k}" for k, v in counts.items())
          + ". Set ISKP_DATABASE_URL to use it.")
    return 0


def _said(func, label):
    """A workspace's refusal (not found, changed, not empty, not allowed) is said in one line,
    exit 2."""
    def run(args) -> int:
        from geo.workspace import WorkspaceError
        try:
            return func(args)
        except WorkspaceError as exc:
            print(f"{label}: {exc}", file=sys.stderr)
            return 2
    return run


def command_group(sub, name: str, help_: str, doc: str):
    """``python -m geo NAME ...`` with ``--workspace``: a function that adds its commands
    (``command(name, func, help)`` gives the command's parser)."""
    group = sub.add_parser(name, help=help_, description=doc,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    group.add_argument("--workspace", metavar="URL",
                       help="sqlite:///FILE.gpkg or postgresql://...")
    commands = group.add_subparsers(dest=f"{name}_command", required=True)

    def command(cmd, func, help_):
        p = commands.add_parser(cmd, help=help_)
        p.set_defaults(func=_said(func, f"geo {name} {cmd}"))
        return p

    return command


def add_commands(sub) -> None:
    command = command_group(sub, "workspace", "datasets, saved maps, history, backup (see "
                                              "geo.workspace.cli)", __doc__)

    p = command("list", cmd_list, "datasets and saved maps")
    p.add_argument("--json", action="store_true")
    p.add_argument("--trash", action="store_true", help="what is in the trash")
    p = command("import", cmd_import, "import a file as a dataset")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", default="auto")
    p.add_argument("--visibility", default="private", choices=["private", "team"])
    p = command("export", cmd_export, "a dataset's records as CSV")
    p.add_argument("dataset", metavar="DATASET_ID")
    p.add_argument("out", metavar="OUT")
    p = command("briefing", cmd_briefing, "a briefing kept here, as a briefing file")
    p.add_argument("id", metavar="BRIEFING_ID")
    p.add_argument("out", metavar="OUT.briefing.json")
    p.add_argument("--version", type=int, help="an older version (default: the current one)")
    p = command("history", cmd_history, "what happened, newest first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=200)
    for action in ("delete", "undelete", "purge"):
        p = command(action, cmd_trash, f"{action} a dataset or saved map (trash)")
        p.add_argument("id", metavar="ID")
        p.set_defaults(action=action)
    p = command("backup", cmd_backup, "the whole workspace into one new file")
    p.add_argument("file", metavar="FILE")
    p = command("restore", cmd_restore_backup, "a backup into this empty workspace")
    p.add_argument("file", metavar="FILE")
    p = command("migrate", cmd_migrate, "this workspace onto an empty team server")
    p.add_argument("--to", required=True, metavar="URL")
