"""Asking where to save a file: one dialog call, and the file type's ending added when it was left off."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(parent: QWidget, title: str, suggested: Path, file_filter: str, suffix: str) -> Path | None:
    """The chosen path, ending in ``suffix`` (e.g. ``.pdf``); None when the user cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not path:
        return None
    target = Path(path)
    if not target.name.lower().endswith(suffix.lower()):
        target = target.with_name(target.name + suffix)
    return target


def write_bytes(target: Path, data: bytes) -> Path:
    """Write ``data`` atomically (for a job on the store thread), readable by others: a document meant to
    be handed on.  A failure is a :class:`StoreError` with a plain message (full disk, read-only)."""
    from injurydoc.services.files import write_file

    return write_file(target, data, mode=0o644)
