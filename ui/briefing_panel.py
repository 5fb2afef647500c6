"""The briefing being made in this session: "Add this view as a slide", the slides in order
(open one to edit it, move it up or down, duplicate, rename, delete), the briefing file to
download or open, and the deck (PowerPoint, PDF, one HTML file) made in one go with a progress
bar. A slide keeps the view as a link does, with the datasets it shows.

The briefing is the session's until it is downloaded or kept in the workspace (a new briefing,
or a new version of the one opened: refused, saying by whom, when someone saved it since);
opening a briefing file or a kept briefing over slides not kept asks first.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from geo.workspace import WorkspaceError
from geo.workspace.permissions import Item, allowed
from map_page.assembly import DEFAULT_TITLE, MapView, said_title
from geo.annotations import annotations_text
from geo.words import Phrase, day_text, reason_of, say, say_again
from outputs.briefing import Briefing, BriefingProblem, Slide, briefing_bytes, briefing_datasets, \
    briefing_of, parse_briefing, slide_of
from ui import url_state
from ui.plain import show
from ui.present import start as present
from ui.workspace_access import builtin_id, caller, logged_export, slide_records, workspace


def _slides() -> list[Slide]:
    return st.session_state.setdefault("briefing_slides", [])


def _set(slides: list[Slide]) -> None:
    st.session_state.briefing_slides = slides
    st.session_state.briefing_saved = False
    st.session_state.pop("deck", None)


def _title_kept(typed: str) -> str:
    """The title a slide keeps from its field: the default shown in the reader's language
    is kept as the default (a deck says it in its own language), a briefer's as typed."""
    return DEFAULT_TITLE if typed.strip() == say(DEFAULT_TITLE) else typed


def _day(text) -> str:
    """A slide's first or last day as the page writes days ("01 Jul 2018", in Dari too);
    one that is not a day as it is, none as "…"."""
    try:
        return day_text(dt.date.fromisoformat(text))
    except (TypeError, ValueError):
        return text or "…"


def briefing_section(view: MapView) -> None:
    ss = st.session_state
    st.subheader(say("Briefing"))
    st.caption(say("Slides of views, to present or export as one deck: add this view, then change "
                   "the map and add the next."))
    slides = _slides()
    with st.form("add_slide", clear_on_submit=True):
        c1, c2 = st.columns(2)
        title = c1.text_input(say("Slide title"), value=said_title(view.title),
                              key="slide_title")
        subtitle = c2.text_input(say("Slide subtitle"), value=view.subtitle, key="slide_subtitle")
        notes = st.text_area(say("Speaker notes"), key="slide_notes", height=80)
        if st.form_submit_button(say("Add this view as a slide")):
            kept = _title_kept(title).strip() or view.title
            _set(slides + [slide_of(kept, url_state.view_params(view), subtitle, notes)])
            st.rerun()
    for n, slide in enumerate(slides):
        _slide_row(n, slide, slides, view)
    if "briefing_title_next" in ss:  # a briefing opened: its title, set before the field is
        ss.briefing_title = ss.pop("briefing_title_next")
    name = st.text_input(say("Briefing title"), key="briefing_title",
                         value=ss.get("briefing_title") or say("Briefing"))
    briefing = Briefing(name, tuple(slides)) if slides else None
    c1, c2 = st.columns(2)
    if briefing is not None:
        c1.download_button(say("Download the briefing file"), briefing_bytes(briefing),
                           file_name="briefing.briefing.json", mime="application/json",
                           on_click=lambda: ss.update(briefing_saved=True))
    _open_file(c2, slides)
    _kept(briefing, slides)
    if briefing is not None:
        st.button(say("Present the briefing"), key="present_briefing", type="primary",
                  on_click=present, args=(briefing,),
                  help=say("Full screen, one live slide at a time: arrows, Page keys or a "
                           "clicker step; F full screen; N the speaker notes in a window of their "
                           "own; Esc leaves"))
        _deck(briefing)


def _slide_row(n: int, slide: Slide, slides: list[Slide], view: MapView) -> None:
    window = _day(slide.view.get("start")) + " – " + _day(slide.view.get("end"))
    c1, c2, c3, c4, c5, c6 = st.columns([5, 1, 1, 1, 1, 1])
    show("caption", f"{n + 1}. {said_title(slide.title)} · {window}", c1)
    c2.button(say("Open"), key=f"slide_open_{n}", help=say("Open this slide's view to look at or "
                  "change it (then Update)"), on_click=url_state.open_link,
              args=(_params_of(slide),))
    if c3.button("↑", key=f"slide_up_{n}", disabled=n == 0, help=say("Move up")):
        _set(slides[:n - 1] + [slides[n], slides[n - 1]] + slides[n + 1:])
        st.rerun()
    if c4.button("↓", key=f"slide_down_{n}", disabled=n == len(slides) - 1,
                 help=say("Move down")):
        _set(slides[:n] + [slides[n + 1], slides[n]] + slides[n + 2:])
        st.rerun()
    if c5.button(say("Copy"), key=f"slide_copy_{n}", help=say("Duplicate")):
        _set(slides[:n + 1] + [slides[n]] + slides[n + 1:])
        st.rerun()
    if c6.button(say("Delete"), key=f"slide_delete_{n}"):
        st.session_state.briefing_undo = (n, slide)
        _set(slides[:n] + slides[n + 1:])
        st.rerun()
    with c1.expander(say("Rename, notes, or take the map's current view")):
        title = st.text_input(say("Title"), value=said_title(slide.title),
                              key=f"slide_rename_{n}")
        subtitle = st.text_input(say("Subtitle"), value=slide.subtitle, key=f"slide_sub_{n}")
        notes = st.text_area(say("Speaker notes"), value=slide.notes, key=f"slide_notes_{n}")
        b1, b2 = st.columns(2)
        if b1.button(say("Keep"), key=f"slide_keep_{n}"):
            _set(slides[:n] + [dataclasses.replace(slide, title=_title_kept(title),
                                                   subtitle=subtitle, notes=notes)]
                 + slides[n + 1:])
            st.rerun()
        if b2.button(say("Update to the map's view"), key=f"slide_update_{n}"):
            taken = slide_of(slide.title, url_state.view_params(view))
            _set(slides[:n] + [dataclasses.replace(slide, view=taken.view,
                                                   annotations=taken.annotations)]
                 + slides[n + 1:])
            st.rerun()
    undo = st.session_state.get("briefing_undo")
    if undo and n == len(slides) - 1 and st.button(say("Undo: bring back '{title}'",
                                                                  title=undo[1].title),
                                                   key="slide_undo"):
        st.session_state.briefing_undo = None
        _set(slides[:undo[0]] + [undo[1]] + slides[undo[0]:])
        st.rerun()


def _params_of(slide: Slide) -> dict:
    """The link of a slide's view, with what is drawn on it."""
    drawn = annotations_text(slide.annotations)
    return {**slide.view, **({"annotations": drawn} if drawn else {})}


def _open_file(column, slides: list[Slide]) -> None:
    ss = st.session_state
    if not allowed(caller(), "import"):  # a viewer uploads nothing
        column.caption(say("Opening a briefing file is for analysts."))
        return
    up = column.file_uploader(say("Open a briefing file"), type=["json"], key="briefing_file")
    if up is None:
        return
    try:
        opened = parse_briefing(up.getvalue(), up.name)
    except BriefingProblem as exc:
        show("error", say_again(reason_of(exc)), column)
        return
    if ss.get("briefing_opened") == (up.file_id, up.name):
        return
    if not _replacing(slides, up.name, len(opened.slides), "briefing_replace", column):
        return
    ss.briefing_opened = (up.file_id, up.name)
    ss.open_briefing = None  # a file: kept in the workspace only when the reader keeps it
    ss.briefing_title_next = opened.title
    _set(list(opened.slides))
    ss.briefing_saved = True
    st.rerun()


def _replacing(slides: list[Slide], what: str, count: int, key: str, column=st) -> bool:
    """Whether the slides here may be replaced: none, kept already, or the reader says so."""
    return not slides or st.session_state.get("briefing_saved") or column.checkbox(
        say("Replace the {n} slides here (not kept) with {what}'s {count}", n=len(slides),
            what=what, count=count), key=key)


def _kept(briefing: Briefing | None, slides: list[Slide]) -> None:
    """The briefing kept in the workspace: save it (a new one, a new version of the one
    opened, or a copy), and the kept briefings to open or delete (the trash and the history
    are the workspace's, at the foot of the page)."""
    ss = st.session_state
    ws = workspace()
    opened = ss.get("open_briefing")
    if opened is not None:
        show("caption", say_again(opened.describe()) + ("" if ss.get("briefing_saved")
                                             else say(" · unsaved changes")))
    if briefing is not None and allowed(caller(), "save"):
        b1, b2, _ = st.columns([1, 1, 2])
        if opened is None:
            if b1.button(say("Keep in the workspace"), key="briefing_keep"):
                _keep(ws, briefing)
        else:
            if b1.button(say("Keep (version {n})", n=opened.current_version + 1),
                         key="briefing_keep_version"):
                _keep(ws, briefing, opened.id, opened.current_version)
            if b2.button(say("Keep as a new briefing"), key="briefing_keep_copy"):
                _keep(ws, briefing)
    if ss.get("briefing_refused"):
        show("error", say_again(ss.briefing_refused))
    kept = ws.saved_briefings()
    if not kept:
        return
    names = {b.id: f"{b.name} · {len(b.view.get('slides', []))} slides · version "
                   f"{b.version} · {b.saved_by} ({b.id})" for b in kept}
    k1, k2, k3 = st.columns([3, 1, 1])
    chosen = k1.selectbox(say("Briefings kept in the workspace"), list(names),
                          format_func=names.get,
                          key="kept_briefing")
    b = next(x for x in kept if x.id == chosen)
    # Asked before the button, so that one press opens it.
    may = _replacing(slides, f"'{b.name}'", len(b.view.get("slides", [])),
                     "briefing_replace_kept", k1)
    if k2.button(say("Open this briefing"), key="open_kept_briefing", disabled=not may):
        try:
            opened = briefing_of(b.view, Phrase("briefing {id}", id=b.id))
        except BriefingProblem as exc:
            show("error", say_again(reason_of(exc)))
            return
        ss.briefing_title_next = opened.title
        _set(list(opened.slides))
        ss.update(open_briefing=b, briefing_saved=True, briefing_refused=None)
        st.rerun()
    item = Item.of(b, "briefing")
    if allowed(caller(), "delete", item) and k3.button(
            say("Delete (to the trash)"), key=f"delete_kept_{b.id}",
            help=say("The workspace's Trash, at the foot of the page, brings it back")):
        _act(lambda: ws.delete_map(b.id))
        if opened is not None and opened.id == b.id:
            ss.open_briefing = None
        st.rerun()
    if allowed(caller(), "share", item):
        shared = b.visibility == "team"
        if k3.button(say("Make private") if shared else say("Share with the team"),
                     key=f"share_kept_{b.id}"):
            _act(lambda: ws.share_map(b.id, "private" if shared else "team"))
            st.rerun()


def _keep(ws, briefing: Briefing, briefing_id: str | None = None,
          expected: int | None = None) -> None:
    ss = st.session_state
    kept = _act(lambda: ws.save_briefing(briefing.title, briefing.as_json(),
                                         briefing_datasets(briefing, builtin_id()),
                                         briefing_id=briefing_id, expected_version=expected))
    if kept is not None:
        ss.update(open_briefing=kept, briefing_saved=True)
    st.rerun()


def _act(change):
    """A change to the workspace, and what it gives; refused (changed since, not allowed),
    None, and the reason is kept to show."""
    ss = st.session_state
    try:
        done = change()
        ss.briefing_refused = None
        return done
    except WorkspaceError as exc:
        ss.briefing_refused = reason_of(exc)
        return None


def _deck(briefing: Briefing) -> None:
    from outputs.chromium import RenderFailed, RenderUnavailable
    from outputs.deck import export_deck
    from ui.server import error_message, report_error
    ss = st.session_state
    c1, c2 = st.columns([1, 2])
    papers = {"a4": say("A4 landscape"), "letter": say("Letter landscape")}
    paper = c2.selectbox(say("PDF paper"), list(papers), key="deck_paper",
                         format_func=papers.get)
    if c1.button(say("Make the deck (PowerPoint, PDF, HTML)"), key="make_deck", type="primary"):
        bar = st.progress(0.0, text=say("Rendering the slides in headless Chromium…"))
        try:
            ss.deck = export_deck(briefing, slide_records, pptx=True, pdf=paper, html=True,
                                  progress=lambda f, what: bar.progress(f, text=what))
            ss.deck_for = briefing
        except (RenderUnavailable, RenderFailed) as exc:
            ss.deck = None
            show("error", say_again(reason_of(exc)))
        except Exception as exc:  # noqa: BLE001 - a failed deck must not replace the page
            ss.deck = None
            show("error", error_message(report_error(exc, "a briefing's deck")))
        finally:
            bar.empty()
    deck = ss.get("deck")
    if deck and ss.get("deck_for") == briefing:
        for problem in deck["problems"]:
            show("warning", say_again(problem))
        d1, d2, d3 = st.columns(3)
        for column, kind, label, mime in (
                (d1, "pptx", "PowerPoint", "application/vnd.openxmlformats-officedocument."
                                           "presentationml.presentation"),
                (d2, "pdf", "PDF", "application/pdf"), (d3, "html", "HTML", "text/html")):
            data = deck[kind].encode("utf-8") if kind == "html" else deck[kind]
            name = f"briefing.{kind}"
            column.download_button(say("Download the deck ({kind})", kind=label),
                                   logged_export(data, f"briefing ({kind})", name),
                                   file_name=name, mime=mime, on_click="ignore",
                                   key=f"deck_{kind}")
