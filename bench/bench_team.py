"""What team mode costs where a user feels it: a login (Argon2id, the rate limit, the session
written), and the gate's check of the session on every request (a map asset here), against the
same request to a personal app. Prints figures.

Run: .venv/bin/python bench/bench_team.py [--requests 300]
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

ASSET = "/app/static/vendor/leaflet.js"


def timed_gets(url: str, n: int, cookie: str | None) -> list[float]:
    times = []
    for _ in range(n):
        request = urllib.request.Request(url + ASSET, headers={"Cookie": cookie} if cookie
                                         else {})
        t = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as r:
            r.read()
        times.append((time.perf_counter() - t) * 1000)
    return times


def log_in(url: str, name: str, password: str) -> tuple[str, float]:
    """The session cookie, and the time of the login's POST (ms)."""
    with urllib.request.urlopen(url + "/account/login", timeout=30) as r:
        csrf_cookie = r.headers["Set-Cookie"].split(";", 1)[0]
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrf": csrf, "name": name, "password": password}).encode()

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(Stay)
    t = time.perf_counter()
    try:
        opener.open(urllib.request.Request(url + "/account/login", data=body,
                                           headers={"Cookie": csrf_cookie}), timeout=30)
    except urllib.error.HTTPError as answer:  # the 303 back to the app
        elapsed = (time.perf_counter() - t) * 1000
        cookie = next(c.split(";", 1)[0] for c in answer.headers.get_all("Set-Cookie")
                      if c.startswith("iskp_session="))
        return cookie, elapsed
    raise RuntimeError("the login did not answer with a redirect")


def main() -> None:
    from conftest import start_app
    from team import PASSWORD, add_account

    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as personal, tempfile.TemporaryDirectory() as team:
        env = {"ISKP_WORKSPACE": team, "ISKP_TEAM": "1"}
        add_account(env, "bench", "analyst")
        apps = {"personal": start_app({"ISKP_WORKSPACE": personal}), "team": start_app(env)}
        try:
            logins = []
            for _ in range(5):
                cookie, ms = log_in(apps["team"][1], "bench", PASSWORD)
                logins.append(ms)
            print(f"login (Argon2id verify, rate-limit check, session and history written): "
                  f"median {statistics.median(logins):.0f} ms of 5")
            for name, cookie_value in (("personal", None), ("team", cookie)):
                timed_gets(apps[name][1], 20, cookie_value)  # warm
                ms = timed_gets(apps[name][1], args.requests, cookie_value)
                print(f"{name:8s} GET {ASSET}: median {statistics.median(ms):.1f} ms, "
                      f"p95 {sorted(ms)[int(0.95 * len(ms))]:.1f} ms over {len(ms)}")
        finally:
            for proc, _ in apps.values():
                proc.terminate()
                proc.wait(timeout=20)


if __name__ == "__main__":
    main()
