"""The data: the workspace's datasets chosen for this view (the built-in records are one of
them), and this session's uploads, each stored in the workspace as it is accepted, with its
upload report (format, rows accepted and rejected, whose activity they are, the validation
report and the rejected rows to download). A reload, a link (``data=``) or a saved map brings
the same datasets back.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.importers import FileProblem, import_file, rejected_rows_csv
from geo.importers.containers import release_memory
from geo.importers.merge import combine, fingerprint
from geo.workspace import WorkspaceError
from ui.plain import code_label, show
from ui.server import report_error
from geo.workspace.permissions import allowed
from geo.words import Phrase, reason_of, say, say_again
from ui.import_guard import import_slot, upload_limit_mb
from ui.workspace_access import caller, current_user, dataset_records, workspace


def import_upload(up, notes):
    """(content fingerprint, ImportResult, the stored dataset's id), or the reason the file
    cannot be read or stored. A bug in an importer becomes a message in the sidebar too: the
    rest of the app and the other files keep working."""
    bar = notes.progress(0.0, text=f"Reading {code_label(up.name)}…") \
        if up.size > 2_000_000 else None
    try:
        with import_slot(caller(), up.size):
            data = up.getvalue()
            result = import_file(io.BytesIO(data), name=up.name,
                                 progress=(lambda f: bar.progress(f * 0.6)) if bar else None)
            if not result.accepted:
                return fingerprint(data), result, None
            if bar is not None:
                bar.progress(0.7, text=f"Storing {code_label(up.name)} in the workspace…")
            stored = workspace().add_dataset(result, data, who=current_user(),
                                             file_name=up.name)
            return fingerprint(data), result, stored.id
    except (FileProblem, WorkspaceError) as exc:  # said so a user understands
        return reason_of(exc)  # a Phrase: said in Dari too
    except MemoryError:
        return Phrase("the file is too large to read in memory here")
    except Exception as exc:  # noqa: BLE001 - one bad file must not take the page down
        return Phrase("could not be read (error id {id}); please report it with the id",
                      id=report_error(exc, "an import"))
    finally:
        if bar is not None:
            bar.empty()




def data_and_uploads():
    """The sidebar's data section: (records, data_key, notes). ``data_key`` names which data
    this is (to keep the map document of a view between reruns); ``notes`` is the sidebar's
    one container for what is said about the files."""
    ss = st.session_state
    ss["_validation_reports"] = []  # this run's, shown below the map (validation_reports)
    ws = workspace()
    if allowed(caller(), "import"):
        uploads = st.sidebar.file_uploader(
            say("Add your data: ACLED export (CSV, Excel, API JSON), UCDP GED (CSV, zip, Excel), "
                "native CSV, GeoJSON points"),
            type=["csv", "txt", "xlsx", "json", "geojson", "zip", "gz"],
            accept_multiple_files=True, key="uploads", max_upload_size=upload_limit_mb(caller()))
    else:  # no uploader at all: the store would refuse the import anyway
        uploads = []
        st.sidebar.caption(say("Uploads are for analysts: as a viewer you open the team's data."))
    # Everything said about the files goes in this one container: a message that came and went
    # between the uploader and the filter panel would move the panel, and a moved iframe is a new
    # page that Streamlit no longer hears (the panel's changes would be lost).
    notes = st.sidebar.container()
    current = {(up.file_id, up.name, up.size) for up in uploads or []}
    removed = set(ss.imports) - current
    # A file taken out of the uploader leaves this view (it stays in the workspace, to be
    # ticked again), and this session's copy of it is freed.
    left = {e[2] for k, e in ss.imports.items() if k in removed and not isinstance(e, str)}
    for gone in removed:
        del ss.imports[gone]
    left -= {e[2] for e in ss.imports.values() if not isinstance(e, str)}
    if left:
        ss.datasets_on = [d for d in ss.datasets_on if d not in left]
    if removed:
        release_memory()
    seen_content: dict[str, str] = {}
    for up in uploads or []:
        key = (up.file_id, up.name, up.size)
        if key not in ss.imports:
            ss.imports[key] = import_upload(up, notes)
            entry = ss.imports[key]
            if not isinstance(entry, str) and entry[2] and entry[2] not in ss.datasets_on:
                ss.datasets_on = [*ss.datasets_on, entry[2]]  # a new upload is shown
        entry = ss.imports[key]
        if isinstance(entry, str):
            show("error", f"{up.name}: {say_again(entry)}", notes)
            continue
        digest, result, _ = entry
        if digest in seen_content:
            show("warning", say("{file} has the same content as {other}: added once",
                                file=up.name, other=seen_content[digest]), notes)
            continue
        seen_content[digest] = up.name
        report_upload(up, result, notes)
    # The workspace's datasets shown in this view: the built-in records, uploads, a link's or
    # a saved map's datasets.
    available = {d.id: d for d in ws.datasets()}
    missing = [d for d in ss.datasets_on if d not in available]
    if missing:
        show("warning", say("Not in the workspace (deleted, or from another workspace): "
                            "{datasets}", datasets=", ".join(missing)), notes)
        ss.datasets_on = [d for d in ss.datasets_on if d in available]
    # Named in this run's language (a format_func is also called between runs).
    named = {d: say("{file} ({n} records)", file=available[d].file_name,
                    n=f"{available[d].accepted:,}") for d in available}
    st.sidebar.multiselect(
        say("Datasets in this view"), list(available), key="datasets_on",
        format_func=lambda d: named.get(d, d), placeholder=say("Choose datasets"),
        help=say("Every accepted upload is kept in the workspace (see Workspace, at the foot of "
                 "the page): tick it here to show it again."))
    frames = [dataset_records(d) for d in ss.datasets_on]
    records, merge_messages = combine(frames)
    # Which data this is, to keep the map document of a view between reruns.
    data_key = tuple(ss.datasets_on)
    for message in merge_messages:
        show("info", message, notes)
    return records, data_key, notes


def report_upload(up, result, notes) -> None:
    """What became of an upload of this session: counts, whose activity, the validation
    report and its rejected rows."""
    outside = result.out_of_region.get("rows", 0)
    msg = (say("{file}: {format}, {rows} rows: {accepted} accepted, {rejected} rejected",
               file=up.name, format=result.format, rows=result.rows,
               accepted=result.accepted, rejected=result.rejected_count)
           + (say(" ({n} outside the region)", n=outside) if outside else "")
           + say(", {n} warnings", n=len(result.warnings))
           + (say(" · ISKP {iskp}, possibly ISKP {possible}, other actors {other}",
                  **{k: result.attribution[k] for k in ("iskp", "possible", "other")})
              if result.attribution else "")
           + (say(" · kept in the workspace") if result.accepted else say(" · nothing to keep")))
    if result.rejected or result.warnings:
        msg += say(" · its validation report is below the map")
    show("warning" if result.rejected_count else "success", msg, notes)
    if result.rejected or result.warnings:
        # Below the map, not here: a long report in the sidebar pushed the date panel off
        # the screen.
        st.session_state["_validation_reports"].append((up, result))


REPORT_LINES = 500


def report_lines(result, limit: int | None = None) -> list[str]:
    """The validation report as the reader reads it, every reason whole: "line 12, column
    date_start: rejected: unparseable date '2018-13-45'"; the first ``limit`` lines."""
    unit = result.unit or "line"

    # The product's words in the reader's language, the importer's reason too (a Phrase: its
    # values, the file's cells, as given).
    units = {"line": say("line {n}"), "row": say("row {n}"), "feature": say("feature {n}"),
             "record": say("record {n}")}

    def line(issue, outcome):
        # Line 0: the file as a whole (its layout, its attribution), not a line of it.
        where = (units.get(unit, unit + " {n}").format(n=issue.line)
                 if issue.line else say("the file"))
        column = say(", column {column}", column=issue.column) if issue.column else ""
        return f"{where}{column}: {outcome}: {say_again(issue.phrase())}"
    issues = [(i, "rejected") for i in result.rejected] + \
        [(i, "warning") for i in result.warnings]
    outcomes = {"rejected": say("rejected"), "warning": say("warning")}
    return [line(i, outcomes[kind]) for i, kind in issues[:limit]]


def validation_reports() -> None:
    """This run's uploads' validation reports (below the map), each reason in full, and the
    rejected rows to download."""
    for up, result in st.session_state.get("_validation_reports", []):
        with st.expander(say("Validation report: {file}", file=code_label(up.name)),
                         expanded=True):
            lines = report_lines(result, REPORT_LINES)
            more = len(result.rejected) + len(result.warnings) - REPORT_LINES
            show("report", "\n".join(lines)
                 + ("\n" + say("… and {n} more: the rejected rows download has every one.",
                                n=f"{more:,}") if more > 0 else ""))
            if len(result.rejected_rows):
                st.download_button(say("Download rejected rows (CSV)"),
                                   lambda result=result: rejected_rows_csv(result),
                                   file_name=f"rejected_{Path(up.name).stem}.csv",
                                   mime="text/csv", key=f"rej_{up.file_id}",
                                   on_click="ignore")
