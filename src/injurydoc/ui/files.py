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
    """Write ``data`` atomically (for a job on the store thread); a failure becomes a plain message."""
    from injurydoc.store.atomic import atomic_write_bytes, os_error_to_store_error

    try:
        atomic_write_bytes(target, data, mode=0o644)  # meant to be handed on: readable like any document
    except OSError as exc:
        raise os_error_to_store_error(exc, target.parent) from None
    return target
