"""The records of the current view, embedded once in the map for every activity layer.

Layers (``activity``, ``incidents``, ``heatmap``, ``cooperation``, ``context``) read the same
embedded array through the ISKP runtime (``map_runtime/js/iskp_runtime.js``), which also redraws
them when the reader of an exported file narrows the date window. Text goes in as JSON strings and reaches the page
through ``textContent`` only.

Up to ``DETAIL_LIMIT`` records each record is a JSON object with its texts (summary, notes,
id). Above it, up to ``RECORD_LIMIT``, the records travel as columns of typed arrays (day numbers,
unit, category, place and source indices, coordinates rounded to 0.001°: 18 bytes a record,
:func:`columns`), without their summaries, so that an ACLED extract of 250,000 events stays a
file of a few MB that still filters, plays and opens a popup per record. Above ``RECORD_LIMIT``
the point layers are aggregated in Python (see ``incidents``).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import OrderedDict
from functools import lru_cache

import numpy as np
import pandas as pd
from jinja2 import Template
from shapely.ops import polylabel

from geo.areas import is_area_claim
from geo.attribution import ATTRIBUTIONS, DEFAULT_SHOWN, names_in, said_rule
from geo.boundaries import COUNTRY_NAMES, SUCCESSORS, border_regions, provinces, unit_name
from geo.district_counts import district_ids
from geo.districts import district_name, district_table
from geo.records import CATEGORIES, NOT_COUNTED, POINT_PRECISIONS
from geo.sources import cited_sources, source_patterns
from geo.words import day_text, month_text, say
from map_runtime.assets import url
from map_runtime.base import SafeMacroElement, json_for_script

EPOCH = pd.Timestamp("1970-01-01")
DETAIL_LIMIT = 20_000  # records with their texts
RECORD_LIMIT = 300_000  # records in the page at all (as columns above DETAIL_LIMIT)
# Point coordinates as 0.001° steps from the region box's corner (0xFFFF: none or outside it).
BOX_LAT, BOX_LON = 23.0, 55.0
NONE16 = 0xFFFF


def day(ts) -> int:
    """A date (Timestamp or datetime.date) as days since 1970-01-01: how the runtime numbers
    days."""
    return int((pd.Timestamp(ts) - EPOCH).days)


def date_of(n: int) -> dt.date:
    """The date of a runtime day number (the inverse of :func:`day`)."""
    return (EPOCH + pd.Timedelta(days=int(n))).date()


def date_label(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    if precision == "day" and start == end:
        text = day_text(start)
    elif precision == "month" and start.to_period("M") == end.to_period("M"):
        text = month_text(start, "wide")
    elif precision == "year" and start.year == end.year:
        text = str(start.year)
    elif precision == "month":
        text = f"{month_text(start)} – {month_text(end)}"
    elif precision == "year":
        text = f"{start.year} – {end.year}"
    else:
        text = f"{day_text(start)} – {day_text(end)}"
    known = {"day": "{date} (known to the day)", "month": "{date} (known to the month)",
             "year": "{date} (known to the year)"}
    return say(known[precision], date=text) if precision in known else \
        f"{text} (known to the {precision})"


def place_label(rec) -> str:
    units = [unit_name(c) for c in str(rec["admin1"]).split("|") if c]
    parts = [p for p in (rec["location"], rec["district"]) if p and p not in units]
    where = ", ".join(dict.fromkeys(parts + units)) or COUNTRY_NAMES.get(rec["country"],
                                                                         rec["country"])
    district = str(rec.get("district_id") or "")
    if district and district_name(district) not in parts:
        parts.append(district_name(district))
    how = {"point": "exact place", "near": "near the place named",
           "district": "district level" if district else
                       "district named; shown at province level",
           "province": "province level", "region": "several provinces (region)",
           "country": "country level"}.get(rec["geo_precision"])
    how = say(how) if how else rec["geo_precision"]
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


@lru_cache(maxsize=1)
def _district_points() -> pd.DataFrame:
    return district_table().set_index("id")[["label_lat", "label_lon"]]


def marker_places(records: pd.DataFrame) -> pd.DataFrame:
    """How the incidents layer draws each record: ``pk`` is "point" (its own coordinates),
    "district" (a district known, no town: drawn at the district's label point, as such),
    "province" (an admin-1 unit named, no town: drawn at the unit's label point, as such) or
    "" (not drawn: regions of several provinces, country level); ``la``/``lo`` where drawn.

    The one definition both the layer's data and the legend use.
    """
    labels = _label_points()
    districts = _district_points()
    codes = records["admin1"].fillna("").astype(str).replace(SUCCESSORS)
    point = records["geo_precision"].isin(POINT_PRECISIONS) & records["latitude"].notna() & \
        records["longitude"].notna()
    ids = district_ids(records)
    district = ~point & (records["geo_precision"] == "district") & ids.isin(districts.index)
    unit = ~point & ~district & records["geo_precision"].isin(["district", "province"]) & \
        codes.isin(labels.index)
    out = pd.DataFrame({"pk": "", "la": float("nan"), "lo": float("nan")}, index=records.index)
    out.loc[point, "pk"] = "point"
    out.loc[point, "la"] = records.loc[point, "latitude"].round(4)
    out.loc[point, "lo"] = records.loc[point, "longitude"].round(4)
    out.loc[unit, "pk"] = "province"
    out.loc[unit, "la"] = labels.loc[codes[unit], "label_lat"].to_numpy()
    out.loc[unit, "lo"] = labels.loc[codes[unit], "label_lon"].to_numpy()
    out.loc[district, "pk"] = "district"
    out.loc[district, "la"] = districts.loc[ids[district], "label_lat"].to_numpy()
    out.loc[district, "lo"] = districts.loc[ids[district], "label_lon"].to_numpy()
    return out


def district_codes(records: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Each record's district as an index into the returned list of ids (-1: none)."""
    ids = district_ids(records)
    codes, table = pd.factorize(ids.where(ids != ""), sort=False)
    return codes, [str(t) for t in table]


ROLES = {"actor": 1, "other party": 2}


def parties(records: pd.DataFrame) -> dict:
    """Who each record names and whose it is, as indices into short tables (an ACLED
    extract names a few hundred actors and a few thousand combinations): ``an`` the actors,
    ``sets`` each distinct actors cell as indices into ``an``, ``rules`` the attribution rules;
    per record ``set``, ``rule``, ``at`` (index in ATTRIBUTIONS) and ``ro`` (0 none, 1 ISKP
    the actor, 2 ISKP the other party)."""
    cells, cell_table = _indexed(records["actors"])
    names: dict[str, int] = {}
    sets = [[names.setdefault(n, len(names)) for n in dict.fromkeys(names_in(c))]
            for c in cell_table]
    rule, rules = _indexed(records["attribution_rule"])
    rules = [said_rule(r) for r in rules]  # in the map's language, names as given
    at = records["attribution"].map({a: i for i, a in enumerate(ATTRIBUTIONS)}) \
        .fillna(ATTRIBUTIONS.index("other")).to_numpy(dtype=int)
    ro = records["iskp_role"].map(ROLES).fillna(0).to_numpy(dtype=int)
    return {"an": list(names), "sets": sets, "rules": rules, "set": cells, "rule": rule,
            "at": at, "ro": ro}


def _shown_filter(shown) -> list[int]:
    return [ATTRIBUTIONS.index(a) for a in shown]


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
    who = parties(records)
    dcodes, dtable = district_codes(records)
    out = []
    for k, rec in enumerate(records.to_dict("records")):
        codes = [SUCCESSORS.get(c, c) for c in str(rec["admin1"]).split("|") if c]
        item = {"id": str(rec["id"]), "s": start_days[k], "e": end_days[k],
                "co": str(rec["country"] or ""),
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
        item["as"], item["ru"] = int(who["set"][k]), int(who["rule"][k])
        if dcodes[k] >= 0:
            item["di"] = int(dcodes[k])
        if who["at"][k]:
            item["at"] = int(who["at"][k])
        if who["ro"][k]:
            item["ro"] = int(who["ro"][k])
        if rec.get("flags"):
            item["fl"] = str(rec["flags"])
        if rec.get("notes"):
            item["nt"] = str(rec["notes"])
        out.append(item)
    return {"records": out, "sources": sources, "categories": list(CATEGORIES),
            "dn": dtable, **{k: who[k] for k in ("an", "sets", "rules")}}


def _b64(values, dtype) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode()


def _indexed(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    codes, table = pd.factorize(values.fillna("").astype(str), sort=False)
    return codes, [str(t) for t in table]


def _index_column(codes, table) -> tuple[str, str]:
    """An index into a table as bytes when the table is short (most are), else as Uint16."""
    if len(table) < 255:
        return _b64(codes, "u1"), "u1"
    return _b64(codes, "<u2"), "u2"


class TooVaried(ValueError):
    """The records cannot be put in columns (a table would not fit its index)."""


def columns(records: pd.DataFrame) -> dict:
    """The records as little-endian typed-array columns (base64) and the tables they index.

    ``s`` days since ``base`` (Uint16), ``d`` days the record may span (Uint16), ``c`` category
    (Uint8), ``u`` admin-1 unit (Uint16, into ``units``), ``x``/``y`` point coordinates in
    0.001° from the region box's corner (Uint16), ``f`` fatalities + 1 (Uint16, 0: not given),
    ``src`` source pattern and ``sn`` its number (Uint32; ``geo.sources.source_patterns``),
    ``pl`` place label and ``co`` country (``[base64, "u1" or "u2"]``, into ``sources``,
    ``places`` and ``countries``), ``as`` actors and ``ru`` attribution rule (the same, into
    ``sets`` and ``rules``, see :func:`parties`), ``k`` bits: date precision (0-1), how the
    point is drawn (2-3: 1 own point, 2 unit, 3 district), area claim (4), not counted as an event (5),
    attribution (6-7, index in ATTRIBUTIONS), ``r`` ISKP's role (Uint8), and ``di`` the district
    (Uint16 into ``dn``, 0xFFFF none; drawn at ``district_points``). Records naming
    several units, possible units, or a point outside the box are listed apart in ``extra``. The runtime decodes this into the same
    records the JSON form gives, less the texts (``ISKP.addData``).
    """
    n = len(records)
    places = marker_places(records)
    start = ((records["date_start"] - EPOCH).dt.days).to_numpy()
    end = ((records["date_end"] - EPOCH).dt.days).to_numpy()
    base = int(start.min()) if n else 0
    cat_index = {c: i for i, c in enumerate(CATEGORIES)}
    cats = records["category"].map(cat_index).fillna(len(CATEGORIES) - 1).to_numpy()
    codes = records["admin1"].fillna("").astype(str)
    multi = codes.str.contains("|", regex=False)
    first = codes.str.split("|").str[0].replace(SUCCESSORS)
    unit, units = _indexed(first)
    unit = np.where(first.to_numpy() == "", NONE16, unit)
    la, lo = places["la"].to_numpy(), places["lo"].to_numpy()
    point = (places["pk"] == "point").to_numpy()
    y = np.rint((la - BOX_LAT) * 1000)
    x = np.rint((lo - BOX_LON) * 1000)
    inside = point & (y >= 0) & (y < NONE16) & (x >= 0) & (x < NONE16)
    fat = records["fatalities"].to_numpy(dtype=float)
    src, src_numbers, sources = source_patterns(records["source"])
    pl_codes, pl_table = _indexed(pd.Series(_place_labels(records), index=records.index))
    co_codes, countries = _indexed(records["country"])
    if max(len(units), len(sources), len(pl_table)) >= NONE16:
        raise TooVaried("more than 65,000 distinct units, sources or places")
    dprec = records["date_precision"].map(
        {"day": 0, "week": 1, "month": 2, "year": 3}).fillna(0).to_numpy(dtype=int)
    pk = places["pk"].map({"point": 1, "province": 2, "district": 3}).fillna(0) \
        .to_numpy(dtype=int)
    dcodes, dtable = district_codes(records)
    area = is_area_claim(records).to_numpy()
    not_counted = records["category"].isin(NOT_COUNTED).to_numpy()
    who = parties(records)
    if max(len(who["sets"]), len(who["rules"])) >= NONE16:
        raise TooVaried("more than 65,000 distinct actor combinations or rules")
    bits = dprec | (pk << 2) | (area.astype(int) << 4) | (not_counted.astype(int) << 5) | \
        (who["at"] << 6)
    extra = {}
    possible = records.get("possible_admin1")
    for i in np.flatnonzero(multi.to_numpy() | (point & ~inside) | area):
        item = {}
        if multi.iloc[i]:
            item["a1"] = [SUCCESSORS.get(c, c) for c in codes.iloc[i].split("|") if c]
        if point[i] and not inside[i]:
            item["la"], item["lo"] = float(la[i]), float(lo[i])
        if area[i] and possible is not None and possible.iloc[i]:
            item["pa"] = [SUCCESSORS.get(c, c) for c in str(possible.iloc[i]).split("|") if c]
        if item:
            extra[int(i)] = item
    return {
        "n": n, "base": base,
        "s": _b64(start - base, "<u2"), "d": _b64(np.minimum(end - start, NONE16), "<u2"),
        "c": _b64(cats, "u1"), "u": _b64(unit, "<u2"), "sn": _b64(src_numbers, "<u4"),
        "x": _b64(np.where(inside, x, NONE16), "<u2"),
        "y": _b64(np.where(inside, y, NONE16), "<u2"),
        "f": _b64(np.where(np.isnan(fat), 0, np.minimum(np.nan_to_num(fat) + 1, NONE16)),
                  "<u2"),
        "src": _index_column(src, sources), "pl": _index_column(pl_codes, pl_table),
        "co": _index_column(co_codes, countries), "countries": countries,
        "k": _b64(bits, "u1"), "r": _b64(who["ro"], "u1"),
        "di": _b64(np.where(dcodes < 0, NONE16, dcodes), "<u2"), "dn": dtable,
        "district_points": {d: [round(float(la_), 4), round(float(lo_), 4)] for d, la_, lo_ in
                            _district_points().loc[dtable].itertuples()},
        "as": _index_column(who["set"], who["sets"]), "ru": _index_column(who["rule"],
                                                                         who["rules"]),
        "an": who["an"], "sets": who["sets"], "rules": who["rules"],
        "units": units, "places": pl_table, "sources": sources,
        "unit_points": {u: [round(float(la_), 4), round(float(lo_), 4)]
                        for u, la_, lo_ in _label_points().reset_index().itertuples(index=False)
                        if u in set(units)},
        "extra": extra,
    }


_KEPT_COLUMNS: OrderedDict = OrderedDict()


def kept_columns(records: pd.DataFrame) -> dict:
    """:func:`columns` of ``records``, kept for the last two sets of records seen.

    The app makes a new map page for other layers, a baseline or new titles, always of the same
    records: with 250,000 of them the columns cost 2.7 s of the 4.2 s such a page took, and a
    fingerprint of the records (every value, in order) costs 0.2 s."""
    try:
        rows = pd.util.hash_pandas_object(records, index=False).to_numpy()
    except TypeError:  # a column of unhashable values (lists): not kept
        return columns(records)
    key = (tuple(records.columns), hashlib.sha1(rows.tobytes()).hexdigest())
    if key not in _KEPT_COLUMNS:
        _KEPT_COLUMNS[key] = columns(records)
        while len(_KEPT_COLUMNS) > 2:
            _KEPT_COLUMNS.popitem(last=False)
    _KEPT_COLUMNS.move_to_end(key)
    return dict(_KEPT_COLUMNS[key])  # a copy: the caller takes "sources" out of it


def _place_labels(records: pd.DataFrame) -> list[str]:
    """``place_label`` of each record, computed once per distinct place."""
    keys = ["location", "district", "admin1", "country", "geo_precision"]
    uniq = records[keys].fillna("").astype(str).drop_duplicates()
    labels = {tuple(r[k] for k in keys): place_label(r) for r in uniq.to_dict("records")}
    return [labels[t] for t in records[keys].fillna("").astype(str)
            .itertuples(index=False, name=None)]


class ActivityData(SafeMacroElement):
    """Embeds the view's records once, under ``ISKP.datasets[name]``."""

    default_js = [("iskp_runtime", url("iskp_runtime.js"))]
    _template = Template("""
        {% macro script(this, kwargs) %}
        ISKP.addData({{ this.dataset_name|tojson }}, {{ this.payload }});
        ISKP.followAttribution(ISKP.datasets[{{ this.dataset_name|tojson }}]);
        {% endmacro %}
    """)

    def __init__(self, records: pd.DataFrame, name: str = "activity", shown=DEFAULT_SHOWN):
        """``shown``: the attributions the page shows until a reader or host chooses others
        (``ISKP.setFilter``)."""
        super().__init__()
        self._name = "ActivityData"
        self.dataset_name = name
        self.count = len(records)
        self.with_texts = len(records) <= DETAIL_LIMIT
        self.data = None
        if self.with_texts:
            self.data = compact(records)
        elif len(records) <= RECORD_LIMIT:
            try:
                cols = kept_columns(records)
                self.data = {"columns": cols, "categories": list(CATEGORIES),
                             "sources": cols.pop("sources"), "dn": cols.pop("dn"),
                             **{k: cols.pop(k) for k in ("an", "sets", "rules")}}
            except TooVaried:  # drawn as an aggregate, as above RECORD_LIMIT
                pass
        self.detailed = self.data is not None  # every record is in the page
        if not self.detailed:
            # Aggregated: the meetings stay in detail (few), the rest is gridded (incidents).
            self.data = compact(records[records.category == "counter-terrorism meeting"])
        self.data["dnames"] = {d: district_name(d) for d in self.data.get("dn", [])}
        self.data["detailed"] = self.detailed
        self.data["texts"] = self.with_texts
        self.data["total"] = int(len(records))
        self.data["shown"] = _shown_filter(shown)
        self.payload = json_for_script(self.data)
