"""Accounts on both back-ends (geo/workspace/accounts.py) and their command line: Argon2id
hashes and nothing else of a password anywhere, sessions that end (logout, idle, a change to
the account), the rate limit per account and per address, single sign-on's role following the
groups, and the CLI that makes the first admin."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from geo.workspace import Caller, NotAllowed, WorkspaceError, open_workspace
from geo.workspace.accounts import Accounts, LoginRefused, Waiting
from geo.workspace.schema import sessions, users

ROOT = Path(__file__).resolve().parents[1]
SECRET = "correct horse battery staple"


@pytest.fixture
def accounts(workspace_url):
    a = Accounts(open_workspace(workspace_url))
    a.add("ana", "analyst", password=SECRET)
    return a


def everything_stored(ws) -> str:
    """Every table's rows, as text (where a password would show if it were kept)."""
    from geo.workspace.schema import TABLES
    with ws.engine.connect() as conn:
        return json.dumps([[list(map(str, r)) for r in conn.execute(select(t))]
                           for t in TABLES if t.name != "records"])


def test_a_password_is_kept_only_as_an_argon2id_hash(accounts, caplog):
    caplog.set_level(logging.DEBUG)
    token = accounts.log_in("ana", SECRET, "10.0.0.9")
    with pytest.raises(LoginRefused, match="Wrong name or password"):
        accounts.log_in("ana", SECRET + "!", "10.0.0.9")
    with accounts.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    kept = everything_stored(accounts.ws)
    assert SECRET not in kept and token not in kept and SECRET not in caplog.text
    assert accounts.session(token).name == "ana"


def test_names_and_passwords_are_checked(accounts):
    for name in ("", "a b", "<script>", "x" * 65, "../etc"):
        with pytest.raises(WorkspaceError, match="an account's name"):
            accounts.add(name, "viewer", password=SECRET)
    with pytest.raises(WorkspaceError, match="at least 12"):
        accounts.add("bo", "viewer", password="short")
    with pytest.raises(WorkspaceError, match="already"):
        accounts.add("ana", "viewer", password=SECRET)
    with pytest.raises(WorkspaceError, match="a role is one of"):
        accounts.add("bo", "superuser", password=SECRET)
    with pytest.raises(NotAllowed):
        Accounts(accounts.ws, by=Caller("ana", "analyst")).add("eve", "admin", password=SECRET)


def test_sessions_end_at_logout_when_idle_and_when_the_account_changes(accounts):
    token = accounts.log_in("ana", SECRET, "10.0.0.9")
    accounts.log_out(token)
    assert accounts.session(token) is None
    token = accounts.log_in("ana", SECRET, "10.0.0.9")
    with accounts.engine.begin() as conn:
        conn.execute(update(sessions).values(
            last_seen=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)))
    assert accounts.session(token) is None
    password = SECRET
    for change, then in ((lambda: accounts.set_role("ana", "viewer"), SECRET),
                         (lambda: accounts.disable("ana"), SECRET),
                         (lambda: accounts.set_password("ana", SECRET + " again"),
                          SECRET + " again")):
        accounts.enable("ana")
        token = accounts.log_in("ana", password, "10.0.0.9")
        assert accounts.session(token) is not None
        change()
        assert accounts.session(token) is None
        password = then
    with pytest.raises(LoginRefused, match="disabled"):
        accounts.disable("ana")
        accounts.log_in("ana", SECRET + " again", "10.0.0.9")
    said = [h["action"] for h in accounts.ws.history(limit=None) if h["kind"] == "account"]
    assert {"logged in", "logged out", "session expired", "role changed", "account disabled",
            "password changed", "login failed"} <= set(said)


def test_five_failures_per_account_or_per_address_and_it_waits(accounts):
    accounts.add("bea", "viewer", password=SECRET)
    for _ in range(5):
        with pytest.raises(LoginRefused):
            accounts.log_in("ana", "wrong password!", "10.0.0.1")
    with pytest.raises(Waiting, match="wait 15 minutes") as waiting:
        accounts.log_in("ana", SECRET, "10.0.0.2")  # the account waits, from anywhere
    assert waiting.value.until > dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=14)
    accounts.log_in("bea", SECRET, "10.0.0.2")  # another account, elsewhere: fine
    with pytest.raises(Waiting):
        accounts.log_in("bea", SECRET, "10.0.0.1")  # from the address that failed: waits


def test_single_sign_on_makes_the_account_and_follows_the_groups(accounts):
    token = accounts.log_in_sso("sam@example.org", "viewer", "10.0.0.5")
    assert accounts.session(token).role == "viewer"
    token = accounts.log_in_sso("sam@example.org", "analyst", "10.0.0.5")
    assert accounts.session(token).role == "analyst"
    sam = next(u for u in accounts.list() if u["name"] == "sam@example.org")
    assert sam["source"] == "sso"
    with pytest.raises(LoginRefused):  # no local password for an account of the sign-on
        accounts.log_in("sam@example.org", "", "10.0.0.5")
    accounts.disable("sam@example.org")
    with pytest.raises(LoginRefused, match="disabled"):
        accounts.log_in_sso("sam@example.org", "analyst", "10.0.0.5")


def test_the_cli_makes_the_first_admin_and_manages_accounts(tmp_path):
    env = {**os.environ, "ISKP_WORKSPACE": str(tmp_path)}

    def users(*args, password=None):
        return subprocess.run([sys.executable, "-m", "geo", "users", *args],
                              input=password, capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=120)

    made = users("add", "ada", "--role", "admin", "--password-stdin", password=SECRET + "\n")
    assert made.returncode == 0 and "account ada added (admin)" in made.stdout
    assert users("add", "bo", "--role", "viewer", "--password-stdin",
                 password="short\n").returncode == 2
    assert users("role", "ada", "analyst").returncode == 0
    assert users("disable", "ada").returncode == 0
    listed = json.loads(users("list", "--json").stdout)
    assert [(u["name"], u["role"], u["disabled"]) for u in listed] == [("ada", "analyst", True)]
    out = users("passwd", "nobody", "--password-stdin", password=SECRET + "\n")
    assert out.returncode == 2 and "no account nobody" in out.stderr
    history = subprocess.run([sys.executable, "-m", "geo", "workspace", "history"],
                             capture_output=True, text=True, cwd=ROOT, env=env).stdout
    assert SECRET not in history + made.stdout + made.stderr
    assert [line.split("\t")[2] for line in history.splitlines()] == \
        ["account disabled", "role changed", "account added"]
