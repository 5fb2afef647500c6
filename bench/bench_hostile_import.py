"""Another reader's page load while one session imports a hostile file (issue 20, item 3).

One app process (serve.py, as scripts/run_app.sh serves it). Session A uploads a file; as soon
as the upload starts, session B opens the app and waits for its map to be drawn. Figures: B's
load time (median of 3) with no import and during each import, how long A waited for its
verdict, and the server's memory (resident, and its peak) after each.

Run: .venv/bin/python bench/bench_hostile_import.py   (needs Debian's chromium)
"""
from __future__ import annotations

import io
import random
import statistics
import string
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

HEAD = ["id", "date_start", "date_precision", "category", "summary", "source", "admin1"]


def files(tmp: Path) -> dict[str, Path]:
    import openpyxl

    out = {}
    random.seed(3)
    acled = ("event_id_cnty,event_date,time_precision,event_type,actor1,country,admin1,"
             "location,latitude,longitude,geo_precision,source,notes,fatalities\n")
    rows = [f"X{i},2019-05-01,1,Battles,A,{''.join(random.choices(string.ascii_letters, k=12))}"
            f",Nangarhar,x,34.4,70.4,1,s,n,0" for i in range(5000)]
    (tmp / "countries.csv").write_text(acled + "\n".join(rows))
    out["5,000 invented countries (0.35 MB CSV)"] = tmp / "countries.csv"

    buf = io.StringIO()
    buf.write(",".join(HEAD) + "\n\n")  # a blank line: the line scan, not Arrow's fast path
    for i in range(60_000):
        buf.write(f'N{i},2019-05-{i % 28 + 1:02d},day,attack,a 5" gun and "quotes {i},'
                  f"TEST DATA,Nangarhar\n")
    (tmp / "quotes.csv").write_text(buf.getvalue())
    out["stray quotes, 60,000 rows (4.5 MB CSV)"] = tmp / "quotes.csv"

    wb = openpyxl.Workbook()
    wb.active.append(HEAD)
    wb.active["XFD1048576"] = "x"
    wb.save(tmp / "far.xlsx")
    out["a cell at XFD1048576 (5 KB xlsx)"] = tmp / "far.xlsx"

    comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip, written without holding it unpacked
    parts = [comp.compress(b"date_start,category,summary\n")]
    for _ in range(225):
        parts.append(comp.compress(b"a\n" * 1_000_000))
    parts.append(comp.flush())
    (tmp / "lines.csv.gz").write_bytes(b"".join(parts))
    out["450 MB of lines (0.4 MB gzip)"] = tmp / "lines.csv.gz"
    return out


def main() -> None:
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_FLAGS, chromium_path, start_app
    from soak_uploads import rss_mb
    from test_browser_app_geography import DATA_UPLOADER, map_frame

    proc, url = start_app()
    try:
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), headless=True,
                                         args=CHROMIUM_FLAGS)

            def load_b() -> float:
                ctx = browser.new_context(viewport={"width": 1366, "height": 768})
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(url)
                map_frame(page).locator(".leaflet-container").wait_for(timeout=120_000)
                took = time.perf_counter() - t
                ctx.close()
                return took

            load_b()  # warm: the first map document is built once per server
            quiet = [load_b() for _ in range(3)]
            print(f"{'no import':<40} B's load median {statistics.median(quiet):.2f} s")
            for label, path in files(Path(tmp)).items():
                loads, waits = [], []
                for _ in range(3):
                    a = browser.new_context()
                    pa = a.new_page()
                    pa.goto(url)
                    map_frame(pa).locator(".leaflet-container").wait_for(timeout=120_000)
                    t = time.perf_counter()
                    pa.locator(DATA_UPLOADER) \
                        .set_input_files(str(path))
                    loads.append(load_b())
                    pa.get_by_text(path.name).first.wait_for(timeout=180_000)
                    pa.locator("[data-testid='stSidebar'] .iskp-plain").first.wait_for(
                        timeout=180_000)
                    waits.append(time.perf_counter() - t)
                    a.close()
                print(f"{label:<40} B's load median {statistics.median(loads):.2f} s "
                      f"(max {max(loads):.2f}); A's verdict {statistics.median(waits):.1f} s; "
                      f"server {rss_mb(proc.pid):.0f} MB (peak {rss_mb(proc.pid, 'VmHWM'):.0f})")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
