"""Sending the outbox to the unit server.

Each entry is one ``INSERT … ON CONFLICT DO NOTHING`` on the account's own login role (row-level security
and the schema's triggers decide, exactly as for a ``psql`` user), committed on its own, and then removed
from the outbox.  A photo entry first sends the photo's bytes through the resumable, SHA-256-checked upload
(:mod:`injurydoc.server.upload`); the photo row is written only after the server has checked them, so a
photo counts as sent only then.  An interrupted push (network, server stopped, process killed) leaves the
unsent entries, and the chunks already on the server, for the next push.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import psycopg

from injurydoc.server.connection import server_errors
from injurydoc.server.errors import ServerError
from injurydoc.server.upload import CHUNK_SIZE, upload
from injurydoc.sync import sealed, set_aside, training_rows
from injurydoc.sync.outbox import Entry, Outbox

__all__ = ["INSERTS", "PushResult", "insert_entry", "push"]

#: kind -> (table, columns, bytea columns, jsonb columns, primary key)
INSERTS: Final[dict[str, tuple[str, tuple[str, ...], frozenset[str], frozenset[str], str]]] = {
    "patient": (
        "patients",
        ("id", "unit_id", "protection", "lookup", "identity", "identity_ciphertext", "created_by"),
        frozenset({"lookup", "identity_ciphertext"}),
        frozenset({"identity"}),
        "id",
    ),
    "examination": (
        "examinations",
        ("id", "unit_id", "patient_id", "examiner_id", "follow_up_of"),
        frozenset(),
        frozenset(),
        "id",
    ),
    "version": (
        "examination_versions",
        (
            "id",
            "unit_id",
            "examination_id",
            "parent_id",
            "author_id",
            "workstation_id",
            "client_saved_at",
            "content",
            "content_ciphertext",
        ),
        frozenset({"content_ciphertext"}),
        frozenset({"content"}),
        "id",
    ),
    "injury": (
        "injuries",
        ("id", "unit_id", "version_id", "number", "content", "content_ciphertext"),
        frozenset({"content_ciphertext"}),
        frozenset({"content"}),
        "id",
    ),
    "photo": (
        "photos",
        (
            "id",
            "unit_id",
            "examination_id",
            "number",
            "sha256",
            "added_by",
            "metadata",
            "metadata_ciphertext",
        ),
        frozenset({"sha256", "metadata_ciphertext"}),
        frozenset({"metadata"}),
        "id",
    ),
    "signature": (
        "signatures",
        (
            "examination_id",
            "unit_id",
            "version_id",
            "signer_id",
            "key_id",
            "signed_at",
            "content_sha256",
            "signature",
            # a standalone store's signature moved as it is (server 0012; only a store import sends them)
            "content_version",
            "migrated_from",
            "record_signed_at",
            "signed_content",
            "migration_attestation",  # server 0017: the store's unit key's word on the marker
        ),
        frozenset({"content_sha256", "signature", "signed_content", "migration_attestation"}),
        frozenset(),
        "examination_id",
    ),
    "addendum": (
        "addenda",
        (
            "id",
            "unit_id",
            "examination_id",
            "author_id",
            "key_id",
            "written_at",
            "content",
            "content_ciphertext",
            "content_sha256",
            "signature",
            "migrated_from",  # server 0012, a store import only
            "migrated_by",
        ),
        frozenset({"content_ciphertext", "content_sha256", "signature"}),
        frozenset({"content"}),
        "id",
    ),
    "log": (
        "access_log",
        (
            "unit_id",
            "account_id",
            "source",
            "action",
            "outcome",
            "patient_id",
            "target",
            "details",
            "workstation_id",
            "client_at",
            "client_entry",
        ),
        frozenset({"client_entry"}),
        frozenset({"details"}),
        "",
    ),
    **training_rows.INSERTS,
}


@dataclass
class PushResult:
    sent: int = 0
    photo_chunks_sent: int = 0
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, error code)
    remaining: int = 0
    refusal: ServerError | None = None  # the server's reason for the refused entry
    set_aside: list[str] = field(default_factory=list)  # examinations signed first elsewhere (set_aside.py)


def _params(entry: Entry) -> tuple[str, list[Any]]:
    table, all_columns, binary, jsonb, _key = INSERTS[entry.kind]
    payload = entry.payload
    if entry.kind in training_rows.BLOB_COLUMNS and entry.blob is not None:
        payload = payload | {training_rows.BLOB_COLUMNS[entry.kind]: entry.blob}
    # a value not given takes the column's default (NULL, or e.g. the log's empty details)
    columns = tuple(c for c in all_columns if payload.get(c) is not None)
    values: list[Any] = []
    for col in columns:
        v = payload[col]
        if col in binary and not isinstance(v, bytes):
            v = bytes.fromhex(v)
        elif col in jsonb:
            v = json.dumps(v)
        values.append(v)
    placeholders = ", ".join("%s" for _ in columns)
    sql = f"INSERT INTO injurydoc.{table} ({', '.join(columns)}) VALUES ({placeholders})"
    return sql, values


def insert_entry(conn: psycopg.Connection[Any], entry: Entry) -> None:
    """Insert the entry's record; one the server holds already (same primary key) counts as sent.

    Not ``ON CONFLICT``: with a conflict target PostgreSQL requires SELECT on the table, which application
    roles do not have, and without one any other unique clash (two photos with one number) would vanish."""
    if entry.kind in sealed.CALLS:  # a change made by a server function (update_patient, grant_access)
        sealed.CALLS[entry.kind](conn, entry)
        return
    table = INSERTS[entry.kind][0]
    sql, values = _params(entry)
    try:
        with conn.transaction():
            conn.execute(sql, values)
    except psycopg.errors.UniqueViolation as exc:
        if exc.diag.constraint_name != f"{table}_pkey":
            raise
    conn.commit()


def push(
    conn: psycopg.Connection[Any],
    outbox: Outbox,
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
    stop_after_chunks: int | None = None,
) -> PushResult:
    """Send every pending entry in order.  A refusal by the server (a rule, not the network) stops the push
    at that entry, which stays in the outbox and is reported; a lost connection raises ServerError with
    everything sent so far already confirmed and removed.  ``stop_after_chunks``: tests of resumption."""
    result = PushResult()
    budget = stop_after_chunks
    for queued in outbox.pending():
        if queued.kind == "photo" and queued.blob is None:
            raise ValueError("photo entry without bytes")
        try:
            # a protected person's records go as ciphertext, encrypted as they are sent (sync/sealed.py)
            entry = sealed.for_server(outbox, queued)
            if entry.kind == "photo" and entry.blob is not None:
                # announced under the SHA-256 the photo's record carries (the server checks the bytes
                # against it; bytes that differ are refused like any other record)
                up = upload(
                    conn,
                    entry.payload["unit_id"],
                    entry.blob,
                    sha256=bytes.fromhex(entry.payload["sha256"]),
                    chunk_size=chunk_size,
                    stop_after=budget,
                    progress=progress,
                )
                result.photo_chunks_sent += up.chunks_sent
                if budget is not None:
                    budget -= up.chunks_sent
                    if budget <= 0 and not _complete(conn, up.sha256):
                        break
            with server_errors():
                insert_entry(conn, entry)
            sealed.sent(conn, outbox, entry)
        except ServerError as exc:
            if exc.code == "server.connect" or conn.broken or conn.closed:
                raise
            conn.rollback()
            if exc.code == "server.immutable" and set_aside.signed_elsewhere(conn, outbox, queued):
                # signed first on another workstation: this one's records are kept aside, not stuck
                result.set_aside.append(str(queued.payload.get("examination_id")))
                continue
            outbox.failed(queued.seq)
            result.refused.append((queued.kind, queued.item_id, exc.code))
            result.refusal = exc
            break
        outbox.sent(queued.seq, queued.payload)
        result.sent += 1
    result.remaining = outbox.count()
    return result


def _complete(conn: psycopg.Connection[Any], sha: bytes) -> bool:
    row = conn.execute("SELECT injurydoc.finish_upload(%s)", (sha,)).fetchone()
    conn.commit()
    return row is not None and row[0] == "complete"
