"""Validation that loses nothing: every input row ends up accepted or rejected with a reason.

An :class:`Issue` names the line (or GeoJSON feature number), the column and a reason a person can
act on. A :class:`FileProblem` is a file that cannot be read at all (empty, binary, not UTF-8,
unrecognised columns): one clear error instead of a list.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd


class FileProblem(ValueError):
    """The whole file cannot be read."""


@dataclass(frozen=True)
class Issue:
    line: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ImportResult:
    """What an importer made of a file."""

    format: str
    name: str
    rows: int
    records: pd.DataFrame
    rejected: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rejected_rows: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def accepted(self) -> int:
        return len(self.records)

    def report(self) -> dict:
        """The validation report (the ``geo check --json`` object)."""
        return {"format": self.format, "rows": self.rows, "accepted": self.accepted,
                "rejected": [i.as_dict() for i in self.rejected],
                "warnings": [i.as_dict() for i in self.warnings]}


def reason_at(template: str, *columns):
    """A reason built only for the rows that need one: ``template.format(values at that row)``."""
    arrays = [np.asarray(c, dtype=object) for c in columns]
    return lambda p: template.format(*(a[p] for a in arrays))


def missing_or(values, missing: str, template: str):
    """Like :func:`reason_at`, but ``missing`` where the cell is empty."""
    arr = np.asarray(values, dtype=object)
    return lambda p: missing if arr[p] == "" else template.format(arr[p])


class Problems:
    """Collects issues per row position while an importer works column by column.

    ``reasons`` is one text for all flagged rows, a list with one text per row, or a callable of
    the row position (see :func:`reason_at`) so that 100,000 clean rows build no text at all."""

    def __init__(self, lines: list[int]):
        self.lines = list(lines)
        self.rejected: list[tuple[int, str, str]] = []
        self.warnings: list[tuple[int, str, str]] = []

    def reject(self, mask, column: str, reasons) -> None:
        self._add(self.rejected, mask, column, reasons)

    def warn(self, mask, column: str, reasons) -> None:
        self._add(self.warnings, mask, column, reasons)

    def _add(self, target, mask, column, reasons) -> None:
        positions = np.flatnonzero(np.asarray(mask, dtype=bool)).tolist()
        if isinstance(reasons, str):
            target.extend((p, column, reasons) for p in positions)
        elif callable(reasons):
            target.extend((p, column, reasons(p)) for p in positions)
        else:
            reasons = list(reasons)
            target.extend((p, column, reasons[p]) for p in positions)

    def rejected_positions(self) -> set[int]:
        return {p for p, _, _ in self.rejected}

    def issues(self, kind: str) -> list[Issue]:
        src = self.rejected if kind == "rejected" else self.warnings
        return sorted((Issue(self.lines[p], c, r) for p, c, r in src),
                      key=lambda i: (i.line, i.column))
