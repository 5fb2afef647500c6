"""Load: concurrent browser sessions on the app, each opening a saved map (the workspace) and
changing the window on the map's timeline 10 times. Sessions arrive a few seconds apart
(``--arrival``), then work at once: this machine's two cores also run every page's Chromium.

For each change: the redraw (the map page showing the new window, two animation frames
after the choice) and the rerun (the app's page settled for it: the link has the window and
nothing runs). Printed: errors, p50 and p95 of both, and each server's resident memory at the
end. Two set-ups: one app process on an embedded workspace, and two app processes on one
PostGIS (sessions alternating between them).

Only this machine is contacted (the apps on 127.0.0.1, PostgreSQL on a loopback port); every
wait is bounded, and the run ends by itself.

Run: .venv/bin/python bench/load_workspace.py [--sessions 20] [--changes 10]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from test_browser_app_geography import COMPONENT  # noqa: E402 - the app's map component

OPEN_MS = 300_000  # a session's first page, on a machine whose cores every page shares
YEARS = ["2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022"]
ARM = """() => { window.__drawn = null; if (!window.__armed) { window.__armed = true;
    ISKP.onWindow(() => requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__drawn = performance.now(); }))); } }"""
SETTLED = """(year) => location.search.includes('start=' + year + '-01-01')
    && !document.querySelector('[data-stale="true"]')
    && !/running/i.test((document.querySelector('[data-testid="stStatusWidget"]') || {})
                        .innerText || "")"""


def cpu_s(pid: int) -> float:
    """The process's CPU time so far (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def log_in(context, app: str, name: str) -> None:
    """A team server: the login form once (the profile's cookie then serves every page, on
    every app process of the one database)."""
    from team import PASSWORD
    page = await context.new_page()
    await page.goto(f"{app}/account/login", timeout=OPEN_MS)
    await page.get_by_label("Name").fill(name)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url(f"{app}/", timeout=OPEN_MS)
    await page.close()


async def session(context, app: str, map_id: str, changes: int, out: dict,
                  delay: float) -> None:
    await asyncio.sleep(delay)
    page = await context.new_page()
    page.on("pageerror", lambda e: out["errors"].append(str(e)))
    try:
        arrived = time.perf_counter()
        await page.goto(f"{app}/?map={map_id}", timeout=OPEN_MS)
        await page.wait_for_selector(COMPONENT, timeout=OPEN_MS)
        frame = page.frame_locator(COMPONENT).frame_locator("iframe.iskp-pane-map")
        await frame.locator("path.iskp-province").first.wait_for(timeout=OPEN_MS)
        out["open"].append((time.perf_counter() - arrived) * 1000)
        inner = next(f for f in page.frames if f.url == "about:srcdoc")
        await inner.wait_for_function("() => window.ISKP && ISKP.onWindow", timeout=60_000)
        for k in range(changes):
            year = YEARS[k % len(YEARS)]
            await inner.evaluate(ARM)
            t0 = await inner.evaluate("performance.now()")
            started = time.perf_counter()
            await frame.locator("select.iskp-tl-year").select_option(year, timeout=60_000)
            await inner.wait_for_function("() => window.__drawn", timeout=60_000)
            out["redraw"].append(await inner.evaluate("window.__drawn") - t0)
            await page.wait_for_function(SETTLED, arg=year, polling=50, timeout=180_000)
            out["rerun"].append((time.perf_counter() - started) * 1000)
    except Exception as exc:  # noqa: BLE001 - a failed session is counted, not fatal
        out["errors"].append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await page.close()


async def run(apps: list[str], map_id: str, sessions: int, changes: int,
              arrival: float, login: str | None = None) -> dict:
    from playwright.async_api import async_playwright

    from outputs.chromium import FLAGS, chromium
    out = {"open": [], "redraw": [], "rerun": [], "errors": []}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium(), args=FLAGS)
        # One browser profile (as one office's browsers share a proxy cache): each page is
        # a session of its own on the server.
        context = await browser.new_context(viewport={"width": 1366, "height": 768})
        await context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url
                            else r.abort())
        if login:
            await log_in(context, apps[0], login)
        await asyncio.gather(*(session(context, apps[k % len(apps)], map_id, changes, out,
                                       k * arrival) for k in range(sessions)))
        await context.close()
        await browser.close()
    return out


def p(values, q):
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def report(label, out, procs, took, cpu_before) -> None:
    print(f"{label}: {len(out['redraw'])} window changes in {took:.0f} s, "
          f"{len(out['errors'])} errors; saved map opened p50 {p(out['open'], 50):.0f} ms, "
          f"p95 {p(out['open'], 95):.0f} ms; redraw p50 {p(out['redraw'], 50):.0f} ms, p95 "
          f"{p(out['redraw'], 95):.0f} ms; rerun p50 {p(out['rerun'], 50):.0f} ms, p95 "
          f"{p(out['rerun'], 95):.0f} ms; server memory at the end: "
          + ", ".join(f"{rss_mb(pr.pid):.0f} MB" for pr in procs)
          + "; server CPU during the run: "
          + ", ".join(f"{cpu_s(pr.pid) - c:.0f} s" for pr, c in zip(procs, cpu_before)))
    for e in out["errors"][:5]:
        print(f"  error: {e}")


def main() -> None:
    from conftest import start_app
    from geo.workspace import open_workspace
    from geo.workspace.builtin import builtin_dataset
    from team import add_account
    from postgres_server import PostgresServer

    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--changes", type=int, default=10)
    ap.add_argument("--arrival", type=float, default=3.0,
                    help="seconds between one session's arrival and the next's")
    args = ap.parse_args()
    view = {"layers": "provinces,border_regions,activity,activity_areas,incidents,places",
            "start": "2018-01-01", "end": "2018-12-31"}
    with tempfile.TemporaryDirectory() as tmp, PostgresServer() as pg:
        for label, env, n in (("one app process, embedded workspace",
                               {"ISKP_WORKSPACE": tmp}, 1),
                              ("two app processes, one PostGIS", None, 2)):
            url = f"sqlite:///{tmp}/workspace.gpkg" if env else pg.new_database()
            env = env or {"ISKP_DATABASE_URL": url}
            ws = open_workspace(url)
            saved = ws.save_map("load", view, [builtin_dataset(ws).id], who="bench",
                                visibility="team")
            team = "ISKP_DATABASE_URL" in env
            if team:  # the sessions are viewers of the team's map
                add_account(env, "bench-viewer", "viewer")
            started = [start_app(env) for _ in range(n)]
            try:
                t = time.perf_counter()
                cpu_before = [cpu_s(pr.pid) for pr, _ in started]
                out = asyncio.run(run([a for _, a in started], saved.id, args.sessions,
                                      args.changes, args.arrival,
                                      "bench-viewer" if team else None))
                report(label, out, [pr for pr, _ in started], time.perf_counter() - t,
                       cpu_before)
            finally:
                for proc, _ in started:
                    proc.terminate()
                    proc.wait(timeout=30)


if __name__ == "__main__":
    main()
