"""A JSON document column: JSONB on PostgreSQL, TEXT holding JSON on SQLite (a GeoPackage has
no JSON type, and GDAL would not read a column declared so)."""
from __future__ import annotations

import json

from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import Text, TypeDecorator


class JsonDocument(TypeDecorator):
    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value, dialect):
        if dialect.name == "postgresql" or value is None:
            return value
        return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)

    def process_result_value(self, value, dialect):
        if dialect.name == "postgresql" or value is None:
            return value
        return json.loads(value)
