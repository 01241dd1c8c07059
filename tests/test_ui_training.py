"""Training mode end to end in the GUI: a trainer builds an exercise; a trainee does it with two planted
mistakes; "Granska min dokumentation" names exactly those two; the trainer's class summary counts them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess

import pytest

from injurydoc.domain.models import AbsentFinding, BodyMark, Consent
from injurydoc.domain.vocab import (
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    Consistency,
    InjuryType,
    LegalBasis,
    PhotoRole,
    Profession,
    Role,
    Side,
    ViolenceKind,
)
from injurydoc.services.accounts import AccountService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.photos import PhotoService
from injurydoc.services.training import TrainingService
from injurydoc.ui.app import install_translations
from injurydoc.ui.class_summary import ClassSummaryDialog
from injurydoc.ui.exercise_editor import ExerciseEditor
from injurydoc.ui.feedback_dialog import FeedbackDialog
from injurydoc.ui.main_window import MainWindow

from . import photo_samples as samples
from .conftest import PASSWORD
from .ui_steps import idle, sign_in

PLANTED = {"side_error", "bruise_age"}


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    """A message box would wait for a click that never comes: fail with its text instead."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(_parent, _title, text, *a, **k):
        raise AssertionError(f"unexpected message: {text}")

    monkeypatch.setattr(QMessageBox, "warning", refuse)
    monkeypatch.setattr(QMessageBox, "critical", refuse)


@pytest.fixture
def class_store(training_store):
    mgr = training_store.sign_in("chef")
    for username, roles in (("tove", {Role.TRAINER}), ("kim", {Role.CLINICIAN})):
        AccountService(mgr).create(
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            roles=frozenset(roles),
            profession=Profession.NURSE,
        )
    mgr.close()
    return training_store


@pytest.fixture
def window(qtbot, qapp, class_store):
    install_translations(qapp, "sv")
    w = MainWindow(class_store.folder)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    yield w
    w.close()


def _author(qtbot, w, tmp_path) -> ExerciseEditor:
    """The trainer fills in the authoring dialog: one bruise on the left thigh, three photos."""
    panel = w.start.exercises
    assert panel is not None and panel.author_button.isVisible()
    panel.author_button.click()
    dlg = w.start.dialogs[-1]
    assert isinstance(dlg, ExerciseEditor)
    dlg.exercise_id.setText("thigh-bruise")
    dlg.title_sv.setText("Blåmärke på låret")
    dlg.title_en.setText("A bruise on the thigh")
    dlg.scenario_sv.setPlainText("En kvinna har blivit sparkad på låret av sin sambo i går kväll.")
    dlg.scenario_en.setPlainText("A woman was kicked on the thigh by her partner last night.")
    dlg.patient_name.setText("Övning Lårsdotter")
    dlg.patient_pnr.setText("19900101-0017")
    files = []
    for i in range(3):
        f = tmp_path / f"card-{i}.jpg"
        f.write_bytes(samples.jpeg(seed=i))
        files.append(str(f))
    dlg.add_photos(files)
    qtbot.waitUntil(lambda: len(dlg.photos) == 3, timeout=10000)
    row = dlg.key_tab.add_injury_row()
    combos = [dlg.key_tab.injury_table.cellWidget(row, c) for c in range(3)]
    combos[0].setCurrentIndex(combos[0].findData(BodyRegion.THIGH.code))
    combos[1].setCurrentIndex(combos[1].findData(Side.LEFT.code))
    combos[2].setCurrentIndex(combos[2].findData(InjuryType.BRUISE.code))
    for c, value in zip(range(3, 7), (15, 25, 5, 15), strict=True):
        dlg.key_tab.injury_table.cellWidget(row, c).setValue(value)
    dlg.key_tab.legal_basis.setCurrentIndex(dlg.key_tab.legal_basis.findData(LegalBasis.CONSENT.code))
    return dlg


def _document_with_two_mistakes(session, exam_id):
    """A complete documentation but for the side (right, not left) and a bruise's age in the findings."""
    exams = ExaminationService(session)
    now = dt.datetime.now(dt.UTC)
    exams.update(
        exam_id,
        consents=tuple(Consent(s, ConsentDecision.GIVEN, now) for s in ConsentScope),
        patient_account="Han sparkade mig i låret i går kväll.",
        violence_kinds=(ViolenceKind.PHYSICAL,),
        absent_findings=(AbsentFinding(BodyRegion.NECK_ANTERIOR, "Inga synliga skador på halsen."),),
        other_findings="Inga övriga fynd.",
        consistency=Consistency.CONSISTENT,
        assessment="Fynden är förenliga med trubbigt våld.",
    )
    inj = exams.add_injury(
        exam_id,
        type=InjuryType.BRUISE,
        region=BodyRegion.THIGH,
        side=Side.RIGHT,  # planted mistake 1: the key says left
        marks=(BodyMark(BodyView.FRONT, 0.4, 0.6),),
        length_mm=20,
        width_mm=10,
        shape="Oval",
        colour="Blålila",
        surrounding="Lätt svullnad",
        description="Färskt blåmärke, oskarpt avgränsat.",  # planted mistake 2: estimates the age
    )
    photos = PhotoService(session)
    ids = [p.id for p in photos.records(exam_id)]
    for pid, role in zip(ids, (PhotoRole.ID_SHOT, PhotoRole.OVERVIEW, PhotoRole.CLOSE_UP_SCALE), strict=True):
        photos.set_role([pid], role)
    photos.link_injuries(ids[1:], [inj.id])


def test_trainer_builds_trainee_errs_feedback_names_both_summary_counts(qtbot, window, tmp_path):
    w = window
    # 1. the trainer authors the exercise, saves it as a file and adds it to the training store
    sign_in(qtbot, w, "tove")
    assert w.start.banner.isVisible()
    dlg = _author(qtbot, w, tmp_path)
    target = tmp_path / "thigh-bruise.injurydoc-exercise"
    dlg.save(str(target))
    qtbot.waitUntil(lambda: dlg.saved_path is not None, timeout=20000)
    assert target.exists(), dlg.status.text()
    dlg.add_to_store()
    qtbot.waitUntil(lambda: dlg.added_id == "thigh-bruise", timeout=10000)
    dlg.close()
    w.sign_out()

    # 2. the trainee starts it from the start page
    sign_in(qtbot, w, "kim")
    panel = w.start.exercises
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=5000)
    assert not panel.author_button.isVisible()
    panel.list.setCurrentRow(0)
    assert "sparkad" in panel.scenario.toPlainText()
    panel.start_button.click()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.editor and w.editor.exam is not None, timeout=20000)
    exam_id = w.editor.exam.id
    qtbot.waitUntil(lambda: w.editor.photos.model.rowCount() == 3, timeout=10000)
    w.editor.close_editor()
    idle(qtbot, w)
    _document_with_two_mistakes(w.session, exam_id)

    # 3. "Granska min dokumentation" from the review section
    w.open_exam(exam_id)
    qtbot.waitUntil(lambda: w.editor.exam is not None and bool(w.editor.exam.injuries), timeout=10000)
    w.editor.jump("review")
    review = w.editor.review
    qtbot.waitUntil(lambda: review.feedback_button.isVisible(), timeout=5000)
    review.feedback_button.click()
    fb_dlg = review.feedback_dialog
    assert isinstance(fb_dlg, FeedbackDialog)
    qtbot.waitUntil(lambda: fb_dlg.feedback is not None, timeout=10000)
    # no legal basis recorded yet: a third mistake, until the trainee records the right one
    assert {p.code for p in fb_dlg.feedback.mistakes} == PLANTED | {"legal_basis"}
    fb_dlg.basis.setCurrentIndex(fb_dlg.basis.findData(LegalBasis.CONSENT.code))
    first = fb_dlg.feedback
    fb_dlg.record_basis.click()
    qtbot.waitUntil(lambda: fb_dlg.feedback is not first and fb_dlg.feedback is not None, timeout=10000)
    fb = fb_dlg.feedback
    assert {p.code for p in fb.mistakes} == PLANTED
    shown = "\n".join(fb_dlg.point_texts())
    assert "Att förbättra (2)" in shown
    for p in fb.mistakes:
        assert p.title("sv") in shown and p.why("sv") in shown
    assert str(round(100 * fb.score)) in fb_dlg.score.text()
    results = tmp_path / "kim.injurydoc-result"
    fb_dlg.export_results(str(results))
    qtbot.waitUntil(results.exists, timeout=10000)
    fb_dlg.close()
    w.editor.close_editor()
    idle(qtbot, w)
    w.sign_out()

    # 4. the trainer's class summary counts both mistakes, and its PDF is watermarked
    sign_in(qtbot, w, "tove")
    qtbot.waitUntil(lambda: bool(w.start.exercises and w.start.exercises.infos), timeout=10000)
    w.start.exercises.summary_button.click()
    summary = w.start.dialogs[-1]
    assert isinstance(summary, ClassSummaryDialog)
    bogus = tmp_path / "bogus.injurydoc-result"
    bogus.write_text("{not json", encoding="utf-8")
    summary.add_files([str(results), str(bogus), str(results)])
    assert dict(summary.summary.most_common_mistakes) == dict.fromkeys(PLANTED, 1)
    assert summary.table.rowCount() == 1 and summary.table.item(0, 0).text() == "Kim"
    # the exercise by the title the trainer gave it, not its file id (issue 18)
    done_id = summary.results[0].exercise_id
    exercise_title = next(i.title("sv") for i in w.start.exercises.infos if i.id == done_id)
    assert exercise_title != done_id and summary.table.item(0, 1).text() == exercise_title
    assert "bogus.injurydoc-result: ingen resultatfil" in summary.problems.text()
    assert "ogiltig JSON (rad 1" in summary.problems.text()  # the reason in Swedish too
    assert "redan tillagd" in summary.problems.text()
    assert summary.chart.bars and {c for _t, c in summary.chart.bars} == {1}
    pdf = tmp_path / "summary.pdf"
    summary.save_pdf(str(pdf))
    qtbot.waitUntil(lambda: summary.saved_path is not None, timeout=20000)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "ÖVNING – INTE BEVIS" in text and "Kim" in text
        assert " ".join(text.split()).count(exercise_title.split()[0]) >= 1 and done_id not in text
        assert "Lårsdotter" not in text  # no documentation, no patient


def test_exercise_authoring_round_trips_a_bundled_exercise(qtbot, qapp, tmp_path):
    from injurydoc.services.demo import bundled_exercises
    from injurydoc.training import load
    from injurydoc.ui.ops import Ops

    ops = Ops()
    dlg = ExerciseEditor(ops)
    qtbot.addWidget(dlg)
    original = load(bundled_exercises()[0])
    dlg.load_exercise(original)
    again = dlg.exercise()
    # photos are kept as they were; everything else comes back from the form unchanged
    assert dataclasses.replace(again, photos=()) == dataclasses.replace(original, photos=())
    assert [p.data for p in again.photos] == [p.data for p in original.photos]
    out = tmp_path / "copy.injurydoc-exercise"
    dlg.save(str(out))
    qtbot.waitUntil(lambda: dlg.saved_path is not None, timeout=20000)
    assert load(out) == original


def test_authoring_refuses_an_incomplete_exercise_with_a_message(qtbot, qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from injurydoc.ui.ops import Ops

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    dlg = ExerciseEditor(Ops())
    qtbot.addWidget(dlg)
    dlg.exercise_id.setText("../evil")
    dlg.save(str(tmp_path / "x.injurydoc-exercise"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown and "exercise.json" in shown[0]
    assert not list(tmp_path.iterdir())


def test_a_photo_that_is_not_a_photo_is_refused_in_authoring(qtbot, qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from injurydoc.ui.ops import Ops

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    ops = Ops()
    dlg = ExerciseEditor(ops)
    qtbot.addWidget(dlg)
    fake = tmp_path / "notes.jpg"
    fake.write_text("not a photo")
    dlg.add_photos([str(fake)])
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "notes.jpg" in shown[0] and dlg.photos == []


def test_trainee_feedback_is_only_for_exercises(qtbot, qapp, class_store):
    """An ordinary examination in a training store shows no feedback button."""
    from injurydoc.services.patients import PatientService

    from .conftest import make_pnr

    s = class_store.sign_in("kim")
    p = PatientService(s).create(personal_id=make_pnr(3), name="Vanlig Övning")
    exam_id = ExaminationService(s).create(p.id).id
    assert TrainingService(s).attempt(exam_id) is None
    s.close()
    install_translations(qapp, "sv")
    w = MainWindow(class_store.folder)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w, "kim")
    w.open_exam(exam_id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=10000)
    idle(qtbot, w)
    assert not w.editor.review.feedback_button.isVisible()
    w.close()
