"""The access log as a hash chain.

Every row holds the SHA-256 of the previous row (``prev_hash``) and its own hash over its content and
``prev_hash``.  The first row chains to a value derived from the store id.  Triggers refuse UPDATE and
DELETE; someone going around the program (raw SQLCipher with the key, triggers dropped) breaks the
chain, which :func:`verify_chain` finds.  Deleting rows at the end is caught by the anchor file: an
HMAC (keyed from the data key) of the newest sequence number and hash, rewritten after each commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from injurydoc.domain.models import AuditEvent
from injurydoc.domain.vocab import AuditAction, AuditOutcome
from injurydoc.store.atomic import atomic_write_bytes
from injurydoc.store.database import Database
from injurydoc.store.schema import PROTECTIVE_TRIGGERS

ANCHOR_FILE = "audit-anchor.json"
_COLUMNS = (
    "seq, at, account_id, username, unit, action, outcome, patient_id, target, details, prev_hash, hash"
)


def genesis_hash(store_id: str) -> str:
    return hashlib.sha256(f"injurydoc-audit-genesis:{store_id}".encode()).hexdigest()


def row_hash(
    prev_hash: str,
    seq: int,
    at: str,
    account_id: str | None,
    username: str,
    unit: str,
    action: str,
    outcome: str,
    patient_id: str | None,
    target: str,
    details: str,
) -> str:
    payload = json.dumps(
        [seq, at, account_id, username, unit, action, outcome, patient_id, target, details],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + "\n" + payload).encode("utf-8")).hexdigest()


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).isoformat(timespec="microseconds")


def append(
    db: Database,
    *,
    store_id: str,
    account_id: str | None,
    username: str,
    unit: str,
    action: AuditAction,
    outcome: AuditOutcome = AuditOutcome.OK,
    patient_id: str | None = None,
    target: str = "",
    details: dict[str, Any] | None = None,
) -> int:
    """Append one event.  Must be called inside the transaction that does what it records."""
    if not db.in_transaction:
        raise RuntimeError("audit events are written inside the transaction they record")
    last = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    seq, prev = (1, genesis_hash(store_id)) if last is None else (int(last[0]) + 1, str(last[1]))
    at = iso(now_utc())
    details_json = json.dumps(details or {}, ensure_ascii=False, sort_keys=True)
    h = row_hash(
        prev,
        seq,
        at,
        account_id,
        username,
        unit,
        action.code,
        outcome.code,
        patient_id,
        target,
        details_json,
    )
    db.execute(
        f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            seq,
            at,
            account_id,
            username,
            unit,
            action.code,
            outcome.code,
            patient_id,
            target,
            details_json,
            prev,
            h,
        ),
    )
    return seq


def to_event(row: tuple[Any, ...]) -> AuditEvent:
    return AuditEvent(
        seq=int(row[0]),
        at=dt.datetime.fromisoformat(row[1]),
        account_id=row[2],
        username=row[3],
        unit=row[4],
        action=AuditAction(row[5]),
        outcome=AuditOutcome(row[6]),
        patient_id=row[7],
        target=row[8],
        details=json.loads(row[9]),
        prev_hash=row[10],
        hash=row[11],
    )


@dataclass(frozen=True, slots=True)
class ChainReport:
    rows: int
    first_broken_seq: int | None
    problem: str

    @property
    def whole(self) -> bool:
        return self.first_broken_seq is None and not self.problem


def verify_chain(db: Database, store_id: str, anchor: tuple[int, str] | None) -> ChainReport:
    """Check every row; name the first broken one.  ``anchor`` is (seq, hash) from the anchor file."""
    triggers = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [t for t in PROTECTIVE_TRIGGERS if t not in triggers]
    prev = genesis_hash(store_id)
    expected_seq = 1
    count = 0
    cur = db.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq")
    last_hash = prev
    for row in cur:
        count += 1
        seq = int(row[0])
        if seq != expected_seq:
            return ChainReport(count, expected_seq, f"row {expected_seq} is missing")
        if row[10] != prev:
            return ChainReport(count, seq, "does not chain to the row before it")
        h = row_hash(prev, seq, *row[1:10])
        if h != row[11]:
            return ChainReport(count, seq, "its content has been changed")
        prev = h
        last_hash = h
        expected_seq += 1
    if anchor is not None:
        a_seq, a_hash = anchor
        if a_seq > count:
            return ChainReport(count, count + 1, f"rows {count + 1}–{a_seq} have been removed")
        if a_seq >= 1:
            row = db.one("SELECT hash FROM audit_log WHERE seq = ?", (a_seq,))
            if row is None or row[0] != a_hash:
                return ChainReport(count, a_seq, "does not match the recorded anchor")
    if missing:
        return ChainReport(count, None, "protective triggers removed: " + ", ".join(missing))
    _ = last_hash
    return ChainReport(count, None, "")


# ----- anchor ------------------------------------------------------------------------------------
def _anchor_key(data_key: bytes) -> bytes:
    return hmac.new(data_key, b"injurydoc audit anchor v1", hashlib.sha256).digest()


def write_anchor(folder: Path, data_key: bytes, seq: int, h: str) -> None:
    mac = hmac.new(_anchor_key(data_key), f"{seq}:{h}".encode(), hashlib.sha256).hexdigest()
    body = json.dumps({"version": 1, "seq": seq, "hash": h, "mac": mac}).encode()
    atomic_write_bytes(folder / ANCHOR_FILE, body)


def read_anchor(folder: Path, data_key: bytes) -> tuple[tuple[int, str] | None, str]:
    """Return ((seq, hash) or None, problem).  A missing anchor is no problem for a new store."""
    path = folder / ANCHOR_FILE
    if not path.exists():
        return None, ""
    try:
        doc = json.loads(path.read_text("utf-8"))
        seq, h, mac = int(doc["seq"]), str(doc["hash"]), str(doc["mac"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, "the anchor file is unreadable"
    good = hmac.new(_anchor_key(data_key), f"{seq}:{h}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(good, mac):
        return None, "the anchor file has been altered"
    return (seq, h), ""


def head(db: Database) -> tuple[int, str] | None:
    row = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return None if row is None else (int(row[0]), str(row[1]))
