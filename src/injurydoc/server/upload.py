"""Sending photo bytes to the unit server: announced, sent in chunks, checked by SHA-256 on the server.

Resumable: :func:`upload` asks the server which chunks it holds and sends only the others, so an
interrupted transfer goes on where it stopped.  Bytes are stored once per unit: a photo already on the
server is not sent again.  The blob counts only after the server computed the SHA-256 of all chunks
itself and found the announced value.

Chunks are 16 MiB, so a 12 MP photo (3-8 MiB) is one chunk.  Each chunk goes with its SHA-256, which the
chunk trigger checks over the bytes as they arrive (schema 0006); for a photo of one chunk that is the
photo's SHA-256, so ``finish_upload`` need not read the stored bytes back.  Each chunk is committed on
its own, except the last one sent, which shares its transaction with ``finish_upload``: one commit per
one-chunk photo, and an interruption loses at most that one chunk.  Only that commit waits for the WAL
flush (see ``_NO_FLUSH``).  (An upload begun with another chunk size is started afresh by
``begin_upload``.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from injurydoc.server.connection import server_errors
from injurydoc.server.errors import ServerError

__all__ = ["CHUNK_SIZE", "UploadResult", "upload"]

CHUNK_SIZE = 16 * 1024 * 1024

# The third column: whether the server takes chunk digests (schema 0006 or later; a workstation may be
# updated before its server is migrated).  The fourth: this transaction's commit does not wait for the
# WAL flush (see _NO_FLUSH).
_BEGIN = """
SELECT u.complete, u.have, EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                   WHERE a.attrelid = 'injurydoc.photo_chunks'::regclass
                                     AND a.attname = 'data_sha256' AND NOT a.attisdropped),
       set_config('synchronous_commit', 'off', true)
  FROM injurydoc.begin_upload(%s, %s, %s) u
"""
# For the transactions that only announce an upload or hold a chunk that is not the last: their commit
# need not wait for the disk.  After a server crash such a transaction may be missing (never half there);
# begin_upload then reports the chunk missing and it is sent again.  The commit that completes a photo
# (last chunk and finish_upload) waits as usual, and with it everything written before it (the WAL is
# flushed in order).  ``true``: for this transaction only, never for the caller's own.
_NO_FLUSH = "SELECT set_config('synchronous_commit', 'off', true)"
_INSERT = (
    "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data) VALUES (%s, %s, %s, %b)"
    " ON CONFLICT DO NOTHING"
)
_INSERT_WITH_DIGEST = (
    "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data, data_sha256) VALUES (%s, %s, %s, %b, %s)"
    " ON CONFLICT DO NOTHING"
)


@dataclass(frozen=True)
class UploadResult:
    sha256: bytes
    chunks_sent: int
    already_stored: bool


def upload(
    conn: psycopg.Connection[Any],
    unit_id: Any,
    data: bytes,
    *,
    sha256: bytes | None = None,
    chunk_size: int = CHUNK_SIZE,
    stop_after: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> UploadResult:
    """Send ``data`` (a photo's stored bytes) and have the server check it.

    ``sha256``: the SHA-256 the caller holds for these bytes (a photo's record carries it), announced
    instead of one computed here: the server checks the bytes against it all the same, and refuses a chunk
    of one-chunk bytes that differ (``server.invalid``) or discards several chunks that do not add up to
    it (``server.photo_mismatch``); nothing that differs is ever stored as complete.
    ``stop_after`` sends at most that many chunks and returns without finishing (tests of resumption).
    Each chunk is committed as it arrives, so what was sent survives a broken connection; the last one
    only together with the server's check of the whole (no commit of its own: one commit per photo of
    one chunk).
    """
    sha = sha256 if sha256 is not None else hashlib.sha256(data).digest()
    if len(sha) != 32:
        raise ValueError("a SHA-256 is 32 bytes")
    total = (len(data) + chunk_size - 1) // chunk_size
    with server_errors():
        row = conn.execute(_BEGIN, (sha, len(data), chunk_size)).fetchone()
        conn.commit()
        if row is None:
            raise ServerError("server.error", sqlstate="-")
        if row[0]:
            return UploadResult(sha, 0, True)
        have = set(row[1] or ())
        missing = [i for i in range(total) if i not in have]
        if stop_after is not None:
            missing = missing[:stop_after]
        finishing = len(have) + len(missing) >= total
        report = (lambda n: progress(len(have) + n, total)) if progress else None
        sent = _send_chunks(conn, (unit_id, sha), data, chunk_size, missing, finishing, bool(row[2]), report)
        if not finishing:
            return UploadResult(sha, sent, False)
        status = conn.execute("SELECT injurydoc.finish_upload(%s)", (sha,)).fetchone()
        conn.commit()
    if status is None or status[0] == "mismatch":
        raise ServerError("server.photo_mismatch")
    if status[0] != "complete":
        raise ServerError("server.photo_incomplete")
    return UploadResult(sha, sent, False)


def _send_chunks(
    conn: psycopg.Connection[Any],
    key: tuple[Any, bytes],
    data: bytes,
    chunk_size: int,
    missing: list[int],
    finishing: bool,
    digests: bool,
    report: Callable[[int], None] | None,
) -> int:
    """INSERT the ``missing`` chunks, each committed on its own (without waiting for the WAL flush),
    except the last one when the upload is ``finishing``: that one stays in the open transaction, for
    finish_upload.  ``digests``: the server takes each chunk's SHA-256 (schema 0006).  ``report(n)``
    after the n-th chunk."""
    unit_id, sha = key
    total = (len(data) + chunk_size - 1) // chunk_size
    with conn.cursor() as cur:
        for n, i in enumerate(missing, 1):
            chunk = data[i * chunk_size : (i + 1) * chunk_size]
            alone = not finishing or n < len(missing)  # committed on its own
            if alone:
                cur.execute(_NO_FLUSH)
            if digests:  # the chunk's SHA-256 (the photo's, for one chunk), checked on arrival
                digest = sha if total == 1 else hashlib.sha256(chunk).digest()
                cur.execute(_INSERT_WITH_DIGEST, (unit_id, sha, i, chunk, digest))
            else:
                cur.execute(_INSERT, (unit_id, sha, i, chunk))
            if alone:
                conn.commit()
            if report:
                report(n)
    return len(missing)
