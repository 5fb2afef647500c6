"""The workspace at the foot of the page: save this map (a new version, or a copy), the saved
maps (open, older versions, restore one, rename, delete), the datasets (their reports, which
maps use them, delete), the trash and the history. And the line under the title that says what
the current map is.

Every change goes through ``geo.workspace`` (one transaction each); a save is refused, with the
reason, when someone saved the map since it was opened (``MapChanged``), and the reader can
save theirs as a copy.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.workspace import WorkspaceError
from geo.workspace.permissions import Item, allowed
from geo.words import reason_of, say, say_again
from map_page.assembly import MapView, said_titles
from ui import url_state
from ui.accounts_panel import accounts_tab
from ui.plain import show, utc_time
from ui.workspace_access import caller, current_user, workspace


# The history table's columns, and what was done to what as the store logs it (said in the
# reader's language; anything else as kept).
HISTORY_COLUMNS = ("when", "who", "what", "kind", "id", "name", "from")
HISTORY_WORDS = frozenset((
    "imported", "saved", "renamed", "shared", "deleted", "restored", "purged", "exported",
    "account added", "password changed", "role changed", "account disabled", "account enabled",
    "login refused", "login failed", "logged in", "logged out", "session expired",
    "dataset", "map", "briefing", "account"))


def map_status(view: MapView) -> str:
    """'Saved map 'Nangarhar weekly', version 4, saved ... by ...' (and whether this view has
    changed since), or that it is not saved."""
    saved = st.session_state.get("open_map")
    if saved is None:
        return say("Unsaved map: save it under Workspace, at the foot of the page, to keep it.")
    same = url_state.saved_view(view) == saved.view and \
        list(st.session_state.datasets_on) == list(saved.dataset_ids)
    return say_again(saved.describe()) + ("" if same else say(" · unsaved changes"))


def _link(map_id: str, version: int | None = None) -> str:
    return f"?map={map_id}" + (f"&version={version}" if version else "")


def workspace_section(view: MapView) -> None:
    ss = st.session_state
    ws = workspace()
    st.subheader(say("Workspace"))
    st.caption(say("Kept in {store}: datasets, saved maps and their versions, the trash and the "
                   "history.", store=say("a team server (PostgreSQL)") if ws.backend ==
                   "postgresql" else say("this machine’s workspace file")))
    if allowed(caller(), "save"):
        _save(ws, view)
    else:
        st.caption(say("As a viewer you open, filter and export the team's maps; saving is for "
                       "analysts."))
    admin = not caller().personal and caller().role == "admin"
    tabs = st.tabs([say("Saved maps"), say("Datasets"), say("Trash"), say("History")]
                   + ([say("Accounts")] if admin else []))
    with tabs[0]:
        _saved_maps(ws)
    with tabs[1]:
        _datasets(ws)
    with tabs[2]:
        _trash(ws)
    with tabs[3]:
        rows = ws.history(limit=300)
        if caller().role != "admin":
            st.caption(say("Your own actions; an admin reads the whole history."))
        # The product's words in the reader's language (names, ids and addresses as kept).
        word = lambda w: say(w) if w in HISTORY_WORDS else w  # noqa: E731
        st.dataframe(pd.DataFrame([[utc_time(h["at"]), h["who"], word(h["action"]),
                                    word(h["kind"]), h["id"], h["name"], h["address"]]
                                   for h in rows],
                                  columns=[say(c) for c in HISTORY_COLUMNS]),
                     hide_index=True, width="stretch")
    if admin:
        with tabs[4]:
            accounts_tab()


def _save(ws, view: MapView) -> None:
    ss = st.session_state
    saved = ss.get("open_map")
    c1, c2 = st.columns([2, 3])
    # Named as the map is titled (the product's title in the reader's language).
    name = c1.text_input(say("Map name"), value=saved.name if saved else said_titles(view)[0],
                         key="save_name")
    description = c2.text_input(say("Description"), value=saved.description if saved else "",
                                key="save_description")
    b1, b2, _ = st.columns([1, 1, 3])
    if saved is None:
        if b1.button(say("Save this map"), key=url_state.SAVE_BUTTONS["new"]):
            _store(ws, view, name, description)
    else:
        if b1.button(say("Save (version {n})", n=saved.current_version + 1),
                     key=url_state.SAVE_BUTTONS["version"]):
            _store(ws, view, name, description, map_id=saved.id,
                   expected=saved.current_version)
        if b2.button(say("Save as a new map"), key=url_state.SAVE_BUTTONS["copy"]):
            _store(ws, view, name, description)
    if ss.get("save_refused"):
        show("error", say_again(ss.save_refused))


def _store(ws, view, name, description, map_id=None, expected=None) -> None:
    ss = st.session_state
    try:
        ss.open_map = ws.save_map(name, url_state.saved_view(view), list(ss.datasets_on),
                                  who=current_user(), map_id=map_id, expected_version=expected,
                                  description=description)
        ss.save_refused = None
    except WorkspaceError as exc:  # MapChanged among them: who saved it since, and when
        ss.save_refused = reason_of(exc)
    st.rerun()


def _saved_maps(ws) -> None:
    ss = st.session_state
    maps = ws.saved_maps()
    if not maps:
        st.caption(say("No saved maps yet."))
        return
    sizes = {d.id: d.accepted for d in ws.datasets()}
    st.dataframe(pd.DataFrame([{
        "name": m.name, "version": m.version, "saved": utc_time(m.saved_at), "by": m.saved_by,
        "records": sum(sizes.get(d, 0) for d in m.dataset_ids),
        "shared": "with the team" if m.visibility == "team" else "private",
        "open": _link(m.id), "id": m.id} for m in maps]), hide_index=True, width="stretch",
        column_config={"open": st.column_config.LinkColumn("open", display_text="open")})
    names = {m.id: f"{m.name} ({m.id})" for m in maps}
    chosen = st.selectbox(say("A saved map"), list(names), format_func=names.get, key="ws_map")
    m = next(x for x in maps if x.id == chosen)
    c1, c2, c3 = st.columns(3)
    # One button for whichever map is chosen: it opens what the list shows when it is
    # pressed (a button per map, pressed as the list changed, opened the map before).
    c1.button(say("Open it"), key="open_chosen_map", type="primary",
              on_click=lambda: url_state.open_saved(st.session_state.ws_map))
    item = Item.of(m, "map")
    if allowed(caller(), "change", item):
        new_name = c2.text_input(say("New name"), value=m.name, key=f"rename_{m.id}")
        if c2.button(say("Rename"), key=f"do_rename_{m.id}"):
            _act(lambda: ws.rename_map(m.id, new_name, current_user(), m.current_version))
    if allowed(caller(), "delete", item):
        if c3.button(say("Delete (to the trash)"), key=f"delete_{m.id}"):
            _act(lambda: ws.delete_map(m.id, current_user()))
    if allowed(caller(), "share", item):
        shared = m.visibility == "team"
        if c3.button(say("Make private") if shared else say("Share with the team"),
                     key=f"share_{m.id}",
                     help=say("Shared, the team (viewers too) can open it, with the datasets it "
                              "shows; private, only you and the admins.")):
            _act(lambda: ws.share_map(m.id, "private" if shared else "team"))
    versions = ws.versions(m.id)
    st.caption(say("Versions of '{name}'", name=m.name))
    st.dataframe(pd.DataFrame([{
        "version": v.version, "saved": utc_time(v.saved_at), "by": v.saved_by, "name": v.name,
        "restored from": v.restored_from or "", "open": _link(m.id, v.version)}
        for v in versions]), hide_index=True, width="stretch",
        column_config={"open": st.column_config.LinkColumn("open", display_text="open")})
    older = [v.version for v in versions if v.version != m.current_version]
    if older and allowed(caller(), "change", item):
        r1, r2 = st.columns([1, 2])
        pick = r1.selectbox(say("Version"), older, key=f"restore_pick_{m.id}")
        if r2.button(f"Restore version {pick} as the current one", key=f"restore_{m.id}"):
            _act(lambda: ws.restore_version(m.id, pick, current_user(), m.current_version))
    if ss.get("ws_refused"):
        show("error", say_again(ss.ws_refused))


def _datasets(ws) -> None:
    sets = ws.datasets()
    maps = ws.saved_maps(kind=None)  # briefings use datasets too
    st.dataframe(pd.DataFrame([{
        "file": d.file_name, "records": d.accepted, "rejected rows": d.rejected,
        "format": d.format, "stored": utc_time(d.created_at), "by": d.created_by,
        "used by": ", ".join(m.name for m in maps if d.id in m.dataset_ids), "id": d.id}
        for d in sets]), hide_index=True, width="stretch")
    names = {d.id: f"{d.file_name} ({d.id})" for d in sets}
    if not names:
        return
    chosen = st.selectbox(say("A dataset"), list(names), format_func=names.get, key="ws_dataset")
    d = next(x for x in sets if x.id == chosen)
    with st.expander(say("Its import report")):
        st.json({k: v for k, v in d.report.items() if k != "rejected_cells"}, expanded=False)
    if allowed(caller(), "delete", Item.of(d, "dataset")):
        if st.button(say("Delete (to the trash)"), key=f"delete_{d.id}"):
            _act(lambda: ws.delete_dataset(d.id, current_user()))


def _trash(ws) -> None:
    ss = st.session_state
    items = [("dataset", Item.of(d, "dataset"),
              d.deleted_at) for d in ws.datasets(trash=True)] + \
            [(m.kind, Item.of(m, m.kind), m.deleted_at)
             for m in ws.saved_maps(trash=True, kind=None)]
    if ss.get("ws_refused"):
        show("error", say_again(ss.ws_refused))
    if not items:
        st.caption(say("The trash is empty."))
        return
    for kind, item, when in items:
        c1, c2, c3 = st.columns([4, 1, 1])
        show("caption", f"{kind} {item.name} ({item.id}), deleted {utc_time(when)}", c1)
        if allowed(caller(), "restore", item) and \
                c2.button(say("Restore"), key=f"undelete_{item.id}"):
            _act(lambda kind=kind, item=item: (
                ws.restore_dataset if kind == "dataset" else ws.restore_map)(item.id))
        if allowed(caller(), "purge") and \
                c3.button(say("Purge"), key=f"purge_{item.id}", help=say("Removes it for good")):
            _act(lambda kind=kind, item=item: (
                ws.purge_dataset if kind == "dataset" else ws.purge_map)(item.id))


def _act(change) -> None:
    ss = st.session_state
    try:
        change()
        ss.ws_refused = None
    except WorkspaceError as exc:
        ss.ws_refused = reason_of(exc)
    st.rerun()
