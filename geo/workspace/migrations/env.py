"""Alembic's environment for the workspace: run by geo.workspace.migrate with the workspace's
own connection (``config.attributes["connection"]``), on either back-end."""
from alembic import context

from geo.workspace.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
