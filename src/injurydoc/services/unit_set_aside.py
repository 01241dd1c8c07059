"""Records set aside on this workstation because the examination was signed first on another one
(``sync/set_aside.py``), laid out for the examiner: the unit's signed record and the version set aside
here, side by side and section by section (``services.unit_conflicts.sections``), with who signed the
unit's record and when, and whether the addendum that settles it can be written here.  No Qt.

Two cases (docs/server.md, "Signed on two workstations while offline"):

- **edited here, signed elsewhere**: the pull replaced the draft here with the unit's signed record; what
  was typed here afterwards is set aside.  The record shown here *is* the unit's, so the addendum can be
  written here.
- **signed on both**: the record here stays as it was signed here (a signed row is never changed), but it
  is **not the unit's record**.  :func:`not_units_record` names such records for the list, the editor
  and the report; the unit's version is read for the dialog.  An addendum written here would be bound to
  the version signed here, so it must be written where the unit's record is shown.

The unit's version is read through the server's logged read (``server.reads.read_examination``) when
this session can reach the server, else taken from the cache's copy of the server's record (which the
pull read through the same logged read); either way the opening is written to this workstation's access
log (and so to the unit's).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from injurydoc.domain.canonical import canonical_dict
from injurydoc.domain.vocab import AuditAction
from injurydoc.services.session import Session
from injurydoc.sync.outbox import Outbox, StoreConnection

__all__ = [
    "EVENT",
    "NOT_UNITS_RECORD",
    "SET_ASIDE",
    "PendingCase",
    "SetAsideCase",
    "SetAsideVersion",
    "case_for",
    "mark",
    "not_units_record",
    "pending",
    "pending_case",
    "pending_cases",
]

#: :func:`mark`: the record here is not the unit's (signed first elsewhere); records of it are set aside
NOT_UNITS_RECORD: Final = "not_units_record"
SET_ASIDE: Final = "set_aside"

log = logging.getLogger(__name__)

#: the access-log event of opening the comparison
EVENT: Final = "set_aside_compared"
_PENDING, _SETTLED = "set_aside:", "settled:"


@dataclass(frozen=True)
class SetAsideVersion:
    id: str
    saved_at: str
    content: dict[str, Any]


@dataclass(frozen=True)
class SetAsideCase:
    """``versions``: (the unit's signed record, the version set aside on this workstation)."""

    examination_id: str
    patient_id: str
    case_ref: str
    versions: tuple[SetAsideVersion, SetAsideVersion]
    signer: str  # the unit's record's signer, as the cache names the account
    unit_signed_at: dt.datetime | None
    unit_received_at: dt.datetime | None
    here_signed_at: dt.datetime | None  # None: only edited here, not signed
    set_aside_at: dt.datetime | None
    settled: bool  # the server holds an addendum by this account: nothing asked any more
    addendum_here: bool  # the record shown here is the unit's: the addendum can be written here
    from_server: bool  # the unit's version was read from the server now (else the cache's copy)
    #: the workstation the unit's signed version came from, named as its author's own sync reports named
    #: it to the server (server 0017); "" when the server does not say (an older server, no report)
    unit_workstation: str = ""
    #: who sent the unit's signed version, as the server names the account ("" when it does not say)
    unit_sent_by: str = ""

    @property
    def signed_here(self) -> bool:
        """Signed on this workstation too: the record here is not the unit's."""
        return self.here_signed_at is not None


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    with contextlib.suppress(TypeError, ValueError):
        return dt.datetime.fromisoformat(str(value))
    return None


def _record(db: Any, exam_id: str) -> tuple[dict[str, Any] | None, bool]:
    """The set-aside record of ``exam_id`` (pending first, else settled) and whether it is settled."""
    for prefix, settled in ((_PENDING, False), (_SETTLED, True)):
        value = db.scalar("SELECT value FROM sync_state WHERE key = ?", (prefix + exam_id,))
        if value is not None:
            with contextlib.suppress(TypeError, ValueError):
                found = json.loads(str(value))
                if isinstance(found, dict):
                    return found, settled
    return None, False


def pending(session: Session) -> list[str]:
    """The examinations with records set aside here and not settled, oldest first, that are in this
    cache (``sync_state`` keys ``set_aside:<id>``)."""
    from injurydoc.sync import set_aside

    out = []
    for record in set_aside.pending(Outbox(StoreConnection(session.db))):
        eid = str(record.get("examination_id") or "")
        if eid and session.db.one("SELECT 1 FROM examinations WHERE id = ?", (eid,)) is not None:
            out.append(eid)
    return out


@dataclass(frozen=True)
class PendingCase:
    """One case with records set aside here and not settled, as the chooser lists it: the case number and
    when its records were set aside — nothing of the person."""

    examination_id: str
    case_ref: str
    set_aside_at: dt.datetime | None


def pending_cases(session: Session) -> list[PendingCase]:
    """:func:`pending` with each case's number and when it was set aside, oldest first."""
    from injurydoc.sync import set_aside

    out = []
    for record in set_aside.pending(Outbox(StoreConnection(session.db))):
        eid = str(record.get("examination_id") or "")
        ref = session.db.scalar("SELECT case_ref FROM examinations WHERE id = ?", (eid,)) if eid else None
        if ref is not None:
            out.append(PendingCase(eid, str(ref), _time(record.get("at"))))
    return out


def pending_case(session: Session, exam_id: str) -> SetAsideCase | None:
    """The comparison to show when the case is opened: only while records of it are set aside here and
    not settled (None otherwise, and outside unit mode)."""
    from injurydoc.services import unit_mode

    if not unit_mode.is_unit(session.db):
        return None
    if session.db.one("SELECT 1 FROM sync_state WHERE key = ?", (_PENDING + exam_id,)) is None:
        return None
    return case_for(session, exam_id)


def mark(session: Session, exam_id: str) -> str | None:
    """What the editor marks (no patient data read): :data:`NOT_UNITS_RECORD`, :data:`SET_ASIDE` (the
    record here is the unit's, and records typed here are set aside, not settled) or None."""
    from injurydoc.services import unit_mode

    if not unit_mode.is_unit(session.db):
        return None
    if exam_id in not_units_record(session.db, [exam_id]):
        return NOT_UNITS_RECORD
    if session.db.one("SELECT 1 FROM sync_state WHERE key = ?", (_PENDING + exam_id,)) is not None:
        return SET_ASIDE
    return None


def not_units_record(db: Any, exam_ids: Iterable[str] | None = None) -> set[str]:
    """The examinations signed here whose signature is not the one the unit's server holds (the cache's
    copy of the server's record names another signed content): signed on both workstations, the other
    one first.  ``exam_ids``: only these (None: all).  From the store alone, no network."""
    sql = (
        "SELECT e.id FROM examinations e JOIN sync_cache c ON c.kind = 'examination' AND c.id = e.id"
        " WHERE e.status = 'signed' AND json_extract(c.body, '$.signature.content_sha256') IS NOT NULL"
        " AND json_extract(c.body, '$.signature.content_sha256') <> coalesce(e.content_sha256, '')"
    )
    params: list[Any] = []
    if exam_ids is not None:
        ids = list(exam_ids)
        if not ids:
            return set()
        sql += f" AND e.id IN ({','.join('?' * len(ids))})"
        params = ids
    return {str(r[0]) for r in db.all(sql, params)}


def _server_exam(session: Session, exam_id: str) -> tuple[dict[str, Any] | None, bool]:
    """The server's record of the examination: read now through the server's logged read when the
    session can reach the server (its sync is not offline), else the cache's copy (read by the pull the
    same way)."""
    import psycopg

    from injurydoc.server import reads
    from injurydoc.server.errors import ServerError
    from injurydoc.services import unit_desktop

    connect = unit_desktop.server_link(session)
    runner = unit_desktop.sync_runner_for(session)
    if runner is not None and runner.status().state == "offline":
        connect = None  # the last round did not reach the server: the cache's copy, without waiting
    if connect is not None:
        try:
            with connect() as conn:
                found = reads.read_examination(conn, uuid.UUID(exam_id))
            if isinstance(found, dict) and isinstance(found.get("signature"), dict):
                return found, True
        except (ServerError, psycopg.Error, OSError) as exc:  # offline or refused: the cache's copy
            log.info("the unit's record was not read from the server: %s", type(exc).__name__)
    row = session.db.one("SELECT body FROM sync_cache WHERE kind = 'examination' AND id = ?", (exam_id,))
    if row is None:
        return None, False
    try:
        body = json.loads(str(row[0]))
    except ValueError:
        return None, False
    return (body if isinstance(body, dict) else None), False


def _opened(session: Session, exam: dict[str, Any], patient_id: str) -> dict[str, Any] | None:
    """A protected person's record opened with the person's key held here (None: not held here)."""
    from injurydoc.server.errors import ServerError
    from injurydoc.store import protected
    from injurydoc.sync import sealed

    parts = [*(exam.get("versions") or []), *(exam.get("addenda") or [])]
    if not any(isinstance(v, dict) and v.get("content_ciphertext") for v in parts):
        return exam
    fc = protected.cipher_of(session.db, patient_id)
    if fc is None:
        return None
    unit = Outbox(StoreConnection(session.db)).get_state("unit_id") or ""
    try:
        opened, _stored = sealed.open_examination(exam, fc.key, unit)
    except ServerError:
        return None
    return opened


def _here_version(session: Session, record: dict[str, Any] | None, exam: Any) -> tuple[SetAsideVersion, Any]:
    """The version set aside here (the last version queued) and when it was signed here (None: not)."""
    from injurydoc.store import photos as photos_repo

    entries = [e for e in (record or {}).get("entries") or [] if isinstance(e, dict)]
    signature = next((e for e in reversed(entries) if e.get("kind") == "signature"), None)
    signed_at = None
    if signature is not None:
        signed_at = _time((signature.get("payload") or {}).get("signed_at")) or _time(exam.signed_at)
    version = next((e for e in reversed(entries) if e.get("kind") == "version"), None)
    payload = version.get("payload") if isinstance(version, dict) else None
    if isinstance(payload, dict) and isinstance(payload.get("content"), dict):
        return (
            SetAsideVersion(
                str(payload.get("id") or version.get("item_id")),  # type: ignore[union-attr]
                str(payload.get("client_saved_at") or ""),
                payload["content"],
            ),
            signed_at,
        )
    # nothing of the text was queued (only photos): the record as stored here
    content = canonical_dict(exam, photos_repo.of_examination(session.db, exam.id))
    return SetAsideVersion("here", (exam.signed_at or exam.created_at).isoformat(), content), signed_at


def _signed_version(server: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(the server's signature, the version it signed, opened) — None without either."""
    sig = None if server is None else server.get("signature")
    if server is None or not isinstance(sig, dict):
        return None
    versions = {str(v.get("id")): v for v in server.get("versions") or [] if isinstance(v, dict)}
    unit_v = versions.get(str(sig.get("version_id")))
    if unit_v is None or not isinstance(unit_v.get("content"), dict):
        return None
    return sig, unit_v


def case_for(session: Session, exam_id: str) -> SetAsideCase | None:
    """The comparison for ``exam_id``: None when nothing of it was set aside here and the record here is
    the unit's (or the server holds no signature of it, or the account may not open it)."""
    from injurydoc.services import access, unit_mode
    from injurydoc.store import examinations as exam_repo

    if not unit_mode.is_unit(session.db):
        return None
    exam = exam_repo.get(session.db, exam_id)
    if exam is None:
        return None
    record, settled = _record(session.db, exam_id)
    differs = exam_id in not_units_record(session.db, [exam_id])
    if record is None and not differs:
        return None
    target = f"examination:{exam_id}"
    access.checked_patient(session, exam.patient_id, AuditAction.READ, target)  # a refusal is logged
    server, fresh = _server_exam(session, exam_id)
    found = _signed_version(None if server is None else _opened(session, server, exam.patient_id))
    if found is None:
        return None
    sig, unit_v = found
    here, here_signed = _here_version(session, record, exam)
    if differs and here_signed is None:
        here_signed = _time(exam.signed_at)  # signed here, nothing queued of it (set aside before)
    units = str(sig.get("content_sha256") or "")
    addendum_here = exam.is_signed and bool(units) and units == (exam.content_sha256 or "")
    signer_id = str(sig.get("signer_id") or "")
    name = session.db.scalar("SELECT display_name FROM accounts WHERE id = ?", (signer_id,))
    with session.transaction():
        session.audit(
            AuditAction.READ,
            patient_id=exam.patient_id,
            target=target,
            details={"event": EVENT, "from_server": fresh},
        )
    return SetAsideCase(
        examination_id=exam_id,
        patient_id=exam.patient_id,
        case_ref=exam.case_ref,
        versions=(
            SetAsideVersion(
                str(unit_v.get("id")),
                str(unit_v.get("client_saved_at") or unit_v.get("received_at") or ""),
                unit_v["content"],
            ),
            here,
        ),
        signer=str(name or signer_id),
        unit_signed_at=_time(sig.get("signed_at")),
        unit_received_at=_time(unit_v.get("received_at")),
        here_signed_at=here_signed,
        set_aside_at=_time((record or {}).get("at")),
        settled=settled,
        addendum_here=addendum_here,
        from_server=fresh,
        unit_workstation=_text(unit_v.get("workstation_name")),
        unit_sent_by=_text(unit_v.get("author_name")),
    )


def _text(value: Any) -> str:
    """A name the server sent, as one short line ("" for none)."""
    return " ".join(str(value).split())[:100] if isinstance(value, str) else ""
