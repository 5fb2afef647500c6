"""``python -m geo users``: the team's accounts, from the command line (the first admin is made
here: whoever runs it holds the database, and acts as this machine's user).

    add NAME --role viewer|analyst|admin   a local account; the password is asked twice, or
        [--password-stdin]                 read from the first line of standard input
    list [--json]                          the accounts: name, role, local or single sign-on,
                                           disabled
    passwd NAME [--password-stdin]         a new password (its sessions end)
    role NAME ROLE                         a new role (its sessions end)
    disable NAME | enable NAME             no more logins (its sessions end), or again

A password is never an argument (other users of the machine see the command line), never
printed and never logged: only its Argon2id hash is kept.

``--workspace URL`` names the workspace (default: ISKP_DATABASE_URL, else the embedded file).
"""
from __future__ import annotations

import getpass
import json
import sys

from geo.workspace.permissions import ROLES


def _accounts(args):
    from geo.workspace import open_workspace
    from geo.workspace.accounts import Accounts
    return Accounts(open_workspace(args.workspace))


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("The same again: ") != first:
        raise SystemExit("geo users: the two passwords differ; nothing changed")
    return first


def cmd_add(args) -> int:
    _accounts(args).add(args.name, args.role, password=_password(args))
    print(f"account {args.name} added ({args.role})")
    return 0


def cmd_list(args) -> int:
    rows = _accounts(args).list()
    if args.json:
        json.dump([{**r, "created_at": r["created_at"].isoformat(),
                    "changed_at": r["changed_at"].isoformat()} for r in rows], sys.stdout,
                  ensure_ascii=False, indent=1)
        print()
        return 0
    for r in rows:
        print(f"{r['name']}\t{r['role']}\t{r['source']}"
              + ("\tdisabled" if r["disabled"] else ""))
    if not rows:
        print("No accounts yet: python -m geo users add NAME --role admin")
    return 0


def cmd_passwd(args) -> int:
    _accounts(args).set_password(args.name, _password(args))
    print(f"password of {args.name} changed; its sessions ended")
    return 0


def cmd_role(args) -> int:
    _accounts(args).set_role(args.name, args.role)
    print(f"{args.name} is now {args.role}; its sessions ended")
    return 0


def cmd_disable(args) -> int:
    accounts = _accounts(args)
    if args.action == "disable":
        accounts.disable(args.name)
        print(f"{args.name} disabled; its sessions ended")
    else:
        accounts.enable(args.name)
        print(f"{args.name} enabled")
    return 0


def add_commands(sub) -> None:
    from geo.workspace.cli import command_group
    command = command_group(sub, "users", "the team's accounts (see geo.workspace.users_cli)",
                            __doc__)

    p = command("add", cmd_add, "a local account")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--password-stdin", action="store_true")
    p = command("list", cmd_list, "the accounts")
    p.add_argument("--json", action="store_true")
    p = command("passwd", cmd_passwd, "a new password")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--password-stdin", action="store_true")
    p = command("role", cmd_role, "a new role")
    p.add_argument("name", metavar="NAME")
    p.add_argument("role", metavar="ROLE", choices=ROLES)
    for action in ("disable", "enable"):
        p = command(action, cmd_disable, f"{action} an account")
        p.add_argument("name", metavar="NAME")
        p.set_defaults(action=action)
