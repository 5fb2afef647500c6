"""Soak and bomb figures: what hostile or repeated uploads cost the server.

1. Row-count bombs (a header, then one-character lines) of 2 MB and 20 MB given to the importer:
   time and peak memory until the clear refusal.
2. 50 upload/remove cycles of a 4 MB ACLED file through the real app in headless Chromium
   (network blocked): the server's resident memory after 1, 10, 25 and 50 cycles. It stays
   flat when removed uploads free their memory.

Run: .venv/bin/python bench/soak_uploads.py [--cycles N]   (needs Debian's chromium)
Only this machine is contacted (the app on 127.0.0.1).
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bombs() -> None:
    from geo.importers import FileProblem, import_file
    for mb in (2, 20):
        data = b"id,date_start,date_precision,category,summary\n" + b"x\n" * (mb * 2**20 // 2)
        before = rss_mb(os.getpid(), "VmHWM")
        t = time.perf_counter()
        try:
            import_file(io.BytesIO(data), name="bomb.csv")
            outcome = "imported (unexpected)"
        except FileProblem as exc:
            outcome = str(exc)[:90]
        print(f"bomb {mb:>2} MB: {time.perf_counter() - t:5.2f} s, peak memory "
              f"{rss_mb(os.getpid(), 'VmHWM') - before:+.0f} MB; {outcome}")


def start_app() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    import tempfile
    # A workspace of the benchmark's own (uploads are stored in it), not the project's.
    env = {**os.environ, "ISKP_WORKSPACE": tempfile.mkdtemp(prefix="iskp-bench-workspace-")}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "serve.py",
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the app did not start")


def app_page(browser, viewport: tuple[int, int] | None = None):
    """A page of ``browser`` that may reach only the app on this machine (every other
    request refused)."""
    page = browser.new_page(**({"viewport": {"width": viewport[0], "height": viewport[1]}}
                               if viewport else {}))
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    return page


def soak(cycles: int) -> None:
    from playwright.sync_api import sync_playwright
    sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]
    from bench_activity import acled_file
    from test_browser_app_geography import DATA_UPLOADER
    upload = Path("/tmp/iskp-bench/soak_upload.csv")
    if not upload.exists():
        src = acled_file(100_000).read_bytes()
        upload.write_bytes(src[: 4 * 2**20].rsplit(b"\n", 1)[0] + b"\n")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    proc, url = start_app()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = app_page(browser)
            page.goto(url)
            page.wait_for_selector("iframe", timeout=60_000)
            time.sleep(2)
            print(f"server after start: {rss_mb(proc.pid):.0f} MB")
            copies = []
            for k in range(2):  # alternate two names: the browser skips re-adding one file
                copies.append(upload.with_name(f"soak_{k}.csv"))
                shutil.copyfile(upload, copies[-1])
            for k in range(1, cycles + 1):
                f = copies[k % 2]
                page.locator(DATA_UPLOADER).set_input_files(str(f))
                page.get_by_text(f"{f.name}: acled").first.wait_for(timeout=120_000)
                page.get_by_role("button", name=f"Remove {f.name}").first.click()
                page.get_by_text(f"{f.name}: acled").first.wait_for(state="detached",
                                                                   timeout=120_000)
                if k in (1, 10, 25, 50) or k == cycles:
                    time.sleep(1)
                    print(f"after {k:>2} upload/remove cycles: server {rss_mb(proc.pid):.0f} MB")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=50)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    bombs()
    if not args.no_browser:
        soak(args.cycles)


if __name__ == "__main__":
    main()
