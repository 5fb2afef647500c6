"""Who is using the app, checked on every run: in personal mode the person on this machine
(every right); in team mode the account of the session cookie, which the server's gate let in
(``ui.team_gate``), checked again here on each run, since a session can end while the page is
open (idle too long, logged out elsewhere, disabled, a new role). The sidebar says who is
logged in and offers to log out.
"""
from __future__ import annotations

import functools

import streamlit as st

from geo.workspace import Caller
from geo.workspace.accounts import Accounts
from geo.words import say
from ui.plain import show
from ui.team_gate import COOKIE, LOGIN_PATH, session_token, team_reason


@functools.cache
def team_mode() -> bool:
    return team_reason() is not None


def _accounts() -> Accounts:
    from ui.workspace_access import base_workspace
    return Accounts(base_workspace())


def _ended(message: str) -> None:
    st.session_state.pop("caller", None)
    show("warning", message)
    st.link_button(say("Log in"), LOGIN_PATH, type="primary")
    st.stop()


def require_caller() -> Caller:
    """This run's caller (kept in the session state for the run's other modules); a run
    whose session has ended stops here, with a way to log in again."""
    if not team_mode():
        caller = Caller.machine()
    else:
        token = session_token(st.context.cookies.get(COOKIE))
        if st.session_state.get("logged_out"):
            _ended("You have logged out.")
        caller = _accounts().session(token) if token else None
        if caller is None:
            _ended("Your session has ended (30 minutes without use, a logout, or a change "
                   "to your account): log in again.")
    st.session_state.caller = caller
    return caller


def account_line(caller: Caller) -> None:
    """The sidebar's foot: who is logged in, and Log out (team mode only)."""
    if caller.personal:
        return
    box = st.sidebar.container()
    show("caption", say("Logged in as {name} ({role})", name=caller.name, role=caller.role), box)
    if box.button(say("Log out"), key="log_out"):
        _accounts().log_out(session_token(st.context.cookies.get(COOKIE)))
        st.session_state.logged_out = True
        st.rerun()
