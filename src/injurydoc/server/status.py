"""What an on-call IT person needs to know about a unit server, gathered in one read-only pass.

Run as the database owner (or a superuser): the owner is not bound by row-level security, and sees
every unit.  Replication details need a superuser or membership in ``pg_monitor``; without it the
standby list may be empty.  Nothing here reads patient data: counts and sizes only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import psycopg

from injurydoc.server.connection import connect, server_errors
from injurydoc.server.errors import ServerError
from injurydoc.server.migrate import current_revision, head_revision, pending_revisions

__all__ = ["COUNTED_TABLES", "TRAINING_TABLES", "PhotoCheck", "ServerStatus", "gather", "verify_photos"]

COUNTED_TABLES = (
    "units",
    "accounts",
    "patients",
    "grants",
    "examinations",
    "examination_versions",
    "signatures",
    "addenda",
    "photos",
    "access_log",
)
#: The training sync's tables (schema 0010): exercises a trainer added, attempts started, results submitted.
#: Counted in ``rows`` and per unit once the schema has them.
TRAINING_TABLES = ("exercises", "exercise_attempts", "exercise_results")


@dataclass(frozen=True)
class UnitStatus:
    id: str
    name: str
    accounts: int
    active_accounts: int
    managers: int
    purpose: str = "real"  # "training": a training unit (schema 0007); every unit before it is real
    #: the unit's rows of the training tables (schema 0010; 0 before it): exercises, attempts, results
    exercises: int = 0
    exercise_attempts: int = 0
    exercise_results: int = 0


@dataclass(frozen=True)
class WorkstationStatus:
    unit: str
    name: str
    last_sync_at: str | None
    outcome: str | None
    client_version: str


@dataclass(frozen=True)
class StandbyStatus:
    name: str
    client: str | None
    state: str
    sync_state: str
    replay_lag_s: float | None


@dataclass(frozen=True)
class ServerStatus:
    server_version: str
    database: str
    schema_version: str | None
    program_schema: str
    pending: list[str] | None
    tls_setting: bool
    tls_this_connection: bool
    password_encryption: str
    in_recovery: bool
    standbys: list[StandbyStatus] = field(default_factory=list)
    units: list[UnitStatus] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    photo_blobs: int = 0
    photo_bytes: int = 0
    unfinished_uploads: int = 0
    database_bytes: int = 0
    workstations: list[WorkstationStatus] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _iso(v: dt.datetime | None) -> str | None:
    return v.isoformat(timespec="seconds") if v else None


def _one(conn: psycopg.Connection[Any], query: str) -> Any:
    row = conn.execute(query).fetchone()
    return row[0] if row else None


def _pending(schema: str | None) -> list[str] | None:
    """Revisions an upgrade would run; None when the schema is unknown to (newer than) this program."""
    try:
        return pending_revisions(schema)
    except ServerError:
        return None


def gather(dsn: str) -> ServerStatus:
    with connect(dsn, autocommit=True) as conn, server_errors():
        status = _server_facts(conn)
        if status["schema_version"] is None or status["pending"] is None:
            return ServerStatus(**status)
        status.update(_contents(conn))
        return ServerStatus(**status)


def _server_facts(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """The server itself: version, schema and pending migrations, TLS, standbys, the database's size."""
    version = str(_one(conn, "SHOW server_version"))
    schema = current_revision(conn)
    in_recovery = bool(_one(conn, "SELECT pg_is_in_recovery()"))
    tls_on = _one(conn, "SHOW ssl") == "on"
    tls_here = bool(
        _one(conn, "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)")
    )
    standbys = _standbys(conn)
    return {
        "server_version": version,
        "database": conn.info.dbname,
        "schema_version": schema,
        "program_schema": head_revision(),
        "pending": _pending(schema),
        "tls_setting": tls_on,
        "tls_this_connection": tls_here,
        "password_encryption": str(_one(conn, "SHOW password_encryption")),
        "in_recovery": in_recovery,
        "standbys": standbys,
        "database_bytes": int(_one(conn, "SELECT pg_database_size(current_database())")),
    }


def _standbys(conn: psycopg.Connection[Any]) -> list[StandbyStatus]:
    """The standbys replicating from this server (none on a standby or a lone server)."""
    return [
        StandbyStatus(
            name=r[0] or "",
            client=str(r[1]) if r[1] is not None else None,
            state=r[2] or "",
            sync_state=r[3] or "",
            replay_lag_s=r[4].total_seconds() if r[4] is not None else None,
        )
        for r in conn.execute(
            "SELECT application_name, client_addr, state, sync_state, replay_lag FROM pg_stat_replication"
        )
    ]


def _contents(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """What the schema holds: units and accounts, row counts, photos, workstations' last syncs."""
    status: dict[str, Any] = {}
    status["units"] = [
        UnitStatus(str(r[0]), r[1], r[2], r[3], r[4], r[5])
        for r in conn.execute(
            "SELECT u.id, u.name, count(a.id), count(a.id) FILTER (WHERE a.active),"
            " count(a.id) FILTER (WHERE a.active AND 'unit_manager' = ANY (a.roles)),"
            # the column exists from schema 0007 on; a server not migrated yet has real units only
            " coalesce(to_jsonb(u) ->> 'purpose', 'real')"
            " FROM injurydoc.units u LEFT JOIN injurydoc.accounts a ON a.unit_id = u.id"
            " GROUP BY u.id ORDER BY u.name"
        )
    ]
    training = [t for t in TRAINING_TABLES if _one(conn, f"SELECT to_regclass('injurydoc.{t}') IS NOT NULL")]
    status["rows"] = {
        t: int(_one(conn, f"SELECT count(*) FROM injurydoc.{t}")) for t in (*COUNTED_TABLES, *training)
    }
    if training:
        status["units"] = _training_counts(conn, status["units"], training)
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE completed_at IS NOT NULL),"
        " coalesce(sum(size) FILTER (WHERE completed_at IS NOT NULL), 0),"
        " count(*) FILTER (WHERE completed_at IS NULL) FROM injurydoc.photo_blobs"
    ).fetchone()
    if row:
        status["photo_blobs"], status["photo_bytes"], status["unfinished_uploads"] = (
            int(row[0]),
            int(row[1]),
            int(row[2]),
        )
    if _one(conn, "SELECT to_regclass('injurydoc.workstations') IS NOT NULL"):
        status["workstations"] = [
            WorkstationStatus(r[0], r[1], _iso(r[2]), r[3], r[4])
            for r in conn.execute(
                "SELECT u.name, w.name, w.last_sync_at, w.last_sync_outcome, w.client_version"
                " FROM injurydoc.workstations w JOIN injurydoc.units u ON u.id = w.unit_id"
                " ORDER BY u.name, w.name"
            )
        ]
    return status


def _training_counts(
    conn: psycopg.Connection[Any], units: list[UnitStatus], tables: list[str]
) -> list[UnitStatus]:
    """Each unit with its rows of the training tables (``tables``: those the schema has)."""
    counts: dict[str, dict[str, int]] = {}
    for t in tables:
        for unit_id, n in conn.execute(f"SELECT unit_id, count(*) FROM injurydoc.{t} GROUP BY unit_id"):
            counts.setdefault(str(unit_id), {})[t] = int(n)
    out = []
    for u in units:
        n = counts.get(u.id, {})
        out.append(
            replace(
                u,
                exercises=n.get("exercises", 0),
                exercise_attempts=n.get("exercise_attempts", 0),
                exercise_results=n.get("exercise_results", 0),
            )
        )
    return out


@dataclass(frozen=True)
class PhotoCheck:
    checked: int
    broken: int


def verify_photos(dsn: str) -> PhotoCheck:
    """Recompute the SHA-256 of every stored photo on the server (a restore drill; reads every byte)."""
    with connect(dsn, autocommit=True) as conn, server_errors():
        row = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE NOT ok) FROM ("
            " SELECT b.sha256 = sha256(string_agg(c.data, ''::bytea ORDER BY c.idx)) IS TRUE AS ok"
            " FROM injurydoc.photo_blobs b"
            " LEFT JOIN injurydoc.photo_chunks c ON c.unit_id = b.unit_id AND c.sha256 = b.sha256"
            " WHERE b.completed_at IS NOT NULL GROUP BY b.unit_id, b.sha256) t"
        ).fetchone()
    return PhotoCheck(int(row[0]), int(row[1])) if row else PhotoCheck(0, 0)
