"""The whole clinician path in the GUI: sign-in → new examination of a protected person → two injuries
on the body map → photos → roles → review → sign → export → the verifier passes → the log shows it all.
Also: auto-lock hides patient data, and what is typed survives closing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from injurydoc.domain.vocab import PhotoRole, Protection
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui.app import install_translations
from injurydoc.ui.export_dialog import ExportDialog
from injurydoc.ui.main_window import MainWindow

from . import photo_samples as samples
from .conftest import PASSWORD, make_pnr
from .ui_steps import idle, sign_in


@pytest.fixture
def window(qtbot, qapp, store):
    install_translations(qapp, "sv")
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    yield w
    w.close()


def test_whole_clinician_path(qtbot, window, store, tmp_path):
    w = window
    sign_in(qtbot, w)
    # ---- new examination of a protected person --------------------------------------------------
    w.start.new_button.click()
    dlg = w.new_dialog
    dlg.number.setText(make_pnr(3))
    dlg.name.setText("Skyddad Skyddsson")
    dlg.protection.setCurrentIndex(dlg.protection.findData(Protection.SKYDDAD_FOLKBOKFORING))
    dlg.submit()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.editor and w.editor.exam is not None, timeout=10000)
    ed = w.editor
    assert ed.header.protected_badge.isVisible()
    assert ed.header.case.text().endswith("Utkast")
    # ---- consent, account ----------------------------------------------------------------------
    for combo, _note in ed.consent_page.boxes.values():
        combo.setCurrentIndex(combo.findText("Samtycke lämnat"))
    account = next(b for b in ed.bindings if b.path == "patient_account")
    account.widget.setPlainText("Han tog stryptag och slog mig på armen.")
    qtbot.waitUntil(lambda: "Sparat" in ed.header.saved.text(), timeout=5000)
    # ---- two injuries on the body map ---------------------------------------------------------------
    ed.jump("injuries")
    ed.injuries.map.mark_requested.emit("front", 0.3, 0.3, "upper_arm", "right")
    qtbot.waitUntil(lambda: ed.injuries.list.count() == 1, timeout=5000)
    ed.injuries.map.mark_requested.emit("back", 0.6, 0.5, "hip", "left")
    qtbot.waitUntil(lambda: ed.injuries.list.count() == 2, timeout=5000)
    assert "Överarm, Patientens höger" in ed.injuries.list.item(0).text()
    for row in range(2):
        ed.injuries.list.setCurrentRow(row)
        fields = {b.path: b for b in ed.injuries.fields}
        fields["type"].widget.setCurrentIndex(fields["type"].widget.findText("Blåmärke"))
        fields["length_mm"].widget.setValue(30)
        fields["width_mm"].widget.setValue(20)
        fields["colour"].widget.setText("blålila")
        ed.injuries.save_now()
        idle(qtbot, w)
    # ---- photos ------------------------------------------------------------------------------------
    card = tmp_path / "card" / "DCIM"
    card.mkdir(parents=True)
    for i, data in enumerate(
        [samples.jpeg(seed=1), samples.with_gps(), samples.jpeg(seed=2), samples.jpeg(seed=3)]
    ):
        (card / f"IMG_{i:04d}.JPG").write_bytes(data)
    ed.jump("photos")
    ed.photos.import_paths([card])
    qtbot.waitUntil(lambda: ed.photos.model.rowCount() == 4, timeout=20000)
    assert "Importerade: 4" in ed.photos.importer.result.text()
    assert ed.photos.importer.clear_card_button.isVisible()
    # roles: 1 = ID shot; 2 and 3 overview/close-up with scale of injury 1; 4 close-up with scale of injury 2
    injuries = [ed.injuries.list.item(i).data(256) for i in range(2)]

    def assign(rows, role, injury_ids):
        sel = ed.photos.grid.selectionModel()
        sel.clearSelection()
        for r in rows:
            sel.select(ed.photos.model.index(r), sel.SelectionFlag.Select)
        ed.photos.role.setCurrentIndex(ed.photos.role.findData(role))
        ed.photos.role.activated.emit(ed.photos.role.currentIndex())  # as choosing it in the list does
        for i in range(ed.photos.injury_list.count()):
            item = ed.photos.injury_list.item(i)
            item.setCheckState(
                Qt.CheckState.Checked if item.data(256) in injury_ids else Qt.CheckState.Unchecked
            )
        ed.photos.link_button.click()
        idle(qtbot, w)

    assign([0], PhotoRole.ID_SHOT, [])
    assign([1], PhotoRole.OVERVIEW, injuries)
    assign([2], PhotoRole.CLOSE_UP_SCALE, [injuries[0]])
    assign([3], PhotoRole.CLOSE_UP_SCALE, [injuries[1]])
    qtbot.waitUntil(lambda: all(r.role for r in ed.photos.model.rows), timeout=5000)
    # ---- review: absent findings still open; jump there, fill in, sign -----------------------------
    ed.jump("review")
    ed.review.refresh()
    open_items = [t for ok, t in ed.review.item_texts() if not ok]
    assert any("Negativa fynd" in t for t in open_items)
    ed.absent.add_button.click()
    ed.absent.rows[-1][2].setText("Inga synliga skador på halsen.")
    ed.save_now(wait=True)
    assessment = next(b for b in ed.bindings if b.path == "assessment")
    assessment.widget.setPlainText("Fynden är förenliga med berättelsen.")
    ed.save_now(wait=True)
    idle(qtbot, w)
    ed.review.refresh()
    assert [t for ok, t in ed.review.item_texts() if not ok] == []
    ed.review.sign(password=PASSWORD)
    qtbot.waitUntil(lambda: ed.exam is not None and ed.exam.is_signed, timeout=10000)
    assert ed.read_only and ed.review.export_button.isVisible()
    # ---- export to the police, then the verifier ---------------------------------------------------
    out = tmp_path / "out"
    out.mkdir()
    dlg = ExportDialog(w.ops, ed.session, ed.exam, ed.patient, ed)
    qtbot.addWidget(dlg)
    dlg.basis.setCurrentIndex(0)  # consent
    dlg.signer.setCurrentIndex(dlg.signer.findData("self"))
    dlg.secret.setText(PASSWORD)
    dlg.folder.setText(str(out))
    assert dlg.strip_gps.isChecked() and not dlg.strip_gps.isEnabled()
    # Protected personal data: no release without the secrecy review.
    dlg.start()
    assert dlg.export_result is None and "sekretess" in dlg.status.text().lower()
    dlg.secrecy_done.setChecked(True)
    dlg.secrecy_note.setText("Prövad av Anna: inga adressuppgifter lämnas ut")
    dlg.start()
    qtbot.waitUntil(lambda: dlg.export_result is not None, timeout=30000)
    verdict = dlg.export_result.verdict
    assert verdict.intact and verdict.exercise is False
    assert "oförändrat" in dlg.verdict.toPlainText()
    package = dlg.export_result.path
    manifest = json.loads(__import__("zipfile").ZipFile(package).read("manifest.json"))
    assert any(f.get("gps_removed") for f in manifest["files"])
    # ---- the access log shows every step --------------------------------------------------------
    exam_id = ed.exam.id
    patient_id = ed.exam.patient_id
    session = ed.session
    actions = {
        r[0]
        for r in session.db.all(
            "SELECT action FROM audit_log WHERE patient_id = ? AND outcome = 'ok'", (patient_id,)
        )
    }
    assert {"created", "read", "changed", "signed", "exported"} <= actions
    assert session.db.scalar("SELECT count(*) FROM exports WHERE examination_id = ?", (exam_id,)) == 1
    exported = session.db.one(
        "SELECT details FROM audit_log WHERE action = 'exported' AND patient_id = ?", (patient_id,)
    )
    assert "inga adressuppgifter" in json.loads(exported[0])["secrecy_review"]
    assert Path(package).exists()


def test_auto_lock_hides_patient_data(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(4), name="Låst Låstsson")
    e = ExaminationService(s).create(p.id)
    s.close()
    # a long interval while the case opens (a loaded machine may take longer than a short one), then a
    # short one: the inactivity timer itself locks
    w = MainWindow(store.folder, lock_ms=600_000)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w)
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    assert "Låst Låstsson" in w.editor.header.case.text()
    w.lock_timer.setInterval(300)
    w.lock_timer.start()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.signin, timeout=5000)
    assert w.session is None and w.editor.exam is None
    assert w.editor.header.case.text() == "" and w.start.model.rowCount() == 0
    assert "inaktivitet" in w.signin.message.text()
    for widget in w.findChildren(__import__("PySide6.QtWidgets", fromlist=["QLabel"]).QLabel):
        assert "Låst Låstsson" not in widget.text()
    w.close()


def test_a_case_still_loading_when_the_program_locks_never_reaches_the_editor(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(6), name="Sen Sensson")
    e = ExaminationService(s).create(p.id)
    s.close()
    w = MainWindow(store.folder, lock_ms=600_000)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w)
    w.open_exam(e.id)  # read on the worker thread; the lock comes before the result is shown
    w.lock()
    assert w.ops.wait(10_000)
    qtbot.wait(50)
    assert w.stack.currentWidget() is w.signin
    assert w.editor.exam is None and w.editor.patient is None
    assert w.editor.header.case.text() == ""
    for widget in w.findChildren(__import__("PySide6.QtWidgets", fromlist=["QLabel"]).QLabel):
        assert "Sen Sensson" not in widget.text()
    w.close()


def test_typed_text_survives_closing(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(5), name="Skriv Skrivsson")
    e = ExaminationService(s).create(p.id)
    s.close()
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w)
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    account = next(b for b in w.editor.bindings if b.path == "patient_account")
    account.widget.setFocus()
    qtbot.keyClicks(account.widget, "Han slog mig")
    w.close()  # no wait for the autosave timer: closing flushes
    s = store.sign_in("anna")
    assert ExaminationService(s).get(e.id).patient_account == "Han slog mig"
    s.close()


@pytest.mark.slow
def test_killed_program_restarted_shows_every_field_as_typed(qtbot, qapp, store):
    import os
    import subprocess
    import sys

    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(6), name="Dödad Dödadsson")
    e = ExaminationService(s).create(p.id)
    s.close()
    worker = Path(__file__).parent / "helpers" / "gui_kill_worker.py"
    proc = subprocess.run(
        [sys.executable, str(worker), str(store.folder), "anna", e.id, "Han tog mig om halsen"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == -9, proc.stderr[-2000:]
    assert "typed" in proc.stdout
    # Restarted: the editor shows every field as typed.
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w)
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    fields = {b.path: b for b in w.editor.bindings}
    assert fields["patient_account"].value() == "Han tog mig om halsen"
    assert fields["reported_place"].value() == "Hemma"
    w.close()
