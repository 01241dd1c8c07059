"""The sync status counts — and the conflict dialog lists — only conflicts this account may open here:
never a protected person's draft whose key it does not hold, a case no longer granted, or a conflict row
planted in the cache by raw SQL.  Checked through the session (the start page's status) and through the
background runner's own connection (the status line)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.domain.vocab import Protection
from injurydoc.services import unit_status
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.session import Session
from injurydoc.services.unit_sync import SyncRunner
from tests.server import unit_cases
from tests.server.unit_cases import document, server_rows, sync
from tests.server.world import PASSWORD, World

PROTECTED = Protection.SKYDDAD_FOLKBOKFORING


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path, room5="anna") as caches:
        yield caches


def _runner_count(session: Session) -> int:
    """The conflicts the background runner counts on its own connection to the cache (no pull, so the
    cache stays as the test left it)."""
    runner = SyncRunner.for_session(session, PASSWORD, interval=3600, backoff=(3600,), pull=False)
    try:
        runner.start()
        assert runner.wait_rounds(1)
        return runner.status().conflicts
    finally:
        runner.stop()


def _protected_conflict(world: World, unit: Any) -> str:
    """A protected person's draft edited offline on anna's two workstations, erik granted to read it."""
    chef, a, b, e = unit["chef"], unit["anna"], unit["room5"], unit["erik"]
    case = document(a, number="19750505-0000", name="Hemlig Hansson", protection=PROTECTED, sign=False)
    for s in (a, b, a, b):  # room 5's keys get the person's key at room 3's next sync
        sync(world, s, "anna")
    unit_cases.grant(world, chef, case.patient_id, "erik")
    ExaminationService(a).update(case.exam_id, patient_account="Version från rum 3")
    ExaminationService(b).update(case.exam_id, assessment="Version från rum 5")
    for s, who in ((a, "anna"), (b, "anna"), (a, "anna"), (e, "erik")):
        sync(world, s, who)
    return case.exam_id


def test_only_conflicts_this_account_may_open_are_counted_and_listed(world: World, unit: Any) -> None:
    exam_id = _protected_conflict(world, unit)
    e, c = unit["erik"], unit["cecilia"]
    # the granted colleague holds the key: counted and listed, by the session and by the runner
    assert [x.examination_id for x in unit_status.list_conflicts(e)] == [exam_id]
    assert unit_status.local_status(e).conflicts == 1
    assert _runner_count(e) == 1

    # a colleague without the person's key: a conflict row planted by raw SQL is neither counted nor listed
    versions = server_rows(world, "examination_versions", examination_id=uuid.UUID(exam_id))
    ids = sorted(str(v["id"]) for v in versions if v["parent_id"] is not None)
    c.db.execute(
        "INSERT INTO sync_conflicts (examination_id, version_ids, found_at) VALUES (?, ?, ?)",
        (exam_id, json.dumps(ids), dt.datetime.now(dt.UTC).isoformat()),
    )
    assert unit_status.list_conflicts(c) == []
    assert unit_status.local_status(c).conflicts == 0
    assert _runner_count(c) == 0

    # the key's wrap gone from erik's cache (the runner opens wraps from the store each time): not counted
    wraps = e.db.all("SELECT * FROM person_key_wraps WHERE holder = ?", (str(world.ids["erik"]),))
    e.db.execute("DELETE FROM person_key_wraps WHERE holder = ?", (str(world.ids["erik"]),))
    assert _runner_count(e) == 0
    marks = ",".join("?" * len(wraps[0]))
    for row in wraps:
        e.db.execute(f"INSERT INTO person_key_wraps VALUES ({marks})", row)
    assert _runner_count(e) == 1

    # the grant ended (its date passed on this workstation): neither counted nor listed any more
    e.db.execute(
        "UPDATE access_grants SET expires_on = '2000-01-01' WHERE account_id = ?", (str(world.ids["erik"]),)
    )
    assert unit_status.list_conflicts(e) == []
    assert unit_status.local_status(e).conflicts == 0
    assert _runner_count(e) == 0


def test_a_planted_conflict_row_for_an_examination_not_in_the_cache_is_not_counted(
    world: World, unit: Any
) -> None:
    a = unit["anna"]
    a.db.execute(
        "INSERT INTO sync_conflicts (examination_id, version_ids, found_at) VALUES (?, '[]', ?)",
        (str(uuid.uuid4()), dt.datetime.now(dt.UTC).isoformat()),
    )
    assert unit_status.local_status(a).conflicts == 0 and unit_status.list_conflicts(a) == []
