"""The sources section of an exported map: every source behind the records shown, the export
date, and the licences of the embedded map software. Built from escaped text only."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.districts import CREDIT
from geo.sources import cited_sources, grouped_sources
from geo.words import say
from map_page.legend import MapControl
from map_runtime.assets import LICENCES
from map_runtime.base import esc


BOUNDARIES = ("Boundaries: Natural Earth 10m admin-1 (public domain), corrected; see the "
              "project's data/README.md.")
GROUP_ABOVE = 500  # distinct sources; above it one line per pattern (grouped_sources)


def sources_panel(records: pd.DataFrame, export_date: dt.date, font_px: int = 12,
                  districts: bool = False) -> MapControl:
    """The "Sources" box: the records' sources, the boundaries' (the districts' too, with
    ``districts``) and the map software's licences."""
    shown = cited_sources(records)
    if len(shown) > GROUP_ABOVE:
        shown = grouped_sources(records)
    parts = [f'<details class="iskp-sources"><summary><b>{esc(say("Sources"))}</b> '
             f'({len(shown)}) · {esc(say("exported {date}", date=export_date.isoformat()))}'
             '</summary><ol>']
    parts += [f"<li>{esc(s)}</li>" for s in shown]
    parts.append(f"</ol><div>{esc(say(BOUNDARIES))}</div>"
                 + (f"<div>{esc(say(CREDIT))}.</div>" if districts else "") +
                 f"<div>{esc(say('Map software:'))} "
                 + "; ".join(esc(v) for v in LICENCES.values()) + ".</div></details>")
    control = MapControl("".join(parts), "bottomleft", "iskp-box iskp-sources-box", font_px)
    control.foldable = say("Sources")
    return control
