"""CSV downloads that a spreadsheet cannot run: cells are neutralised against formula injection.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be run as a
formula when the CSV is opened in Excel or LibreOffice (OWASP, "CSV Injection"). Such a text
cell is written with a leading apostrophe, after surrounding spaces are stripped (so " =cmd"
cannot slip through). Numbers stay as they are: "-12.5" in a coordinate or "-3" is data, not a
formula.

>>> to_safe_csv(pd.DataFrame({"summary": ["=HYPERLINK(...)", "ok"], "latitude": [-1.5, 2]}))
b"summary,latitude\\n'=HYPERLINK(...),-1.5\\nok,2.0\\n"
"""
from __future__ import annotations

import re

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value):
    if not isinstance(value, str):
        return value
    text = value.strip(" ")
    if text.startswith(TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(neutralise, na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    return safe_frame(frame).to_csv(index=False).encode("utf-8")
