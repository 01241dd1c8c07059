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


def sha256_of(db: Database, exercise_id: str) -> str | None:
    raw = db.scalar("SELECT sha256 FROM exercises WHERE id = ?", (exercise_id,))
    return None if raw is None else str(raw)


def put_attempt(db: Database, exam_id: str, exercise_id: str, trainee_id: str, started_at: str) -> bool:
    """An attempt made on another workstation (the pull); one known already is left as it is."""
    cur = db.execute(
        "INSERT OR IGNORE INTO exercise_attempts (examination_id, exercise_id, trainee_id, started_at) "
        "VALUES (?, ?, ?, ?)",
        (exam_id, exercise_id, trainee_id, started_at),
    )
    return bool(cur.rowcount)


# ----- results a trainee submitted (store version 16) ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoredResult:
    id: str
    examination_id: str
    exercise_id: str
    exercise_sha256: str
    trainee_id: str
    trainee_name: str
    submitted_at: str
    score: float
    data: bytes
    #: "here" (submitted on this workstation) or "server" (received from the training unit)
    source: str


_RESULT_COLS = (
    "id, examination_id, exercise_id, exercise_sha256, trainee_id, trainee_name, submitted_at, score, data, "
    "source"
)


def put_result(db: Database, r: StoredResult) -> bool:
    """Keep a submitted result; one with the same id is kept as it was (results never change)."""
    cur = db.execute(
        f"INSERT OR IGNORE INTO exercise_results ({_RESULT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            r.id,
            r.examination_id,
            r.exercise_id,
            r.exercise_sha256,
            r.trainee_id,
            r.trainee_name,
            r.submitted_at,
            r.score,
            r.data,
            r.source,
        ),
    )
    return bool(cur.rowcount)


def results(db: Database, trainee_id: str | None = None) -> list[StoredResult]:
    """Submitted results, oldest first; ``trainee_id``: only that trainee's."""
    where, params = ("WHERE trainee_id = ?", (trainee_id,)) if trainee_id else ("", ())
    rows = db.all(f"SELECT {_RESULT_COLS} FROM exercise_results {where} ORDER BY submitted_at, id", params)
    return [
        StoredResult(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            str(r[6]),
            float(r[7]),
            bytes(r[8]),
            str(r[9]),
        )
        for r in rows
    ]


def result_ids(db: Database) -> set[str]:
    return {str(r[0]) for r in db.all("SELECT id FROM exercise_results")}
