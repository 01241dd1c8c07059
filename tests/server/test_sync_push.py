"""The outbox and its push to a real unit server: in order, idempotent by id, resumable photo by photo,
each photo counted only after the server checked its SHA-256; a server stopped in the middle of a push
loses nothing and duplicates nothing; a second workstation sees the signed examination."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import psycopg
import pytest

from injurydoc.server import reads
from injurydoc.server.connection import connect
from injurydoc.server.errors import ServerError
from injurydoc.sync import set_aside
from injurydoc.sync.outbox import Outbox
from injurydoc.sync.push import push
from tests.server.sync_cases import CHUNK, N_PHOTOS, memory_outbox, queue_examination, server_counts
from tests.server.world import World


def _connect(world: World, user: str) -> psycopg.Connection[Any]:
    return world.db.connect(user, autocommit=False)


def test_interrupted_at_90_percent_resumes_and_nothing_is_duplicated(world: World) -> None:
    ob = memory_outbox()
    case = queue_examination(world, ob)
    total_chunks = N_PHOTOS * 4
    with _connect(world, "anna") as conn:
        first = push(conn, ob, chunk_size=CHUNK, stop_after_chunks=36)  # 90 %
        assert first.photo_chunks_sent == 36
        assert first.remaining > 0
        # photos whose bytes were not all checked are not written as photos
        assert server_counts(world)[4] == 9
        second = push(conn, ob, chunk_size=CHUNK)
    assert second.photo_chunks_sent == total_chunks - 36  # resumed, not restarted
    assert second.remaining == 0 and not second.refused
    assert server_counts(world) == (1, 1, 1, 1, N_PHOTOS, 1)

    # a crash between the server's commit and the local delete: the entry in flight is sent again
    again = memory_outbox()
    assert ob.count() == 0
    _requeue_same(world, again, case)
    with _connect(world, "anna") as conn:
        third = push(conn, again, chunk_size=CHUNK)
    assert third.remaining == 0 and not third.refused and third.sent == 2
    assert server_counts(world) == (1, 1, 1, 1, N_PHOTOS, 1)

    # the photos on the server are the bytes that were queued, checked by SHA-256
    with _connect(world, "anna") as conn:
        exam = reads.read_examination(conn, case["exam"])
        assert exam is not None and exam["signature"] is not None
        got = [reads.read_photo(conn, uuid.UUID(p["id"])) for p in exam["photos"]]
    assert got == case["photos"]


def _requeue_same(world: World, ob: Outbox, case: dict[str, Any]) -> None:
    """Re-queue records of the case with the same ids, as a workstation that crashed after the server
    committed but before its outbox forgot the entry sends them again (the examination, the signature)."""
    with _connect(world, "anna") as conn:
        exam = reads.read_examination(conn, case["exam"])
    assert exam is not None
    unit, me = str(world.unit_of("anna")), str(world.ids["anna"])
    ob.add(
        "examination",
        exam["id"],
        {"id": exam["id"], "unit_id": unit, "patient_id": str(case["patient"]), "examiner_id": me},
    )
    s = exam["signature"]
    ob.add(
        "signature",
        exam["id"],
        {
            "examination_id": exam["id"],
            "unit_id": unit,
            "version_id": s["version_id"],
            "signer_id": me,
            "key_id": s["key_id"],
            "signed_at": s["signed_at"],
            "content_sha256": s["content_sha256"],
            "signature": bytes(64).hex(),
        },
    )


def test_server_stopped_mid_push_loses_nothing(world: World) -> None:
    ob = memory_outbox()
    case = queue_examination(world, ob)
    conn = _connect(world, "anna")
    push(conn, ob, chunk_size=CHUNK, stop_after_chunks=12)
    world.close()
    world.db.cluster.pause()
    try:
        with pytest.raises(ServerError):
            push(conn, ob, chunk_size=CHUNK)
        with pytest.raises(ServerError):
            push(connect(world.db.dsn("anna")), ob, chunk_size=CHUNK)
        # offline: the workstation keeps queuing work
        later = str(uuid.uuid4())
        ob.add(
            "log",
            later,
            {
                "unit_id": str(world.unit_of("anna")),
                "account_id": str(world.ids["anna"]),
                "source": "client",
                "action": "export",
                "outcome": "ok",
                "patient_id": str(case["patient"]),
                "target": "offline export",
            },
        )
    finally:
        world.db.cluster.resume()
    conn.close()
    with _connect(world, "anna") as conn:
        done = push(conn, ob, chunk_size=CHUNK)
    assert done.remaining == 0 and not done.refused
    assert server_counts(world) == (1, 1, 1, 1, N_PHOTOS, 1)
    with world.db.owner() as o:
        n = o.execute("SELECT count(*) FROM injurydoc.access_log WHERE target = 'offline export'").fetchone()
        chunks = o.execute("SELECT count(*) FROM injurydoc.photo_chunks").fetchone()
    assert n[0] == 1 and chunks[0] == N_PHOTOS * 4


def test_signed_on_a_is_visible_on_b_and_a_refusal_stays_queued(world: World) -> None:
    ob = memory_outbox()
    case = queue_examination(world, ob)
    with _connect(world, "anna") as conn:
        assert push(conn, ob, chunk_size=CHUNK).remaining == 0
    # another workstation, a colleague of the unit (the person is not protected): sees it signed;
    # a clinician of another unit does not see it at all
    with _connect(world, "bo") as bo:
        assert reads.read_examination(bo, case["exam"]) is None
    with _connect(world, "erik") as erik:
        exam = reads.read_examination(erik, case["exam"])
    assert exam is not None and exam["signature"]["signer_id"] == str(world.ids["anna"])
    # a draft version made offline for an examination that was signed meanwhile: refused, and set aside
    # (kept in sync_state, sync/set_aside.py) so that it does not stall the outbox
    vid = str(uuid.uuid4())
    ob.add(
        "version",
        vid,
        {
            "id": vid,
            "unit_id": str(world.unit_of("anna")),
            "examination_id": str(case["exam"]),
            "author_id": str(world.ids["anna"]),
            "client_saved_at": dt.datetime.now(dt.UTC).isoformat(),
            "content": {"account": "late"},
        },
    )
    with _connect(world, "anna") as conn:
        res = push(conn, ob, chunk_size=CHUNK)
    assert res.refused == [] and res.set_aside == [str(case["exam"])] and res.remaining == 0
    (kept,) = set_aside.pending(ob)
    assert [e["item_id"] for e in kept["entries"]] == [vid]
    # a refusal of another kind stays queued and is reported
    ob.add(
        "examination",
        str(uuid.uuid4()),
        {
            "id": str(uuid.uuid4()),
            "unit_id": str(world.unit_of("anna")),
            "patient_id": str(uuid.uuid4()),
            "examiner_id": str(world.ids["anna"]),
        },
    )
    with _connect(world, "anna") as conn:
        res = push(conn, ob, chunk_size=CHUNK)
    assert len(res.refused) == 1 and res.refused[0][0] == "examination" and res.remaining == 1
