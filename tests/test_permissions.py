"""Roles enforced by the store itself, on both back-ends: each cell of the table in
geo/workspace/permissions.py called straight on the workspace (no app, no hidden button), and
each refusal leaves the workspace as it was.

Alice is an analyst with a private map and dataset and a map shared with the team; Bob is
another analyst, Vera a viewer, Ada an admin.
"""
from __future__ import annotations

import pytest

from geo.importers import import_file
from geo.workspace import Caller, NotAllowed, open_workspace
from geo.workspace.accounts import Accounts

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

ALICE, BOB = Caller("alice", "analyst", "10.0.0.1"), Caller("bob", "analyst", "10.0.0.2")
VERA, ADA = Caller("vera", "viewer", "10.0.0.3"), Caller("ada", "admin", "10.0.0.4")
WHO = {"alice": ALICE, "bob": BOB, "vera": VERA, "ada": ADA}


@pytest.fixture
def team(workspace_url):
    base = open_workspace(workspace_url)
    alice = base.acting_as(ALICE)
    path = EXAMPLES / "acled_export.csv"
    result = import_file(path)
    private_ds = alice.add_dataset(result, path.read_bytes(), file_name=path.name)
    private = alice.save_map("alice private", {"start": "2018-01-01"}, [private_ds.id])
    shared = alice.save_map("alice shared", {"start": "2019-01-01"}, [private_ds.id])
    alice.share_map(shared.id)
    other = EXAMPLES / "ged_sample.zip"
    kept_ds = alice.add_dataset(import_file(other), other.read_bytes(), file_name=other.name)
    binned = alice.save_map("alice binned", {}, [])
    alice.delete_map(binned.id)
    return {"base": base, "private": private, "shared": shared, "binned": binned,
            "dataset": private_ds, "kept": kept_ds, "result": result, "path": path}


def attempt(team, who: str, action: str):
    """One cell: ``action`` by ``who``; the callable's result, or the refusal."""
    ws = team["base"].acting_as(WHO[who])
    p, s, b = team["private"], team["shared"], team["binned"]
    actions = {
        "import": lambda: ws.add_dataset(import_file(EXAMPLES / "native_sample.csv"),
                                         (EXAMPLES / "native_sample.csv").read_bytes(),
                                         file_name="native_sample.csv"),
        "save a new map": lambda: ws.save_map("new", {}, []),
        "open a private map": lambda: ws.saved_map(p.id),
        "open a shared map": lambda: ws.saved_map(s.id),
        "read private records": lambda: ws.records(team["kept"].id),
        "change a shared map": lambda: ws.save_map("mine now", {}, [], map_id=s.id,
                                                   expected_version=s.current_version),
        "rename a shared map": lambda: ws.rename_map(s.id, "renamed",
                                                     expected_version=s.current_version),
        "restore a version": lambda: ws.restore_version(s.id, 1,
                                                        expected_version=s.current_version),
        "share a private map": lambda: ws.share_map(p.id),
        "delete a shared map": lambda: ws.delete_map(s.id),
        "delete a dataset": lambda: ws.delete_dataset(team["kept"].id),
        "restore from the trash": lambda: ws.restore_map(b.id),
        "purge from the trash": lambda: ws.purge_map(b.id),
        "manage users": lambda: Accounts(ws).add("zed", "viewer", password="x" * 12),
        "log an export": lambda: ws.log("exported", "map", s.id, s.name),
    }
    try:
        actions[action]()
        return True
    except NotAllowed:
        return False


# (action, viewer, analyst who is not the owner, the owner, admin)
TABLE = [
    ("import", False, True, True, True),
    ("save a new map", False, True, True, True),
    ("open a private map", False, False, True, True),
    ("open a shared map", True, True, True, True),
    ("read private records", False, False, True, True),
    ("change a shared map", False, False, True, True),
    ("rename a shared map", False, False, True, True),
    ("restore a version", False, False, True, True),
    ("share a private map", False, False, True, True),
    ("delete a shared map", False, False, True, True),
    ("delete a dataset", False, False, True, True),
    ("restore from the trash", False, False, True, True),
    ("purge from the trash", False, False, False, True),
    ("manage users", False, False, False, True),
    ("log an export", True, True, True, True),
]
CELLS = [(action, who, want) for action, *wants in TABLE
         for who, want in zip(("vera", "bob", "alice", "ada"), wants)]


@pytest.mark.parametrize("action,who,want", CELLS,
                         ids=[f"{w}-{a.replace(' ', '_')}" for a, w, _ in CELLS])
def test_each_role_may_do_only_what_the_table_says(team, action, who, want):
    before = snapshot(team["base"])
    assert attempt(team, who, action) is want
    if not want:  # refused: nothing changed, and nothing was logged
        assert snapshot(team["base"]) == before


def snapshot(ws):
    return ([(d.id, d.visibility, d.deleted_at) for d in ws.datasets()]
            + [(m.id, m.current_version, m.name, m.visibility, m.deleted_at)
               for m in ws.saved_maps() + ws.saved_maps(trash=True)],
            len(ws.history(limit=None)), Accounts(ws).list())


def test_lists_show_each_role_only_what_it_may_open(team):
    base, p, s = team["base"], team["private"], team["shared"]
    names = {who: {m.name for m in base.acting_as(c).saved_maps()} for who, c in WHO.items()}
    assert names["vera"] == names["bob"] == {"alice shared"}
    assert names["alice"] == names["ada"] == {"alice private", "alice shared"}
    # Sharing a map shared the dataset it shows: a viewer opens it whole.
    vera = base.acting_as(VERA)
    assert [d.id for d in vera.datasets()] == [team["dataset"].id]
    assert len(vera.records(team["dataset"].id)) == team["result"].accepted
    assert p.id not in {m.id for m in base.acting_as(BOB).saved_maps(trash=True)}


def test_a_caller_cannot_act_under_another_name(team):
    """A forged name (an analyst's session saying it is the admin) is refused by the store."""
    bob = team["base"].acting_as(BOB)
    with pytest.raises(NotAllowed, match="acts only as themself"):
        bob.delete_map(team["shared"].id, who="alice")
    with pytest.raises(NotAllowed):
        bob.save_map("x", {}, [], who=ADA)
    assert not team["base"].saved_map(team["shared"].id).in_trash


def test_a_refusal_is_said_in_the_readers_language_with_names_as_given(team):
    """What the store says when it refuses is a Phrase: the app says it again in Dari, the
    map's name and the account's as given."""
    from geo.words import reason_of, say_again, speaking

    bob = team["base"].acting_as(BOB)
    with pytest.raises(NotAllowed) as refused:
        bob.rename_map(team["shared"].id, "x", expected_version=team["shared"].current_version)
    why = reason_of(refused.value)
    assert why == "bob (analyst) may not change map 'alice shared' (it is not theirs)"
    with speaking("fa"):
        assert say_again(why) == ("bob (تحلیلگر) اجازهٔ تغییر نقشه 'alice shared' را ندارد"
                                  " (از آنِ او نیست)")
    vera = team["base"].acting_as(VERA)
    with pytest.raises(NotAllowed) as refused:
        vera.saved_map(team["private"].id)
    with speaking("fa"):
        assert say_again(reason_of(refused.value)) == (
            f"vera (بیننده) اجازهٔ باز کردن نقشه {team['private'].id} را ندارد: از آنِ مالک آن"
            " و خصوصی است")


def test_an_analyst_maps_only_data_they_may_read(team):
    """Bob cannot put Alice's private dataset in a map of his (nor read it by its id)."""
    base = team["base"]
    alice = base.acting_as(ALICE)
    secret = EXAMPLES / "native_sample.csv"
    ds = alice.add_dataset(import_file(secret), secret.read_bytes(), file_name=secret.name)
    bob = base.acting_as(BOB)
    with pytest.raises(NotAllowed, match="private to its owner"):
        bob.save_map("borrowed", {}, [ds.id])
    with pytest.raises(NotAllowed):
        bob.dataset(ds.id)
    # The same content uploaded by Bob is his to read: he has the file.
    again = bob.add_dataset(import_file(secret), secret.read_bytes(), file_name=secret.name)
    assert again.id == ds.id and not again.new
    assert len(bob.records(ds.id)) == len(alice.records(ds.id))
    assert ds.id in {d.id for d in bob.datasets()}
    # ... and still not his to delete or share.
    with pytest.raises(NotAllowed):
        bob.delete_dataset(ds.id)


def test_history_is_append_only_and_each_sees_their_own(team):
    from sqlalchemy import delete, text, update
    from sqlalchemy.exc import DBAPIError

    from geo.workspace.schema import history

    base = team["base"]
    everything = base.acting_as(ADA).history(limit=None)
    assert {h["who"] for h in everything} >= {"alice"}
    assert all(h["who"] == "alice" for h in base.acting_as(ALICE).history(limit=None))
    assert base.acting_as(VERA).history(limit=None) == []
    assert {h["address"] for h in everything if h["who"] == "alice"} == {"10.0.0.1"}
    for statement in (update(history).values(who="nobody"), delete(history),
                      text("DELETE FROM history WHERE id = 1")):
        with pytest.raises(DBAPIError, match="append-only"):
            with base.engine.begin() as conn:
                conn.execute(statement)
    assert len(base.acting_as(ADA).history(limit=None)) == len(everything)
    # Nor can a caller write a line of the store's own (an export is all it tells).
    with pytest.raises(NotAllowed, match="only exports"):
        base.acting_as(ADA).log("purged", "map", "m-x", "x")
    assert len(base.acting_as(ADA).history(limit=None)) == len(everything)
