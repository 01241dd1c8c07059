"""A draft signed on two workstations while offline: the second one's records are set aside, not stuck.

Only the examiner signs, and the server takes one signature per examination and nothing of a draft after
it (server/sql/v0001_functions.py).  When the same examiner signed one draft on two workstations while
offline, the first to reach the server wins; the second workstation's version, injuries, photos and
signature are refused (``server.immutable``).  They must neither block the outbox (everything queued
after them would wait for ever) nor be lost.  So :func:`set_aside` moves every queued record of that
examination out of the outbox into ``sync_state`` (``set_aside:<examination id>``: the payloads as they
were queued, in order, a photo's bytes with it), writes the event to this
workstation's access log (and queues it for the unit's log), and the sync status says what happened
and what to do until the server holds an addendum by this account to the examination
(:func:`settle_from_server`, at the next pull).

The record signed here stays in this workstation's store exactly as it was signed; the unit's record
is the one signed first.  The examiner compares the two and writes the difference as an addendum to the
signed record.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import uuid
from typing import Any, Final

import psycopg

from injurydoc.domain.vocab import AuditAction, AuditOutcome
from injurydoc.server.connection import server_errors
from injurydoc.sync.outbox import Entry, Outbox

__all__ = ["EVENT", "SetAside", "pending", "set_aside", "settle", "settle_from_server", "signed_elsewhere"]

#: The access-log event of records set aside.
EVENT: Final = "signed_elsewhere"
_PREFIX: Final = "set_aside:"
#: Kinds of a draft's records that the server refuses once the examination is signed.
_DRAFT_KINDS: Final = ("version", "injury", "photo", "signature")


class SetAside(dict[str, Any]):
    """One examination's set-aside records: ``examination_id``, ``case_ref``, ``at``, ``entries``."""


def signed_elsewhere(conn: psycopg.Connection[Any], outbox: Outbox, entry: Entry) -> bool:
    """Whether the refused ``entry`` is a draft record of an examination this account has signed on
    the server already (from another workstation); if so, its records are set aside (:func:`set_aside`)
    and the push goes on."""
    if entry.kind not in _DRAFT_KINDS:
        return False
    exam = str(entry.payload.get("examination_id") or "")
    try:
        exam_id = uuid.UUID(exam)
    except ValueError:
        return False
    with server_errors():
        row = conn.execute("SELECT injurydoc.holds('signature', %s)", (exam_id,)).fetchone()
        conn.commit()
    if not (row and row[0]):
        return False
    set_aside(outbox, exam)
    return True


def set_aside(outbox: Outbox, exam_id: str) -> None:
    """Move every queued draft record of ``exam_id`` out of the outbox (kept in ``sync_state``) and log
    it, in one transaction."""
    con = outbox.con
    db = getattr(con, "db", None)
    atomic = getattr(con, "atomic", None)
    with atomic() if atomic is not None else contextlib.nullcontext():
        rows = con.execute(
            "SELECT seq, kind, item_id, payload, blob FROM sync_outbox WHERE kind IN (?, ?, ?, ?)"
            " ORDER BY seq",
            _DRAFT_KINDS,
        ).fetchall()
        moved = []
        for seq, kind, item_id, raw, blob in rows:
            payload = json.loads(raw)
            if str(payload.get("examination_id")) != exam_id:
                continue
            item = {"kind": str(kind), "item_id": str(item_id), "payload": payload}
            if blob is not None:  # a photo's bytes (the draft shown here may no longer hold it)
                item["blob"] = base64.b64encode(bytes(blob)).decode()
            moved.append(item)
            con.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
        if not moved:
            return
        before = outbox.get_state(_PREFIX + exam_id)
        kept = json.loads(before)["entries"] if before else []
        case_ref = _case_ref(con, exam_id)
        record = {
            "examination_id": exam_id,
            "case_ref": case_ref,
            "at": dt.datetime.now(dt.UTC).isoformat(),
            "entries": kept + moved,
        }
        con.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_PREFIX + exam_id, json.dumps(record, sort_keys=True)),
        )
        con.execute("DELETE FROM sync_state WHERE key = ?", (f"draft:{exam_id}",))
        if db is not None:
            _log(db, outbox, exam_id, len(moved))
    con.commit()


def pending(outbox: Outbox) -> list[SetAside]:
    """The examinations whose records are set aside and not yet settled, oldest first."""
    rows = outbox.con.execute(
        "SELECT value FROM sync_state WHERE key LIKE ? ORDER BY key", (_PREFIX + "%",)
    ).fetchall()
    out = [SetAside(json.loads(r[0])) for r in rows]
    return sorted(out, key=lambda r: str(r.get("at", "")))


def settle(outbox: Outbox, exam_id: str) -> None:
    """The examiner wrote an addendum to the examination here: the status no longer asks for one.  The
    set-aside records stay in the store, renamed ``settled:<examination id>``."""
    key = _PREFIX + exam_id
    value = outbox.get_state(key)
    if value is None:
        return
    outbox.con.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (f"settled:{exam_id}", value),
    )
    outbox.con.execute("DELETE FROM sync_state WHERE key = ?", (key,))
    outbox.con.commit()


def settle_from_server(outbox: Outbox, exam: dict[str, Any], account_id: str) -> None:
    """The server holds an addendum by this account to an examination set aside here (written on any
    workstation): settled (:func:`settle`)."""
    exam_id = str(exam.get("id"))
    if outbox.get_state(_PREFIX + exam_id) is None:
        return
    if any(isinstance(a, dict) and str(a.get("author_id")) == account_id for a in exam.get("addenda") or []):
        settle(outbox, exam_id)


def _case_ref(con: Any, exam_id: str) -> str:
    if (
        con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'examinations'").fetchone()
        is None
    ):
        return ""  # an outbox on its own (tests)
    row = con.execute("SELECT case_ref FROM examinations WHERE id = ?", (exam_id,)).fetchone()
    return "" if row is None else str(row[0])


def _log(db: Any, outbox: Outbox, exam_id: str, records: int) -> None:
    """This workstation's access log, and the same row queued for the unit's log."""
    from injurydoc.sync import client_log

    patient = db.scalar("SELECT patient_id FROM examinations WHERE id = ?", (exam_id,))
    client_log.append(
        db,
        outbox,
        action=AuditAction.CHANGED,
        outcome=AuditOutcome.DENIED,
        patient_id=None if patient is None else str(patient),
        target=f"examination:{exam_id}",
        details={"event": EVENT, "records": records},
    )
