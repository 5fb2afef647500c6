"""What a window holds, in one vocabulary for the app, the exported map, slides, PDF, PowerPoint
and ``geo summary``: events, area claims, other records, and context records of other actors.

Every record a view shows is exactly one of them, so the four add up to the records shown:

- **events**: dated incidents and reports of ISKP activity (an attack, a force estimate, a
  statement; ``iskp``, or ``possible`` when shown), at the place the report gives;
- **area claims**: reports of ISKP activity in a region ("the north", "Farah and Nimroz"),
  drawn as areas and never counted in a province;
- **other records**: counts over a period and statements of links and reach
  (``geo.records.NOT_COUNTED``), listed, not counted as events;
- **context records**: records of other actors (``geo.attribution``), shown as context and
  never counted as ISKP activity.

The map page writes the same words as the window moves (``ISKP.countsText`` in
map_runtime/js/iskp_runtime.js).

>>> window_counts(july_2018)
{'events': 4, 'area_claims': 4, 'other_records': 5, 'context': 1, 'records': 14}
>>> counts_text(window_counts(july_2018))
'4 events · 4 area claims · 5 other records · 1 context record (other actors)'
"""
from __future__ import annotations

import pandas as pd

from geo.areas import counted_area_claims
from geo.attribution import COUNTED
from geo.records import NOT_COUNTED
from geo.words import say, say_n

# What each count is, for the app's help texts and the README.
HELP = {
    "events": "Dated incidents and reports of ISKP activity (attacks, force estimates, "
              "statements), at the place the report gives: a point, a district, a province or "
              "the country.",
    "area_claims": "Reports of ISKP activity in a region ('the northern provinces'): drawn as "
                   "areas with the report's words, never counted in a single province.",
    "other_records": "Counts over a period ('32 attacks since August 2021') and statements of "
                     "links and reach: listed and drawn, not counted as events.",
    "context": "Records of other actors (Taliban, security forces, other groups): shown as "
               "context, never counted as ISKP activity.",
}
HELP_NAMES = {"events": "Events", "area_claims": "Area claims",
              "other_records": "Other records", "context": "Context records"}


def help_text() -> str:
    """What each count is, in one text, in the current language (geo.words)."""
    return " ".join(f"{say(HELP_NAMES[k])}: {say(text)}" for k, text in HELP.items())


def kinds(records: pd.DataFrame) -> pd.Series:
    """Each record's kind: "events", "area_claims" (``geo.areas.counted_area_claims``, the one
    rule of what an area claim counts as), "other_records" or "context"."""
    context = ~records["attribution"].isin(list(COUNTED))
    out = pd.Series("events", index=records.index, dtype=object)
    out[counted_area_claims(records)] = "area_claims"
    out[records["category"].isin(NOT_COUNTED)] = "other_records"
    out[context] = "context"
    return out


def window_counts(records: pd.DataFrame) -> dict:
    """The counts of the records a view shows (already filtered to its window, filters and
    attributions): ``events``, ``area_claims``, ``other_records``, ``context`` and their sum,
    ``records``."""
    n = kinds(records).value_counts()
    out = {k: int(n.get(k, 0)) for k in ("events", "area_claims", "other_records", "context")}
    out["records"] = int(len(records))
    return out


def counts_text(counts: dict) -> str:
    """"4 events · 4 area claims · 5 other records", and the context records when there are
    any: the words every surface uses."""
    parts = [say_n(counts["events"], "{n} event", "{n} events"),
             say_n(counts["area_claims"], "{n} area claim", "{n} area claims"),
             say_n(counts["other_records"], "{n} other record", "{n} other records")]
    if counts.get("context"):
        parts.append(say_n(counts["context"], "{n} context record (other actors)",
                           "{n} context records (other actors)"))
    return " · ".join(parts)
