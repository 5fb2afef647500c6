"""Which district a record is in, where its precision allows.

From its coordinates when they are precise to the district or finer (``geo_precision`` point,
near or district: ACLED ``geo_precision`` 1-2, UCDP ``where_prec`` 1-3), else from the district
name the file gives (resolved within the record's province), else none; ``district_from`` says
which ("coordinates", "name" or ""). The file's ``district`` text is kept as given: a name that
disagrees with the point is flagged, and the point decides, as it is the more precise.

>>> ids, how = place_districts(staged, admin1, has_point, problems, "admin2")
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from geo.gazetteer import AmbiguousPlace, UnknownPlace, resolve_district
from geo.lookup import locate_districts
from geo.validation import Problems, reason_at
from geo.words import Phrase

PRECISE_ENOUGH = {"point", "near", "district"}


def _by_name(names: pd.Series, admin1: pd.Series) -> tuple[pd.Series, pd.Series]:
    """District id per row from its name (resolved once per distinct name and province), and
    the reason a given name did not resolve ("" where it did or none was given)."""
    ids = pd.Series("", index=names.index, dtype=object)
    why = pd.Series("", index=names.index, dtype=object)
    # Only Afghanistan has districts here: Pakistan's Mastung or Kurram are kept as text.
    given = (names != "") & admin1.str.startswith("AF-")
    if not given.any():
        return ids, why
    province = admin1.where(admin1.str.startswith("AF-") & ~admin1.str.contains("|",
                                                                               regex=False), "")
    pairs = pd.DataFrame({"n": names[given], "p": province[given]})
    solved = {}
    for n, p in pairs.drop_duplicates().itertuples(index=False):
        try:
            d = resolve_district(n, p or None)
            solved[(n, p)] = (d.id, "")
        except AmbiguousPlace as exc:
            which = ", ".join(c.name for c in exc.candidates)
            solved[(n, p)] = ("", Phrase("district '{name}' could be {which}; give the "
                                         "province", name=n, which=which))
        except UnknownPlace as exc:
            closest = ", ".join(exc.suggestions)
            solved[(n, p)] = ("", (
                Phrase("district '{name}' is not one of the 398 districts of 2014 in "
                       "{province} (closest: {closest})", name=n, province=p, closest=closest)
                if p and closest else
                Phrase("district '{name}' is not one of the 398 districts of 2014 in "
                       "{province}", name=n, province=p) if p else
                Phrase("district '{name}' is not one of the 398 districts of 2014 (closest: "
                       "{closest})", name=n, closest=closest) if closest else
                Phrase("district '{name}' is not one of the 398 districts of 2014", name=n)))
    keys = list(zip(pairs.n, pairs.p))
    ids[given] = [solved[k][0] for k in keys]
    why[given] = [solved[k][1] for k in keys]
    return ids, why


def place_districts(staged: pd.DataFrame, admin1: pd.Series, has_point: pd.Series,
                    problems: Problems, district_column: str) -> tuple[pd.Series, pd.Series]:
    """``district_id`` and ``district_from`` per row; warnings (never rejections) go to
    ``problems`` under ``district_column``, the file's own name for the column."""
    names = staged["district"].fillna("").astype(str).str.strip() if "district" in staged \
        else pd.Series("", index=staged.index, dtype=object)
    precise = has_point & staged["geo_precision"].isin(PRECISE_ENOUGH)
    found = locate_districts(staged["longitude"].where(precise),
                             staged["latitude"].where(precise))
    from_point = found["district_id"].fillna("").astype(str)
    from_point.index = staged.index
    named, why = _by_name(names, admin1)
    # A name that cannot be placed is said, unless the point places the record anyway.
    problems.warn((why != "") & (from_point == ""), district_column, reason_at(
        "{0}; kept as given, not counted by district", why))
    disagree = (from_point != "") & (named != "") & (named != from_point)
    problems.warn(disagree, district_column, reason_at(
        "names district {0} but the coordinates fall in {1}; counted in {1} (the point is the "
        "more precise), the name kept as given", names, found["district"].fillna("")
        .set_axis(staged.index)))
    ids = from_point.where(from_point != "", named)
    how = pd.Series(np.where(from_point != "", "coordinates",
                             np.where(named != "", "name", "")), index=staged.index,
                    dtype=object)
    return ids, how
