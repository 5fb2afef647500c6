"""A throw-away PostgreSQL 15 with PostGIS for the tests: ``initdb`` into a temporary folder as a
user who is not root (``postgres``, made by Debian's package), listening on a free loopback
port only, stopped and removed afterwards. Debian's ``postgresql-15-postgis-3`` is installed by
``scripts/setup.sh --browser``.

>>> with PostgresServer() as pg:        # doctest: +SKIP
...     url = pg.new_database()          # postgresql://iskp@127.0.0.1:PORT/ws_1
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS = Path("/usr/share/postgresql/15/extension/postgis.control")
USER = "postgres"


def missing() -> str | None:
    """What is not installed for a test server, or None."""
    if not (BIN / "initdb").exists():
        return "PostgreSQL 15 (Debian's postgresql-15)"
    if not POSTGIS.exists():
        return "PostGIS 3 (Debian's postgresql-15-postgis-3)"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return f"the '{USER}' user Debian's PostgreSQL package makes"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="iskp-pg-"))
        self.port = _free_port()
        self.count = 0

    def _as_user(self, *args, **kw):
        # As root the server will not run; as the postgres user it may.
        prefix = ["runuser", "-u", USER, "--"] if os.geteuid() == 0 else []
        return subprocess.run(prefix + [str(a) for a in args], check=True,
                              capture_output=True, text=True, **kw)

    def __enter__(self) -> "PostgresServer":
        if os.geteuid() == 0:
            shutil.chown(self.folder, USER)
        data = self.folder / "data"
        self._as_user(BIN / "initdb", "-D", data, "-U", "iskp", "--auth=trust",
                      "--encoding=UTF8", "--locale=C.UTF-8")
        self._as_user(BIN / "pg_ctl", "-D", data, "-l", self.folder / "log", "-w", "start",
                      "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                            "-c fsync=off -c full_page_writes=off")
        return self

    @property
    def admin_url(self) -> str:
        return f"postgresql://iskp@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """A new empty database with PostGIS; its URL."""
        import psycopg
        self.count += 1
        name = f"ws_{self.count}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=iskp dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://iskp@127.0.0.1:{self.port}/{name}"

    def __exit__(self, *exc) -> None:
        try:
            self._as_user(BIN / "pg_ctl", "-D", self.folder / "data", "-m", "fast", "-w",
                          "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
