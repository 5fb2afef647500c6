"""Validation that loses nothing: every input row ends up accepted or rejected with a reason.

An :class:`Issue` names the line (or GeoJSON feature number), the column and a reason a person can
act on. A :class:`FileProblem` is a file that cannot be read at all (empty, binary, not UTF-8,
unrecognised columns): one clear error instead of a list.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.words import Phrase


class FileProblem(ValueError):
    """The whole file cannot be read."""


@dataclass(frozen=True)
class Issue:
    line: int
    column: str
    reason: str
    # The reason as a geo.words.Phrase, for a page to say in its reader's language: made for
    # the issues a report shows (SAID_ISSUES), not for every row of a file of bad rows.
    said: str | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "reason": str(self.reason)}

    def phrase(self) -> str:
        """The reason as a Phrase where one was made (else as given)."""
        return self.said if self.said is not None else self.reason


# The issues of each kind whose reasons are kept as phrases (a validation report shows 500).
SAID_ISSUES = 1000


@dataclass
class ImportResult:
    """What an importer made of a file. ``rows`` = ``accepted`` + ``rejected_count``, always:
    a row is accepted (a record) or rejected (with its reasons, and its cells in
    ``rejected_rows``), never both, never neither. Rows outside Afghanistan and its border
    regions are rejected too, but summarised per country in ``out_of_region`` (a global UCDP
    file has 300,000 of them) instead of listed one by one."""

    format: str
    name: str
    rows: int
    records: pd.DataFrame
    rejected: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rejected_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    out_of_region: dict = field(default_factory=dict)
    # Accepted records per attribution (geo.attribution) and the most frequent other actors.
    attribution: dict = field(default_factory=dict)
    unit: str = "line"

    @property
    def accepted(self) -> int:
        return len(self.records)

    @property
    def rejected_count(self) -> int:
        return self.rows - self.accepted

    def report(self) -> dict:
        """The validation report (the ``geo check --json`` object)."""
        return {"format": self.format, "rows": self.rows, "accepted": self.accepted,
                "rejected_rows": self.rejected_count, "unit": self.unit,
                "rejected": [i.as_dict() for i in self.rejected],
                "warnings": [i.as_dict() for i in self.warnings],
                "out_of_region": self.out_of_region, "attribution": self.attribution}


def _take(values, positions: list[int]):
    if isinstance(values, pd.Series):
        return values.iloc[positions].to_numpy(dtype=object)
    return np.asarray(values, dtype=object)[positions]


class reason_at:
    """A reason built only for the rows that need one: the phrase ``template`` with the values
    at that row (``{0}``, ``{1}``: one per column) and the ``values`` the same for every row
    (``{choices}``). Nothing is converted up front, so a million clean rows cost nothing here;
    the values of many rejected rows are taken in one go. The English text is made for every
    row; the :class:`geo.words.Phrase` (said again in the reader's language by the app) only
    for the rows a report shows (:meth:`phrase`)."""

    def __init__(self, template: str, *columns, **values):
        self.template, self.columns, self.values = template, columns, values

    def many(self, positions: list[int]) -> list[str]:
        cols = [_take(c, positions) for c in self.columns]
        if not cols:
            return [self.template.format(**self.values)] * len(positions)
        return [self.template.format(*vals, **self.values) for vals in zip(*cols)]

    def phrase(self, p: int) -> Phrase:
        return Phrase(self.template, *(_take(c, [p])[0] for c in self.columns), **self.values)

    def __call__(self, p: int) -> str:
        return self.many([p])[0]


class missing_or(reason_at):
    """Like :class:`reason_at`, but ``missing`` where the cell is empty."""

    def __init__(self, values, missing: str, template: str, **constants):
        super().__init__(template, values, **constants)
        self.missing = missing

    def many(self, positions: list[int]) -> list[str]:
        vals = _take(self.columns[0], positions)
        return [self.missing if v == "" else self.template.format(v, **self.values)
                for v in vals]

    def phrase(self, p: int) -> Phrase:
        v = _take(self.columns[0], [p])[0]
        return Phrase(self.missing) if v == "" else Phrase(self.template, v, **self.values)


class Problems:
    """Collects issues per row position while an importer works column by column.

    ``reasons`` is one text for all flagged rows, a list with one text per row, or a callable of
    the row position (see :func:`reason_at`) so that 100,000 clean rows build no text at all.
    Each issue is kept as (position, column, reason, how to say it): a Phrase, or the
    ``reason_at`` that makes one for its position."""

    def __init__(self, lines: list[int]):
        self.lines = np.asarray(lines, dtype=np.int64)
        self.rejected: list[tuple] = []
        self.warnings: list[tuple] = []

    def reject(self, mask, column: str, reasons) -> None:
        self._add(self.rejected, mask, column, reasons)

    def warn(self, mask, column: str, reasons) -> None:
        self._add(self.warnings, mask, column, reasons)

    def _add(self, target, mask, column, reasons) -> None:
        positions = np.flatnonzero(np.asarray(mask, dtype=bool)).tolist()
        if isinstance(reasons, str):
            # One sentence for all: a phrase the app can say in the reader's language.
            said = reasons if isinstance(reasons, Phrase) else Phrase(reasons)
            target.extend((p, column, said, said) for p in positions)
        elif isinstance(reasons, reason_at):
            target.extend(zip(positions, [column] * len(positions), reasons.many(positions),
                              [reasons] * len(positions)))
        elif callable(reasons):
            target.extend((p, column, reasons(p), None) for p in positions)
        else:
            reasons = list(reasons)
            target.extend((p, column, reasons[p], reasons[p]) for p in positions)

    def rejected_positions(self) -> set[int]:
        return {t[0] for t in self.rejected}

    def issues(self, kind: str) -> list[Issue]:
        lines = self.lines.tolist()
        src = sorted(self.rejected if kind == "rejected" else self.warnings,
                     key=lambda t: (lines[t[0]], t[1]))
        return [Issue(lines[p], c, r, _said(how, p)) for p, c, r, how in src[:SAID_ISSUES]] + \
            [Issue(lines[p], c, r) for p, c, r, _ in src[SAID_ISSUES:]]


def _said(how, p: int):
    if isinstance(how, reason_at):
        return how.phrase(p)
    return how if isinstance(how, Phrase) else None
