"""Several imported files as one set of records, each source event once.

Analysts load last month's export and this month's: the same ACLED event (``event_id_cnty``) or
UCDP event (``id``) then appears twice. It becomes one record: the copy with the newer
``timestamp`` (ACLED's last change) wins, else the copy from the file loaded later. A file
loaded twice (same bytes) is added once. Messages say what was merged.

ACLED's list of deleted events is not read: an event ACLED deleted stays if an export has it.

>>> records, messages = combine([last_month, this_month])
>>> messages
['1,204 events appear in more than one file: kept once each (the newer ACLED timestamp wins)']
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from geo.records import concat_records
from geo.validation import ImportResult

EVENT_ID = r"^(?:ACLED|UCDP GED) \S"


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def newest_copies(key: pd.Series, updated: pd.Series, among) -> np.ndarray:
    """Positions (0 to n-1) of the copy of each ``key`` that is kept, of the rows ``among``
    marks: the newest ``updated`` (ACLED's timestamp) wins, else the later position."""
    order = pd.DataFrame({"key": key.to_numpy(),
                          "updated": pd.to_numeric(updated, errors="coerce").fillna(-np.inf)
                          .to_numpy(),
                          "pos": np.arange(len(key))})[np.asarray(among, dtype=bool)]
    return order.sort_values(["key", "updated", "pos"]).groupby("key").tail(1)["pos"] \
        .to_numpy()


def combine(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    """Concatenate record frames (in load order) and keep each source event once."""
    records = concat_records(frames)
    if records.empty:
        return records, []
    key = records["source_id"].fillna("").astype(str)
    keyed = key.str.contains(EVENT_ID, regex=True)
    dup = keyed & key.duplicated(keep=False)
    if not dup.any():
        return records, []
    # Per event: the newest timestamp, then the later file, wins.
    winners = newest_copies(key, records["updated"], dup)
    drop = np.setdiff1d(np.flatnonzero(dup.to_numpy()), winners)
    events = int(key[dup].nunique())
    kept = records.drop(index=records.index[drop]).reset_index(drop=True)
    return kept, [f"{events:,} event(s) appear more than once across the files loaded: kept "
                  f"once each ({len(drop):,} copies merged; the newer ACLED timestamp wins, "
                  "else the file loaded later)"]


def combine_results(results: list[ImportResult]) -> tuple[pd.DataFrame, list[str]]:
    return combine([r.records for r in results])
