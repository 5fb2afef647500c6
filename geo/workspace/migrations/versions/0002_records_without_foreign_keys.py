"""The records without foreign keys (geo.workspace.schema says why): storing 100,000 records
no longer checks each row's dataset and attribution rule.

Revision 0001 made the records with the two keys; each key is dropped where it is found (a
workspace made while 0001 took the tables from the schema of the day may lack them). SQLite cannot drop a key in place: the records table is copied into one without
them (Alembic's batch mode), its rows, ids and index kept.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from geo.workspace.migrations.frozen import tables_0001

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
    # The copy takes the table as 0001 made it, less its keys (not as reflected: SQLite
    # reflects the geometry column as a type neither SQLAlchemy nor GeoAlchemy2 reads).
    records = next(t for t in tables_0001(sa.MetaData(), keyed=False) if t.name == "records")
    with op.batch_alter_table("records", recreate="always", copy_from=records):
        pass


def downgrade() -> None:
    pass
