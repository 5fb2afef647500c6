"""A team server for the tests and the benches: accounts made with the CLI, the app started in
team mode, and a browser page logged in through the real login form."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"


def add_account(env: dict, name: str, role: str, password: str = PASSWORD) -> None:
    """``python -m geo users add NAME --role ROLE --password-stdin``, as an admin would."""
    import os
    done = subprocess.run([sys.executable, "-m", "geo", "users", "add", name, "--role", role,
                           "--password-stdin"], input=password + "\n", text=True,
                          capture_output=True, cwd=ROOT, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr


def submit_login(page, name: str, password: str = PASSWORD) -> None:
    """The login form, filled in and sent."""
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in(page, url: str, name: str, password: str = PASSWORD, path: str = "/") -> None:
    """Opens ``path``, is sent to the login form, and logs in (the app then loads)."""
    page.goto(url + path)
    page.wait_for_url("**/account/login**")
    submit_login(page, name, password)
