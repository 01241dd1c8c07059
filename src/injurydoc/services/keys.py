"""Personal keys through an account's life: made, certified, checked at sign-in, reset, withdrawn.

See docs/store.md ("Personal keys") for the design.  In short:

* A new store gets a unit key; the first unit manager's and the recovery code's keys are certified by
  it at once, and it is sealed to both.
* A store from before personal keys is migrated when a unit manager signs in: a backup first, then the
  unit key and the manager's keys.  Every other account gets its keys at its own next sign-in (only its
  password can wrap them); they are certified at the next sign-in of a unit manager who holds the unit key.
* Every sign-in to a store with personal keys checks: this computer's pin of the unit key, that the slot
  used is one the store issued and has not withdrawn, that keyslots.json is not older than the store
  expects, and that the keys the slot holds are the ones recorded (and certified) for the account.
  A refusal is written to the access log and raised with a message naming what was wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from injurydoc.domain.errors import AuthError, Both, KnownError, StoreError
from injurydoc.domain.vocab import AuditAction, AuditOutcome, Role
from injurydoc.services import protection
from injurydoc.services.session import Session
from injurydoc.services.workstation import StorePin, load_pin, save_pin
from injurydoc.store import audit, audit_check
from injurydoc.store import key_registry as repo
from injurydoc.store.audit_check import KEY_SLOTS, KEYS_WITHDRAWN
from injurydoc.store.key_registry import Trust, UntrustedKey
from injurydoc.store.keyslots import Slot
from injurydoc.store.personal_keys import (
    RECOVERY,
    Certificate,
    KeyFormatError,
    PersonalKeys,
    PublicKeys,
    canonical,
    fingerprint,
    new_unit_key,
    seal,
    unit_key_bytes,
    unit_key_from_bytes,
    unit_public,
    unseal,
)


@dataclass(frozen=True)
class SignInExtra:
    """What the sign-in row records besides the usual, and the kind of checkpoint it gets."""

    details: dict[str, Any] = field(default_factory=dict)
    checkpoint: str | None = None


def unit_fingerprint(s: Session) -> str | None:
    raw = repo.unit_key_public(s.db)
    return fingerprint(raw) if raw else None


def trust(s: Session) -> Trust:
    raw = repo.unit_key_public(s.db)
    if not raw or len(raw) != 32:
        raise StoreError("store.keyslots_damaged", detail="the store has no unit key")
    return Trust(s.db, s.vault.store_id, raw)


# ----- sign-in --------------------------------------------------------------------------------------------
def on_sign_in(s: Session, slot: Slot | None, secret: str) -> SignInExtra:
    """The checks and the key work of a sign-in (before its own log row).  Raises on refusal."""
    unit_raw = repo.unit_key_public(s.db)
    if slot is None:
        raise AuthError("auth.failed")
    if unit_raw is None:
        if slot.keyed or repo.keyed_at_seq(s.db) is not None:
            _refuse(
                s, "unit_key_missing", StoreError("store.keyslots_damaged", detail="the unit key is gone")
            )
        pin = load_pin(s.vault.store_id, s.vault.folder)
        if pin is not None and pin.unit_key:  # this computer saw the store keyed: swapped for an older copy
            _refuse(s, "unit_key_gone", AuthError("keys.unit_key_gone", expected=pin.unit_key))
        if s.has(Role.UNIT_MANAGER) and not s.via_recovery:
            extra = _migrate(s, slot, secret)
            with s.transaction():  # protected persons stored in the clear until now are encrypted
                protection.seal_unsealed(s)
            return extra
        return SignInExtra()
    fp = fingerprint(unit_raw)
    details = _check_this_computer(s, fp)
    problem = repo.check_slot(s.db, slot)
    if problem:
        who = s.account.username
        _refuse(s, "slot_invalid", AuthError("auth.slot_invalid", user=who, detail=problem))
    expected = repo.keyslots_generation(s.db)
    if s.vault.keyslots.generation < expected:
        found = s.vault.keyslots.generation
        _refuse(
            s, "keyslots_rolled_back", AuthError("auth.keyslots_rolled_back", found=found, expected=expected)
        )
    t = Trust(s.db, s.vault.store_id, unit_raw)
    if slot.keyed:
        _check_own_keys(s, t)
    else:
        _first_keys(s, slot, secret)
    if s.vault.opened_with_previous_key:
        details["rekey_unfinished"] = True
    if not s.has(Role.UNIT_MANAGER):
        if _own_unit_cache(s):
            s.unit_key = _open_unit_key(s, unit_raw)
            certify_pending(s)
        return SignInExtra(details)
    s.unit_key = _open_unit_key(s, unit_raw)
    if s.unit_key is not None:
        certified = certify_pending(s)
        with s.transaction():
            for subject in certified:
                protection.reissue_for(s, subject)
            protection.purge_expired(s)
            protection.seal_unsealed(s)
    report = check_log(s)
    if report.whole:
        return SignInExtra(details | {"log_checked_rows": report.rows}, "countersign")
    s.integrity.append(report.problem)
    return SignInExtra(details | {"log_broken_at": report.first_broken_seq or 0})


def _own_unit_cache(s: Session) -> bool:
    """A unit-mode cache opens its unit key for its one account (services/unit_mode.py): it certifies
    the keys of signatures the pull checked against the unit server (sync/materialise.py)."""
    return bool(s.db.scalar("SELECT value FROM sync_state WHERE key = 'mode'") == "unit")


def _refuse(s: Session, reason: str, error: KnownError) -> None:
    """Log the refused sign-in (no signature: this session's keys are not trusted) and raise."""
    s.keys = None
    with s.db.transaction() as db:
        audit.append(
            db,
            store_id=s.vault.store_id,
            account_id=None if s.via_recovery else s.account.id,
            username=(audit.RECOVERY_PREFIX if s.via_recovery else "") + s.account.username,
            unit=s.unit,
            action=AuditAction.SIGNED_IN,
            outcome=AuditOutcome.DENIED,
            details={"refused": reason},
        )
    raise error


def _check_this_computer(s: Session, fp: str) -> dict[str, Any]:
    """This OS user's pin: a replaced unit key refuses; a log that lost a row seen here is recorded."""
    pin = load_pin(s.vault.store_id, s.vault.folder)
    if pin is None:
        return {}
    if pin.unit_key and pin.unit_key != fp:
        _refuse(s, "unit_key_replaced", AuthError("keys.unit_key_replaced", found=fp, expected=pin.unit_key))
    if pin.log_seq and audit.hash_at(s.db, pin.log_seq) != pin.log_hash:
        s.integrity.append(
            f"this computer saw row {pin.log_seq} of the access log on {pin.seen_at[:10]}; the log no "
            "longer holds it: the store was rolled back or the log rewritten"
        )
        return {"log_pin_mismatch": pin.log_seq}
    return {}


def _check_own_keys(s: Session, t: Trust) -> None:
    keys = s.keys
    if keys is None:
        raise RuntimeError("a keyed slot without keys")
    who = s.account.username if not s.via_recovery else "recovery code"
    rec = repo.record(s.db, s.subject, keys.generation)
    if rec is None or rec.keys != keys.public():
        _refuse(
            s,
            "key_substituted",
            AuthError("keys.untrusted", who=who, detail="the public key recorded in the store is not yours"),
        )
        return
    if rec.retired:
        _refuse(s, "key_withdrawn", AuthError("keys.untrusted", who=who, detail="these keys were withdrawn"))
    newest = repo.current(s.db, s.subject)
    if newest is not None and newest.keys.generation > keys.generation:
        _refuse(
            s, "key_superseded", AuthError("keys.untrusted", who=who, detail="newer keys have been issued")
        )
    if rec.certified:
        try:
            t.keys(s.subject, keys.generation)
        except UntrustedKey as exc:
            _refuse(s, "certificate_invalid", AuthError("keys.untrusted", who=exc.who, detail=exc.problem))


def _first_keys(s: Session, slot: Slot, secret: str) -> None:
    """An account (or the recovery code) without keys signs in to a store that has them: make them."""
    if repo.current(s.db, s.subject) is not None:
        who = s.account.username if not s.via_recovery else "recovery code"
        _refuse(
            s,
            "key_substituted",
            AuthError(
                "keys.untrusted", who=who, detail="keys are recorded for you that your password does not open"
            ),
        )
    keys = PersonalKeys.generate(1)
    with s.transaction() as db:
        repo.add_keys(db, s.subject, keys.public())
        new_slot = s.vault.keyslots.set_keyed_slot(
            kind=slot.kind,
            secret=secret,
            keys=keys,
            data_key=s.vault.data_key,
            kdf=slot.kdf,
            account_id=slot.account_id,
            username=slot.username,
        )
        s.keys = keys
        s.audit(
            AuditAction.ACCOUNT,
            target=_target(s.subject),
            details={
                "event": "personal_keys_created",
                "key": keys.public().signing_fingerprint,
                "certified": False,
            },
        )
        save_slots(s, "keys")
    s.vault.slot = new_slot


def _migrate(s: Session, slot: Slot, secret: str) -> SignInExtra:
    """A unit manager signs in to a store from before personal keys: back it up, then key it."""
    from injurydoc.services.backup import backup

    anchor, anchor_problem = audit.read_anchor(s.vault.folder, s.vault.data_key)
    chain = audit.verify_chain(s.db, s.vault.store_id, anchor)
    if anchor_problem or not chain.whole or (anchor is None and chain.rows):
        problem = anchor_problem or chain.problem or "the anchor file is missing"
        s.integrity.append(f"the access log is not whole ({problem}); the store was not given personal keys")
        return SignInExtra({"personal_keys": "not_created", "log_broken_at": chain.first_broken_seq or 0})
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    try:  # before anything changes; without it nothing is changed
        copy = backup(s, s.vault.folder / f"before-personal-keys-{stamp}.injurydoc-backup")
    except StoreError as exc:
        why = Both(exc.message("sv"), exc.message("en"))
        raise StoreError("keys.migration_backup_failed", folder=str(s.vault.folder), detail=why) from None
    unit = new_unit_key()
    keys = PersonalKeys.generate(1)
    fp = fingerprint(unit_public(unit))
    with s.transaction() as db:
        s.keys = keys
        seq = s.audit(
            AuditAction.ACCOUNT,
            target="store",
            details={"event": "personal_keys_created", "unit_key": fp, "backup": copy.name},
            checkpoint="keyed",
        )
        repo.set_unit_key(db, unit_public(unit), seq)
        repo.add_keys(db, s.subject, keys.public())
        _certify(s, unit, s.subject, keys.public())
        _seal_unit_key(s, unit, s.subject, keys.public())
        new_slot = s.vault.keyslots.set_keyed_slot(
            kind="account",
            secret=secret,
            keys=keys,
            data_key=s.vault.data_key,
            kdf=slot.kdf,
            account_id=slot.account_id,
            username=slot.username,
        )
        save_slots(s, "keys")
    s.unit_key = unit
    s.vault.slot = new_slot
    return SignInExtra({"personal_keys": "created"}, "countersign")


def key_new_store(s: Session, password: str, details: dict[str, Any], *, recovery_code: bool = True) -> None:
    """A new store (inside the transaction that made its first account): the unit key, the manager's
    and the recovery code's keys, all certified; the first log row carries the ``keyed`` checkpoint.
    ``recovery_code=False`` (a unit-mode cache): the store has no recovery code, its slot is dropped
    before the first slot record, so the account's own slot is the only one the log ever names."""
    unit = new_unit_key()
    keys = PersonalKeys.generate(1)
    recovery = s.vault.recovery_keys
    if recovery is None:
        raise RuntimeError("a new store's recovery keys are missing")
    holders = [(s.subject, keys.public())]
    if recovery_code:
        holders.append((RECOVERY, recovery.public()))
    else:
        s.vault.keyslots.slots = [slot for slot in s.vault.keyslots.slots if slot.kind != "recovery"]
    s.keys = keys
    seq = s.audit(
        AuditAction.ACCOUNT,
        target=_target(s.subject),
        details=details | {"unit_key": fingerprint(unit_public(unit))},
        checkpoint="keyed",
    )
    repo.set_unit_key(s.db, unit_public(unit), seq)
    for subject, pub in holders:
        repo.add_keys(s.db, subject, pub)
        _certify(s, unit, subject, pub)
        _seal_unit_key(s, unit, subject, pub)
    s.vault.keyslots.set_keyed_slot(
        kind="account",
        secret=password,
        keys=keys,
        data_key=s.vault.data_key,
        kdf=s.kdf,
        account_id=s.account.id,
        username=s.account.username,
    )
    save_slots(s, "created")
    s.unit_key = unit
    s.vault.recovery_keys = None


# ----- the unit key ---------------------------------------------------------------------------------------
def _unit_seal_context(store_id: str, holder: str, generation: int) -> bytes:
    return canonical({"p": "injurydoc-unit-key", "store": store_id, "holder": holder, "gen": generation})


def _seal_unit_key(s: Session, unit: Ed25519PrivateKey, holder: str, keys: PublicKeys) -> None:
    ctx = _unit_seal_context(s.vault.store_id, holder, keys.generation)
    repo.seal_unit_key(s.db, holder, keys.generation, seal(unit_key_bytes(unit), keys.x25519, ctx))


def _open_unit_key(s: Session, unit_raw: bytes) -> Ed25519PrivateKey | None:
    found = repo.unit_key_seal(s.db, s.subject)
    if found is None or s.keys is None or found[0] != s.keys.generation:
        return None
    try:
        raw = unseal(found[1], s.keys.x25519, _unit_seal_context(s.vault.store_id, s.subject, found[0]))
        key = unit_key_from_bytes(raw)
    except KeyFormatError:
        s.integrity.append("the unit key sealed for you does not open: it has been altered")
        return None
    if unit_public(key) != unit_raw:
        s.integrity.append("the unit key sealed for you is not the store's unit key: it has been replaced")
        return None
    return key


def store_unit_key(
    db: Any, store_id: str, holder: str, keys: PersonalKeys | None
) -> Ed25519PrivateKey | None:
    """The store's unit key opened with ``holder``'s personal keys, without a session (a store import only
    reads the store); None when it is not sealed to these keys, does not open, or is not the store's."""
    found = repo.unit_key_seal(db, holder)
    unit_raw = repo.unit_key_public(db)
    if found is None or keys is None or found[0] != keys.generation or not unit_raw:
        return None
    try:
        key = unit_key_from_bytes(
            unseal(found[1], keys.x25519, _unit_seal_context(store_id, holder, found[0]))
        )
    except KeyFormatError:
        return None
    return key if unit_public(key) == unit_raw else None


def _certify(s: Session, unit: Ed25519PrivateKey, subject: str, keys: PublicKeys) -> None:
    roles: tuple[str, ...]
    if subject == RECOVERY:
        username, roles = "", (Role.UNIT_MANAGER.code,)
    else:
        username = str(s.db.scalar("SELECT username FROM accounts WHERE id = ?", (subject,)))
        roles = tuple(
            str(r[0])
            for r in s.db.all("SELECT role FROM account_roles WHERE account_id = ? ORDER BY role", (subject,))
        )
    cert = Certificate(
        store_id=s.vault.store_id,
        subject=subject,
        username=username,
        roles=roles,
        keys=keys,
        issued_at=audit.iso(audit.now_utc()),
        issued_by=s.subject,
        issuer=fingerprint(unit_public(unit)),
    )
    repo.certify(s.db, subject, keys.generation, cert.to_bytes(), cert.sign(unit))


def _is_manager(s: Session, subject: str) -> bool:
    if subject == RECOVERY:
        return True
    return bool(
        s.db.scalar("SELECT 1 FROM account_roles WHERE account_id = ? AND role = 'unit_manager'", (subject,))
    )


def _unit_pinned(s: Session) -> bool:
    """A unit-mode cache that pinned the unit server's unit key (services/unit_keys.py)."""
    from injurydoc.services import unit_keys

    return unit_keys.pinned(s) is not None


def certify_pending(s: Session) -> list[str]:
    """Certify keys made at first sign-ins since a unit manager last signed in; returns whose."""
    unit = s.unit_key
    if unit is None:
        return []
    pending = repo.pending(s.db)
    if pending and _unit_pinned(s):  # keys pulled from the unit server: the pull certifies them, only
        pending = [r for r in pending if r.keys.generation < repo.PULLED_GENERATIONS]  # once the unit did
    if not pending:
        return []
    done: list[str] = []
    with s.transaction():
        for rec in pending:
            _certify(s, unit, rec.subject, rec.keys)
            if _is_manager(s, rec.subject):
                _seal_unit_key(s, unit, rec.subject, rec.keys)
            s.audit(
                AuditAction.ACCOUNT,
                target=_target(rec.subject),
                details={
                    "event": "key_certified",
                    "generation": rec.keys.generation,
                    "key": rec.keys.signing_fingerprint,
                },
            )
            done.append(rec.subject)
    return done


# ----- accounts ---------------------------------------------------------------------------------------------
def store_is_keyed(s: Session) -> bool:
    return repo.unit_key_public(s.db) is not None


def issue_keys(s: Session, *, account_id: str, username: str, password: str, generation: int) -> PersonalKeys:
    """New keys for an account (inside the caller's transaction): recorded, certified when this session
    holds the unit key (else at a unit manager's next sign-in), wrapped in a new slot."""
    keys = PersonalKeys.generate(generation)
    repo.add_keys(s.db, account_id, keys.public())
    if s.unit_key is not None:
        _certify(s, s.unit_key, account_id, keys.public())
        if _is_manager(s, account_id):
            _seal_unit_key(s, s.unit_key, account_id, keys.public())
    s.vault.keyslots.set_keyed_slot(
        kind="account",
        secret=password,
        keys=keys,
        data_key=s.vault.data_key,
        kdf=s.kdf,
        account_id=account_id,
        username=username,
    )
    return keys


def certify_new(s: Session, subject: str, keys: PersonalKeys) -> None:
    """Certify keys just recorded (inside the caller's transaction); this session holds the unit key."""
    if s.unit_key is None:
        raise AuthError("keys.no_unit_key")
    _certify(s, s.unit_key, subject, keys.public())
    if _is_manager(s, subject):
        _seal_unit_key(s, s.unit_key, subject, keys.public())


def retire_keys(s: Session, subject: str, reason: str) -> None:
    """Withdraw a subject's current keys (kept, for what they signed); inside the caller's transaction.

    The withdrawal is its own log row, signed by this (unit manager's) session: `audit verify` reads
    withdrawals from the log, where they cannot be undone unseen, not only from the key table.
    """
    rec = repo.current(s.db, subject)
    if rec is not None and not rec.retired:
        seq = s.audit(
            AuditAction.ACCOUNT,
            target=_target(subject),
            details={
                "event": KEYS_WITHDRAWN,
                "subject": subject,
                "generation": rec.keys.generation,
                "reason": reason,
            },
        )
        repo.retire(s.db, subject, rec.keys.generation, seq, reason)
    repo.drop_unit_key_seal(s.db, subject)


def save_slots(s: Session, reason: str) -> None:
    """Write keyslots.json and, in a store with personal keys, record its slots as the valid ones:
    in the slot registry (checked at sign-in) and as a signed log row (checked by `audit verify`)."""
    ks = s.vault.keyslots
    if store_is_keyed(s):
        ks.generation = max(ks.generation, repo.keyslots_generation(s.db)) + 1
        repo.sync_slots(s.db, ks.slots, reason)
        repo.set_keyslots_generation(s.db, ks.generation)
        s.audit(
            AuditAction.ACCOUNT,
            target="store:keyslots",
            details={
                "event": KEY_SLOTS,
                "reason": reason,
                "generation": ks.generation,
                "slots": audit_check.slot_snapshot(ks.slots),
            },
        )
    s.vault.save_keyslots()


def _target(subject: str) -> str:
    return "store:recovery-code" if subject == RECOVERY else f"account:{subject}"


# ----- the access log --------------------------------------------------------------------------------------
def this_computer_pin(s: Session) -> audit_check.Pin | None:
    pin = load_pin(s.vault.store_id, s.vault.folder)
    if pin is None or not pin.log_seq:
        return None
    return audit_check.Pin(pin.log_seq, pin.log_hash, f"this computer (on {pin.seen_at[:10]})")


def check_log(s: Session, pins: list[audit_check.Pin] | None = None) -> audit_check.LogReport:
    raw = repo.unit_key_public(s.db)
    return audit_check.verify_log(
        s.db,
        s.vault.store_id,
        folder=s.vault.folder,
        data_key=s.vault.data_key,
        pins=pins or [],
        pinned_unit_key=None if raw is None else _pinned_unit(s),
    )


def _pinned_unit(s: Session) -> str | None:
    pin = load_pin(s.vault.store_id, s.vault.folder)
    return pin.unit_key if pin and pin.unit_key else None


def remember_on_this_computer(s: Session) -> None:
    """Pin the unit key and the newest log row for this OS user (see services/workstation.py)."""
    try:
        head = audit.head(s.db)
        raw = repo.unit_key_public(s.db)
    except KnownError:
        return
    if head is None:
        return
    pin = load_pin(s.vault.store_id, s.vault.folder)
    fp = fingerprint(raw) if raw else ""
    if pin is not None and pin.unit_key and fp != pin.unit_key:
        return  # never re-pin a replaced unit key
    save_pin(
        s.vault.store_id,
        s.vault.folder,
        StorePin(fp, head[0], head[1], audit.iso(audit.now_utc())),
    )
