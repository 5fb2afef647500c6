"""What the server adds around the app: security headers on every response, and a short
message with an error id (the details go to the server's log) instead of a traceback.

``serve.py`` wraps ``streamlit_app.py`` in ``st.App`` with these; ``scripts/run_app.sh`` runs it.

>>> ref = report_error(ValueError("x"), "slide")   # logged with its traceback
>>> len(ref)
8
"""
from __future__ import annotations

import logging
import uuid
from urllib.parse import parse_qs

from geo.words import say
from map_runtime.assets import STATIC_PREFIX as VENDOR_PATH, version

LOG = logging.getLogger("iskp")

# No page of another origin may frame the app (it could then drive it, or read what it shows);
# the browser is told not to guess content types and not to send the app's URLs elsewhere.
HEADERS = [
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """ASGI middleware: :data:`HEADERS` on every HTTP response (pages, components, media),
    and how long the browser keeps the map's assets (:func:`_caching`)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        extra = HEADERS + _caching(scope)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + \
                    [(k, v) for k, v in extra if k not in names]
            await send(message)

        return await self.app(scope, receive, with_headers)


def _caching(scope) -> list[tuple[bytes, bytes]]:
    """The map's assets (/app/static/vendor) named by version (map_runtime.assets.url) are
    kept by the browser for good: a reader's next visit draws the map without asking for
    them again. Unversioned, they are asked again each time (a new install changes them)."""
    path = scope.get("path", "")
    if not path.startswith(VENDOR_PATH):
        return []
    asked = parse_qs((scope.get("query_string") or b"").decode("latin-1")).get("v")
    try:
        current = asked == [version(path[len(VENDOR_PATH):])]
    except KeyError:  # not one of the assets (an image of Leaflet's CSS)
        current = False
    return [(b"cache-control", b"public, max-age=31536000, immutable" if current
             else b"no-cache")]


def report_error(exc: BaseException, where: str) -> str:
    """Log ``exc`` with its traceback under a new error id, and return the id (8 characters)
    for the message the reader sees."""
    ref = uuid.uuid4().hex[:8]
    LOG.error("error %s in %s: %s", ref, where, type(exc).__name__,
              exc_info=(type(exc), exc, exc.__traceback__))
    return ref


def error_message(ref: str) -> str:
    return say("Something went wrong here (error id {ref}); the server's log has the details. "
               "The rest of the page keeps working.", ref=ref)


def script_error(exc: Exception) -> bool:
    """``st.App``'s ``on_script_error``: a short message, never a traceback with server paths."""
    import streamlit as st

    st.error(error_message(report_error(exc, "the app")))
    return True
