"""``incidents`` layer: point records as clustered markers, coloured by category.

Records placed only at province level (a province named, no town) are drawn at the province's
label point as dashed rings, and those known to a district at the district's label point as
smaller dotted rings, never as a precise dot; their tooltip says so. The popup
gives date and its precision, place and its precision, summary, fatalities and source.
Above ``DETAIL_LIMIT`` records the layer shows grid cells with counts instead of one marker each.

>>> IncidentsLayer(data).add_to(map_)   # data: an ActivityData already on the map
"""
from __future__ import annotations

import pandas as pd
from jinja2 import Template

from geo.records import CATEGORIES, POINT_PRECISIONS
from map_runtime.activity_data import ActivityData
from map_runtime.assets import url
from map_runtime.base import MapLayer, SafeMacroElement
from map_runtime.style import CATEGORY_COLOURS

GRID_DEG = 0.1


def grid_cells(records: pd.DataFrame) -> list[list[float]]:
    """[lat, lon, count] per 0.1° cell of point records (the aggregated view)."""
    pts = records[records.geo_precision.isin(POINT_PRECISIONS) & records.latitude.notna()]
    if pts.empty:
        return []
    cells = pd.DataFrame({"la": (pts.latitude / GRID_DEG).round().astype(int),
                          "lo": (pts.longitude / GRID_DEG).round().astype(int)})
    counts = cells.value_counts().reset_index()
    return [[round(la * GRID_DEG, 2), round(lo * GRID_DEG, 2), int(n)]
            for la, lo, n in counts.itertuples(index=False)]


class _IncidentsScript(SafeMacroElement):
    default_js = [("markercluster", url("leaflet.markercluster.js"))]
    default_css = [("markercluster_css", url("MarkerCluster.css")),
                   ("markercluster_default_css", url("MarkerCluster.Default.css"))]
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var data = ISKP.datasets[{{ this.dataset|tojson }}];
          var group = {{ this._parent.get_name() }};
          var colours = {{ this.colours|tojson }};
          var meeting = data.categories.indexOf("counter-terrorism meeting");
          var cluster = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 45,
                                              showCoverageOnHover: false});
          group.addLayer(cluster);
          var cells = {{ this.cells|tojson }};
          if (!data.detailed) {
            cells.forEach(function (c) {
              var m = L.circleMarker([c[0], c[1]], {radius: 4 + Math.min(14, Math.sqrt(c[2])),
                color: "#222", weight: 1, fillColor: "#d95f02", fillOpacity: 0.7});
              m.bindTooltip(ISKP.el("span", ISKP.say("{n} records in this 0.1° cell", {n: c[2]})));
              cluster.addLayer(m);
            });
            return;
          }
          function keep(r) { return r.pk && r.c !== meeting; }
          function make(r) {
            var precise = r.pk === "point", possible = r.at === 1;
            /* Possibly ISKP (a shared attribution): hollow, in the category's colour. */
            var m = L.circleMarker([r.la, r.lo], precise
              ? (possible ? {radius: 7, color: colours[r.c], weight: 3, fillColor: "#fff",
                             fillOpacity: 0.85, className: "iskp-incident iskp-possible"}
                          : {radius: 7, color: "#222", weight: 1, fillColor: colours[r.c],
                             fillOpacity: 0.9, className: "iskp-incident"})
              : r.pk === "district"
              ? {radius: 9, color: colours[r.c], weight: 2.5, dashArray: possible ? "1 4" : "2 3",
                 fillColor: possible ? "#fff" : colours[r.c], fillOpacity: 0.25,
                 className: "iskp-incident-district" + (possible ? " iskp-possible" : "")}
              : {radius: 13, color: colours[r.c], weight: 2.5, dashArray: possible ? "1 4" : "4 3",
                 fillColor: possible ? "#fff" : colours[r.c], fillOpacity: 0.12,
                 className: "iskp-incident-province" + (possible ? " iskp-possible" : "")});
            m.bindPopup(function () { return ISKP.popup(data, r); }, {maxWidth: 360});
            var said = ISKP.say("{category}, {date}", {category: ISKP.say(data.categories[r.c]),
                                                       date: ISKP.dateLabel(r)});
            if (!precise && r.pk === "district") {
              said = ISKP.say("District-level location ({district}): {record}", {record: said,
                district: (data.dnames || {})[(data.dn || [])[r.di]] || ""});
            } else if (!precise) {
              said = ISKP.say("Province-level location: {record}", {record: said});
            }
            if (possible) { said = ISKP.say("Possibly ISKP: {record}", {record: said}); }
            m.bindTooltip(ISKP.el("span", said));
            return m;
          }
          /* Records with their texts are clustered marker by marker; the columns form (more
           * than 20,000 records) is counted per cell of the view instead. */
          var draw = data.texts === false
            ? ISKP.gridMarkers({{ this._parent._parent.get_name() }}, group, data, keep, make)
            : ISKP.windowMarkers(cluster, data, keep, make);
          ISKP.follow(draw);
        })();
        {% endmacro %}
    """)

    def __init__(self, data: ActivityData, cells):
        super().__init__()
        self._name = "IncidentsScript"
        self.dataset = data.dataset_name
        self.colours = [CATEGORY_COLOURS[c] for c in CATEGORIES]
        self.cells = cells


class IncidentsLayer(MapLayer):
    layer_id = "incidents"
    title = "Incidents (points)"

    def __init__(self, data: ActivityData, records: pd.DataFrame, show: bool = True):
        super().__init__(show=show)
        _IncidentsScript(data, [] if data.detailed else grid_cells(records)).add_to(self)
