"""Is the process that wrote a pending record still running?  A lock it holds says so.

A pending export (or photo import) names the process that writes it (:func:`process_name`: its pid
and a random token).  The pid alone cannot tell: once that process is gone the system may give its number
to another one, and the record would then wait for a process that is not ours until that one ends.
So before its first pending record a process takes an exclusive lock (``flock`` on POSIX,
``msvcrt.locking`` on Windows) on ``.injurydoc-process-<token>.lock`` in the store folder and holds it
until it exits; the system releases it however the process ends (SIGKILL, power cut of the process,
crash).  A later start tries that lock: taken means the writer lives, free means it died.

The lock file is empty (no patient data).  Files of dead processes are removed at the next start
(:func:`remove_stale`), once their records are settled.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
import uuid
from pathlib import Path

_tokens: dict[int, str] = {}
PREFIX = ".injurydoc-process-"
SUFFIX = ".lock"
#: A temporary lock file younger than this may belong to a process making its lock now.
GRACE_S = 120.0

_held: dict[tuple[int, str], int] = {}  # (pid, folder) -> the open, locked file descriptor


def token() -> str:
    """This process's token.  Asked for each time, not fixed at import: a process forked from this one
    (after the import) is another process with a token, a lock and records of its own."""
    pid = os.getpid()
    if pid not in _tokens:
        _tokens[pid] = uuid.uuid4().hex
    return _tokens[pid]


def process_name() -> str:
    """Names this process in pending records: ``<pid>:<token>``."""
    return f"{os.getpid()}:{token()}"


def lock_path(folder: Path, token: str) -> Path:
    return folder / f"{PREFIX}{token}{SUFFIX}"


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock without waiting; False when another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def hold(folder: Path) -> None:
    """Lock this process's file in ``folder`` (once) and keep it locked until the process ends.

    The file is made and locked under a temporary name and then renamed (the lock goes with the
    file), so a lock file under its real name is always locked while its process lives: a start that
    finds it free may remove it at once.  When the file cannot be made (a read-only folder) nothing is
    held; :func:`alive` then falls back to the pid, as before this lock existed."""
    key = (os.getpid(), str(folder))
    if key in _held:
        return
    final = lock_path(folder, token())
    # Windows cannot rename an open file: there the file is locked where it is made.
    tmp = final if sys.platform == "win32" else final.with_name(final.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        if not _try_lock(fd):  # pragma: no cover - the token is this process's own
            raise OSError("lock taken")
        if tmp != final:
            os.replace(tmp, final)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return
    _held[key] = fd


def alive(folder: Path, process: str, *, pid_fallback: bool = True) -> bool:
    """Whether the process named ``process`` (``<pid>:<token>``) may still be writing.

    Without its lock file the pid decides (``pid_fallback``: records of a version before the lock);
    otherwise a missing lock file means the process is not here (a store restored from a backup)."""
    if process == process_name():
        return True
    pid_text, _, tok = process.partition(":")
    state = _lock_state(folder, tok) if tok.isalnum() else None
    if state is not None:
        return state
    # written by a version without the lock, or the lock file could not be made: the pid decides
    return _pid_alive(pid_text) if pid_fallback else False


def _pid_alive(pid_text: str) -> bool:
    if not pid_text.isdigit() or sys.platform == "win32":
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True  # in use, perhaps by another process that got the number: wait for a later start


def _lock_state(folder: Path, token: str) -> bool | None:
    """True: the token's process holds its lock; False: the lock is free (it ended); None: no lock file."""
    try:
        fd = os.open(lock_path(folder, token), os.O_RDWR)
    except FileNotFoundError:
        return None
    except OSError:
        return True  # cannot tell: count it as running
    try:
        return not _try_lock(fd)
    finally:
        os.close(fd)  # closing drops the lock just taken


def token_of(process: str) -> str:
    return process.partition(":")[2]


def remove_stale(folder: Path, keep: frozenset[str] = frozenset()) -> int:
    """Remove the lock files of processes that ended (not held), except those whose token is in
    ``keep`` (records not yet settled); and temporary ones a kill left (older than :data:`GRACE_S`)."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for p in folder.glob(f"{PREFIX}*{SUFFIX}*"):
            with contextlib.suppress(OSError):
                if p.name.endswith(".tmp"):
                    if now - p.stat().st_mtime > GRACE_S:
                        p.unlink()
                        removed += 1
                    continue
                tok = p.name[len(PREFIX) : -len(SUFFIX)]
                if tok in keep or tok == token() or not p.name.endswith(SUFFIX):
                    continue
                fd = os.open(p, os.O_RDWR)
                try:
                    if _try_lock(fd):
                        p.unlink()
                        removed += 1
                finally:
                    os.close(fd)
    return removed


#: ``.<file>.<token>.<random>.tmp``: a temporary file of :func:`injurydoc.store.atomic.atomic_write_bytes`
#: (the anchor, the sign-in counters, the key file) named by the process writing it.
_TAGGED_TMP = re.compile(r"\.(?P<base>.+)\.(?P<token>[0-9a-f]{32})\.[^.]+\.tmp")


def remove_stale_tmp(folder: Path, bases: tuple[str, ...], grace_s: float = GRACE_S) -> int:
    """Temporary files of atomic writes of ``bases`` left in ``folder`` by a killed process: removed at
    once when their writer's lock is free (it ended); those of a running writer are left; those that do
    not name their writer (older versions) only when older than ``grace_s``."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for p in folder.glob(".*.tmp"):
            m = _TAGGED_TMP.fullmatch(p.name)
            if m is not None and m["base"] in bases:
                state = _lock_state(folder, m["token"]) if m["token"] != token() else True
            elif any(p.name.startswith(f".{b}.") for b in bases):
                state = None
            else:
                continue
            with contextlib.suppress(OSError):
                if state is False or (state is None and now - p.stat().st_mtime > grace_s):
                    p.unlink()
                    removed += 1
    return removed
