"""``context`` layer: records of other actors (no ISKP party), drawn grey, never counted.

Analysts' ACLED and UCDP exports hold every actor of a country. Records in which ISKP is not a
named party (``geo.attribution``: ``other``) are context: hidden until the reader shows "other
actors" in the attribution filter, then small grey dots whose tooltip names their actors. They
are in no count, class, timeline or heatmap. The layer is in no layer list of its own: the
attribution filter (sidebar, link ``attribution=``, the file's own filter) switches it, in place.
Counter-terrorism meetings, other actors' records too, have their own layer (``cooperation``).

>>> ContextLayer(data).add_to(map_)   # data: an ActivityData already on the map
"""
from __future__ import annotations

from jinja2 import Template

from map_runtime.activity_data import ActivityData
from map_runtime.base import MapLayer, SafeMacroElement

CONTEXT_COLOUR = "#8c8c8c"


class _ContextScript(SafeMacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var group = {{ this._parent.get_name() }};
          if (!data.detailed) { return; }
          var meeting = data.categories.indexOf("counter-terrorism meeting");
          var colour = {{ this.colour|tojson }};
          function keep(r) { return r.pk && r.at === 2 && r.c !== meeting; }
          function test(r, w) { return ISKP.showsContext() && ISKP.inWindowAny(r, w); }
          function make(r) {
            var m = L.circleMarker([r.la, r.lo], {radius: r.pk === "point" ? 5 : 9,
              color: "#555", weight: 1, fillColor: colour, fillOpacity: 0.75,
              dashArray: r.pk === "point" ? null : "3 3", className: "iskp-context"});
            m.bindPopup(function () { return ISKP.popup(data, r); }, {maxWidth: 360});
            m.bindTooltip(ISKP.el("span", ISKP.say("Other actors (context): {names}, {date}", {
              names: (r.names || []).join("; ") || ISKP.say("none named"),
              date: ISKP.dateLabel(r)})));
            return m;
          }
          var draw = data.texts === false
            ? ISKP.gridMarkers({{ this._parent._parent.get_name() }}, group, data, keep, make,
                               test)
            : ISKP.windowMarkers(group, data, keep, make, test);
          ISKP.follow(draw);
        })();
        {% endmacro %}
    """)

    def __init__(self, data: ActivityData):
        super().__init__()
        self._name = "ContextScript"
        self.dataset = data.dataset_name
        self.colour = CONTEXT_COLOUR


class ContextLayer(MapLayer):
    layer_id = "context"
    title = "Other actors (context)"

    def __init__(self, data: ActivityData):
        # Always on the map: whether it draws anything is the attribution filter's choice.
        super().__init__(show=True, control=False)
        _ContextScript(data).add_to(self)
