"""The timeline under an exported map: records per week, month or year, a window selector
(drag across the bars), presets, and playback.

Imprecise dates are drawn honestly: a record is spread over the days it may fall on, so one
known only to the year adds 31/365 to January, 28/365 to February and so on, not a spike in
January; one known to the month is spread over the weeks it covers. Playback steps the window by week, month, quarter or year, as a rolling window
one step long or as a cumulative one from the data's first day, at a chosen speed; the space bar
plays and pauses and the arrow keys step when the timeline has the focus. The choropleth keeps
the classes of the exported window, so colours compare across frames.

Works with the in-file date filter (map_page.date_filter), which it drives through
``ISKP.applyWindow``.

>>> Timeline(data).add_to(m)   # after DateFilterControl
"""
from __future__ import annotations

from jinja2 import Template

from map_runtime.base import SafeMacroElement
from map_runtime.activity_data import ActivityData

HEIGHT_PX = 118

_TEMPLATE = Template("""
{% macro header(this, kwargs) %}
<style>
  body > .folium-map { height: calc(100% - {{ this.height }}px) !important; }
  .iskp-timeline { position: fixed; left: 0; right: 0; bottom: 0; height: {{ this.height }}px;
                   box-sizing: border-box; padding: 4px 10px; background: #fff;
                   border-top: 1px solid #999; font: {{ this.font_px }}px system-ui, sans-serif;
                   color: #222; display: flex; flex-direction: column; gap: 3px; }
  .iskp-timeline:focus { outline: 2px solid #1f5fbf; outline-offset: -2px; }
  .iskp-timeline-bar { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
  .iskp-timeline-bar button, .iskp-timeline-bar select { font: inherit; padding: 1px 4px; }
  .iskp-timeline svg { flex: 1; width: 100%; min-height: 40px; cursor: crosshair;
                       user-select: none; display: block; }
  .iskp-tl-grid { stroke: #ccc; stroke-width: 1; shape-rendering: crispEdges; }
  .iskp-tl-tick { stroke: #777; stroke-width: 1; shape-rendering: crispEdges; }
  .iskp-tl-scale { font-size: 11px; fill: #444; }
  .iskp-tl-bin { fill: #4a6fa5; }
  .iskp-tl-bin.iskp-in { fill: #1f3f73; }
  .iskp-tl-sel { fill: rgba(230, 159, 0, 0.25); stroke: #b07a00; stroke-width: 1; }
  .iskp-tl-axis { font-size: 11px; fill: #444; }
  .iskp-tl-frame { font-weight: 600; }
  .iskp-tl-unit { color: #555; }
  /* A narrow map (half of a side-by-side): the controls keep one row, the chart its room;
   * the presets are the sidebar's too, speed and mode keep their last choice. */
  @media (max-width: 640px) {
    .iskp-tl-last30, .iskp-tl-last12, .iskp-tl-mode, .iskp-tl-speed, .iskp-tl-unit {
      display: none; }
  }
  .iskp-tl-icon-play, .iskp-tl-icon-pause { display: inline-block; vertical-align: -1px; }
  .iskp-tl-icon-play { width: 0; height: 0; border-style: solid; border-width: 5px 0 5px 8px;
                       border-color: transparent transparent transparent currentColor; }
  .iskp-tl-icon-pause { width: 3px; height: 10px; border-left: 3px solid currentColor;
                        border-right: 3px solid currentColor; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var data = ISKP.datasets[{{ this.dataset|tojson }}];
  if (!ISKP.applyWindow || !data.detailed) { return; }
  var R = ISKP.windowRange, lo = R.lo, hi = R.hi;
  function ymd(d) { var t = new Date(d * 86400000);
                    return [t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()]; }
  function dayOf(y, m, dd) { return Math.floor(Date.UTC(y, m, dd || 1) / 86400000); }
  /* Start of the bin holding day d, and the start of the next one. */
  function binStart(d, unit) {
    var p = ymd(d);
    if (unit === "week") { return d - ((d + 3) % 7 + 7) % 7; }   /* Monday weeks */
    if (unit === "month") { return dayOf(p[0], p[1]); }
    if (unit === "quarter") { return dayOf(p[0], p[1] - p[1] % 3); }
    return dayOf(p[0], 0);
  }
  function next(b, unit) {
    var p = ymd(b);
    if (unit === "week") { return b + 7; }
    if (unit === "month") { return dayOf(p[0], p[1] + 1); }
    if (unit === "quarter") { return dayOf(p[0], p[1] + 3); }
    return dayOf(p[0] + 1, 0);
  }
  var label = ISKP.dayLabel;

  var box = L.DomUtil.create("div", "iskp-timeline", document.body);
  box.tabIndex = 0;
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", ISKP.say("Timeline: drag across the bars to choose the " +
                                          "window; space plays and pauses, arrow keys step"));
  var bar = L.DomUtil.create("div", "iskp-timeline-bar", box);
  function select(name, options, value) {
    var s = document.createElement("select");
    s.className = "iskp-tl-" + name;
    s.setAttribute("aria-label", ISKP.say(name));
    options.forEach(function (o) { var op = document.createElement("option");
      op.value = o[0]; op.textContent = ISKP.say(o[1]); s.appendChild(op); });
    s.value = value;
    return s;
  }
  function button(text, cls, title) {
    var b = ISKP.el("button", text && ISKP.say(text), "iskp-tl-" + cls); b.type = "button";
    b.title = ISKP.say(title || text);
    return b;
  }
  var span = hi - lo + 1;
  var binUnit = select("bins", [["week", "per week"], ["month", "per month"],
                                ["year", "per year"]],
                       span <= 180 ? "week" : (span <= 365 * 8 ? "month" : "year"));
  var years = [["", "Year…"]];
  for (var y = ymd(lo)[0]; y <= ymd(hi)[0]; y++) { years.push([String(y), String(y)]); }
  var yearSel = select("year", years, "");
  var last30 = button("Last 30 days", "last30", "The last 30 days of the data");
  var last12 = button("Last 12 months", "last12", "The last 12 months of the data");
  var all = button("All", "all", "Every date of the data");
  var back = button("◀", "back", "Step back (left arrow)");
  var play = button("", "play", "Play or pause within the chosen window (space bar)");
  var fwd = button("▶|", "fwd", "Step forward (right arrow)");
  var step = select("step", [["week", "by week"], ["month", "by month"], ["quarter", "by quarter"],
                             ["year", "by year"]], span <= 365 ? "week" : "month");
  var mode = select("mode", [["rolling", "rolling"], ["cumulative", "cumulative"]], "rolling");
  var speed = select("speed", [["1500", "slow"], ["700", "normal"], ["250", "fast"],
                               ["80", "fastest"]], "700");
  var frame = ISKP.el("span", "", "iskp-tl-frame");
  frame.setAttribute("aria-live", "polite");
  [binUnit, last30, last12, yearSel, all, back, play, fwd, step, mode, speed]
    .forEach(function (e) { bar.appendChild(e); });
  /* The window shown, and what a bar counts, on a line of their own: the controls keep one
   * row on a laptop's map. */
  var caption = L.DomUtil.create("div", "iskp-timeline-caption", box);
  var unitText = ISKP.el("span", "", "iskp-tl-unit");
  caption.appendChild(frame);
  caption.appendChild(unitText);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(NS, "svg");
  box.appendChild(svg);
  L.DomEvent.disableClickPropagation(box);

  var bins = [];
  function histogram() {
    var unit = binUnit.value, starts = [], index = {};
    for (var b = binStart(lo, unit); b <= hi; b = next(b, unit)) {
      index[b] = starts.length; starts.push(b);
    }
    var w = starts.map(function () { return 0; });
    data.records.forEach(function (r) {
      if (!ISKP.isActivity(r)) { return; }
      var s = Math.max(r.s, lo), e = Math.min(r.e, hi), len = r.e - r.s + 1;
      for (var b = binStart(s, unit); b <= e; b = next(b, unit)) {
        var part = Math.min(e, next(b, unit) - 1) - Math.max(s, b) + 1;
        if (part > 0 && index[b] !== undefined) { w[index[b]] += part / len; }
      }
    });
    bins = starts.map(function (b, k) { return {s: b, e: next(b, unit) - 1, v: w[k]}; });
  }
  /* Drawn in the chart's own pixels (text is never stretched): a count scale on the left
   * (M wide), year or month ticks below (AXIS high). */
  var W = 1000, H = 60, M = 34, AXIS = 15;
  function x(d) { return M + (d - lo) / span * (W - M); }
  function nice(v) {
    var p = Math.pow(10, Math.floor(Math.log(v) / Math.LN10)), f = v / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }
  function svgEl(name, attrs, text, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    (parent || svg).appendChild(e);
    return e;
  }
  function number(v) {
    return v >= 10 || v === Math.round(v) ? ISKP.thousands(Math.round(v)) : String(+v.toFixed(1));
  }
  /* Ticks a reader can read at this width: every year (or every 2nd, 5th...) or, for a short
   * span, months; a label at least 46 px from the last. */
  function ticks() {
    var out = [], perYear = (W - M) * 365.25 / span, p = ymd(lo), d, k, y;
    if (perYear >= 300) {
      for (k = p[0] * 12 + p[1] + 1; (d = dayOf(Math.floor(k / 12), k % 12)) <= hi; k++) {
        out.push({d: d, major: k % 12 === 0,
                  text: k % 12 === 0 ? String(Math.floor(k / 12)) : ISKP.MONTHS[k % 12]});
      }
      return out;
    }
    var every = [1, 2, 5, 10, 20].filter(function (n) { return perYear * n >= 40; })
      .concat([50])[0];
    for (y = p[0] + 1; (d = dayOf(y, 0)) <= hi; y++) {
      if (y % every === 0) { out.push({d: d, major: true, text: String(y)}); }
    }
    return out;
  }
  function draw() {
    var win = ISKP.window || {s: R.start, e: R.end};
    W = Math.max(200, svg.clientWidth || 1000);
    var full = Math.max(40, svg.clientHeight || 60);
    H = full - AXIS;
    var top = Math.max.apply(null, bins.map(function (b) { return b.v; }).concat([1e-9]));
    var scale = top > 1e-6 ? nice(top) : 1;
    svg.setAttribute("viewBox", "0 0 " + W + " " + full);
    svg.removeAttribute("preserveAspectRatio");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    [0, scale / 2, scale].forEach(function (v) {
      var yy = Math.round(H - v / scale * (H - 2)) + 0.5;
      svgEl("line", {"class": "iskp-tl-grid", x1: M, x2: W, y1: yy, y2: yy});
      svgEl("text", {"class": "iskp-tl-scale", x: M - 4, y: Math.max(9, yy + 4),
                     "text-anchor": "end"}, number(v));
    });
    svgEl("rect", {"class": "iskp-tl-sel", x: x(win.s), y: 0,
                   width: Math.max(1, x(win.e + 1) - x(win.s)), height: H});
    bins.forEach(function (b) {
      if (!b.v) { return; }
      var h = Math.max(1, b.v / scale * (H - 2));
      var r = svgEl("rect", {
        "class": "iskp-tl-bin" + (b.s <= win.e && b.e >= win.s ? " iskp-in" : ""),
        x: x(Math.max(b.s, lo)) + 0.5, y: H - h, height: h,
        width: Math.max(0.8, x(Math.min(b.e, hi) + 1) - x(Math.max(b.s, lo)) - 1)});
      r.dataset.start = ISKP.dayToDate(b.s); r.dataset.value = b.v.toFixed(4);
      svgEl("title", {}, label(b.s) + ": " + (Math.round(b.v * 100) / 100) + " records", r);
    });
    var last = -Infinity;
    ticks().forEach(function (t) {
      var tx = Math.round(x(t.d)) + 0.5;
      svgEl("line", {"class": "iskp-tl-tick", x1: tx, x2: tx, y1: H, y2: H + (t.major ? 5 : 3)});
      if (tx - last < 46 || tx + 14 > W) { return; }
      svgEl("text", {"class": "iskp-tl-axis", x: tx, y: H + AXIS - 2, "text-anchor": "middle"},
            t.text);
      last = tx;
    });
    unitText.textContent = " · " + ISKP.say({
      week: "bars: records per week (events and area claims, each spread over the dates it " +
            "may fall on)",
      month: "bars: records per month (events and area claims, each spread over the dates " +
             "it may fall on)",
      year: "bars: records per year (events and area claims, each spread over the dates it " +
            "may fall on)"}[binUnit.value]);
    frame.textContent = label(win.s) + " – " + label(win.e) + (range && (range[0] > lo ||
      range[1] < hi) ? " · " + ISKP.say("playing within {window}",
                                        {window: label(range[0]) + " – " + label(range[1])})
                     : "");
  }
  histogram();
  ISKP.onWindow(draw);
  binUnit.addEventListener("change", function () { histogram(); draw(); });
  ISKP.filterListeners.push(function () { histogram(); draw(); });

  /* Drag across the bars: the window snaps to whole bins. */
  function dayAt(ev) {
    var r = svg.getBoundingClientRect();
    var f = (ev.clientX - r.left - M) / Math.max(1, r.width - M);
    return Math.round(lo + Math.max(0, Math.min(1, f)) * (span - 1));
  }
  var dragFrom = null;
  svg.addEventListener("mousedown", function (ev) { dragFrom = dayAt(ev); ev.preventDefault(); });
  window.addEventListener("mouseup", function (ev) {
    if (dragFrom === null) { return; }
    var a = Math.min(dragFrom, dayAt(ev)), b = Math.max(dragFrom, dayAt(ev));
    dragFrom = null;
    var unit = binUnit.value;
    stop();
    ISKP.applyWindow(Math.max(lo, binStart(a, unit)), Math.min(hi, next(binStart(b, unit), unit) - 1));
  });

  function preset(name) {
    var w = ISKP.presetWindow(name, lo, hi);
    if (w) { stop(); ISKP.applyWindow(w[0], w[1]); }
  }
  last30.addEventListener("click", function () { preset("last30"); });
  last12.addEventListener("click", function () { preset("last12"); });
  all.addEventListener("click", function () { preset("all"); });
  yearSel.addEventListener("change", function () {
    if (!yearSel.value) { return; }
    preset(yearSel.value);
    yearSel.value = "";
  });

  /* Playback plays within the window chosen when it starts (the whole span if that is all):
   * frame t covers [t, next(t) - 1] (rolling) or [first day, next(t) - 1] (cumulative),
   * clipped to that window. A window the reader chooses meanwhile ends that range. */
  var timer = null, t = null, range = null, shown = null;
  function chosenRange() {
    var w = ISKP.window;
    return w ? [Math.max(lo, w.s), Math.min(hi, w.e)] : [lo, hi];
  }
  function show() {
    var e = Math.min(range[1], next(t, step.value) - 1);
    var s = mode.value === "cumulative" ? range[0] : Math.max(range[0], t);
    shown = [s, e];
    ISKP.applyWindow(s, e, "play");
    box.dataset.frames = String(+(box.dataset.frames || 0) + 1);
  }
  ISKP.onWindow(function (w) {
    if (shown && (w.s !== shown[0] || w.e !== shown[1])) {
      if (timer) { stop(); }
      range = null; t = null; shown = null;
      draw();
    }
  });
  function move(dir) {
    var unit = step.value;
    if (!range) { range = chosenRange(); }
    if (t === null) { t = binStart(range[0], unit); }
    else if (dir > 0) { t = next(t, unit); }
    else { var p = binStart(t - 1, unit); t = p; }
    if (t < binStart(range[0], unit)) { t = binStart(range[0], unit); }
    if (t > range[1]) { t = binStart(range[1], unit); stop(); }
    show();
  }
  /* Drawn, not a font's glyph: Debian's Chromium has no glyph for U+23F8 (an empty box). */
  function label_(playing) {
    while (play.firstChild) { play.removeChild(play.firstChild); }
    play.appendChild(ISKP.el("span", null, playing ? "iskp-tl-icon-pause" : "iskp-tl-icon-play"));
    play.appendChild(document.createTextNode(" " + ISKP.say(playing ? "Pause" : "Play")));
  }
  label_(false);
  function stop() {
    if (timer) {
      clearInterval(timer); timer = null;
      /* Frames are not reported one by one (a host such as the app would redo its page for
       * each); where playback stopped is. */
      if (ISKP.window) { ISKP.report({window: [ISKP.window.s, ISKP.window.e]}); }
    }
    label_(false); box.dataset.playing = "0";
  }
  function start() {
    if (!range) { range = chosenRange(); }
    if (t === null || next(t, step.value) > range[1]) { t = binStart(range[0], step.value); show(); }
    timer = setInterval(function () { move(1); }, +speed.value);
    label_(true); box.dataset.playing = "1";
  }
  play.addEventListener("click", function () { if (timer) { stop(); } else { start(); } });
  function stepOnce(dir) {
    stop(); move(dir);
    ISKP.report({window: [ISKP.window.s, ISKP.window.e]});
  }
  fwd.addEventListener("click", function () { stepOnce(1); });
  back.addEventListener("click", function () { stepOnce(-1); });
  speed.addEventListener("change", function () { if (timer) { stop(); start(); } });
  [step, mode].forEach(function (s) { s.addEventListener("change", function () { t = null; }); });
  box.addEventListener("keydown", function (ev) {
    if (ev.target.tagName === "SELECT") { return; }
    if (ev.key === " ") { ev.preventDefault(); play.click(); }
    else if (ev.key === "ArrowRight") { ev.preventDefault(); fwd.click(); }
    else if (ev.key === "ArrowLeft") { ev.preventDefault(); back.click(); }
  });
  setTimeout(function () { map.invalidateSize(); draw(); }, 0);
  /* Redrawn at the chart's new size (a window resized, a pane laid out late). */
  if (window.ResizeObserver) { new ResizeObserver(function () { draw(); }).observe(svg); }
})();
{% endmacro %}
""")


class Timeline(SafeMacroElement):
    """Histogram, window selector, presets and playback under an exported map."""

    _template = _TEMPLATE

    def __init__(self, data: ActivityData, font_px: int = 12):
        super().__init__()
        self._name = "Timeline"
        self.dataset = data.dataset_name
        self.height = HEIGHT_PX + (10 if font_px > 13 else 0)
        self.font_px = font_px
