"""The records without foreign keys (geo.workspace.schema says why): storing 100,000 records
no longer checks each row's dataset and attribution rule.

A workspace made at revision 0001 before this change has the two keys; one made after it
does not (0001 makes the tables as the schema defines them), so each key is dropped where it
is found. SQLite cannot drop a key in place: the records table is copied into one without
them (Alembic's batch mode), its rows, ids and index kept.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from geo.workspace import schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    keys = sa.inspect(bind).get_foreign_keys("records")
    if not keys:
        return
    if bind.dialect.name == "postgresql":
        for key in keys:
            op.drop_constraint(key["name"], "records", type_="foreignkey")
        return
    # The copy takes the table as the schema defines it (no keys), not as reflected: SQLite
    # reflects the geometry column as a type SQLAlchemy does not know.
    with op.batch_alter_table("records", recreate="always", copy_from=schema.records):
        pass


def downgrade() -> None:
    pass
