"""What may be imported, and when: an upload limit per role, one import at a time per person
(a second tab waits for the first), and a server-wide memory guard that refuses a new import,
with a message, when the server is near its budget, so that one person's huge file does not
take the server down for everyone.

``ISKP_UPLOAD_MB_ANALYST`` / ``ISKP_UPLOAD_MB_ADMIN`` set the limits (MB, default 200 and
500); ``ISKP_MEMORY_BUDGET_MB`` the budget (default: 75 % of the machine's memory).
"""
from __future__ import annotations

import contextlib
import os
import threading

from geo.importers import MAX_BYTES
from geo.words import Phrase
from geo.workspace import Caller, WorkspaceError

_DEFAULT_MB = {"viewer": 0, "analyst": 200, "admin": MAX_BYTES // 2**20}
_running: set[str] = set()
_lock = threading.Lock()


def upload_limit_mb(caller: Caller) -> int:
    if caller.personal:
        return MAX_BYTES // 2**20
    value = os.environ.get(f"ISKP_UPLOAD_MB_{caller.role.upper()}")
    mb = int(value) if value and value.isdigit() else _DEFAULT_MB[caller.role]
    return min(mb, MAX_BYTES // 2**20)


def _memory_mb() -> tuple[float, float]:
    """(this server's resident memory, its budget), in MB."""
    rss = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    budget = os.environ.get("ISKP_MEMORY_BUDGET_MB")
    if budget and budget.isdigit():
        return rss, float(budget)
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    return rss, 0.75 * total


# One phrase per role: the article (English) and the word order (Dari) differ with it.
_TOO_LARGE = {"viewer": "the file is {size} MB; a viewer's uploads are at most {limit} MB",
              "analyst": "the file is {size} MB; an analyst's uploads are at most {limit} MB",
              "admin": "the file is {size} MB; an admin's uploads are at most {limit} MB"}


@contextlib.contextmanager
def import_slot(caller: Caller, size: int):
    """Held while ``caller`` imports a file of ``size`` bytes; ``WorkspaceError`` saying why
    when it may not start."""
    limit = upload_limit_mb(caller)
    if size > limit * 2**20:
        raise WorkspaceError(Phrase(_TOO_LARGE[caller.role], size=f"{size / 2**20:,.0f}",
                                    limit=f"{limit:,}"))
    rss, budget = _memory_mb()
    if rss > budget:
        raise WorkspaceError(Phrase("the server is near its memory budget ({rss} of {budget} MB"
                                    " in use): try again in a few minutes",
                                    rss=f"{rss:,.0f}", budget=f"{budget:,.0f}"))
    with _lock:
        if caller.name in _running:
            raise WorkspaceError(Phrase("you have an import running already (in another tab?):"
                                        " wait for it to finish, then add this file again"))
        _running.add(caller.name)
    try:
        yield
    finally:
        with _lock:
            _running.discard(caller.name)
