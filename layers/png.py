"""PNG of an exported map for slides, rendered by headless Chromium (Debian's ``chromium``).

Chromium opens the exported file from disk with every network request refused, waits for the
map to draw, and takes a screenshot at slide size. Without Chromium or Playwright the caller
gets :class:`PngUnavailable` with what to install.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from layers.files import write_atomically

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


class PngUnavailable(RuntimeError):
    pass


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise PngUnavailable("PNG needs headless Chromium, which is not installed: on Debian, "
                             "'apt-get install chromium' (scripts/setup.sh --browser does it)")
    return path


def render_png(html_path: Path, png_path: Path, width: int = 1600, height: int = 1000) -> Path:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PngUnavailable("PNG needs the 'playwright' package (pip install -r "
                             "requirements.txt)") from None
    exe = chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=FLAGS)
        try:
            ctx = browser.new_context(viewport={"width": width, "height": height},
                                      device_scale_factor=1)
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                ("file:", "data:", "blob:")) else r.abort())
            page = ctx.new_page()
            page.goto(Path(html_path).resolve().as_uri())
            page.wait_for_selector(".leaflet-overlay-pane path", timeout=30_000)
            page.wait_for_timeout(600)  # marker clusters and heatmap draw after the shapes
            write_atomically(Path(png_path), page.screenshot())
        finally:
            browser.close()
    return png_path


def html_to_png_bytes(html: str) -> bytes:
    """For the app's button: the PNG of an export given as a string."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "map.html", Path(tmp) / "map.png"
        src.write_text(html, encoding="utf-8")
        render_png(src, dst)
        return dst.read_bytes()
