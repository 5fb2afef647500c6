"""The workspace's own error: what it cannot do, said so a user understands. Defined apart
from the store so that every part of the workspace (the bulk store too) raises it."""
from __future__ import annotations


class WorkspaceError(Exception):
    """A request the workspace cannot do, said so a user understands (no traceback)."""
