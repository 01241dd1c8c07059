"""Exercises in a training store: added by a trainer, started by trainees, reviewed against the key."""

from __future__ import annotations

import json

import pytest

from injurydoc.domain.errors import AccessDenied, ValidationError
from injurydoc.domain.vocab import (
    AuditAction,
    BodyRegion,
    InjuryType,
    LegalBasis,
    Profession,
    Role,
    Side,
)
from injurydoc.services.accounts import AccountService
from injurydoc.services.demo import bundled_exercises
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.photos import PhotoService
from injurydoc.services.training import TrainingService
from injurydoc.training import ExerciseError
from injurydoc.training.results import load_results
from tests.conftest import PASSWORD, build_training_store

IPV = "ipv-strangulation"


def _exercise_events(s) -> list[str]:
    rows = s.db.all(
        "SELECT details FROM audit_log WHERE action = ? ORDER BY seq", (AuditAction.EXERCISE.code,)
    )
    return [json.loads(r[0]).get("event") for r in rows]


def _file(exercise_id: str) -> bytes:
    (path,) = [p for p in bundled_exercises() if p.name.startswith(exercise_id)]
    return path.read_bytes()


@pytest.fixture
def trained(tmp_path, isolated_env, store_templates):
    """A training store with a trainer (tove) and two trainees (kim, lo), and the bundled exercises
    (a copy of the one built once per test process)."""
    return store_templates.copy("trained", tmp_path / "training", _build_trained)


def _build_trained(folder):
    training_store = build_training_store(folder)
    mgr = training_store.sign_in("chef")
    accounts = AccountService(mgr)
    for username, roles in (("tove", {Role.TRAINER}), ("kim", {Role.CLINICIAN}), ("lo", {Role.CLINICIAN})):
        accounts.create(
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            roles=frozenset(roles),
            profession=Profession.NURSE,
        )
    mgr.close()
    tove = training_store.sign_in("tove")
    for path in bundled_exercises():
        TrainingService(tove).add_exercise(path.read_bytes())
    tove.close()
    return training_store


def test_bundled_exercises_are_three_and_load(trained):
    s = trained.sign_in("kim")
    ids = [e.id for e in TrainingService(s).exercises()]
    assert ids == ["child-guardian-threat", "follow-up", IPV]
    info = next(e for e in TrainingService(s).exercises() if e.id == IPV)
    assert info.scenario("sv") and info.scenario("en") and info.photos > 0
    assert info.my_attempts == ()


def test_a_real_store_refuses_exercises(store):
    s = store.sign_in("chef")
    with pytest.raises(ValidationError) as err:
        TrainingService(s).add_exercise(_file(IPV))
    assert err.value.code == "training.real_store"
    with pytest.raises(ValidationError):
        TrainingService(s).exercises()
    # and the schema refuses it even past the service
    with pytest.raises(ValidationError):
        with s.transaction() as db:
            db.execute(
                "INSERT INTO exercises VALUES ('x', 'a', 'b', x'00', 'h', '2026-01-01', NULL)",
            )


def test_only_trainers_and_managers_add_exercises(trained):
    s = trained.sign_in("kim")
    with pytest.raises(AccessDenied):
        TrainingService(s).add_exercise(_file(IPV))


def test_a_hostile_file_is_refused_and_nothing_is_stored(trained):
    s = trained.sign_in("tove")
    before = s.db.scalar("SELECT count(*) FROM exercises")
    with pytest.raises(ExerciseError) as err:
        TrainingService(s).add_exercise(b"PK\x03\x04 not really a zip")
    assert "zip" in err.value.message("en")
    assert s.db.scalar("SELECT count(*) FROM exercises") == before


def test_start_registers_patient_exam_and_photos_per_trainee(trained):
    kim = trained.sign_in("kim")
    exam = TrainingService(kim).start(IPV)
    photos = PhotoService(kim).records(exam.id)
    assert photos and all(p.role is None for p in photos)
    assert TrainingService(kim).exercises()[2].my_attempts == (exam.id,)
    attempt, ex = TrainingService(kim).attempt(exam.id)
    assert attempt.trainee_id == kim.account.id and ex.id == IPV
    kim.close()
    # a second trainee gets a record of their own for the same synthetic person
    lo = trained.sign_in("lo")
    other = TrainingService(lo).start(IPV)
    assert other.patient_id != exam.patient_id
    assert set(_exercise_events(lo)) >= {"added", "started"}


def test_follow_up_exercise_continues_the_trainees_earlier_attempt(trained):
    kim = trained.sign_in("kim")
    svc = TrainingService(kim)
    follow = next(e for e in svc.exercises() if e.id == "follow-up")
    assert follow.follow_up_of
    first = svc.start(follow.follow_up_of)
    second = svc.start("follow-up")
    assert second.follow_up_of == first.id and second.patient_id == first.patient_id


def test_feedback_uses_the_recorded_legal_basis_and_is_logged(trained):
    kim = trained.sign_in("kim")
    svc = TrainingService(kim)
    exam = svc.start(IPV)
    fb = svc.feedback(exam.id)
    assert 0 <= fb.score < 0.85
    basis_point = [p for p in fb.points if p.code == "legal_basis"]
    assert basis_point and not basis_point[0].ok
    ExaminationService(kim).record_legal_basis(exam.id, LegalBasis.CONSENT)
    fb2 = svc.feedback(exam.id)
    assert [p for p in fb2.points if p.code == "legal_basis"][0].ok
    assert _exercise_events(kim).count("reviewed") == 2


def test_feedback_finds_a_documented_injury(trained):
    kim = trained.sign_in("kim")
    svc = TrainingService(kim)
    exam = svc.start(IPV)
    before = {
        p.detail.get("expected"): p.ok for p in svc.feedback(exam.id).points if p.code == "expected_injury"
    }
    assert before[1] is False
    ExaminationService(kim).add_injury(
        exam.id, region=BodyRegion.UPPER_ARM, side=Side.RIGHT, type=InjuryType.BRUISE
    )
    after = {
        p.detail.get("expected"): p.ok for p in svc.feedback(exam.id).points if p.code == "expected_injury"
    }
    assert after[1] is True


def test_others_cannot_review_a_trainees_attempt_but_the_trainer_can(trained):
    kim = trained.sign_in("kim")
    exam = TrainingService(kim).start(IPV)
    kim.close()
    lo = trained.sign_in("lo")
    with pytest.raises(AccessDenied):
        TrainingService(lo).feedback(exam.id)
    lo.close()
    tove = trained.sign_in("tove")
    assert TrainingService(tove).feedback(exam.id).points


def test_results_file_round_trips_and_names_no_patient(trained):
    kim = trained.sign_in("kim")
    svc = TrainingService(kim)
    exam = svc.start(IPV)
    name, data = svc.results_file(exam.id)
    assert name == f"{IPV}-kim.injurydoc-result"
    result = load_results(data)
    assert result.exercise_id == IPV and result.trainee == "Kim"
    text = data.decode()
    assert "Provsson" not in text and "19880519" not in text
    assert json.loads(text)["format"] == "injurydoc-training-result"


def test_an_ordinary_examination_is_not_an_exercise(trained):
    kim = trained.sign_in("kim")
    from injurydoc.services.patients import PatientService
    from tests.conftest import make_pnr

    p = PatientService(kim).create(personal_id=make_pnr(5), name="Test Person")
    exam = ExaminationService(kim).create(p.id)
    assert TrainingService(kim).attempt(exam.id) is None
    with pytest.raises(Exception) as err:
        TrainingService(kim).feedback(exam.id)
    assert getattr(err.value, "code", "") == "exercise.no_attempt"


def test_duplicate_patients_only_in_training(store):
    from injurydoc.services.patients import PatientService
    from tests.conftest import make_pnr

    s = store.sign_in("anna")
    with pytest.raises(ValidationError):
        PatientService(s).create(personal_id=make_pnr(1), name="A B", allow_duplicate=True)
