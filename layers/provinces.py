"""``provinces`` layer: Afghanistan's 34 provinces as outlines with name labels.

The tooltip gives the name, ISO code, the number of records placed in the province in the current
date window, and the number of area claims that mention it (counted apart), so a briefer can
point at a province and read its count. Shapes come from the shared geometry
(``map_runtime.geodata``), so the choropleth does not embed them a second time.

>>> geo = GeoRegistry().add_to(map_)
>>> ProvincesLayer(geo, counts={"AF-NAN": 4}, window_label="2018").add_to(map_)
"""
from __future__ import annotations

from jinja2 import Template

from geo.boundaries import provinces
from geo.words import say
from layers.places import RANK_PROVINCE
from map_runtime.base import GeoLayerScript, MapLayer, SafeMacroElement, json_for_script
from map_runtime.geodata import GeoRegistry
from map_runtime.style import LABEL_CSS, PROVINCE_OUTLINE


def label_text(p, lang: str) -> tuple[str, str]:
    """(label, language) of a province: its Dari name without the word 'province' (ولایت),
    or its English name when no Dari name is known or English is asked for."""
    fa = str(p.get("name_fa") or "").replace("ولایت", "").strip()
    return (fa, "fa") if lang == "fa" and fa else (p["name"], "en")


class ProvincesLayer(MapLayer):
    layer_id = "provinces"
    title = "Provinces"

    def __init__(self, geo: GeoRegistry, counts: dict[str, int] | None = None,
                 window_label: str = "", labels: bool = True, label_size: int = 11,
                 show: bool = True, area_claims: dict[str, str] | None = None,
                 label_lang: str = "en"):
        """``area_claims``: per province, how many area claims mention it ("2 (+1 possibly)");
        ``label_lang``: "en", or "fa" for the Dari names (Natural Earth's ``name_fa``, drawn
        right to left)."""
        super().__init__(show=show)
        counts = counts or {}
        area_claims = area_claims or {}
        records_label = say("Records ({window})", window=window_label) if window_label else \
            say("Records")
        GeoLayerScript("provinces", {
            "geo": geo.use("provinces"), "key": "iso", "cls": "iskp-province",
            "style": {"color": PROVINCE_OUTLINE, "weight": 1.2, "fillColor": "#ffffff",
                      "fillOpacity": 0.0},
            "tooltip": [[say("Province"), "name"], ["ISO 3166-2", "iso"],
                        [records_label, "records"],
                        [say("Mentioned in area claims"), "area_claims"]],
            "values": {p.iso: {"records": int(counts.get(p.iso, 0)),
                               "area_claims": area_claims.get(p.iso, "0"),
                               # named as its label is (Dari on a Dari map)
                               "name": label_text(p, label_lang)[0]}
                       for _, p in provinces().iterrows()},
            "highlight": True,
        }).add_to(self)
        if labels:
            full = provinces()[["iso", "name", "name_fa", "label_lat", "label_lon", "area_km2"]]
            # When labels compete for room (layers.places), provinces with records in the window
            # are named first (Nangarhar must not give way to a neighbour), then larger ones.
            full = full.assign(active=full.iso.map(lambda i: bool(counts.get(i))))
            full = full.sort_values(["active", "area_km2"], ascending=False).reset_index(drop=True)
            names = []
            for k, p in full.iterrows():
                text, lang = label_text(p, label_lang)
                names.append({"t": text, "iso": p.iso, "r": RANK_PROVINCE + k, "lang": lang,
                              "la": round(float(p.label_lat), 4),
                              "lo": round(float(p.label_lon), 4)})
            _ProvinceLabels(names, label_size).add_to(self)


class _ProvinceLabels(SafeMacroElement):
    """The 34 names as one list and one loop, styled by one rule: as 34 folium markers each
    with its own inline style they were 19 KB of every export."""
    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .iskp-label.province-label { {{ this.css }} font-size: {{ this.size }}px;
                                       transform: translate(-50%, -50%); }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }};
          {{ this.names }}.forEach(function (p) {
            var div = ISKP.addLabel(group, p, "province-label", "province-label-icon");
            div.dataset.iso = p.iso;
            div.lang = p.lang;
            div.dir = p.lang === "fa" ? "rtl" : "ltr";
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, names: list[dict], size: int):
        super().__init__()
        self._name = "ProvinceLabels"
        self.names = json_for_script(names)
        self.css = LABEL_CSS
        self.size = int(size)
