"""Failed sign-in attempts, persisted beside the store so that a restart does not reset them.

Keys are SHA-256 of (store id, user name), so the file lists no user names and unknown names are
counted like known ones.  After :data:`FREE_ATTEMPTS` failures each further attempt must wait
30 s × 2^(n-5), at most an hour.  Offline guessing against keyslots.json is what Argon2id's cost is for.

Every read-modify-write of the file runs under an exclusive lock on ``signin-attempts.lock`` (``flock``
on POSIX, ``msvcrt.locking`` on Windows), so parallel attempts from several processes are all counted.
A damaged file is replaced by a fresh one that says when the damage was found (``damaged_at``); the
next successful sign-in reports it (:attr:`Lockout.damage_found`) for the access log and clears it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from injurydoc.domain.errors import AuthError, KnownError
from injurydoc.store.atomic import atomic_write_bytes

FILE = "signin-attempts.json"
LOCK_FILE = "signin-attempts.lock"
FREE_ATTEMPTS = 5
BASE_DELAY_S = 30.0
MAX_DELAY_S = 3600.0

#: When this process first found a counter file damaged or unreadable (by path): the one wait that
#: follows runs from then, not from every new look at the file, so damage never locks anyone out for ever.
_damaged_since: dict[str, float] = {}


def counter_key(store_id: str, username: str) -> str:
    """The counter file's entry for one account of one store (a hash: the file names no one)."""
    return hashlib.sha256(f"{store_id}\0{username.strip().lower()}".encode()).hexdigest()


def delay_for(failures: int) -> float:
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(BASE_DELAY_S * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S))


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock across processes, held for one read-modify-write of the counter file.

    When the lock file cannot be opened (read-only folder) the counters work as before, unlocked:
    a sign-in must never fail because of the lock itself.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ~10 s; keep waiting
                    continue
            try:
                yield
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class Lockout:
    def __init__(self, folder: Path, store_id: str, clock: Callable[[], float] | None = None) -> None:
        self.path = folder / FILE
        self.lock_path = folder / LOCK_FILE
        self.store_id = store_id
        self._now: Callable[[], float] = clock or (lambda: time.time())  # noqa: PLW0108 - late binding for tests
        #: Set by :meth:`succeeded`: when a damaged counter file was found and replaced (epoch seconds),
        #: for the access log of this sign-in; None when there was nothing to report.
        self.damage_found: float | None = None
        self._damaged_at: float | None = None

    def _load(self) -> dict[str, dict[str, float]]:
        self._damaged_at = None
        try:
            doc = json.loads(self.path.read_text("utf-8"))
            entries = doc.get("entries", {})
            loaded = {k: {"n": float(v["n"]), "t": float(v["t"])} for k, v in entries.items()}
            if doc.get("damaged_at") is not None:
                self._damaged_at = float(doc["damaged_at"])
            return loaded
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # A damaged counter file must not lock everybody out for ever, nor reset silently to zero
            # for an attacker: every account is treated as having reached the limit when the damage was
            # first seen, and a fresh file records that, so the wait ends after BASE_DELAY_S.
            since = _damaged_since.setdefault(str(self.path), self._now())
            entries = {"*": {"n": float(FREE_ATTEMPTS), "t": since}}
            self._damaged_at = since
            with contextlib.suppress(OSError, KnownError):  # unwritable: the record above ends the wait
                self._save(entries)
            return entries

    def _save(self, entries: dict[str, dict[str, float]]) -> None:
        doc: dict[str, object] = {"version": 1, "entries": entries}
        if self._damaged_at is not None:
            doc["damaged_at"] = self._damaged_at
        atomic_write_bytes(self.path, json.dumps(doc, sort_keys=True).encode())

    def check(self, username: str) -> None:
        """Raise ``auth.locked`` with the seconds left if this user must still wait."""
        with _file_lock(self.lock_path):
            entries = self._load()
        entry = entries.get(counter_key(self.store_id, username)) or entries.get("*")
        if not entry:
            return
        wait = entry["t"] + delay_for(int(entry["n"])) - self._now()
        if wait > 0:
            raise AuthError("auth.locked", seconds=int(wait + 0.999))

    def failed(self, username: str) -> int:
        with _file_lock(self.lock_path):
            entries = self._load()
            entries.pop("*", None)
            k = counter_key(self.store_id, username)
            n = int(entries.get(k, {"n": 0.0})["n"]) + 1
            entries[k] = {"n": float(n), "t": self._now()}
            self._save(entries)
            return n

    def succeeded(self, username: str) -> int:
        """Clear the counter; return how many failures there were (recorded in the access log).

        A damage mark in the file is handed over in :attr:`damage_found` and cleared: the caller
        writes it into the access log of this sign-in, where the unit manager sees it.
        """
        with _file_lock(self.lock_path):
            entries = self._load()
            k = counter_key(self.store_id, username)
            before = int(entries.get(k, {"n": 0.0})["n"])
            self.damage_found = self._damaged_at
            if k in entries or "*" in entries or self._damaged_at is not None:
                entries.pop(k, None)
                entries.pop("*", None)
                self._damaged_at = None
                with contextlib.suppress(OSError, KnownError):
                    self._save(entries)
            return before
