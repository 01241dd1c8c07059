"""Is the process that wrote a pending record still running?  A lock it holds says so.

A pending export (or photo import) names the process that writes it (:data:`PROCESS`: its pid and a
random token).  The pid alone cannot tell: once that process is gone the system may give its number
to another one, and the record would then wait for a process that is not ours until that one ends.
So before its first pending record a process takes an exclusive lock (``flock`` on POSIX,
``msvcrt.locking`` on Windows) on ``.injurydoc-process-<token>.lock`` in the store folder and holds it
until it exits; the system releases it however the process ends (SIGKILL, power cut of the process,
crash).  A later start tries that lock: taken means the writer lives, free means it died.

The lock file is empty (no patient data).  Files of dead processes are removed at the next start
(:func:`remove_stale`), after their records were settled.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import uuid
from pathlib import Path

TOKEN = uuid.uuid4().hex
#: Names this process in pending records: ``<pid>:<token>``.
PROCESS = f"{os.getpid()}:{TOKEN}"
PREFIX = ".injurydoc-process-"
SUFFIX = ".lock"
#: A lock file younger than this may belong to a process that has created it and not yet locked it.
GRACE_S = 120.0

_held: dict[str, int] = {}  # folder -> the open, locked file descriptor


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

    When the file cannot be made (a read-only folder) nothing is held; :func:`alive` then falls back
    to the pid, as before this lock existed."""
    key = str(folder)
    if key in _held:
        return
    try:
        fd = os.open(lock_path(folder, token_of(PROCESS) or TOKEN), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    if not _try_lock(fd):  # pragma: no cover - the token is this process's own
        os.close(fd)
        return
    _held[key] = fd


def alive(folder: Path, process: str) -> bool:
    """Whether the process named ``process`` (``<pid>:<token>``) may still be writing."""
    if process == PROCESS:
        return True
    pid_text, _, token = process.partition(":")
    path = lock_path(folder, token) if token.isalnum() else None
    if path is not None:
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            pass  # written by a version without the lock, or the file could not be made: the pid decides
        except OSError:
            return True  # cannot tell: leave the record for a later start
        else:
            try:
                return not _try_lock(fd)
            finally:
                os.close(fd)  # closing drops the lock just taken
    return _pid_alive(pid_text)


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


def token_of(process: str) -> str:
    return process.partition(":")[2]


def remove_stale(folder: Path, keep: frozenset[str] = frozenset()) -> int:
    """Remove the lock files of processes that ended (not held, older than :data:`GRACE_S`), except
    those whose token is in ``keep`` (records not yet settled)."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for p in folder.glob(f"{PREFIX}*{SUFFIX}"):
            token = p.name[len(PREFIX) : -len(SUFFIX)]
            if token in keep or token == token_of(PROCESS):
                continue
            with contextlib.suppress(OSError):
                if now - p.stat().st_mtime <= GRACE_S:
                    continue
                fd = os.open(p, os.O_RDWR)
                try:
                    if _try_lock(fd):
                        p.unlink()
                        removed += 1
                finally:
                    os.close(fd)
    return removed
