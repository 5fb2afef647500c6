"""Resolve a place name to its admin-1 unit in Afghanistan or a border region.

Spellings are folded by :func:`geo.names.name_key`; transliterations are aliases from the
boundary files (curated in ``data/boundaries/names.csv`` plus Natural Earth's own). An unknown
name raises :class:`UnknownPlace` with the closest names; a name that fits several units raises
:class:`AmbiguousPlace`.

>>> from geo.gazetteer import resolve
>>> resolve("Ningarhar Province").iso
'AF-NAN'
>>> resolve("NWFP").name
'Khyber Pakhtunkhwa'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from geo.boundaries import DATA, border_regions, provinces
from geo.districts import district_table
from geo.names import district_key, loose_key, name_key


@dataclass(frozen=True)
class AdminUnit:
    iso: str
    name: str
    country: str
    historical: bool = False
    successor_iso: str | None = None


class PlaceError(LookupError):
    """A name that does not resolve to exactly one unit."""


class UnknownPlace(PlaceError):
    def __init__(self, query: str, suggestions: list[str]):
        self.query, self.suggestions = query, suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown place '{query}'{hint}")


class AmbiguousPlace(PlaceError):
    def __init__(self, query: str, candidates: list[AdminUnit]):
        self.query, self.candidates = query, candidates
        names = ", ".join(f"{c.name} ({c.iso})" for c in candidates)
        super().__init__(f"ambiguous place '{query}': could be {names}")


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[AdminUnit]], dict[str, str]]:
    """key -> units, and key -> a display spelling (for suggestions)."""
    by_key: dict[str, list[AdminUnit]] = {}
    spelling: dict[str, str] = {}
    prov = provinces()
    reg = border_regions(include_historical=True)
    rows = [(r.iso, r["name"], "AF", False, None, r.aliases) for _, r in prov.iterrows()]
    rows += [(r.iso, r["name"], r.country, bool(r.historical),
              r.successor_iso if isinstance(r.successor_iso, str) else None, r.aliases)
             for _, r in reg.iterrows()]
    # Spellings found in ACLED and UCDP exports that the boundary aliases lack.
    extra = pd.read_csv(DATA / "source_spellings.csv", dtype=str, keep_default_na=False)
    more = extra.groupby("iso")["spelling"].agg("|".join).to_dict()
    rows = [(iso, name, country, hist, succ, "|".join(filter(None, [str(aliases or ""),
                                                                    more.get(iso, "")])))
            for iso, name, country, hist, succ, aliases in rows]
    for iso, name, country, hist, succ, aliases in rows:
        unit = AdminUnit(iso, name, country, hist, succ)
        for alias in [name, iso, *str(aliases or "").split("|")]:
            if not alias:
                continue
            key = name_key(alias)
            units = by_key.setdefault(key, [])
            if unit not in units:
                units.append(unit)
            spelling.setdefault(key, name if name_key(name) == key else alias)
    return by_key, spelling


def suggestions(query: str, limit: int = 3) -> list[str]:
    """The closest known names to ``query``, best first (canonical names, no duplicates)."""
    by_key, _ = _index()
    found = process.extract(name_key(query), list(by_key), scorer=fuzz.ratio, limit=limit * 4)
    best = found[0][1] if found else 0
    out: list[str] = []
    for key, score, _ in found:
        # Only names nearly as close as the best one: a list of unrelated names misleads.
        if score < 60 or score < best - 15:
            continue
        for unit in by_key[key]:
            if unit.name not in out:
                out.append(unit.name)
    return out[:limit]


def resolve(query: str, country: str | None = None) -> AdminUnit:
    """Return the one unit ``query`` names; ``country`` (ISO alpha-2) narrows the search."""
    by_key, _ = _index()
    units = by_key.get(name_key(query), [])
    if country:
        units = [u for u in units if u.country == country.upper()]
    if len(units) == 1:
        return units[0]
    if len(units) > 1:
        raise AmbiguousPlace(query, units)
    raise UnknownPlace(query, suggestions(query))


FUZZY_ACCEPT = 90  # rapidfuzz ratio of folded names: one or two letters apart in a long name


def resolve_close(query: str, country: str | None = None) -> tuple[AdminUnit, int] | None:
    """The one unit whose name is a close misspelling of ``query`` ('Khyber Pakhtunkwa'), with
    the similarity score; None when no name is that close or two different units are."""
    by_key, _ = _index()
    key = name_key(query)
    found = process.extract(key, list(by_key), scorer=fuzz.ratio, limit=8)
    units = {}
    for k, score, _ in found:
        if score < FUZZY_ACCEPT or len(key) < 5:
            continue
        for u in by_key[k]:
            if not country or u.country == country.upper():
                units[u.iso] = max(units.get(u.iso, (u, 0)), (u, score), key=lambda t: t[1])
    if len(units) != 1:
        return None
    return next(iter(units.values()))


def try_resolve(query: str, country: str | None = None) -> AdminUnit | None:
    """Like :func:`resolve`, but None where the name does not resolve to exactly one unit."""
    try:
        return resolve(query, country)
    except PlaceError:
        return None


@dataclass(frozen=True)
class District:
    """A district a name resolved to, and how: ``how`` is "name", "alias", "variant spelling"
    (the same letters once transliteration swaps are folded: Sayad/Sayyad) or "close spelling"
    (fuzzy, with ``score``); ``matched`` is the spelling it matched."""
    id: str
    name: str
    province_iso: str
    province: str
    how: str = "name"
    matched: str = ""
    score: int = 100

    def says(self) -> str:
        """'Acheen (Nangarhar), matched as alias "Achin"': what a report shows."""
        base = f"{self.name} ({self.province})"
        if self.how == "name":
            return base
        extra = f", score {self.score}" if self.how == "close spelling" else ""
        return f'{base}, matched as {self.how} "{self.matched}"{extra}'


@lru_cache(maxsize=1)
def _district_index():
    exact: dict[str, list[tuple[str, str]]] = {}
    loose: dict[str, list[tuple[str, str]]] = {}
    table = district_table()
    rows = {r.id: r for r in table.itertuples()}
    for r in table.itertuples():
        spellings = [("name", r.name)] + [("alias", a) for a in r.aliases.split("|") if a]
        for how, text in spellings:
            key = district_key(text)
            for index, k in ((exact, key), (loose, loose_key(key))):
                entry = index.setdefault(k, [])
                if all(e[0] != r.id for e in entry):
                    entry.append((r.id, how if index is exact else "variant spelling", text))
    return rows, exact, loose


def resolve_district(query: str, province: str | None = None) -> District:
    """The one district ``query`` names ('Bati Kot district', 'Achin', 'Sayad'); ``province``
    (an ISO code such as ``AF-NAN``) narrows the search. Raises UnknownPlace or AmbiguousPlace.

    >>> resolve_district("Acheen district").province
    'Nangarhar'
    """
    rows, exact, loose = _district_index()

    def narrowed(entries):
        return [e for e in entries if not province or rows[e[0]].province_iso == province]

    def made(e, how=None, score=100):
        r = rows[e[0]]
        return District(r.id, r.name, r.province_iso, r.province, how or e[1], e[2], score)

    key = district_key(query)
    for index, k in ((exact, key), (loose, loose_key(key))):
        found = narrowed(index.get(k, []))
        if len(found) == 1:
            return made(found[0])
        if len(found) > 1:
            raise AmbiguousPlace(query, [AdminUnit(rows[e[0]].id, f"{rows[e[0]].name}, "
                                                   f"{rows[e[0]].province}", "AF")
                                         for e in found])
    keys = [k for k, entries in exact.items() if narrowed(entries)]
    close = process.extract(key, keys, scorer=fuzz.ratio, limit=5)
    good = [(k, s) for k, s, _ in close if s >= FUZZY_ACCEPT - 5 and len(key) >= 4]
    ids = {e[0] for k, _ in good for e in narrowed(exact[k])}
    if len(ids) == 1:
        k, score = good[0]
        return made(narrowed(exact[k])[0], "close spelling", int(round(score)))
    names = []
    for k, s, _ in close:
        for e in narrowed(exact[k]):
            label = f"{rows[e[0]].name} ({rows[e[0]].province})"
            if s >= 60 and label not in names:
                names.append(label)
    raise UnknownPlace(query, names[:3])

