"""Repository: personal public keys and their certificates, the sealed unit key, and the slot registry.

Trust is checked here, at every use: :class:`Trust` gives a subject's public keys only when the
certificate verifies under the unit key, the certificate names those very keys, and the unit key is the
one pinned for this store.  Each failure names whose key it is and what is wrong.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database
from injurydoc.store.keyslots import Slot
from injurydoc.store.personal_keys import (
    RECOVERY,
    Certificate,
    KeyFormatError,
    PublicKeys,
    Sealed,
    fingerprint,
    verify_with,
)


# ----- the unit key ------------------------------------------------------------------------------------
def unit_key_public(db: Database) -> bytes | None:
    """The unit key as recorded in the store (``None``: a store from before personal keys)."""
    value = db.scalar("SELECT value FROM meta WHERE key = 'unit_key'")
    if value is None:
        return None
    try:
        raw = base64.b64decode(str(value), validate=True)
    except ValueError:
        return b""
    return raw


def keyed_at_seq(db: Database) -> int | None:
    value = db.scalar("SELECT value FROM meta WHERE key = 'keyed_at_seq'")
    return None if value is None else int(value)


def set_unit_key(db: Database, public: bytes, at_seq: int) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES ('unit_key', ?)", (base64.b64encode(public).decode(),))
    db.execute("INSERT INTO meta (key, value) VALUES ('keyed_at_seq', ?)", (str(at_seq),))


def keyslots_generation(db: Database) -> int:
    value = db.scalar("SELECT value FROM meta WHERE key = 'keyslots_generation'")
    return 0 if value is None else int(value)


def set_keyslots_generation(db: Database, generation: int) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('keyslots_generation', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (str(generation),),
    )


def seal_unit_key(db: Database, holder: str, generation: int, sealed: Sealed) -> None:
    db.execute(
        "INSERT INTO unit_key_seals (holder, generation, sealed, sealed_at) VALUES (?,?,?,?) "
        "ON CONFLICT(holder) DO UPDATE SET generation = excluded.generation, sealed = excluded.sealed, "
        "sealed_at = excluded.sealed_at",
        (holder, generation, json.dumps(sealed.to_json()), iso(now_utc())),
    )


def unit_key_seal(db: Database, holder: str) -> tuple[int, Sealed] | None:
    row = db.one("SELECT generation, sealed FROM unit_key_seals WHERE holder = ?", (holder,))
    if row is None:
        return None
    try:
        return int(row[0]), Sealed.from_json(json.loads(str(row[1])))
    except (ValueError, TypeError):
        return None


def drop_unit_key_seal(db: Database, holder: str) -> None:
    db.execute("DELETE FROM unit_key_seals WHERE holder = ?", (holder,))


# ----- public keys ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class KeyRecord:
    subject: str
    keys: PublicKeys
    created_at: str
    certificate: bytes | None
    signature: bytes | None
    retired_at: str | None
    retired_seq: int | None
    retired_reason: str | None

    @property
    def certified(self) -> bool:
        return self.certificate is not None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


_KEY_COLS = (
    "subject, generation, x25519, ed25519, created_at, certificate, certificate_sig, retired_at, "
    "retired_seq, retired_reason"
)


def _record(row: tuple[Any, ...]) -> KeyRecord:
    return KeyRecord(
        subject=str(row[0]),
        keys=PublicKeys(bytes(row[2]), bytes(row[3]), int(row[1])),
        created_at=str(row[4]),
        certificate=None if row[5] is None else bytes(row[5]),
        signature=None if row[6] is None else bytes(row[6]),
        retired_at=row[7],
        retired_seq=row[8],
        retired_reason=row[9],
    )


def add_keys(db: Database, subject: str, keys: PublicKeys) -> None:
    db.execute(
        "INSERT INTO account_keys (subject, generation, x25519, ed25519, created_at) VALUES (?,?,?,?,?)",
        (subject, keys.generation, keys.x25519, keys.ed25519, iso(now_utc())),
    )


def certify(db: Database, subject: str, generation: int, certificate: bytes, signature: bytes) -> None:
    db.execute(
        "UPDATE account_keys SET certificate = ?, certificate_sig = ? "
        "WHERE subject = ? AND generation = ? AND certificate IS NULL",
        (certificate, signature, subject, generation),
    )


def retire(db: Database, subject: str, generation: int, seq: int, reason: str) -> None:
    db.execute(
        "UPDATE account_keys SET retired_at = ?, retired_seq = ?, retired_reason = ? "
        "WHERE subject = ? AND generation = ? AND retired_at IS NULL",
        (iso(now_utc()), seq, reason, subject, generation),
    )


def record(db: Database, subject: str, generation: int) -> KeyRecord | None:
    row = db.one(
        f"SELECT {_KEY_COLS} FROM account_keys WHERE subject = ? AND generation = ?", (subject, generation)
    )
    return None if row is None else _record(row)


#: Generations from here on are keys another workstation of the unit made, taken in from the unit server
#: to check their signatures (sync/materialise.py): never this store's own current keys.
PULLED_GENERATIONS = 1_000_000


def current(db: Database, subject: str) -> KeyRecord | None:
    """The newest generation of a subject's keys made in this store (retired or not)."""
    row = db.one(
        f"SELECT {_KEY_COLS} FROM account_keys WHERE subject = ? AND generation < ?"
        " ORDER BY generation DESC LIMIT 1",
        (subject, PULLED_GENERATIONS),
    )
    return None if row is None else _record(row)


def history(db: Database, subject: str | None = None) -> list[KeyRecord]:
    if subject is None:
        rows = db.all(f"SELECT {_KEY_COLS} FROM account_keys ORDER BY subject, generation")
    else:
        rows = db.all(
            f"SELECT {_KEY_COLS} FROM account_keys WHERE subject = ? ORDER BY generation", (subject,)
        )
    return [_record(r) for r in rows]


def pending(db: Database) -> list[KeyRecord]:
    """Keys made at a first sign-in after the upgrade, waiting for a unit manager to certify them."""
    rows = db.all(
        f"SELECT {_KEY_COLS} FROM account_keys WHERE certificate IS NULL AND retired_at IS NULL "
        "ORDER BY created_at"
    )
    return [_record(r) for r in rows]


# ----- trust ---------------------------------------------------------------------------------------------
class UntrustedKey(Exception):
    """A public key or certificate that does not hold; ``who`` names the subject, ``problem`` what."""

    def __init__(self, who: str, problem: str) -> None:
        super().__init__(f"{who}: {problem}")
        self.who = who
        self.problem = problem


@dataclass
class Trust:
    """Checks certificates under the store's unit key, once per key (the result is cached)."""

    db: Database
    store_id: str
    unit_key: bytes
    _ok: dict[tuple[str, int], KeyRecord] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _managers: dict[str, bool] = field(default_factory=dict)

    @property
    def unit_fingerprint(self) -> str:
        return fingerprint(self.unit_key)

    def name(self, subject: str) -> str:
        """A subject as people know it: the user name, or "recovery code"."""
        if subject == RECOVERY:
            return "recovery code"
        if subject not in self._names:
            found = self.db.scalar("SELECT username FROM accounts WHERE id = ?", (subject,))
            self._names[subject] = str(found) if found else f"account {subject[:8]}"
        return self._names[subject]

    def keys(self, subject: str, generation: int, *, allow_pending: bool = False) -> KeyRecord:
        """The record, when its certificate holds; else :class:`UntrustedKey` naming the problem."""
        hit = self._ok.get((subject, generation))
        if hit is not None:
            return hit
        rec = record(self.db, subject, generation)
        who = self.name(subject)
        if rec is None:
            raise UntrustedKey(who, f"no key of generation {generation} is recorded")
        if rec.certificate is None or rec.signature is None:
            if allow_pending:
                return rec
            raise UntrustedKey(who, "the key has not been certified by a unit manager")
        self.check_certificate(rec)
        self._ok[(subject, generation)] = rec
        return rec

    def is_manager(self, subject: str) -> bool:
        """Certified as a unit manager (by a certificate under the unit key), or the recovery code."""
        if subject == RECOVERY:
            return True
        if subject not in self._managers:
            found = False
            for rec in history(self.db, subject):
                if rec.certificate is None:
                    continue
                try:
                    found = "unit_manager" in self.check_certificate(rec).roles
                except UntrustedKey:
                    continue
                if found:
                    break
            self._managers[subject] = found
        return self._managers[subject]

    def check_certificate(self, rec: KeyRecord) -> Certificate:
        who = self.name(rec.subject)
        if rec.certificate is None or rec.signature is None:
            raise UntrustedKey(who, "the key has not been certified by a unit manager")
        if not verify_with(self.unit_key, rec.signature, rec.certificate):
            raise UntrustedKey(who, "the certificate was not made with the unit key")
        try:
            cert = Certificate.from_bytes(rec.certificate)
        except KeyFormatError as exc:
            raise UntrustedKey(who, str(exc)) from None
        if cert.store_id != self.store_id or cert.subject != rec.subject:
            raise UntrustedKey(who, "the certificate belongs to another account or store")
        if cert.keys != rec.keys:
            raise UntrustedKey(who, "the public key differs from the certified one (substituted)")
        if cert.issuer != self.unit_fingerprint:
            raise UntrustedKey(who, "the certificate names another unit key")
        return cert


# ----- the slot registry ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SlotState:
    subject: str
    digest: str
    registered_at: str
    replaced_at: str | None
    replaced_reason: str | None


def slot_subject(slot: Slot) -> str:
    return RECOVERY if slot.kind == "recovery" else str(slot.account_id)


def slot_state(db: Database, slot_id: str) -> SlotState | None:
    row = db.one(
        "SELECT subject, digest, registered_at, replaced_at, replaced_reason FROM key_slots "
        "WHERE slot_id = ?",
        (slot_id,),
    )
    return None if row is None else SlotState(*row)


def registry_size(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM key_slots"))


def valid_slots(db: Database) -> dict[str, SlotState]:
    rows = db.all(
        "SELECT slot_id, subject, digest, registered_at, replaced_at, replaced_reason FROM key_slots "
        "WHERE replaced_at IS NULL"
    )
    return {str(r[0]): SlotState(*r[1:]) for r in rows}


def sync_slots(db: Database, slots: Iterable[Slot], reason: str) -> None:
    """Record the slots about to be written as the valid ones; the others become replaced."""
    now = iso(now_utc())
    current = {s.id: s for s in slots}
    for slot_id in valid_slots(db):
        if slot_id not in current:
            db.execute(
                "UPDATE key_slots SET replaced_at = ?, replaced_reason = ? WHERE slot_id = ?",
                (now, reason, slot_id),
            )
    for slot in current.values():
        if slot_state(db, slot.id) is None:
            db.execute(
                "INSERT INTO key_slots (slot_id, subject, digest, registered_at) VALUES (?,?,?,?)",
                (slot.id, slot_subject(slot), slot.digest(), now),
            )


def check_slot(db: Database, slot: Slot) -> str:
    """Why this slot may not open the store ("" when it may)."""
    state = slot_state(db, slot.id)
    if state is None:
        return "the key slot is not one the store issued"
    if state.digest != slot.digest():
        return "the key slot was altered after the store issued it"
    if state.replaced_at is not None:
        why = {"password": "the password was changed", "disabled": "the account was disabled"}.get(
            state.replaced_reason or "", state.replaced_reason or "it was replaced"
        )
        return f"the key slot was withdrawn on {state.replaced_at[:10]} ({why})"
    return ""
