"""Team mode (issue 25) in headless Chromium, on the embedded workspace and on PostGIS: nothing
without a login, login and logout, lockout after five failures, an idle session ending, a
viewer without uploads or saves, an analyst refused another's private map by its link, an
admin restoring an item from the trash, and every step in the history with who and from
where. And a team server without accounts that will not start."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage, start_app
from team import PASSWORD, add_account, log_in, submit_login
from test_browser_app_geography import map_frame, settle
from test_browser_workspace import save, status

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
ACCOUNTS = {"ada": "admin", "alice": "analyst", "bob": "analyst", "vera": "viewer",
            "mallory": "analyst"}


@pytest.fixture(scope="module", params=["embedded", "postgresql"])
def team_app(request):
    folder = Path(tempfile.mkdtemp(prefix="iskp-team-"))
    env = {"ISKP_WORKSPACE": str(folder)}
    if request.param == "postgresql":
        env["ISKP_DATABASE_URL"] = request.getfixturevalue("postgis").new_database()
    else:
        env["ISKP_TEAM"] = "1"
    for name, role in ACCOUNTS.items():
        add_account(env, name, role)
    proc, url = start_app(env)
    from geo.workspace import open_workspace
    ws = open_workspace(env.get("ISKP_DATABASE_URL") or
                        f"sqlite:///{folder / 'workspace.gpkg'}")
    yield url, ws
    proc.terminate()
    proc.wait(timeout=20)
    ws.engine.dispose()


@pytest.fixture
def pages(chromium):
    made = []

    def new():
        made.append(OfflinePage(chromium, viewport=(1366, 900)))
        return made[-1].page

    yield new
    for p in made:
        assert p.blocked == []
        p.close()


def logged_in(page, url, name, path="/"):
    log_in(page, url, name, path=path)
    map_frame(page)
    expect(page.get_by_text(f"Logged in as {name} ({ACCOUNTS[name]})")).to_be_visible()


def history(ws, **match):
    return [h for h in ws.history(limit=None)
            if all(h[k] == v for k, v in match.items())]


def test_nothing_opens_without_a_login_and_a_login_opens_everything(team_app, pages):
    url, ws = team_app
    for path in ("/", "/_stcore/host-config", "/app/static/vendor/leaflet/leaflet.js",
                 "/component/streamlit_folium.st_folium/index.html", "/media/x.png"):
        request = urllib.request.Request(url + path)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code in (303, 401), path
    page = pages()
    page.goto(url + "/?start=2018-01-01&end=2018-12-31")
    page.wait_for_url("**/account/login**")
    submit_login(page, "alice", "not the password at all")
    expect(page.get_by_role("alert")).to_have_text("Wrong name or password.")
    submit_login(page, "alice")
    map_frame(page)  # the app, with its websocket, components and map assets
    assert "start=2018-01-01" in page.url  # back where the person was going
    expect(page.get_by_text("Logged in as alice (analyst)")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "iskp_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    page.reload()
    page.wait_for_url("**/account/login**")  # the session ended on the server
    steps = [h["action"] for h in history(ws, kind="account", id="alice")][::-1]
    assert steps[-3:] == ["login failed", "logged in", "logged out"]
    assert {h["address"] for h in history(ws, id="alice", kind="account")
            if h["action"] != "account added"} == {"127.0.0.1"}


def forget_failures(ws) -> None:
    from sqlalchemy import delete

    from geo.workspace.schema import login_failures
    with ws.engine.begin() as conn:
        conn.execute(delete(login_failures))


def test_five_failures_and_the_login_waits(team_app, pages):
    """Five in 15 minutes for an account, or from an address (here both: every test's
    browser is at 127.0.0.1)."""
    url, ws = team_app
    forget_failures(ws)
    page = pages()
    page.goto(url + "/account/login")
    try:
        for _ in range(5):
            submit_login(page, "mallory", "guess guess guess")
            expect(page.get_by_role("alert")).to_have_text("Wrong name or password.")
        # The sixth, with the right password, waits too.
        submit_login(page, "mallory")
        expect(page.get_by_role("alert")).to_have_text(
            re.compile(r"Too many failed logins: wait 1[45] minutes and try again\."))
        assert urllib.parse.urlsplit(page.url).path == "/account/login"
        assert [h["action"] for h in history(ws, kind="account", id="mallory")][0] == \
            "login refused"
    finally:  # the other tests log in from this address too
        forget_failures(ws)


def test_the_login_page_speaks_the_language_of_the_link(team_app, pages):
    """A Dari link (``lang=fa``) opens a Dari login page, right to left, whose refusals are
    in Dari too; the login goes on to the Dari app. The page offers the other language,
    on its way to the same place; a browser that prefers Dari gets Dari with no link."""
    url, ws = team_app
    page = pages()
    try:
        page.goto(url + "/?lang=fa&start=2018-01-01&end=2018-12-31")
        page.wait_for_url("**/account/login**")
        root = page.locator("html")
        expect(root).to_have_attribute("lang", "fa")
        expect(root).to_have_attribute("dir", "rtl")
        assert page.title() == "ورود · نقشهٔ فعالیت داعش خراسان"
        # The other language: the same form, for the same link.
        page.get_by_role("link", name="English").click()
        expect(root).to_have_attribute("lang", "en")
        # Chosen here, English stays: a refusal is in English, though the link says fa.
        submit_login(page, "alice", "not the password at all")
        expect(page.get_by_role("alert")).to_have_text("Wrong name or password.")
        expect(root).to_have_attribute("lang", "en")
        page.goto(url + "/?lang=fa&start=2018-01-01&end=2018-12-31")
        page.wait_for_url("**/account/login**")
        expect(root).to_have_attribute("lang", "fa")
        page.get_by_label("نام", exact=True).fill("alice")
        page.get_by_label("رمز عبور", exact=True).fill("not the password at all")
        page.get_by_role("button", name="ورود").click()
        expect(page.get_by_role("alert")).to_have_text("نام یا رمز عبور نادرست است.")
        expect(root).to_have_attribute("dir", "rtl")
        body = page.locator("main").inner_text()
        assert not re.search(r"[A-Za-z]{3,}", body.replace("English", "")), body
        page.get_by_label("نام", exact=True).fill("alice")
        page.get_by_label("رمز عبور", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="ورود").click()
        map_frame(page)
        assert "lang=fa" in page.url and "start=2018-01-01" in page.url
        expect(page.locator(".stApp")).to_have_css("direction", "rtl")
    finally:
        forget_failures(ws)
    # A browser whose first language is Dari, with a link that names none.
    dari = OfflinePage(page.context.browser, viewport=(1280, 720), locale="fa-AF")
    try:
        dari.page.goto(url + "/account/login")
        expect(dari.page.locator("html")).to_have_attribute("lang", "fa")
        expect(dari.page.get_by_role("button", name="ورود")).to_be_visible()
    finally:
        dari.close()


def test_an_idle_session_ends(team_app, pages):
    url, ws = team_app
    page = pages()
    logged_in(page, url, "bob")
    from sqlalchemy import update

    from geo.workspace.schema import sessions
    with ws.engine.begin() as conn:  # an hour without a request
        conn.execute(update(sessions).where(sessions.c.account == "bob",
                                            sessions.c.ended_at.is_(None))
                     .values(last_seen=dt.datetime.now(dt.timezone.utc)
                             - dt.timedelta(hours=1)))
    page.get_by_role("tab", name="History").click()  # not a rerun: the next is
    page.get_by_label("Map name").fill("after an hour")
    page.get_by_label("Map name").press("Enter")
    expect(page.get_by_text("Your session has ended")).to_be_visible()
    page.reload()
    page.wait_for_url("**/account/login**")
    assert history(ws, id="bob", action="session expired")


def test_roles_in_the_app_viewer_analyst_and_admin(team_app, pages):
    url, ws = team_app
    alice = pages()
    logged_in(alice, url, "alice", "/?start=2018-01-01&end=2018-12-31")
    save(alice, "Alice's private map")
    expect(status(alice).first).to_contain_text("Saved map 'Alice's private map', version 1")
    alice.wait_for_function("() => location.search.includes('map=m-')")
    map_id = re.search(r"map=(m-[0-9a-f]+)", alice.url).group(1)

    # Another analyst, with the link: refused, and the map is not in his list.
    bob = pages()
    logged_in(bob, url, "bob", f"/?map={map_id}")
    expect(bob.get_by_text(re.compile(r"saved map not opened: .*private to its owner"))) \
        .to_be_visible()
    expect(status(bob).first).to_contain_text("Unsaved map")

    # A viewer: no uploader, no save, and the private map refused too.
    vera = pages()
    logged_in(vera, url, "vera", f"/?map={map_id}")
    expect(vera.get_by_text("Uploads are for analysts")).to_be_visible()
    assert vera.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
    assert vera.get_by_role("button", name="Save this map").count() == 0
    expect(vera.get_by_text(re.compile(r"saved map not opened"))).to_be_visible()

    # Alice shares it: the viewer opens it, and still cannot change it.
    alice.get_by_role("tab", name="Saved maps").click()
    alice.get_by_role("button", name="Share with the team").click()
    settle(alice)
    expect(alice.get_by_role("button", name="Make private")).to_be_visible()
    vera.goto(f"{url}/?map={map_id}")
    map_frame(vera)
    expect(status(vera).first).to_contain_text("Saved map 'Alice's private map', version 1")
    vera.get_by_role("tab", name="Saved maps").click()
    assert vera.get_by_role("button", name="Delete (to the trash)").count() == 0
    # A viewer exports: the download is in the history, under her name and the map's.
    with vera.expect_download() as got:
        vera.get_by_role("button", name="Download CSV").click()
    assert got.value.suggested_filename.endswith(".csv")
    exported = history(ws, who="vera", action="exported")
    assert [(h["id"], h["detail"]["what"]) for h in exported] == [(map_id, "records (csv)")]

    # Alice deletes it; the admin restores it from the trash.
    alice.get_by_role("button", name="Delete (to the trash)").first.click()
    settle(alice)
    ada = pages()
    # Streamlit's "Download as CSV" asks for a file picker where the browser has one:
    # without it, it downloads, and the test reads what the grid holds.
    ada.context.add_init_script("delete window.showSaveFilePicker;")
    logged_in(ada, url, "ada")
    ada.get_by_role("tab", name="Trash").click()
    expect(ada.get_by_text(f"map Alice's private map ({map_id})")).to_be_visible()
    ada.get_by_role("button", name="Restore").first.click()
    expect(ada.get_by_text(f"map Alice's private map ({map_id})")).to_have_count(0)
    assert not ws.saved_map(map_id).in_trash
    steps = [(h["action"], h["who"]) for h in history(ws, id=map_id)][::-1]
    assert steps == [("saved", "alice"), ("shared", "alice"), ("exported", "vera"),
                     ("deleted", "alice"), ("restored", "ada")]
    assert {h["address"] for h in history(ws, id=map_id)} == {"127.0.0.1"}
    # The admin's History tab shows them all, with where from.
    ada.get_by_role("tab", name="History").click()
    grid = ada.get_by_role("tabpanel", name="History").locator("[data-testid='stDataFrame']")
    expect(grid).to_be_visible()
    shown = grid_rows(ada, grid)
    mine = [(r["what"], r["who"], r["from"]) for r in shown if r["id"] == map_id][::-1]
    assert mine == [(a, w, "127.0.0.1") for a, w in steps]

    # The admin makes the viewer an analyst: her session ends, and her next login has it.
    ada.get_by_role("tab", name="Accounts").click()
    pick = ada.locator("[data-testid='stSelectbox']").filter(has_text="An account")
    pick.click()
    ada.get_by_role("option", name="vera").click()
    settle(ada)
    role = ada.locator(".st-key-acct_role_vera [data-testid='stSelectbox']")
    expect(role.get_by_role("combobox")).to_have_value("viewer")
    role.click()
    ada.get_by_role("option", name="analyst", exact=True).click()
    settle(ada)
    expect(ada.get_by_role("button", name="Set the role")).to_be_enabled()
    ada.get_by_role("button", name="Set the role").click()
    for _ in range(100):
        if history(ws, id="vera", action="role changed"):
            break
        ada.wait_for_timeout(100)
    assert [h["detail"]["role"] for h in history(ws, id="vera", action="role changed")] == \
        ["analyst"]
    vera.goto(f"{url}/")
    vera.wait_for_url("**/account/login**")
    submit_login(vera, "vera")
    map_frame(vera)
    expect(vera.get_by_text("Logged in as vera (analyst)")).to_be_visible()
    expect(vera.locator("[data-testid='stSidebar'] [data-testid='stFileUploaderDropzoneInput']"))\
        .to_have_count(1)  # the data uploader


def grid_rows(page, grid) -> list[dict]:
    """What a Streamlit dataframe holds (it draws on a canvas): its own "Download as CSV"."""
    import csv
    import io

    grid.hover()
    with page.expect_download() as got:
        # The grid's canvas lies over its toolbar for the pointer: a click of the button.
        grid.get_by_role("button", name="Download as CSV").dispatch_event("click")
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("backend", ["embedded", "postgresql"])
def test_a_team_server_without_accounts_will_not_start(backend, request, tmp_path):
    env = {"ISKP_WORKSPACE": str(tmp_path)}
    if backend == "postgresql":
        env["ISKP_DATABASE_URL"] = request.getfixturevalue("postgis").new_database()
    else:
        env["ISKP_TEAM"] = "1"
    with pytest.raises(RuntimeError) as refused:
        start_app(env)
    said = str(refused.value)
    assert "no accounts" in said and "python -m geo users add NAME --role admin" in said
    assert "Traceback" not in said
    # And with an admin it does.
    add_account(env, "ada", "admin")
    proc, url = start_app(env)
    try:
        with urllib.request.urlopen(url + "/account/login", timeout=10) as page:
            assert b"Log in" in page.read()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
