"""Briefings kept in the workspace (issue 26): a saved briefing is a saved item like a saved
map, with the same versions, trash, sharing and history, so it gains a ``kind`` ("map" or
"briefing"); a briefing's version holds the briefing file's document (``outputs.briefing``) as
its view. Every saved map made before is a map.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("saved_maps", sa.Column("kind", sa.Text, nullable=False,
                                          server_default="map"))


def downgrade() -> None:
    with op.batch_alter_table("saved_maps") as batch:
        batch.drop_column("kind")
