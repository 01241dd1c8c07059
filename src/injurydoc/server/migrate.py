"""Versioned migrations of the unit server's schema, with Alembic.

The revisions live in ``injurydoc/server/migrations/versions/`` and are plain SQL (kept in
``injurydoc/server/sql/``), run through psycopg 3 on one connection, in one transaction per command,
under an advisory lock so that two administrators cannot migrate at once.  Alembic is used only as the
migration engine (revision graph, version table, up and down); there is no ORM and no autogenerate.
The version table is ``injurydoc_meta.schema_version``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from injurydoc.server.errors import ServerError

__all__ = [
    "VERSION_SCHEMA",
    "VERSION_TABLE",
    "MigrationResult",
    "current_revision",
    "head_revision",
    "migrate",
    "pending_revisions",
    "revisions",
    "run_sql",
]

VERSION_SCHEMA = "injurydoc_meta"
VERSION_TABLE = "schema_version"
_LOCK_KEY = 0x1D0C5E4F  # advisory lock id: one migration at a time per database


def run_sql(sql: str) -> None:
    """Run a block of SQL statements inside the current migration (no parameters: the simple protocol)."""
    from alembic import op

    if sql.strip():
        op.get_bind().connection.driver_connection.execute(sql)  # type: ignore[union-attr]


def _config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "injurydoc.server:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def _script() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def revisions() -> list[str]:
    """All revisions, oldest first."""
    return [s.revision for s in reversed(list(_script().walk_revisions()))]


def head_revision() -> str:
    head: str = _script().get_current_head()
    return head


@contextmanager
def _sa_connection(dsn: str) -> Iterator[Any]:
    import sqlalchemy
    from sqlalchemy.pool import NullPool

    from injurydoc.server.connection import connect

    engine = sqlalchemy.create_engine(
        "postgresql+psycopg://", creator=lambda: connect(dsn), poolclass=NullPool
    )
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def current_revision(conn: Any) -> str | None:
    """The schema version of the database behind a psycopg connection (None: no schema yet)."""
    row = conn.execute(
        "SELECT to_regclass(%s) IS NOT NULL", (f"{VERSION_SCHEMA}.{VERSION_TABLE}",)
    ).fetchone()
    if not row[0]:
        return None
    row = conn.execute(f"SELECT version_num FROM {VERSION_SCHEMA}.{VERSION_TABLE}").fetchone()
    return str(row[0]) if row else None


def pending_revisions(current: str | None) -> list[str]:
    """The revisions an upgrade to head would run, oldest first."""
    revs = revisions()
    if current is None:
        return revs
    if current not in revs:
        raise ServerError("server.schema_unknown", version=current)
    return revs[revs.index(current) + 1 :]


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str | None
    ran: tuple[str, ...]
    direction: str  # "up", "down" or "none"


def migrate(dsn: str, target: str = "head") -> MigrationResult:
    """Bring the schema to ``target`` ("head", "base" or a revision id), up or down as needed."""
    from alembic import command

    revs = revisions()
    if target == "head":
        target = revs[-1]
    if target != "base" and target not in revs:
        raise ServerError("server.revision_unknown", version=target, known=", ".join(revs))
    with _sa_connection(dsn) as conn, conn.begin():
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
        before = current_revision(conn.connection.driver_connection)
        if before is not None and before not in revs:
            raise ServerError("server.schema_too_new", version=before, head=revs[-1])
        conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {VERSION_SCHEMA}")
        conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA {VERSION_SCHEMA} FROM PUBLIC")
        pos_before = -1 if before is None else revs.index(before)
        pos_target = -1 if target == "base" else revs.index(target)
        cfg = _config(conn)
        if pos_target > pos_before:
            command.upgrade(cfg, target)
            ran, direction = revs[pos_before + 1 : pos_target + 1], "up"
        elif pos_target < pos_before:
            command.downgrade(cfg, target)
            ran, direction = list(reversed(revs[pos_target + 1 : pos_before + 1])), "down"
        else:
            ran, direction = [], "none"
        after = current_revision(conn.connection.driver_connection)
    return MigrationResult(before, after, tuple(ran), direction)
