"""Sending photo bytes to the unit server: announced, sent in chunks, checked by SHA-256 on the server.

Resumable: :func:`upload` asks the server which chunks it holds and sends only the others, so an
interrupted transfer goes on where it stopped.  Bytes are stored once per unit: a photo already on the
server is not sent again.  The blob counts only after the server computed the SHA-256 of all chunks
itself and found the announced value.
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

CHUNK_SIZE = 4 * 1024 * 1024


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
    chunk_size: int = CHUNK_SIZE,
    stop_after: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> UploadResult:
    """Send ``data`` (a photo's stored bytes) and have the server check it.

    ``stop_after`` sends at most that many chunks and returns without finishing (tests of resumption).
    Each chunk is committed as it arrives, so what was sent survives a broken connection.
    """
    sha = hashlib.sha256(data).digest()
    total = (len(data) + chunk_size - 1) // chunk_size
    with server_errors():
        row = conn.execute(
            "SELECT complete, have FROM injurydoc.begin_upload(%s, %s, %s)", (sha, len(data), chunk_size)
        ).fetchone()
        conn.commit()
        if row is None:
            raise ServerError("server.error", sqlstate="-")
        if row[0]:
            return UploadResult(sha, 0, True)
        have = set(row[1] or ())
        missing = [i for i in range(total) if i not in have]
        if stop_after is not None:
            missing = missing[:stop_after]
        sent = 0
        with conn.cursor() as cur:
            for i in missing:
                cur.execute(
                    "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data) VALUES (%s, %s, %s, %b)"
                    " ON CONFLICT DO NOTHING",
                    (unit_id, sha, i, data[i * chunk_size : (i + 1) * chunk_size]),
                )
                conn.commit()
                sent += 1
                if progress:
                    progress(len(have) + sent, total)
        if stop_after is not None and len(have) + sent < total:
            return UploadResult(sha, sent, False)
        status = conn.execute("SELECT injurydoc.finish_upload(%s)", (sha,)).fetchone()
        conn.commit()
    if status is None or status[0] == "mismatch":
        raise ServerError("server.photo_mismatch")
    if status[0] != "complete":
        raise ServerError("server.photo_incomplete")
    return UploadResult(sha, sent, False)
