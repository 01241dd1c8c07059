"""A signed-in account on an unlocked store, and the ways to get one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from injurydoc.domain.errors import AccessDenied, AuthError, ValidationError
from injurydoc.domain.models import Account
from injurydoc.domain.vocab import AuditAction, AuditOutcome, Profession, Role, StorePurpose
from injurydoc.store import accounts as accounts_repo
from injurydoc.store import audit
from injurydoc.store.database import Database
from injurydoc.store.keyslots import KdfParams
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
    _anchor_pending: bool = False
    #: (target, details) -> monotonic time of the last identical "changed" event (autosave coalescing)
    _recent_changes: dict[tuple[str, str], float] = field(default_factory=dict)

    #: Saving as the clinician types must not write a log row per keystroke: the same change of the
    #: same fields of the same record is logged once per this many seconds.
    COALESCE_SECONDS = 60.0

    @property
    def db(self) -> Database:
        return self.vault.db

    @property
    def unit(self) -> str:
        return self.vault.unit

    @property
    def is_training(self) -> bool:
        return self.vault.purpose is StorePurpose.TRAINING

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
    ) -> int:
        """Write an access-log event inside the current transaction.

        ``coalesce``: skip it when the identical event was written less than COALESCE_SECONDS ago
        (returns 0 then).  Only for autosaved changes; reads, signing and exports are always logged.
        """
        if coalesce:
            import json
            import time

            key = (target, json.dumps(details or {}, sort_keys=True))
            now = time.monotonic()
            last = self._recent_changes.get(key)
            if last is not None and now - last < self.COALESCE_SECONDS:
                return 0
            self._recent_changes[key] = now
        seq = audit.append(
            self.db,
            store_id=self.vault.store_id,
            account_id=None if self.via_recovery else self.account.id,
            username=("recovery-code:" if self.via_recovery else "") + self.account.username,
            unit=self.unit,
            action=action,
            outcome=outcome,
            patient_id=patient_id,
            target=target,
            details=details,
        )
        if not self._anchor_pending:
            self._anchor_pending = True
            self.db.after_commit(self._write_anchor)
        return seq

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

    def _write_anchor(self) -> None:
        self._anchor_pending = False
        self.vault.write_anchor()

    def close(self, *, log_out: bool = True) -> None:
        if log_out and not self.via_recovery:
            with self.transaction():
                self.audit(AuditAction.SIGNED_OUT)
        self.vault.close()


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
        session = Session(vault=vault, account=account, kdf=slot.kdf)
        with session.transaction():
            details: dict[str, Any] = {}
            if vault.failed_before:
                details["failed_attempts_before"] = vault.failed_before
            session.audit(AuditAction.SIGNED_IN, details=details)
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
        session = Session(vault=vault, account=pseudo, via_recovery=True)
        with session.transaction():
            session.audit(AuditAction.RECOVERY, details={"failed_attempts_before": vault.failed_before})
        return session
    except BaseException:
        vault.close()
        raise


@dataclass(frozen=True)
class SetupResult:
    session: Session
    recovery_code: str


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
            session.audit(
                AuditAction.ACCOUNT,
                target=f"account:{account.id}",
                details={"event": "store_created", "purpose": purpose.code},
            )
            vault.keyslots.set_account_slot(
                account_id=account.id,
                username=username,
                password=manager_password,
                data_key=vault.data_key,
                kdf=kdf,
            )
            vault.save_keyslots()
    except BaseException:
        vault.close()
        _remove_new_store(vault.folder)
        raise
    return SetupResult(session=session, recovery_code=code)


def _remove_new_store(folder: Path) -> None:
    """Undo a set-up that failed half-way: nothing of value was in it yet."""
    import contextlib

    from injurydoc.store.vault import DB_FILE, KEYSLOTS_FILE

    for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", KEYSLOTS_FILE, audit.ANCHOR_FILE):
        with contextlib.suppress(OSError):
            (folder / name).unlink()
