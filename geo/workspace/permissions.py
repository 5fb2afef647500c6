"""Who may do what in the workspace: the one table of roles, checked by the store on every call
(``geo.workspace.store``), whatever the caller is (the app, the CLI, a test).

==========================  ======  =======================  ==========
action                      viewer  analyst                  admin
==========================  ======  =======================  ==========
read (open, list, export)   team    own + team               everything
import a dataset            no      yes                      yes
save a new map or briefing  no      yes                      yes
change a map (version,      no      own                      anyone's
rename, restore a version)
share with the team         no      own                      anyone's
delete (to the trash)       no      own                      anyone's
restore from the trash      no      own                      anyone's
purge (for good)            no      no                       yes
read the history            own     own                      all
manage users                no      no                       yes
==========================  ======  =======================  ==========

A workspace opened on this machine (personal mode, the CLI) acts as :meth:`Caller.machine`: the
person who runs it, with every right, since they hold the database anyway.

>>> check(Caller("ana", "viewer"), "import")
Traceback (most recent call last):
...
geo.workspace.permissions.NotAllowed: ana (viewer) may not import a dataset
>>> check(Caller("ana", "analyst"), "delete", Item("map", "m-1", "Kabul", "ana", "private"))
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from geo.words import Phrase
from geo.workspace.errors import WorkspaceError

ROLES = ("viewer", "analyst", "admin")


class NotAllowed(WorkspaceError):
    """The caller's role or ownership does not allow the action."""


@dataclass(frozen=True)
class Caller:
    """Who acts: an account's name and role, and where they are (an address, for the
    history). ``personal``: the one user of a workspace on this machine."""

    name: str
    role: str
    address: str = ""
    personal: bool = False

    def __post_init__(self):
        check_role(self.role)

    @classmethod
    def machine(cls, name: str | None = None) -> "Caller":
        """The person who runs the app or the CLI on this machine (``ISKP_USER``, else the
        login name)."""
        return cls(name or os.environ.get("ISKP_USER") or getpass.getuser(), "admin",
                   "this machine", personal=True)

    def describe(self) -> str:
        """"ana (viewer)": a Phrase, said with the role in the reader's language."""
        return Phrase("{name} ({role})", name=self.name, role=_ROLE_SAID[self.role])


@dataclass(frozen=True)
class Item:
    """A stored thing, as far as permissions go."""

    kind: str  # "dataset", "map" or "briefing"
    id: str
    name: str
    owner: str
    visibility: str
    readers: tuple = ()  # others who may read it (a dataset they uploaded too)

    @classmethod
    def of(cls, thing, kind: str, readers: tuple = ()) -> "Item":
        """The item of a stored row, a ``StoredDataset`` or a ``SavedMap`` (a dataset is
        named by its file)."""
        name = getattr(thing, "file_name", None) or getattr(thing, "name", "")
        return cls(kind, thing.id, name, thing.owner, thing.visibility, tuple(readers))


def check_role(role: str) -> str:
    if role not in ROLES:
        raise WorkspaceError(f"a role is one of {', '.join(ROLES)}, not {role!r}")
    return role


# Actions on no item: which roles may.
_ROLE_ACTIONS = {
    "import": ("analyst", "admin"),
    "save": ("analyst", "admin"),
    "purge": ("admin",),
    "manage users": ("admin",),
    "read all history": ("admin",),
}
# Actions on an item of one's own (an admin's: on anyone's).
_OWN_ACTIONS = {"change": ("analyst", "admin"), "share": ("analyst", "admin"),
                "delete": ("analyst", "admin"), "restore": ("analyst", "admin")}

# What each action is called in a refusal (Phrases: said in the reader's language).
_SAID = {"import": Phrase("import a dataset"), "save": Phrase("save a map or a briefing"),
         "purge": Phrase("purge from the trash"), "manage users": Phrase("manage users"),
         "read all history": Phrase("read the whole history"),
         "change": Phrase("change"), "share": Phrase("share"), "delete": Phrase("delete"),
         "restore": Phrase("restore"), "read": Phrase("open")}
_ROLE_SAID = {"viewer": Phrase("viewer"), "analyst": Phrase("analyst"),
              "admin": Phrase("admin")}
# A stored thing's kind as a refusal names it.
KIND_SAID = {"dataset": Phrase("dataset"), "map": Phrase("map"),
             "briefing": Phrase("briefing")}


def kind_said(kind: str) -> str:
    """A stored thing's kind as a refusal names it (said in the reader's language)."""
    return KIND_SAID.get(kind, kind)


def can_read(caller: Caller, item: Item) -> bool:
    return caller.role == "admin" or item.visibility == "team" or item.owner == caller.name \
        or caller.name in item.readers


def allowed(caller: Caller, action: str, item: Item | None = None) -> bool:
    """Whether ``caller`` may do ``action`` (to ``item``); see the module's table."""
    if action == "read":
        return can_read(caller, item)
    if action in _ROLE_ACTIONS:
        return caller.role in _ROLE_ACTIONS[action]
    if action in _OWN_ACTIONS:
        if caller.role == "admin":
            return True
        return caller.role in _OWN_ACTIONS[action] and item is not None \
            and item.owner == caller.name
    raise ValueError(f"no such action {action!r}")


def check(caller: Caller, action: str, item: Item | None = None) -> None:
    """Raises :class:`NotAllowed`, naming who and what, unless :func:`allowed`."""
    if allowed(caller, action, item):
        return
    who, what = caller.describe(), _SAID[action]
    if item is None:
        raise NotAllowed(Phrase("{who} may not {what}", who=who, what=what))
    kind = kind_said(item.kind)
    if action == "read":
        # Said without the item's name: a private item's name is not the caller's to know.
        raise NotAllowed(Phrase("{who} may not open {kind} {id}: it is private to its owner",
                                who=who, kind=kind, id=item.id))
    if caller.role == "analyst":
        raise NotAllowed(Phrase("{who} may not {what} {kind} '{name}' (it is not theirs)",
                                who=who, what=what, kind=kind, name=item.name))
    raise NotAllowed(Phrase("{who} may not {what} {kind} '{name}' (a viewer changes nothing)",
                            who=who, what=what, kind=kind, name=item.name))
