"""The records of the current view, embedded once in the map for every activity layer.

Layers (``activity``, ``incidents``, ``heatmap``, ``cooperation``) read the same embedded array
through the ISKP runtime (``layers/js/iskp_runtime.js``), which also redraws them when the reader
of an exported file narrows the date window. Text goes in as JSON strings and reaches the page
through ``textContent`` only.

Above ``DETAIL_LIMIT`` records the point layers are aggregated in Python (see ``incidents``):
no browser should receive 100,000 popups.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
from folium.elements import JSCSSMixin
from jinja2 import Template
from shapely.ops import polylabel

from geo.boundaries import COUNTRY_NAMES, SUCCESSORS, border_regions, provinces, unit_name
from geo.areas import is_area_claim
from geo.records import CATEGORIES, NOT_COUNTED, POINT_PRECISIONS
from geo.sources import cited_sources
from layers.assets import url
from layers.base import json_for_script

EPOCH = pd.Timestamp("1970-01-01")
DETAIL_LIMIT = 20_000


def date_label(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    if precision == "day" and start == end:
        text = start.strftime("%d %b %Y")
    elif precision == "month" and start.to_period("M") == end.to_period("M"):
        text = start.strftime("%B %Y")
    elif precision == "year" and start.year == end.year:
        text = start.strftime("%Y")
    elif precision in ("month", "year"):
        fmt = "%b %Y" if precision == "month" else "%Y"
        text = f"{start.strftime(fmt)} – {end.strftime(fmt)}"
    else:
        text = f"{start.strftime('%d %b %Y')} – {end.strftime('%d %b %Y')}"
    return f"{text} (known to the {precision})"


def place_label(rec) -> str:
    units = [unit_name(c) for c in str(rec["admin1"]).split("|") if c]
    parts = [p for p in (rec["location"], rec["district"]) if p and p not in units]
    where = ", ".join(dict.fromkeys(parts + units)) or COUNTRY_NAMES.get(rec["country"],
                                                                         rec["country"])
    how = {"point": "exact place", "near": "near the place named",
           "district": "district named; shown at province level",
           "province": "province level", "region": "several provinces (region)",
           "country": "country level"}.get(rec["geo_precision"], rec["geo_precision"])
    return f"{where} — {how}"


@lru_cache(maxsize=1)
def _label_points() -> pd.DataFrame:
    """Where a record placed only at admin-1 level is drawn: provinces' label points, and a
    point inside each border region (its largest part's pole of inaccessibility)."""
    prov = provinces().set_index("iso")[["label_lat", "label_lon"]]
    reg = border_regions(display=True)
    pts = [polylabel(max(getattr(g, "geoms", [g]), key=lambda p: p.area), tolerance=0.01)
           for g in reg.geometry]
    regions = pd.DataFrame({"label_lat": [p.y for p in pts], "label_lon": [p.x for p in pts]},
                           index=reg.iso)
    return pd.concat([prov, regions])


def marker_places(records: pd.DataFrame) -> pd.DataFrame:
    """How the incidents layer draws each record: ``pk`` is "point" (its own coordinates),
    "province" (an admin-1 unit named, no town: drawn at the unit's label point, as such) or
    "" (not drawn: regions of several provinces, country level); ``la``/``lo`` where drawn.

    The one definition both the layer's data and the legend use.
    """
    labels = _label_points()
    codes = records["admin1"].fillna("").astype(str).replace(SUCCESSORS)
    point = records["geo_precision"].isin(POINT_PRECISIONS) & records["latitude"].notna() & \
        records["longitude"].notna()
    unit = ~point & records["geo_precision"].isin(["district", "province"]) & \
        codes.isin(labels.index)
    out = pd.DataFrame({"pk": "", "la": float("nan"), "lo": float("nan")}, index=records.index)
    out.loc[point, "pk"] = "point"
    out.loc[point, "la"] = records.loc[point, "latitude"].round(4)
    out.loc[point, "lo"] = records.loc[point, "longitude"].round(4)
    out.loc[unit, "pk"] = "province"
    out.loc[unit, "la"] = labels.loc[codes[unit], "label_lat"].to_numpy()
    out.loc[unit, "lo"] = labels.loc[codes[unit], "label_lon"].to_numpy()
    return out


def compact(records: pd.DataFrame) -> dict:
    """The JSON-ready dataset: records with short keys, sources and categories listed once."""
    places = marker_places(records).to_dict("records")
    sources = cited_sources(records)
    src_index = {s: i for i, s in enumerate(sources)}
    cat_index = {c: i for i, c in enumerate(CATEGORIES)}
    start_days = ((records["date_start"] - EPOCH).dt.days).astype(int).tolist()
    end_days = ((records["date_end"] - EPOCH).dt.days).astype(int).tolist()
    # What the in-page counts leave out, decided here once (geo.joins.counted is the rule).
    area_claim = is_area_claim(records).tolist()
    not_counted = records["category"].isin(NOT_COUNTED).tolist()
    out = []
    for k, rec in enumerate(records.to_dict("records")):
        codes = [SUCCESSORS.get(c, c) for c in str(rec["admin1"]).split("|") if c]
        item = {"id": str(rec["id"]), "s": start_days[k], "e": end_days[k],
                "dl": date_label(rec["date_start"], rec["date_end"], rec["date_precision"]),
                "c": cat_index.get(rec["category"], len(CATEGORIES) - 1), "a1": codes,
                "f": None if pd.isna(rec["fatalities"]) else int(rec["fatalities"]),
                "t": str(rec["summary"]), "pl": place_label(rec),
                "src": src_index[str(rec["source"] or "")]}
        place = places[k]
        if place["pk"]:
            item.update(pk=place["pk"], la=float(place["la"]), lo=float(place["lo"]))
        if area_claim[k]:
            item["ar"] = 1
            possible = [SUCCESSORS.get(c, c) for c in str(rec.get("possible_admin1") or "")
                        .split("|") if c]
            if possible:
                item["pa"] = possible
        if not_counted[k]:
            item["nc"] = 1
        if rec.get("flags"):
            item["fl"] = str(rec["flags"])
        if rec.get("notes"):
            item["nt"] = str(rec["notes"])
        out.append(item)
    return {"records": out, "sources": sources, "categories": list(CATEGORIES)}


class ActivityData(JSCSSMixin):
    """Embeds the view's records once, under ``ISKP.datasets[name]``."""

    default_js = [("iskp_runtime", url("iskp_runtime.js"))]
    _template = Template("""
        {% macro script(this, kwargs) %}
        ISKP.addData({{ this.dataset_name|tojson }}, {{ this.payload }});
        {% endmacro %}
    """)

    def __init__(self, records: pd.DataFrame, name: str = "activity"):
        super().__init__()
        self._name = "ActivityData"
        self.dataset_name = name
        self.count = len(records)
        self.detailed = len(records) <= DETAIL_LIMIT
        # Aggregated views keep the meetings in detail (few) and grid the rest (incidents).
        self.data = compact(records if self.detailed else
                            records[records.category == "counter-terrorism meeting"])
        self.data["detailed"] = self.detailed
        self.data["total"] = int(len(records))
        self.payload = json_for_script(self.data)
