"""A signed-in account on an unlocked store, and the ways to get one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from injurydoc.domain.errors import AccessDenied, AuthError, ValidationError
from injurydoc.domain.models import Account
from injurydoc.domain.vocab import AuditAction, AuditOutcome, Profession, Role, StorePurpose
from injurydoc.store import accounts as accounts_repo
from injurydoc.store import audit
from injurydoc.store.database import Database
from injurydoc.store.keyslots import KdfParams
from injurydoc.store.personal_keys import RECOVERY, PersonalKeys
from injurydoc.store.vault import Vault, is_store

# is_store: for ui/, which asks whether a folder holds a store before offering to sign in to it
__all__ = [
    "MIN_PASSWORD",
    "Session",
    "SetupResult",
    "check_password",
    "check_username",
    "create_store",
    "is_store",
    "sign_in",
    "sign_in_with_recovery",
]

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password.too_short", min=MIN_PASSWORD)


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError("username.invalid")
    return name


@dataclass
class Session:
    """A signed-in account.  Hand it to services; close it to drop the key from memory."""

    vault: Vault
    account: Account
    #: True when the store was opened with the recovery code (password resets only).
    via_recovery: bool = False
    kdf: KdfParams = field(default_factory=KdfParams)
    #: this session's personal keys (None in a store from before personal keys); they sign checkpoints
    keys: PersonalKeys | None = None
    #: the unit key, for unit managers whose own keys are certified: it certifies others' keys
    unit_key: Ed25519PrivateKey | None = None
    #: what the checks at sign-in found wrong without refusing (shown to unit managers)
    integrity: list[str] = field(default_factory=list)
    _anchor_pending: bool = False
    _unsigned_rows: int = 0
    _last_own_row: tuple[int, str] | None = None
    _first_own_seq: int | None = None
    #: (target, details) -> monotonic time of the last identical "changed" event (autosave coalescing)
    _recent_changes: dict[tuple[str, str], float] = field(default_factory=dict)

    #: Saving as the clinician types must not write a log row per keystroke: the same change of the
    #: same fields of the same record is logged once per this many seconds.
    COALESCE_SECONDS = 60.0

    def __post_init__(self) -> None:
        from injurydoc.services import protection  # the store reads protected persons with our keys

        protection.attach(self)

    @property
    def db(self) -> Database:
        return self.vault.db

    @property
    def unit(self) -> str:
        return self.vault.unit

    @property
    def is_training(self) -> bool:
        return self.vault.purpose is StorePurpose.TRAINING

    @property
    def subject(self) -> str:
        """Whose keys this session signs with: the account id, or the recovery code's."""
        return RECOVERY if self.via_recovery else self.account.id

    def has(self, role: Role) -> bool:
        return self.account.has(role)

    def require(self, role: Role) -> None:
        if not self.account.has(role):
            raise AccessDenied("access.role", role=role.code)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        with self.db.transaction() as db:
            yield db

    def audit(
        self,
        action: AuditAction,
        *,
        outcome: AuditOutcome = AuditOutcome.OK,
        patient_id: str | None = None,
        target: str = "",
        details: dict[str, Any] | None = None,
        coalesce: bool = False,
        checkpoint: str | None = None,
    ) -> int:
        """Write an access-log event inside the current transaction.

        ``coalesce``: skip it when the identical event was written less than COALESCE_SECONDS ago
        (returns 0 then).  Only for autosaved changes; reads, signing and exports are always logged.
        ``checkpoint``: sign a checkpoint of this kind on this row now (see store/audit.py for when one
        is signed anyway).
        """
        if coalesce and self._logged_just_now(target, details):
            return 0
        seq, row_hash = audit.append_row(
            self.db,
            store_id=self.vault.store_id,
            account_id=None if self.via_recovery else self.account.id,
            username=(audit.RECOVERY_PREFIX if self.via_recovery else "") + self.account.username,
            unit=self.unit,
            action=action,
            outcome=outcome,
            patient_id=patient_id,
            target=target,
            details=details,
        )
        self._last_own_row = (seq, row_hash)
        if self._first_own_seq is None:
            self._first_own_seq = seq
        self._unsigned_rows += 1
        from injurydoc.services import unit_queue  # unit mode: the entry goes to the unit's log too

        unit_queue.logged(self, seq, row_hash, action, outcome, patient_id, target, details)
        if self.keys is not None and (
            checkpoint
            or action in _SIGN_NOW
            or outcome is AuditOutcome.DENIED
            or self._unsigned_rows >= audit.CHECKPOINT_EVERY
        ):
            self.sign_checkpoint(self.keys, seq, row_hash, checkpoint or action.code)
        if not self._anchor_pending:
            self._anchor_pending = True
            self.db.after_commit(self._write_anchor)
        return seq

    def _logged_just_now(self, target: str, details: dict[str, Any] | None) -> bool:
        """Whether the identical event was logged less than COALESCE_SECONDS ago (and if not, that it
        is now)."""
        import json
        import time

        key = (target, json.dumps(details or {}, sort_keys=True))
        now = time.monotonic()
        last = self._recent_changes.get(key)
        if last is not None and now - last < self.COALESCE_SECONDS:
            return True
        self._recent_changes[key] = now
        return False

    def sign_checkpoint(self, keys: PersonalKeys, seq: int, row_hash: str, kind: str) -> None:
        """A signed checkpoint of the access log at row ``seq`` (called by :meth:`log`; public so that
        bench_start_list.py can measure the list without it, as before issue 14)."""
        audit.add_checkpoint(
            self.db,
            store_id=self.vault.store_id,
            seq=seq,
            h=row_hash,
            signer=self.subject,
            keys=keys,
            kind=kind,
        )
        self._unsigned_rows = 0

    def audit_denied(
        self, action: AuditAction, *, patient_id: str | None, target: str, reason: str
    ) -> AccessDenied:
        """Log a refused attempt in its own transaction and return the error to raise."""
        with self.transaction():
            self.audit(
                action,
                outcome=AuditOutcome.DENIED,
                patient_id=patient_id,
                target=target,
                details={"reason": reason},
            )
        return AccessDenied("access.denied")

    def _may_start_anchor(self) -> bool:
        """Whether this session may write an anchor where there is none: in a store it made itself (no
        row before its own), or as a unit manager, whose sign-in checked the whole log first and
        recorded a missing anchor as a break.  Anyone else re-making it would hide rows cut from the
        log's end together with the anchor."""
        if self.account.has(Role.UNIT_MANAGER) and not self.via_recovery:
            return True
        first = self._first_own_seq
        before = self.db.scalar("SELECT count(*) FROM audit_log WHERE seq < ?", (first,)) if first else 1
        return not before

    def _write_anchor(self) -> None:
        self._anchor_pending = False
        if self.keys is None:
            self.vault.write_anchor()  # a store from before personal keys: the HMAC anchor
            return
        if self._last_own_row is None:
            return
        seq, row_hash = self._last_own_row
        old, problem = audit.load_anchor(self.vault.folder)
        if problem:
            return  # evidence: leave it for `audit verify`
        if old is None and not self._may_start_anchor():
            return  # a missing anchor is evidence: the next unit manager's sign-in names it
        if old is not None:
            if audit.hash_at(self.db, old.seq) != old.hash:
                return  # the anchor no longer matches the log: leave it as it is
            if old.seq > seq:
                return  # another session's newer row is anchored already
        audit.write_signed_anchor(
            self.vault.folder, self.vault.store_id, seq, row_hash, self.subject, self.keys
        )

    def close(self, *, log_out: bool = True) -> None:
        if log_out and not self.via_recovery:
            with self.transaction():
                self.audit(AuditAction.SIGNED_OUT)
        from injurydoc.services import keys as key_service

        key_service.remember_on_this_computer(self)
        self.vault.close()
        self.keys = self.unit_key = None


#: Events that get a signed checkpoint at once (besides every CHECKPOINT_EVERY rows).
_SIGN_NOW = frozenset(
    {
        AuditAction.SIGNED_IN,
        AuditAction.SIGNED_OUT,
        AuditAction.ACCOUNT,
        AuditAction.RECOVERY,
        AuditAction.EXPORTED,
        AuditAction.SIGNED,
        AuditAction.LOG_REVIEW,
        AuditAction.GRANT,
        AuditAction.COPIED,
    }
)


def sign_in(folder: Path, username: str, password: str) -> Session:
    """Unwrap the data key with the account's own password and open the store."""
    name = username.strip().lower()
    vault, slot = Vault.open_with_password(folder, name, password)
    try:
        account = accounts_repo.by_id(vault.db, slot.account_id or "")
        if account is None or account.username != name:
            raise AuthError("auth.failed")
        if not account.active:
            raise AuthError("auth.disabled")
        from injurydoc.services import keys as key_service

        session = Session(vault=vault, account=account, kdf=slot.kdf, keys=vault.personal_keys)
        # Slot registry, key file generation, unit key, own keys; a unit manager may migrate the store
        # to personal keys or certify new keys.  Refusals are logged there and raised.
        extra = key_service.on_sign_in(session, slot, password)
        with session.transaction():
            details: dict[str, Any] = dict(extra.details)
            if vault.failed_before:
                details["failed_attempts_before"] = vault.failed_before
            session.audit(AuditAction.SIGNED_IN, details=details, checkpoint=extra.checkpoint)
        key_service.remember_on_this_computer(session)
        if session.has(Role.UNIT_MANAGER) and session.keys is not None:
            from injurydoc.services import signature_migration

            # Records signed before signatures existed get the program's "migrated" signature.
            signature_migration.migrate_unsigned(session)
        from injurydoc.services import startup  # here: startup imports the services

        startup.after_sign_in(session, password)
        return session
    except BaseException:
        vault.close()
        raise


def sign_in_with_recovery(folder: Path, code: str, manager_name: str = "") -> Session:
    """Open the store with the recovery code, for resetting passwords only."""
    vault = Vault.open_with_recovery(folder, code)
    try:
        import datetime as dt

        pseudo = Account(
            id="recovery",
            username=check_username(manager_name) if manager_name else "unit-manager",
            display_name="Recovery code",
            roles=frozenset({Role.UNIT_MANAGER}),
            profession=Profession.MANAGER,
            hsa_id="",
            active=True,
            created_at=dt.datetime.now(dt.UTC),
        )
        from injurydoc.services import keys as key_service

        session = Session(vault=vault, account=pseudo, via_recovery=True, keys=vault.personal_keys)
        extra = key_service.on_sign_in(session, vault.slot, code)
        with session.transaction():
            details = {"failed_attempts_before": vault.failed_before} | extra.details
            session.audit(AuditAction.RECOVERY, details=details, checkpoint=extra.checkpoint)
        from injurydoc.services import startup  # here: startup imports the services

        startup.after_sign_in(session)
        return session
    except BaseException:
        vault.close()
        raise


@dataclass(frozen=True)
class SetupResult:
    session: Session
    recovery_code: str
    #: the unit key's fingerprint, to write down beside the recovery code (docs/store.md)
    unit_fingerprint: str = ""


def create_store(
    folder: Path,
    *,
    unit_name: str,
    manager_username: str,
    manager_display_name: str,
    manager_password: str,
    purpose: StorePurpose = StorePurpose.REAL,
    manager_profession: Profession = Profession.MANAGER,
    manager_hsa_id: str = "",
    extra_roles: frozenset[Role] = frozenset(),
    kdf: KdfParams | None = None,
) -> SetupResult:
    """Create a store and its first unit manager; returns the signed-in manager and recovery code."""
    kdf = kdf or KdfParams()
    username = check_username(manager_username)
    check_password(manager_password)
    if not unit_name.strip():
        raise ValidationError("field.required", field="unit")
    if not manager_display_name.strip():
        raise ValidationError("field.required", field="name")
    from injurydoc.services import keys as key_service

    vault, code = Vault.create(folder, purpose=purpose, unit_name=unit_name.strip(), kdf=kdf)
    try:
        with vault.db.transaction() as db:
            account = accounts_repo.insert(
                db,
                username=username,
                display_name=manager_display_name.strip(),
                roles=frozenset({Role.UNIT_MANAGER}) | extra_roles,
                profession=manager_profession,
                hsa_id=manager_hsa_id.strip(),
                created_by=None,
            )
            session = Session(vault=vault, account=account, kdf=kdf)
            # The unit key, the manager's and the recovery code's keys, the first (signed) log row.
            key_service.key_new_store(
                session, manager_password, {"event": "store_created", "purpose": purpose.code}
            )
    except BaseException:
        vault.close()
        _remove_new_store(vault.folder)
        raise
    key_service.remember_on_this_computer(session)
    return SetupResult(
        session=session, recovery_code=code, unit_fingerprint=key_service.unit_fingerprint(session) or ""
    )


def _remove_new_store(folder: Path) -> None:
    """Undo a set-up that failed half-way: nothing of value was in it yet."""
    import contextlib

    from injurydoc.store.vault import DB_FILE, KEYSLOTS_FILE

    for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", KEYSLOTS_FILE, audit.ANCHOR_FILE):
        with contextlib.suppress(OSError):
            (folder / name).unlink()
