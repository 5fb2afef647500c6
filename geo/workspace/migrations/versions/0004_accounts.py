"""Accounts (issue 25): the team's users, their sessions and failed logins, who else may read a
private dataset, where each line of the history came from; and the history made append-only
by a trigger on both back-ends (no role, and no code of the app's, can change or remove a
line).

The tables are written out here as they are at this revision, not taken from ``schema.py``
(a migration must not follow the live schema).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END",
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history "
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END",
]
_PG_TRIGGERS = [
    "CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'the history is append-only'; END $$",
    "CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON history "
    "FOR EACH STATEMENT EXECUTE FUNCTION history_append_only()",
]


def upgrade() -> None:
    op.add_column("history", sa.Column("address", sa.Text))
    op.create_table(
        "users",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("disabled", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("changed_at", _TIME, nullable=False))
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.Text, primary_key=True),
        sa.Column("account", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("started_at", _TIME, nullable=False),
        sa.Column("last_seen", _TIME, nullable=False),
        sa.Column("ended_at", _TIME),
        sa.Column("ended_why", sa.Text))
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("account", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False))
    op.create_index("login_failures_at", "login_failures", ["at"])
    op.create_table(
        "dataset_readers",
        sa.Column("dataset_id", sa.Text, primary_key=True),
        sa.Column("account", sa.Text, primary_key=True))
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _PG_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER history_append_only ON history")
        op.execute("DROP FUNCTION history_append_only()")
    else:
        op.execute("DROP TRIGGER history_no_update")
        op.execute("DROP TRIGGER history_no_delete")
    for table in ("dataset_readers", "login_failures", "sessions", "users"):
        op.drop_table(table)
    op.drop_column("history", "address")
