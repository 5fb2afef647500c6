"""``district_names``: on a slide or page counting by district, the names of the districts
counted in, placed with every other label (``layers.places``) after the provinces, so a name
shows only where it fits; the page's foot lists them all (``outputs.print_layout``).

>>> DistrictNames({"AF-SAR-SAYYAD": 1}).add_to(map_)
"""
from __future__ import annotations

from jinja2 import Template

from geo.districts import district_table
from layers.places import RANK_PROVINCE
from map_runtime.base import MapLayer, SafeMacroElement, json_for_script

RANK_DISTRICT = RANK_PROVINCE + 50  # after the 34 provinces, before the cities


class DistrictNames(MapLayer):
    """The names of the districts counted in, for a slide or page counting by district: they
    take part in the label placement after the provinces (``layers.places``), so a name shows
    only where it fits; the page's foot lists them all (``outputs.print_layout``)."""

    layer_id = "district_names"
    title = "District names"

    def __init__(self, counts: dict[str, int], label_px: int = 10):
        super().__init__(show=True, control=False)
        table = district_table().set_index("id")
        chosen = sorted((i for i, v in counts.items() if v and i in table.index),
                        key=lambda i: (-counts[i], table.at[i, "name"]))
        names = [{"t": table.at[i, "name"], "la": float(table.at[i, "label_lat"]),
                  "lo": float(table.at[i, "label_lon"]), "r": RANK_DISTRICT + k}
                 for k, i in enumerate(chosen)]
        _DistrictLabels(names, label_px).add_to(self)


class _DistrictLabels(SafeMacroElement):
    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .iskp-label.district-label { font-weight: 500; font-style: italic;
                                       font-size: {{ this.size }}px; color: #333; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }};
          {{ this.names }}.forEach(function (p) {
            ISKP.addLabel(group, p, "district-label", "iskp-label-icon");
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, names: list[dict], size: int):
        super().__init__()
        self._name = "DistrictLabels"
        self.names = json_for_script(names)
        self.size = int(size)
