"""Text for outputs that cannot hold every character: XML (KML, PowerPoint) and C strings
(GeoPackage through GDAL).

XML 1.0 has no way to write the C0 control characters other than tab and line ends, not even as
character references, and GDAL cuts a C string at NUL. Such a character is written as its
visible Unicode "control picture" (U+0001 as ␁) instead, so the text is neither cut nor made
unreadable; the import report warns about every cell that holds one.

>>> printable("a\\x00b\\x0bc\\td")
'a␀b␋c\\td'
"""
from __future__ import annotations

import re

import pandas as pd

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def printable(text: str) -> str:
    return CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())), text)


def printable_column(values: pd.Series) -> pd.Series:
    """:func:`printable` over a column of text (a cheap test first: most text has none)."""
    text = values.astype(str)
    has = text.str.contains(CONTROL.pattern, regex=True)
    return text.where(~has, text[has].map(printable)) if has.any() else text
