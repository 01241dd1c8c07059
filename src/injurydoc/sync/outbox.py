"""The sync outbox: what this workstation made and the unit server has not yet confirmed.

Lives in the store (schema version 9, tables ``sync_outbox`` and ``sync_state``), so it is encrypted with
the store and survives a crash: an entry is added in the same transaction as the record it describes and
deleted only after the server committed that record.  Entries are sent in the order they were made
(a patient before its examination, a version before its signature).  Every record has its own id, and
the server ignores a record it already holds, so sending an entry twice (a crash between the server's
commit and the local delete) stores it once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["KINDS", "Entry", "Outbox", "StoreConnection"]

#: Kinds of entry, each one server table (see ``push.INSERTS``).
KINDS = ("patient", "examination", "version", "injury", "photo", "signature", "addendum", "log")


class _Connection(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def commit(self) -> None: ...


class _Database(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Any: ...


class StoreConnection:
    """The store's :class:`~injurydoc.store.database.Database` (SQLCipher, autocommit outside its own
    transactions) seen as the connection the outbox expects: each statement stands on its own, so
    ``commit`` has nothing to do.  Queuing inside ``db.transaction()`` commits with the record."""

    def __init__(self, db: _Database) -> None:
        self.db = db

    def execute(self, sql: str, params: Any = (), /) -> Any:
        return self.db.execute(sql, params)

    def commit(self) -> None:
        return None


@dataclass(frozen=True)
class Entry:
    seq: int
    kind: str
    item_id: str
    payload: dict[str, Any]
    blob: bytes | None


class Outbox:
    """The outbox on a DB-API connection to the store (sqlite3 or SQLCipher)."""

    def __init__(self, con: _Connection) -> None:
        self.con = con

    def add(self, kind: str, item_id: str, payload: dict[str, Any], blob: bytes | None = None) -> None:
        """Queue a record.  Queuing the same (kind, id) again is a no-op (records are immutable)."""
        if kind not in KINDS:
            raise ValueError(f"unknown outbox kind {kind!r}")
        self.con.execute(
            "INSERT OR IGNORE INTO sync_outbox (kind, item_id, payload, blob) VALUES (?, ?, ?, ?)",
            (kind, item_id, json.dumps(payload, sort_keys=True), blob),
        )

    def pending(self) -> Iterator[Entry]:
        """Entries in the order they were made (read one at a time: photos are large)."""
        last = 0
        while True:
            row = self.con.execute(
                "SELECT seq, kind, item_id, payload, blob FROM sync_outbox"
                " WHERE seq > ? ORDER BY seq LIMIT 1",
                (last,),
            ).fetchone()
            if row is None:
                return
            last = int(row[0])
            yield Entry(last, row[1], row[2], json.loads(row[3]), None if row[4] is None else bytes(row[4]))

    def count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM sync_outbox").fetchone()[0])

    def sent(self, seq: int) -> None:
        """The server confirmed the entry: forget it."""
        self.con.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
        self.con.commit()

    def failed(self, seq: int) -> None:
        self.con.execute("UPDATE sync_outbox SET attempts = attempts + 1 WHERE seq = ?", (seq,))
        self.con.commit()

    # ----- sync state (cursor, unit, account) ----------------------------------------------------
    def get_state(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, key: str, value: str) -> None:
        self.con.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        self.con.commit()
