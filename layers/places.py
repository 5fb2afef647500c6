"""``places`` layer: what a reader orients by. Neighbouring countries and border regions named
on the map, and cities (GeoNames via ``geo.places``) as dots with names.

All labels on the map (these, and the province names) take part in one collision-aware
placement (``LabelPlacement``, in the runtime): labels are placed in order of rank (countries,
capitals, provinces, then cities by size, then regions), each at the first of five positions
(centred, below, above, right, left) that overlaps no label placed before it and no marker;
a label with no free position is hidden until zooming in makes room. It runs again after every
zoom, pan and layer change.

>>> PlacesLayer(geo).add_to(map_)
"""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Template
from shapely.ops import polylabel

from geo.boundaries import NEIGHBOUR_NAMES, border_regions
from geo.places import cities
from map_runtime.base import MapLayer, SafeMacroElement, json_for_script

RANK_COUNTRY, RANK_CAPITAL, RANK_PROVINCE, RANK_CITY, RANK_REGION = 0, 10, 100, 200, 600


def country_name(cc: str, lang: str) -> str:
    """A neighbour's name for the map: English in capitals, or Dari (ISO 3166 names as
    translated in pycountry's locale files)."""
    if lang != "fa":
        return NEIGHBOUR_NAMES[cc].upper()
    import gettext

    import pycountry
    iso_name = pycountry.countries.get(alpha_2=cc).name
    fa = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fa"],
                             fallback=True).gettext(iso_name)
    return fa.split("،")[0].strip()


@lru_cache(maxsize=2)
def _country_points(lang: str = "en") -> list[dict]:
    """A point well inside each neighbour's border regions, for its name."""
    reg = border_regions(display=True)
    out = []
    for k, cc in enumerate(["PK", "IR", "TM", "UZ", "TJ", "CN"]):
        shape = reg.loc[reg.country == cc].geometry.union_all()
        part = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
        p = polylabel(part, tolerance=0.05)
        out.append({"t": country_name(cc, lang), "la": round(p.y, 3), "lo": round(p.x, 3),
                    "r": RANK_COUNTRY + k, "c": "iskp-country", "fa": lang == "fa"})
    return out


@lru_cache(maxsize=1)
def _region_points() -> list[dict]:
    reg = border_regions(display=True)
    out = []
    for k, r in enumerate(reg.sort_values("shared_border_km", ascending=False).itertuples()):
        part = max(getattr(r.geometry, "geoms", [r.geometry]), key=lambda g: g.area)
        p = polylabel(part, tolerance=0.05)
        out.append({"t": r.name, "la": round(p.y, 3), "lo": round(p.x, 3),
                    "r": RANK_REGION + k, "c": "iskp-region-name"})
    return out


def _city_points() -> list[dict]:
    # No "c" (the kind: a city is the kind most listed) and "big" only for the big: 207
    # cities, every byte of them in every export.
    return [{"t": c.name, "la": c.lat, "lo": c.lon,
             "r": (RANK_CAPITAL if c.capital else RANK_CITY) + int(c.rank),
             "z": int(c.min_zoom), "co": c.country, **({"big": 1} if c.population > 500_000
                                                       else {})}
            for c in cities().itertuples()]


class _PlacesScript(SafeMacroElement):
    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .iskp-label { font: 600 11px/1.1 system-ui, sans-serif; color: #222; white-space: nowrap;
                        width: max-content; text-align: center;
                        text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
          .iskp-label.iskp-country { font-size: 13px; letter-spacing: 0.18em; color: #444; }
          .iskp-label.iskp-region-name { font-weight: 400; font-style: italic; color: #444; }
          .iskp-label.iskp-city { font-weight: 500; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }};
          var places = {{ this.places }};
          /* The place search (map_page/place_search.py) finds these cities too. */
          places.forEach(function (p) { p.c = p.c || "iskp-city"; });
          ISKP.cities = places.filter(function (p) { return p.c === "iskp-city"; });
          places.forEach(function (p, k) {
            var div = ISKP.el("div", p.t, "iskp-label " + p.c);
            if (p.fa) { div.lang = "fa"; div.dir = "rtl"; div.style.letterSpacing = "0"; }
            if (p.c === "iskp-city") {
              /* The dot shows and hides with its name (ISKP.placeLabels). */
              group.addLayer(L.circleMarker([p.la, p.lo], {radius: p.big ? 3.5 : 2.5,
                color: "#fff", weight: 1, fillColor: "#222", fillOpacity: 1, interactive: false,
                className: "iskp-city-dot iskp-dot-" + k}));
              div.dataset.dot = "iskp-dot-" + k;
              div.dataset.minzoom = p.z;
            }
            div.dataset.rank = p.r;
            div.dataset.anchor = p.c === "iskp-city" ? "city" : "centre";
            group.addLayer(L.marker([p.la, p.lo], {interactive: false, keyboard: false,
              icon: L.divIcon({html: div, className: "iskp-label-icon", iconSize: [0, 0]})}));
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, places):
        super().__init__()
        self._name = "PlacesScript"
        self.places = json_for_script(places)


class PlacesLayer(MapLayer):
    layer_id = "places"
    title = "Cities and country names"

    def __init__(self, show: bool = True, label_lang: str = "en"):
        """``label_lang`` "fa" names the neighbours in Dari; cities and regions stay in
        English (GeoNames gives no reliably Dari form of their names)."""
        super().__init__(show=show)
        _PlacesScript(_country_points(label_lang) + _region_points() + _city_points()).add_to(self)


class LabelPlacement(SafeMacroElement):
    """Places every ``.iskp-label`` of the map without overlaps (see the module docstring)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        ISKP.placeLabels({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "LabelPlacement"
