"""Single sign-on (issue 25) against a real OpenID Connect provider on loopback (panva's
oidc-provider, from the npm registry: tests/oidc), in headless Chromium, through Streamlit's
st.login routes and Authlib: the provider's groups claim gives the role, a person in no
mapped group is refused, and every step is in the history."""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage, free_port, start_app
from test_browser_app_geography import map_frame

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
OIDC = ROOT / "tests" / "oidc"

SECRETS = """
[auth]
redirect_uri = "{app}/oauth2callback"
cookie_secret = "a-cookie-secret-of-this-test-run-only"

[auth.example]
client_id = "iskp-map"
client_secret = "a-test-secret-for-the-map"
server_metadata_url = "{provider}/.well-known/openid-configuration"
# This provider knows no prompt=select_account (Streamlit's default): it asks to log in.
client_kwargs = {{ scope = "openid email profile", prompt = "login" }}

[iskp_sso]
provider = "example"
label = "Example Org"
groups_claim = "groups"
name_claim = "email"
roles = {{ "iskp-admins" = "admin", "iskp-analysts" = "analyst", "iskp-viewers" = "viewer" }}
"""


def _wait_for_port(port: int, proc, what: str) -> None:
    deadline = time.time() + 30
    while time.time() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{what} did not start")


@pytest.fixture(scope="module", params=["embedded", "postgresql"])
def sso_app(request):
    npm, node = shutil.which("npm"), shutil.which("node")
    if not (npm and node):
        pytest.fail("Node.js and npm are needed for the test's OpenID Connect provider")
    if not (OIDC / "node_modules" / "oidc-provider").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=OIDC, check=True,
                       capture_output=True, timeout=300)
    folder = Path(tempfile.mkdtemp(prefix="iskp-sso-"))
    app_port, provider_port = free_port(), free_port()
    app, provider_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{provider_port}"
    provider = subprocess.Popen([node, "provider.mjs", str(provider_port),
                                 f"{app}/oauth2callback"], cwd=OIDC,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_port(provider_port, provider, "the OpenID Connect provider")
    secrets = folder / "secrets.toml"
    secrets.write_text(SECRETS.format(app=app, provider=provider_url))
    env = {"ISKP_WORKSPACE": str(folder / "workspace")}
    if request.param == "postgresql":
        env["ISKP_DATABASE_URL"] = request.getfixturevalue("postgis").new_database()
    else:
        env["ISKP_TEAM"] = "1"
    # No local account at all: single sign-on alone lets the team server start.
    proc, url = start_app(env, args=["--secrets.files", str(secrets)], port=app_port)
    from geo.workspace import open_workspace
    ws = open_workspace(env.get("ISKP_DATABASE_URL") or
                        f"sqlite:///{folder / 'workspace' / 'workspace.gpkg'}")
    yield url, ws
    proc.terminate()
    proc.wait(timeout=20)
    provider.terminate()
    provider.wait(timeout=10)
    ws.engine.dispose()


def sign_on(page, url: str, who: str) -> None:
    """The login page's button, the provider's own login and consent pages, and back."""
    page.goto(url + "/")
    page.wait_for_url("**/account/login**")
    page.get_by_role("link", name="Log in with Example Org").click()
    page.locator("input[name='login']").fill(who)
    page.locator("input[name='password']").fill("any password: the provider's dev login")
    page.locator("button[type='submit']").click()
    consent = page.locator("button[type='submit']")
    consent.wait_for()
    if "interaction" in page.url:  # the consent page
        consent.click()


def test_single_sign_on_gives_the_role_of_the_provider_groups(sso_app, chromium):
    url, ws = sso_app
    pages = []
    try:
        for who, shown in (("sam", "sam@example.org (analyst)"),
                           ("val", "val@example.org (viewer)")):
            pages.append(OfflinePage(chromium, viewport=(1366, 900)))
            page = pages[-1].page
            sign_on(page, url, who)
            map_frame(page)
            expect(page.get_by_text(f"Logged in as {shown}")).to_be_visible()
            names = {c["name"] for c in pages[-1].context.cookies()}
            assert "iskp_session" in names and "_streamlit_user" not in names
        viewer = pages[-1].page
        assert viewer.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
        # Logging out of the app is logging out: the next visit is the login page.
        viewer.get_by_role("button", name="Log out").click()
        expect(viewer.get_by_text("You have logged out.")).to_be_visible()
        viewer.goto(url + "/")
        viewer.wait_for_url("**/account/login**")

        # In no group that gives a role: refused, with the reason, and no session.
        pages.append(OfflinePage(chromium, viewport=(1366, 900)))
        olga = pages[-1].page
        sign_on(olga, url, "olga")
        expect(olga.get_by_role("alert")).to_contain_text(
            "Your account at Example Org (olga@example.org) is in no group that may use "
            "this map")
        assert "iskp_session" not in {c["name"] for c in pages[-1].context.cookies()}
        # Nothing of the app's went off the machine (the provider's own development pages
        # ask for a web font, which is blocked and not the app's).
        assert all(u.startswith("https://fonts.googleapis.com/") for p in pages
                   for u in p.blocked)
    finally:
        for p in pages:
            p.close()
    steps = [(h["action"], h["who"], h["detail"].get("how") or h["detail"].get("role"))
             for h in ws.history(limit=None) if h["kind"] == "account"][::-1]
    assert steps == [
        ("account added", "single sign-on", "analyst"), ("logged in", "sam@example.org", "sso"),
        ("account added", "single sign-on", "viewer"), ("logged in", "val@example.org", "sso"),
        ("logged out", "val@example.org", None), ("login failed", "olga@example.org", "sso")]
