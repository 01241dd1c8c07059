"""Pulling a training unit's exercises, attempts and results into a workstation's cache (server 0010).

The workstation's own exercises, attempts and submitted results go out through the ordinary outbox
(kinds in :mod:`injurydoc.sync.training_rows`, queued by ``services/training_queue.py``).  This module
brings the other direction, after the ordinary pull, only in the cache of a **training unit**
(``sync_state`` ``unit_purpose = training``):

* **exercises** — the newest file of each exercise id the unit holds, fetched only when its SHA-256
  differs from the one here, checked again as untrusted input (:func:`injurydoc.training.load`, its
  SHA-256 and id) before it replaces the one here; an exercise this workstation has queued is left
  alone until the server has it;
* **attempts** — the trainee's own (from another workstation) or, for a trainer and the unit's manager,
  the class's, once the examination is in the cache (it arrives through the ordinary pull);
* **results** — the trainee's own (row-level security shows no other), and for a trainer or the unit's
  manager the class's, through the server's logged read (``request_class_results`` committed, then
  ``fetch_class_results``): only results not here yet are asked for, so each is read (and logged) once
  per workstation.  Each is read back through :func:`injurydoc.training.results.load_results`.

What cannot be taken in (a file that fails the checks) is skipped and counted in
:attr:`TrainingPull.refused`; it is asked for again at the next pull.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg

from injurydoc.domain.errors import KnownError
from injurydoc.domain.vocab import Role
from injurydoc.server.connection import server_errors
from injurydoc.store import accounts as accounts_repo
from injurydoc.store import exercises as repo
from injurydoc.store.database import Database
from injurydoc.sync.outbox import Outbox
from injurydoc.training import load
from injurydoc.training.results import load_results

__all__ = ["PURPOSE_KEY", "TrainingPull", "is_training_cache", "pull_training"]

log = logging.getLogger(__name__)

#: sync_state key of a cache's unit purpose (services/unit_mode.py writes it)
PURPOSE_KEY = "unit_purpose"


@dataclass
class TrainingPull:
    exercises: int = 0
    attempts: int = 0
    results: int = 0
    refused: int = 0


def is_training_cache(outbox: Outbox) -> bool:
    return outbox.get_state(PURPOSE_KEY) == "training"


def _rows(conn: psycopg.Connection[Any], sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with server_errors():
        rows = conn.execute(sql, params).fetchall()
        conn.commit()
    return rows


def pull_training(conn: psycopg.Connection[Any], db: Database, outbox: Outbox) -> TrainingPull:
    """Take in the unit's exercises, attempts and results (see the module's note).  Nothing is queued
    (no echo) and nothing of a real unit's cache is touched."""
    result = TrainingPull()
    if not is_training_cache(outbox):
        return result
    account_id = outbox.get_state("account_id") or ""
    _exercises(conn, db, outbox, result)
    _attempts(conn, db, result)
    _own_results(conn, db, account_id, result)
    account = accounts_repo.by_id(db, account_id)
    if account is not None and (Role.TRAINER in account.roles or Role.UNIT_MANAGER in account.roles):
        _class_results(conn, db, result)
    return result


# ----- exercises -------------------------------------------------------------------------------------------
def _queued_exercises(outbox: Outbox) -> set[str]:
    rows = outbox.con.execute("SELECT payload FROM sync_outbox WHERE kind = 'exercise'").fetchall()
    return {str(json.loads(r[0]).get("exercise_id")) for r in rows}


def _exercises(conn: psycopg.Connection[Any], db: Database, outbox: Outbox, result: TrainingPull) -> None:
    newest: dict[str, tuple[uuid.UUID, bytes]] = {}
    for row_id, exercise_id, sha in _rows(
        conn, "SELECT id, exercise_id, sha256 FROM injurydoc.exercises ORDER BY added_at, id"
    ):
        newest[str(exercise_id)] = (row_id, bytes(sha))
    queued = _queued_exercises(outbox)
    for exercise_id, (row_id, sha) in sorted(newest.items()):
        if exercise_id in queued or repo.sha256_of(db, exercise_id) == sha.hex():
            continue
        rows = _rows(conn, "SELECT data FROM injurydoc.exercises WHERE id = %s", (row_id,))
        data = bytes(rows[0][0]) if rows else b""
        try:
            if hashlib.sha256(data).digest() != sha:
                raise ValueError("sha256")
            exercise = load(data)
            if exercise.id != exercise_id:
                raise ValueError("id")
        except (KnownError, ValueError) as exc:
            log.warning("an exercise from the server was refused: %s", type(exc).__name__)
            result.refused += 1
            continue
        with db.transaction():
            repo.put(db, exercise.id, exercise.title.sv, exercise.title.en, data, None)
        result.exercises += 1


# ----- attempts --------------------------------------------------------------------------------------------
def _attempts(conn: psycopg.Connection[Any], db: Database, result: TrainingPull) -> None:
    for exam_id, exercise_id, trainee_id, started_at in _rows(
        conn,
        "SELECT examination_id, exercise_id, trainee_id, started_at FROM injurydoc.exercise_attempts"
        " ORDER BY started_at, examination_id",
    ):
        eid, tid = str(exam_id), str(trainee_id)
        if repo.attempt_of(db, eid) is not None:
            continue
        ready = (
            db.one("SELECT 1 FROM examinations WHERE id = ?", (eid,)) is not None
            and repo.sha256_of(db, str(exercise_id)) is not None
            and db.one("SELECT 1 FROM accounts WHERE id = ?", (tid,)) is not None
        )
        if not ready:  # the examination or the exercise has not arrived yet: at a later pull
            continue
        with db.transaction():
            if repo.put_attempt(db, eid, str(exercise_id), tid, started_at.isoformat()):
                result.attempts += 1


# ----- results ---------------------------------------------------------------------------------------------
def _take_result(db: Database, row: dict[str, Any], result: TrainingPull) -> None:
    data = json.dumps(row["result"], ensure_ascii=False).encode("utf-8")
    try:
        checked = load_results(data)
        if checked.exercise_id != row["exercise_id"] or abs(checked.score - float(row["score"])) > 1e-6:
            raise ValueError("result")
    except ValueError as exc:
        log.warning("a result from the server was refused: %s", type(exc).__name__)
        result.refused += 1
        return
    stored = repo.StoredResult(
        id=str(row["id"]),
        examination_id=str(row["examination_id"]),
        exercise_id=str(row["exercise_id"]),
        exercise_sha256=bytes(row["exercise_sha256"]).hex(),
        trainee_id=str(row["trainee_id"]),
        trainee_name=str(row.get("trainee_name") or checked.trainee)[:200],
        submitted_at=row["submitted_at"].isoformat(),
        score=checked.score,
        data=data,
        source="server",
    )
    with db.transaction():
        if repo.put_result(db, stored):
            result.results += 1


def _own_results(conn: psycopg.Connection[Any], db: Database, account_id: str, result: TrainingPull) -> None:
    known = repo.result_ids(db)
    with server_errors(), conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        rows = cur.execute(
            "SELECT r.id, r.examination_id, r.exercise_id, r.exercise_sha256, r.trainee_id, r.submitted_at,"
            " r.score, r.result FROM injurydoc.exercise_results r ORDER BY r.submitted_at, r.id"
        ).fetchall()
        conn.commit()
    name = db.scalar("SELECT display_name FROM accounts WHERE id = ?", (account_id,))
    for row in rows:
        if str(row["id"]) not in known:
            _take_result(db, row | {"trainee_name": str(name or "")}, result)


def _class_results(conn: psycopg.Connection[Any], db: Database, result: TrainingPull) -> None:
    known = [uuid.UUID(i) for i in repo.result_ids(db)]
    with server_errors():
        row = conn.execute("SELECT injurydoc.request_class_results(%s)", (known,)).fetchone()
        conn.commit()  # the log rows are committed before anything is fetched
    read_id = row[0] if row else None
    if read_id is None:
        return
    with server_errors(), conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        rows = cur.execute("SELECT * FROM injurydoc.fetch_class_results(%s)", (read_id,)).fetchall()
        conn.commit()
    for r in rows:
        _take_result(db, r, result)
