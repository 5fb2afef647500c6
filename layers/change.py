"""``change`` layer: per province (or per district), the window against a baseline window, as a
change level.

The levels and their rule are ACLED Trendfinder's (see geo.change); the legend writes them out.
Python computes the change of the view's window; when the page holds the records (an export,
the app), the page recomputes it for each window the reader chooses, plays or is sent, by the
same rules (``_ChangeWindow``), against the same baseline.

>>> ChangeLayer(geo, per_province_change(records, window, baseline), "records").add_to(m)
"""
from __future__ import annotations

import pandas as pd
from jinja2 import Template

from geo.change import LEVELS, LOW_CURRENT, LOW_EXPECTED
from geo.words import say
from map_runtime.activity_data import ActivityData
from map_runtime.activity_data import day
from map_runtime.base import GeoLayerScript, MapLayer, SafeMacroElement
from map_runtime.geodata import GeoRegistry

# Diverging, colour-blind safe (ColorBrewer RdBu ends); limited change and nothing stay neutral.
CHANGE_COLOURS = {"large increase": "#b2182b", "moderate increase": "#ef8a62",
                  "limited change": "#d9d9d9", "large decrease": "#2166ac",
                  "no records": "#ffffff"}
assert set(CHANGE_COLOURS) == set(LEVELS)


def _pct(v) -> str:
    return "—" if v is None or pd.isna(v) else f"{v:+.0f} %"


class _ChangeWindow(SafeMacroElement):
    """Recomputes the change levels in the page for each new window (geo.change's rules)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var gj = ISKP.layers["change"], colours = {{ this.colours|tojson }};
          var key = {{ this.key|tojson }};
          var count = key === "id" ? ISKP.countByDistrict : ISKP.countByPlace;
          var metric = {{ this.metric|tojson }}, fixed = {{ this.baseline|tojson }};
          if (!data.detailed) { return; }
          /* The app's map: its host sets the baseline (ISKP.setBaseline), and turning the
           * comparison on or off, or moving the baseline, is no new map. Until it is set the
           * layer stays off (ISKP.showLayers). */
          {% if this.host_sets %}ISKP.needsBaseline = true;{% endif %}
          function round(v, k) { var f = Math.pow(10, k); return Math.round(v * f) / f; }
          function level(now, expected) {
            if (now === 0 && expected === 0) { return ["no records", null]; }
            var pct = expected === 0 ? null : 100 * (now - expected) / expected;
            if (expected <= {{ this.low_expected }} && now <= {{ this.low_current }}) {
              return ["limited change", pct];
            }
            if (pct === null || pct > 25) { return ["large increase", pct]; }
            if (pct >= 10) { return ["moderate increase", pct]; }
            if (pct >= -25) { return ["limited change", pct]; }
            return ["large decrease", pct];
          }
          function recompute(w) {
            /* Both counted now: a host's category or country filter applies to both. */
            var m = ISKP.metric || metric, b = ISKP.baseline || fixed;
            var now = count(data, w, m);
            var base = count(data, {s: b[0], e: b[1]}, m);
            gj.iskpLabels = {now: ISKP.say(m === "fatalities" ? "Fatalities ({window})"
                                           : "Records ({window})",
                                           {window: ISKP.dayLabel(w.s) + " – " + ISKP.dayLabel(w.e)}),
                            base: ISKP.say("Baseline ({window})",
                                           {window: ISKP.dayLabel(b[0]) + " – " + ISKP.dayLabel(b[1])})};
            var scale = (w.e - w.s + 1) / (b[1] - b[0] + 1);
            gj.eachLayer(function (layer) {
              var iso = layer.feature.properties[key], n = now[iso] || 0, bs = base[iso] || 0;
              var expected = round(bs * scale, 2), lv = level(n, expected);
              var pct = lv[1] === null ? "—"
                : (lv[1] >= 0 ? "+" : "-") + Math.abs(Math.round(lv[1])) + " %";
              gj.iskpValues[iso] = {now: n, base: bs, expected: String(expected), pct: pct,
                                    level: lv[0], said: ISKP.say(lv[0])};
              layer.setStyle({fillColor: colours[lv[0]]});
            });
          }
          ISKP.onWindow(recompute);
          ISKP.baselineListeners.push(function () { if (ISKP.window) { recompute(ISKP.window); } });
        })();
        {% endmacro %}
    """)

    def __init__(self, data: ActivityData, baseline, metric: str, key: str = "iso",
                 host_sets: bool = False):
        super().__init__()
        self.host_sets = host_sets
        self._name = "ChangeWindow"
        self.key = key
        self.dataset = data.dataset_name
        self.colours = CHANGE_COLOURS
        self.metric = metric
        self.baseline = [day(baseline.start), day(baseline.end)]
        self.low_expected, self.low_current = LOW_EXPECTED, LOW_CURRENT


class ChangeLayer(MapLayer):
    layer_id = "change"
    title = "Change against baseline"

    def __init__(self, geo: GeoRegistry, table: pd.DataFrame, metric: str = "records",
                 window_label: str = "", baseline_label: str = "", show: bool = True,
                 data: ActivityData | None = None, baseline=None, unit: str = "province",
                 host_sets: bool = False):
        """``data`` and ``baseline`` (a closed DateWindow): recompute in the page when the
        reader changes the window; ``host_sets``: and when the host sets another baseline
        (``baseline`` is then only where it starts); ``unit`` "district": ``table`` is per
        district (``geo.change.per_district_change``)."""
        super().__init__(show=show)
        key = "id" if unit == "district" else "iso"
        self.counts = table[f"level_{metric}"].value_counts().to_dict()
        in_window = (say("Records in the window") if metric == "records" else
                     say("Fatalities in the window"))
        of_window = (say("Records ({window})", window=window_label) if metric == "records" else
                     say("Fatalities ({window})", window=window_label))
        values = {r[key]: {"now": int(r[metric]), "base": int(r[f"baseline_{metric}"]),
                             "expected": f"{r[f'expected_{metric}']:g}",
                             "pct": _pct(r[f"change_{metric}_pct"]),
                             "level": r[f"level_{metric}"]}
                  for r in table.to_dict("records")}
        where = [[say("District"), "name"], [say("Province"), "province"]] if key == "id" \
            else [[say("Province"), "name"]]
        for v in values.values():
            v["said"] = say(v["level"])
        GeoLayerScript("change", {
            "geo": geo.use("districts" if key == "id" else "provinces"), "key": key,
            "cls": "iskp-change",
            "style": {"fillOpacity": 0.8, "color": "#555", "weight": 0.6},
            "styles": {iso: {"fillColor": CHANGE_COLOURS[v["level"]]}
                       for iso, v in values.items()},
            "tooltip": where + [
                        [in_window if data is not None else of_window, "now"],
                        [say("Baseline ({window})", window=baseline_label), "base"],
                        [say("Expected at the baseline's rate"), "expected"],
                        [say("Change"), "pct"], [say("Level"), "said"]],
            "values": values,
        }).add_to(self)
        if data is not None and baseline is not None:
            _ChangeWindow(data, baseline, metric, key, host_sets).add_to(self)
