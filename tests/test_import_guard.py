"""What may be imported, and when (ui/import_guard.py): a limit per role, one import at a time
per person, and the memory guard, each refusing with a message that says why."""
from __future__ import annotations

import pytest

from geo.workspace import Caller, WorkspaceError
from ui.import_guard import import_slot, upload_limit_mb

ANA, BO = Caller("ana", "analyst"), Caller("bo", "analyst")


def test_each_role_has_its_limit(monkeypatch):
    assert upload_limit_mb(Caller("v", "viewer")) == 0
    assert upload_limit_mb(ANA) == 200
    monkeypatch.setenv("ISKP_UPLOAD_MB_ANALYST", "5")
    assert upload_limit_mb(ANA) == 5
    with pytest.raises(WorkspaceError, match="the file is 6 MB; an analyst's uploads are "
                                             "at most 5 MB"):
        with import_slot(ANA, 6 * 2**20):
            pass
    assert upload_limit_mb(Caller.machine()) == upload_limit_mb(Caller("a", "admin"))


def test_one_import_at_a_time_per_person():
    with import_slot(ANA, 10):
        with pytest.raises(WorkspaceError, match="you have an import running already"):
            with import_slot(ANA, 10):
                pass
        with import_slot(BO, 10):  # another person is not held up
            pass
    with import_slot(ANA, 10):  # and it is free again afterwards
        pass


def test_the_memory_guard_refuses_near_the_budget(monkeypatch):
    monkeypatch.setenv("ISKP_MEMORY_BUDGET_MB", "1")  # this process uses more than 1 MB
    with pytest.raises(WorkspaceError, match=r"near its memory budget \(.* of 1 MB in use\)"):
        with import_slot(ANA, 10):
            pass
    monkeypatch.setenv("ISKP_MEMORY_BUDGET_MB", "1000000")
    with import_slot(ANA, 10):  # the refusal held nothing
        pass
