"""Retake the README's screenshots (docs/*.png) from the running app, offline.

Starts the app on this machine, opens it in headless Chromium with every request off the
machine blocked, and saves: docs/app.png (July 2018, the month most reports describe) and
docs/presentation.png (the same window in presentation mode at 1920x1080). Then renders the
print layout of that window: docs/slide.png (the PNG slide, 1920x1080) and docs/page.png (the
A4 PDF, rendered back with poppler's pdftoppm).

Run: .venv/bin/python scripts/screenshots.py [--print-only]
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


def print_shots() -> None:
    import datetime as dt
    import subprocess
    import tempfile

    sys.path.insert(0, str(ROOT))
    from geo.activity import builtin_records
    from geo.joins import DateWindow
    from layers.map import MapView
    from layers.print_layout import print_outputs

    view = MapView(window=DateWindow.parse("2018-07-01", "2018-07-31"))
    made = print_outputs(view, builtin_records(), png="1920x1080", pdf="a4",
                         export_date=dt.date.today())
    (ROOT / "docs/slide.png").write_bytes(made["png"])
    print("docs/slide.png: 1920x1080")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "page.pdf"
        pdf.write_bytes(made["pdf"])
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf),
                        str(ROOT / "docs/page")], check=True)
    print("docs/page.png: the A4 PDF at 110 dpi")


def main() -> None:
    if "--print-only" in sys.argv:
        return print_shots()
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
                time.sleep(3.5)  # the map settles: fitted, labels placed
                page.screenshot(path=str(ROOT / path), full_page=full)
                print(f"{path}: {w}x{h}")
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print_shots()


if __name__ == "__main__":
    main()
