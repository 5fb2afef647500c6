"""Find a place on the map: a province, district, city or border region by any of its names.

A search box over the map (top right, beside the layer list): typing lists the places whose name,
alias or Dari name starts with or contains what was typed (folded as the gazetteer folds names:
case, accents, hyphens, "province"/"district"/"wuleswali"), best first; arrow keys move in the
list, Enter or a click takes one, Escape closes it. The map flies to the place and outlines it
(a district without outlines in the file, or a city, gets a ring at its place). Text that
matches nothing says "No place called ...". Names reach the page as data and are shown with
``textContent``.

The index is small: for each district its name, province and bounding box at 0.01°, so the
default export keeps its size without district outlines.

>>> PlaceSearch(shapes=geo.wanted).add_to(map_)
"""
from __future__ import annotations

import math
from functools import lru_cache

from jinja2 import Template

from geo.boundaries import COUNTRY_NAMES, border_regions, provinces
from geo.districts import districts
from geo.places import cities
from map_runtime.base import SafeMacroElement, json_for_script


def _box(geom) -> list[float]:
    """South, west, north, east, rounded outwards to 0.1° (about 10 km: enough to fly to)."""
    x0, y0, x1, y1 = geom.bounds
    down = lambda v: math.floor(v * 10) / 10
    up = lambda v: math.ceil(v * 10) / 10
    return [down(y0), down(x0), up(y1), up(x1)]


def _names(own: str, *parts) -> list[str]:
    """The other names of a place (not ``own``), once each."""
    out = []
    for part in parts:
        for name in str(part or "").split("|"):
            name = name.replace("ولایت", "").strip()
            if name and name not in out and name != own:
                out.append(name)
    return out


@lru_cache(maxsize=8)
def search_index(with_cities: bool = True, shapes: frozenset = frozenset()) -> dict:
    """Places by kind, as compact rows: provinces ``[iso, name, other names, box]``, districts
    ``[name, province index, box]`` in the order of the districts' outlines (their other
    names in ``district_names``, by that order),
    regions ``[iso, name, country, other names, box]``, and cities ``[name, country, lat,
    lon]`` unless the page has them already (the places layer's, ``ISKP.cities``). A box is
    left out where the page holds the unit's outline (``shapes``: the collections it holds),
    which gives it."""
    box = lambda kind, geom: [_box(geom)] if kind not in shapes else []
    prov = provinces().sort_values("iso").reset_index(drop=True)
    prov_index = {iso: k for k, iso in enumerate(prov.iso)}
    out = {"provinces": [[p.iso, p["name"], _names(p["name"], p.name_fa, p.aliases)[0:8],
                          *box("provinces", p.geometry)] for _, p in prov.iterrows()]}
    dist = districts(display=True)
    out["districts"] = [[d["name"], prov_index[d.province_iso], *box("districts", d.geometry)]
                        for _, d in dist.iterrows()]
    # Most districts have no other name: those that do, by their place in the list.
    out["district_names"] = {k: names for k, (_, d) in enumerate(dist.iterrows())
                             if (names := _names(d["name"], d.name_fa, d.aliases))}
    reg = border_regions(display=True)
    out["regions"] = [[r.iso, r["name"], r.country, _names(r["name"], r.aliases)[0:6],
                        *box("border_regions", r.geometry)] for _, r in reg.iterrows()]
    out["cities"] = [[c["name"], c.country, round(float(c.lat), 3), round(float(c.lon), 3)]
                     for _, c in cities().iterrows()] if with_cities else []
    out["countries"] = COUNTRY_NAMES
    return out


class PlaceSearch(SafeMacroElement):
    """The search box; ``shapes``: the shared collections the page holds (a unit found is
    outlined; without its outline, its box is drawn); ``cities_in_page``: the places layer is
    on the map and lists the cities; ``folded``: a "Find a place" button until pressed
    (presentation mode)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .iskp-search { position: relative; z-index: 900; font: 14px system-ui, sans-serif; }
          .iskp-search input { width: 15em; padding: 5px 7px; border: 1px solid #777;
                               border-radius: 4px; font: inherit; }
          .iskp-search ul { position: absolute; z-index: 1000; right: 0; top: 100%; margin: 2px 0 0;
                            padding: 0; list-style: none; background: #fff; min-width: 100%;
                            max-height: 16em; overflow-y: auto; border: 1px solid #777;
                            border-radius: 4px; box-shadow: 0 1px 5px rgba(0,0,0,.4); }
          .iskp-search li { padding: 4px 8px; cursor: pointer; white-space: nowrap; }
          .iskp-search li[aria-selected="true"], .iskp-search li:hover { background: #e3ecf7; }
          .iskp-search li small { color: #555; margin-inline-start: 6px; }
          .iskp-search-note { background: #fff; padding: 3px 6px; margin-top: 2px;
                              border-radius: 4px; color: #8a1c1c; }
          .iskp-search-found { fill: none; }
          .iskp-search-open { font: inherit; padding: 4px 8px; border: 1px solid #777;
                              border-radius: 4px; background: #fff; cursor: pointer; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, index = {{ this.index }};
          var folded = {{ this.folded|tojson }};
          var WORDS = {province: 1, provinces: 1, wilayat: 1, velayat: 1, welayat: 1, district: 1,
                       wuleswali: 1, woluswali: 1, uluswali: 1, woleswali: 1, of: 1, the: 1,
                       "ولایت": 1, "ولسوالی": 1};
          function fold(s) {
            var words = String(s).normalize("NFKD").replace(/[\\u0300-\\u036f\\u064b-\\u065f]/g, "")
              .toLowerCase().split(/[^a-z0-9\\u0600-\\u06ff]+/).filter(function (w) {
                return w && !WORDS[w]; });
            return words.join("");
          }
          function loose(k) {
            return k.replace(/ee/g, "i").replace(/oo|ou/g, "u").replace(/kh/g, "k")
                    .replace(/e/g, "i").replace(/o/g, "u").replace(/y/g, "i").replace(/w/g, "u")
                    .replace(/(.)\\1+/g, "$1");
          }
          var places = [];
          function add(kind, id, name, other, where, box, point, rank) {
            var keys = [name].concat(other || []).map(fold).filter(Boolean);
            places.push({kind: kind, id: id, name: name, where: where, box: box, point: point,
                         rank: rank, keys: keys, loose: keys.map(loose),
                         also: (other || []).filter(function (o) {
                           return /[\\u0600-\\u06ff]/.test(o); })});
          }
          index.provinces.forEach(function (p) {
            add("province", p[0], p[1], p[2], ISKP.say("Afghanistan"), p[3], null, 0);
          });
          /* A district's id is its place in the outlines' order (ISKP.geo.districts). */
          index.districts.forEach(function (d, i) {
            add("district", i, d[0], index.district_names[i],
                ISKP.say("{name} province", {name: index.provinces[d[1]][1]}), d[2], null, 1);
          });
          index.cities.forEach(function (c) {
            add("city", null, c[0], [], index.countries[c[1]] || c[1], null, [c[2], c[3]], 2);
          });
          (ISKP.cities || []).forEach(function (c) {
            add("city", null, c.t, [], index.countries[c.co] || c.co, null, [c.la, c.lo], 2);
          });
          index.regions.forEach(function (r) {
            add("border region", r[0], r[1], r[3], index.countries[r[2]] || r[2], r[4], null, 3);
          });
          function find(text) {
            var q = fold(text), lq = loose(q), out = [];
            if (!q) { return out; }
            places.forEach(function (p) {
              var score = null;
              p.keys.forEach(function (k, i) {
                var s = k === q ? 0 : k.indexOf(q) === 0 ? 1 : p.loose[i] === lq ? 1.5
                  : p.loose[i].indexOf(lq) === 0 ? 2 : q.length > 2 && k.indexOf(q) > 0 ? 3 : null;
                if (s !== null && (score === null || s < score)) { score = s; }
              });
              if (score !== null) { out.push({p: p, s: score}); }
            });
            out.sort(function (a, b) { return a.s - b.s || a.p.rank - b.p.rank ||
                                              a.p.name.localeCompare(b.p.name); });
            return out.slice(0, 12).map(function (o) { return o.p; });
          }
          var found = L.layerGroup().addTo(map);
          function outline(place) {
            found.clearLayers();
            var coll = {province: "provinces", district: "districts",
                        "border region": "border_regions"}[place.kind];
            var drawn = null, f = null, fc = coll && ISKP.geo[coll];
            if (fc) {
              f = place.kind === "district" ? fc.features[place.id]
                : fc.features.filter(function (f) { return f.properties.iso === place.id; })[0];
            }
            if (f) {
              drawn = L.geoJSON(f, {interactive: false, style: {color: "#0b57d0", weight: 4,
                fill: false, className: "iskp-search-found"}});
            } else if (place.box) {
              drawn = L.rectangle([[place.box[0], place.box[1]], [place.box[2], place.box[3]]],
                {interactive: false, color: "#0b57d0", weight: 3, dashArray: "6 4", fill: false,
                 className: "iskp-search-found"});
            } else if (place.point) {
              drawn = L.circleMarker(place.point, {interactive: false, radius: 14, color: "#0b57d0",
                weight: 4, fill: false, className: "iskp-search-found"});
            }
            if (!drawn) { return; }
            found.addLayer(drawn);
            /* The reader's place now: the page's own fitting must not take it back. */
            if (ISKP.holdView) { ISKP.holdView(); }
            if (place.point) {
              map.flyTo(place.point, Math.max(map.getZoom(), 9), {duration: 0.6});
            } else {
              map.flyToBounds(drawn.getBounds(), {padding: [30, 30], maxZoom: 10, duration: 0.6});
            }
            map.getContainer().dataset.searchFound = place.kind + ":" + place.name;
          }
          var ctl = L.control({position: "topright"});
          ctl.onAdd = function () {
            var div = L.DomUtil.create("div", "iskp-search");
            var input = ISKP.el("input");
            input.type = "search";
            input.placeholder = ISKP.say("Find a place");
            input.setAttribute("role", "combobox");
            input.setAttribute("aria-label", ISKP.say("Find a province, district, city or border region"));
            input.setAttribute("aria-autocomplete", "list");
            input.setAttribute("aria-expanded", "false");
            input.setAttribute("aria-controls", "iskp-search-list");
            var list = ISKP.el("ul");
            list.id = "iskp-search-list";
            list.setAttribute("role", "listbox");
            list.hidden = true;
            var note = ISKP.el("div", null, "iskp-search-note");
            note.setAttribute("role", "status");
            note.hidden = true;
            var shown = [], active = -1;
            function close() {
              list.hidden = true; active = -1;
              input.setAttribute("aria-expanded", "false");
              input.removeAttribute("aria-activedescendant");
            }
            function mark() {
              Array.prototype.forEach.call(list.children, function (li, i) {
                li.setAttribute("aria-selected", String(i === active));
                if (i === active) {
                  input.setAttribute("aria-activedescendant", li.id);
                  li.scrollIntoView({block: "nearest"});
                }
              });
            }
            function take(place) {
              input.value = place.name;
              close();
              note.hidden = true;
              outline(place);
            }
            function refresh() {
              shown = find(input.value);
              while (list.firstChild) { list.removeChild(list.firstChild); }
              note.hidden = true;
              shown.forEach(function (p, i) {
                var li = ISKP.el("li", p.name);
                li.id = "iskp-search-" + i;
                li.setAttribute("role", "option");
                li.appendChild(ISKP.el("small", ISKP.say(p.kind) + ", " + p.where +
                                       (p.also.length ? " · " + p.also[0] : "")));
                li.addEventListener("mousedown", function (e) { e.preventDefault(); take(p); });
                list.appendChild(li);
              });
              active = shown.length ? 0 : -1;
              list.hidden = !shown.length;
              input.setAttribute("aria-expanded", String(!!shown.length));
              mark();
              if (!shown.length && fold(input.value)) {
                note.textContent = ISKP.say("No place called “{text}”",
                                            {text: input.value.trim()});
                note.hidden = false;
              }
            }
            input.addEventListener("input", refresh);
            input.addEventListener("keydown", function (e) {
              if (e.key === "ArrowDown" && shown.length) {
                active = (active + 1) % shown.length; mark(); e.preventDefault();
              } else if (e.key === "ArrowUp" && shown.length) {
                active = (active + shown.length - 1) % shown.length; mark(); e.preventDefault();
              } else if (e.key === "Enter") {
                e.preventDefault();
                if (active >= 0 && shown[active]) { take(shown[active]); } else { refresh(); }
              } else if (e.key === "Escape") {
                close(); note.hidden = true;
              }
            });
            input.addEventListener("blur", function () { setTimeout(close, 150); });
            if (folded) {
              /* In front of an audience: a small button until the presenter asks for it. */
              var open = ISKP.el("button", ISKP.say("Find a place"), "iskp-search-open");
              open.type = "button";
              open.setAttribute("aria-expanded", "false");
              input.hidden = true;
              open.addEventListener("click", function () {
                open.hidden = true; input.hidden = false; input.focus();
                open.setAttribute("aria-expanded", "true");
              });
              input.addEventListener("keydown", function (e) {
                if (e.key === "Escape" && !input.value) {
                  input.hidden = true; open.hidden = false; open.focus();
                  open.setAttribute("aria-expanded", "false");
                }
              });
              div.appendChild(open);
            }
            div.appendChild(input); div.appendChild(list); div.appendChild(note);
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
          };
          ctl.addTo(map);
          ISKP.findPlace = find;
        })();
        {% endmacro %}
    """)

    def __init__(self, shapes=(), cities_in_page: bool = False, folded: bool = False):
        super().__init__()
        self._name = "PlaceSearch"
        self.folded = bool(folded)
        self.index = json_for_script(search_index(not cities_in_page, frozenset(shapes)))
