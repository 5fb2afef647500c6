"""The admins' Accounts tab (team mode): the team's accounts, a new local account, a new role,
disable and enable. Each change goes through ``geo.workspace.accounts`` (the admin's right
checked there, the change in the history); a new role or a disabled account ends the
account's sessions. ``python -m geo users`` does the same from the command line.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.workspace import ROLES, WorkspaceError
from geo.workspace.accounts import Accounts
from geo.words import reason_of, say, say_again
from ui.plain import show, utc_time
from ui.workspace_access import base_workspace, caller


# The accounts table's columns.
ACCOUNT_COLUMNS = ("name", "role", "login", "disabled", "since")


def accounts_tab() -> None:
    ss = st.session_state
    accounts = Accounts(base_workspace(), by=caller())
    rows = accounts.list()
    # The product's words in the reader's language (the accounts' names as kept).
    st.dataframe(pd.DataFrame([[r["name"], say(r["role"]),
                                say("single sign-on" if r["source"] == "sso" else "password"),
                                say("yes") if r["disabled"] else "",
                                utc_time(r["created_at"])] for r in rows],
                              columns=[say(c) for c in ACCOUNT_COLUMNS]),
                 hide_index=True, width="stretch")
    names = [r["name"] for r in rows]
    if names:
        c1, c2, c3 = st.columns([2, 1, 2])
        who = c1.selectbox(say("An account"), names, key="acct_pick")
        row = next(r for r in rows if r["name"] == who)
        # A widget per account: each opens on that account's role.
        role = c2.selectbox(say("Role"), ROLES, index=ROLES.index(row["role"]),
                            key=f"acct_role_{who}", format_func=say)
        if c3.button(say("Set the role"), key="acct_set_role", disabled=role == row["role"]):
            _change(lambda: accounts.set_role(who, role))
        if row["disabled"]:
            if c3.button(say("Enable"), key="acct_enable"):
                _change(lambda: accounts.enable(who))
        elif who != caller().name and c3.button(say("Disable"), key="acct_disable",
                                                help=say("No more logins; its sessions end")):
            _change(lambda: accounts.disable(who))
    with st.form("acct_new", clear_on_submit=True):
        st.caption(say("A new account with a password (at least 12 characters)"))
        f1, f2, f3 = st.columns([2, 1, 2])
        name = f1.text_input(say("Name"), key="acct_new_name")
        new_role = f2.selectbox(say("Role"), ROLES, key="acct_new_role", format_func=say)
        password = f3.text_input(say("Password"), type="password", key="acct_new_password")
        if st.form_submit_button(say("Add the account")):
            _change(lambda: accounts.add(name.strip(), new_role, password=password))
    if ss.get("acct_refused"):
        show("error", say_again(ss.acct_refused))


def _change(change) -> None:
    try:
        change()
        st.session_state.acct_refused = None
    except WorkspaceError as exc:
        st.session_state.acct_refused = reason_of(exc)
    st.rerun()
