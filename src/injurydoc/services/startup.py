"""What runs once a store is open and someone has signed in: the bookkeeping a killed process or a
damaged file left behind is settled and written into the access log, where the unit manager sees it.

- a damaged sign-in counter file (replaced by a fresh one, see :mod:`injurydoc.store.lockout`) →
  event ``lockout_file_damaged``;
- pending exports of a process that died → recorded or marked never delivered, partial files removed
  (:func:`injurydoc.services.export_records.reconcile`);
- photo imports of a process that died → event ``photo_import_interrupted`` with how many files were
  stored (:func:`injurydoc.services.photo_imports.reconcile`);
- temp files of atomic writes (anchor, sign-in counters, key file) left in the store folder by a killed
  process → removed, and so are the lock files of processes that ended
  (:mod:`injurydoc.store.process_lock`);
- a PKCS#11 module path held in the store → removed, event ``pkcs11_module_removed``;
- the account's software signing key kept unwrapped in the OS keyring by an older program → wrapped
  under the password just typed, event ``keyring_key_wrapped``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from injurydoc.domain.vocab import AuditAction
from injurydoc.services import export_records, photo_imports
from injurydoc.store import process_lock
from injurydoc.store.audit import iso

if TYPE_CHECKING:
    from injurydoc.services.session import Session


def after_sign_in(session: Session, password: str | None = None) -> None:
    log_lockout_damage(session)
    export_records.reconcile(session)
    photo_imports.reconcile(session)
    export_records.remove_stale_tmp(session.vault.folder)  # before the lock files that tell whose they are
    keep = export_records.pending_processes(session.db) | photo_imports.pending_processes(session.db)
    process_lock.remove_stale(session.vault.folder, keep)
    remove_store_modules(session)
    if password is not None:
        rewrap_keyring_key(session, password)


def remove_store_modules(session: Session) -> None:
    """A PKCS#11 module path found in the store is removed (and logged): the module is a setting of
    the workstation only (services/workstation.py), so nothing reads it, and nothing should hold it."""
    from injurydoc.services import signing

    db = session.db
    found = db.one(f"{signing.STORE_MODULE_ROWS} LIMIT 1") or db.one(
        f"SELECT 1 {signing.STORE_MODULE_SETTINGS}"
    )
    if found is not None:
        signing.strip_store_modules(session)


def rewrap_keyring_key(session: Session, password: str) -> None:
    """The owner's software signing key in the OS keyring, if kept there unwrapped by an older program,
    is wrapped under their password now (services/signing.py)."""
    location = session.db.scalar(
        "SELECT key_location FROM signing_keys WHERE account_id = ?", (session.account.id,)
    )
    if location == "keyring":
        from injurydoc.services import signing

        signing.SigningService(session).upgrade_keyring_entry(password)


def log_lockout_damage(session: Session, found_at: float | None = None) -> None:
    """Write the damaged counter file's event (once) into the access log."""
    damaged = session.vault.lockout_damaged_at if found_at is None else found_at
    if damaged is not None:
        with session.transaction():
            session.audit(
                AuditAction.ACCOUNT,
                details={
                    "event": "lockout_file_damaged",
                    "found_at": iso(dt.datetime.fromtimestamp(damaged, dt.UTC)),
                },
            )
        session.vault.lockout_damaged_at = None
