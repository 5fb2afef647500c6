"""Shared fixtures: a running app and a headless Chromium that may reach only this machine."""
from __future__ import annotations

import atexit
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]


# On two processes (ISKP_TEST_WORKERS=2 scripts/run_tests.sh: --dist loadfile, each taking a
# file whole), the slowest files first (measured with --durations), so that the last file to
# start is a short one and both end at about the same time.
SLOWEST_FIRST = ("test_browser_team.py", "test_browser_app.py", "test_browser_workspace.py",
                 "test_browser_briefing.py", "test_browser_export.py", "test_browser_screens.py",
                 "test_browser_annotations.py", "test_browser_tooltips.py", "test_readme.py",
                 "test_browser_sso.py", "test_browser_districts.py", "test_export.py",
                 "test_deck.py", "test_browser_dari.py", "test_browser_proxy.py")


def pytest_collection_modifyitems(config, items):
    if not getattr(config.option, "numprocesses", None):
        return  # one process: the files in their own order
    rank = {name: k for k, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(Path(str(item.fspath)).name, len(rank)))


# Every app server this process started, so that a failed test shows what the servers said
# (CI keeps nothing else of a run: a timeout alone does not say whether the app was slow,
# stuck or failing).
APP_SERVERS: list[subprocess.Popen] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for proc in APP_SERVERS:
        if proc.poll() in (0, -15, -9):
            continue  # stopped by its fixture, before this test
        try:
            tail = Path(proc.log_path).read_text(errors="replace").splitlines()[-40:]
        except OSError:
            continue
        state = "running" if proc.poll() is None else f"exited {proc.returncode}"
        report.sections.append((f"app server {proc.url} ({state})",
                                "\n".join(tail) or "(nothing)"))


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; scripts/setup.sh --browser installs it")
        pytest.skip("chromium not installed (run scripts/run_tests.sh to install it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# A URL of anywhere but this machine (data:, blob:, file: and about: never leave it).
NOT_LOCAL = re.compile(r"^(?!(?:data|blob|file|about):)(?![a-z]+://(?:127\.0\.0\.1|localhost|"
                       r"\[::1\])(?::\d+)?(?:[/?#]|$))", re.IGNORECASE)


class OfflinePage:
    """A page whose requests to anywhere but this machine are blocked and recorded."""

    def __init__(self, browser, viewport=(1400, 900), **context_options):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           **context_options)
        self.blocked: list[str] = []
        # Only requests leaving this machine are routed here: the page's own requests (some
        # hundred a load) are not held up on this test process, busy or not.
        self.context.route(NOT_LOCAL, self._route)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "file", "about") or parsed.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def offline_page(chromium):
    p = OfflinePage(chromium)
    yield p
    p.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The app's workspace in the tests (the app in a process of its own, and AppTest in this
# one): a folder of this test run's, never the project's own nor a team server of the user's.
TEST_WORKSPACE = Path(tempfile.mkdtemp(prefix="iskp-test-workspace-"))
atexit.register(shutil.rmtree, TEST_WORKSPACE, ignore_errors=True)
os.environ["ISKP_WORKSPACE"] = str(TEST_WORKSPACE)
os.environ.pop("ISKP_DATABASE_URL", None)


def start_app(extra_env: dict | None = None, args: list | None = None,
              port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    env = {**os.environ, "ISKP_WORKSPACE": str(TEST_WORKSPACE), **(extra_env or {})}
    # The server's output goes to a file (a pipe nobody reads would fill and stop it).
    log = tempfile.NamedTemporaryFile(prefix="iskp-app-", suffix=".log", delete=False)
    atexit.register(os.unlink, log.name)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false", *(args or [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = log.name
    url = f"http://127.0.0.1:{port}"
    proc.url = url
    APP_SERVERS.append(proc)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    proc.wait()
    raise RuntimeError("the app did not start: " + Path(log.name).read_text()[-2000:])


@pytest.fixture(scope="session")
def app_url():
    from map_runtime.assets import install_static
    install_static(ROOT / "static" / "vendor")
    proc, url = start_app()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def postgis():
    """A PostgreSQL with PostGIS on a loopback port for this test session (tests/postgres_server)."""
    from postgres_server import PostgresServer, missing
    lack = missing()
    if lack:
        if os.environ.get("CI"):
            pytest.fail(f"{lack} is not installed; scripts/setup.sh --browser installs it")
        pytest.skip(f"{lack} is not installed (run scripts/run_tests.sh to install it)")
    with PostgresServer() as server:
        yield server


@pytest.fixture(params=["embedded", "postgresql"])
def workspace_url(request, tmp_path):
    """The URL of a new, empty workspace on each back-end in turn."""
    if request.param == "embedded":
        return f"sqlite:///{tmp_path / 'workspace' / 'workspace.gpkg'}"
    return request.getfixturevalue("postgis").new_database()
