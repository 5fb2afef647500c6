"""The team's accounts, kept in the workspace: local accounts with an Argon2id password hash
(argon2-cffi), accounts of the single sign-on (no password here), their sessions and the rate
limit on logins. Every change is one transaction with its line in the history.

A session is a random token in the browser's cookie; the workspace keeps only its SHA-256, so
a copy of the database opens no session. A session ends at logout, when its account is
disabled or its role changes, or after :data:`IDLE_MINUTES` without a request.

>>> accounts = Accounts(open_workspace("sqlite:////tmp/ws.gpkg"))             # doctest: +SKIP
>>> accounts.add("ana", "analyst", password="a long pass phrase")           # doctest: +SKIP
>>> token = accounts.log_in("ana", "a long pass phrase", address="10.0.0.7")  # doctest: +SKIP
>>> accounts.session(token).role                                              # doctest: +SKIP
'analyst'
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, insert, select, update

from geo.words import Phrase
from geo.workspace.errors import WorkspaceError
from geo.workspace.permissions import Caller, check, check_role
from geo.workspace.schema import history, login_failures, sessions, users
from geo.workspace.store import Workspace, _now, _utc

# Sessions end after this long without a request (ISKP_SESSION_IDLE_MINUTES).
IDLE_MINUTES = float(os.environ.get("ISKP_SESSION_IDLE_MINUTES") or 30)
# Five failed logins in 15 minutes, for an account or from an address, and it waits.
MAX_FAILURES, FAILURE_WINDOW = 5, dt.timedelta(minutes=15)
MIN_PASSWORD = 12
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}\Z")
# argon2-cffi's defaults are RFC 9106's low-memory choice for Argon2id.
_HASHER = PasswordHasher()
# A hash to verify against when the account does not exist, so that a wrong name takes as
# long as a wrong password (the time would tell which names exist).
_DUMMY = _HASHER.hash(secrets.token_hex(16))


class LoginRefused(WorkspaceError):
    """A login that did not succeed, raised with what the person may be told: a
    :class:`geo.words.Phrase` (``phrase`` with ``{name}`` fields, and its ``values``), so that
    the login page can say it in the reader's language; ``str()`` is the English sentence."""

    def __init__(self, phrase: str, **values):
        super().__init__(Phrase(phrase, **values))


class Waiting(LoginRefused):
    """Too many failures: the login waits until ``until``."""

    def __init__(self, until: dt.datetime):
        self.until = until
        self.minutes = max(1, round((until - _now()).total_seconds() / 60))
        super().__init__("Too many failed logins: wait {n} minute and try again."
                         if self.minutes == 1 else
                         "Too many failed logins: wait {n} minutes and try again.",
                         n=self.minutes)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise WorkspaceError(Phrase("an account's name is 1 to 64 letters, digits and . _ @ -,"
                                    " starting with a letter or digit"))
    return name


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise WorkspaceError(Phrase("a password has at least {n} characters", n=MIN_PASSWORD))
    return password


class Accounts:
    """The accounts of one workspace. ``by``: who manages them (an admin; the CLI acts as the
    machine's user, :meth:`Caller.machine`)."""

    def __init__(self, ws: Workspace, by: Caller | None = None):
        self.ws, self.engine = ws, ws.engine
        self.by = by or ws.caller

    def _log(self, conn, action: str, account: str, detail: dict, who: str | None = None,
             address: str | None = None) -> None:
        conn.execute(insert(history).values(
            at=_now(), who=who or self.by.name, action=action, kind="account",
            item_id=account, item_name=account, detail=detail,
            address=address if address is not None else self.by.address))

    # -- managing accounts (admins) ---------------------------------------------------------
    def add(self, name: str, role: str, password: str | None = None,
            source: str = "local") -> None:
        check(self.by, "manage users")
        check_name(name)
        check_role(role)
        if source == "local":
            check_password(password)
        now = _now()
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first():
                raise WorkspaceError(Phrase("there is an account {name} already", name=name))
            conn.execute(insert(users).values(
                name=name, role=role, source=source, disabled=0, created_by=self.by.name,
                created_at=now, changed_at=now,
                password_hash=_HASHER.hash(password) if password is not None else None))
            self._log(conn, "account added", name, {"role": role, "source": source})

    def list(self) -> list[dict]:
        check(self.by, "manage users")
        with self.engine.connect() as conn:
            rows = conn.execute(select(users).order_by(users.c.name)).all()
        return [{"name": r.name, "role": r.role, "source": r.source,
                 "disabled": bool(r.disabled), "created_by": r.created_by,
                 "created_at": _utc(r.created_at), "changed_at": _utc(r.changed_at)}
                for r in rows]

    def count(self) -> int:
        """Accounts that can log in (no right needed: the server asks it at start)."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(users)
                                .where(users.c.disabled == 0)).scalar_one()

    def _change(self, name: str, action: str, detail: dict, end_sessions: bool,
                **values) -> None:
        check(self.by, "manage users")
        with self.engine.begin() as conn:
            if not conn.execute(select(users.c.name).where(users.c.name == name)).first():
                raise WorkspaceError(Phrase("no account {name}", name=name))
            conn.execute(update(users).where(users.c.name == name)
                         .values(changed_at=_now(), **values))
            if end_sessions:
                conn.execute(update(sessions).where(sessions.c.account == name,
                                                    sessions.c.ended_at.is_(None))
                             .values(ended_at=_now(), ended_why=action))
            self._log(conn, action, name, detail)

    def set_password(self, name: str, password: str) -> None:
        check_password(password)
        self._change(name, "password changed", {}, True,
                     password_hash=_HASHER.hash(password))

    def set_role(self, name: str, role: str) -> None:
        self._change(name, "role changed", {"role": check_role(role)}, True, role=role)

    def disable(self, name: str) -> None:
        self._change(name, "account disabled", {}, True, disabled=1)

    def enable(self, name: str) -> None:
        self._change(name, "account enabled", {}, False, disabled=0)

    # -- logging in ---------------------------------------------------------------------------
    def _waiting_until(self, conn, name: str, address: str) -> dt.datetime | None:
        since = _now() - FAILURE_WINDOW
        for column, value in ((login_failures.c.account, name),
                              (login_failures.c.address, address)):
            times = conn.execute(select(login_failures.c.at)
                                 .where(column == value, login_failures.c.at > since)
                                 .order_by(login_failures.c.at.desc())
                                 .limit(MAX_FAILURES)).scalars().all()
            if len(times) >= MAX_FAILURES:
                # It waits until the oldest of the last five is out of the window.
                return _utc(times[-1]) + FAILURE_WINDOW
        return None

    def log_in(self, name: str, password: str, address: str) -> str:
        """A new session's token for a local account and its password; ``LoginRefused``
        (``Waiting`` after too many failures) otherwise. Both are in the history."""
        name = (name or "").strip()[:64]
        with self.engine.connect() as conn:
            until = self._waiting_until(conn, name, address)
            row = conn.execute(select(users).where(users.c.name == name)).first()
        if until is not None:
            with self.engine.begin() as conn:
                self._log(conn, "login refused", name, {"why": "too many failures"},
                          who=name, address=address)
            raise Waiting(until)
        stored = row.password_hash if row is not None and row.source == "local" else None
        try:
            good = _HASHER.verify(stored or _DUMMY, password or "") and stored is not None
        except (VerificationError, InvalidHashError):
            good = False
        if not good or row.disabled:
            with self.engine.begin() as conn:
                conn.execute(insert(login_failures).values(at=_now(), account=name,
                                                           address=address))
                self._log(conn, "login failed", name,
                          {"why": "disabled" if good else "wrong name or password"},
                          who=name, address=address)
            raise LoginRefused("Wrong name or password." if not good else
                               "This account is disabled: ask an admin.")
        if _HASHER.check_needs_rehash(stored):
            with self.engine.begin() as conn:
                conn.execute(update(users).where(users.c.name == name)
                             .values(password_hash=_HASHER.hash(password)))
        return self._start(name, address, "local")

    def log_in_sso(self, name: str, role: str, address: str) -> str:
        """A session for a person the single sign-on vouched for; their account is made, or
        its role follows the provider's groups."""
        check_name(name)
        now = _now()
        with self.engine.begin() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
            if row is None:
                conn.execute(insert(users).values(
                    name=name, role=role, source="sso", disabled=0, created_by="single sign-on",
                    created_at=now, changed_at=now, password_hash=None))
                self._log(conn, "account added", name, {"role": role, "source": "sso"},
                          who="single sign-on", address=address)
            elif row.disabled:
                self._log(conn, "login failed", name, {"why": "disabled"}, who=name,
                          address=address)
                raise LoginRefused("This account is disabled: ask an admin.")
            elif row.role != role:
                conn.execute(update(users).where(users.c.name == name)
                             .values(role=role, changed_at=now))
                self._log(conn, "role changed", name, {"role": role, "by": "groups claim"},
                          who="single sign-on", address=address)
        return self._start(name, address, "sso")

    def refused_sso(self, name: str, why: str, address: str) -> None:
        """A person the provider vouched for, refused here (no group that gives a role)."""
        with self.engine.begin() as conn:
            self._log(conn, "login failed", name[:64] or "?", {"why": why, "how": "sso"},
                      who=name[:64] or "?", address=address)

    def _start(self, name: str, address: str, how: str) -> str:
        token = secrets.token_urlsafe(32)
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(insert(sessions).values(token_hash=token_hash(token), account=name,
                                                 address=address, started_at=now,
                                                 last_seen=now))
            self._log(conn, "logged in", name, {"how": how}, who=name, address=address)
        return token

    def session(self, token: str | None, address: str = "", touch: bool = True) -> Caller | None:
        """The caller of a live session (its last request now, if ``touch``), or None: no
        such session, ended, idle too long, or its account disabled."""
        if not token:
            return None
        key = token_hash(token)
        now = _now()
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions, users.c.role, users.c.disabled)
                               .join(users, users.c.name == sessions.c.account)
                               .where(sessions.c.token_hash == key)).first()
        if row is None or row.ended_at is not None or row.disabled:
            return None
        if now - _utc(row.last_seen) > dt.timedelta(minutes=IDLE_MINUTES):
            with self.engine.begin() as conn:
                conn.execute(update(sessions).where(sessions.c.token_hash == key,
                                                    sessions.c.ended_at.is_(None))
                             .values(ended_at=now, ended_why="expired"))
                self._log(conn, "session expired", row.account, {}, who=row.account,
                          address=address or row.address)
            return None
        # Written at most once a minute: every component and rerun asks.
        if touch and now - _utc(row.last_seen) > dt.timedelta(seconds=60):
            with self.engine.begin() as conn:
                conn.execute(update(sessions).where(sessions.c.token_hash == key)
                             .values(last_seen=now))
        return Caller(row.account, row.role, address or row.address)

    def log_out(self, token: str, address: str = "") -> None:
        key = token_hash(token or "")
        with self.engine.begin() as conn:
            row = conn.execute(select(sessions).where(sessions.c.token_hash == key,
                                                      sessions.c.ended_at.is_(None))).first()
            if row is None:
                return
            conn.execute(update(sessions).where(sessions.c.token_hash == key)
                         .values(ended_at=_now(), ended_why="logged out"))
            self._log(conn, "logged out", row.account, {}, who=row.account,
                      address=address or row.address)
