"""Reading patient data from the unit server: every read is logged by the server before data leaves it.

A read is two steps (see ``request_read`` in ``sql/v0001_functions.py``): the request writes the access-log
rows and is committed; only then does the fetch, in a new transaction, return the data.  A client that
rolls the request back holds no committed read id, so it gets nothing.  Application roles have no
SELECT on the patient tables at all.
"""

from __future__ import annotations

import uuid
from typing import Any

import psycopg

from injurydoc.server.connection import server_errors

__all__ = ["read_examination", "read_patient", "read_patients", "read_photo", "request_read"]


def request_read(conn: psycopg.Connection[Any], kind: str, target: uuid.UUID | None) -> uuid.UUID | None:
    """Ask for a read; the server logs it (or logs the refusal) and the log rows are committed here.
    None: refused, or nothing of that id."""
    with server_errors():
        row = conn.execute("SELECT injurydoc.request_read(%s, %s)", (kind, target)).fetchone()
        conn.commit()
    return row[0] if row else None


def _fetch_one(conn: psycopg.Connection[Any], function: str, read_id: uuid.UUID) -> Any:
    with server_errors():
        row = conn.execute(f"SELECT injurydoc.{function}(%s)", (read_id,)).fetchone()
        conn.commit()
    return row[0] if row else None


def read_patients(conn: psycopg.Connection[Any]) -> list[dict[str, Any]]:
    """The patients this account may open (a logged read of each)."""
    read_id = request_read(conn, "patients", None)
    if read_id is None:
        return []
    with server_errors(), conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        rows = cur.execute("SELECT * FROM injurydoc.fetch_patients(%s)", (read_id,)).fetchall()
        conn.commit()
    return rows


def read_patient(conn: psycopg.Connection[Any], patient_id: uuid.UUID) -> dict[str, Any] | None:
    read_id = request_read(conn, "patient", patient_id)
    return None if read_id is None else _fetch_one(conn, "fetch_patient", read_id)


def read_examination(conn: psycopg.Connection[Any], examination_id: uuid.UUID) -> dict[str, Any] | None:
    read_id = request_read(conn, "examination", examination_id)
    return None if read_id is None else _fetch_one(conn, "fetch_examination", read_id)


def read_photo(conn: psycopg.Connection[Any], photo_id: uuid.UUID, which: str = "original") -> bytes | None:
    read_id = request_read(conn, "photo", photo_id)
    if read_id is None:
        return None
    with server_errors():
        rows = conn.execute("SELECT data FROM injurydoc.fetch_photo(%s, %s)", (read_id, which)).fetchall()
        conn.commit()
    return b"".join(bytes(r[0]) for r in rows) if rows else None
