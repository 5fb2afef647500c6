"""Headless Chromium (Debian's ``chromium``) for rendering maps to images and pages offline.

Chromium opens a map file from disk with every request to the network refused, and waits
until the shapes are drawn and the labels placed. Without Chromium or Playwright the caller
gets :class:`RenderUnavailable` saying what to install.

>>> with offline_browser() as browser:
...     page = open_map(browser, Path("map.html"), 1280, 720)
...     png = page.screenshot()
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

from geo.words import Phrase

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]
# The map is drawn and every label placed (map_runtime/js/iskp_runtime.js sets these; its
# shapes are drawn as the page's scripts run). Not "an SVG path is drawn": a map of a heatmap
# alone has none, and its slide waited 30 s and failed.
DRAWN = ("() => { var m = document.querySelector('.folium-map');"
         " return !!m && document.readyState === 'complete' &&"
         " +(m.dataset.labelsPlaced || 0) >= 1 && m.dataset.labelsPending === '0'; }")


# After the map says it is drawn: marker clusters and the heatmap draw after the shapes.
SETTLE_S = 0.3


class RenderUnavailable(RuntimeError):
    """Chromium or Playwright is missing; the message says what to install."""


class RenderFailed(RuntimeError):
    """Chromium ran but the page did not finish drawing; the message says what was seen."""


PngUnavailable = RenderUnavailable  # the name earlier versions exported


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RenderUnavailable(Phrase("PNG, PDF and PowerPoint need headless Chromium, which is "
                                       "not installed: on Debian, '{0}' ({1} does it)",
                                       "apt-get install chromium", "scripts/setup.sh --browser"))
    return path


@contextmanager
def offline_browser():
    """One headless Chromium for several renders (starting one costs about a second)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise RenderUnavailable(Phrase("rendering needs the '{0}' package ({1})", "playwright",
                                       "pip install -r requirements.txt")) from None
    exe = chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_map(browser, html_path: Path, width: int, height: int, scale: float = 1.0):
    """A page of its own showing ``html_path`` at ``width`` x ``height`` CSS pixels, drawn
    ``scale`` times finer, once the map is complete. Close it with ``page.context.close()``."""
    ctx = offline_context(browser, width, height, scale)
    try:
        return map_drawn(start_map(browser, html_path, width, height, scale, context=ctx))
    except RenderFailed:
        ctx.close()
        raise


def offline_context(browser, width: int, height: int, scale: float = 1.0):
    """A browser context of that viewport in which every request to a network is refused."""
    ctx = browser.new_context(viewport={"width": width, "height": height},
                              device_scale_factor=scale)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("file:", "data:", "blob:")) else r.abort())
    return ctx


def start_map(browser, html_path: Path, width: int, height: int, scale: float = 1.0,
              context=None):
    """``open_map`` without the wait: the page loading (several draw at once, one per
    renderer process); :func:`map_drawn` waits for it. In ``context`` (from
    :func:`offline_context`) when given, else in a context of its own."""
    ctx = context or offline_context(browser, width, height, scale)
    page = ctx.new_page()
    page.goto(Path(html_path).resolve().as_uri(), wait_until="commit")
    return page


def map_drawn(page):
    """``page`` (from :func:`start_map`) once its map is complete."""
    try:
        page.wait_for_load_state("load", timeout=30_000)
        page.wait_for_function(DRAWN, timeout=30_000)
    except Exception as exc:  # Playwright's TimeoutError, or a page that crashed
        size = page.evaluate("() => { var m = document.querySelector('.folium-map');"
                             " return m ? [m.clientWidth, m.clientHeight] : null; }") \
            if not page.is_closed() else None
        page.close()
        where = Phrase("the map's area was {0}×{1} px", size[0], size[1]) if size else \
            Phrase("no map was found")
        raise RenderFailed(Phrase("the slide was not drawn within 30 s ({0}; {1})", where,
                                  type(exc).__name__)) from None
    page.wait_for_timeout(SETTLE_S * 1000)
    return page
