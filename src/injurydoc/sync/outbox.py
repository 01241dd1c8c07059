"""The sync outbox: what this workstation made and the unit server has not yet confirmed.

Lives in the store (schema version 9, tables ``sync_outbox`` and ``sync_state``), so it is encrypted with
the store and survives a crash: an entry is added in the same transaction as the record it describes and
deleted only after the server committed that record.  Entries are sent in the order they were made
(a patient before its examination, a version before its signature).  Every record has its own id, and
the server ignores a record it already holds, so sending an entry twice (a crash between the server's
commit and the local delete) stores it once.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final, Protocol

from injurydoc.sync import training_rows

__all__ = ["KINDS", "RECEIVED_EVENT", "Entry", "Outbox", "StoreConnection", "injury_row_id"]

#: The access-log event of a signature received from the unit server and verified there against the
#: server's key history (sync/materialise.py writes it; services/record_signing.py reads it).
RECEIVED_EVENT: Final = "received_signed"

#: Kinds of entry, each one server table (see ``push.INSERTS``).
#: (and a training unit's exercises, attempts and results, revision 0010)
KINDS: tuple[str, ...] = (
    "patient",
    "examination",
    "version",
    "injury",
    "photo",
    "signature",
    "addendum",
    "log",
    "patient_update",  # an identity, contact or protection change: update_patient() (sync/sealed.py)
    "co_handler",  # a co-handler added by the creator: grant_access() (sync/sealed.py)
    *training_rows.KINDS,
)


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

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Several statements as one transaction (or as part of the caller's, when one is open)."""
        in_tx = getattr(self.db, "in_transaction", False)
        transaction = getattr(self.db, "transaction", None)
        if in_tx or transaction is None:
            yield
            return
        with transaction():
            yield


def _atomic(con: Any) -> contextlib.AbstractContextManager[Any]:
    """A transaction on the outbox's connection: StoreConnection.atomic(), or sqlite3's ``with con``."""
    atomic = getattr(con, "atomic", None)
    if atomic is not None:
        return atomic()  # type: ignore[no-any-return]
    if getattr(con, "in_transaction", False):
        return contextlib.nullcontext()
    return con  # type: ignore[no-any-return]


def injury_row_id(version_id: str, injury_id: str) -> str:
    """The server id of an injury in one version (each version holds its own injury rows)."""
    return str(uuid.uuid5(uuid.UUID(version_id), injury_id))


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

    def sent(self, seq: int, payload: dict[str, Any] | None = None) -> None:
        """The server confirmed the entry: forget it.  ``payload``: what was sent.  A draft's version
        whose content was rewritten while it was being sent (see :meth:`put_version`) is not forgotten
        but becomes a new version, child of the one the server now holds, so the newer content is
        sent too."""
        if payload is None:
            self.con.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
            self.con.commit()
            return
        with _atomic(self.con):
            cur = self.con.execute(
                "DELETE FROM sync_outbox WHERE seq = ? AND payload = ?",
                (seq, json.dumps(payload, sort_keys=True)),
            )
            if cur.rowcount == 0:
                self._changed_in_flight(seq)
        self.con.commit()

    def _changed_in_flight(self, seq: int) -> None:
        row = self.con.execute(
            "SELECT kind, item_id, payload FROM sync_outbox WHERE seq = ?", (seq,)
        ).fetchone()
        if row is None:
            return
        if row[0] != "version":  # records other than a draft's version are never rewritten
            self.con.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
            return
        old, new = str(row[1]), str(uuid.uuid4())
        payload = json.loads(row[2]) | {"id": new, "parent_id": old}
        self._move_version(seq, old, new, payload)
        self._set_draft(str(payload["examination_id"]), {"head": new, "pending": new, "parent": old})

    def _move_version(self, seq: int, old: str, new: str, payload: dict[str, Any]) -> None:
        """Queue the rewritten version again under its new id, at the end (after what the push is
        about to send), with its injuries after it."""
        injuries = self._injuries_of(old)
        self.con.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
        self.add("version", new, payload)
        for iseq, ipayload in injuries:
            self.con.execute("DELETE FROM sync_outbox WHERE seq = ?", (iseq,))
            moved = ipayload | {"id": injury_row_id(new, str(ipayload["local_id"])), "version_id": new}
            self.add("injury", str(moved["id"]), moved)
        # a signature queued meanwhile signed the rewritten content: it names the new version, and goes
        # after it
        for sseq, raw in self.con.execute(
            "SELECT seq, payload FROM sync_outbox WHERE kind = 'signature'"
        ).fetchall():
            sig = json.loads(raw)
            if sig.get("version_id") == old:
                self.con.execute("DELETE FROM sync_outbox WHERE seq = ?", (sseq,))
                self.add("signature", str(sig["examination_id"]), sig | {"version_id": new})

    def _injuries_of(self, version_id: str) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for seq, raw in self.con.execute(
            "SELECT seq, payload FROM sync_outbox WHERE kind = 'injury' ORDER BY seq"
        ).fetchall():
            payload = json.loads(raw)
            if payload.get("version_id") == version_id:
                out.append((int(seq), payload))
        return out

    # ----- a draft: one version per sync, not one per keystroke ------------------------------------
    def _draft(self, examination_id: str) -> dict[str, Any]:
        raw = self.get_state(f"draft:{examination_id}")
        return json.loads(raw) if raw else {}

    def _set_draft(self, examination_id: str, state: dict[str, Any]) -> None:
        self.con.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f"draft:{examination_id}", json.dumps(state, sort_keys=True)),
        )

    def draft_head(self, examination_id: str) -> str | None:
        """The newest version of a draft made on this workstation (sent or not)."""
        head = self._draft(examination_id).get("head")
        return None if head is None else str(head)

    def draft_pending(self, examination_id: str) -> str | None:
        """The draft's version made here and not yet confirmed by the server (None when all is sent)."""
        pending = self._draft(examination_id).get("pending")
        if pending and self._seq_of("version", str(pending)) is not None:
            return str(pending)
        return None

    def adopt_version(self, examination_id: str, version_id: str, parent_id: str) -> None:
        """A version queued here by other means (the resolution of a conflict) is the draft's unsent
        version: later edits rewrite it while it is unsent, and continue from it once sent."""
        self._set_draft(examination_id, {"head": version_id, "pending": version_id, "parent": parent_id})

    def set_draft_head(self, examination_id: str, version_id: str) -> None:
        """A version that came from the server (pull) is the parent of the next one made here."""
        state = self._draft(examination_id)
        if state.get("pending") and self._seq_of("version", str(state["pending"])) is not None:
            return  # an unsent local version already has its parent
        self._set_draft(examination_id, {"head": version_id, "pending": None, "parent": version_id})
        self.con.commit()

    def _seq_of(self, kind: str, item_id: str) -> int | None:
        row = self.con.execute(
            "SELECT seq FROM sync_outbox WHERE kind = ? AND item_id = ?", (kind, item_id)
        ).fetchone()
        return None if row is None else int(row[0])

    def put_version(
        self, payload: dict[str, Any], injuries: list[dict[str, Any]], *, version_id: str | None = None
    ) -> str:
        """Queue a draft's content as a version with its injuries; returns the version's id.

        While the draft's last version is still unsent, it is rewritten in place (with its injuries), so a
        draft typed into for an hour offline is one version, not thousands; once the server has it, the
        next change is a new version whose parent it is.  ``injuries``: each with ``local_id`` (the
        injury's id on the workstation), ``number`` and ``content``.  Call inside the transaction that
        changed the draft.  ``version_id``: the id of a new version (default: a new UUID)."""
        exam_id = str(payload["examination_id"])
        state = self._draft(exam_id)
        pending = state.get("pending")
        seq = None if not pending else self._seq_of("version", str(pending))
        if seq is not None:
            vid, parent = str(pending), state.get("parent")
            body = payload | {"id": vid, "parent_id": parent}
            # a version that resolves a conflict keeps naming the versions it replaces
            row = self.con.execute("SELECT payload FROM sync_outbox WHERE seq = ?", (seq,)).fetchone()
            before = json.loads(row[0]).get("content") if row else None
            if isinstance(before, dict) and "supersedes" in before and isinstance(body.get("content"), dict):
                body["content"] = body["content"] | {"supersedes": before["supersedes"]}
            self.con.execute(
                "UPDATE sync_outbox SET payload = ? WHERE seq = ?", (json.dumps(body, sort_keys=True), seq)
            )
            for iseq, _ in self._injuries_of(vid):
                self.con.execute("DELETE FROM sync_outbox WHERE seq = ?", (iseq,))
        else:
            vid, parent = version_id or str(uuid.uuid4()), state.get("head")
            self.add("version", vid, payload | {"id": vid, "parent_id": parent})
        for inj in injuries:
            iid = injury_row_id(vid, str(inj["local_id"]))
            self.add(
                "injury",
                iid,
                {
                    "id": iid,
                    "unit_id": payload["unit_id"],
                    "examination_id": exam_id,
                    "version_id": vid,
                    "local_id": str(inj["local_id"]),
                    "number": inj["number"],
                    "content": inj["content"],
                },
            )
        self._set_draft(exam_id, {"head": vid, "pending": vid, "parent": parent})
        return vid

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
