"""Repository: the unit's settings, one JSON value per key (no patient data)."""

from __future__ import annotations

import json
from typing import Any

from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database


def get(db: Database, key: str) -> Any | None:
    """The stored value, or ``None`` when the setting has never been saved."""
    raw = db.scalar("SELECT value FROM unit_settings WHERE key = ?", (key,))
    return None if raw is None else json.loads(raw)


def put(db: Database, key: str, value: Any, *, account_id: str) -> None:
    db.execute(
        "INSERT INTO unit_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by",
        (key, json.dumps(value, ensure_ascii=False, sort_keys=True), iso(now_utc()), account_id),
    )
