"""The records without a spatial index on PostgreSQL: kept up row by row, the GiST index on
``records.geom`` was half of the server's time to store a dataset (14.5 s of 28.5 s for
1,000,000 records, bench/bench_workspace.py). The app reads records by dataset, never by
place; the embedded GeoPackage has no spatial index either. A team that queries the records
by place in PostGIS can make one (README, "For a team"), and imports then take longer.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS records_geom")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS records_geom ON records USING gist (geom)")
