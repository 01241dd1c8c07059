"""A store folder: ``injurydoc.db`` (SQLCipher) and ``keyslots.json`` (wrapped data keys)."""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from pathlib import Path

from injurydoc.domain.errors import Both, StoreError
from injurydoc.domain.vocab import StorePurpose
from injurydoc.store import audit, process_lock
from injurydoc.store.atomic import os_error_to_store_error
from injurydoc.store.database import Database
from injurydoc.store.keyslots import KdfParams, KeySlots, Opened, Slot, new_data_key, new_recovery_code
from injurydoc.store.layout import DB_FILE, KEYSLOTS_FILE, is_store
from injurydoc.store.lockout import Lockout
from injurydoc.store.personal_keys import PersonalKeys

__all__ = ["DB_FILE", "KEYSLOTS_FILE", "Vault", "check_writable", "is_store"]


def check_writable(folder: Path) -> None:
    """Probe by creating a file: ``os.access`` says yes to root even on a read-only mount."""
    probe = folder / f".write-probe-{uuid.uuid4().hex}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise StoreError("store.read_only", path=str(folder)) from None
        raise os_error_to_store_error(exc, folder) from None


class Vault:
    """An unlocked store: the data key is held in memory until :meth:`close`."""

    def __init__(self, folder: Path, keyslots: KeySlots, data_key: bytes, db: Database) -> None:
        self.folder = folder
        self.keyslots = keyslots
        self._data_key: bytes | None = data_key
        self.db = db
        self.store_id = keyslots.store_id
        meta: dict[str, str] = {str(k): str(v) for k, v in db.all("SELECT key, value FROM meta")}
        if meta.get("store_id") != self.store_id:
            db.close()
            raise StoreError(
                "store.keyslots_damaged",
                detail=Both("nyckelfilen hör till en annan databas", "key file belongs to another store"),
            )
        self.purpose = StorePurpose(meta.get("purpose", "real"))
        self.unit = str(meta.get("unit_name", ""))
        #: the slot that opened the store and the personal keys it held (None: a slot of the older kind)
        self.slot: Slot | None = None
        self.personal_keys: PersonalKeys | None = None
        #: set by :meth:`create` only: the recovery code's keys, for the unit key to certify
        self.recovery_keys: PersonalKeys | None = None
        #: True when the store opened only with the data key from before an unfinished re-key
        self.opened_with_previous_key = False

    # ----- creation and opening ---------------------------------------------------------------
    @staticmethod
    def create(folder: Path, *, purpose: StorePurpose, unit_name: str, kdf: KdfParams) -> tuple[Vault, str]:
        """Make a new store with no accounts yet.  Returns the vault and the recovery code."""
        folder = folder.expanduser().absolute()
        if is_store(folder):
            raise StoreError("store.exists", path=str(folder))
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error_to_store_error(exc, folder) from None
        check_writable(folder)
        store_id = str(uuid.uuid4())
        data_key = new_data_key()
        code = new_recovery_code()
        db_path = folder / DB_FILE
        slots = KeySlots(store_id=store_id)  # page size: keyslots.PAGE_SIZE for every new store
        recovery_keys = PersonalKeys.generate()
        try:
            db = Database(db_path, data_key, page_size=slots.page_size, create=True)
            with db.transaction():
                now = audit.iso(audit.now_utc())
                for key, value in (
                    ("store_id", store_id),
                    ("purpose", purpose.code),
                    ("created_at", now),
                    ("unit_name", unit_name),
                ):
                    db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
            slots.set_keyed_slot(
                kind="recovery",
                secret=code,
                keys=recovery_keys,
                data_key=data_key,
                kdf=kdf,
                account_id=None,
                username=None,
            )
            slots.save(folder / KEYSLOTS_FILE)
        except BaseException:
            with contextlib.suppress(Exception):
                db.close()
            for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", KEYSLOTS_FILE):
                with contextlib.suppress(OSError):
                    (folder / name).unlink()
            raise
        vault = Vault(folder, slots, data_key, db)
        vault.recovery_keys = recovery_keys
        return vault, code

    @staticmethod
    def _load(folder: Path) -> KeySlots:
        folder = folder.expanduser().absolute()
        if not (folder / KEYSLOTS_FILE).exists():
            raise StoreError("store.not_found", path=str(folder))
        if not (folder / DB_FILE).exists():
            raise StoreError("store.corrupt")
        return KeySlots.load(folder / KEYSLOTS_FILE)

    @staticmethod
    def open_with_password(folder: Path, username: str, password: str) -> tuple[Vault, Slot]:
        folder = folder.expanduser().absolute()
        slots = Vault._load(folder)
        lock = Lockout(folder, slots.store_id)
        lock.check(username)
        try:
            slot, opened = slots.open_account(username, password)
        except Exception:
            lock.failed(username)
            raise
        vault = Vault._open_db(folder, slots, opened, slot)
        vault.failed_before = lock.succeeded(username)
        vault.lockout_damaged_at = lock.damage_found
        return vault, slot

    @staticmethod
    def open_with_recovery(folder: Path, code: str) -> Vault:
        folder = folder.expanduser().absolute()
        slots = Vault._load(folder)
        lock = Lockout(folder, slots.store_id)
        lock.check("\0recovery")
        try:
            slot, opened = slots.open_recovery(code)
        except Exception:
            lock.failed("\0recovery")
            raise
        vault = Vault._open_db(folder, slots, opened, slot)
        vault.failed_before = lock.succeeded("\0recovery")
        vault.lockout_damaged_at = lock.damage_found
        return vault

    @staticmethod
    def _open_db(folder: Path, slots: KeySlots, opened: Opened, slot: Slot) -> Vault:
        """Open with the data key; while a re-key is unfinished, the slot also holds the one before.

        The re-key writes keyslots.json with both keys before it re-encrypts the database (one
        transaction), so whichever state a crash left, one of the two opens it.
        """
        key, previous = opened.data_key, False
        try:
            db = Database(folder / DB_FILE, key, page_size=slots.page_size)
        except StoreError as exc:
            if exc.code != "store.corrupt" or opened.prev_data_key is None:
                raise
            key, previous = opened.prev_data_key, True
            db = Database(folder / DB_FILE, key, page_size=slots.page_size)
        vault = Vault(folder, slots, key, db)
        process_lock.hold(folder)  # the store is open: before this process writes here (see process_lock)
        vault.slot, vault.personal_keys = slot, opened.keys
        vault.opened_with_previous_key = previous
        return vault

    failed_before: int = 0
    #: When a damaged sign-in counter file was found and replaced (epoch seconds), reported once in
    #: the access log of the sign-in that follows; None when there is nothing to report.
    lockout_damaged_at: float | None = None

    # ----- key handling -----------------------------------------------------------------------
    @property
    def data_key(self) -> bytes:
        if self._data_key is None:
            raise RuntimeError("the vault is closed")
        return self._data_key

    def save_keyslots(self) -> None:
        self.keyslots.save(self.folder / KEYSLOTS_FILE)

    def write_anchor(self) -> None:
        """Move the anchor to the newest log row — unless the old anchor no longer matches the log.

        A mismatching anchor is evidence that the log was changed around the program; it is left in
        place so that ``audit verify`` finds it, instead of being laundered by the next sign-in.
        """
        old, problem = audit.read_anchor(self.folder, self.data_key)
        if problem:
            return
        if old is not None:
            row = self.db.one("SELECT hash FROM audit_log WHERE seq = ?", (old[0],))
            if row is None or row[0] != old[1]:
                return
        head = audit.head(self.db)
        if head is not None:
            audit.write_anchor(self.folder, self.data_key, *head)

    def rekeyed(self, new_key: bytes) -> None:
        """The database now uses ``new_key`` (after :meth:`Database.rekey`)."""
        self._data_key = new_key
        self.opened_with_previous_key = False

    def close(self) -> None:
        self.db.close()
        self._data_key = None
        self.personal_keys = self.recovery_keys = None
