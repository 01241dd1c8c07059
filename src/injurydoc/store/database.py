"""The SQLCipher connection: opened with the raw data key, configured, migrated, transactional.

All store access happens on one thread at a time (the GUI runs store calls on a single-worker
executor); the connection is therefore opened with ``check_same_thread=False``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.domain.errors import ImmutableError, KnownError, StoreError, ValidationError
from injurydoc.store.atomic import os_error_to_store_error
from injurydoc.store.schema import CURRENT_VERSION, MIGRATIONS

log = logging.getLogger(__name__)

Row = tuple[Any, ...]

WAL_CHECKPOINT_BYTES = 40 * 1024 * 1024
CACHE_KIB = 32 * 1024

# SQLite primary result codes
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED = 3, 5, 6
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_CONSTRAINT, _SQLITE_NOTADB = 13, 14, 19, 26


def sqlcipher_version() -> str:
    con = sqlcipher.connect(":memory:")
    try:
        row = con.execute("PRAGMA cipher_version").fetchone()
        return str(row[0]) if row else "unknown"
    finally:
        con.close()


def translate_error(exc: BaseException, folder: Path) -> KnownError | None:
    """Map an SQLite error to the message a user can act on; ``None`` for what must be a bug."""
    if not isinstance(exc, sqlcipher.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary == _SQLITE_FULL or "disk is full" in text:
        return StoreError("store.disk_full")
    if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN) or "readonly" in text:
        return StoreError("store.read_only", path=str(folder))
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreError("store.busy")
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "not a database" in text:
        return StoreError("store.corrupt")
    if primary == _SQLITE_IOERR:
        return StoreError("store.io", detail="I/O error")
    if primary == _SQLITE_CONSTRAINT and "injurydoc:" in text:
        if "never rewritten" in text:
            return ImmutableError("photo.immutable")
        if "immutable" in text or "cannot be changed" in text:
            return ImmutableError("exam.signed")
        if "protected person" in text:
            return ValidationError("access.protected_contact")
        if "guardian is the threat" in text:
            return ValidationError("access.guardian_threat_contact")
        if "identity and purpose" in text:
            return ValidationError("store.purpose_mismatch")
        if "belong in a training store" in text:
            return ValidationError("training.real_store")
    return None


class Database:
    """An open, keyed, migrated SQLCipher database."""

    def __init__(self, path: Path, key: bytes, *, page_size: int, create: bool = False) -> None:
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes")
        self.path = path
        self.page_size = page_size
        self.folder = path.parent
        self._lock = threading.RLock()
        self._in_tx = False
        self._after_commit: list[Callable[[], None]] = []
        if not create and not path.exists():
            raise StoreError("store.not_found", path=str(self.folder))
        try:
            if create and not path.exists():
                # SQLite gives -wal and -shm the main file's permissions: owner only.
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            self._con = sqlcipher.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=10.0
            )
        except OSError as exc:
            raise os_error_to_store_error(exc, self.folder) from None
        except sqlcipher.Error as exc:
            raise self._known(exc) from None
        try:
            # PRAGMA key must be the first statement on the connection.
            self._con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            self._con.execute("PRAGMA cipher_log_level = NONE")
            # Before the first read: the page size is not in the (encrypted) file but in keyslots.json.
            self._con.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
            # The first read tells a damaged file (the key is known to be right: it was unwrapped
            # from an authenticated slot) from a good one.
            self._con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self._configure()
        except BaseException as exc:
            self._con.close()
            if isinstance(exc, sqlcipher.Error):
                raise self._known(exc) from None
            raise

    def _configure(self) -> None:
        version = self.user_version()
        if version > CURRENT_VERSION:
            # Refuse before anything is written: not even the journal mode is touched.
            raise StoreError("store.too_new", found=version, supported=CURRENT_VERSION)
        mode = self._con.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            self._con.execute("PRAGMA journal_mode = WAL")
        self._con.execute("PRAGMA synchronous = FULL")
        self._con.execute("PRAGMA foreign_keys = ON")
        self._con.execute("PRAGMA secure_delete = ON")
        self._con.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files
        # Photos are 3–5 MB each: with the default (1,000 pages) the WAL would be copied back into the
        # database after nearly every photo.  About 40 MB halves the writing during an import.
        self._con.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_BYTES // int(self.page_size)}")
        self._con.execute("PRAGMA busy_timeout = 10000")
        # Decrypted pages kept in memory (this process only): with 16 KiB pages SQLite's default of 2 MiB
        # holds too few of them for the lists to stay warm (list_mine 13 ms → 0.7 ms, bench_list_search).
        self._con.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.migrate()

    def _known(self, exc: BaseException) -> KnownError:
        known = translate_error(exc, self.folder)
        if known is None:
            raise exc
        return known

    # ----- schema ----------------------------------------------------------------------------
    def user_version(self) -> int:
        return int(self._con.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, target: int | None = None) -> None:
        """Bring the schema to ``target`` (the newest by default).

        A new store (user_version 0) is made in one transaction: every migration's statements in order,
        then the version, so that it is either whole or (after a crash or an error) still new.  An
        existing store is upgraded one version per transaction: a failed step leaves the store whole at
        the version before it.
        """
        target = CURRENT_VERSION if target is None else target
        current = self.user_version()
        if current == 0:
            self._create_schema(target)
            return
        for version, statements in MIGRATIONS:
            if current < version <= target:
                with self.transaction():
                    for stmt in statements:
                        self._con.execute(stmt)
                    self._con.execute(f"PRAGMA user_version = {int(version)}")
                log.info("store migrated to schema %d", version)
                current = version

    def _create_schema(self, target: int) -> None:
        """A new store at ``target`` in one transaction: the same statements as the migrations one by
        one (tests/test_migrations.py proves the schema and pragmas identical), one commit instead of one
        per version (a new store's commits were most of its cost)."""
        steps = [(version, statements) for version, statements in MIGRATIONS if version <= target]
        if not steps:
            return
        with self.transaction():
            for _version, statements in steps:
                for stmt in statements:
                    self._con.execute(stmt)
            self._con.execute(f"PRAGMA user_version = {int(steps[-1][0])}")
        log.info("store created at schema %d", steps[-1][0])

    # ----- transactions ---------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any exception.  Not re-entrant by design."""
        with self._lock:
            if self._in_tx:
                raise RuntimeError("nested transaction")
            try:
                self._con.execute("BEGIN IMMEDIATE")
            except sqlcipher.Error as exc:
                raise self._known(exc) from None
            self._in_tx = True
            try:
                yield self
                self._con.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlcipher.Error):
                    self._con.execute("ROLLBACK")
                self._after_commit.clear()
                if isinstance(exc, sqlcipher.Error):
                    raise self._known(exc) from None
                raise
            finally:
                self._in_tx = False
            hooks, self._after_commit = self._after_commit, []
            for hook in hooks:
                hook()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Database]:
        """A read transaction (``BEGIN`` … ``COMMIT``): every read inside sees one committed state, however
        other processes write meanwhile.  Inside a transaction, that transaction's state.  Nothing inside
        may open a write transaction."""
        with self._lock:
            if self._in_tx:
                yield self
                return
            try:
                self._con.execute("BEGIN")
            except sqlcipher.Error as exc:
                raise self._known(exc) from None
            self._in_tx = True
            try:
                yield self
            finally:
                self._in_tx = False
                with contextlib.suppress(sqlcipher.Error):
                    self._con.execute("COMMIT")

    def after_commit(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` once the current transaction has committed (dropped on rollback)."""
        self._after_commit.append(hook)

    @property
    def in_transaction(self) -> bool:
        return self._in_tx

    # ----- statements -----------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlcipher.Cursor:
        with self._lock:
            try:
                return self._con.execute(sql, params)
            except sqlcipher.Error as exc:
                raise self._known(exc) from None

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row = self.execute(sql, params).fetchone()
        return tuple(row) if row is not None else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [tuple(r) for r in self.execute(sql, params).fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return row[0] if row else None

    # ----- checks and copies ----------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """``PRAGMA integrity_check`` and ``cipher_integrity_check``; empty when all is well."""
        problems = [str(r[0]) for r in self.all("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [str(r[0]) for r in self.all("PRAGMA cipher_integrity_check")]
        return problems

    def backup_to(self, target: Path, key: bytes) -> None:
        """Consistent encrypted copy through SQLite's online backup API."""
        dest = sqlcipher.connect(str(target), isolation_level=None)
        try:
            dest.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            dest.execute("PRAGMA cipher_log_level = NONE")
            # The backup API copies pages: both databases need the same page size.
            dest.execute(f"PRAGMA cipher_page_size = {int(self.page_size)}")
            with self._lock:
                self._con.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        except sqlcipher.Error as exc:
            raise self._known(exc) from None
        finally:
            dest.close()

    def rekey(self, key: bytes) -> None:
        """Re-encrypt every page under ``key`` (SQLCipher ``PRAGMA rekey``: one transaction; in WAL
        mode the new pages go through the WAL, which is then copied back and truncated)."""
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes")
        with self._lock:
            if self._in_tx:
                raise RuntimeError("rekey inside a transaction")
            try:
                self._con.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
                self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            except sqlcipher.Error as exc:
                raise self._known(exc) from None

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlcipher.Error):
            self._con.close()
