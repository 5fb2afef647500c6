"""``check`` and ``summary`` commands (activity data): filled in with the importers."""


def add_commands(sub) -> None:
    return None
