"""The access log as a hash chain, with signed checkpoints and a signed anchor.

Every row holds the SHA-256 of the previous row (``prev_hash``) and its own hash over its content and
``prev_hash``.  The first row chains to a value derived from the store id.  Triggers refuse UPDATE and
DELETE; someone going around the program (raw SQLCipher with the key, triggers dropped) breaks the
chain, which :func:`verify_chain` finds.

The chain alone can be recomputed by anyone holding the data key.  So, once a store has personal keys
(store/personal_keys.py), each session signs **checkpoints** with its own Ed25519 key: at sign-in, at
sign-out, with every account, export, signing or log event, and at least every
:data:`CHECKPOINT_EVERY` rows.  A checkpoint signs the chain head at one of the session's own rows, so
it vouches for everything before it.  A unit manager's sign-in adds a *countersign* checkpoint after
checking the log.  The **anchor** file (``audit-anchor.json``) is rewritten after each commit with the
newest row, signed by the session that wrote it; it catches rows removed at the end.  Stores from before
personal keys keep the older anchor (an HMAC keyed from the data key) until a unit manager signs in.
store/audit_check.py verifies all of it.
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
from injurydoc.store.personal_keys import RECOVERY, PersonalKeys, b64, canonical, unb64
from injurydoc.store.schema import PROTECTIVE_TRIGGERS

ANCHOR_FILE = "audit-anchor.json"
ANCHOR_FORMAT = "injurydoc-audit-anchor"
#: A session signs a checkpoint at least every this many of its own rows.
CHECKPOINT_EVERY = 32
RECOVERY_PREFIX = "recovery-code:"
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
    return append_row(
        db,
        store_id=store_id,
        account_id=account_id,
        username=username,
        unit=unit,
        action=action,
        outcome=outcome,
        patient_id=patient_id,
        target=target,
        details=details,
    )[0]


def append_row(
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
) -> tuple[int, str]:
    """:func:`append`, returning the new row's sequence number and hash."""
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
    return seq, h


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
    """Return ((seq, hash) or None, problem); ``(None, "")`` when there is no anchor file.

    A version 1 anchor's HMAC is checked here; a signed (version 2) anchor's signature is checked by
    store/audit_check.py, which knows whose key it must be.
    """
    anchor, problem = load_anchor(folder)
    if anchor is None:
        return None, problem
    if anchor.version == 2:
        return (anchor.seq, anchor.hash), ""
    if not v1_anchor_ok(anchor, data_key):
        return None, "the anchor file has been altered"
    return (anchor.seq, anchor.hash), ""


def v1_anchor_ok(anchor: Anchor, data_key: bytes) -> bool:
    good = hmac.new(_anchor_key(data_key), f"{anchor.seq}:{anchor.hash}".encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(good, anchor.mac)


def head(db: Database) -> tuple[int, str] | None:
    row = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return None if row is None else (int(row[0]), str(row[1]))


# ----- signed checkpoints and the signed anchor ----------------------------------------------------------
def row_writer(account_id: str | None, username: str) -> str:
    """Whose key must vouch for a row: its account, or the recovery code's keys."""
    if account_id is None and username.startswith(RECOVERY_PREFIX):
        return RECOVERY
    return account_id or ""


def checkpoint_body(
    store_id: str, seq: int, h: str, signer: str, generation: int, kind: str, at: str
) -> bytes:
    return canonical(
        {
            "t": "injurydoc-audit-checkpoint",
            "v": 1,
            "store": store_id,
            "seq": seq,
            "hash": h,
            "signer": signer,
            "gen": generation,
            "kind": kind,
            "at": at,
        }
    )


def add_checkpoint(
    db: Database, *, store_id: str, seq: int, h: str, signer: str, keys: PersonalKeys, kind: str
) -> None:
    """Sign the chain head at row ``seq`` (one of the signer's own rows) inside the current transaction."""
    at = iso(now_utc())
    sig = keys.sign(checkpoint_body(store_id, seq, h, signer, keys.generation, kind, at))
    # A checkpoint already at this seq belongs to rows someone removed around the program: it stays as
    # the evidence (audit verify names it), and this row goes without a checkpoint of its own.
    db.execute(
        "INSERT OR IGNORE INTO audit_checkpoints (seq, hash, signer, generation, kind, at, signature) "
        "VALUES (?,?,?,?,?,?,?)",
        (seq, h, signer, keys.generation, kind, at, sig),
    )


@dataclass(frozen=True, slots=True)
class Anchor:
    """The anchor file.  Version 1: an HMAC under the data key.  Version 2: signed by the writer."""

    version: int
    seq: int
    hash: str
    signer: str = ""
    generation: int = 0
    at: str = ""
    signature: bytes = b""
    mac: str = ""

    def body(self, store_id: str) -> bytes:
        return canonical(
            {
                "t": ANCHOR_FORMAT,
                "v": 2,
                "store": store_id,
                "seq": self.seq,
                "hash": self.hash,
                "signer": self.signer,
                "gen": self.generation,
                "at": self.at,
            }
        )


def write_signed_anchor(
    folder: Path, store_id: str, seq: int, h: str, signer: str, keys: PersonalKeys
) -> None:
    anchor = Anchor(2, seq, h, signer, keys.generation, iso(now_utc()))
    doc = {
        "format": ANCHOR_FORMAT,
        "version": 2,
        "store_id": store_id,
        "seq": seq,
        "hash": h,
        "signer": signer,
        "generation": keys.generation,
        "at": anchor.at,
        "signature": b64(keys.sign(anchor.body(store_id))),
    }
    atomic_write_bytes(folder / ANCHOR_FILE, json.dumps(doc, indent=2).encode())


def load_anchor(folder: Path) -> tuple[Anchor | None, str]:
    """The anchor as written (nothing checked but its form); ``(None, "")`` when there is none."""
    path = folder / ANCHOR_FILE
    if not path.exists():
        return None, ""
    try:
        doc = json.loads(path.read_text("utf-8"))
        if doc.get("version", 1) == 1:
            return Anchor(1, int(doc["seq"]), str(doc["hash"]), mac=str(doc["mac"])), ""
        if doc.get("format") != ANCHOR_FORMAT or doc.get("version") != 2:
            return None, "the anchor file is of an unknown kind"
        return (
            Anchor(
                2,
                int(doc["seq"]),
                str(doc["hash"]),
                signer=str(doc["signer"]),
                generation=int(doc["generation"]),
                at=str(doc["at"]),
                signature=unb64(doc["signature"], 64),
            ),
            "",
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, "the anchor file is unreadable"


def hash_at(db: Database, seq: int) -> str | None:
    row = db.one("SELECT hash FROM audit_log WHERE seq = ?", (seq,))
    return None if row is None else str(row[0])
