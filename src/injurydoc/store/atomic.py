"""Atomic, durable file writes: a temp file with restrictive permissions, fsync, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from injurydoc.domain.errors import StoreError
from injurydoc.store import process_lock


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so that readers see either the old or the new file, whole.

    Raises :class:`StoreError` (``store.disk_full`` / ``store.read_only`` / ``store.io``) and leaves
    the old file untouched when anything goes wrong.  The temp file names this process (its
    :mod:`~injurydoc.store.process_lock` token), so that one left by a kill is removed at the next start.
    """
    directory = path.parent
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{process_lock.token()}.", suffix=".tmp", dir=directory
        )
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(directory)
    except OSError as exc:
        raise os_error_to_store_error(exc, directory) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def os_error_to_store_error(exc: OSError, directory: Path) -> StoreError:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError("store.disk_full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError("store.read_only", path=str(directory))
    return StoreError("store.io", detail=exc.strerror or type(exc).__name__)
