"""The team server behind Debian's nginx (issue 25), as the README sets it up: TLS with a
throw-away certificate, the security headers once each, the websocket through the proxy, a
Secure session cookie, the person's address in the history; and a personal server that
refuses what comes through a proxy."""
from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage, free_port, start_app
from team import add_account, log_in
from test_browser_app_geography import map_frame

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="module", params=["embedded", "postgresql"])
def proxied(request):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("Debian's nginx is not installed; scripts/setup.sh --browser installs it")
    folder = Path(tempfile.mkdtemp(prefix="iskp-proxy-"))
    env = {"ISKP_WORKSPACE": str(folder / "workspace")}
    if request.param == "postgresql":
        env["ISKP_DATABASE_URL"] = request.getfixturevalue("postgis").new_database()
    else:
        env["ISKP_TEAM"] = "1"
    add_account(env, "ana", "analyst")
    app, app_url = start_app(env)
    cert, key = _certificate(folder)
    port = free_port()
    site = subprocess.run(
        [sys.executable, "scripts/nginx_config.py", "--server-name", "localhost",
         "--cert", str(cert), "--key", str(key), "--listen", f"127.0.0.1:{port}",
         "--app", app_url.removeprefix("http://")],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    (folder / "iskp.conf").write_text(site)
    temp = {k: folder / k for k in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (folder / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\nevents {{}}\nhttp {{\n    access_log off;\n"
        + "".join(f"    {k}_temp_path {v};\n" if k != "body" else
                  f"    client_body_temp_path {v};\n" for k, v in temp.items())
        + f"    include {folder}/iskp.conf;\n}}\n")
    proxy = subprocess.Popen([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proxy.kill()
        raise RuntimeError("nginx did not start: " + (folder / "error.log").read_text())
    yield f"https://localhost:{port}", env.get("ISKP_DATABASE_URL") or \
        f"sqlite:///{folder / 'workspace' / 'workspace.gpkg'}"
    proxy.terminate()
    proxy.wait(timeout=10)
    app.terminate()
    app.wait(timeout=20)


def _insecure():
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def test_the_app_through_nginx_with_tls_headers_and_websocket(proxied, chromium):
    url, workspace_url = proxied
    with urllib.request.urlopen(url + "/account/login", context=_insecure(), timeout=10) as r:
        headers = r.headers
    assert headers.get_all("Strict-Transport-Security") == ["max-age=31536000"]
    assert headers.get_all("Content-Security-Policy") == ["frame-ancestors 'self'"]
    assert headers.get_all("X-Content-Type-Options") == ["nosniff"]
    # Plain HTTP to the TLS port is refused by nginx, not passed on.
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        urllib.request.urlopen(url.replace("https", "http") + "/", timeout=5).read()

    browser = OfflinePage(chromium, viewport=(1366, 768), ignore_https_errors=True)
    try:
        page = browser.page
        log_in(page, url, "ana", path="/?start=2018-01-01&end=2018-12-31")
        map_frame(page)  # assets, the component and the websocket, all through the proxy
        expect(page.get_by_text("Logged in as ana (analyst)")).to_be_visible()
        cookie = next(c for c in browser.context.cookies() if c["name"] == "iskp_session")
        assert cookie["secure"] and cookie["httpOnly"]
        assert browser.errors == [] and browser.blocked == []
    finally:
        browser.close()
    from geo.workspace import open_workspace
    ws = open_workspace(workspace_url)
    login = next(h for h in ws.history(limit=None) if h["action"] == "logged in")
    assert login["who"] == "ana" and login["address"] == "127.0.0.1"
    ws.engine.dispose()


def test_a_personal_server_refuses_what_comes_through_a_proxy(app_url):
    with urllib.request.urlopen(app_url + "/", timeout=10) as r:
        assert r.status == 200
    forwarded = urllib.request.Request(app_url + "/", headers={"X-Forwarded-For": "10.1.2.3"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(forwarded, timeout=10)
    assert refused.value.code == 403
    assert b"personal mode" in refused.value.read()
