"""Writing a file the user chose (a report, a summary, a handout): the one way for ``ui/`` and ``cli/`` to
put bytes on disk, atomically, without reaching into ``store/``."""

from __future__ import annotations

from pathlib import Path

from injurydoc.store.atomic import atomic_write_bytes

__all__ = ["write_file"]


def write_file(target: Path, data: bytes, *, mode: int = 0o600) -> Path:
    """Replace ``target`` with ``data`` (temp file in the same folder, fsync, ``os.replace``).  Readers see
    the old file or the new one, whole.  A failure is a :class:`StoreError` with a plain message (full
    disk, read-only folder) and leaves the old file as it was."""
    atomic_write_bytes(target, data, mode=mode)
    return target
