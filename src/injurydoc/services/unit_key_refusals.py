"""Encryption keys that got no wrap of a protected person's key because their binding does not hold
(``sync/sealed.py``), for the unit manager's page in unit mode: one row per account and reason, with the
workstations whose syncs refused them.

Unit-wide: every workstation names a refusal in its access log (``key_refused_no_wrap``), and the row
reaches the unit's log with the workstation's id (``sync/client_log.py``).  The manager's page reads those
rows from the server through the manager's own logged log search (``UnitLogReport.search``: the search
itself is written to the unit's log), and keeps only the keys that a sync's checks would refuse now
(``sealed.wrap_for``: retired or of a disabled account, registered again bound, or certified since — out).
When the server cannot
be reached (or the sync is offline) the list is this workstation's own, as its syncs named them.
No Qt."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.services import unit_mode
from injurydoc.services.session import Session
from injurydoc.sync import sealed
from injurydoc.sync.outbox import Outbox, StoreConnection

__all__ = ["EVENT", "NOT_OWN", "SINCE_DAYS", "UNBOUND", "UNCERTIFIED", "RefusedKey", "refused_keys"]

log = logging.getLogger(__name__)

#: the key was registered before key bindings: the account holder's next sign-in and sync binds it
UNBOUND: Final = "unbound"
#: the key was not registered by the account itself, or its binding does not verify: possibly substituted
NOT_OWN: Final = "not_own"
#: the unit has a unit key and this key has no certificate from it yet (sync/unit_key.py): compare the
#: fingerprint with the holder and certify it
UNCERTIFIED: Final = "uncertified"
#: the access-log event of a refused key (sync/sealed.py)
EVENT: Final = "key_refused_no_wrap"
#: how far back the unit's log is searched
SINCE_DAYS: Final = 365


@dataclass(frozen=True)
class RefusedKey:
    username: str
    kind: str  # UNBOUND, NOT_OWN or UNCERTIFIED
    key_ids: tuple[str, ...]
    problem: str  # the check's own words (English, for IT)
    #: the workstations whose syncs refused it, by name (the unit's log), sorted
    workstations: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Seen:
    username: str
    key_id: str
    problem: str
    workstation: str


def _kind(problem: str) -> str:
    from injurydoc.sync import unit_key

    if "before bindings" in problem:
        return UNBOUND
    return UNCERTIFIED if problem == unit_key.UNCERTIFIED else NOT_OWN


def refused_keys(session: Session) -> list[RefusedKey]:
    """Keys refused a wrap by any workstation of the unit and not made good since, one row per account
    and reason (:data:`UNBOUND`, :data:`NOT_OWN`) naming the workstations.  Empty outside unit mode or for
    an account that does not manage the unit."""
    if not unit_mode.is_unit(session.db) or not session.has(Role.UNIT_MANAGER):
        return []
    seen = _from_server(session)
    if seen is None:
        seen = _from_this_cache(session)
    return _grouped(seen)


def _grouped(seen: Iterable[_Seen]) -> list[RefusedKey]:
    rows: dict[tuple[str, str], tuple[list[str], str, set[str]]] = {}
    for s in seen:
        keys, _problem, where = rows.setdefault((s.username, _kind(s.problem)), ([], s.problem, set()))
        if s.key_id not in keys:
            keys.append(s.key_id)
        if s.workstation:
            where.add(s.workstation)
    return [
        RefusedKey(user, kind, tuple(keys), problem, tuple(sorted(where)))
        for (user, kind), (keys, problem, where) in sorted(rows.items())
    ]


# ----- this workstation's own syncs (offline) ------------------------------------------------------------
def _from_this_cache(session: Session) -> list[_Seen]:
    """The refusals this cache's syncs made and not made good since (``sealed.refusals``), as its own
    access log names them."""
    refused = sealed.refusals(Outbox(StoreConnection(session.db)))
    if not refused:
        return []
    here = unit_mode.workstation_name()
    out = []
    for target, details in session.db.all(
        "SELECT target, details FROM audit_log WHERE target LIKE 'key:%' AND details LIKE ?"
        " ORDER BY seq DESC",
        (f"%{EVENT}%",),
    ):
        key_id = str(target)[len("key:") :]
        said = _details(details)
        if key_id in refused and said is not None:
            out.append(_Seen(str(said.get("account") or "?"), key_id, refused[key_id], here))
    return out


def _details(raw: Any) -> dict[str, Any] | None:
    try:
        said = json.loads(raw) if isinstance(raw, str) else raw
    except (TypeError, ValueError):
        return None
    return said if isinstance(said, dict) and said.get("event") == EVENT else None


# ----- the unit's log on the server ------------------------------------------------------------------------
def _from_server(session: Session) -> list[_Seen] | None:
    """Every workstation's refusals from the unit's log (the manager's logged search), without the keys
    made good since; None when the server cannot be asked (then this cache's own list is shown)."""
    import psycopg

    from injurydoc.server.errors import ServerError
    from injurydoc.services import unit_desktop
    from injurydoc.services.log_report_unit import UnitLogFilter, UnitLogReport

    connect = unit_desktop.server_link(session)
    runner = unit_desktop.sync_runner_for(session)
    if connect is None or (runner is not None and runner.status().state == "offline"):
        return None
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=SINCE_DAYS)
    try:
        rows, _more = UnitLogReport(session, connect).search(
            UnitLogFilter(None, None, AuditAction.ACCOUNT, since, None), limit=5000
        )
        seen = [
            _Seen(
                str(row.event.details.get("account") or "?"),
                row.event.target[len("key:") :],
                str(row.event.details.get("problem") or ""),
                row.workstation or "",
            )
            for row in rows
            if row.source == "client"
            and row.event.target.startswith("key:")
            and _details(row.event.details) is not None
        ]
        return _still_refused(session, connect, seen) if seen else []
    except (ServerError, psycopg.Error, OSError) as exc:
        log.info("refused keys: the unit's log could not be read: %s", type(exc).__name__)
        return None


def _still_refused(session: Session, connect: Callable[[], Any], seen: list[_Seen]) -> list[_Seen]:
    """``seen`` as the keys stand now, with the checks a sync makes before it wraps (``sealed.wrap_for``):
    a key retired or of an account no longer active leaves; a key registered before bindings leaves once
    its holder registered the same key again, bound; a key awaiting certification leaves once the unit
    key certified it.  What is still refused is named with its problem as it is now."""
    from injurydoc.server.connection import server_errors
    from injurydoc.sync import unit_key

    anchor = unit_key.pinned(Outbox(StoreConnection(session.db)))
    with server_errors(), connect() as conn:
        unit, keys, signing = sealed.keys_of_unit(conn)
        certified = unit_key.certified(conn, anchor, unit) if anchor is not None else None
        conn.commit()
    problems = {k.key_id: sealed.check_binding(k, signing.get(k.account_id, {}), unit) for k in keys}
    bound = {(k.account_id, k.public) for k in keys if problems[k.key_id] is None}
    now: dict[str, str] = {}
    for k in keys:
        problem = problems[k.key_id]
        if problem is None and certified is not None and k.key_id not in certified:
            problem = unit_key.UNCERTIFIED
        if problem is not None and not (k.certificate is None and (k.account_id, k.public) in bound):
            now[k.key_id] = problem
    return [_Seen(s.username, s.key_id, now[s.key_id], s.workstation) for s in seen if s.key_id in now]
