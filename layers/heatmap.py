"""``heatmap`` layer: density of point records (Leaflet.heat), following the date window."""
from __future__ import annotations

import pandas as pd
from jinja2 import Template

from layers.incidents import grid_cells
from map_runtime.activity_data import ActivityData
from map_runtime.assets import url
from map_runtime.base import MapLayer, SafeMacroElement


class _HeatScript(SafeMacroElement):
    default_js = [("leaflet_heat", url("leaflet-heat.js"))]
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var group = {{ this._parent.get_name() }};
          var heat = L.heatLayer([], {radius: 22, blur: 18, minOpacity: 0.35, maxZoom: 9});
          group.addLayer(heat);
          var cells = {{ this.cells|tojson }};
          if (!data.detailed) { heat.setLatLngs(cells); return; }
          var meeting = data.categories.indexOf("counter-terrorism meeting");
          /* Drawn while shown (a host may switch the layer off in the page): a hidden
           * heatmap costs a window change nothing, and draws the latest window when shown. */
          var last = null;
          group.on("add", function () { draw(last); });
          function draw(w) {
            last = w;
            if (!group._map) { return; }
            var pts = [];
            data.records.forEach(function (r) {
              if (r.pk === "point" && r.c !== meeting && ISKP.inWindow(r, w)) {
                pts.push([r.la, r.lo, 1]);
              }
            });
            heat.setLatLngs(pts);
          }
          ISKP.follow(draw);
        })();
        {% endmacro %}
    """)

    def __init__(self, data: ActivityData, cells):
        super().__init__()
        self._name = "HeatScript"
        self.dataset = data.dataset_name
        self.cells = cells


class HeatmapLayer(MapLayer):
    layer_id = "heatmap"
    title = "Heatmap"

    def __init__(self, data: ActivityData, records: pd.DataFrame, show: bool = True):
        super().__init__(show=show)
        _HeatScript(data, [] if data.detailed else grid_cells(records)).add_to(self)
