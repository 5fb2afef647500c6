"""``cooperation`` layer: counter-terrorism meetings and conferences (Islamabad, Moscow, Delhi...).

Drawn as dark diamonds where the report names a city; meetings with no city named stay in the
table and the national panel.
"""
from __future__ import annotations

from jinja2 import Template

from map_runtime.activity_data import ActivityData
from map_runtime.base import MapLayer, SafeMacroElement

DIAMOND = ('<div class="iskp-meeting" style="width:14px;height:14px;background:#3b2a80;'
           'border:2px solid #fff;transform:rotate(45deg);box-shadow:0 0 2px #000;"></div>')


class _CooperationScript(SafeMacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var group = {{ this._parent.get_name() }};
          var meeting = data.categories.indexOf("counter-terrorism meeting");
          var icon = L.divIcon({html: {{ this.icon|tojson }}, className: "iskp-meeting-icon",
                                iconSize: [18, 18], iconAnchor: [9, 9]});
          var draw = ISKP.windowMarkers(group, data, function (r) {
            return r.c === meeting && r.pk === "point";
          }, function (r) {
            var m = L.marker([r.la, r.lo], {icon: icon});
            m.bindPopup(function () { return ISKP.popup(data, r); }, {maxWidth: 360});
            m.bindTooltip(ISKP.el("span", "Meeting: " + r.pl.split(" — ")[0] + ", " +
                                          ISKP.dateLabel(r)));
            return m;
          }, ISKP.inWindowAny);  /* meetings are other actors' records: this layer shows them */
          ISKP.follow(draw);
        })();
        {% endmacro %}
    """)

    def __init__(self, data: ActivityData):
        super().__init__()
        self._name = "CooperationScript"
        self.dataset = data.dataset_name
        self.icon = DIAMOND


class CooperationLayer(MapLayer):
    layer_id = "cooperation"
    title = "Counter-terrorism meetings"

    def __init__(self, data: ActivityData, show: bool = True):
        super().__init__(show=show)
        _CooperationScript(data).add_to(self)
