"""``injurydoc server status`` counts the training sync's tables (revision 0010): exercises, attempts
started and results submitted, in total and per unit, in text (Swedish and English) and ``--json``."""

from __future__ import annotations

import hashlib
import json
import uuid

from injurydoc.server import status
from tests.server.test_cli_server import run
from tests.server.world import World


def _training_rows(world: World, unit: uuid.UUID, trainee: uuid.UUID, trainer: uuid.UUID) -> None:
    """Two exercises, two attempts, one submitted result, written as the schema owner (the triggers run)."""
    with world.db.owner() as o:
        for name in ("ipv", "child"):
            data = json.dumps({"exercise": name}).encode()
            o.execute(
                "INSERT INTO injurydoc.exercises (id, unit_id, exercise_id, title_sv, title_en, sha256, data,"
                " added_by) VALUES (%s, %s, %s, 'Övning', 'Exercise', %s, %s, %s)",
                (uuid.uuid4(), unit, name, hashlib.sha256(data).digest(), data, trainer),
            )
        exams = [uuid.uuid4(), uuid.uuid4()]
        for exam, name in zip(exams, ("ipv", "child"), strict=True):
            o.execute(
                "INSERT INTO injurydoc.exercise_attempts (examination_id, unit_id, exercise_id, trainee_id,"
                " started_at) VALUES (%s, %s, %s, %s, now())",
                (exam, unit, name, trainee),
            )
        result = {"format": "injurydoc-training-result", "exercise_id": "ipv", "score": 0.5}
        o.execute(
            "INSERT INTO injurydoc.exercise_results (id, unit_id, examination_id, exercise_id,"
            " exercise_sha256, trainee_id, client_at, score, result)"
            " VALUES (%s, %s, %s, 'ipv', %s, %s, now(), 0.5, %s)",
            (uuid.uuid4(), unit, exams[0], b"\x01" * 32, trainee, json.dumps(result)),
        )


def test_status_counts_the_training_tables_per_unit_in_text_and_json(world: World) -> None:
    unit = world.add_training_unit()
    _training_rows(world, unit, world.ids["elin"], world.ids["tina"])

    st = status.gather(world.db.owner_dsn)
    assert (st.rows["exercises"], st.rows["exercise_attempts"], st.rows["exercise_results"]) == (2, 2, 1)
    by_name = {u.name: u for u in st.units}
    training = by_name["Övningsenheten"]
    assert (training.exercises, training.exercise_attempts, training.exercise_results) == (2, 2, 1)
    real = [u for u in st.units if u.purpose == "real"]
    assert real and all((u.exercises, u.exercise_attempts, u.exercise_results) == (0, 0, 0) for u in real)

    rc, out, err = run(["server", "status", "--dsn", world.db.owner_dsn, "--json"])
    assert rc == 0, err
    data = json.loads(out)
    assert data["rows"]["exercise_results"] == 1
    (unit_json,) = [u for u in data["units"] if u["name"] == "Övningsenheten"]
    counted = (unit_json["exercises"], unit_json["exercise_attempts"], unit_json["exercise_results"])
    assert counted == (2, 2, 1)

    rc, out, err = run(["--lang", "en", "server", "status", "--dsn", world.db.owner_dsn])
    assert rc == 0, err
    lines = out.splitlines()
    at = next(i for i, ln in enumerate(lines) if "Övningsenheten (TRAINING UNIT)" in ln)
    assert lines[at + 1].strip() == "training: 2 exercises, 2 attempts started, 1 results submitted"
    assert "exercises 2" in out and "exercise_attempts 2" in out and "exercise_results 1" in out
    # a real unit with no training rows gets no training line
    real_at = next(i for i, ln in enumerate(lines) if "(real unit)" in ln)
    assert "training:" not in lines[real_at + 1]

    rc, out, _err = run(["server", "status", "--dsn", world.db.owner_dsn])
    assert rc == 0 and "övning: 2 övningar, 2 påbörjade försök, 1 inskickade resultat" in out
