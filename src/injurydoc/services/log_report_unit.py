"""Loggkontroll over the unit server's access log (unit mode, issues 16/17): the same report as
:mod:`injurydoc.services.log_report` — screen, PDF and CSV, Swedish and English — but over the log the
**server** holds for the whole care unit: every workstation's entries and the server's own record of every
read, each row naming the workstation it came from (or the server).

It reads the log as the manager's own login role: row-level security shows a unit manager their unit's
rows and nothing of another unit's (docs/server.md, "Roles and rules"); nothing here widens that.
Producing a report or searching is itself logged **on the server**, in the transaction that read the
rows (an entry of the manager's own, ``source = 'client'``, with the selection, the number of rows and
the report's SHA-256), so the unit's log shows who looked at it.

Network only, no store: every call takes a ``connect()`` that opens a connection as the signed-in
manager (``services.unit_desktop.server_link``); a lost connection becomes the server's own
:class:`~injurydoc.server.errors.ServerError` with its plain message, and nothing is written.
"""

from __future__ import annotations

import csv as csvlib
import datetime as dt
import hashlib
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from injurydoc.domain.models import AuditEvent
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import AuditAction, AuditOutcome, Lang
from injurydoc.services.audit_log import AuditFilter
from injurydoc.services.log_report import MAX_ROWS, filter_dict, local_time, render_pdf
from injurydoc.services.log_words import details_text
from injurydoc.services.session import Session

__all__ = [
    "PDF_COLUMNS_UNIT",
    "ServerAccountRow",
    "UnitLogFilter",
    "UnitLogReport",
    "UnitLogRow",
    "action_of",
    "select_rows",
]

#: Rows shown on screen (newest first); a report holds up to ``log_report.MAX_ROWS``.
SCREEN_ROWS: Final = 1000

#: The unit report's columns: the standalone ones with the workstation after the time.
PDF_COLUMNS_UNIT: Final = (
    ("c_seq", 12.0),
    ("c_time", 29.0),
    ("c_workstation", 24.0),
    ("c_account", 18.0),
    ("c_action", 24.0),
    ("c_outcome", 13.0),
    ("c_patient", 55.0),
    ("c_target", 40.0),
    ("c_details", 0.0),
)

_CSV_COLUMNS: Final = (
    "c_seq",
    "c_time",
    "c_workstation",
    "c_unit",
    "c_account",
    "c_action",
    "c_outcome",
    "c_patient",
    "c_target",
    "c_details",
)

Connect = Callable[[], Any]


def action_of(code: str, source: str) -> AuditAction:
    """The log action of a server row: a workstation's entry carries the program's own code; the
    server's functions write ``<kind>.read``, ``patient.list``, ``patient.update``, ``account.*`` and
    ``grant.*`` (server/sql/v0001_functions.py)."""
    try:
        return AuditAction(code)
    except ValueError:
        pass
    kind, _dot, verb = code.partition(".")
    if kind == "account":
        return AuditAction.ACCOUNT
    if kind == "grant":
        return AuditAction.GRANT
    if code.endswith("lookup"):
        return AuditAction.SEARCHED
    if verb in ("read", "list", "fetch"):
        return AuditAction.READ
    if verb in ("update", "create"):
        return AuditAction.CHANGED
    return AuditAction.READ if source == "server" else AuditAction.CHANGED


@dataclass(frozen=True, slots=True)
class UnitLogRow:
    """One row of the server's log: the event as the standalone log has it, and where it came from."""

    event: AuditEvent
    #: the workstation's name; "" for the server's own record; ``None`` for an unknown workstation id
    workstation: str | None
    source: str  # 'server' | 'client'
    server_action: str  # the code as stored on the server

    def workstation_text(self, lang: Lang) -> str:
        if self.source == "server" and not self.workstation:
            return text("log.ws_server", lang)
        return self.workstation or text("log.ws_unknown", lang)


@dataclass(frozen=True, slots=True)
class UnitLogFilter(AuditFilter):
    """The unit log's selection: the standalone one and, with ``protected_only``, only rows that name a
    person with protected personal data (the server says which: ``log_protected_patients``, 0011)."""

    protected_only: bool = False


def _protected_only(f: AuditFilter) -> bool:
    return bool(getattr(f, "protected_only", False))


def _filter_details(f: AuditFilter) -> dict[str, Any]:
    """The selection for the server's log entry (a personal number never: it was looked up first)."""
    out: dict[str, Any] = dict(filter_dict(f))
    if _protected_only(f):
        out["protected_only"] = True
    return out


@dataclass(frozen=True, slots=True)
class ServerAccountRow:
    """An account of the manager's unit as the log filter lists it (no other unit's)."""

    id: str
    username: str
    display_name: str
    active: bool


_SELECT: Final = (
    "SELECT l.id, l.at, l.account_id, coalesce(a.role_name, l.role_name), u.name, l.action, l.outcome,"
    " l.patient_id, l.target, l.source, l.details, l.workstation_id, w.name"
    " FROM injurydoc.access_log l JOIN injurydoc.units u ON u.id = l.unit_id"
    " LEFT JOIN injurydoc.accounts a ON a.id = l.account_id"
    " LEFT JOIN injurydoc.workstations w ON w.id = l.workstation_id"
)


def _where(conn: Any, f: AuditFilter) -> tuple[str, list[Any]]:
    where = ["true"]
    params: list[Any] = []
    if f.account_id:
        where.append("l.account_id = %s")
        params.append(_uuid(f.account_id))
    if f.patient_id:
        where.append("l.patient_id = %s")
        params.append(_uuid(f.patient_id))
    if f.since:
        where.append("l.at >= %s")
        params.append(f.since)
    if f.until:
        where.append("l.at < %s")
        params.append(f.until)
    if f.action is not None:
        # the server stores its own action codes: find those of the period that mean the chosen action
        codes = [
            (str(code), str(source))
            for code, source in conn.execute(
                f"SELECT DISTINCT l.action, l.source FROM injurydoc.access_log l WHERE {' AND '.join(where)}",
                params,
            ).fetchall()
            if action_of(str(code), str(source)) is f.action
        ]
        where.append("(l.action, l.source) IN (SELECT * FROM unnest(%s::text[], %s::text[]))")
        params += [[c for c, _s in codes], [s for _c, s in codes]]
    if _protected_only(f):  # asked once per read; the server logs that it was asked
        where.append("l.patient_id IN (SELECT * FROM injurydoc.log_protected_patients())")
    return " AND ".join(where), params


def _uuid(value: str) -> uuid.UUID:
    """A filter's id; anything that is not one matches nothing (never an SQL error)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)


def select_rows(
    conn: Any, f: AuditFilter, *, limit: int, newest_first: bool = False
) -> tuple[list[UnitLogRow], bool]:
    """The rows of ``f`` the caller's role may see (a manager: their unit's), and whether there were more
    than ``limit``.  Oldest first for a report, newest first for the screen."""
    where, params = _where(conn, f)
    order = "DESC" if newest_first else "ASC"
    rows = conn.execute(
        f"{_SELECT} WHERE {where} ORDER BY l.at {order}, l.id {order} LIMIT %s",
        [*params, limit + 1],
    ).fetchall()
    out = [_row(r) for r in rows[:limit]]
    return out, len(rows) > limit


def _row(r: tuple[Any, ...]) -> UnitLogRow:
    details = dict(r[10]) if isinstance(r[10], dict) else {}
    code, source = str(r[5]), str(r[9])
    action = action_of(code, source)
    if action.code != code:
        details = {**details, "server_action": code}
    target = r[8] or (code if source == "server" else "")
    event = AuditEvent(
        seq=int(r[0]),
        at=r[1],
        account_id=None if r[2] is None else str(r[2]),
        username=str(r[3]),
        unit=str(r[4]),
        action=action,
        outcome=AuditOutcome(r[6]),
        patient_id=None if r[7] is None else str(r[7]),
        target=str(target),
        details=details,
        prev_hash="",
        hash="",
    )
    workstation = None if r[11] is not None and r[12] is None else (r[12] or "")
    return UnitLogRow(event, workstation, source, code)


class UnitLogReport:
    """The unit manager's log review against the server.  ``connect()`` opens a connection as the
    signed-in manager; each public call opens one, reads, logs and commits, and closes it."""

    def __init__(self, session: Session, connect: Connect) -> None:
        self.s = session
        self.connect = connect

    # ----- public -------------------------------------------------------------------------------------
    def accounts(self) -> list[ServerAccountRow]:
        """The unit's accounts on the server, for the account filter."""
        from injurydoc.server.connection import server_errors

        with server_errors(), self.connect() as conn:
            rows = conn.execute(
                "SELECT id, role_name, display_name, active FROM injurydoc.accounts ORDER BY role_name"
            ).fetchall()
            conn.commit()
        return [ServerAccountRow(str(r[0]), str(r[1]), str(r[2]), bool(r[3])) for r in rows]

    def patient_for_number(self, number: str) -> str:
        """The patient id of a personal identity number, for a log check on the patient's request
        (PDL 8:5).  Only the number's keyed lookup value goes to the server (``log_lookup``, 0011: unit
        managers only, the look-up logged by the server under the patient); the number itself never."""
        from injurydoc.domain.errors import NotFound
        from injurydoc.domain.identity import parse_personal_id
        from injurydoc.domain.vocab import Role
        from injurydoc.server.connection import server_errors
        from injurydoc.services.unit_queue import lookup_value

        self.s.require(Role.UNIT_MANAGER)
        pid = parse_personal_id(number)
        with server_errors(), self.connect() as conn:
            unit = conn.execute("SELECT injurydoc.my_unit()").fetchone()
            value = bytes.fromhex(lookup_value(str(unit[0]), pid.digits, pid.value))
            ids = conn.execute("SELECT * FROM injurydoc.log_lookup(%s)", (value,)).fetchall()
            conn.commit()
        if not ids:
            raise NotFound("patient.not_found")
        return str(ids[0][0])

    def search(self, f: AuditFilter, limit: int = SCREEN_ROWS) -> tuple[list[UnitLogRow], bool]:
        """The newest ``limit`` rows of the selection, for the screen; the search is logged."""

        def log(conn: Any, rows: list[UnitLogRow], more: bool) -> None:
            details: dict[str, Any] = {
                "event": "unit_log_search",
                "filter": _filter_details(f),
                "rows": len(rows),
            }
            if more:
                details["truncated"] = True
            _log(conn, AuditAction.LOG_REVIEW, f.patient_id, details)

        return self._read(f, limit, True, log)

    def pdf(self, f: AuditFilter, lang: Lang = "sv") -> bytes:
        """The loggkontroll report over the server's log (landscape A4, the workstation per row)."""
        out: list[bytes] = []

        def render(conn: Any, rows: list[UnitLogRow], truncated: bool) -> None:
            data = render_pdf(
                lang=lang,
                source=text("log.source_unit", lang, server=_server_label(conn)),
                unit=rows[0].event.unit if rows else _unit_name(conn),
                training=False,
                selection=self.describe(f, lang, conn),
                produced_by=f"{self.s.account.display_name} ({self.s.account.username})",
                produced_at=dt.datetime.now().astimezone(),
                rows=[
                    [
                        str(r.event.seq),
                        local_time(r.event.at),
                        r.workstation_text(lang),
                        r.event.username,
                        r.event.action.label(lang),
                        r.event.outcome.label(lang),
                        r.event.patient_id or "",
                        r.event.target,
                        details_text(r.event.details, lang),
                    ]
                    for r in rows
                ],
                truncated=truncated,
                columns=PDF_COLUMNS_UNIT,
            )
            _log_report(conn, AuditAction.PRINTED, f, rows, truncated, "pdf", data)
            out.append(data)

        self._read(f, MAX_ROWS, False, render)
        return out[0]

    def csv(self, f: AuditFilter, lang: Lang = "sv") -> bytes:
        """UTF-8 with BOM and semicolons, as the standalone CSV, with the workstation per row."""
        out: list[bytes] = []

        def render(conn: Any, rows: list[UnitLogRow], truncated: bool) -> None:
            buf = io.StringIO()
            writer = csvlib.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csvlib.QUOTE_MINIMAL)
            writer.writerow([text(f"log.{c}", lang) for c in _CSV_COLUMNS])
            for r in rows:
                e = r.event
                writer.writerow(
                    [
                        str(e.seq),
                        local_time(e.at),
                        _safe_cell(r.workstation_text(lang)),
                        _safe_cell(e.unit),
                        _safe_cell(e.username),
                        e.action.label(lang),
                        e.outcome.label(lang),
                        e.patient_id or "",
                        _safe_cell(e.target),
                        _safe_cell(json.dumps(e.details, ensure_ascii=False, sort_keys=True)),
                    ]
                )
            data = ("\ufeff" + buf.getvalue()).encode("utf-8")
            _log_report(conn, AuditAction.COPIED, f, rows, truncated, "csv", data)
            out.append(data)

        self._read(f, MAX_ROWS, False, render)
        return out[0]

    def describe(self, f: AuditFilter, lang: Lang, conn: Any | None = None) -> str:
        """The selection in words (account names from the server when a connection is at hand)."""
        from injurydoc.services.log_report import LogReportService

        names: dict[str, str] = {}
        if f.account_id and conn is not None:
            row = conn.execute(
                "SELECT role_name FROM injurydoc.accounts WHERE id = %s", (_uuid(f.account_id),)
            ).fetchone()
            if row is not None:
                names[f.account_id] = str(row[0])
        described = LogReportService(self.s).describe(
            AuditFilter(None, f.patient_id, f.action, f.since, f.until), lang
        )
        parts = [] if described == text("log.all", lang) else [described]
        if f.account_id:
            parts.insert(0, text("log.f_account", lang, v=names.get(f.account_id, f.account_id)))
        if _protected_only(f):
            parts.append(text("log.f_protected", lang))
        return ", ".join(parts) if parts else described

    # ----- internals ----------------------------------------------------------------------------------
    def _read(
        self,
        f: AuditFilter,
        limit: int,
        newest_first: bool,
        then: Callable[[Any, list[UnitLogRow], bool], None],
    ) -> tuple[list[UnitLogRow], bool]:
        from injurydoc.domain.vocab import Role
        from injurydoc.server.connection import server_errors

        self.s.require(Role.UNIT_MANAGER)
        with server_errors(), self.connect() as conn:
            rows, more = select_rows(conn, f, limit=limit, newest_first=newest_first)
            then(conn, rows, more)  # the log entry in the same transaction as the read
            conn.commit()
        return rows, more


def _safe_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _unit_name(conn: Any) -> str:
    row = conn.execute("SELECT name FROM injurydoc.units WHERE id = injurydoc.my_unit()").fetchone()
    return "" if row is None else str(row[0])


def _server_label(conn: Any) -> str:
    """The database and, for a network connection, the host (never a password or a socket path)."""
    info = conn.info
    host = str(info.host or "")
    return info.dbname if not host or host.startswith("/") else f"{info.dbname} @ {host}"


def _log(conn: Any, action: AuditAction, patient_id: str | None, details: dict[str, Any]) -> None:
    """The manager's own entry in the server's log (the server stamps its time and the login role)."""
    from injurydoc.services import unit_mode

    try:
        workstation: uuid.UUID | None = uuid.UUID(unit_mode.workstation_id())
    except ValueError:
        workstation = None
    conn.execute(
        "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id,"
        " target, details, workstation_id, client_at)"
        " VALUES (injurydoc.my_unit(), injurydoc.me(), 'client', %s, 'ok', %s, 'audit_log', %s, %s, now())",
        (action.code, _uuid(patient_id) if patient_id else None, json.dumps(details), workstation),
    )


def _log_report(
    conn: Any,
    action: AuditAction,
    f: AuditFilter,
    rows: list[UnitLogRow],
    truncated: bool,
    fmt: str,
    data: bytes,
) -> None:
    details: dict[str, Any] = {
        "report": "log_review",
        "scope": "unit_server",
        "format": fmt,
        "filter": _filter_details(f),
        "rows": len(rows),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    if rows:
        details["seq"] = [rows[0].event.seq, rows[-1].event.seq]
    if truncated:
        details["truncated"] = True
    _log(conn, action, f.patient_id, details)
