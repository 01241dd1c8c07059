"""Pulling from the unit server into the workstation's cache.

Everything comes through the server's logged reads (:mod:`injurydoc.server.reads`): the patients this
account may open now, each patient's examinations, and each examination that is new or may have changed.
A signed examination changes only by addenda; it is read again only when the patient's list shows more
than the cache holds (``signed_at`` / count), otherwise not, so the access log is not flooded.  A patient
the account may no longer open (a grant withdrawn or ended, an account disabled) is removed from the cache
with its examinations.  A draft with two versions that share a parent (edited on two workstations while
offline) is recorded in ``sync_conflicts``: both versions are kept on the server and in the cache, and the
examiner chooses at the next open.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg

from injurydoc.server import reads
from injurydoc.sync.outbox import Outbox

__all__ = ["PullResult", "cached_examination", "conflicts", "leaves", "pull"]


@dataclass
class PullResult:
    patients: int = 0
    examinations_read: int = 0
    removed: list[str] = field(default_factory=list)  # patient ids no longer allowed
    conflicts: list[str] = field(default_factory=list)  # examination ids with drafts in conflict


def leaves(exam: dict[str, Any]) -> list[str]:
    """The versions no other version was edited from (one for a draft edited in turn; two or more
    when the draft was edited on several workstations from the same version).  The version that
    resolves a conflict has one of them as parent and lists the others in ``content.supersedes``
    (encrypted content: once issue 14's per-person keys exist, inside the ciphertext — see
    docs/server.md)."""
    versions = exam.get("versions") or []
    parents = {v.get("parent_id") for v in versions}
    for v in versions:  # a version that merges a conflict names the other versions it replaces
        content = v.get("content")
        if isinstance(content, dict) and isinstance(content.get("supersedes"), list):
            parents.update(str(x) for x in content["supersedes"])
    return [v["id"] for v in versions if v["id"] not in parents]


def pull(conn: psycopg.Connection[Any], outbox: Outbox) -> PullResult:
    con = outbox.con
    result = PullResult()
    patients = reads.read_patients(conn)
    allowed = {str(p["id"]) for p in patients}
    result.patients = len(allowed)
    # withdrawn: the cache forgets the person and their examinations
    for (pid,) in con.execute("SELECT id FROM sync_cache WHERE kind = 'patient'").fetchall():
        if pid not in allowed:
            con.execute(
                "DELETE FROM sync_conflicts WHERE examination_id IN "
                "(SELECT id FROM sync_cache WHERE kind = 'examination' AND patient_id = ?)",
                (pid,),
            )
            con.execute("DELETE FROM sync_cache WHERE patient_id = ?", (pid,))
            result.removed.append(pid)
    con.commit()
    for p in patients:
        pid = str(p["id"])
        patient = reads.read_patient(conn, p["id"])
        if patient is None:
            continue
        cached = {
            row[0]: json.loads(row[1])
            for row in con.execute(
                "SELECT id, body FROM sync_cache WHERE kind = 'examination' AND patient_id = ?", (pid,)
            )
        }
        for e in patient.get("examinations") or []:
            old = cached.get(e["id"])
            if old is not None and old.get("signature") is not None and e.get("signed_at") is not None:
                continue  # signed and cached: immutable apart from addenda (see the module's note)
            exam = reads.read_examination(conn, uuid.UUID(e["id"]))
            if exam is None:
                continue
            result.examinations_read += 1
            con.execute(
                "INSERT OR REPLACE INTO sync_cache (kind, id, patient_id, body)"
                " VALUES ('examination', ?, ?, ?)",
                (e["id"], pid, json.dumps(exam, default=str)),
            )
            tips = leaves(exam)
            if exam.get("signature") is None and len(tips) > 1:
                con.execute(
                    "INSERT OR REPLACE INTO sync_conflicts (examination_id, version_ids, found_at)"
                    " VALUES (?, ?, ?)",
                    (e["id"], json.dumps(sorted(tips)), dt.datetime.now(dt.UTC).isoformat()),
                )
                result.conflicts.append(e["id"])
            else:
                con.execute("DELETE FROM sync_conflicts WHERE examination_id = ?", (e["id"],))
        con.execute(
            "INSERT OR REPLACE INTO sync_cache (kind, id, patient_id, body) VALUES ('patient', ?, ?, ?)",
            (pid, pid, json.dumps(patient, default=str)),
        )
        con.commit()
    outbox.set_state("pulled_at", dt.datetime.now(dt.UTC).isoformat())
    return result


def cached_examination(outbox: Outbox, examination_id: str) -> dict[str, Any] | None:
    row = outbox.con.execute(
        "SELECT body FROM sync_cache WHERE kind = 'examination' AND id = ?", (examination_id,)
    ).fetchone()
    return None if row is None else json.loads(row[0])


def conflicts(outbox: Outbox) -> dict[str, list[str]]:
    """Examination id -> the versions in conflict, for the editor to show at the next open."""
    return {
        r[0]: json.loads(r[1])
        for r in outbox.con.execute("SELECT examination_id, version_ids FROM sync_conflicts").fetchall()
    }
