"""Failed sign-in attempts, persisted beside the store so that a restart does not reset them.

Keys are SHA-256 of (store id, user name), so the file lists no user names and unknown names are
counted like known ones.  After :data:`FREE_ATTEMPTS` failures each further attempt must wait
30 s × 2^(n-5), at most an hour.  Offline guessing against keyslots.json is what Argon2id's cost is for.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from injurydoc.domain.errors import AuthError, KnownError
from injurydoc.store.atomic import atomic_write_bytes

FILE = "signin-attempts.json"
FREE_ATTEMPTS = 5
BASE_DELAY_S = 30.0
MAX_DELAY_S = 3600.0

#: When this process first found a counter file damaged or unreadable (by path): the one wait that
#: follows runs from then, not from every new look at the file, so damage never locks anyone out for ever.
_damaged_since: dict[str, float] = {}


def _key(store_id: str, username: str) -> str:
    return hashlib.sha256(f"{store_id}\0{username.strip().lower()}".encode()).hexdigest()


def delay_for(failures: int) -> float:
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(BASE_DELAY_S * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S))


class Lockout:
    def __init__(self, folder: Path, store_id: str, clock: Callable[[], float] | None = None) -> None:
        self.path = folder / FILE
        self.store_id = store_id
        self._now: Callable[[], float] = clock or (lambda: time.time())  # noqa: PLW0108 - late binding for tests

    def _load(self) -> dict[str, dict[str, float]]:
        try:
            doc = json.loads(self.path.read_text("utf-8"))
            entries = doc.get("entries", {})
            return {k: {"n": float(v["n"]), "t": float(v["t"])} for k, v in entries.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # A damaged counter file must not lock everybody out for ever, nor reset silently to zero
            # for an attacker: every account is treated as having reached the limit when the damage was
            # first seen, and a fresh file records that, so the wait ends after BASE_DELAY_S.
            since = _damaged_since.setdefault(str(self.path), self._now())
            entries = {"*": {"n": float(FREE_ATTEMPTS), "t": since}}
            with contextlib.suppress(OSError, KnownError):  # unwritable: the record above ends the wait
                self._save(entries)
            return entries

    def _save(self, entries: dict[str, dict[str, float]]) -> None:
        body = json.dumps({"version": 1, "entries": entries}, sort_keys=True).encode()
        atomic_write_bytes(self.path, body)

    def check(self, username: str) -> None:
        """Raise ``auth.locked`` with the seconds left if this user must still wait."""
        entries = self._load()
        entry = entries.get(_key(self.store_id, username)) or entries.get("*")
        if not entry:
            return
        wait = entry["t"] + delay_for(int(entry["n"])) - self._now()
        if wait > 0:
            raise AuthError("auth.locked", seconds=int(wait + 0.999))

    def failed(self, username: str) -> int:
        entries = self._load()
        entries.pop("*", None)
        k = _key(self.store_id, username)
        n = int(entries.get(k, {"n": 0.0})["n"]) + 1
        entries[k] = {"n": float(n), "t": self._now()}
        self._save(entries)
        return n

    def succeeded(self, username: str) -> int:
        """Clear the counter; return how many failures there were (recorded in the access log)."""
        entries = self._load()
        k = _key(self.store_id, username)
        before = int(entries.get(k, {"n": 0.0})["n"])
        if k in entries or "*" in entries:
            entries.pop(k, None)
            entries.pop("*", None)
            self._save(entries)
        return before
