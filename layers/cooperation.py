"""``cooperation`` layer: counter-terrorism meetings and conferences (Islamabad, Moscow, Delhi...).

Drawn as dark diamonds where the report names a city; meetings with no city named stay in the
table and the national panel.
"""
from __future__ import annotations

from jinja2 import Template

from geo.boundaries import COUNTRY_NAMES
from map_runtime.activity_data import ActivityData
from map_runtime.base import MapLayer, SafeMacroElement

DRAWN_COUNTRIES = set(COUNTRY_NAMES)
DIAMOND = ('<div class="iskp-meeting" style="width:14px;height:14px;background:#3b2a80;'
           'border:2px solid #fff;transform:rotate(45deg);box-shadow:0 0 2px #000;"></div>')


class _CooperationScript(SafeMacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var group = {{ this._parent.get_name() }};
          var meeting = data.categories.indexOf("counter-terrorism meeting");
          /* A meeting beyond the drawn countries (Moscow, Delhi) sits on an empty background:
           * its place is named beside it. */
          var DRAWN = {{ this.drawn|tojson }};
          var icon = L.divIcon({html: {{ this.icon|tojson }}, className: "iskp-meeting-icon",
                                iconSize: [18, 18], iconAnchor: [9, 9]});
          var draw = ISKP.windowMarkers(group, data, function (r) {
            return r.c === meeting && r.pk === "point";
          }, function (r) {
            var place = r.pl.split(" — ")[0], far = DRAWN.indexOf(r.co) < 0,
                said = ISKP.say("Meeting: {place}, {date}", {place: place, date: ISKP.dateLabel(r)});
            /* Its name for the keyboard and a screen reader (the icon is a shape). */
            var m = L.marker([r.la, r.lo], {icon: icon, title: said});
            m.bindPopup(function () { return ISKP.popup(data, r); }, {maxWidth: 360});
            m.bindTooltip(ISKP.el("span", far ? place : said),
                          far ? {permanent: true, direction: "right", offset: [8, 0],
                                 className: "iskp-far-place"} : {});
            return m;
          }, ISKP.inWindowAny);  /* meetings are other actors' records: this layer shows them */
          ISKP.follow(draw);
          {% if this.off_view %}ISKP.offView({{ this._parent._parent.get_name() }}, group);{% endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, data: ActivityData, off_view: bool = True):
        super().__init__()
        self._name = "CooperationScript"
        self.off_view = off_view
        self.dataset = data.dataset_name
        self.icon = DIAMOND
        self.drawn = sorted(DRAWN_COUNTRIES)


class CooperationLayer(MapLayer):
    layer_id = "cooperation"
    title = "Counter-terrorism meetings"

    def __init__(self, data: ActivityData, show: bool = True, off_view: bool = True):
        """``off_view``: name the meetings outside the view in a box (ISKP.offView)."""
        super().__init__(show=show)
        _CooperationScript(data, off_view).add_to(self)
