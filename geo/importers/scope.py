"""Which rows are in scope: Afghanistan and the neighbours with a border region.

Analysts bring global files (UCDP GED: about 350,000 events worldwide). Rows of other countries
are taken out while reading, before any per-row work, and reported as a count per country with
their lines, not as one message each. Meetings may lie anywhere (the native format's
``counter-terrorism meeting`` records in Moscow or Delhi), so they stay.

>>> summary = take_out_of_region(raw, "ucdp")
>>> summary["rows"], list(summary["countries"])[:2]
(312004, ['Syria', 'Somalia'])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from geo.importers.common import country_code
from geo.validation import Issue
from geo.words import Phrase

IN_SCOPE = {"AF", "PK", "IR", "TM", "UZ", "TJ", "CN"}
# UCDP's country_id is a Gleditsch-Ward number, not ISO: those of the covered countries.
GW_IN_SCOPE = {"700", "770", "630", "710", "702", "704", "701"}


def _ranges(lines: np.ndarray, most: int = 5) -> str:
    """'3-40, 52, 90-91 ...': where the rows are, compactly."""
    out, start, prev = [], None, None
    for ln in lines.tolist():
        if start is None:
            start = prev = ln
        elif ln == prev + 1:
            prev = ln
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = ln
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(out[:most]) + (" ..." if len(out) > most else "")


def take_out_of_region(raw, fmt: str) -> tuple[dict, list[Issue]]:
    """Remove rows whose country is known and outside the covered region from ``raw`` (in
    place). Returns the summary for the report and one rejection per country (its first line)."""
    rows = raw.rows
    if "country" not in rows or not len(rows):
        return {}, []
    text = rows["country"].fillna("").astype(str).str.strip()
    codes = text.map({v: country_code(v) for v in text.unique()})
    outside = codes.notna() & (codes != "") & ~codes.isin(IN_SCOPE)
    if fmt == "ucdp" and "country_id" in rows:
        gw = rows["country_id"].fillna("").astype(str).str.strip().str.replace(r"\.0$", "",
                                                                               regex=True)
        outside |= codes.isna() & gw.str.fullmatch(r"\d+") & ~gw.isin(GW_IN_SCOPE)
    if fmt in ("native", "geojson") and "category" in rows:
        outside &= rows["category"].fillna("").astype(str).str.strip().str.lower() != \
            "counter-terrorism meeting"
    if not outside.any():
        return {}, []
    mask = outside.to_numpy()
    lines = raw.lines[mask]
    names = text[mask].to_numpy(object)
    summary = {"rows": int(mask.sum()), "countries": {}}
    issues = []
    frame = pd.DataFrame({"country": names, "line": lines})
    for country, grp in sorted(frame.groupby("country"), key=lambda kv: -len(kv[1])):
        ls = grp["line"].to_numpy()
        summary["countries"][country] = {"rows": int(len(ls)), "lines": _ranges(ls)}
        issues.append(Issue(int(ls[0]), "country", Phrase(
            "{n} row(s) in {country} (lines {lines}): outside Afghanistan and its border "
            "regions", n=f"{len(ls):,}", country=country, lines=_ranges(ls))))
    raw.rows = rows[~outside].reset_index(drop=True)
    raw.lines = raw.lines[~mask]
    return summary, issues
