"""The screen for records set aside because the examination was signed first on another workstation
(sync/set_aside.py), end to end with two caches of the same examiner: the unit's signed record and the
version set aside here side by side, the right one named the unit's record; a record signed on both
workstations marked "not the unit's record" in the list, the editor and the report; the addendum started
on the unit's record only where this workstation shows it; every opening logged."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton

from injurydoc.services import unit_conflicts, unit_desktop, unit_set_aside
from injurydoc.services.examinations import ExaminationService
from injurydoc.sync import set_aside
from injurydoc.sync.pull import pull
from injurydoc.sync.push import push
from injurydoc.ui.app import install_translations
from injurydoc.ui.set_aside_dialog import SetAsideDialog
from tests.server import unit_cases
from tests.server.unit_cases import document, outbox, server_rows, sync
from tests.server.world import World

HERE, THERE = "Sparkad mot benet, version B", "Slagen med knytnäve, version A"


@pytest.fixture
def two(world: World, tmp_path: Path) -> Any:
    """anna's two workstations (two caches of one account)."""
    with unit_cases.workstations(world, tmp_path, ("anna",), second="anna") as c:
        yield c["anna"], c["second"]


def sync_b(world: World, b: Any) -> None:
    with world.db.connect("anna", autocommit=False) as conn:
        push(conn, outbox(b))
        pull(conn, outbox(b), unit_key=b.unit_key)


def signed_on_both(world: World, a: Any, b: Any) -> str:
    case = document(a, sign=False)
    sync(world, a, "anna")
    sync(world, b, "anna")
    ExaminationService(a).update(case.exam_id, patient_account=THERE)
    ExaminationService(a).sign(case.exam_id)
    ExaminationService(b).update(case.exam_id, patient_account=HERE)
    ExaminationService(b).sign(case.exam_id)
    sync(world, a, "anna")
    sync_b(world, b)
    return case.exam_id


def edited_here_signed_there(world: World, a: Any, b: Any, **person: str) -> str:
    """A case documented on ``a``, synced to ``b``, signed on ``a`` while ``b`` edits it: ``b``'s record is
    set aside at its next sync.  ``person``: ``number`` and ``name`` for :func:`document`."""
    case = document(a, sign=False, **person)
    sync(world, a, "anna")
    sync(world, b, "anna")
    ExaminationService(a).update(case.exam_id, patient_account=THERE)
    ExaminationService(a).sign(case.exam_id)
    ExaminationService(b).update(case.exam_id, patient_account=HERE)
    sync(world, a, "anna")
    sync_b(world, b)
    return case.exam_id


def _said(case: Any) -> list[set[str]]:
    """Every value of each version, as the dialog's sections show them."""
    views = unit_conflicts.sections(case)
    return [{row.values[i] for view in views for row in view.rows} for i in range(2)]


def _report_text(b: Any, exam_id: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The text of the report preview (the PDF the preview's pages are drawn from)."""
    from injurydoc.services import export

    made: list[bytes] = []
    monkeypatch.setattr(export, "pdf_pages_png", lambda pdf: made.append(pdf) or [])
    export.ExportService(b).preview(exam_id, lang)  # type: ignore[arg-type]
    doc = pdfium.PdfDocument(io.BytesIO(made[0]))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_signed_on_both_the_unit_record_is_the_first_and_the_one_here_is_marked(
    world: World, two: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = two
    exam_id = signed_on_both(world, a, b)
    assert unit_set_aside.pending(b) == [exam_id] and unit_set_aside.pending(a) == []
    # the record here is not the unit's; on A it is
    assert unit_set_aside.not_units_record(b.db) == {exam_id}
    assert unit_set_aside.not_units_record(a.db) == set()
    assert unit_set_aside.case_for(a, exam_id) is None

    case = unit_set_aside.case_for(b, exam_id)
    assert case is not None and case.signed_here and not case.settled
    units, here = _said(case)
    assert THERE in units and HERE not in units  # the unit's record: signed first, on A
    assert HERE in here and THERE not in here
    (sig,) = server_rows(world, "signatures", examination_id=uuid.UUID(exam_id))
    assert case.versions[0].id == str(sig["version_id"])
    assert case.unit_signed_at == sig["signed_at"] and case.signer
    # the record here was signed here: an addendum written here would be bound to it, not the unit's
    assert case.addendum_here is False
    # the opening is logged here (and queued for the unit's log)
    logged = b.db.all("SELECT details FROM audit_log WHERE details LIKE ?", (f"%{unit_set_aside.EVENT}%",))
    assert len(logged) == 1 and json.loads(logged[0][0])["from_server"] is False

    # the list marks it; the report says it, in Swedish and English
    rows = unit_desktop.with_origins(b, ExaminationService(b).list_mine())
    (row,) = [r for r in rows if r.examination_id == exam_id]
    assert row.extra["origin"] == unit_desktop.NOT_UNITS_RECORD
    rows_a = unit_desktop.with_origins(a, ExaminationService(a).list_mine())
    assert all(r.extra.get("origin") != unit_desktop.NOT_UNITS_RECORD for r in rows_a)
    assert "inte enhetens journal" in _report_text(b, exam_id, "sv", monkeypatch).lower()
    assert "not the unit's record" in _report_text(b, exam_id, "en", monkeypatch).lower()
    assert "not the unit's record" not in _report_text(a, exam_id, "en", monkeypatch).lower()

    # with the server at hand, the unit's version is read through the server's logged read
    unit_desktop.register_server_link(b, lambda: world.db.connect("anna", autocommit=False))
    before = len(server_rows(world, "access_log", action="examination.read"))
    fresh = unit_set_aside.case_for(b, exam_id)
    assert fresh is not None and fresh.from_server and THERE in _said(fresh)[0]
    assert len(server_rows(world, "access_log", action="examination.read")) == before + 1

    # settled by an addendum written on A: no longer asked; the record here stays marked, and comparable
    ExaminationService(a).add_addendum(exam_id, "Patienten uppger även en spark mot benet.")
    sync(world, a, "anna")
    sync_b(world, b)
    assert unit_set_aside.pending(b) == [] and set_aside.pending(outbox(b)) == []
    assert unit_set_aside.not_units_record(b.db) == {exam_id}
    later = unit_set_aside.case_for(b, exam_id)
    assert later is not None and later.settled and later.signed_here


def test_edited_here_signed_there_the_addendum_can_be_written_here(world: World, two: Any) -> None:
    a, b = two
    exam_id = edited_here_signed_there(world, a, b)
    assert unit_set_aside.not_units_record(b.db) == set()  # the record here is the unit's
    case = unit_set_aside.case_for(b, exam_id)
    assert case is not None and not case.signed_here and case.addendum_here
    units, here = _said(case)
    assert THERE in units and HERE in here
    assert ExaminationService(b).get(exam_id).patient_account == THERE


# ----- the dialog ------------------------------------------------------------------------------------------
def _cells(dlg: SetAsideDialog, section: str) -> tuple[list[str], list[str]]:
    """(every text of the section's box in layout order, its column headings)."""
    box = dlg.findChild(QGroupBox, f"section_{section}")
    assert box is not None
    labels = box.findChildren(QLabel)
    return [w.text() for w in labels], [w.text() for w in labels if w.objectName().startswith("column_")]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("The unit's record – signed first", "not the unit's record", "NOT the unit's record")),
        ("sv", ("Enhetens journal – signerad först", "inte enhetens journal", "INTE enhetens journal")),
    ],
)
def test_the_dialog_names_the_units_record_and_refuses_the_addendum_on_the_one_signed_here(
    qtbot: Any, qapp: Any, world: World, two: Any, lang: str, words: tuple[str, str, str]
) -> None:
    a, b = two
    exam_id = signed_on_both(world, a, b)
    case = unit_set_aside.case_for(b, exam_id)
    assert case is not None
    install_translations(qapp, lang)
    try:
        dlg = SetAsideDialog(case)
        qtbot.addWidget(dlg)
        dlg.show()
        # both versions side by side: the unit's (A's, signed first) in the first column, named so
        texts, heads = _cells(dlg, "account")
        assert texts.index(THERE) < texts.index(HERE)
        assert words[0] in heads[0] and words[1] in heads[1], heads
        assert words[2] in dlg.intro.text() and case.case_ref in dlg.windowTitle()
        # the addendum cannot be written here: the record here is not the unit's
        assert not dlg.addendum_button.isEnabled() and dlg.addendum_note.isVisible()
        with qtbot.assertNotEmitted(dlg.addendum_requested):
            dlg.start_addendum()
    finally:
        install_translations(qapp, "sv")


def test_the_dialog_starts_the_addendum_where_the_units_record_is_shown(
    qtbot: Any, qapp: Any, world: World, two: Any
) -> None:
    a, b = two
    exam_id = edited_here_signed_there(world, a, b)
    case = unit_set_aside.case_for(b, exam_id)
    assert case is not None
    install_translations(qapp, "en")
    try:
        dlg = SetAsideDialog(case)
        qtbot.addWidget(dlg)
        dlg.show()
        texts, heads = _cells(dlg, "account")
        assert texts.index(THERE) < texts.index(HERE)
        assert "The unit's record" in heads[0] and "set aside" in heads[1]
        assert not dlg.addendum_note.isVisible()
        with qtbot.waitSignal(dlg.addendum_requested) as got:
            dlg.addendum_button.click()
        assert got.args == [exam_id]
    finally:
        install_translations(qapp, "sv")


# ----- the main window -------------------------------------------------------------------------------------
TIMEOUT = 30000


def test_opening_the_case_and_the_status_line_show_the_comparison_and_the_addendum_starts_in_the_editor(
    qtbot: Any, qapp: Any, world: World, tmp_path: Path
) -> None:
    from injurydoc.services.unit_sync import SyncRunner
    from injurydoc.ui.main_window import MainWindow
    from tests.server.world import PASSWORD

    install_translations(qapp, "en")
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    b = unit_cases.cache(world, "anna", tmp_path / "ws-b")
    w = MainWindow(tmp_path / "no-store-here")
    qtbot.addWidget(w)
    try:
        exam_id = edited_here_signed_there(world, a, b)
        SyncRunner.for_session(b, PASSWORD, interval=3600, backoff=(3600,), pull=False)
        w.show()
        w.signin.signed_in.emit(b)  # as the sign-in page does; the window owns b from here on
        line = w.sync_status
        assert line is not None

        # opening the case: the editor, and the comparison over it
        w.open_exam(exam_id)
        qtbot.waitUntil(lambda: w.unit_cases.set_aside_dialog is not None, timeout=TIMEOUT)
        dlg = w.unit_cases.set_aside_dialog
        assert dlg.isVisible() and w.stack.currentWidget() is w.editor
        texts, _heads = _cells(dlg, "account")
        assert THERE in texts and HERE in texts
        # the addendum: the editor on the unit's record, at the addendum box
        dlg.addendum_button.click()
        editor = w.editor
        qtbot.waitUntil(lambda: editor.exam is not None and editor.exam.id == exam_id, timeout=TIMEOUT)
        assert editor.nav.currentRow() == editor.SECTIONS.index("review")
        assert editor.exam.patient_account == THERE and editor.review.addendum.isVisibleTo(editor)
        qtbot.waitUntil(lambda: editor.set_aside_banner.isVisible(), timeout=TIMEOUT)
        assert "kept aside" in editor.set_aside_banner.message.text()

        # the status line's "needs attention" opens the comparison too
        qtbot.waitUntil(
            lambda: line.status is not None and line.status.attention == "sync.signed_elsewhere",
            timeout=TIMEOUT,
        )
        w.unit_cases.set_aside_dialog = None
        line.attention_button.click()
        qtbot.waitUntil(lambda: w.unit_cases.set_aside_dialog is not None, timeout=TIMEOUT)
        assert w.unit_cases.set_aside_dialog.case.examination_id == exam_id and line.explanation is None
        w.unit_cases.set_aside_dialog.close()
    finally:
        if w.session is not None:
            w.sign_out()
        else:
            b.close()
        w.ops.wait(15000)
        a.close()
        install_translations(qapp, "sv")


def test_the_editor_marks_a_record_signed_here_that_is_not_the_units(
    qtbot: Any, qapp: Any, world: World, two: Any
) -> None:
    from injurydoc.ui.exam_editor import ExamEditor
    from injurydoc.ui.ops import Ops

    a, b = two
    exam_id = signed_on_both(world, a, b)
    install_translations(qapp, "en")
    ops = Ops()
    editor = ExamEditor(ops)
    qtbot.addWidget(editor)
    editor.show()
    try:
        # the start page's list: the status column says it, in the row's colour of a warning
        from injurydoc.ui.models import ExaminationListModel

        model = ExaminationListModel("en")
        model.set_rows(unit_desktop.with_origins(b, ExaminationService(b).list_mine()))
        (at,) = [i for i, r in enumerate(model.rows) if r.examination_id == exam_id]
        status = model.index(at, model.COLUMNS.index("status"))
        assert "NOT the unit's record – signed first elsewhere" in model.data(status)
        assert "signed first" in model.data(status, Qt.ItemDataRole.ToolTipRole)

        editor.open(b, exam_id)
        qtbot.waitUntil(lambda: editor.set_aside_banner.isVisible(), timeout=TIMEOUT)
        assert "NOT THE UNIT'S RECORD" in editor.set_aside_banner.message.text()
        with qtbot.waitSignal(editor.set_aside_requested) as got:
            editor.set_aside_banner.findChild(QPushButton).click()
        assert got.args == [exam_id]
        # the same record on A (the unit's): no mark
        editor.clear()
        editor.open(a, exam_id)
        qtbot.waitUntil(lambda: editor.exam is not None and editor.session is a, timeout=TIMEOUT)
        ops.wait()
        qapp.processEvents()
        assert not editor.set_aside_banner.isVisible()
    finally:
        editor.clear()
        ops.wait()
        install_translations(qapp, "sv")


def test_a_protected_persons_record_signed_on_both_opens_only_with_the_persons_key(
    world: World, tmp_path: Path
) -> None:
    """The unit's version of a protected person is ciphertext on the server and in the cache's copy: the
    comparison opens it with the person's key held here, and shows nothing without it."""
    from injurydoc.domain.vocab import Protection

    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    b = unit_cases.cache(world, "anna", tmp_path / "ws-b")
    try:
        case = document(
            a,
            number="19750505-0000",
            name="Hemlig Hansson",
            protection=Protection.SKYDDAD_FOLKBOKFORING,
            sign=False,
        )
        for s in (a, b, a, b):  # b's keys get the person's key at a's next sync
            sync(world, s, "anna")
        ExaminationService(a).update(case.exam_id, patient_account=THERE)
        ExaminationService(a).sign(case.exam_id)
        ExaminationService(b).update(case.exam_id, patient_account=HERE)
        ExaminationService(b).sign(case.exam_id)
        sync(world, a, "anna")
        sync_b(world, b)
        cached = str(b.db.scalar("SELECT body FROM sync_cache WHERE id = ?", (case.exam_id,)))
        assert THERE not in cached  # the cache's copy of the unit's record: ciphertext
        assert unit_set_aside.not_units_record(b.db) == {case.exam_id}
        found = unit_set_aside.case_for(b, case.exam_id)
        assert found is not None and found.signed_here
        units, here = _said(found)
        assert THERE in units and HERE in here
        assert not any(v.startswith("enc1:") for v in units | here)
        # without the person's key here: no comparison at all (never ciphertext, never a guess)
        b.db.execute("DELETE FROM person_key_wraps WHERE patient_id = ?", (case.patient_id,))
        from injurydoc.services import protection

        protection.forget(b, case.patient_id)
        assert unit_set_aside.case_for(b, case.exam_id) is None
    finally:
        a.close()
        b.close()
