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
    "attention_text",
    "check_account",
    "conflict_for",
    "first_sign_in",
    "register_server_link",
    "resolve_conflict",
    "server_link",
    "sign_in_workstation",
    "sync_runner_for",
    "unit_accounts",
    "unit_grants",
    "unit_log",
    "unit_log_loader",
    "unit_log_report",
    "unit_statistics",
    "with_origins",
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
    """The fields of ``services.unit_status.SyncStatus`` that the status line reads."""

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


Listener = Callable[[Any], None]


#: session store -> how to reach the server as that account (registered at a unit-mode sign-in, where the
#: password is at hand; kept in memory only, like the sync runner's own)
_LINKS: weakref.WeakKeyDictionary[Any, Callable[[], Any]] = weakref.WeakKeyDictionary()


def register_server_link(session: Session, connect: Callable[[], Any]) -> None:
    _LINKS[session.db] = connect


def _stays_local(session: Session) -> bool:
    """A training store that is not the cache of a training unit (unit_mode.stays_local)."""
    from injurydoc.services import unit_mode

    return unit_mode.stays_local(session)


def server_link(session: Session) -> Callable[[], Any] | None:
    """A function that opens a connection to the unit's server as the signed-in account; None when the
    session is not in unit mode (or is a training store not of a training unit)."""
    if _stays_local(session):
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
    """The background sync of a signed-in unit-mode session (made at its sign-in); None for a standalone
    store, and for a training store not of a training unit: exercises never go to a real unit."""
    if _stays_local(session):
        return None
    from injurydoc.services import unit_mode, unit_sync

    if not unit_mode.is_unit(session.db):
        return None
    return unit_sync.runner_for(session)


def attention_text(status: Any, lang: Lang) -> str:
    """The words for a status that needs a person ("" when none)."""
    from injurydoc.services import unit_status

    try:
        return unit_status.attention_message(status, lang)
    except (KeyError, AttributeError):
        return ""


# ----- signing in on a unit workstation ------------------------------------------------------------------
def _prepare(session: Session, password: str) -> None:
    """The runner (not started: the main window starts it) and the link to the server, each holding the
    password in memory only for as long as the session lives."""
    from injurydoc.server.connection import connect
    from injurydoc.services import unit_mode, unit_sync

    settings = unit_mode.settings(session.db)
    if settings is None or _stays_local(session):
        return
    unit_sync.SyncRunner.for_session(session, password)
    dsn = settings.dsn
    register_server_link(session, lambda: connect(dsn, password=password))


def sign_in_workstation(folder: Path, username: str, password: str) -> Session:
    """The sign-in page's job: the store in ``folder``, or — when there is none and this user name has a
    cache on this workstation — the account's unit cache (no network needed)."""
    from injurydoc.services import unit_mode
    from injurydoc.services.session import is_store, sign_in

    name = username.strip()
    if is_store(folder) or name not in unit_mode.known_accounts():
        return sign_in(folder, username, password)
    session = unit_mode.sign_in_unit(name, password)
    _prepare(session, password)
    return session


def _save_root(settings: ConnectionSettings, cert: Any) -> Path | None:
    """The certificate to verify the server against on every later connection: IT's CA, or the server's
    own self-signed certificate as a person compared it (pinned).  None: nothing to pin."""
    from injurydoc.services import workstation
    from injurydoc.store.atomic import atomic_write_bytes

    if settings.ca_pem:
        pem, tag = settings.ca_pem, "ca"
    elif cert is not None and cert.self_signed:
        pem, tag = cert.pem, cert.sha256[:16]
    else:
        return None
    folder = workstation.config_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"unit-server-{tag}.crt"
    atomic_write_bytes(path, pem.encode("ascii"))
    return path


def first_sign_in(
    settings: ConnectionSettings,
    cert: Any,
    username: str,
    password: str,
    *,
    kdf: Any = None,
    root: Path | None = None,
    training: bool = False,
) -> Session:
    """The wizard's sign-in step: the account signs in on the server (each refusal in plain words), its
    encrypted cache is made on this workstation (or opened, when it has one here already).
    ``training``: a training store is wanted — the account must be of a training unit (and otherwise of a
    real one)."""
    from injurydoc.domain.errors import StoreError
    from injurydoc.server.errors import ServerError
    from injurydoc.services import unit_mode

    root_cert = _save_root(settings, cert)
    check_account(settings, username, password, root_cert)
    dsn = settings.conninfo(username.strip(), root_cert)
    try:
        session = unit_mode.connect_workstation(
            dsn, username.strip(), password, kdf=kdf, root=root, training=training, unit_key=settings.unit_key
        )
    except StoreError as exc:
        if exc.code != "store.exists":
            raise
        session = unit_mode.sign_in_unit(username.strip(), password, dsn=dsn, root=root)
        try:
            unit_mode.check_purpose(username.strip(), training=training, unit_training=session.is_training)
        except BaseException:
            session.close()
            raise
    except ServerError as exc:
        if exc.code == "server.unit_key_mismatch":  # IT's file or the manager's paper names another
            raise
        raise _from_server(exc, settings, username) from None
    _prepare(session, password)
    return session


def _from_server(exc: Any, settings: ConnectionSettings, user: str) -> UnitError:
    return {
        "server.connect": UnitError("unit.unreachable", server=settings.label),
        "server.auth": UnitError("unit.auth"),
        "server.no_account": UnitError("unit.role_refused", user=user),
        "server.denied": UnitError("unit.role_refused", user=user),
    }.get(exc.code) or UnitError("unit.not_injurydoc", server=settings.label)


# ----- conflicts: opening a draft edited on two workstations -----------------------------------------------
def conflict_for(session: Session, examination_id: str) -> Any | None:
    """The conflict of this draft (``unit_status.Conflict``), or None (also for a standalone store)."""
    if _stays_local(session):
        return None
    from injurydoc.services import unit_mode, unit_status

    if not unit_mode.is_unit(session.db):
        return None
    return next((c for c in unit_status.list_conflicts(session) if c.examination_id == examination_id), None)


def resolve_conflict(
    session: Session, examination_id: str, parent_id: str, content: dict[str, Any], superseded: list[str]
) -> str:
    """The examiner's choice becomes a new version of the draft: its parent is the version continued from,
    ``content.supersedes`` names the others (docs/server.md).  Queued for the server, the conflict marked
    resolved and the choice logged, in one store transaction.  Returns the new version's id."""
    import datetime as dt

    from injurydoc.domain.canonical import CANONICAL_FORMAT
    from injurydoc.domain.vocab import AuditAction
    from injurydoc.services import unit_mode, unit_sync
    from injurydoc.sync.materialise import cache_for
    from injurydoc.sync.outbox import Outbox, StoreConnection

    settings = unit_mode.settings(session.db)
    if settings is None:
        raise ValueError("not a unit-mode store")
    version_id = str(uuid.uuid4())
    body = dict(content)
    body["supersedes"] = list(superseded)
    with session.transaction() as db:
        outbox = Outbox(StoreConnection(db))
        outbox.add(
            "version",
            version_id,
            {
                "id": version_id,
                "unit_id": settings.unit_id,
                "examination_id": examination_id,
                "parent_id": parent_id,
                "author_id": settings.account_id,
                "workstation_id": unit_mode.workstation_id(),
                "client_saved_at": dt.datetime.now(dt.UTC).isoformat(),
                "content": body,
            },
        )
        if content.get("format") == CANONICAL_FORMAT:  # the draft here becomes what was chosen
            cache = cache_for(outbox)
            if cache is not None:
                cache.adopt(examination_id, version_id, parent_id, body)
        db.execute("DELETE FROM sync_conflicts WHERE examination_id = ?", (examination_id,))
        session.audit(
            AuditAction.CHANGED,
            target=f"examination:{examination_id}",
            details={
                "event": "draft_conflict_resolved",
                "version": version_id,
                "parent": parent_id,
                "supersedes": list(superseded),
            },
        )
    unit_sync.wake(session.db)
    return version_id


# ----- the start page: where a case has been --------------------------------------------------------------
HERE_ONLY: Final = "here_only"
ELSEWHERE: Final = "elsewhere"
#: signed here, but signed first on another workstation: not the unit's record (services.unit_set_aside)
NOT_UNITS_RECORD: Final = "not_units_record"


def with_origins(session: Session, rows: list[Any]) -> list[Any]:
    """The start page's rows, each marked (``extra["origin"]``) in unit mode: ``here_only`` when the
    examination has not reached the unit's server yet (it is still in this workstation's outbox),
    ``elsewhere`` when it came from another workstation (its first version was saved there),
    ``not_units_record`` when it was signed here after it had been signed on another workstation.  Rows of a
    standalone or training store come back unchanged."""
    import dataclasses
    import json

    from injurydoc.services import unit_mode

    if _stays_local(session) or not rows or not unit_mode.is_unit(session.db):
        return rows
    ids = [r.examination_id for r in rows]
    marks = ",".join("?" for _ in ids)
    unsent = {
        str(r[0])
        for r in session.db.all(
            f"SELECT item_id FROM sync_outbox WHERE kind = 'examination' AND item_id IN ({marks})",
            ids,
        )
    }
    here = unit_mode.workstation_id()
    elsewhere = set()
    for exam_id, body, case_ref, examiner in session.db.all(
        "SELECT c.id, c.body, e.case_ref, e.examiner_id FROM sync_cache c"
        f" JOIN examinations e ON e.id = c.id WHERE c.kind = 'examination' AND c.id IN ({marks})",
        ids,
    ):
        versions = json.loads(body).get("versions") or []
        first = next((v for v in versions if not v.get("parent_id")), versions[0] if versions else None)
        if first is None:
            continue
        made = str(first.get("workstation_id") or "")
        # the server's read names no workstation: then the case number's tag says where it was made
        if (made and made != here) or (not made and not _tagged_here(str(case_ref), here, str(examiner))):
            elsewhere.add(str(exam_id))
    from injurydoc.services.unit_set_aside import not_units_record

    not_units = not_units_record(session.db, ids)
    out = []
    for r in rows:
        # a protected person's case is sent too, as ciphertext (sync/sealed.py)
        here_only = r.examination_id in unsent
        origin = HERE_ONLY if here_only else ELSEWHERE if r.examination_id in elsewhere else None
        if r.examination_id in not_units:
            origin = NOT_UNITS_RECORD
        out.append(dataclasses.replace(r, extra={**r.extra, "origin": origin}) if origin else r)
    return out


def _tagged_here(case_ref: str, workstation: str, examiner: str) -> bool:
    """The case number carries the tag of this workstation and its examiner
    (``unit_queue.case_ref_prefix``): the case was made here."""
    from injurydoc.services.unit_queue import workstation_tag

    return f"-{workstation_tag(workstation, examiner)}-" in case_ref


# ----- the unit manager: the unit-wide access log on the server --------------------------------------------
UNIT_LOG_LIMIT: Final = 1000


def _server_action(code: str, source: str) -> Any:
    from injurydoc.services.log_report_unit import action_of

    return action_of(code, source)


def unit_log(conn: Any, days: int = 30, limit: int = UNIT_LOG_LIMIT) -> list[Any]:
    """The unit's access log on the server, newest first: every workstation's entries and every read the
    server itself logged (the server shows a manager only their unit's rows)."""
    import datetime as dt

    from injurydoc.domain.models import AuditEvent
    from injurydoc.domain.vocab import AuditOutcome

    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    rows = conn.execute(
        "SELECT l.id, l.at, l.account_id, coalesce(a.role_name, l.role_name), u.name, l.action, l.outcome,"
        " l.patient_id, l.target, l.source, l.details"
        " FROM injurydoc.access_log l JOIN injurydoc.units u ON u.id = l.unit_id"
        " LEFT JOIN injurydoc.accounts a ON a.id = l.account_id"
        " WHERE l.at >= %s ORDER BY l.at DESC, l.id DESC LIMIT %s",
        (since, limit),
    ).fetchall()
    conn.commit()
    out = []
    for r in rows:
        details = dict(r[10]) if isinstance(r[10], dict) else {}
        target = r[8] or (f"{r[9]}: {r[5]}" if r[9] == "server" else r[5])
        out.append(
            AuditEvent(
                seq=int(r[0]),
                at=r[1],
                account_id=None if r[2] is None else str(r[2]),
                username=str(r[3]),
                unit=str(r[4]),
                action=_server_action(str(r[5]), str(r[9])),
                outcome=AuditOutcome(r[6]),
                patient_id=None if r[7] is None else str(r[7]),
                target=str(target),
                details=details,
                prev_hash="",
                hash="",
            )
        )
    return out


def unit_log_loader(session: Session) -> Callable[[], list[Any]] | None:
    """For a unit manager in unit mode: reads the unit-wide log from the server (network; no store)."""
    from injurydoc.domain.vocab import Role

    connect = server_link(session)
    if connect is None or not session.has(Role.UNIT_MANAGER):
        return None

    def load() -> list[Any]:
        from injurydoc.server.connection import server_errors

        with server_errors(), connect() as conn:
            return unit_log(conn)

    return load


def unit_log_report(session: Session) -> Any | None:
    """For a unit manager in unit mode: loggkontroll over the server's access log
    (``services.log_report_unit.UnitLogReport``; network, no store).  None otherwise."""
    from injurydoc.domain.vocab import Role
    from injurydoc.services.log_report_unit import UnitLogReport

    connect = server_link(session)
    if connect is None or not session.has(Role.UNIT_MANAGER):
        return None
    return UnitLogReport(session, connect)


def unit_statistics(session: Session) -> Any | None:
    """For a unit manager in unit mode: the unit's follow-up statistics from its server
    (``services.statistics_unit.UnitStatisticsService``; network, no store).  None otherwise."""
    from injurydoc.domain.vocab import Role
    from injurydoc.services.statistics_unit import UnitStatisticsService

    connect = server_link(session)
    if connect is None or not session.has(Role.UNIT_MANAGER):
        return None
    return UnitStatisticsService(session, connect)


def unit_accounts(session: Session) -> Any | None:
    """For a unit manager in unit mode: the unit's accounts on its server
    (``services.unit_admin.UnitAccountService``; network, no store).  None otherwise."""
    from injurydoc.domain.vocab import Role
    from injurydoc.services.unit_admin import UnitAccountService

    connect = server_link(session)
    if connect is None or not session.has(Role.UNIT_MANAGER):
        return None
    return UnitAccountService(session, connect)


def unit_grants(session: Session) -> Any | None:
    """For a unit manager in unit mode: the unit's grants on its server
    (``services.unit_admin.UnitGrantService``).  None otherwise."""
    from injurydoc.domain.vocab import Role
    from injurydoc.services.unit_admin import UnitGrantService

    connect = server_link(session)
    if connect is None or not session.has(Role.UNIT_MANAGER):
        return None
    return UnitGrantService(session, connect)
