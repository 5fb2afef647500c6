"""Retake the README's screenshots (docs/*.png) from the running app, offline.

Starts the app on this machine, opens it in headless Chromium with every request off the
machine blocked, and saves: docs/app.png (July 2018, the month most reports describe) and
docs/presentation.png (the same window in presentation mode at 1920x1080).

Run: .venv/bin/python scripts/screenshots.py
"""
from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from soak_uploads import start_app  # noqa: E402

SHOTS = [("docs/app.png", "/?start=2018-07-01&end=2018-07-31", (1500, 1250), True),
         ("docs/presentation.png", "/?mode=present&start=2018-07-01&end=2018-07-31",
          (1920, 1080), False)]


def main() -> None:
    from playwright.sync_api import sync_playwright
    from test_browser_app_geography import map_frame

    proc, url = start_app()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                         args=["--no-sandbox"])
            for path, query, (w, h), full in SHOTS:
                page = browser.new_page(viewport={"width": w, "height": h})
                page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url
                           else r.abort())
                page.goto(url + query)
                frame = map_frame(page)
                frame.locator(".iskp-legend-box").wait_for()
                time.sleep(1.5)
                page.screenshot(path=str(ROOT / path), full_page=full)
                print(f"{path}: {w}x{h}")
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
