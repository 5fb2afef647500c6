"""The workspace's tables, one schema for both back-ends.

- ``datasets``: an accepted upload: file name, size, SHA-256 (one dataset per content), format,
  importer version, import report, the records' column types, owner and visibility, who and
  when, and when it went to the trash;
- ``records``: every record of every dataset, typed columns and a point geometry, in import
  order (``position``); the rule behind each record's attribution by its id in
  ``attribution_rules`` (no foreign keys: see below);
- ``saved_maps`` and ``map_versions``: a saved map's or briefing's name, description, owner,
  visibility, its current version, and each version's whole view (a briefing's: the briefing
  file's document) and the datasets it uses; ``kind`` says which it is;
- ``history``: what happened, to what, who, when and from where; only ever added to (on both
  back-ends a trigger refuses any change to a line, or its removal);
- ``users``, ``sessions`` and ``login_failures``: the team's accounts (a password's Argon2id
  hash, or none for an account of the single sign-on), the open sessions (a token's hash,
  never the token) and failed logins, for the rate limit (``geo.workspace.accounts``);
- ``dataset_readers``: who else uploaded a private dataset's content, and so may read it.

Owners and visibility (``private`` or ``team``) are kept on everything stored, for accounts.
Column types are those a GeoPackage names (TEXT, INTEGER, DOUBLE, DATETIME), so that GDAL and
QGIS read every table of the embedded file.
"""
from __future__ import annotations

from sqlalchemy import (Column, DateTime, Double, ForeignKey, Index, Integer, MetaData, Table,
                        Text)

from geo.records import COLUMNS
from geo.workspace.geometry import PointGeometry
from geo.workspace.types import JsonDocument

metadata = MetaData()

VISIBILITIES = ("private", "team")
SAVED_KINDS = ("map", "briefing")  # what a saved item is


def _kept() -> list[Column]:
    """What every stored dataset and saved map has: its owner and visibility, who made it
    and when, and when it went to the trash and by whom."""
    return [Column("owner", Text, nullable=False),
            Column("visibility", Text, nullable=False, default="private"),
            Column("created_by", Text, nullable=False),
            Column("created_at", DateTime(timezone=True), nullable=False),
            Column("deleted_at", DateTime(timezone=True)),
            Column("deleted_by", Text)]

datasets = Table(
    "datasets", metadata,
    Column("id", Text, primary_key=True),
    Column("file_name", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", Text, nullable=False, unique=True),
    Column("format", Text, nullable=False),
    Column("importer_version", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("report", JsonDocument, nullable=False),
    Column("dtypes", JsonDocument, nullable=False),
    *_kept(),
)

# A record's columns (geo.records.COLUMNS), typed.
_TYPES = {"date_start": DateTime, "date_end": DateTime, "latitude": Double,
          "longitude": Double, "fatalities": Double, "updated": Double, "line": Integer}

# The rule that decided a record's attribution (geo.attribution) is one of few texts, repeated
# over thousands of records: kept once here, and named by its id in each record.
attribution_rules = Table(
    "attribution_rules", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule", Text, nullable=False, unique=True),
)

# No foreign keys on the records: checked per row they were most of the time of storing
# 100,000 records (two look-ups a row; on PostgreSQL two trigger calls). The store writes a
# dataset's records only in the transaction that adds the dataset, with rule ids it has just
# read, and removes them when it purges the dataset (geo.workspace.store).
records = Table(
    "records", metadata,
    # A GeoPackage feature table's primary key: an INTEGER PRIMARY KEY.
    Column("fid", Integer, primary_key=True, autoincrement=True),
    Column("dataset_id", Text, nullable=False),
    Column("position", Integer, nullable=False),
    *[Column(f"r_{c}" if c == "id" else c, _TYPES.get(c, Text)) for c in COLUMNS
      if c != "attribution_rule"],
    Column("attribution_rule_id", Integer),
    Column("geom", PointGeometry()),
    Index("records_dataset", "dataset_id", "position"),
)

saved_maps = Table(
    "saved_maps", metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False),
    Column("kind", Text, nullable=False, server_default="map"),  # SAVED_KINDS
    *_kept(),
)

map_versions = Table(
    "map_versions", metadata,
    Column("map_id", Text, ForeignKey("saved_maps.id", ondelete="CASCADE"),
           primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("view", JsonDocument, nullable=False),
    Column("dataset_ids", JsonDocument, nullable=False),
    Column("saved_by", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("restored_from", Integer),
)

history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("item_id", Text, nullable=False),
    Column("item_name", Text, nullable=False, default=""),
    Column("detail", JsonDocument, nullable=False),
    Column("address", Text),  # where from: the client's address, or "this machine"
)

users = Table(
    "users", metadata,
    Column("name", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("password_hash", Text),  # Argon2id; none for an account of the single sign-on
    Column("source", Text, nullable=False, default="local"),  # "local" or "sso"
    Column("disabled", Integer, nullable=False, default=0),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", Text, primary_key=True),  # SHA-256 of the cookie's token
    Column("account", Text, nullable=False),
    Column("address", Text, nullable=False, default=""),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    Column("ended_why", Text),
)

login_failures = Table(
    "login_failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("account", Text, nullable=False),
    Column("address", Text, nullable=False),
    Index("login_failures_at", "at"),
)

dataset_readers = Table(
    "dataset_readers", metadata,
    Column("dataset_id", Text, primary_key=True),
    Column("account", Text, primary_key=True),
)

# The record column of each table column kept as it is (attribution_rule is kept by its id).
RECORD_COLUMNS = {("r_id" if c == "id" else c): c for c in COLUMNS if c != "attribution_rule"}

TABLES = (datasets, attribution_rules, records, saved_maps, map_versions, history, users,
          sessions, login_failures, dataset_readers)
