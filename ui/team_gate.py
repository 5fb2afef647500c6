"""Team mode at the server's door: which mode this server is in, the refusal to start a team
server without accounts, the login page, and the gate that lets no request through without a
live session (pages, the app's websocket, components, media and downloads alike).

- *Personal* (the default): the embedded workspace and a loopback address. No login; a request
  that came through a proxy is refused, since a personal server must not be put on a network.
- *Team*: a workspace on PostgreSQL (``ISKP_DATABASE_URL``), a non-loopback
  ``server.address``, or ``ISKP_TEAM=1`` (an embedded workspace behind a proxy on this host).

The session is a random token (``geo.workspace.accounts``) in a cookie signed with
``ISKP_SECRET_KEY`` (else a key file kept beside the embedded workspace), HttpOnly,
SameSite=Lax, and Secure when the request came by HTTPS. ``serve.py`` wires this in.
"""
from __future__ import annotations

import html
import ipaddress
import os
import re
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import anyio
from itsdangerous import BadSignature, URLSafeTimedSerializer

from geo.workspace.engine import backend, workspace_url
from geo.workspace.errors import WorkspaceError

COOKIE = "iskp_session"
_LOGIN_CSRF = "iskp_login_csrf"
LOGIN_PATH, SSO_PATH, HEALTH = "/account/login", "/account/sso", "/_stcore/health"
SESSION_HOURS = float(os.environ.get("ISKP_SESSION_HOURS") or 12)  # at most, however active
_FORM_LIMIT = 8192
_NEXT = re.compile(r"/(?![/\\])[^\s]*\Z")


def _server_address() -> str:
    from streamlit import config
    return str(config.get_option("server.address") or "")


def _loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def team_reason() -> str | None:
    """Why this server is a team server, or None (personal mode)."""
    if os.environ.get("ISKP_TEAM", "").strip() in ("1", "true", "yes"):
        return "ISKP_TEAM is set"
    if backend(workspace_url()) == "postgresql":
        return "the workspace is a team server (ISKP_DATABASE_URL)"
    address = _server_address()
    if not _loopback(address):
        return f"the app listens on {address or 'every address'}, not on loopback only"
    return None


_WORKSPACE: list = []  # the gate's own, opened once per process


def _accounts():
    from geo.workspace import open_workspace
    from geo.workspace.accounts import Accounts
    if not _WORKSPACE:
        _WORKSPACE.append(open_workspace())
    return Accounts(_WORKSPACE[0])


def check_can_start() -> str | None:
    """At start: the mode's reason (None: personal). A team server without accounts stops
    here, saying how to make the first one."""
    reason = team_reason()
    if reason is None:
        return None
    from ui.single_sign_on import settings
    try:
        sso = settings()
    except ValueError as exc:
        sys.stderr.write(f"\nThe single sign-on settings cannot be used: {exc}\n")
        raise SystemExit(2) from None
    if _accounts().count() == 0 and sso is None:
        sys.stderr.write(
            f"\nThis is a team server ({reason}), and the workspace has no accounts: it will "
            "not start, since anyone could then come in.\nMake the first admin, then start "
            "again:\n\n    .venv/bin/python -m geo users add NAME --role admin\n\n"
            "or configure single sign-on (README, 'For a team').\n")
        sys.stderr.flush()
        raise SystemExit(2)
    return reason


def secret_key() -> str:
    key = os.environ.get("ISKP_SECRET_KEY", "").strip()
    if key:
        return key
    folder = Path(os.environ.get("ISKP_WORKSPACE") or
                  Path(__file__).resolve().parents[1] / "workspace")
    path = folder / "secret_key"
    if not path.exists():
        # Written whole, then linked into place: two processes starting at once agree on
        # the first one's key, and neither reads a half-written file.
        folder.mkdir(parents=True, exist_ok=True)
        draft = folder / f".secret_key.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key(), salt="iskp-session")


def session_token(cookie_value: str | None) -> str | None:
    """The session token inside a signed cookie, or None (missing, forged, too old)."""
    if not cookie_value:
        return None
    try:
        return _signer().loads(cookie_value, max_age=SESSION_HOURS * 3600)
    except (BadSignature, ValueError, TypeError):
        return None


def _cookies(headers: dict) -> dict:
    from http.cookies import CookieError, SimpleCookie
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def _headers(scope) -> dict:
    return {k.decode("latin-1").lower(): v.decode("latin-1")
            for k, v in scope.get("headers", [])}


def client_address(scope) -> str:
    client = scope.get("client")
    return client[0] if client else ""


async def _respond(send, status: int, body: str, content_type="text/plain; charset=utf-8",
                   extra: list | None = None) -> None:
    data = body.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()),
                            (b"content-length", str(len(data)).encode()),
                            (b"cache-control", b"no-store"), *(extra or [])]})
    await send({"type": "http.response.body", "body": data})


class TeamGate:
    """ASGI middleware: in team mode, nothing but the login page and the health check
    without a live session; in personal mode, nothing that came through a proxy."""

    def __init__(self, app, team: bool | None = None):
        from ui.single_sign_on import settings
        self.app = app
        self.team = team_reason() is not None if team is None else team
        self.sso = settings() if self.team else None

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        if not self.team:
            if "x-forwarded-for" in headers or "forwarded" in headers:
                return await self._refuse(scope, send, 403, (
                    "This app runs in personal mode (no login) and must not be reached "
                    "through a proxy. For a team, see the README's 'For a team'."))
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if path == HEALTH:
            return await self.app(scope, receive, send)
        if path == LOGIN_PATH and scope["type"] == "http":
            return await login_page(scope, receive, send, self.sso)
        if self.sso is not None and scope["type"] == "http":
            from ui.single_sign_on import STREAMLIT_ROUTES, login_url
            if path == SSO_PATH:
                return await _respond(send, 303, "", extra=[
                    (b"location", login_url(self.sso).encode())])
            if path in STREAMLIT_ROUTES:  # st.login's own: to the provider and back
                return await self.app(scope, receive, send)
        if scope["type"] == "websocket" and not _same_origin(headers):
            return await self._refuse(scope, send, 403, "")
        cookies = _cookies(headers)
        token = session_token(cookies.get(COOKIE))
        caller = await anyio.to_thread.run_sync(_caller, token, client_address(scope)) \
            if token else None
        if caller is None and self.sso is not None and scope["type"] == "http":
            from ui.single_sign_on import returned_person
            person = returned_person(cookies)
            if person is not None:
                return await self._signed_on(scope, send, person, cookies)
        if caller is None:
            if scope["type"] == "http" and scope.get("method") == "GET" and \
                    "text/html" in headers.get("accept", ""):
                return await _respond(send, 303, "", extra=[(
                    b"location", f"{LOGIN_PATH}?next={quote(back_path(scope), safe='')}"
                    .encode())])
            return await self._refuse(scope, send, 401, "Log in first: " + LOGIN_PATH)
        scope.setdefault("state", {})["caller"] = caller
        return await self.app(scope, receive, send)

    async def _signed_on(self, scope, send, person: dict, cookies: dict) -> None:
        """Back from the provider: a session of the app's own for the person, with the role
        their groups give; Streamlit's cookie goes either way."""
        from geo.words import speaking
        from geo.workspace.accounts import LoginRefused
        from ui.single_sign_on import role_for, streamlit_cookie_names
        secure = _secure(scope)
        gone = [_cookie(n, "", secure, 0) for n in streamlit_cookie_names(cookies)]
        name = str(person.get(self.sso.name_claim) or person.get("sub") or "")
        role = role_for(person.get(self.sso.groups_claim), self.sso.roles)
        address = client_address(scope)
        try:
            if role is None:
                raise LoginRefused("Your account at {provider} ({name}) is in no group that "
                                   "may use this map: ask an admin.", provider=self.sso.label,
                                   name=name)
            token = await anyio.to_thread.run_sync(
                lambda: _accounts().log_in_sso(name, role, address))
        except WorkspaceError as exc:
            await anyio.to_thread.run_sync(lambda: _accounts().refused_sso(name, str(exc),
                                                                           address))
            csrf = secrets.token_urlsafe(24)
            lang = login_language(scope, back_path(scope))
            with speaking(lang):
                message = told(exc)
            return await _respond(send, 403, _page(csrf, "/", message, self.sso, lang),
                                  "text/html; charset=utf-8",
                                  [*gone, _cookie(_LOGIN_CSRF, csrf, secure, 3600)])
        back = back_path(scope)
        await _respond(send, 303, "", extra=[
            (b"location", (back if _NEXT.match(back) else "/").encode("latin-1", "replace")),
            _cookie(COOKIE, _signer().dumps(token), secure), *gone])

    async def _refuse(self, scope, send, status: int, text: str) -> None:
        if scope["type"] == "websocket":
            # Closed before it is accepted: the handshake fails (HTTP 403).
            await send({"type": "websocket.close", "code": 1008})
            return
        await _respond(send, status, text)


def back_path(scope) -> str:
    """The path and query a request was for (where a login goes back to)."""
    query = scope.get("query_string") or b""
    return scope.get("path", "/") + ("?" + query.decode("latin-1") if query else "")


def _same_origin(headers: dict) -> bool:
    origin = headers.get("origin")
    if not origin:
        return True  # not a browser's cross-site request (browsers always send it)
    return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


def _caller(token: str, address: str):
    try:
        return _accounts().session(token, address)
    except WorkspaceError:
        return None


# -- the login page -------------------------------------------------------------------------
# In the reader's language (geo.words): the one asked for on this page (``?lang=fa``), else the
# link's the person was going to, else the browser's first choice. Every value is escaped.
_PAGE = """<!doctype html>
<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 16px/1.4 system-ui, sans-serif; background: #f4f4f2; margin: 0; }}
main {{ max-width: 22rem; margin: 12vh auto; background: #fff; padding: 2rem;
        border: 1px solid #ccc; border-radius: 6px; }}
h1 {{ font-size: 1.3rem; margin: 0 0 1rem; }}
label {{ display: block; margin: .8rem 0 .2rem; }}
input {{ width: 100%; box-sizing: border-box; font-size: 1rem; padding: .45rem; }}
button {{ margin-top: 1.2rem; font-size: 1rem; padding: .5rem 1.2rem; }}
.message {{ background: #fde8e8; border: 1px solid #c0392b; padding: .6rem; }}
nav {{ margin-top: 1.5rem; font-size: .9rem; }}
</style></head>
<body><main>
<h1>{heading}</h1>
{message}
<form method="post" action="{action}">
<input type="hidden" name="csrf" value="{csrf}">
<label for="name">{name}</label>
<input id="name" name="name" autocomplete="username" required autofocus>
<label for="password">{password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{log_in}</button>
</form>{sso}
<nav aria-label="{languages}">{other_languages}</nav></main></body></html>
"""


def login_language(scope, next_path: str = "/") -> str:
    """The login page's language: ``lang`` of the page's own query, else of the link the
    person was going to (``next``), else the browser's first choice (Accept-Language: ``fa``
    or ``prs`` is Dari); English otherwise."""
    from geo.words import LANGUAGES
    own = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang") or []
    going = parse_qs(urlsplit(next_path).query).get("lang") or []
    for lang in (*own, *going):
        if lang in LANGUAGES:
            return lang
    first = _headers(scope).get("accept-language", "").split(",")[0]
    tag = first.split(";")[0].strip().lower().replace("_", "-").split("-")[0]
    return "fa" if tag in ("fa", "prs") else "en"


def told(exc: Exception) -> str:
    """What a refused login tells the person, in the current language (geo.words)."""
    from geo.words import reason_of, say_again, say_n
    from geo.workspace.accounts import Waiting
    if isinstance(exc, Waiting):
        return say_n(exc.minutes, "Too many failed logins: wait {n} minute and try again.",
                     "Too many failed logins: wait {n} minutes and try again.")
    return say_again(reason_of(exc))


def _page(csrf: str, next_path: str, message: str = "", sso=None, lang: str = "en") -> str:
    from geo.words import LANGUAGES, direction, say, speaking
    e = html.escape
    with speaking(lang):
        said = f'<p class="message" role="alert">{e(message)}</p>' if message else ""
        # The language the page was shown in goes with the form: its answer speaks it too.
        action = f"{LOGIN_PATH}?lang={lang}" + (
            "&next=" + quote(next_path, safe="") if next_path != "/" else "")
        other = "" if sso is None else (
            f'<p style="margin-top:1.5rem">{e(say("or"))} <a href="{SSO_PATH}">'
            f'{e(say("Log in with {provider}", provider=sso.label))}</a></p>')
        # The page in another language: the same form, on its way to the same place.
        switch = " · ".join(
            f'<a href="{e(LOGIN_PATH)}?lang={code}&amp;next={e(quote(next_path, safe=""))}" '
            f'lang="{code}" hreflang="{code}">{e(name)}</a>'
            for code, name in LANGUAGES.items() if code != lang)
        return _PAGE.format(
            lang=lang, dir=direction(lang), title=e(say("Log in · ISKP activity map")),
            heading=e(say("ISKP activity map")), message=said, csrf=e(csrf), action=e(action),
            name=e(say("Name")), password=e(say("Password")), log_in=e(say("Log in")),
            sso=other, languages=e(say("Language")), other_languages=switch)


def _secure(scope) -> bool:
    return scope.get("scheme") == "https" or os.environ.get("ISKP_SECURE_COOKIES") == "1"


def _next(query: str) -> str:
    wanted = (parse_qs(query).get("next") or ["/"])[0]
    return wanted if _NEXT.match(wanted) else "/"


def _cookie(name: str, value: str, secure: bool, max_age: int | None = None) -> tuple:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return (b"set-cookie", "; ".join(parts).encode())


async def _form(receive) -> dict | None:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > _FORM_LIMIT:
            return None
        if not message.get("more_body"):
            break
    try:
        return {k: v[0] for k, v in parse_qs(body.decode("utf-8"), strict_parsing=False,
                                             max_num_fields=8).items()}
    except (UnicodeDecodeError, ValueError):
        return None


async def login_page(scope, receive, send, sso=None) -> None:
    """GET: the form (with a new CSRF token in a cookie and in the form). POST: checks the
    token, then the name and password (``Accounts.log_in``: rate limit, history); a session
    cookie and back to where the person was going, or the form again with the reason."""
    from geo.words import say, speaking
    from geo.workspace.accounts import LoginRefused
    secure = _secure(scope)
    next_path = _next(scope.get("query_string", b"").decode("latin-1"))
    headers = _headers(scope)

    lang = login_language(scope, next_path)

    async def form_again(message: str, status: int = 200) -> None:
        csrf = secrets.token_urlsafe(24)
        await _respond(send, status, _page(csrf, next_path, message, sso, lang),
                       "text/html; charset=utf-8", [_cookie(_LOGIN_CSRF, csrf, secure, 3600)])

    if scope.get("method") == "GET":
        return await form_again("")
    if scope.get("method") != "POST":
        return await _respond(send, 405, "GET or POST")
    form = await _form(receive)
    expected = _cookies(headers).get(_LOGIN_CSRF)
    if form is None or not expected or \
            not secrets.compare_digest(form.get("csrf", ""), expected):
        with speaking(lang):
            return await form_again(say("The form was out of date: please log in again."), 400)
    address = client_address(scope)
    try:
        token = await anyio.to_thread.run_sync(
            lambda: _accounts().log_in(form.get("name", ""), form.get("password", ""), address))
    except LoginRefused as exc:
        with speaking(lang):
            return await form_again(told(exc), 401)
    await _respond(send, 303, "", extra=[
        (b"location", next_path.encode("latin-1", "replace")),
        _cookie(COOKIE, _signer().dumps(token), secure),
        _cookie(_LOGIN_CSRF, "", secure, 0)])
