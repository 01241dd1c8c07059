"""Pull into a second workstation's cache: signed on A -> in B's cache; two offline edits of one draft ->
both versions kept and a conflict recorded; a withdrawn grant removes the cached case."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import psycopg

from injurydoc.sync.outbox import Outbox
from injurydoc.sync.pull import cached_examination, conflicts, pull
from injurydoc.sync.push import push
from tests.server.sync_cases import CHUNK, memory_outbox, queue_examination
from tests.server.world import World


def _connect(world: World, user: str) -> psycopg.Connection[Any]:
    return world.db.connect(user, autocommit=False)


def _version(world: World, ob: Outbox, exam: str, parent: str | None, text: str, user: str) -> str:
    vid = str(uuid.uuid4())
    ob.add(
        "version",
        vid,
        {
            "id": vid,
            "unit_id": str(world.unit_of(user)),
            "examination_id": exam,
            "parent_id": parent,
            "author_id": str(world.ids[user]),
            "client_saved_at": dt.datetime.now(dt.UTC).isoformat(),
            "content": {"account": text},
        },
    )
    return vid


def test_signed_on_a_lands_in_b_cache(world: World) -> None:
    a, b = memory_outbox(), memory_outbox()
    case = queue_examination(world, a)
    with _connect(world, "erik") as conn:
        assert pull(conn, b).examinations_read == 0
    with _connect(world, "anna") as conn:
        push(conn, a, chunk_size=CHUNK)
    with _connect(world, "erik") as conn:
        first = pull(conn, b)
        again = pull(conn, b)
    cached = cached_examination(b, str(case["exam"]))
    assert first.examinations_read == 1 and cached is not None
    assert cached["signature"]["signer_id"] == str(world.ids["anna"])
    assert len(cached["photos"]) == len(case["photos"])
    assert again.examinations_read == 0  # signed and cached: not read (and logged) again


def test_offline_edits_on_two_workstations_keep_both_versions(world: World) -> None:
    a, b = memory_outbox(), memory_outbox()
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    base = str(world.add_version("anna", exam))
    va = _version(world, a, str(exam), base, "edited in room 3", "anna")
    vb = _version(world, b, str(exam), base, "edited in room 5", "anna")
    for ob in (a, b):  # both come back online
        with _connect(world, "anna") as conn:
            assert push(conn, ob).remaining == 0
    with _connect(world, "anna") as conn:
        res = pull(conn, a)
    assert res.conflicts == [str(exam)]
    assert conflicts(a) == {str(exam): sorted([va, vb])}
    cached = cached_examination(a, str(exam))
    assert cached is not None
    texts = {v["content"]["account"] for v in cached["versions"]}
    assert {"edited in room 3", "edited in room 5"} <= texts
    # a merge that names only one side leaves the other a separate tip: still a conflict
    vm = _version(world, a, str(exam), va, "merged", "anna")
    with _connect(world, "anna") as conn:
        push(conn, a)
        pull(conn, a)
    assert conflicts(a) == {str(exam): sorted([vb, vm])}
    # the examiner's choice names the version it replaces: resolved, every version still kept
    vid = str(uuid.uuid4())
    a.add(
        "version",
        vid,
        {
            "id": vid,
            "unit_id": str(world.unit_of("anna")),
            "examination_id": str(exam),
            "parent_id": vm,
            "author_id": str(world.ids["anna"]),
            "client_saved_at": dt.datetime.now(dt.UTC).isoformat(),
            "content": {"account": "chosen", "supersedes": [vb]},
        },
    )
    with _connect(world, "anna") as conn:
        push(conn, a)
        res = pull(conn, a)
    assert res.conflicts == [] and conflicts(a) == {}
    cached = cached_examination(a, str(exam))
    assert cached is not None and len(cached["versions"]) == 5


def test_withdrawn_grant_removes_cached_case(world: World) -> None:
    ob = memory_outbox()
    patient = world.add_patient("anna", protection="skyddad_folkbokforing")
    exam = world.add_exam("anna", patient)
    world.add_version("anna", exam, encrypted=True)
    grant = world.grant("chef", patient, "erik")
    with _connect(world, "erik") as conn:
        pull(conn, ob)
    assert cached_examination(ob, str(exam)) is not None
    world.as_("chef").execute("SELECT injurydoc.withdraw_grant(%s)", (grant,))
    with _connect(world, "erik") as conn:
        res = pull(conn, ob)
    assert res.removed == [str(patient)]
    assert cached_examination(ob, str(exam)) is None
    assert (
        ob.con.execute("SELECT count(*) FROM sync_cache WHERE patient_id = ?", (str(patient),)).fetchone()[0]
        == 0
    )
