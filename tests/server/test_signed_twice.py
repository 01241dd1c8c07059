"""A draft signed (or edited) on two workstations while offline, end to end with two caches of the same
examiner: the second workstation's records are set aside, never stuck and never lost; the sync status
says what happened and what to do until an addendum reaches the server; the event is logged here and in
the unit's log."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.services import unit_status
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.sync import set_aside
from injurydoc.sync.pull import pull
from injurydoc.sync.push import push
from tests.server import unit_cases
from tests.server.unit_cases import document, outbox, outbox_rows, server_rows, sync
from tests.server.world import World


@pytest.fixture
def two(world: World, tmp_path: Path) -> Any:
    """anna's two workstations (two caches of one account)."""
    with unit_cases.workstations(world, tmp_path, ("anna",), second="anna") as c:
        yield c["anna"], c["second"]


def _sync_b(world: World, b: Any) -> Any:
    with world.db.connect("anna", autocommit=False) as conn:
        pushed = push(conn, outbox(b))
        pull(conn, outbox(b), unit_key=b.unit_key)
    return pushed


def _kept_content(b: Any, exam_id: str) -> str:
    (record,) = set_aside.pending(outbox(b))
    assert record["examination_id"] == exam_id
    versions = [e for e in record["entries"] if e["kind"] == "version"]
    return json.dumps(versions[-1]["payload"]["content"], ensure_ascii=False)


def test_signed_on_both_the_second_is_set_aside_said_and_logged_and_the_outbox_moves_on(
    world: World, two: Any
) -> None:
    a, b = two
    case = document(a, sign=False)
    sync(world, a, "anna")
    sync(world, b, "anna")
    ExaminationService(a).update(case.exam_id, patient_account="Slagen med knytnäve, version A")
    ExaminationService(a).sign(case.exam_id)
    ExaminationService(b).update(case.exam_id, patient_account="Sparkad mot benet, version B")
    ExaminationService(b).sign(case.exam_id)
    later = PatientService(b).create(personal_id="19700101-0011", name="Nils Nyare")  # made after
    sync(world, a, "anna")

    pushed = _sync_b(world, b)
    assert pushed.refused == [] and pushed.set_aside == [case.exam_id]
    assert outbox_rows(b, log=True) == []  # nothing stuck: the log rows and the later patient went too
    assert server_rows(world, "patients", id=uuid.UUID(later.id))
    # the server's record is A's; B's signed version is kept, word for word
    (sig,) = server_rows(world, "signatures", examination_id=uuid.UUID(case.exam_id))
    (version,) = server_rows(world, "examination_versions", id=sig["version_id"])
    assert "version A" in json.dumps(version["content"], ensure_ascii=False)
    assert "Sparkad mot benet, version B" in _kept_content(b, case.exam_id)
    on_b = ExaminationService(b).get(case.exam_id)
    assert on_b.is_signed and on_b.patient_account == "Sparkad mot benet, version B"
    # logged here and in the unit's log
    assert b.db.all("SELECT 1 FROM audit_log WHERE details LIKE '%signed_elsewhere%'")
    logged = [
        r
        for r in server_rows(world, "access_log", source="client")
        if r["details"].get("event") == "signed_elsewhere"
    ]
    assert len(logged) == 1 and logged[0]["target"] == f"examination:{case.exam_id}"
    # the status says it, in Swedish and English, naming the case number
    status = unit_status.local_status(b)
    ref = on_b.case_ref
    assert status.state == "attention" and status.attention == "sync.signed_elsewhere"
    sv, en = unit_status.attention_message(status, "sv"), unit_status.attention_message(status, "en")
    assert ref in sv and "tillägg" in sv and ref in en and "addendum" in en
    # pushing again: nothing refused, nothing set aside twice
    again = _sync_b(world, b)
    assert again.refused == [] and again.set_aside == []
    # an addendum by the examiner (on A, which shows the unit's record) settles it at B's next sync
    ExaminationService(a).add_addendum(case.exam_id, "Patienten uppger även en spark mot benet.")
    sync(world, a, "anna")
    _sync_b(world, b)
    assert set_aside.pending(outbox(b)) == []
    assert unit_status.local_status(b).state != "attention"


def test_edited_here_signed_there_the_edits_are_kept_not_dropped(world: World, two: Any) -> None:
    a, b = two
    case = document(a, sign=False)
    sync(world, a, "anna")
    sync(world, b, "anna")
    ExaminationService(a).sign(case.exam_id)
    ExaminationService(b).update(case.exam_id, patient_account="Tillägg skrivet offline på B")
    sync(world, a, "anna")
    pushed = _sync_b(world, b)
    assert pushed.refused == [] and outbox_rows(b) == []
    # B now shows the unit's signed record, and what was typed on B is kept
    on_b = ExaminationService(b).get(case.exam_id)
    assert on_b.is_signed and on_b.patient_account != "Tillägg skrivet offline på B"
    assert "Tillägg skrivet offline på B" in _kept_content(b, case.exam_id)
    assert unit_status.local_status(b).attention == "sync.signed_elsewhere"


def test_the_background_runner_says_it_and_keeps_saying_it_after_a_good_round(world: World, two: Any) -> None:
    """The status line's source (the runner): needs attention with the case number after the round that
    set the records aside, and again after a round with nothing to send."""
    from injurydoc.services.unit_sync import SyncRunner
    from tests.server.world import PASSWORD

    a, b = two
    case = document(a, sign=False)
    sync(world, a, "anna")
    sync(world, b, "anna")
    ExaminationService(a).sign(case.exam_id)
    ExaminationService(b).sign(case.exam_id)
    sync(world, a, "anna")
    runner = SyncRunner.for_session(b, PASSWORD, interval=3600, backoff=(3600,))
    try:
        runner.start()
        assert runner.wait_rounds(1)
        st = runner.status()
        ref = ExaminationService(b).get(case.exam_id).case_ref
        assert st.state == "attention" and st.attention == "sync.signed_elsewhere", st
        assert st.unsent == 0 and ref in unit_status.attention_message(st, "en")
        runner.sync_now()
        assert runner.wait_rounds(2)
        assert runner.status().attention == "sync.signed_elsewhere"
    finally:
        runner.stop()
