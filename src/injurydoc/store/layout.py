"""The files of a store folder, and whether a folder holds a store — without importing the crypto and
SQLCipher modules (the sign-in window asks this at start-up)."""

from __future__ import annotations

from pathlib import Path

DB_FILE = "injurydoc.db"
KEYSLOTS_FILE = "keyslots.json"


def is_store(folder: Path) -> bool:
    return (folder / KEYSLOTS_FILE).exists() or (folder / DB_FILE).exists()
