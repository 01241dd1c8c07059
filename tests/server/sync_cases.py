"""What the sync tests queue and count: an in-memory outbox, an examination made offline (patient,
draft version with one injury, photos, signature), and the rows the server holds."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import uuid
from typing import Any

from injurydoc.store.schema import V9
from injurydoc.sync.outbox import Outbox
from tests.server.world import World, lookup_value

CHUNK = 64 * 1024
N_PHOTOS = 10


def memory_outbox() -> Outbox:
    con = sqlite3.connect(":memory:")
    for stmt in V9:
        con.execute(stmt)
    return Outbox(con)


def queue_examination(world: World, ob: Outbox, user: str = "anna") -> dict[str, Any]:
    """Queue what a workstation makes offline: a patient, an examination, a draft version with one
    injury, ten photos of ≈ 3.5 chunks each, and the examiner's signature."""
    unit, me = str(world.unit_of(user)), str(world.ids[user])
    pid, eid, vid = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC).isoformat()
    ob.add(
        "patient",
        pid,
        {
            "id": pid,
            "unit_id": unit,
            "protection": "none",
            "lookup": lookup_value(pid).hex(),
            "identity": {"name": "Test Person"},
            "created_by": me,
        },
    )
    ob.add("examination", eid, {"id": eid, "unit_id": unit, "patient_id": pid, "examiner_id": me})
    ob.add(
        "version",
        vid,
        {
            "id": vid,
            "unit_id": unit,
            "examination_id": eid,
            "author_id": me,
            "client_saved_at": now,
            "content": {"account": "Patienten berättar"},
        },
    )
    iid = str(uuid.uuid4())
    ob.add("injury", iid, {"id": iid, "unit_id": unit, "version_id": vid, "number": 1, "content": {"t": "b"}})
    photos = []
    for n in range(1, N_PHOTOS + 1):
        data = os.urandom(CHUNK * 3 + CHUNK // 2)
        ph = str(uuid.uuid4())
        photos.append(data)
        ob.add(
            "photo",
            ph,
            {
                "id": ph,
                "unit_id": unit,
                "examination_id": eid,
                "number": n,
                "sha256": hashlib.sha256(data).hexdigest(),
                "added_by": me,
                "metadata": {"role": "overview"},
            },
            data,
        )
    ob.add(
        "signature",
        eid,
        {
            "examination_id": eid,
            "unit_id": unit,
            "version_id": vid,
            "signer_id": me,
            "key_id": str(world.keys[user]),
            "signed_at": now,
            "content_sha256": os.urandom(32).hex(),
            "signature": os.urandom(64).hex(),
        },
    )
    return {"patient": uuid.UUID(pid), "exam": uuid.UUID(eid), "photos": photos}


def server_counts(world: World) -> tuple[int, ...]:
    with world.db.owner() as o:
        return tuple(
            o.execute(f"SELECT count(*) FROM injurydoc.{t}").fetchone()[0]
            for t in ("patients", "examinations", "examination_versions", "injuries", "photos", "signatures")
        )
