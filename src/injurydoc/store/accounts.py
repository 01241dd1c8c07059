"""Repository: accounts and their roles."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from injurydoc.domain.models import Account
from injurydoc.domain.vocab import Profession, Role
from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database

_COLS = "id, username, display_name, profession, hsa_id, active, created_at"


def _account(db: Database, row: tuple[Any, ...]) -> Account:
    roles = frozenset(
        Role(r[0]) for r in db.all("SELECT role FROM account_roles WHERE account_id = ?", (row[0],))
    )
    return Account(
        id=row[0],
        username=row[1],
        display_name=row[2],
        profession=Profession(row[3]),
        hsa_id=row[4],
        active=bool(row[5]),
        created_at=dt.datetime.fromisoformat(row[6]),
        roles=roles,
    )


def insert(
    db: Database,
    *,
    username: str,
    display_name: str,
    roles: frozenset[Role],
    profession: Profession,
    hsa_id: str,
    created_by: str | None,
    account_id: str | None = None,
) -> Account:
    account_id = account_id or str(uuid.uuid4())  # a unit cache takes the server's id
    db.execute(
        "INSERT INTO accounts (id, username, display_name, profession, hsa_id, created_at, "
        "created_by) VALUES (?,?,?,?,?,?,?)",
        (account_id, username, display_name, profession.code, hsa_id, iso(now_utc()), created_by),
    )
    for role in sorted(roles):
        db.execute("INSERT INTO account_roles (account_id, role) VALUES (?, ?)", (account_id, role))
    found = by_id(db, account_id)
    if found is None:
        raise RuntimeError("created account vanished")
    return found


def by_id(db: Database, account_id: str) -> Account | None:
    row = db.one(f"SELECT {_COLS} FROM accounts WHERE id = ?", (account_id,))
    return None if row is None else _account(db, row)


def by_username(db: Database, username: str) -> Account | None:
    row = db.one(f"SELECT {_COLS} FROM accounts WHERE username = ?", (username,))
    return None if row is None else _account(db, row)


def all_accounts(db: Database) -> list[Account]:
    return [_account(db, r) for r in db.all(f"SELECT {_COLS} FROM accounts ORDER BY username")]


def set_active(db: Database, account_id: str, active: bool) -> None:
    db.execute(
        "UPDATE accounts SET active = ?, disabled_at = ? WHERE id = ?",
        (int(active), None if active else iso(now_utc()), account_id),
    )


def set_roles(db: Database, account_id: str, roles: frozenset[Role]) -> None:
    db.execute("DELETE FROM account_roles WHERE account_id = ?", (account_id,))
    for role in sorted(roles):
        db.execute("INSERT INTO account_roles (account_id, role) VALUES (?, ?)", (account_id, role))


def count_active_managers(db: Database) -> int:
    return int(
        db.scalar(
            "SELECT count(*) FROM accounts a JOIN account_roles r ON r.account_id = a.id "
            "WHERE a.active = 1 AND r.role = 'unit_manager'"
        )
    )
