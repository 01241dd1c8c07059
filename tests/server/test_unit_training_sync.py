"""Training in unit mode across workstations (server revision 0010), through the services: an exercise a
trainer adds on workstation T reaches the trainees' workstations; a trainee's attempt and submitted
result reach the trainer, who reviews the attempt and sees the class's results (each read logged on the
server, once); a trainee sees only their own results, on any workstation; a protected synthetic
person's case stays the trainee's but its result still reaches the trainer; nothing of it reaches a real
unit's workstation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from injurydoc.domain.errors import AccessDenied
from injurydoc.services import unit_mode
from injurydoc.services.demo import bundled_exercises
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.session import Session
from injurydoc.services.training import TrainingService
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import pull
from injurydoc.sync.push import push
from injurydoc.sync.training import TrainingPull, pull_training
from tests.server.unit_cases import outbox_rows, server_rows
from tests.server.world import PASSWORD, World


@pytest.fixture
def cls(world: World) -> World:
    """A training unit: manager trudi, trainees elin and olle, trainer tina (and the real units)."""
    world.add_training_unit((("elin", ["clinician"]), ("olle", ["clinician"]), ("tina", ["trainer"])))
    return world


def _cache(world: World, user: str, root: Path, *, training: bool = True) -> Session:
    return unit_mode.connect_workstation(
        world.db.dsn(user), user, PASSWORD, kdf=TEST_KDF, root=root, training=training
    )


def sync(world: World, session: Session, user: str) -> TrainingPull:
    """One round as the runner does it: push, pull, then the training unit's exercises and results."""
    ob = Outbox(StoreConnection(session.db))
    with world.db.connect(user, autocommit=False) as conn:
        pushed = push(conn, ob)
        assert pushed.refused == [], pushed.refusal
        pull(conn, ob, unit_key=session.unit_key)
        return pull_training(conn, session.db, ob)


def _exercise(name: str) -> bytes:
    return next(p for p in bundled_exercises() if p.name.startswith(name)).read_bytes()


def _server_log(world: World, action: str) -> list[tuple[Any, ...]]:
    with world.db.owner() as o:
        return o.execute(
            "SELECT account_id, target FROM injurydoc.access_log WHERE action = %s ORDER BY id", (action,)
        ).fetchall()


def test_an_exercise_made_on_t_reaches_s_and_the_result_comes_back(cls: World, tmp_path: Path) -> None:
    t = _cache(cls, "tina", tmp_path / "ws-t")
    s = _cache(cls, "elin", tmp_path / "ws-s")
    try:
        ex = TrainingService(t).add_exercise(_exercise("ipv"))
        assert [k for k, _i in outbox_rows(t)] == ["exercise"]
        sync(cls, t, "tina")
        assert [r["exercise_id"] for r in server_rows(cls, "exercises")] == [ex.id]
        # the trainee's workstation: the exercise arrives, checked, and is listed
        assert TrainingService(s).exercises() == []
        assert sync(cls, s, "elin").exercises == 1
        assert [e.id for e in TrainingService(s).exercises()] == [ex.id]
        assert sync(cls, s, "elin").exercises == 0  # the same file is not fetched again
        # the trainee works and submits; nothing of it is the trainer's to submit
        exam = TrainingService(s).start(ex.id)
        fb = TrainingService(s).feedback(exam.id)
        submitted = TrainingService(s).submit(exam.id)
        assert submitted.score == round(fb.score, 6)
        with pytest.raises(AccessDenied):
            TrainingService(s).class_results()  # a trainee reads no class results
        kinds = [k for k, _i in outbox_rows(s)]
        assert kinds.index("examination") < kinds.index("exercise_attempt") < kinds.index("exercise_result")
        sync(cls, s, "elin")
        assert outbox_rows(s) == []
        assert [r["trainee_id"] for r in server_rows(cls, "exercise_results")] == [cls.ids["elin"]]
        # the trainer's workstation: the examination, the attempt and the result arrive
        got = sync(cls, t, "tina")
        assert (got.attempts, got.results) == (1, 1)
        rows = TrainingService(t).class_results()
        assert [(r.trainee, r.exercise_id, r.score) for r in rows] == [("Elin", ex.id, submitted.score)]
        assert TrainingService(t).feedback(exam.id).score == fb.score  # the trainer reviews the attempt
        assert _server_log(cls, "exercise_result.read") == [(cls.ids["tina"], submitted.id)]
        assert sync(cls, t, "tina").results == 0  # read (and logged) once per workstation
        assert len(_server_log(cls, "exercise_result.read")) == 1
    finally:
        t.close()
        s.close()


def test_a_trainee_sees_only_their_own_results_on_any_workstation(cls: World, tmp_path: Path) -> None:
    t = _cache(cls, "tina", tmp_path / "ws-t")
    s = _cache(cls, "elin", tmp_path / "ws-s")
    o = _cache(cls, "olle", tmp_path / "ws-o")
    try:
        ex = TrainingService(t).add_exercise(_exercise("ipv"))
        sync(cls, t, "tina")
        for session, user in ((s, "elin"), (o, "olle")):
            sync(cls, session, user)
            TrainingService(session).submit(TrainingService(session).start(ex.id).id)
            sync(cls, session, user)
        assert [r.trainee_name for r in TrainingService(s).my_results()] == ["Elin"]
        # elin on a second workstation: her result arrives, olle's never
        s2 = _cache(cls, "elin", tmp_path / "ws-s2")
        try:
            sync(cls, s2, "elin")
            mine = TrainingService(s2).my_results()
            assert [(r.trainee_id, r.source) for r in mine] == [(str(cls.ids["elin"]), "server")]
            assert {r.trainee_id for r in _all_results(s2)} == {str(cls.ids["elin"])}
        finally:
            s2.close()
        sync(cls, t, "tina")
        assert sorted(r.trainee for r in TrainingService(t).class_results()) == ["Elin", "Olle"]
    finally:
        for session in (t, s, o):
            session.close()


def _all_results(session: Session) -> list[Any]:
    from injurydoc.store import exercises

    return exercises.results(session.db)


def test_a_protected_persons_attempt_stays_the_trainees_and_its_result_still_arrives(
    cls: World, tmp_path: Path
) -> None:
    t = _cache(cls, "tina", tmp_path / "ws-t")
    s = _cache(cls, "elin", tmp_path / "ws-s")
    try:
        ex = TrainingService(t).add_exercise(_exercise("child"))
        sync(cls, t, "tina")
        sync(cls, s, "elin")
        exam = TrainingService(s).start(ex.id)
        submitted = TrainingService(s).submit(exam.id)
        sync(cls, s, "elin")
        # the synthetic person is protected: the trainer opens the case no more than in a training store
        # (creator, co-handlers and grants only), so no examination and no attempt arrive on T ...
        got = sync(cls, t, "tina")
        assert (got.attempts, got.results) == (0, 1)
        assert ExaminationService(t).search("") == []
        # ... but the result does: scores and point codes, no documentation
        assert [r.score for r in TrainingService(t).class_results()] == [submitted.score]
    finally:
        t.close()
        s.close()


def test_a_real_units_workstation_gets_nothing_and_a_standalone_store_sends_nothing(
    cls: World, tmp_path: Path, training_store: Any
) -> None:
    t = _cache(cls, "tina", tmp_path / "ws-t")
    try:
        TrainingService(t).add_exercise(_exercise("ipv"))
        sync(cls, t, "tina")
    finally:
        t.close()
    for user in ("anna", "tove"):
        real = _cache(cls, user, tmp_path / f"ws-{user}", training=False)
        try:
            assert sync(cls, real, user) == TrainingPull()  # not a training cache: nothing asked
            assert real.db.scalar("SELECT count(*) FROM exercises") == 0
        finally:
            real.close()
    standalone = training_store.sign_in("chef")
    try:
        TrainingService(standalone).add_exercise(_exercise("follow"))
        assert standalone.db.scalar("SELECT count(*) FROM sync_outbox") == 0
    finally:
        standalone.close()
