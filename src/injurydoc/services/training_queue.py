"""What an exercise, an attempt and a submitted result queue for a training unit's server (revision 0010).

Called inside the store transaction of the write it describes (as :mod:`injurydoc.services.unit_queue`),
and only in the cache of a **training unit**: a standalone training store keeps everything to itself
(``unit_mode.stays_local``), and a real store holds no exercises (its schema refuses them).

- an **exercise** a trainer (or the unit's manager) added: the file itself, with its SHA-256 (the
  server checks it) — a newer file with the same id is a new row there, as it replaces the older here;
- an **attempt**: which examination is this trainee's attempt at which exercise (after the examination
  itself, which the ordinary queue sent);
- a **result** the trainee submitted: the results file's content (scores and point codes only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import TYPE_CHECKING

from injurydoc.services import unit_mode
from injurydoc.store.database import Database
from injurydoc.sync.outbox import Outbox, StoreConnection

if TYPE_CHECKING:
    from injurydoc.services.session import Session
    from injurydoc.services.unit_mode import UnitSettings
    from injurydoc.store.exercises import StoredResult

__all__ = ["attempt_started", "exercise_added", "result_submitted", "syncs"]


def syncs(s: Session) -> UnitSettings | None:
    """The unit settings when this training store is the cache of a training unit, else None."""
    if not s.is_training or unit_mode.stays_local(s):
        return None
    return unit_mode.settings(s.db)


def _queue(
    db: Database, kind: str, item_id: str, payload: dict[str, object], blob: bytes | None = None
) -> None:
    Outbox(StoreConnection(db)).add(kind, item_id, payload, blob)

    def wake() -> None:
        from injurydoc.services import unit_sync

        unit_sync.wake(db)

    db.after_commit(wake)


def exercise_added(s: Session, db: Database, exercise_id: str, titles: tuple[str, str], data: bytes) -> None:
    settings = syncs(s)
    if settings is None:
        return
    row_id = str(uuid.uuid4())
    _queue(
        db,
        "exercise",
        row_id,
        {
            "id": row_id,
            "unit_id": settings.unit_id,
            "exercise_id": exercise_id,
            "title_sv": titles[0],
            "title_en": titles[1],
            "sha256": hashlib.sha256(data).hexdigest(),
            "added_by": settings.account_id,
        },
        data,
    )


def attempt_started(s: Session, db: Database, exam_id: str, exercise_id: str) -> None:
    settings = syncs(s)
    if settings is None:
        return
    _queue(
        db,
        "exercise_attempt",
        exam_id,
        {
            "examination_id": exam_id,
            "unit_id": settings.unit_id,
            "exercise_id": exercise_id,
            "trainee_id": settings.account_id,
            "started_at": dt.datetime.now(dt.UTC).isoformat(),
        },
    )


def result_submitted(s: Session, db: Database, result: StoredResult) -> None:
    settings = syncs(s)
    if settings is None:
        return
    _queue(
        db,
        "exercise_result",
        result.id,
        {
            "id": result.id,
            "unit_id": settings.unit_id,
            "examination_id": result.examination_id,
            "exercise_id": result.exercise_id,
            "exercise_sha256": result.exercise_sha256,
            "trainee_id": settings.account_id,
            "client_at": result.submitted_at,
            "score": result.score,
            "result": json.loads(result.data),
        },
    )
