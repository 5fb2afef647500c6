"""The workspace's tables as migrations made them, frozen: a revision changes the tables of the
revision before it, never the schema of the day (geo.workspace.schema), so that every
workspace takes the same steps whenever it was made.
"""
from __future__ import annotations

from sqlalchemy import (Column, DateTime, Double, ForeignKey, Index, Integer, MetaData, Table,
                        Text)

from geo.workspace.geometry import PointGeometry
from geo.workspace.types import JsonDocument


def _kept() -> list[Column]:
    return [Column("owner", Text, nullable=False),
            Column("visibility", Text, nullable=False, default="private"),
            Column("created_by", Text, nullable=False),
            Column("created_at", DateTime(timezone=True), nullable=False),
            Column("deleted_at", DateTime(timezone=True)),
            Column("deleted_by", Text)]


_RECORD_COLUMNS = [
    "r_id", "date_start", "date_end", "date_precision", "country", "admin1", "region",
    "district", "location", "latitude", "longitude", "geo_precision", "point_admin1",
    "possible_admin1", "category", "actors", "fatalities", "summary", "source_id", "source",
    "notes", "flags", "origin", "line", "updated", "attribution", "iskp_role", "district_id",
    "district_from"]
_TYPES = {"date_start": DateTime, "date_end": DateTime, "latitude": Double,
          "longitude": Double, "fatalities": Double, "updated": Double, "line": Integer}


def tables_0001(meta: MetaData, keyed: bool = True) -> tuple[Table, ...]:
    """The tables as revision 0001 made them, in ``meta``; ``keyed``: the records with their
    foreign keys (revision 0002 takes them away)."""
    def key(target: str) -> list:
        return [ForeignKey(target)] if keyed else []

    return (
        Table("datasets", meta,
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
              *_kept()),
        Table("attribution_rules", meta,
              Column("id", Integer, primary_key=True, autoincrement=True),
              Column("rule", Text, nullable=False, unique=True)),
        Table("records", meta,
              Column("fid", Integer, primary_key=True, autoincrement=True),
              Column("dataset_id", Text, *key("datasets.id"), nullable=False),
              Column("position", Integer, nullable=False),
              *[Column(c, _TYPES.get(c, Text)) for c in _RECORD_COLUMNS],
              Column("attribution_rule_id", Integer, *key("attribution_rules.id")),
              Column("geom", PointGeometry()),
              Index("records_dataset", "dataset_id", "position")),
        Table("saved_maps", meta,
              Column("id", Text, primary_key=True),
              Column("name", Text, nullable=False),
              Column("description", Text, nullable=False, default=""),
              Column("version", Integer, nullable=False),
              *_kept()),
        Table("map_versions", meta,
              Column("map_id", Text, ForeignKey("saved_maps.id", ondelete="CASCADE"),
                     primary_key=True),
              Column("version", Integer, primary_key=True),
              Column("name", Text, nullable=False),
              Column("description", Text, nullable=False, default=""),
              Column("view", JsonDocument, nullable=False),
              Column("dataset_ids", JsonDocument, nullable=False),
              Column("saved_by", Text, nullable=False),
              Column("saved_at", DateTime(timezone=True), nullable=False),
              Column("restored_from", Integer)),
        Table("history", meta,
              Column("id", Integer, primary_key=True, autoincrement=True),
              Column("at", DateTime(timezone=True), nullable=False),
              Column("who", Text, nullable=False),
              Column("action", Text, nullable=False),
              Column("kind", Text, nullable=False),
              Column("item_id", Text, nullable=False),
              Column("item_name", Text, nullable=False, default=""),
              Column("detail", JsonDocument, nullable=False)),
    )
