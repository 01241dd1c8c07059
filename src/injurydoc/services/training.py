"""Documentation exercises in a training store: add exercise files, start an attempt, get feedback.

Only a training store holds exercises (a trigger in the schema refuses them elsewhere, and every call
here checks first).  A trainer or the unit manager adds exercise files, checked as untrusted input by
:func:`injurydoc.training.load`.  A trainee (a clinician or trainer) starts an attempt: the exercise's
synthetic patient is registered (one record per attempt), an examination is opened, and the exercise's
photos are imported into it like a camera card's, without roles, for the trainee to sort.  "Granska min
dokumentation" (:meth:`TrainingService.feedback`) compares the documentation with the answer key, using
the legal basis the trainee recorded for a release.  Every step is in the access log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from injurydoc.domain.errors import AccessDenied, NotFound, ValidationError
from injurydoc.domain.models import Examination
from injurydoc.domain.vocab import AuditAction, Lang, LegalBasis, Role
from injurydoc.services import access, training_queue
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.session import Session
from injurydoc.store import exercises as repo
from injurydoc.training import Exercise, load
from injurydoc.training.exercise import describe
from injurydoc.training.feedback import Feedback, review
from injurydoc.training.results import EXTENSION as RESULT_EXTENSION
from injurydoc.training.results import Result, load_results, to_results_file

__all__ = ["Attempt", "ExerciseInfo", "SubmittedResult", "TrainingService"]

Attempt = repo.Attempt
SubmittedResult = repo.StoredResult


@dataclass(frozen=True, slots=True)
class ExerciseInfo:
    """An exercise in the store, as listed on the start page."""

    id: str
    title_sv: str
    title_en: str
    scenario_sv: str
    scenario_en: str
    photos: int
    follow_up_of: str | None
    #: this account's attempts at it (examination ids, oldest first)
    my_attempts: tuple[str, ...]

    def title(self, lang: Lang = "sv") -> str:
        return self.title_sv if lang == "sv" else self.title_en

    def scenario(self, lang: Lang = "sv") -> str:
        return self.scenario_sv if lang == "sv" else self.scenario_en


class TrainingService:
    def __init__(self, session: Session) -> None:
        self.s = session

    # ----- checks -------------------------------------------------------------------------------
    def _training(self) -> None:
        if not self.s.is_training:
            raise ValidationError("training.real_store")

    def _may_author(self) -> None:
        self._training()
        if not (self.s.has(Role.TRAINER) or self.s.has(Role.UNIT_MANAGER)):
            raise AccessDenied("access.role", role=Role.TRAINER.code)

    def _exercise(self, exercise_id: str, *, with_photos: bool = False) -> Exercise:
        """A stored exercise.  It was checked in full when it was added; listing and reviewing read its
        JSON only, starting an attempt also takes the photos (decoded then by the photo intake)."""
        data = repo.data_of(self.s.db, exercise_id)
        if data is None:
            raise NotFound("exercise.not_found")
        return describe(data, with_photos=with_photos)

    # ----- exercises ----------------------------------------------------------------------------
    def add_exercise(self, data: bytes) -> Exercise:
        """Check an exercise file and keep it in the store (a newer file with the same id replaces it)."""
        self._may_author()
        exercise = load(data)  # raises ExerciseError with a plain message on anything wrong
        with self.s.transaction() as db:
            replaced = repo.put(
                db, exercise.id, exercise.title.sv, exercise.title.en, data, self.s.account.id
            )
            titles = (exercise.title.sv, exercise.title.en)
            training_queue.exercise_added(self.s, db, exercise.id, titles, data)
            self.s.audit(
                AuditAction.EXERCISE,
                target=f"exercise:{exercise.id}",
                details={"event": "replaced" if replaced else "added"},
            )
        return exercise

    def exercises(self) -> list[ExerciseInfo]:
        self._training()
        mine: dict[str, list[str]] = {}
        for a in repo.attempts_by(self.s.db, self.s.account.id):
            mine.setdefault(a.exercise_id, []).append(a.examination_id)
        out = []
        for row in repo.all_exercises(self.s.db):
            ex = self._exercise(row.id)
            out.append(
                ExerciseInfo(
                    id=ex.id,
                    title_sv=ex.title.sv,
                    title_en=ex.title.en,
                    scenario_sv=ex.scenario.sv,
                    scenario_en=ex.scenario.en,
                    photos=len(ex.photos),
                    follow_up_of=ex.follow_up_of,
                    my_attempts=tuple(mine.get(ex.id, ())),
                )
            )
        return out

    def exercise_file(self, exercise_id: str) -> bytes:
        """The stored exercise file, to hand to another unit's trainer."""
        self._may_author()
        data = repo.data_of(self.s.db, exercise_id)
        if data is None:
            raise NotFound("exercise.not_found")
        return data

    # ----- attempts -----------------------------------------------------------------------------
    def start(self, exercise_id: str) -> Examination:
        """Start an attempt: the synthetic patient, an examination, the exercise's photos imported."""
        self._training()
        if not access.can_create_cases(self.s):
            raise AccessDenied("access.role", role=Role.CLINICIAN.code)
        ex = self._exercise(exercise_id, with_photos=True)
        exams = ExaminationService(self.s)
        earlier: str | None = None
        if ex.follow_up_of:
            earlier_attempts = [
                a for a in repo.attempts_by(self.s.db, self.s.account.id) if a.exercise_id == ex.follow_up_of
            ]
            if earlier_attempts:
                earlier = earlier_attempts[-1].examination_id
        if earlier is not None:
            patient_id = exams.get(earlier).patient_id
        else:
            p = ex.patient
            patient_id = (
                PatientService(self.s)
                .create(
                    personal_id=p.personal_id,
                    name=p.name,
                    sex=p.sex,
                    protection=p.protection,
                    guardian_is_threat=p.guardian_is_threat,
                    allow_duplicate=True,
                )
                .id
            )
        exam = exams.create(patient_id, follow_up_of=earlier)
        with self.s.transaction() as db:
            repo.add_attempt(db, exam.id, ex.id, self.s.account.id)
            training_queue.attempt_started(self.s, db, exam.id, ex.id)
            self.s.audit(
                AuditAction.EXERCISE,
                patient_id=patient_id,
                target=f"examination:{exam.id}",
                details={"event": "started", "exercise": ex.id},
            )
        if ex.photos:
            photos = PhotoService(self.s)
            photos.import_data(
                exam.id, [(f"ovning-{i:02d}.jpg", ph.data) for i, ph in enumerate(ex.photos, 1)]
            )
            for rec, ph in zip(photos.records(exam.id), ex.photos, strict=False):
                if ph.caption.sv:
                    photos.set_caption(rec.id, ph.caption.sv)
        return exam

    def attempt(self, exam_id: str) -> tuple[Attempt, Exercise] | None:
        """The exercise an examination is an attempt at, or None for an ordinary examination."""
        if not self.s.is_training:
            return None
        a = repo.attempt_of(self.s.db, exam_id)
        if a is None:
            return None
        return a, self._exercise(a.exercise_id)

    def _own_attempt(self, exam_id: str) -> tuple[Attempt, Exercise]:
        found = self.attempt(exam_id)
        if found is None:
            raise NotFound("exercise.no_attempt")
        a, ex = found
        if a.trainee_id != self.s.account.id and not self.s.has(Role.TRAINER):
            raise AccessDenied("access.denied")
        return a, ex

    def chosen_basis(self, exam_id: str) -> LegalBasis | None:
        """The legal basis the trainee last recorded for a release of this examination."""
        bases = ExaminationService(self.s).legal_bases(exam_id)
        return bases[-1].basis if bases else None

    def feedback(self, exam_id: str) -> Feedback:
        """'Granska min dokumentation': the documentation against the exercise's answer key."""
        _attempt, ex = self._own_attempt(exam_id)
        return self._review(exam_id, ex)

    def _review(self, exam_id: str, ex: Exercise) -> Feedback:
        exam = ExaminationService(self.s).get(exam_id)
        photos = PhotoService(self.s).records(exam_id)
        result = review(exam, photos, ex.key, self.chosen_basis(exam_id))
        with self.s.transaction():
            self.s.audit(
                AuditAction.EXERCISE,
                patient_id=exam.patient_id,
                target=f"examination:{exam_id}",
                details={"event": "reviewed", "exercise": ex.id, "score": round(result.score, 3)},
            )
        return result

    def results_file(self, exam_id: str, *, now: dt.datetime | None = None) -> tuple[str, bytes]:
        """(suggested file name, bytes) of the trainee's results file for the trainer."""
        a, ex = self._own_attempt(exam_id)
        fb = self._review(exam_id, ex)
        trainee = self.s.account.display_name if a.trainee_id == self.s.account.id else a.trainee_id
        data = to_results_file(fb, ex.id, trainee[:100], now=now)
        with self.s.transaction():
            self.s.audit(
                AuditAction.EXPORTED,
                target=f"examination:{exam_id}",
                details={"event": "exercise_results", "exercise": ex.id},
            )
        return f"{ex.id}-{self.s.account.username}{RESULT_EXTENSION}", data

    # ----- submitted results (store version 16; synced in a training unit, server revision 0010) ---------
    def submit(self, exam_id: str, *, now: dt.datetime | None = None) -> SubmittedResult:
        """'Lämna in till utbildaren': the result of the trainee's own attempt (score and point codes, as
        in a results file), kept in the store and — in the cache of a training unit — sent to the unit,
        where the trainer sees it on any workstation.  Each submission is a new result; none changes."""
        a, ex = self._own_attempt(exam_id)
        if a.trainee_id != self.s.account.id:
            raise AccessDenied("access.denied")
        fb = self._review(exam_id, ex)
        when = now or dt.datetime.now(dt.UTC)
        name = self.s.account.display_name[:100]
        data = to_results_file(fb, ex.id, name, now=when)
        stored = SubmittedResult(
            id=str(uuid.uuid4()),
            examination_id=exam_id,
            exercise_id=ex.id,
            exercise_sha256=repo.sha256_of(self.s.db, ex.id) or "",
            trainee_id=self.s.account.id,
            trainee_name=name,
            submitted_at=when.isoformat(),
            score=round(fb.score, 6),
            data=data,
            source="here",
        )
        with self.s.transaction() as db:
            repo.put_result(db, stored)
            training_queue.result_submitted(self.s, db, stored)
            self.s.audit(
                AuditAction.EXERCISE,
                target=f"examination:{exam_id}",
                details={"event": "submitted", "exercise": ex.id, "score": round(fb.score, 3)},
            )
        return stored

    def my_results(self) -> list[SubmittedResult]:
        """This account's submitted results, from every workstation (oldest first)."""
        self._training()
        return repo.results(self.s.db, self.s.account.id)

    def class_results(self) -> list[Result]:
        """Every submitted result the store holds — in a training unit's cache, the class's from every
        workstation — for the trainer or the unit's manager; each read back as an untrusted results file
        (one that fails is left out).  The read is logged."""
        self._may_author()
        out: list[Result] = []
        for r in repo.results(self.s.db):
            try:
                res = load_results(r.data)
            except ValueError:
                continue
            out.append(
                Result(res.exercise_id, r.trainee_name or res.trainee, res.created_at, res.score, res.points)
            )
        with self.s.transaction():
            self.s.audit(
                AuditAction.EXERCISE,
                target="class_results",
                details={"event": "class_results", "count": len(out)},
            )
        return out

    def titles(self) -> dict[str, tuple[str, str]]:
        """Exercise id -> (Swedish, English) title, for the class summary."""
        self._training()
        return {e.id: (e.title_sv, e.title_en) for e in repo.all_exercises(self.s.db)}
