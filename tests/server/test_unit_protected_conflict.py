"""A protected person's draft edited on two workstations while offline (issue 16): the server holds both
versions as ciphertext; an account holding the person's key sees both side by side in plain text in the
conflict dialog, chooses (a merge), the choice is logged and reaches the other workstation as ciphertext,
nothing lost; an account without the key never gets plain text from it, not even with a conflict row
planted in its cache by raw SQL."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.domain.vocab import Protection
from injurydoc.services import unit_conflicts, unit_desktop, unit_status
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.session import Session
from injurydoc.ui.app import install_translations
from injurydoc.ui.conflict_dialog import ConflictDialog
from tests.server import unit_cases
from tests.server.unit_cases import document, server_rows, sync
from tests.server.world import World

NAME, NUMBER = "Hemlig Hansson", "19750505-0000"
PROTECTED = Protection.SKYDDAD_FOLKBOKFORING
ROOM3, ROOM5 = "Slagen mot armen, knuffad i trappan.", "Stämmer med berättelsen."


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path) as caches:
        yield caches


def _cache_text(session: Session) -> str:
    """Every text the cache's sync tables and queue hold (raw SQL)."""
    rows = session.db.all("SELECT body FROM sync_cache") + session.db.all("SELECT payload FROM sync_outbox")
    return "\n".join(str(r[0]) for r in rows)


@pytest.fixture
def room5(world: World, unit: Any, tmp_path: Path) -> Any:
    """The examiner's (anna's) cache on a second workstation."""
    s = unit_cases.cache(world, "anna", tmp_path / "ws-room5")
    try:
        yield s
    finally:
        s.close()


def test_both_offline_versions_open_side_by_side_for_an_allowed_account_and_the_merge_is_kept(
    qtbot, qapp, world: World, unit: Any, room5: Session
) -> None:
    chef, a, b, e, c = unit["chef"], unit["anna"], room5, unit["erik"], unit["cecilia"]
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED, sign=False)
    sync(world, a, "anna")
    sync(world, b, "anna")  # room 5's new keys: room 3 wraps the person's key for them at its next sync
    sync(world, a, "anna")
    sync(world, b, "anna")
    assert ExaminationService(b).get(case.exam_id).patient_account == unit_cases.ACCOUNT
    unit_cases.grant(world, chef, case.patient_id, "erik")  # a colleague allowed to read it

    # both edit the same version while offline (nothing synced in between)
    ExaminationService(a).update(case.exam_id, patient_account=ROOM3)
    ExaminationService(b).update(case.exam_id, assessment=ROOM5)
    sync(world, a, "anna")
    sync(world, b, "anna")
    sync(world, a, "anna")
    sync(world, e, "erik")
    exam = uuid.UUID(case.exam_id)
    versions = server_rows(world, "examination_versions", examination_id=exam)
    assert all(v["content"] is None and v["content_ciphertext"] for v in versions)
    on_server = unit_cases.everything_on_server(world)
    assert ROOM3.encode() not in on_server and ROOM5.encode() not in on_server
    # the cache keeps the server's copy as it came: ciphertext
    assert ROOM5 not in str(a.db.scalar("SELECT body FROM sync_cache WHERE id = ?", (case.exam_id,)))

    # both workstations know of the conflict, and both versions open in plain text on each, and for the
    # granted colleague
    for s in (a, b, e):
        (conflict,) = unit_status.list_conflicts(s)
        assert conflict.examination_id == case.exam_id and len(conflict.versions) == 2
        said = {v for view in unit_conflicts.sections(conflict) for row in view.rows for v in row.values}
        assert {ROOM3, ROOM5} <= said
        assert unit_desktop.conflict_for(s, case.exam_id) == conflict

    # an account without the person's key (granted, its wrap gone as for a refused key) gets the
    # ciphertext rows its grant allows and no plain text, not even from a conflict row planted by raw SQL
    unit_cases.grant(world, chef, case.patient_id, "cecilia")
    with world.db.superuser() as su:
        su.execute(
            "DELETE FROM injurydoc.patient_key_wraps WHERE account_id = %s AND patient_id = %s",
            (world.ids["cecilia"], uuid.UUID(case.patient_id)),
        )
    sync(world, c, "cecilia")
    assert c.db.one("SELECT 1 FROM sync_cache WHERE id = ?", (case.exam_id,)) is not None
    assert c.db.one("SELECT 1 FROM examinations WHERE id = ?", (case.exam_id,)) is None
    assert c.db.all("SELECT * FROM sync_conflicts") == []
    ids = sorted(str(v["id"]) for v in versions if v["parent_id"] is not None)
    c.db.execute(
        "INSERT INTO sync_conflicts (examination_id, version_ids, found_at) VALUES (?, ?, ?)",
        (case.exam_id, json.dumps(ids), dt.datetime.now(dt.UTC).isoformat()),
    )
    assert unit_status.list_conflicts(c) == []
    assert unit_desktop.conflict_for(c, case.exam_id) is None
    cached = _cache_text(c)
    assert ROOM3 not in cached and ROOM5 not in cached and NAME not in cached

    # the dialog on room 3: both side by side, room 3's account and room 5's assessment kept (a merge)
    install_translations(qapp, "sv")
    (conflict,) = unit_status.list_conflicts(a)
    dlg = ConflictDialog(conflict)
    qtbot.addWidget(dlg)
    dlg.show()
    texts = {label.text() for label in dlg.findChildren(type(dlg.summary))}
    assert {ROOM3, ROOM5} <= texts
    assert not any(t.startswith("enc1:") for t in texts)
    accounts = [v.content.get("fields", {}).get("patient_account") for v in conflict.versions]
    with_room3 = accounts.index(ROOM3)
    dlg.groups["account"].button(with_room3).setChecked(True)
    dlg.groups["assessment"].button(1 - with_room3).setChecked(True)
    with qtbot.waitSignal(dlg.chosen) as got:
        dlg.keep_button.click()
    parent, content, superseded = got.args
    unit_desktop.resolve_conflict(a, case.exam_id, parent, content, superseded)
    assert unit_status.list_conflicts(a) == []
    logged = a.db.all("SELECT details FROM audit_log WHERE details LIKE '%draft_conflict_resolved%'")
    assert len(logged) == 1 and parent in logged[0][0]
    merged = ExaminationService(a).get(case.exam_id)
    assert (merged.patient_account, merged.assessment) == (ROOM3, ROOM5)

    # the merge reaches the server as ciphertext, and room 5 and the colleague take it: no conflict left there
    sync(world, a, "anna")
    after = server_rows(world, "examination_versions", examination_id=exam)
    assert len(after) == len(versions) + 1
    assert all(v["content"] is None and v["content_ciphertext"] for v in after)
    on_server = unit_cases.everything_on_server(world)
    assert ROOM3.encode() not in on_server and ROOM5.encode() not in on_server
    sync(world, b, "anna")
    sync(world, e, "erik")
    assert unit_status.list_conflicts(b) == [] and unit_status.list_conflicts(e) == []
    on_e = ExaminationService(e).get(case.exam_id)
    assert (on_e.patient_account, on_e.assessment) == (ROOM3, ROOM5)
    on_b = ExaminationService(b).get(case.exam_id)
    assert (on_b.patient_account, on_b.assessment) == (ROOM3, ROOM5)
    # nothing lost: every version (both offline ones and the merge) is still on the server
    assert {str(v["id"]) for v in versions} <= {str(v["id"]) for v in after}
