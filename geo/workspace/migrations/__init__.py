"""Alembic's migrations of the workspace (geo.workspace.migrate runs them)."""
