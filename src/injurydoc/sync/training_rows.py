"""The outbox kinds of a training unit's cache (server revision 0010): what :mod:`injurydoc.sync.push`
inserts for them.  Kept apart so that the outbox and the push name them without importing the training
sync (:mod:`injurydoc.sync.training`)."""

from __future__ import annotations

from typing import Final

__all__ = ["BLOB_COLUMNS", "INSERTS", "KINDS"]

#: kind -> (table, columns, bytea columns, jsonb columns, primary key), as ``push.INSERTS``
INSERTS: Final[dict[str, tuple[str, tuple[str, ...], frozenset[str], frozenset[str], str]]] = {
    "exercise": (
        "exercises",
        ("id", "unit_id", "exercise_id", "title_sv", "title_en", "sha256", "data", "added_by"),
        frozenset({"sha256", "data"}),
        frozenset(),
        "id",
    ),
    "exercise_attempt": (
        "exercise_attempts",
        ("examination_id", "unit_id", "exercise_id", "trainee_id", "started_at"),
        frozenset(),
        frozenset(),
        "examination_id",
    ),
    "exercise_result": (
        "exercise_results",
        (
            "id",
            "unit_id",
            "examination_id",
            "exercise_id",
            "exercise_sha256",
            "trainee_id",
            "client_at",
            "score",
            "result",
        ),
        frozenset({"exercise_sha256"}),
        frozenset({"result"}),
        "id",
    ),
}

#: the column an entry's blob fills (the exercise file's bytes stay out of the JSON payload)
BLOB_COLUMNS: Final[dict[str, str]] = {"exercise": "data"}

KINDS: Final = tuple(INSERTS)
