"""Setting up and administering a unit server: init, units, accounts.

``init`` and ``add_unit`` are run by the database owner (a role with CREATEROLE that owns the
database); ``create_account`` and the rest by a unit manager connecting as their own login role, through
the server's functions, which check that the manager manages that unit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from injurydoc.domain.errors import ValidationError
from injurydoc.server.connection import connect, scram_verifier, server_errors
from injurydoc.server.errors import ServerError
from injurydoc.server.migrate import MigrationResult, migrate

__all__ = [
    "ROLES",
    "InitResult",
    "add_unit",
    "create_account",
    "disable_account",
    "enable_account",
    "init_server",
    "set_password",
]

ROLES = ("clinician", "unit_manager", "trainer")
MIN_PASSWORD = 10  # the same rule as the standalone store (services.session.MIN_PASSWORD)
GROUP_ROLES = ("injurydoc_account", "injurydoc_clinician", "injurydoc_unit_manager", "injurydoc_trainer")


@dataclass(frozen=True)
class InitResult:
    migration: MigrationResult
    unit_id: uuid.UUID
    manager_role: str


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password.too_short", min=MIN_PASSWORD)


def _uuid(row: tuple[Any, ...] | None) -> uuid.UUID:
    if row is None or not isinstance(row[0], uuid.UUID):
        raise ServerError("server.error", sqlstate="-")
    return row[0]


def _require_owner_rights(conn: psycopg.Connection[Any]) -> None:
    row = conn.execute(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    if not (row and row[0]):
        raise ServerError("server.not_owner")


def _lock_down_database(conn: psycopg.Connection[Any]) -> None:
    """Only accounts of the program may connect to this database."""
    db = sql.Identifier(conn.info.dbname)
    conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(db))
    conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO injurydoc_account").format(db))


def _create_unit(
    conn: psycopg.Connection[Any],
    unit_name: str,
    manager: str,
    display_name: str,
    password: str,
    *,
    training: bool = False,
) -> uuid.UUID:
    _check_password(password)
    verifier = scram_verifier(conn, manager, password)
    row = conn.execute(
        "SELECT injurydoc.create_unit(%s, %s, %s, %s, %s)",
        (unit_name, manager, display_name, verifier, "training" if training else "real"),
    ).fetchone()
    return _uuid(row)


def init_server(
    dsn: str, *, unit_name: str, manager: str, manager_display_name: str, manager_password: str
) -> InitResult:
    """Create (or upgrade) the schema, lock the database to the program's roles, and create the first
    unit with its first unit manager.  Refused when units exist already."""
    _check_password(manager_password)
    with connect(dsn) as conn:
        _require_owner_rights(conn)
    migration = migrate(dsn, "head")
    with connect(dsn) as conn, server_errors():
        units = conn.execute("SELECT count(*) FROM injurydoc.units").fetchone()
        if units and units[0]:
            raise ServerError("server.already_initialised", units=units[0])
        _lock_down_database(conn)
        unit_id = _create_unit(conn, unit_name, manager, manager_display_name, manager_password)
    return InitResult(migration, unit_id, manager)


def add_unit(
    dsn: str,
    *,
    unit_name: str,
    manager: str,
    manager_display_name: str,
    manager_password: str,
    training: bool = False,
) -> uuid.UUID:
    """Another unit on the same server, with its first unit manager (run by the owner).  ``training``: a
    training unit (exercises only, for ever; its caches are training stores, docs/server.md)."""
    with connect(dsn) as conn, server_errors():
        _require_owner_rights(conn)
        return _create_unit(
            conn, unit_name, manager, manager_display_name, manager_password, training=training
        )


def create_account(
    conn: psycopg.Connection[Any],
    *,
    username: str,
    display_name: str,
    roles: tuple[str, ...] | list[str],
    password: str,
    profession: str = "",
    hsa_id: str = "",
) -> uuid.UUID:
    """A new account of the calling unit manager's unit: its own login role with a SCRAM password."""
    _check_password(password)
    with server_errors():
        verifier = scram_verifier(conn, username, password)
        row = conn.execute(
            "SELECT injurydoc.create_account(%s, %s, %s, %s, %s, %s)",
            (username, display_name, list(roles), profession, hsa_id, verifier),
        ).fetchone()
    return _uuid(row)


def disable_account(conn: psycopg.Connection[Any], account_id: uuid.UUID) -> None:
    with server_errors():
        conn.execute("SELECT injurydoc.disable_account(%s)", (account_id,))


def enable_account(conn: psycopg.Connection[Any], account_id: uuid.UUID) -> None:
    """A disabled account may sign in again (schema 0011; logged by the server)."""
    with server_errors():
        conn.execute("SELECT injurydoc.enable_account(%s)", (account_id,))


def set_password(conn: psycopg.Connection[Any], account_id: uuid.UUID, role_name: str, password: str) -> None:
    _check_password(password)
    with server_errors():
        verifier = scram_verifier(conn, role_name, password)
        conn.execute("SELECT injurydoc.set_password(%s, %s)", (account_id, verifier))
