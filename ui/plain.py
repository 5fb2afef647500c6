"""A user's text in the app, shown as text: titles, captions and messages that carry a title, a
file name, a link parameter or a source's words.

Streamlit's Markdown (remark-gfm) turns a bare ``https://...``, ``www....`` or ``a@b.org`` into
a link after parsing, so no escaping of the Markdown source can stop it; and Markdown would
read the text's own ``*`` or ``[x](y)``. So these texts are never Markdown: each is HTML-escaped
into one element of the project's own (``st.html``), styled like Streamlit's, and reads back
exactly as given.

>>> show("title", "ISKP in 2018, see www.example.org")   # a heading, no link
>>> show("warning", "bad.csv: 3 rows rejected", container=st.sidebar)
"""
from __future__ import annotations

import html

import streamlit as st

# Sizes and colours of Streamlit's own title, subheader, caption and alerts (light theme).
_BOX = "padding:0.75rem 1rem;border-radius:0.5rem;margin:0 0 0.5rem 0;"
STYLES = {
    "title": "font-size:2.25rem;font-weight:700;line-height:1.2;margin:0;padding:0.25rem 0 0.5rem;",
    "subheader": "font-size:1.5rem;font-weight:600;line-height:1.2;margin:0;padding:0.5rem 0;",
    "caption": "font-size:0.875rem;color:rgba(49,51,63,0.6);margin:0;",
    "info": _BOX + "background:rgba(28,131,225,0.1);color:rgb(0,66,128);",
    "success": _BOX + "background:rgba(33,195,84,0.1);color:rgb(23,114,51);",
    "warning": _BOX + "background:rgba(255,193,7,0.2);color:rgb(146,108,5);",
    "error": _BOX + "background:rgba(255,43,43,0.09);color:rgb(125,53,59);",
    # A long list read line by line (a validation report): scrolls within itself.
    "report": "font-size:0.875rem;line-height:1.5;max-height:22rem;overflow-y:auto;margin:0;",
}
TAGS = {"title": "h1", "subheader": "h2"}
ROLES = {"warning": "alert", "error": "alert", "info": "status", "success": "status"}


def markup(kind: str, text, extra: str = "") -> str:
    """The element for ``text`` (any value; None is empty) shown as ``kind``; ``extra``:
    attributes of the project's own (never a user's text)."""
    tag = TAGS.get(kind, "div")
    role = f' role="{ROLES[kind]}"' if kind in ROLES else ""
    body = html.escape("" if text is None else str(text), quote=True)
    return (f'<{tag} class="iskp-plain iskp-plain-{kind}"{role}{extra} style="{STYLES[kind]}'
            f'white-space:pre-wrap;overflow-wrap:anywhere">{body}</{tag}>')


def show(kind: str, text, container=None) -> None:
    (container or st).html(markup(kind, text))


def show_heading(title: str, subtitle: str, container=None) -> None:
    """The page's title and subtitle, in one element (the subtitle there when empty too,
    hidden), marked ``data-page`` so that the sidebar's title fields (ui.filter_panel) can
    show a typed title at once, before the app's run (as text: ``textContent``)."""
    (container or st).html(
        markup("title", title, ' data-page="title"') +
        markup("subheader", subtitle, ' data-page="subtitle"' + ("" if subtitle else " hidden")))


def code_label(text: str) -> str:
    """``text`` as a Markdown code span, for a label that must be Markdown (an expander's): a
    code span is never read as a link or markup and shows its text exactly."""
    run = 1
    while "`" * run in text:  # a fence longer than any run of backticks in the text
        run += 1
    fence = "`" * run
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def utc_time(value) -> str:
    """A stored time as the workspace's lists show it: '02 Dec 2026 06:55 UTC' (or nothing)."""
    return f"{value:%d %b %Y %H:%M} UTC" if value is not None else ""
