"""Single sign-on for team mode: an organisation's OpenID Connect provider, through Streamlit's
own login (``st.login``'s routes, Authlib), with the provider's groups claim mapped to roles.

Configured in Streamlit's secrets file (``.streamlit/secrets.toml``): Streamlit's ``[auth]``
section (``redirect_uri``, ``cookie_secret`` and the provider's ``[auth.NAME]``), and this
app's ``[iskp_sso]``:

.. code-block:: toml

    [iskp_sso]
    provider = "NAME"                 # the [auth.NAME] section
    label = "Example Org"             # on the login page's button
    groups_claim = "groups"
    name_claim = "email"
    roles = { "iskp-admins" = "admin", "iskp-analysts" = "analyst", "iskp-viewers" = "viewer" }

After the provider's callback Streamlit keeps who came back in its signed cookie; the team gate
(``ui.team_gate``) reads it once, maps the groups to the highest role they give (none: refused),
opens a session of the app's own (``Accounts.log_in_sso``) and removes Streamlit's cookie, so
that logging out of the app is logging out.

>>> role_for(["staff", "iskp-analysts"], {"iskp-analysts": "analyst", "iskp-admins": "admin"})
'analyst'
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from geo.workspace.permissions import ROLES

# Streamlit's routes of st.login, let through the gate before a session exists.
STREAMLIT_ROUTES = ("/auth/login", "/oauth2callback")


@dataclass(frozen=True)
class SsoSettings:
    provider: str
    label: str
    groups_claim: str
    name_claim: str
    roles: dict


def settings() -> SsoSettings | None:
    """The single sign-on settings, or None when it is not configured."""
    from streamlit.runtime.secrets import secrets_singleton
    try:
        if not secrets_singleton.load_if_toml_exists():
            return None
        section = secrets_singleton.get("iskp_sso")
        auth = secrets_singleton.get("auth")
    except Exception:  # noqa: BLE001 - a broken secrets file: no single sign-on (logged)
        return None
    if not section or not auth:
        return None
    provider = str(section.get("provider", ""))
    if provider not in auth:
        raise ValueError(f"[iskp_sso] provider = {provider!r} has no [auth.{provider}] section "
                         "in the secrets file")
    roles = {str(g): str(r) for g, r in dict(section.get("roles", {})).items()}
    bad = {r for r in roles.values() if r not in ROLES}
    if bad:
        raise ValueError(f"[iskp_sso] roles: {', '.join(sorted(bad))} is no role "
                         f"({', '.join(ROLES)})")
    return SsoSettings(provider, str(section.get("label", provider)),
                       str(section.get("groups_claim", "groups")),
                       str(section.get("name_claim", "email")), roles)


def role_for(groups, roles: dict) -> str | None:
    """The highest role any of ``groups`` gives, or None."""
    given = {roles[g] for g in groups or [] if isinstance(g, str) and g in roles}
    for role in reversed(ROLES):
        if role in given:
            return role
    return None


def login_url(sso: SsoSettings) -> str:
    """Where the login page's button goes: Streamlit's login route with its signed
    provider token (what ``st.login(provider)`` makes)."""
    from urllib.parse import quote

    from streamlit.auth_util import encode_provider_token
    return f"/auth/login?provider={quote(encode_provider_token(sso.provider), safe='')}"


def returned_person(cookies: dict) -> dict | None:
    """Who the provider sent back (Streamlit's signed user cookie), or None."""
    from streamlit.auth_util import get_cookie_with_chunks
    from streamlit.web.server.server_util import get_cookie_secret
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value
    from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME

    if USER_COOKIE_NAME not in cookies:
        return None
    secret = get_cookie_secret()

    def one(name: str):
        value = cookies.get(name)
        return None if value is None else decode_signed_value(secret, name, value)

    raw = get_cookie_with_chunks(one, USER_COOKIE_NAME)
    if raw is None:
        return None
    try:
        person = json.loads(raw)
    except ValueError:
        return None
    return person if isinstance(person, dict) and person.get("is_logged_in") else None


def streamlit_cookie_names(cookies: dict) -> list[str]:
    """Streamlit's login cookies present (the user's and the tokens', and their chunks)."""
    from streamlit.web.server.starlette.starlette_server_config import (TOKENS_COOKIE_NAME,
                                                                        USER_COOKIE_NAME)
    return [n for n in cookies if n.startswith((USER_COOKIE_NAME, TOKENS_COOKIE_NAME))]
