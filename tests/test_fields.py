"""The field registry (domain/fields.py) and its readers: editor, report, feedback; the examination's own
times (issue 18 item 8) as the worked example of adding a field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import zipfile

import pytest
from PySide6.QtWidgets import QLineEdit

from injurydoc.domain import fields
from injurydoc.domain.fields import EXAM_FIELDS, INJURY_FIELDS, Kind, Show
from injurydoc.domain.models import Examination, Injury
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.signing import SigningService
from injurydoc.store import examinations as exams_repo

from .conftest import PASSWORD
from .helpers.export_cases import documented_case, export_case

#: Attributes about the record (who, when stored, signature), not fields the examiner fills in.
RECORD_ONLY = {
    "id", "case_ref", "patient_id", "examiner_id", "unit", "status", "created_at", "started_at", "ended_at",
    "follow_up_of", "consents", "signed_at", "signed_by", "content_sha256", "injuries", "addenda",
}  # fmt: skip
INJURY_RECORD_ONLY = {"id", "examination_id", "number", "marks"}


def _top(code: str) -> str:
    return code.split(".", 1)[0]


def test_every_examination_and_injury_attribute_is_declared_once() -> None:
    exam_attrs = {f.name for f in dataclasses.fields(Examination)} - RECORD_ONLY
    assert {_top(f.code) for f in EXAM_FIELDS} == exam_attrs
    assert {f.code for f in INJURY_FIELDS} == {
        f.name for f in dataclasses.fields(Injury)
    } - INJURY_RECORD_ONLY
    codes = [(f.scope, f.code) for f in EXAM_FIELDS + INJURY_FIELDS]
    assert len(codes) == len(set(codes))
    for nested in ("strangulation", "concern_report", "sip"):
        sub = {f.name for f in dataclasses.fields(getattr(Examination(**_minimal()), nested))}
        assert {f.code.split(".", 1)[1] for f in EXAM_FIELDS if _top(f.code) == nested} == sub


def _minimal() -> dict[str, object]:
    return dict(
        id="e", case_ref="c", patient_id="p", examiner_id="a", unit="u", status="draft",
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip


def test_labels_complete_and_distinct() -> None:
    for scope in (EXAM_FIELDS, INJURY_FIELDS):
        for lang in ("sv", "en"):
            labels = [f.label(lang) for f in scope]  # type: ignore[arg-type]
            assert all(label.strip() for label in labels)
            assert len(labels) == len(set(labels)), lang
    for f in EXAM_FIELDS + INJURY_FIELDS:
        assert (f.options is not None) == (f.kind in (Kind.CHOICE, Kind.MULTI_CHOICE)), f.code
        assert bool(f.help_sv) == bool(f.help_en), f.code
        assert f.section, f.code


def test_every_field_is_in_the_canonical_content() -> None:
    """Nothing the examiner writes may be left out of what a signature covers."""
    assert all(Show.CANONICAL in f.show for f in EXAM_FIELDS + INJURY_FIELDS)


def test_feedback_names_fields_by_their_registry_label() -> None:
    from injurydoc.training import feedback

    assert feedback.field_inline("colour", "sv") == "färg (som den ser ut)"
    assert feedback.field_inline("assessment", "en") == "the examiner's assessment"
    assert fields.field_label("colour", "en") == "Colour (as seen)"


def test_examination_times_round_trip_through_the_store(store) -> None:
    s = store.sign_in("anna")
    from injurydoc.services.patients import PatientService

    from .conftest import make_pnr
    from .helpers.export_cases import document_bruise

    p = PatientService(s).create(personal_id=make_pnr(61), name="Tid Tidsson")
    e, _inj = document_bruise(s, p.id)
    start = dt.datetime(2026, 3, 4, 10, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    ExaminationService(s).update(e.id, examined_from=start, examined_until=start + dt.timedelta(minutes=40))
    got = exams_repo.get(s.db, e.id)
    assert got is not None
    assert got.examined_from == start and got.examined_until == start + dt.timedelta(minutes=40)
    assert got.started_at != start  # the record's own time is untouched
    s.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_report_prints_examination_times_and_record_times_apart(store, tmp_path) -> None:
    s, e = documented_case(store, tmp_path, sign=False)
    start = dt.datetime(2026, 3, 4, 10, 5).astimezone()
    ex = ExaminationService(s)
    ex.update(e.id, examined_from=start, examined_until=start + dt.timedelta(minutes=40))
    ex.update_injury(ex.get(e.id).injuries[0].id, colour="blålila", contents="grus")
    ex.sign(e.id)
    signer = SigningService(s)
    signer.create_self_signed(PASSWORD)
    result = export_case(s, e, signer.identity(PASSWORD), tmp_path / "out")
    with zipfile.ZipFile(result.path) as z:
        (tmp_path / "r.pdf").write_bytes(z.read("report.pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Undersökningen påbörjad" in text and "2026-03-04 10:05" in text
    assert "Undersökningen avslutad" in text and "2026-03-04 10:45" in text
    assert "Journalen påbörjad" in text  # record times kept, labelled as such
    assert "Färg (som den ser ut)" in text and "blålila" in text
    assert "Innehåll /" in text and "grus" in text  # the label may wrap in its column
    s.close()


def test_editor_shows_every_editor_field_with_its_label(qtbot, qapp, store) -> None:
    from injurydoc.services.patients import PatientService
    from injurydoc.ui.main_window import MainWindow

    from .conftest import make_pnr
    from .helpers.export_cases import document_bruise
    from .ui_steps import idle, sign_in

    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(62), name="Redig Redigsson")
    e, _inj = document_bruise(s, p.id)
    s.close()
    w = MainWindow(store.folder, lock_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w)
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    idle(qtbot, w)
    paths = {b.path for b in w.editor.bindings}
    assert {f.code for f in EXAM_FIELDS if Show.EDITOR in f.show} <= paths
    assert [b.path for b in w.editor.injuries.fields] == [
        f.code for f in INJURY_FIELDS if Show.EDITOR in f.show
    ]
    # The examination's own start: typed, saved, read back.
    b = next(b for b in w.editor.bindings if b.path == "examined_from")
    assert isinstance(b.widget, QLineEdit)
    b.widget.setText("2026-03-04 10:05")
    value = b.value()
    assert value == dt.datetime(2026, 3, 4, 10, 5).astimezone()
    b.widget.setText("2026-13-04 10:05")
    assert b.value() is None  # an impossible date is not stored as a time
    w.close()


# ----- the answer-key editor and the statistics read the registry too ----------------------------------
def test_answer_key_columns_are_the_registrys_fields_and_a_key_comes_back_whole(qtbot, qapp) -> None:
    from injurydoc.domain.vocab import BodyRegion, InjuryType, LegalBasis, PhotoRole, Side
    from injurydoc.services.exercise_files import KEY_FIELDS, AnswerKey, ExpectedInjury
    from injurydoc.ui.app import install_translations
    from injurydoc.ui.exercise_key import AnswerKeyTab

    assert [f.code for f in KEY_FIELDS] == [f.name for f in dataclasses.fields(ExpectedInjury)]
    for lang, word in (("sv", ("från", "till")), ("en", ("from", "to"))):
        install_translations(qapp, lang)
        tab = AnswerKeyTab(lang)
        qtbot.addWidget(tab)
        t = tab.injury_table
        headers = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
        expected = []
        for f in KEY_FIELDS:
            label = fields.injury_field(f.code).label(lang)
            expected += [f"{label} {word[0]}", f"{label} {word[1]}"] if f.kind is Kind.MM else [label]
        assert headers == expected
    key = AnswerKey(
        injuries=(
            ExpectedInjury(
                BodyRegion.NECK_ANTERIOR, Side.BOTH, InjuryType.REDNESS, (20.0, 80.0), (5.0, 30.0)
            ),
            ExpectedInjury(BodyRegion.THIGH, Side.RIGHT, InjuryType.PATTERNED, (100.0, 140.0), (10.0, 20.0)),
        ),
        photo_roles=(PhotoRole.OVERVIEW,),
        strangulation_expected=True,
        legal_basis=LegalBasis.CONSENT,
        concern_report_expected=True,
        absent_findings_expected=False,
    )
    tab.load(key)
    assert tab.key() == key


def test_statistics_count_the_registrys_statistics_fields() -> None:
    from injurydoc.services.statistics import COUNTED_FIELDS, INDICATORS

    counted = [f for f in EXAM_FIELDS if Show.STATISTICS in f.show]
    assert counted == list(COUNTED_FIELDS)
    assert [f.code for f in counted] == ["concern_report.made", "sip.called"]
    for f in counted:
        assert f.kind is Kind.BOOL and f.counted is not None, f.code
        (indicator,) = [i for i in INDICATORS if i.key == f.counted.key]
        assert (indicator.sv, indicator.en) == (f.counted.sv, f.counted.en)
    assert all(f.counted is None for f in EXAM_FIELDS + INJURY_FIELDS if Show.STATISTICS not in f.show)
