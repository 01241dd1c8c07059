"""The unit server as the desktop needs it, on top of :mod:`injurydoc.server` and the sync engine: the
account's first sign-in on the server, which workstations synced last when (for the unit manager), and the
plain words for the sync status line.  No Qt."""

from __future__ import annotations

import datetime as dt
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

from injurydoc.domain.errors import Lang
from injurydoc.services.session import Session
from injurydoc.services.unit_connection import ConnectionSettings, UnitError

__all__ = [
    "OFFLINE_DAYS",
    "ServerAccount",
    "StatusLike",
    "WorkstationRow",
    "check_account",
    "register_server_link",
    "server_link",
    "status_text",
    "sync_runner_for",
    "unsent_summary",
    "workstations",
    "workstations_loader",
]

#: A workstation that has not synced for this many days is marked in the manager's list.
OFFLINE_DAYS: Final = 3


@dataclass(frozen=True)
class ServerAccount:
    """Who signed in on the server: the account row of the login role, and its unit."""

    id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    username: str
    display_name: str
    roles: tuple[str, ...]


def _connect_error(exc: Exception, settings: ConnectionSettings, user: str) -> UnitError:
    """What a failed libpq connection means for a person (the DSN and the password never appear)."""
    import psycopg

    sqlstate = getattr(exc, "sqlstate", None) or ""
    text = str(exc).lower()
    server = settings.label
    if "not permitted to log in" in text or sqlstate == "42501" or "permission denied for database" in text:
        return UnitError("unit.role_refused", user=user)
    if sqlstate in ("28P01", "28000") or "password authentication failed" in text or "no password" in text:
        return UnitError("unit.auth")
    if "does not support ssl" in text or "ssl off" in text:
        return UnitError("unit.no_tls", server=server)
    if "certificate" in text and ("expired" in text):
        return UnitError("unit.cert_expired", date="?", server=server)
    if "certificate" in text or "ssl error" in text:
        return UnitError("unit.cert_mismatch", expected="IT", found="?", server=server)
    if sqlstate == "3D000" or ("database" in text and "does not exist" in text):
        return UnitError("unit.not_injurydoc", server=server)
    if isinstance(exc, psycopg.OperationalError):
        return UnitError("unit.unreachable", server=server)
    return UnitError("unit.not_injurydoc", server=server)


def open_connection(
    settings: ConnectionSettings, username: str, password: str, root_cert: Path | None = None
) -> Any:
    """A psycopg connection as the account's own login role, or :class:`UnitError`."""
    import psycopg

    try:
        return psycopg.connect(
            settings.conninfo(username, root_cert),
            password=password,
            connect_timeout=10,
            application_name="injurydoc",
        )
    except psycopg.Error as exc:
        raise _connect_error(exc, settings, username) from None


def check_account(
    settings: ConnectionSettings, username: str, password: str, root_cert: Path | None = None
) -> ServerAccount:
    """Sign in on the server once: the login must be an active injurydoc account."""
    import psycopg

    conn = open_connection(settings, username, password, root_cert)
    try:
        with conn:
            if conn.execute("SELECT to_regclass('injurydoc.accounts')").fetchone()[0] is None:
                raise UnitError("unit.not_injurydoc", server=settings.label)
            row = conn.execute(
                "SELECT a.id, a.unit_id, u.name, a.role_name, a.display_name, a.roles, a.active"
                " FROM injurydoc.accounts a JOIN injurydoc.units u ON u.id = a.unit_id"
                " WHERE a.role_name = session_user"
            ).fetchone()
    except psycopg.Error as exc:
        if getattr(exc, "sqlstate", "") in ("ID008", "ID002", "42501"):
            raise UnitError("unit.role_refused", user=username) from None
        raise _connect_error(exc, settings, username) from None
    if row is None or not row[6]:
        raise UnitError("unit.role_refused", user=username)
    return ServerAccount(row[0], row[1], row[2], row[3], row[4], tuple(row[5]))


# ----- the unit manager: workstations ---------------------------------------------------------------------
@dataclass(frozen=True)
class WorkstationRow:
    id: str
    name: str
    first_seen: dt.datetime
    last_sync_at: dt.datetime | None
    last_account: str
    outcome: str  # ok | partial | failed | ""
    client_version: str

    def days_quiet(self, now: dt.datetime) -> int | None:
        """Whole days since the last sync (None: never synced)."""
        return None if self.last_sync_at is None else (now - self.last_sync_at).days

    def quiet_too_long(self, now: dt.datetime) -> bool:
        days = self.days_quiet(now)
        return days is None or days >= OFFLINE_DAYS


def workstations(conn: Any) -> list[WorkstationRow]:
    """The unit's workstations, the longest quiet first (the server shows a manager only their unit)."""
    rows = conn.execute(
        "SELECT w.id, w.name, w.first_seen, w.last_sync_at, coalesce(a.role_name, ''),"
        " coalesce(w.last_sync_outcome, ''), w.client_version"
        " FROM injurydoc.workstations w LEFT JOIN injurydoc.accounts a ON a.id = w.last_sync_account"
        " ORDER BY w.last_sync_at ASC NULLS FIRST, w.name"
    ).fetchall()
    conn.commit()
    return [WorkstationRow(str(r[0]), r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]


# ----- words for the status line --------------------------------------------------------------------------
class StatusLike(Protocol):
    """The fields of ``services.unit_sync.SyncStatus`` that the status line reads."""

    @property
    def mode(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def offline_since(self) -> dt.datetime | None: ...
    @property
    def unsent(self) -> int: ...
    @property
    def photos_to_send(self) -> int: ...
    @property
    def bytes_sent(self) -> int: ...
    @property
    def bytes_total(self) -> int: ...
    @property
    def conflicts(self) -> int: ...
    @property
    def last_sync(self) -> dt.datetime | None: ...
    @property
    def attention(self) -> str | None: ...


def _hhmm(when: dt.datetime | None) -> str:
    return "–" if when is None else when.astimezone().strftime("%H:%M")


def status_text(status: StatusLike, lang: Lang) -> str:
    """One short line: online / offline since HH:MM / sending N photos / needs attention."""
    sv = lang == "sv"
    if status.state == "attention":
        return "Behöver åtgärd" if sv else "Needs attention"
    if status.state == "sending":
        n = status.photos_to_send
        if n:
            return f"Skickar {n} bilder" if sv else f"Sending {n} photos"
        return f"Skickar {status.unsent} ändringar" if sv else f"Sending {status.unsent} changes"
    if status.state == "offline":
        since = _hhmm(status.offline_since)
        text = f"Ej ansluten sedan {since}" if sv else f"Offline since {since}"
        if status.unsent:
            text += f" · {status.unsent} ej skickade" if sv else f" · {status.unsent} unsent"
        return text
    text = (
        f"Ansluten · synkad {_hhmm(status.last_sync)}" if sv else f"Online · synced {_hhmm(status.last_sync)}"
    )
    if status.unsent:
        text += f" · {status.unsent} att skicka" if sv else f" · {status.unsent} to send"
    return text


def unsent_summary(status: StatusLike, lang: Lang) -> str:
    """What signing out leaves behind, and where it stays (empty when nothing is unsent)."""
    if not status.unsent and not status.photos_to_send:
        return ""
    sv = lang == "sv"
    parts = []
    records = status.unsent - status.photos_to_send
    if records > 0:
        parts.append(f"{records} ändringar" if sv else f"{records} changes")
    if status.photos_to_send:
        parts.append(f"{status.photos_to_send} bilder" if sv else f"{status.photos_to_send} photos")
    what = " och ".join(parts) if sv else " and ".join(parts)
    if sv:
        return (
            f"{what} har inte kommit fram till enhetens server ännu. De ligger kvar säkert i den krypterade "
            "lagringen på den här datorn och skickas nästa gång du loggar in här."
        )
    return (
        f"{what} have not reached the unit's server yet. They stay safe in the encrypted cache on this "
        "computer and are sent the next time you sign in here."
    )


Listener = Callable[[Any], None]


#: session store -> how to reach the server as that account (registered at a unit-mode sign-in, where the
#: password is at hand; kept in memory only, like the sync runner's own)
_LINKS: weakref.WeakKeyDictionary[Any, Callable[[], Any]] = weakref.WeakKeyDictionary()


def register_server_link(session: Session, connect: Callable[[], Any]) -> None:
    _LINKS[session.db] = connect


def server_link(session: Session) -> Callable[[], Any] | None:
    """A function that opens a connection to the unit's server as the signed-in account; None when the
    session is not in unit mode (or is a training store)."""
    if session.is_training:
        return None
    return _LINKS.get(session.db)


def workstations_loader(session: Session) -> Callable[[], list[WorkstationRow]] | None:
    """For a unit manager in unit mode: reads the unit's workstations from the server (network; no store)."""
    from injurydoc.domain.vocab import Role

    connect = server_link(session)
    if connect is None or not session.has(Role.UNIT_MANAGER):
        return None

    def load() -> list[WorkstationRow]:
        from injurydoc.server.connection import server_errors

        with server_errors(), connect() as conn:
            return workstations(conn)

    return load


def sync_runner_for(session: Session) -> Any | None:
    """The background sync of a signed-in session, not yet started; None for a standalone store, and
    always None for a training store: exercises never go to the unit's server."""
    if session.is_training:
        return None
    return None  # unit-mode sessions: services.unit_sync (issue 16's client) hands out the runner
