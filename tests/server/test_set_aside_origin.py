"""The set-aside screen names the workstation the unit's record came from (server 0017): the name the
version's author's own sync reports gave that workstation, never a name another account reported under
the same id; the author's name as the server holds it; "another workstation" when the server does not
know the name.  Swedish and English."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.server import reads
from injurydoc.services import unit_desktop, unit_mode, unit_set_aside
from injurydoc.services.examinations import ExaminationService
from injurydoc.ui.app import install_translations
from injurydoc.ui.set_aside_dialog import SetAsideDialog
from tests.server import unit_cases
from tests.server.unit_cases import document, server_rows, sync
from tests.server.world import World

ROOM_3, ROOM_5 = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture
def two(world: World, tmp_path: Path) -> Any:
    """anna's two workstations (two caches of one account), room 3 and room 5."""
    with unit_cases.workstations(world, tmp_path, ("anna",), second="anna") as c:
        yield c["anna"], c["second"]


def _report(world: World, user: str, workstation: str, name: str) -> None:
    """A sync report as the runner makes it, on ``user``'s own login role."""
    world.as_(user).execute(
        "SELECT injurydoc.report_sync(%s, %s, 'ok', 'test')", (uuid.UUID(workstation), name)
    )


def _signed_on_both(world: World, a: Any, b: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Signed in room 3 (A) first, then in room 5 (B) while offline."""
    from tests.server.test_set_aside_screen import HERE, THERE, sync_b

    monkeypatch.setattr(unit_mode, "workstation_id", lambda: ROOM_3)
    case = document(a, sign=False)
    sync(world, a, "anna")
    monkeypatch.setattr(unit_mode, "workstation_id", lambda: ROOM_5)
    sync(world, b, "anna")
    monkeypatch.setattr(unit_mode, "workstation_id", lambda: ROOM_3)
    ExaminationService(a).update(case.exam_id, patient_account=THERE)
    ExaminationService(a).sign(case.exam_id)
    monkeypatch.setattr(unit_mode, "workstation_id", lambda: ROOM_5)
    ExaminationService(b).update(case.exam_id, patient_account=HERE)
    ExaminationService(b).sign(case.exam_id)
    sync(world, a, "anna")
    sync_b(world, b)
    return case.exam_id


def test_the_unit_record_names_the_workstation_its_author_reported(
    world: World, two: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = two
    exam_id = _signed_on_both(world, a, b, monkeypatch)
    (sig,) = server_rows(world, "signatures", examination_id=uuid.UUID(exam_id))
    (version,) = server_rows(world, "examination_versions", id=sig["version_id"])
    assert str(version["workstation_id"]) == ROOM_3

    # no report from room 3 yet: the server knows no name, and the screen says "another workstation"
    case = unit_set_aside.case_for(b, exam_id)
    assert case is not None and case.unit_workstation == "" and case.unit_sent_by == "Anna"

    # anna's runner in room 3 reports its sync; erik reports a sync under the same id with another name
    _report(world, "anna", ROOM_3, "Rum 3")
    _report(world, "erik", ROOM_3, "Fel rum")
    with world.db.connect("anna", autocommit=False) as conn:
        exam = reads.read_examination(conn, uuid.UUID(exam_id))
    assert exam is not None
    (signed,) = [v for v in exam["versions"] if v["id"] == str(sig["version_id"])]
    assert signed["workstation_id"] == ROOM_3 and signed["workstation_name"] == "Rum 3"
    assert signed["author_name"] == "Anna"
    # the workstations table keeps the last report (erik's); the version keeps its author's name for it
    (ws,) = server_rows(world, "workstations", id=uuid.UUID(ROOM_3))
    assert ws["name"] == "Fel rum"

    # read now from the server, and from the cache's copy once the pull read it again
    unit_desktop.register_server_link(b, lambda: world.db.connect("anna", autocommit=False))
    case = unit_set_aside.case_for(b, exam_id)
    assert case is not None and case.from_server
    assert case.unit_workstation == "Rum 3" and case.unit_sent_by == "Anna" and case.signer == "Anna"


def test_a_report_of_another_account_names_no_version_of_anna(world: World, two: Any) -> None:
    """Raw SQL: erik reporting a sync under anna's workstation id changes nothing anna's versions show;
    no application role reads the reports table."""
    a, _b = two
    document(a, sign=False)
    sync(world, a, "anna")
    wid = unit_mode.workstation_id()
    _report(world, "erik", wid, "Fel rum")
    version = server_rows(world, "examination_versions")[0]
    with world.db.connect("anna", autocommit=False) as conn:
        exam = reads.read_examination(conn, version["examination_id"])
    assert exam is not None and {v["workstation_name"] for v in exam["versions"]} == {None}
    import psycopg

    for user in ("anna", "erik", "chef"):
        with world.db.connect(user) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM injurydoc.workstation_reports").fetchall()
    _report(world, "anna", wid, "Rum 3")
    with world.db.connect("anna", autocommit=False) as conn:
        exam = reads.read_examination(conn, version["examination_id"])
    assert exam is not None and {v["workstation_name"] for v in exam["versions"]} == {"Rum 3"}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Anna, workstation Rum 3, ", "signed by Anna on workstation Rum 3, ", "another workstation")),
        (
            "sv",
            (
                "Anna, arbetsstation Rum 3, ",
                "signerad av Anna på arbetsstation Rum 3, ",
                "en annan arbetsstation",
            ),
        ),
    ],
)
def test_the_dialog_names_who_where_and_when(
    qtbot: Any, qapp: Any, world: World, two: Any, monkeypatch: pytest.MonkeyPatch, lang: str, words: Any
) -> None:
    a, b = two
    exam_id = _signed_on_both(world, a, b, monkeypatch)
    _report(world, "anna", ROOM_3, "Rum 3")
    unit_desktop.register_server_link(b, lambda: world.db.connect("anna", autocommit=False))
    case = unit_set_aside.case_for(b, exam_id)
    assert case is not None and case.unit_workstation == "Rum 3"
    install_translations(qapp, lang)
    try:
        dlg = SetAsideDialog(case)
        qtbot.addWidget(dlg)
        assert words[0] in dlg.column_title(0)
        assert words[1] in dlg.intro.text()
        # a server that does not name the workstation: "another workstation", as before
        unnamed = SetAsideDialog(unit_set_aside.SetAsideCase(**{**case.__dict__, "unit_workstation": ""}))
        qtbot.addWidget(unnamed)
        assert words[2] in unnamed.intro.text() and "Rum 3" not in unnamed.intro.text()
    finally:
        install_translations(qapp, "sv")
