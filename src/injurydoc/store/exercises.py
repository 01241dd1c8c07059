"""Exercises held in a training store, and which examination is whose attempt at which exercise."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database


@dataclass(frozen=True, slots=True)
class StoredExercise:
    id: str
    title_sv: str
    title_en: str
    sha256: str
    imported_at: str


@dataclass(frozen=True, slots=True)
class Attempt:
    examination_id: str
    exercise_id: str
    trainee_id: str
    started_at: str


_COLS = "id, title_sv, title_en, sha256, imported_at"


def _row(r: tuple[Any, ...]) -> StoredExercise:
    return StoredExercise(*r)


def put(db: Database, exercise_id: str, title_sv: str, title_en: str, data: bytes, by: str | None) -> bool:
    """Store an exercise file; a newer file with the same id replaces the older (returns True)."""
    digest = hashlib.sha256(data).hexdigest()
    replaced = db.scalar("SELECT 1 FROM exercises WHERE id = ?", (exercise_id,)) is not None
    if replaced:
        db.execute(
            "UPDATE exercises SET title_sv = ?, title_en = ?, data = ?, sha256 = ?, imported_at = ?, "
            "imported_by = ? WHERE id = ?",
            (title_sv, title_en, data, digest, iso(now_utc()), by, exercise_id),
        )
    else:
        db.execute(
            "INSERT INTO exercises (id, title_sv, title_en, data, sha256, imported_at, imported_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (exercise_id, title_sv, title_en, data, digest, iso(now_utc()), by),
        )
    return replaced


def all_exercises(db: Database) -> list[StoredExercise]:
    return [_row(r) for r in db.all(f"SELECT {_COLS} FROM exercises ORDER BY id")]


def data_of(db: Database, exercise_id: str) -> bytes | None:
    raw = db.scalar("SELECT data FROM exercises WHERE id = ?", (exercise_id,))
    return bytes(raw) if raw is not None else None


def add_attempt(db: Database, exam_id: str, exercise_id: str, trainee_id: str) -> None:
    db.execute(
        "INSERT INTO exercise_attempts (examination_id, exercise_id, trainee_id, started_at) "
        "VALUES (?, ?, ?, ?)",
        (exam_id, exercise_id, trainee_id, iso(now_utc())),
    )


def attempt_of(db: Database, exam_id: str) -> Attempt | None:
    r = db.one(
        "SELECT examination_id, exercise_id, trainee_id, started_at FROM exercise_attempts "
        "WHERE examination_id = ?",
        (exam_id,),
    )
    return Attempt(*r) if r is not None else None


def attempts_by(db: Database, trainee_id: str) -> list[Attempt]:
    return [
        Attempt(*r)
        for r in db.all(
            "SELECT examination_id, exercise_id, trainee_id, started_at FROM exercise_attempts "
            "WHERE trainee_id = ? ORDER BY started_at",
            (trainee_id,),
        )
    ]
