"""The unit server's change feed and "do you hold row X" (schema revision 0003, ``sql/v0003_change_feed.py``).

:func:`changes_since` returns the ids and kinds of rows this account may open that changed since a
cursor, and the cursor for the next call; nothing of their content (that is read through the logged
:mod:`injurydoc.server.reads`).  :func:`holds` tells a workstation whether the server has a row of its
own already, so that a re-sent record counts as sent even when the server would now refuse it (the
examination was signed meanwhile on another workstation).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg

from injurydoc.server.connection import server_errors

__all__ = ["Change", "Changes", "changes_since", "holds"]


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # patient | grant | wrap | examination | version | injury | signature | addendum | photo
    id: uuid.UUID
    patient_id: uuid.UUID
    examination_id: uuid.UUID | None


@dataclass
class Changes:
    cursor: int
    rows: list[Change] = field(default_factory=list)

    @property
    def patients(self) -> set[uuid.UUID]:
        """Patients to read again: new, changed, or whose grant or key wrap for this account changed."""
        return {c.patient_id for c in self.rows if c.kind in ("patient", "grant", "wrap")}

    @property
    def examinations(self) -> dict[uuid.UUID, uuid.UUID]:
        """Examination id -> patient id, for each examination with a new or changed part."""
        return {c.examination_id: c.patient_id for c in self.rows if c.examination_id is not None}


def changes_since(conn: psycopg.Connection[Any], cursor: int) -> Changes:
    """What changed since ``cursor`` (0: everything) among the rows this account may open."""
    with server_errors():
        rows = conn.execute(
            "SELECT kind, id, patient_id, examination_id, xid FROM injurydoc.changes_since(%s)", (cursor,)
        ).fetchall()
        conn.commit()
    result = Changes(cursor)
    for kind, rid, patient, exam, xid in rows:
        if kind == "cursor":
            result.cursor = int(xid)
        else:
            result.rows.append(Change(kind, rid, patient, exam))
    return result


def holds(conn: psycopg.Connection[Any], kind: str, row_id: uuid.UUID | str) -> bool:
    """Whether the server holds this account's own row of ``kind`` with this id."""
    with server_errors():
        row = conn.execute("SELECT injurydoc.holds(%s, %s)", (kind, str(row_id))).fetchone()
        conn.commit()
    return bool(row and row[0])
