"""``change`` layer: per province, the window against a baseline window, as a change level.

The levels and their rule are ACLED Trendfinder's (see geo.change); the legend writes them out.
In an exported file the change is that of the exported window: narrowing the date filter there
does not recompute it, and the legend says so.

>>> ChangeLayer(geo, per_province_change(records, window, baseline), "records").add_to(m)
"""
from __future__ import annotations

import pandas as pd

from geo.change import LEVELS
from layers.base import GeoLayerScript, MapLayer
from layers.geodata import GeoRegistry

# Diverging, colour-blind safe (ColorBrewer RdBu ends); limited change and nothing stay neutral.
CHANGE_COLOURS = {"large increase": "#b2182b", "moderate increase": "#ef8a62",
                  "limited change": "#d9d9d9", "large decrease": "#2166ac",
                  "no records": "#ffffff"}
assert set(CHANGE_COLOURS) == set(LEVELS)


def _pct(v) -> str:
    return "—" if v is None or pd.isna(v) else f"{v:+.0f} %"


class ChangeLayer(MapLayer):
    layer_id = "change"
    title = "Change against baseline"

    def __init__(self, geo: GeoRegistry, table: pd.DataFrame, metric: str = "records",
                 window_label: str = "", baseline_label: str = "", show: bool = True):
        super().__init__(show=show)
        self.counts = table[f"level_{metric}"].value_counts().to_dict()
        noun = "Records" if metric == "records" else "Fatalities"
        values = {r["iso"]: {"now": int(r[metric]), "base": int(r[f"baseline_{metric}"]),
                             "expected": f"{r[f'expected_{metric}']:g}",
                             "pct": _pct(r[f"change_{metric}_pct"]),
                             "level": r[f"level_{metric}"]}
                  for r in table.to_dict("records")}
        GeoLayerScript("change", {
            "geo": geo.use("provinces"), "key": "iso", "cls": "iskp-change",
            "style": {"fillOpacity": 0.8, "color": "#555", "weight": 0.6},
            "styles": {iso: {"fillColor": CHANGE_COLOURS[v["level"]]}
                       for iso, v in values.items()},
            "tooltip": [["Province", "name"], [f"{noun} ({window_label})", "now"],
                        [f"Baseline ({baseline_label})", "base"],
                        ["Expected at the baseline's rate", "expected"], ["Change", "pct"],
                        ["Level", "level"]],
            "values": values,
        }).add_to(self)
