"""The workspace (issue 24) on both back-ends, the embedded GeoPackage and PostgreSQL/PostGIS:
datasets read back exactly as imported, one dataset per content, saved maps with versions and
no silent overwrite, the trash, the history, backup, restore and migrate round trips, and an
import killed half-way leaving all or nothing."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

from geo.importers import import_file
from geo.workspace import MapChanged, NotFound, WorkspaceError, open_workspace
from geo.workspace.transfer import backup, copy_workspace, restore

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FILES = ["acled_export.csv", "ged_sample.zip", "native_sample.csv"]


def stored(ws, name, who="ana"):
    path = EXAMPLES / name
    result = import_file(path)
    return result, ws.add_dataset(result, path.read_bytes(), who=who, file_name=name)


def same_records(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    for column in a.columns:
        pd.testing.assert_series_equal(a[column], b[column], check_names=True, obj=column)


@pytest.mark.parametrize("name", FILES)
def test_a_stored_dataset_reads_back_exactly_as_imported(workspace_url, name):
    ws = open_workspace(workspace_url)
    result, ds = stored(ws, name)
    assert ds.new and ds.accepted == result.accepted == len(ws.records(ds.id))
    same_records(ws.records(ds.id), result.records)
    kept = ws.dataset(ds.id)
    assert kept.file_name == name and kept.size == (EXAMPLES / name).stat().st_size
    assert kept.format == result.format and kept.importer_version
    assert kept.report["rejected"] == [i.as_dict() for i in result.rejected]
    assert len(kept.report["rejected_cells"]) == len(result.rejected_rows)
    assert kept.owner == "ana" and kept.visibility == "private"


def test_hostile_cells_and_exact_numbers_read_back_as_given(workspace_url, tmp_path):
    """Text that COPY, SQL or a GeoPackage treat specially (tabs, line breaks, backslashes,
    COPY's own \\N and \\., quotes, other scripts) and doubles with no short decimal form
    come back from the store exactly as the import gave them."""
    hostile = ["a\tb", "line\nbreak", "back\\slash", "\\N", "\\.",
               "'; DROP TABLE records; --", '"quoted"', "کابل ننگرهار", "💣 \u200f rtl",
               "trailing \\", "=1+1"]
    coords = [(34.123456789012345, 70.98765432109877), (34.1 + 0.2, 69.5 + 1e-12),
              (35.000000000000014, 71.5)]
    rows = ["id,date_start,date_precision,country,admin1,location,latitude,longitude,"
            "geo_precision,category,actors,fatalities,summary,source"]
    for k, cell in enumerate(hostile):
        lat, lon = coords[k % len(coords)]
        quoted = '"' + cell.replace('"', '""') + '"'
        rows.append(f"H{k},2018-07-{k + 1:02d},day,AF,Nangarhar,{quoted},{lat!r},{lon!r},point,"
                    f"attack,ISKP,{k},{quoted},{quoted}")
    path = tmp_path / "hostile.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = import_file(path)
    assert result.accepted == len(hostile), result.report()
    assert list(result.records["location"]) == hostile
    # The CSV reader takes a carriage return for a line end (as an editor does); the store
    # is given one as a value all the same.
    result.records.loc[1, "notes"] = "carriage\rreturn\r\n"
    ws = open_workspace(workspace_url)
    ds = ws.add_dataset(result, path.read_bytes(), who="ana")
    same_records(ws.records(ds.id), result.records)


def test_a_character_a_team_server_cannot_keep_is_refused_by_its_line(workspace_url,
                                                                       tmp_path):
    """U+0000 in a cell is kept as given in the embedded workspace; PostgreSQL's text cannot
    hold it, so the team server refuses the dataset by line and column, storing nothing."""
    path = tmp_path / "nul.csv"
    path.write_bytes(b"id,date_start,date_precision,country,admin1,location,latitude,"
                     b"longitude,geo_precision,category,actors,fatalities,summary,source\n"
                     b"N1,2018-07-01,day,AF,Nangarhar,Jalalabad,34.4,70.4,point,attack,ISKP,1,"
                     b"s,src\n"
                     b"N2,2018-07-02,day,AF,Nangarhar,\"nul\x00here\",34.4,70.4,point,attack,"
                     b"ISKP,1,s,src\n")
    result = import_file(path)
    assert result.accepted == 2
    ws = open_workspace(workspace_url)
    if ws.backend == "embedded":
        ds = ws.add_dataset(result, path.read_bytes(), who="ana")
        same_records(ws.records(ds.id), result.records)
        return
    with pytest.raises(WorkspaceError, match=r"nul.csv was not stored: line 3, column "
                                             r"location: holds the character U\+0000"):
        ws.add_dataset(result, path.read_bytes(), who="ana")
    assert ws.datasets() == [] and ws.counts()["records"] == 0
    # An embedded workspace holding it, moved to the team server: the same refusal.
    embedded = open_workspace(f"sqlite:///{tmp_path / 'own.gpkg'}")
    embedded.add_dataset(result, path.read_bytes(), who="ana")
    with pytest.raises(WorkspaceError, match=r"^line 3, column location: holds the character"):
        copy_workspace(embedded, ws)
    assert ws.datasets() == [] and ws.counts()["records"] == 0


def test_the_same_content_uploaded_twice_is_one_dataset(workspace_url):
    ws = open_workspace(workspace_url)
    _, first = stored(ws, "acled_export.csv")
    _, again = stored(ws, "acled_export.csv", who="bob")
    assert again.id == first.id and not again.new
    assert [d.id for d in ws.datasets()] == [first.id]
    assert ws.counts()["records"] == first.accepted


def test_records_have_real_points_in_the_database(workspace_url, tmp_path):
    ws = open_workspace(workspace_url)
    result, ds = stored(ws, "acled_export.csv")
    placed = result.records.dropna(subset=["latitude"])
    with ws.engine.connect() as conn:
        if ws.backend == "postgresql":
            rows = conn.execute(text("SELECT r_id, ST_X(geom), ST_Y(geom), ST_SRID(geom) "
                                     "FROM records WHERE geom IS NOT NULL")).all()
        else:
            # The embedded file is a GeoPackage: GDAL (as QGIS) reads its records layer.
            conn.close()
            frame = pyogrio.read_dataframe(ws.engine.url.database, layer="records")
            assert frame.crs.to_epsg() == 4326
            frame = frame[frame.geometry.notna()]
            rows = [(r.r_id, r.geometry.x, r.geometry.y, 4326) for r in frame.itertuples()]
    got = {r[0]: (round(r[1], 6), round(r[2], 6), r[3]) for r in rows}
    want = {r.id: (round(r.longitude, 6), round(r.latitude, 6), 4326)
            for r in placed.itertuples()}
    assert got == want and len(want) >= 5


def test_a_workspace_made_with_keyed_records_is_migrated_with_its_records(workspace_url,
                                                                        tmp_path):
    """A workspace holding records at revision 0001 (whose records table had foreign keys)
    opens at the newest revision: the keys gone, every record and map kept."""
    from alembic import command
    from sqlalchemy import MetaData, inspect, insert, select

    import geo.workspace.bulk as bulk
    from geo.workspace import migrate
    from geo.workspace.engine import make_engine
    from geo.workspace.migrations.frozen import tables_0001

    # Made by today's store, then written as revision 0001 held it, with 0001's tables.
    today = open_workspace(f"sqlite:///{tmp_path / 'today.gpkg'}")
    result, ds = stored(today, "acled_export.csv")
    saved = today.save_map("kept", {"start": "2018-01-01"}, [ds.id], who="ana")
    engine = make_engine(workspace_url)
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0001")
    old = {t.name: t for t in tables_0001(MetaData())}
    with today.engine.connect() as src, engine.begin() as conn:
        for name in ("datasets", "saved_maps", "map_versions", "history"):
            rows = [{k: v for k, v in r._mapping.items() if k in old[name].c}
                    for r in src.execute(select(today_table(name)))]
            conn.execute(insert(old[name]), rows)
        bulk.store_records(conn, ds.id, today.records(ds.id))
    assert len(inspect(engine).get_foreign_keys("records")) == 2
    engine.dispose()

    ws = open_workspace(workspace_url)
    assert not inspect(ws.engine).get_foreign_keys("records")
    same_records(ws.records(ds.id), result.records)
    assert ws.saved_map(saved.id).view == {"start": "2018-01-01"}
    assert [h["action"] for h in ws.history()] == ["saved", "imported"]
    with pytest.raises(NotFound):
        ws.records("d-nothing")


def today_table(name):
    from geo.workspace import schema
    return getattr(schema, name)


def test_the_migrations_make_exactly_the_tables_the_schema_defines(workspace_url):
    """Revision by revision from the first, a new workspace ends with the columns, keys and
    indexes of geo.workspace.schema: nothing more, nothing less."""
    from geo.workspace import schema

    def made(inspector, table):
        return ({c["name"]: c["nullable"] for c in inspector.get_columns(table)},
                sorted(inspector.get_pk_constraint(table)["constrained_columns"]),
                sorted((tuple(k["constrained_columns"]), k["referred_table"])
                       for k in inspector.get_foreign_keys(table)),
                sorted(i["name"] for i in inspector.get_indexes(table)  # not a key's own
                       if not i["name"].startswith("sqlite_autoindex")
                       and not i.get("duplicates_constraint")))

    def defined(table):
        return ({c.name: c.nullable for c in table.columns},
                sorted(c.name for c in table.primary_key),
                sorted(((k.parent.name,), k.column.table.name) for k in table.foreign_keys),
                sorted(i.name for i in table.indexes))

    ws = open_workspace(workspace_url)
    with ws.engine.connect() as conn:
        inspector = sa_inspect(conn)
        for table in schema.TABLES:
            assert made(inspector, table.name) == defined(table), table.name


def test_saved_maps_keep_versions_and_never_overwrite_silently(workspace_url):
    ws = open_workspace(workspace_url)
    other = open_workspace(workspace_url)  # a second session (another process, replica)
    _, ds = stored(ws, "acled_export.csv")
    view = {"start": "2018-01-01", "end": "2018-12-31", "layers": ["provinces", "activity"],
            "title": "Nangarhar weekly"}
    m = ws.save_map("Nangarhar weekly", view, [ds.id], who="ana", description="for Monday")
    assert (m.version, m.view, m.dataset_ids) == (1, view, [ds.id])
    # Both sessions open version 1; the first saves version 2; the second is told, and
    # nothing of the first's is overwritten.
    opened = other.saved_map(m.id)
    v2 = ws.save_map(m.name, {**view, "end": "2018-06-30"}, [ds.id], who="ana", map_id=m.id,
                     expected_version=m.version)
    assert v2.version == 2
    with pytest.raises(MapChanged) as told:
        other.save_map(m.name, {**view, "title": "mine"}, [ds.id], who="bob", map_id=m.id,
                       expected_version=opened.version)
    assert "version 2" in str(told.value) and "ana" in str(told.value)
    assert ws.saved_map(m.id).view["end"] == "2018-06-30"
    assert len(ws.versions(m.id)) == 2
    # Save as a copy instead.
    copy = other.save_map("Nangarhar weekly (bob)", {**view, "title": "mine"}, [ds.id],
                          who="bob")
    assert copy.id != m.id and copy.version == 1
    # An older version opens and is restored as a new version.
    assert ws.saved_map(m.id, version=1).view == view
    v3 = ws.restore_version(m.id, 1, who="ana", expected_version=2)
    assert (v3.version, v3.view, v3.restored_from) == (3, view, 1)
    renamed = ws.rename_map(m.id, "Nangarhar, weekly", who="ana", expected_version=3)
    assert renamed.name == "Nangarhar, weekly" and renamed.version == 4
    assert "version 4" in renamed.describe() and "by ana" in renamed.describe()
    with pytest.raises(NotFound):
        ws.save_map("x", view, ["d-missing"], who="ana")


def test_delete_is_a_trash_that_restores_and_only_purge_removes(workspace_url):
    ws = open_workspace(workspace_url)
    result, ds = stored(ws, "acled_export.csv")
    m = ws.save_map("map", {"start": "2018-01-01"}, [ds.id], who="ana")
    ws.delete_dataset(ds.id, who="ana")
    ws.delete_map(m.id, who="ana")
    assert ws.datasets() == [] and ws.saved_maps() == []
    assert [d.id for d in ws.datasets(trash=True)] == [ds.id]
    assert [x.id for x in ws.saved_maps(trash=True)] == [m.id]
    same_records(ws.records(ds.id), result.records)  # nothing gone while in the trash
    ws.restore_dataset(ds.id, who="ana")
    ws.restore_map(m.id, who="ana")
    assert [d.id for d in ws.datasets()] == [ds.id] and ws.saved_map(m.id).version == 1
    with pytest.raises(WorkspaceError, match="not in the trash"):
        ws.purge_dataset(ds.id, who="ana")
    ws.delete_dataset(ds.id, who="ana")
    ws.purge_dataset(ds.id, who="ana")
    assert ws.counts()["records"] == 0
    with pytest.raises(NotFound):
        ws.dataset(ds.id)
    actions = [(h["action"], h["kind"]) for h in ws.history()][::-1]
    assert actions == [("imported", "dataset"), ("saved", "map"), ("deleted", "dataset"),
                       ("deleted", "map"), ("restored", "dataset"), ("restored", "map"),
                       ("deleted", "dataset"), ("purged", "dataset")]
    assert all(h["who"] == "ana" and h["at"].tzinfo for h in ws.history())


def filled(ws):
    sets = [stored(ws, name) for name in FILES]
    m = ws.save_map("weekly", {"start": "2018-01-01"}, [sets[0][1].id], who="ana")
    ws.save_map("weekly", {"start": "2019-01-01"}, [sets[0][1].id, sets[1][1].id],
                who="bob", map_id=m.id, expected_version=1)
    ws.delete_dataset(sets[2][1].id, who="ana")
    return sets, m


def same_workspace(a, b, sets, m):
    assert [d.id for d in a.datasets()] == [d.id for d in b.datasets()]
    assert [d.id for d in a.datasets(trash=True)] == [d.id for d in b.datasets(trash=True)]
    for result, ds in sets:
        same_records(b.records(ds.id), result.records)
        assert b.dataset(ds.id).report == a.dataset(ds.id).report
    assert [v.view for v in b.versions(m.id)] == [v.view for v in a.versions(m.id)]
    assert [(h["action"], h["id"], h["who"]) for h in b.history()] == \
        [(h["action"], h["id"], h["who"]) for h in a.history()]


def test_backup_and_restore_round_trip_into_either_back_end(workspace_url, tmp_path, postgis):
    ws = open_workspace(workspace_url)
    sets, m = filled(ws)
    counts = backup(ws, tmp_path / "backup.gpkg")
    assert counts["records"] == sum(r.accepted for r, _ in sets)
    for target in (f"sqlite:///{tmp_path / 'restored.gpkg'}", postgis.new_database()):
        restored = open_workspace(target)
        restore(tmp_path / "backup.gpkg", restored)
        same_workspace(ws, restored, sets, m)
        with pytest.raises(WorkspaceError, match="not empty"):
            restore(tmp_path / "backup.gpkg", restored)
    with pytest.raises(WorkspaceError, match="exists"):
        backup(ws, tmp_path / "backup.gpkg")
    (tmp_path / "not.gpkg").write_bytes(b"not a database at all")
    with pytest.raises(WorkspaceError, match="not a workspace backup"):
        restore(tmp_path / "not.gpkg", open_workspace(f"sqlite:///{tmp_path / 'x.gpkg'}"))


def test_an_embedded_workspace_moves_to_a_team_server(tmp_path, postgis):
    embedded = open_workspace(f"sqlite:///{tmp_path / 'workspace.gpkg'}")
    sets, m = filled(embedded)
    team = postgis.new_database()
    out = subprocess.run([sys.executable, "-m", "geo", "workspace", "--workspace",
                          f"sqlite:///{tmp_path / 'workspace.gpkg'}", "migrate", "--to", team],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "Set ISKP_DATABASE_URL" in out.stdout
    same_workspace(embedded, open_workspace(team), sets, m)


KILLED_IMPORT = """
import sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from bench_activity import acled_file
from geo.importers import import_file
from geo.workspace import open_workspace
import geo.workspace.bulk as bulk
ws = open_workspace({url!r})
path = acled_file(20_000)
result = import_file(path)
store = bulk.store_records
def slow_store(conn, ds_id, frame):
    store(conn, ds_id, frame.iloc[: len(frame) // 2])
    print("half stored", flush=True)
    time.sleep(60)  # killed here, half the records written in the open transaction
    store(conn, ds_id, frame.iloc[len(frame) // 2:])
bulk.store_records = slow_store
ws.add_dataset(result, path.read_bytes(), who="ana")
print("committed", flush=True)
"""


def test_an_import_killed_half_way_leaves_all_or_nothing(workspace_url):
    ws = open_workspace(workspace_url)
    _, kept = stored(ws, "acled_export.csv")
    code = KILLED_IMPORT.format(root=str(ROOT), bench=str(ROOT / "bench"), url=workspace_url)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "half stored"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    after = open_workspace(workspace_url)
    assert [d.id for d in after.datasets()] == [kept.id]
    assert after.counts()["records"] == kept.accepted
    # The workspace takes the next import as usual.
    _, other = stored(after, "ged_sample.zip")
    assert other.new and after.counts()["datasets"] == 2


def test_the_cli_lists_imports_exports_and_tells_the_history(tmp_path):
    url = f"sqlite:///{tmp_path / 'ws.gpkg'}"

    def geo(*args):
        return subprocess.run([sys.executable, "-m", "geo", "workspace", "--workspace", url,
                               *args], capture_output=True, text=True, cwd=ROOT)

    out = geo("import", str(EXAMPLES / "acled_export.csv"))
    assert out.returncode == 1 and "8 records (5 rows rejected) stored as d-" in out.stdout
    listed = json.loads(geo("list", "--json").stdout)
    [ds] = listed["datasets"]
    assert (ds["file_name"], ds["records"], ds["format"]) == ("acled_export.csv", 8, "acled")
    assert geo("export", ds["id"], str(tmp_path / "out.csv")).returncode == 0
    back = pd.read_csv(tmp_path / "out.csv")
    assert len(back) == 8
    assert geo("delete", ds["id"]).returncode == 0
    assert json.loads(geo("list", "--json").stdout)["datasets"] == []
    assert geo("undelete", ds["id"]).returncode == 0
    history = json.loads(geo("history", "--json").stdout)
    assert [h["action"] for h in history] == ["restored", "deleted", "exported", "imported"]
    bad = geo("purge", "d-nothing")
    assert bad.returncode == 2 and "no dataset d-nothing" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_summary_and_export_take_a_dataset_or_saved_map_and_give_the_files_figures(
        workspace_url, tmp_path, capsys):
    from geo.cli import main as geo_main
    from outputs.export import main as export_main
    ws = open_workspace(workspace_url)
    path = ROOT / "tests" / "data" / "ucdp_sample.csv"
    ds = ws.add_dataset(import_file(path), path.read_bytes(), who="ana")
    m = ws.save_map("UCDP 2018", {"layers": "provinces,activity,incidents", "start": "2018-01-01",
                                  "end": "2018-12-31", "title": "UCDP, 2018",
                                  "extent": "33.9,69.8,34.6,71.2"}, [ds.id], who="ana")

    def run(main, *args):
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    window = ["--start", "2018-01-01", "--end", "2018-12-31"]
    from_file = run(geo_main, "summary", "--json", "--no-builtin", "--data", str(path), *window)
    from_dataset = run(geo_main, "summary", "--json", "--no-builtin", "--workspace",
                       workspace_url, "--dataset", ds.id, *window)
    from_map = run(geo_main, "summary", "--json", "--workspace", workspace_url, "--map", m.id)
    assert json.loads(from_file[1]) == json.loads(from_dataset[1]) == json.loads(from_map[1])
    assert json.loads(from_map[1])["records"] == 4
    if ws.backend == "embedded":
        code, out, err = run(export_main, "--out", str(tmp_path / "map.html"), "--workspace",
                             workspace_url, "--map", m.id)
        assert code == 0, err
        assert "saved map 'UCDP 2018' version 1: 4 records" in out
        html = (tmp_path / "map.html").read_text(encoding="utf-8")
        assert "UCDP, 2018" in html
        # The file opens where the map was saved (Nangarhar), not fitted to the country.
        assert "L.latLngBounds([[33.9, 69.8], [34.6, 71.2]])" in html
        assert ws.history(limit=1)[0]["action"] == "exported"
    code, _, err = run(export_main, "--out", str(tmp_path / "x.html"), "--workspace",
                       workspace_url, "--map", m.id, "--start", "2019-01-01")
    assert code == 2 and "leave out --start" in err
    code, _, err = run(geo_main, "summary", "--workspace", workspace_url, "--map", "m-nothing")
    assert code == 2 and "no saved map m-nothing" in err


HOSTILE = "</script><img src=x onerror=alert(1)> {{7*7}} =HYPERLINK(\"x\")"


def test_a_briefing_kept_in_the_workspace_has_versions_trash_and_owners(workspace_url):
    """A briefing is kept like a saved map (issue 26): versions that never overwrite a
    colleague's silently, the trash, sharing, the history, and read back exactly."""
    from geo.workspace import Caller, NotAllowed
    from geo.workspace.builtin import builtin_dataset
    from outputs.briefing import briefing_datasets, briefing_of, read_briefing
    ws = open_workspace(workspace_url)
    example = read_briefing(Path("examples/nangarhar.briefing.json"))
    hostile = type(example)(HOSTILE, example.slides[:2] + (
        type(example.slides[0])(HOSTILE, {"start": "2018-07-01", "end": "2018-07-31"},
                                HOSTILE, HOSTILE),))
    ana, bob = ws.acting_as(Caller("ana", "analyst")), ws.acting_as(Caller("bob", "analyst"))
    builtin = builtin_dataset(ws).id
    kept = ana.save_briefing(hostile.title, hostile.as_json(),
                             briefing_datasets(hostile, builtin))
    assert kept.id.startswith("b-") and kept.kind == "briefing" and kept.version == 1
    assert kept.dataset_ids == [builtin]
    assert briefing_of(ana.saved_map(kept.id).view) == hostile  # every text as given
    # A briefing is not a saved map, and a map's list does not show it.
    assert [b.id for b in ana.saved_briefings()] == [kept.id] and ana.saved_maps() == []
    assert "Saved briefing" in kept.describe()
    # Private: bob neither sees nor opens it; shared, he sees it but changes nothing.
    assert bob.saved_briefings() == []
    with pytest.raises(NotAllowed):
        bob.saved_map(kept.id)
    ana.share_map(kept.id)
    assert [b.id for b in bob.saved_briefings()] == [kept.id]
    with pytest.raises(NotAllowed):
        bob.save_briefing("mine", hostile.as_json(), [builtin], briefing_id=kept.id,
                          expected_version=1)
    with pytest.raises(NotAllowed):
        ws.acting_as(Caller("vic", "viewer")).save_briefing("v", hostile.as_json(), [builtin])
    # Two sessions open version 1: the second save is refused, naming who saved first.
    other = open_workspace(workspace_url).acting_as(Caller("ana", "analyst"))
    two = ana.save_briefing("Second", example.as_json(), [builtin], briefing_id=kept.id,
                            expected_version=1)
    assert two.version == 2 and briefing_of(two.view) == example
    with pytest.raises(MapChanged) as told:
        other.save_briefing("Third", hostile.as_json(), [builtin], briefing_id=kept.id,
                            expected_version=1)
    assert "version 2" in str(told.value)
    assert briefing_of(ana.saved_map(kept.id, 1).view) == hostile  # version 1 kept
    with pytest.raises(WorkspaceError, match="not a saved map"):
        ana.save_map("x", {}, [builtin], map_id=kept.id, expected_version=2)
    # To the trash and back; the history names a briefing.
    ana.delete_map(kept.id)
    assert ana.saved_briefings() == [] and \
        [b.id for b in ana.saved_maps(trash=True, kind=None)] == [kept.id]
    ana.restore_map(kept.id)
    assert [b.version for b in ana.saved_briefings()] == [2]
    lines = [(h["action"], h["kind"]) for h in ws.history(item_id=kept.id)]
    assert lines[::-1] == [("saved", "briefing"), ("shared", "briefing"),
                           ("saved", "briefing"), ("deleted", "briefing"),
                           ("restored", "briefing")]


def test_a_briefing_file_is_kept_listed_written_and_exported_from_the_cli(workspace_url,
                                                                         tmp_path, capsys):
    from geo.cli import main as geo_main
    from outputs.briefing import read_briefing
    from outputs.export import main as export_main

    def run(main, *args):
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    example = Path("examples/nangarhar.briefing.json")
    code, out, err = run(export_main, "--briefing", str(example), "--save-to-workspace",
                         "--workspace", workspace_url)
    assert code == 0, err
    kept_id = out.split(" as ")[1].split()[0]
    code, out, _ = run(geo_main, "workspace", "--workspace", workspace_url, "list", "--json")
    listed = json.loads(out)
    assert [(b["id"], b["slides"]) for b in listed["briefings"]] == \
        [(kept_id, len(read_briefing(example).slides))] and listed["saved_maps"] == []
    back = tmp_path / "back.briefing.json"
    code, out, err = run(geo_main, "workspace", "--workspace", workspace_url, "briefing",
                         kept_id, str(back))
    assert code == 0, err
    assert read_briefing(back) == read_briefing(example)
    # The kept briefing exported as a deck (the offline HTML: every slide in it).
    deck = tmp_path / "deck.html"
    code, out, err = run(export_main, "--briefing", kept_id, "--html", str(deck),
                         "--workspace", workspace_url, "--export-date", "2026-12-01")
    assert code == 0, err
    html = deck.read_text()
    assert all(s.title in html for s in read_briefing(example).slides)
    code, _, err = run(export_main, "--briefing", "b-0000", "--html", str(deck),
                       "--workspace", workspace_url)
    assert code == 2 and "no saved briefing b-0000" in err
    code, _, err = run(geo_main, "workspace", "--workspace", workspace_url, "delete", kept_id)
    assert code == 0 and json.loads(run(geo_main, "workspace", "--workspace", workspace_url,
                                        "list", "--json")[1])["briefings"] == []
