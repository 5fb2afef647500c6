"""The in-file date filter of an exported map: the reader narrows the window with two date
inputs (or resets it) and the activity, incidents, heatmap and meeting layers, the province
counts and the window shown in the title and legend all follow. No server is involved.

The same box holds the file's attribution and actor filter: ISKP, possibly ISKP, other actors
(context), and one actor of those the file names (with their records), applied in place.
"""
from __future__ import annotations

import pandas as pd
from jinja2 import Template

from map_runtime.base import SafeMacroElement
from map_runtime.activity_data import ActivityData, day


class DateFilterControl(SafeMacroElement):
    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .iskp-date-filter label { display: block; margin: 2px 0; }
          .iskp-date-filter input[type=text] { font: inherit; margin-inline-start: 4px; }
          .iskp-date-filter input[type=range] { width: 100%; direction: ltr; }
          .iskp-date-filter button { font: inherit; margin-top: 4px; }
          .iskp-date-filter input.iskp-invalid { outline: 2px solid #c00; }
          .iskp-date-filter .iskp-whose label { display: inline-block; margin-inline-end: 8px; }
          .iskp-date-filter select.iskp-actor { font: inherit; max-width: 100%; margin-top: 2px; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var lo = {{ this.lo }}, hi = {{ this.hi }}, start = {{ this.start }}, end = {{ this.end }};
          var label = ISKP.dayLabel, toDay = ISKP.toDay;
          var ctl = L.control({position: "bottomleft"});
          ctl.onAdd = function () {
            /* The same box each time: moving the control (setPosition) adds it anew. */
            if (ctl._box) { return ctl._box; }
            var div = ctl._box = L.DomUtil.create("div", "iskp-box iskp-date-filter");
            div.style.fontSize = {{ this.font_px|tojson }} + "px";
            div.appendChild(ISKP.el("h4", ISKP.say("Date window")));
            if (!data.detailed) {
              div.appendChild(ISKP.el("div", ISKP.say("Not available: more than 300,000 " +
                                                       "records (the point layers are aggregated).")));
              return div;
            }
            var from = document.createElement("input"), to = document.createElement("input");
            /* Text fields in the legend's own format (a date field would show the browser's,
             * mm/dd/yyyy in the US), checked when the reader leaves the field or presses Enter. */
            [from, to].forEach(function (i) {
              i.type = "text"; i.size = 11; i.spellcheck = false;
              i.title = ISKP.say("A date from {first} to {last}, as {example} or {iso}",
                                 {first: label(lo), last: label(hi), example: label(lo),
                                  iso: ISKP.dayToDate(lo)});
            });
            from.className = "iskp-from"; to.className = "iskp-to";
            var s1 = document.createElement("input"), s2 = document.createElement("input");
            [s1, s2].forEach(function (i) { i.type = "range"; i.min = lo; i.max = hi; i.step = 1; });
            s1.className = "iskp-from-slider"; s2.className = "iskp-to-slider";
            var l1 = ISKP.el("label", ISKP.say("From")), l2 = ISKP.el("label", ISKP.say("To"));
            l1.appendChild(from); l2.appendChild(to);
            var count = ISKP.el("div", "", "iskp-window-count");
            var reset = ISKP.el("button", ISKP.say("Reset to exported window"));
            reset.type = "button";
            [l1, s1, l2, s2, count, reset].forEach(function (e) { div.appendChild(e); });
            /* Whose records: the attributions shown and one actor, in place. */
            var whose = ISKP.el("div", null, "iskp-whose"), boxes = [];
            whose.appendChild(ISKP.el("h4", ISKP.say("Whose activity")));
            ["ISKP", "possibly ISKP", "other actors (context)"].forEach(function (t, k) {
              var l = document.createElement("label"), i = document.createElement("input");
              i.type = "checkbox"; i.checked = ISKP.shownAt()[k] === 1;
              i.className = "iskp-at iskp-at-" + ISKP.ATTRIBUTIONS[k];
              l.appendChild(i); l.appendChild(document.createTextNode(" " + ISKP.say(t)));
              whose.appendChild(l); boxes.push(i);
            });
            var actor = document.createElement("select"), named = {};
            actor.className = "iskp-actor";
            actor.setAttribute("aria-label", ISKP.say("Actor"));
            data.records.forEach(function (r) {
              (r.names || []).forEach(function (n) { named[n] = (named[n] || 0) + 1; });
            });
            var all = ISKP.el("option", ISKP.say("All actors"));
            all.value = "";
            actor.appendChild(all);
            Object.keys(named).sort(function (a, b) { return named[b] - named[a] ||
                                                      (a < b ? -1 : a > b ? 1 : 0); })
              .forEach(function (n) {
                var o = ISKP.el("option", n + " · " + ISKP.thousands(named[n]));
                o.value = n;
                actor.appendChild(o);
              });
            whose.appendChild(actor);
            function whoseChanged(ev) {
              var at = [];
              boxes.forEach(function (b, k) { if (b.checked) { at.push(k); } });
              /* One stays ticked: a map of nothing would not say why. */
              if (!at.length) { ev.target.checked = true; return; }
              ISKP.setFilter(null, null, at, actor.value ? [actor.value] : null);
              apply(cur.s, cur.e, "filter");
            }
            boxes.concat([actor]).forEach(function (e) {
              e.addEventListener("change", whoseChanged); });
            div.appendChild(whose);
            var cur = {s: start, e: end};
            /* origin: "reader" (fields, timeline), "play" (a playback frame), "host" (the
             * app telling the map its window) or "init"; only a reader's choice is reported. */
            function apply(a, b, origin) {
              a = Math.max(lo, Math.min(hi, a)); b = Math.max(lo, Math.min(hi, b));
              if (b < a) { var t = a; a = b; b = t; }
              cur = {s: a, e: b};
              from.value = label(a); to.value = label(b);
              [from, to].forEach(function (i) { i.classList.remove("iskp-invalid"); });
              s1.value = a; s2.value = b;
              ISKP.setWindow(a, b);
              count.textContent = ISKP.countsText(data, {s: a, e: b});
              var text = label(a) + " – " + label(b);
              document.querySelectorAll(".iskp-legend-window, .iskp-title-window")
                .forEach(function (e) { e.textContent = text; });
              if (!origin || origin === "reader") { ISKP.report({window: [a, b]}); }
            }
            /* A typed date applies once it is a date of the data: a year typed digit by digit
             * passes through 0002, 0020, 0201, which must not clamp the window. A From after
             * the To (or a To before the From) moves the other end and keeps the window's
             * length, instead of collapsing it. */
            function typed(field, isFrom) {
              var d = toDay(field.value), ok = !isNaN(d) && d >= lo && d <= hi;
              field.classList.toggle("iskp-invalid", !ok);
              field.setAttribute("aria-invalid", ok ? "false" : "true");
              if (!ok) { return; }
              var a = isFrom ? d : cur.s, b = isFrom ? cur.e : d, len = cur.e - cur.s;
              if (a > b) { if (isFrom) { b = a + len; } else { a = b - len; } }
              /* Leaving a field fires "change" again: the same window is not redrawn (that
               * would close an open popup). */
              if (a === cur.s && b === cur.e) { field.value = label(isFrom ? a : b); return; }
              apply(a, b);
            }
            from.addEventListener("change", function () { typed(from, true); });
            to.addEventListener("change", function () { typed(to, false); });
            s1.addEventListener("input", function () { apply(+s1.value, +s2.value); });
            s2.addEventListener("input", function () { apply(+s1.value, +s2.value); });
            /* The window this map was exported for: side by side, map B's is the baseline,
             * which the host sets (ISKP.windowRange.start/end) when it first shows it. */
            reset.addEventListener("click", function () {
              apply(ISKP.windowRange.start, ISKP.windowRange.end);
            });
            /* The timeline (map_page/timeline.py) sets the window through the same door. */
            ISKP.applyWindow = apply;
            ISKP.windowRange = {lo: lo, hi: hi, start: start, end: end};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            if (fields) { ISKP.foldable(ctl, div, ISKP.say("Date window")); }
            setTimeout(function () { apply(start, end, "init"); }, 0);
            return div;
          };
          /* Without fields (the app, whose sidebar holds them) the door is all there is. */
          var fields = {{ this.fields|tojson }};
          if (fields) { ctl.addTo({{ this._parent.get_name() }}); } else { ctl.onAdd(); }
          /* Province and border-region tooltips follow the window too. */
          ISKP.onWindow(function (w) {
            var counts = ISKP.countByPlace(data, w, "records");
            var areas = ISKP.areaCounts(data, w);
            var nClaims = data.records.filter(function (r) {
              return r.ar && !r.nc && ISKP.inWindow(r, w);
            }).length;
            document.querySelectorAll(".iskp-legend-area-count").forEach(function (e) {
              e.textContent = ISKP.say("({n} in this window)", {n: nClaims});
            });
            /* The period a tooltip's count is of is the window shown, not the document's. */
            var period = ISKP.say("Records ({window})",
                                  {window: ISKP.dayLabel(w.s) + " – " + ISKP.dayLabel(w.e)});
            ["provinces", "border_regions"].forEach(function (name) {
              var l = (ISKP.layers || {})[name];
              if (!l) { return; }
              l.iskpLabels = {records: period};
              Object.keys(l.iskpValues).forEach(function (iso) {
                l.iskpValues[iso].records = counts[iso] || 0;
                l.iskpValues[iso].area_claims = ISKP.areaText(areas[iso]);
              });
            });
            var outlines = (ISKP.layers || {}).districts;
            if (outlines) {
              /* Districts list only those with records (most have none). */
              var byDistrict = ISKP.countByDistrict(data, w, "records"), v = outlines.iskpValues;
              outlines.iskpLabels = {records: period};
              Object.keys(v).forEach(function (id) { delete v[id]; });
              Object.keys(byDistrict).forEach(function (id) { v[id] = {records: byDistrict[id]}; });
            }
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, data: ActivityData, lo: pd.Timestamp, hi: pd.Timestamp,
                 start: pd.Timestamp, end: pd.Timestamp, font_px: int = 13,
                 fields: bool = True):
        """``fields``: show the From/To box; without it (the app) only ``ISKP.applyWindow``,
        the door the timeline and a host set the window through, is made."""
        super().__init__()
        self._name = "DateFilterControl"
        self.dataset = data.dataset_name
        self.lo, self.hi, self.start, self.end = day(lo), day(hi), day(start), day(end)
        self.font_px = font_px
        self.fields = fields
