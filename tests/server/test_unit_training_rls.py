"""A training unit's exercises, attempts and results on the server (revision 0010), by raw SQL as each
role: only a trainer or the unit's manager adds exercises, every account of the training unit reads
them, no account of a real unit sees or writes any; a trainee writes and reads only their own attempts
and results; the trainer reads the class's results only through the logged two-step read; nothing is
ever changed or deleted, not by the owner or a superuser either; nothing of a real unit is mixed in."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

import pytest

from tests.server.world import World, refused

EXERCISE = b"PK exercise file bytes (the server stores them opaque and checks the SHA-256)"


@pytest.fixture
def cls(world: World) -> World:
    """Real unit A (chef, anna, erik, trainer tove), real unit B (berit, bo) and a training unit:
    manager trudi, trainees elin and olle (clinicians), trainer tina."""
    world.training = world.add_training_unit(  # type: ignore[attr-defined]
        (("elin", ["clinician"]), ("olle", ["clinician"]), ("tina", ["trainer"]))
    )
    return world


def add_exercise(
    w: World, user: str, unit: uuid.UUID, *, data: bytes = EXERCISE, sha: bytes | None = None
) -> uuid.UUID:
    row = uuid.uuid4()
    w.as_(user).execute(
        "INSERT INTO injurydoc.exercises (id, unit_id, exercise_id, title_sv, title_en, sha256, data,"
        " added_by) VALUES (%s, %s, 'ovning-1', 'Övning', 'Exercise', %s, %s, %s)",
        (row, unit, sha or hashlib.sha256(data).digest(), data, w.ids[user]),
    )
    return row


def add_attempt(w: World, user: str, exam: uuid.UUID, unit: uuid.UUID | None = None) -> None:
    w.as_(user).execute(
        "INSERT INTO injurydoc.exercise_attempts (examination_id, unit_id, exercise_id, trainee_id,"
        " started_at) VALUES (%s, %s, 'ovning-1', %s, now())",
        (exam, unit or w.unit_of(user), w.ids[user]),
    )


def result_doc(score: float = 0.5) -> dict[str, Any]:
    return {
        "format": "injurydoc-training-result",
        "version": 1,
        "exercise_id": "ovning-1",
        "trainee": "Elin",
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "score": score,
        "points": [
            {"code": "side", "ok": True, "scored": True, "detail": {}},
            {"code": "overview_photo", "ok": False, "scored": True, "detail": {}},
        ],
    }


def add_result(
    w: World, user: str, exam: uuid.UUID, *, trainee: str | None = None, doc: dict[str, Any] | None = None
) -> uuid.UUID:
    rid = uuid.uuid4()
    body = doc or result_doc()
    w.as_(user).execute(
        "INSERT INTO injurydoc.exercise_results (id, unit_id, examination_id, exercise_id, exercise_sha256,"
        " trainee_id, client_at, score, result) VALUES (%s, %s, %s, 'ovning-1', %s, %s, now(), %s, %s)",
        (
            rid,
            w.unit_of(user),
            exam,
            hashlib.sha256(EXERCISE).digest(),
            w.ids[trainee or user],
            body["score"],
            json.dumps(body),
        ),
    )
    return rid


def _attempt_exam(w: World, user: str) -> uuid.UUID:
    exam = w.add_exam(user, w.add_patient(user, name="Övning Ek"))
    add_attempt(w, user, exam)
    return exam


def count(w: World, user: str, table: str) -> int:
    return int(w.as_(user).execute(f"SELECT count(*) FROM injurydoc.{table}").fetchone()[0])


def test_exercises_only_by_authors_only_in_a_training_unit_seen_by_the_unit_only(cls: World) -> None:
    t = cls.training  # type: ignore[attr-defined]
    add_exercise(cls, "tina", t)
    add_exercise(cls, "trudi", t, data=EXERCISE + b" v2")  # the unit's manager may author too
    for trainee in ("elin", "olle"):
        with refused("42501"):  # a trainee is no author (row-level security)
            add_exercise(cls, trainee, t)
        assert count(cls, trainee, "exercises") == 2  # but reads them (the key is needed offline)
    # no account of a real unit sees any, writes any into the training unit, or has any of its own
    for user in ("anna", "chef", "tove", "bo", "berit"):
        assert count(cls, user, "exercises") == 0
        with refused("42501"):
            add_exercise(cls, user, t)
    with refused("ID002"):  # a real unit's trainer: the unit may hold no exercise at all
        add_exercise(cls, "tove", cls.unit_a)
    with refused("ID002"):
        add_exercise(cls, "chef", cls.unit_a)
    with refused("ID003"):  # the server checks the SHA-256
        add_exercise(cls, "tina", t, sha=hashlib.sha256(b"other").digest())
    # a superuser sees that none of the real units holds one
    with cls.db.superuser() as su:
        units = su.execute("SELECT DISTINCT unit_id FROM injurydoc.exercises").fetchall()
    assert units == [(t,)]


def test_attempts_are_the_trainees_own_and_the_trainer_sees_the_class(cls: World) -> None:
    t = cls.training  # type: ignore[attr-defined]
    add_exercise(cls, "tina", t)
    elin_exam = _attempt_exam(cls, "elin")
    olle_exam = cls.add_exam("olle", cls.add_patient("olle"))
    with refused("ID002"):  # not his examination
        add_attempt(cls, "olle", elin_exam)
    with refused("42501"):  # not in another's name (an examination only on a workstation)
        cls.as_("olle").execute(
            "INSERT INTO injurydoc.exercise_attempts (examination_id, unit_id, exercise_id, trainee_id,"
            " started_at) VALUES (%s, %s, 'ovning-1', %s, now())",
            (uuid.uuid4(), t, cls.ids["elin"]),
        )
    add_attempt(cls, "olle", olle_exam)
    assert count(cls, "elin", "exercise_attempts") == 1 and count(cls, "olle", "exercise_attempts") == 1
    assert count(cls, "tina", "exercise_attempts") == 2 and count(cls, "trudi", "exercise_attempts") == 2
    # a real unit's examination is never an attempt, and a real unit holds none
    anna_exam = cls.add_exam("anna", cls.add_patient("anna"))
    with refused("ID002"):
        add_attempt(cls, "elin", anna_exam)
    with refused("ID002"):
        add_attempt(cls, "anna", anna_exam)
    for user in ("anna", "tove", "chef"):
        assert count(cls, user, "exercise_attempts") == 0
    with refused("ID003"):  # an exercise the unit does not hold
        cls.as_("olle").execute(
            "INSERT INTO injurydoc.exercise_attempts (examination_id, unit_id, exercise_id, trainee_id,"
            " started_at) VALUES (%s, %s, 'no-such', %s, now())",
            (cls.add_exam("olle", cls.add_patient("olle")), t, cls.ids["olle"]),
        )


def test_results_own_only_and_the_trainers_reads_are_logged(cls: World) -> None:
    t = cls.training  # type: ignore[attr-defined]
    add_exercise(cls, "tina", t)
    exam = _attempt_exam(cls, "elin")
    r1 = add_result(cls, "elin", exam)
    with refused("ID002"):  # a result is for one's own attempt
        add_result(cls, "olle", exam)
    with refused("42501"):  # and in one's own name
        add_result(cls, "olle", exam, trainee="elin")
    with refused("ID003"):  # the score must be the document's
        add_result(cls, "elin", exam, doc=result_doc(0.5) | {"exercise_id": "other"})
    # the trainee reads their own; the others' not, the trainer not directly either
    assert count(cls, "elin", "exercise_results") == 1
    for user in ("olle", "tina", "trudi", "anna", "tove", "chef"):
        assert count(cls, user, "exercise_results") == 0
    # the trainer's read: request (logged, committed), then fetch
    tina = cls.db.connect("tina", autocommit=False)
    try:
        read = tina.execute("SELECT injurydoc.request_class_results(%s)", ([],)).fetchone()[0]
        with refused("ID006"):  # not in the transaction that wrote the log rows
            tina.execute("SELECT * FROM injurydoc.fetch_class_results(%s)", (read,)).fetchall()
        tina.rollback()  # rolled back: no log row, and no data either
        tina.execute("SELECT 1")
        with refused("ID006"):
            tina.execute("SELECT * FROM injurydoc.fetch_class_results(%s)", (read,)).fetchall()
        tina.rollback()
        read = tina.execute("SELECT injurydoc.request_class_results(%s)", ([],)).fetchone()[0]
        tina.commit()
        rows = tina.execute(
            "SELECT id, trainee_name, score FROM injurydoc.fetch_class_results(%s)", (read,)
        ).fetchall()
        tina.commit()
        assert rows == [(r1, "Elin", 0.5)]
        # what the workstation holds already is not read (nor logged) again
        assert tina.execute("SELECT injurydoc.request_class_results(%s)", ([r1],)).fetchone()[0] is None
        tina.commit()
    finally:
        tina.close()
    with cls.db.owner() as o:
        logged = o.execute(
            "SELECT account_id, outcome, target, details->>'trainee' FROM injurydoc.access_log"
            " WHERE action = 'exercise_result.read' ORDER BY id"
        ).fetchall()
    assert logged == [(cls.ids["tina"], "ok", str(r1), str(cls.ids["elin"]))]
    # a trainee may not read the class: refused and logged; a real unit's accounts not at all
    assert cls.as_("olle").execute("SELECT injurydoc.request_class_results(%s)", ([],)).fetchone()[0] is None
    with refused("ID002"):
        cls.as_("olle").execute("SELECT * FROM injurydoc.fetch_class_results(%s)", (uuid.uuid4(),))
    for user in ("tove", "chef", "anna"):
        with refused("ID002"):
            cls.as_(user).execute("SELECT injurydoc.request_class_results(%s)", ([],))
    with cls.db.owner() as o:
        assert (
            o.execute(
                "SELECT count(*) FROM injurydoc.access_log WHERE action = 'exercise_result.read'"
                " AND outcome = 'denied' AND account_id = %s",
                (cls.ids["olle"],),
            ).fetchone()[0]
            == 1
        )


def test_nothing_is_ever_changed_or_deleted(cls: World) -> None:
    t = cls.training  # type: ignore[attr-defined]
    add_exercise(cls, "tina", t)
    exam = _attempt_exam(cls, "elin")
    add_result(cls, "elin", exam)
    changes = {
        "exercises": "UPDATE injurydoc.exercises SET title_sv = 'X'",
        "exercise_attempts": "UPDATE injurydoc.exercise_attempts SET exercise_id = 'x'",
        "exercise_results": "UPDATE injurydoc.exercise_results SET score = 1",
    }
    for table, update in changes.items():
        for user in ("tina", "elin", "trudi"):
            for stmt in (update, f"DELETE FROM injurydoc.{table}", f"TRUNCATE injurydoc.{table}"):
                with refused("42501"):  # not granted
                    cls.as_(user).execute(stmt)
        for conn in (cls.db.owner(), cls.db.superuser()):
            with conn:
                for stmt in (update, f"DELETE FROM injurydoc.{table}", f"TRUNCATE injurydoc.{table} CASCADE"):
                    with refused("ID001"):
                        conn.execute(stmt)


def test_the_downgrade_below_0010_is_refused_while_exercises_exist(cls: World) -> None:
    from injurydoc.server import migrate

    add_exercise(cls, "tina", cls.training)  # type: ignore[attr-defined]
    revs = migrate.revisions()
    with pytest.raises(Exception) as info:
        migrate.migrate(cls.db.owner_dsn, revs[revs.index("0010") - 1])
    assert "ID002" in repr(info.value) or "training units hold exercises" in str(info.value)
    with cls.db.owner() as o:
        assert o.execute("SELECT count(*) FROM injurydoc.exercises").fetchone()[0] == 1


def test_a_trainer_opens_no_real_case_not_even_by_a_grant_as_in_a_standalone_store(cls: World) -> None:
    """The one rule (tests/test_trainer_real_cases.py shows the standalone side): a real unit's trainer
    who is no clinician is refused a granted protected case and every unprotected one, and the refusal
    is logged; a training unit's trainer opens the unit's exercises."""
    from injurydoc.server import reads

    protected = cls.add_patient("anna", protection="sekretessmarkering")
    plain = cls.add_patient("anna")
    cls.grant("chef", protected, "tove")
    for pid in (protected, plain):
        assert cls.as_("tove").execute("SELECT injurydoc.may_open(%s)", (pid,)).fetchone()[0] is False
        assert reads.read_patient(cls.as_("tove"), pid) is None
    with cls.db.owner() as o:
        assert (
            o.execute(
                "SELECT count(*) FROM injurydoc.access_log WHERE account_id = %s AND outcome = 'denied'",
                (cls.ids["tove"],),
            ).fetchone()[0]
            == 2
        )
    exercise_person = cls.add_patient("elin")
    assert cls.as_("tina").execute("SELECT injurydoc.may_open(%s)", (exercise_person,)).fetchone()[0]
