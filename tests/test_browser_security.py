"""A page of another origin (another port on this machine) against the app (issue 20, item 2):
it cannot frame the app, cannot reach the app it opens, and a message it posts to the app's
components is ignored. Also: the headers every response carries, and no traceback in the page.
"""
from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import free_port
from test_browser_app_geography import map_frame

pytestmark = pytest.mark.browser

# What a hostile page would put into a component: a document whose script marks the app page.
EVIL_RENDER = {"isStreamlitMessage": True, "type": "streamlit:render",
               "args": {"html": "<script>top.document.title='PWNED';top.__pwned=1;</script>",
                        "doc": "evil", "panes": [{}], "height": 200, "lo": 0, "hi": 1,
                        "start": 0, "end": 1, "categories": [], "chosen": [], "present": [],
                        "chosen_countries": [], "names": {}, "metric": "records"}}
POST_TO_FRAMES = ("function (w) { var sent = 0; for (var i = 0; i < 8; i++) {"
                  " try { w.frames[i].postMessage(%s, '*'); sent++; } catch (e) {} }"
                  " return sent; }" % json.dumps(EVIL_RENDER).replace("</", "<\\/"))


@pytest.fixture(scope="module")
def hostile_origin(app_url):
    """A server on another port (another origin) with pages that try the app."""
    pages = {
        "/frame.html": f'<iframe id="app" src="{app_url}/" width="900" height="600"></iframe>',
        "/opener.html": f'<button id="open" onclick="window.w = window.open(\'{app_url}/\')">'
                        'open</button><script>window.post = ' + POST_TO_FRAMES + ';</script>',
        "/poster.html": "<script>window.post = " + POST_TO_FRAMES + ";"
                        "setInterval(function () { window.sent = post(parent); }, 300);"
                        "</script>",
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path.split("?")[0], "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_every_response_forbids_framing_by_another_origin(app_url):
    import urllib.error

    for path in ("/", "/_stcore/health", "/app/static/vendor/leaflet.js",
                 "/component/no.such/index.html"):
        try:
            with urllib.request.urlopen(app_url + path, timeout=10) as r:
                headers = r.headers
        except urllib.error.HTTPError as exc:  # a 404 carries them too
            headers = exc.headers
        assert headers["Content-Security-Policy"] == "frame-ancestors 'self'", path
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_maps_assets_are_kept_by_the_browser_until_they_change(app_url):
    """The map pages name their assets by version: that URL is kept for good (a returning
    reader's map is drawn without asking again); any other is asked again each time."""
    import hashlib

    from map_runtime.assets import _files, url

    def caching(path):
        with urllib.request.urlopen(app_url + path, timeout=10) as r:
            return r.headers["Cache-Control"]

    versioned = url("leaflet.js")
    assert versioned.endswith("?v=" + hashlib.sha256(
        _files()["leaflet.js"].read_bytes()).hexdigest()[:12])
    assert caching(versioned) == "public, max-age=31536000, immutable"
    assert caching("/app/static/vendor/leaflet.js") == "no-cache"
    assert caching(versioned[:-1] + ("0" if versioned[-1] != "0" else "1")) == "no-cache"
    assert caching(url("iskp_runtime.js")) == "public, max-age=31536000, immutable"


def test_another_origin_cannot_frame_the_app(hostile_origin, offline_page):
    page = offline_page.page
    page.goto(hostile_origin + "/frame.html")
    page.wait_for_timeout(3000)
    frame = page.frame_locator("#app")
    assert frame.locator("[data-testid='stApp']").count() == 0
    assert page.title() != "PWNED"


def test_another_origin_cannot_reach_the_app_it_opens(app_url, hostile_origin, offline_page):
    page = offline_page.page
    page.goto(hostile_origin + "/opener.html")
    with page.expect_popup() as popup_info:
        page.click("#open")
    popup = popup_info.value
    map_frame(popup).locator(".leaflet-container").wait_for(timeout=60_000)
    # The app opens in a browsing context of its own (Cross-Origin-Opener-Policy): the opener
    # holds no handle on its frames.
    sent = page.evaluate("() => window.post(window.w)")
    popup.wait_for_timeout(1500)
    assert sent == 0
    assert popup.title() != "PWNED"
    assert popup.evaluate("() => window.__pwned === undefined")
    assert map_frame(popup).locator(".leaflet-container").count() == 1


def test_components_ignore_messages_from_another_origin(app_url, hostile_origin, offline_page):
    """Even a frame of another origin inside the app's page (an injected ad or extension
    frame) cannot make a component show its document or change the sidebar's panel."""
    page = offline_page.page
    page.goto(app_url + "/?start=2018-07-01&end=2018-07-31")
    frame = map_frame(page)
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    page.evaluate("(src) => { var f = document.createElement('iframe'); f.src = src;"
                  " f.id = 'evil'; document.body.appendChild(f); }",
                  hostile_origin + "/poster.html")
    evil = page.frame_locator("#evil")
    evil.locator("script").first.wait_for(state="attached", timeout=10_000)
    page.wait_for_timeout(2500)
    sent = page.frame(url=hostile_origin + "/poster.html").evaluate("() => window.sent")
    assert sent >= 2  # the messages did reach the components' windows
    assert page.title() != "PWNED"
    assert page.evaluate("() => window.__pwned === undefined")
    assert map_frame(page).locator(".leaflet-container").count() == 1
    assert offline_page.errors == []


def test_an_error_in_the_app_shows_an_error_id_not_a_traceback(offline_page, tmp_path):
    """The app's error handler (ui/server.py), served as serve.py serves the app, on a script
    that fails: the reader sees an id, the server's log has the traceback and the path."""
    import subprocess
    import sys
    import time

    from conftest import ROOT

    (tmp_path / "failing.py").write_text(
        "import streamlit as st\nst.write('before')\n"
        "raise RuntimeError('secret ' + __file__)\n")
    (tmp_path / "serve_failing.py").write_text(
        "import streamlit as st\nfrom starlette.middleware import Middleware\n"
        "from ui.server import SecurityHeaders, script_error\n"
        f"app = st.App({str(tmp_path / 'failing.py')!r}, "
        "middleware=[Middleware(SecurityHeaders)], on_script_error=script_error)\n")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(tmp_path / "serve_failing.py"),
         "--server.port", str(port), "--server.headless", "true",
         "--client.showErrorDetails", "none"],
        cwd=tmp_path, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        page = offline_page.page
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_text("error id").wait_for(timeout=30_000)
        text = page.locator("[data-testid='stApp']").inner_text()
        assert "before" in text
        assert "Traceback" not in text and str(tmp_path) not in text and "secret" not in text
    finally:
        proc.terminate()
        log = proc.communicate(timeout=20)[0].decode()
    assert "RuntimeError: secret " + str(tmp_path) in log  # the details are in the log


def test_urls_in_titles_and_link_warnings_stay_text(app_url, offline_page):
    from urllib.parse import urlencode

    page = offline_page.page
    title = "see https://evil.example/x, www.evil.example and a@b.example"
    page.goto(app_url + "/?" + urlencode({"title": title, "subtitle": "HTTP://X.EXAMPLE",
                                          "province": "http://bad.example"}))
    map_frame(page)
    heading = page.locator("h1").first
    assert heading.inner_text() == title
    page.get_by_text("unknown province").first.wait_for(timeout=30_000)
    links = page.locator("[data-testid='stMain'] a[href], [data-testid='stSidebar'] a[href]")
    hrefs = [a.get_attribute("href") for a in links.all()]
    assert not [h for h in hrefs if h.startswith(("http", "mailto"))], hrefs
    assert page.locator("h1 a, h2 a").count() == 0  # the title and subtitle: no anchor link
