"""The data: the built-in records and this session's uploads, each with its upload report
(format, rows accepted and rejected, whose activity they are, the validation report and the
rejected rows to download). Uploads stay in this session only.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.activity import builtin_records
from geo.importers import MAX_BYTES, FileProblem, import_file, rejected_rows_csv
from geo.importers.containers import release_memory
from geo.importers.merge import combine, fingerprint
from ui.plain import code_label, show
from ui.server import report_error


def import_upload(up, notes):
    """(content fingerprint, ImportResult), or the reason the file cannot be read. A bug in an
    importer becomes a message in the sidebar too: the rest of the app and the other files
    keep working."""
    bar = notes.progress(0.0, text=f"Reading {code_label(up.name)}…") \
        if up.size > 2_000_000 else None
    try:
        data = up.getvalue()
        result = import_file(io.BytesIO(data), name=up.name,
                             progress=(lambda f: bar.progress(f * 0.6)) if bar else None)
        return fingerprint(data), result
    except FileProblem as exc:
        return str(exc)
    except MemoryError:
        return "the file is too large to read in memory here"
    except Exception as exc:  # noqa: BLE001 - one bad file must not take the page down
        return (f"could not be read (error id {report_error(exc, 'an import')}); please "
                "report it with the id")
    finally:
        if bar is not None:
            bar.empty()




def data_and_uploads():
    """The sidebar's data section: (records, data_key, notes). ``data_key`` names which data
    this is (to keep the map document of a view between reruns); ``notes`` is the sidebar's
    one container for what is said about the files."""
    ss = st.session_state
    use_builtin = st.sidebar.checkbox("Built-in records (5 source reports)", value=True,
                                      key="use_builtin")
    uploads = st.sidebar.file_uploader(
        "Add your data: ACLED export (CSV, Excel, API JSON), UCDP GED (CSV, zip, Excel), native "
        "CSV, GeoJSON points", type=["csv", "txt", "xlsx", "json", "geojson", "zip", "gz"],
        accept_multiple_files=True, key="uploads", max_upload_size=MAX_BYTES // 2**20)
    # Everything said about the files goes in this one container: a message that came and went
    # between the uploader and the filter panel would move the panel, and a moved iframe is a new
    # page that Streamlit no longer hears (the panel's changes would be lost).
    notes = st.sidebar.container()
    frames = [builtin_records()] if use_builtin else []
    current = {(up.file_id, up.name, up.size) for up in uploads or []}
    removed = set(ss.imports) - current
    for gone in removed:  # an upload removed from the uploader frees its memory
        del ss.imports[gone]
    if removed:
        release_memory()
    seen_content: dict[str, str] = {}
    for up in uploads or []:
        key = (up.file_id, up.name, up.size)
        if key not in ss.imports:  # session state: uploads never leave this session
            ss.imports[key] = import_upload(up, notes)
        entry = ss.imports[key]
        if isinstance(entry, str):
            show("error", f"{up.name}: {entry}", notes)
            continue
        digest, result = entry
        if digest in seen_content:
            show("warning", f"{up.name} has the same content as {seen_content[digest]}: added "
                            "once", notes)
            continue
        seen_content[digest] = up.name
        frames.append(result.records)
        outside = result.out_of_region.get("rows", 0)
        msg = (f"{up.name}: {result.format}, {result.rows} rows: {result.accepted} accepted, "
               f"{result.rejected_count} rejected"
               + (f" ({outside} outside the region)" if outside else "")
               + f", {len(result.warnings)} warnings"
               + (f" · ISKP {result.attribution['iskp']}, possibly ISKP "
                  f"{result.attribution['possible']}, other actors {result.attribution['other']}"
                  if result.attribution else ""))
        show("warning" if result.rejected_count else "success", msg, notes)
        if result.rejected or result.warnings:
            with notes.expander("Validation report: " + code_label(up.name)):
                issues = pd.DataFrame(
                    [dict(**i.as_dict(), kind="rejected") for i in result.rejected]
                    + [dict(**i.as_dict(), kind="warning") for i in result.warnings])
                issues = issues[["line", "reason", "column", "kind"]]
                st.dataframe(issues.head(2000), hide_index=True, width="stretch")
                if len(issues) > 2000:
                    st.caption(f"The first 2,000 of {len(issues):,}; the download has every row.")
                if len(result.rejected_rows):
                    st.download_button("Download rejected rows (CSV)",
                                       lambda result=result: rejected_rows_csv(result),
                                       file_name=f"rejected_{Path(up.name).stem}.csv",
                                       mime="text/csv", key=f"rej_{up.file_id}",
                                       on_click="ignore")
    records, merge_messages = combine(frames)
    # Which data this is, to keep the map document of a view between reruns.
    data_key = (use_builtin, tuple(seen_content))
    for message in merge_messages:
        show("info", message, notes)
    return records, data_key, notes
