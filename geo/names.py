"""Place-name normalisation shared by the gazetteer and the boundary build.

Names of Afghan provinces reach us in many spellings: 'Wilayat-e Sar-e Pul', 'SAR-I-PUL province',
'Sarepul'. ``name_key`` folds the differences that never distinguish two places (case, diacritics,
punctuation, spacing, administrative words such as Province/Wilayat/Velayat/Ostan) so that one
lookup in a table of keys resolves them all. Spelling variants that do change letters
(Nangarhar/Ningarhar) are listed as aliases in ``data/boundaries/names.csv``.

>>> name_key("Wilayat-e Sar-e Pul")
'sarepul'
>>> name_key("  NANGARHĀR Province ")
'nangarhar'
"""
from __future__ import annotations

import re

from unidecode import unidecode

# Words that say "this is an admin-1 unit" in the languages of the region's sources.
ADMIN_WORDS = {
    "province", "provinces", "provincia", "wilayat", "wilayah", "welayat", "velayat", "walayat",
    "ostan", "ostane", "viloyati", "viloyat", "oblast", "region", "autonomous", "of", "the",
}
# Persian ezafe after an admin word ('Wilayat-e Kunar', 'Ostan-e Fars').
EZAFE = {"e", "i", "ye", "yi"}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def name_key(name: str) -> str:
    """Fold a place name to a comparison key (see module docstring)."""
    text = unidecode(str(name)).lower()
    text = text.replace("'", "").replace("`", "").replace("\u2019", "")
    tokens = [t for t in _NON_ALNUM.split(text) if t]
    kept: list[str] = []
    after_admin = False
    for t in tokens:
        if t in ADMIN_WORDS:
            after_admin = True
            continue
        if after_admin and t in EZAFE:
            after_admin = False
            continue
        after_admin = False
        kept.append(t)
    key = "".join(kept)
    # A name made only of admin words ('Province') keeps its letters rather than becoming empty.
    return key or "".join(tokens)


# Words that say "this is a district" (Dari/Pashto wuleswali in its transliterations).
DISTRICT_WORDS = {"district", "districts", "dist", "wuleswali", "woluswali", "uluswali",
                  "woleswali", "wolesswali", "olswali", "uluswoli", "wilsswali", "center",
                  "centre", "markaz"}


def district_key(name: str) -> str:
    """``name_key`` without the words for 'district': 'Bati Kot district' -> 'batikot'."""
    text = unidecode(str(name)).lower()
    words = [w for w in _NON_ALNUM.split(text) if w and w not in DISTRICT_WORDS]
    return name_key(" ".join(words)) if words else name_key(name)


_DOUBLE = re.compile(r"(.)\1+")


def loose_key(key: str) -> str:
    """A folded key with the letters transliterations swap made one: doubled letters ('Sayyad'
    and 'Sayad'), ee/i ('Acheen', 'Achin'), oo/u, e/i ('Deh', 'Dih'), o/u, y/i, 'kh'/'k'.

    >>> loose_key(district_key("Acheen")) == loose_key(district_key("Achin"))
    True
    """
    k = key.replace("ee", "i").replace("oo", "u").replace("ou", "u")
    k = k.replace("kh", "k").replace("e", "i").replace("o", "u").replace("y", "i")
    k = k.replace("w", "u")
    return _DOUBLE.sub(r"\1", k)
