"""Training units on the unit server (revision 0007), by raw SQL as each role: a unit's purpose is fixed
for ever; no row of a training unit reaches a real unit or the reverse; a trainer opens exercises of a
training unit and nothing real; a real unit's statistics and log never count an exercise; one
workstation serves both; ``server add-unit --training`` and ``server status``."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import uuid

import psycopg
import pytest

from injurydoc.cli import main
from injurydoc.server import admin, migrate, reads
from injurydoc.server.status import gather
from tests.server.world import PASSWORD, World, lookup_value, refused


@pytest.fixture
def both(world: World) -> World:
    """Unit A (real: chef, anna, erik, trainer tove), unit B (real), and a training unit: manager trudi,
    trainee elin (clinician), trainer tina."""
    world.training = world.add_training_unit()  # type: ignore[attr-defined]
    return world


def _purpose(world: World, unit: uuid.UUID) -> str:
    with world.db.owner() as o:
        return str(o.execute("SELECT purpose FROM injurydoc.units WHERE id = %s", (unit,)).fetchone()[0])


def test_units_have_a_purpose_and_it_never_changes(both: World) -> None:
    t = both.training  # type: ignore[attr-defined]
    assert _purpose(both, both.unit_a) == "real" and _purpose(both, t) == "training"
    with both.db.owner() as o:
        for unit, other in ((t, "real"), (both.unit_a, "training")):
            with refused("ID001"):
                o.execute("UPDATE injurydoc.units SET purpose = %s WHERE id = %s", (other, unit))
        with refused("23514"):  # check constraint
            o.execute("INSERT INTO injurydoc.units (name, purpose) VALUES ('X', 'demo')")
        with refused("ID003"):
            o.execute("SELECT injurydoc.create_unit('X', 'xman', 'X', 'v', 'demo')")
        # an account never moves between units (so an exercise author never becomes a real one)
        with refused("ID001"):
            o.execute("UPDATE injurydoc.accounts SET unit_id = %s WHERE role_name = 'elin'", (both.unit_a,))
    with both.db.superuser() as su:  # not even a superuser, short of disabling the triggers
        with refused("ID001"):
            su.execute("UPDATE injurydoc.units SET purpose = 'real' WHERE id = %s", (t,))
    # every account sees its own unit's purpose
    assert both.as_("elin").execute("SELECT purpose FROM injurydoc.units").fetchall() == [("training",)]
    assert both.as_("anna").execute("SELECT purpose FROM injurydoc.units").fetchall() == [("real",)]


def _patient_sql(world: World, user: str, unit: uuid.UUID) -> None:
    world.as_(user).execute(
        "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, created_by)"
        " VALUES (%s, %s, 'none', %s, %s, %s)",
        (uuid.uuid4(), unit, lookup_value("191212121212"), json.dumps({"name": "X"}), world.ids[user]),
    )


def test_no_row_crosses_purposes(both: World) -> None:
    t = both.training  # type: ignore[attr-defined]
    # an exercise patient into the real unit, and a real one into the training unit: refused (RLS)
    with refused("42501"):
        _patient_sql(both, "elin", both.unit_a)
    with refused("42501"):
        _patient_sql(both, "anna", t)
    real_patient = both.add_patient("anna")
    exercise = both.add_patient("elin")
    real_exam = both.add_exam("anna", real_patient)
    exercise_exam = both.add_exam("elin", exercise)
    real_version = both.add_version("anna", real_exam)
    # an exercise examination of a real patient, a version of a real examination, and the reverse
    for user, unit, patient in (("elin", t, real_patient), ("anna", both.unit_a, exercise)):
        with refused("42501"):
            both.as_(user).execute(
                "INSERT INTO injurydoc.examinations (id, unit_id, patient_id, examiner_id)"
                " VALUES (%s, %s, %s, %s)",
                (uuid.uuid4(), unit, patient, both.ids[user]),
            )
    for user, unit, exam, parent in (
        ("elin", t, real_exam, None),
        ("elin", t, exercise_exam, real_version),
        ("anna", both.unit_a, exercise_exam, None),
    ):
        with pytest.raises(psycopg.Error) as info:
            both.as_(user).execute(
                "INSERT INTO injurydoc.examination_versions (id, unit_id, examination_id, parent_id,"
                " author_id, client_saved_at, content) VALUES (%s, %s, %s, %s, %s, now(), '{}')",
                (uuid.uuid4(), unit, exam, parent, both.ids[user]),
            )
        assert info.value.sqlstate in ("42501", "23503", "ID003")  # RLS, composite key, parent check
    # the owner, past RLS, is stopped by the composite foreign keys
    with both.db.owner() as o:
        with refused("23503"):
            o.execute(
                "INSERT INTO injurydoc.examinations (id, unit_id, patient_id, examiner_id)"
                " VALUES (%s, %s, %s, %s)",
                (uuid.uuid4(), t, real_patient, both.ids["elin"]),
            )
        with refused("23503"):
            o.execute(
                "INSERT INTO injurydoc.examinations (id, unit_id, patient_id, examiner_id)"
                " VALUES (%s, %s, %s, %s)",
                (uuid.uuid4(), both.unit_a, exercise, both.ids["anna"]),
            )
    # a grant across purposes: the manager of either unit cannot name the other's patient or account
    until = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    for manager, patient, to in (
        ("trudi", real_patient, "elin"),
        ("chef", exercise, "anna"),
        ("chef", real_patient, "elin"),
    ):
        with pytest.raises(psycopg.Error):
            both.as_(manager).execute(
                "SELECT injurydoc.grant_access(%s, %s, 'grant', 'test', %s)", (patient, both.ids[to], until)
            )
    # a log entry of the training unit naming a real patient, and the reverse
    for user, unit, patient in (("elin", t, real_patient), ("anna", both.unit_a, exercise)):
        with refused("ID002"):
            both.as_(user).execute(
                "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id)"
                " VALUES (%s, %s, 'client', 'read', 'ok', %s)",
                (unit, both.ids[user], patient),
            )
    # a log entry naming a person not sent yet is still taken (a workstation's own entry)
    both.as_("elin").execute(
        "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id)"
        " VALUES (%s, %s, 'client', 'read', 'ok', %s)",
        (t, both.ids["elin"], uuid.uuid4()),
    )
    # a chunk into the other unit's open upload
    sha = os.urandom(32)
    both.as_("anna").execute("SELECT injurydoc.begin_upload(%s, 70000, 65536)", (sha,))
    with refused("42501"):
        both.as_("elin").execute(
            "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data) VALUES (%s, %s, 0, %s)",
            (both.unit_a, sha, os.urandom(65536)),
        )


def test_a_trainer_sees_exercises_and_nothing_real(both: World) -> None:
    real_patient = both.add_patient("anna")
    protected = both.add_patient("anna", protection="sekretessmarkering")
    exercise = both.add_patient("elin")
    both.add_version("elin", both.add_exam("elin", exercise))
    # the trainer of the training unit opens the trainee's exercise, and nothing real
    assert reads.read_patient(both.as_("tina"), exercise) is not None
    assert reads.read_patient(both.as_("tina"), real_patient) is None
    feed = both.as_("tina").execute("SELECT kind, id FROM injurydoc.changes_since(0)").fetchall()
    assert ("patient", exercise) in feed and not {real_patient, protected} & {i for _k, i in feed}
    # the trainer of the real unit: nothing, not even with a grant
    assert reads.read_patient(both.as_("tove"), real_patient) is None
    both.grant("chef", real_patient, "tove")
    both.grant("chef", protected, "tove")
    assert reads.read_patient(both.as_("tove"), real_patient) is None
    assert reads.read_patient(both.as_("tove"), protected) is None
    assert not both.as_("tove").execute("SELECT injurydoc.may_open(%s)", (real_patient,)).fetchone()[0]
    # the trainee of the training unit sees exercises only; a real clinician none of them
    assert reads.read_patient(both.as_("elin"), real_patient) is None
    assert reads.read_patient(both.as_("anna"), exercise) is None
    assert reads.read_patient(both.as_("anna"), real_patient) is not None  # the rule for real is intact


def test_a_real_units_statistics_and_log_never_count_exercises(both: World) -> None:
    t = both.training  # type: ignore[attr-defined]
    exercise = both.add_patient("elin")
    for _ in range(6):
        both.add_version("elin", both.add_exam("elin", exercise), content={"fields": {}})
    assert reads.read_patient(both.as_("tina"), exercise) is not None
    now = dt.datetime.now(dt.UTC)
    first = dt.datetime(now.year, now.month, 1, tzinfo=dt.UTC)
    bounds = [first, (first + dt.timedelta(days=32)).replace(day=1)]

    def stats(manager: str) -> dict[tuple[int, str], int | None]:
        rows = both.as_(manager).execute("SELECT * FROM injurydoc.unit_statistics(%s)", (bounds,)).fetchall()
        return {(p, i): n for p, i, n in rows}

    assert stats("chef")[(0, "examinations")] in (0, None)  # nothing of the real unit's own, no exercise
    assert stats("trudi")[(0, "examinations")] == 6  # the training unit counts its own
    chef_log = (
        both.as_("chef")
        .execute("SELECT unit_id, patient_id, account_id FROM injurydoc.access_log")
        .fetchall()
    )
    assert chef_log and all(u == both.unit_a for u, _p, _a in chef_log)
    assert exercise not in {p for _u, p, _a in chef_log}
    assert not {both.ids["elin"], both.ids["tina"]} & {a for _u, _p, a in chef_log}
    trudi_log = both.as_("trudi").execute("SELECT DISTINCT unit_id FROM injurydoc.access_log").fetchall()
    assert trudi_log == [(t,)]


def test_one_workstation_serves_a_real_and_a_training_unit(both: World) -> None:
    ws = uuid.uuid4()
    both.as_("anna").execute("SELECT injurydoc.report_sync(%s, 'Rum 3', 'ok', '1')", (ws,))
    both.as_("elin").execute("SELECT injurydoc.report_sync(%s, 'Rum 3', 'partial', '1')", (ws,))
    both.as_("anna").execute("SELECT injurydoc.report_sync(%s, 'Rum 3', 'ok', '1')", (ws,))
    assert both.as_("chef").execute(
        "SELECT id, last_sync_outcome FROM injurydoc.workstations"
    ).fetchall() == [(ws, "ok")]
    assert both.as_("trudi").execute(
        "SELECT id, last_sync_outcome, last_sync_account FROM injurydoc.workstations"
    ).fetchall() == [(ws, "partial", both.ids["elin"])]


def test_the_downgrade_is_refused_while_a_training_unit_exists(both: World) -> None:
    revs = migrate.revisions()
    before = revs[revs.index("0007") - 1]
    with pytest.raises(Exception) as info:
        migrate.migrate(both.db.owner_dsn, before)
    assert "training" in str(info.value).lower() or "övning" in str(info.value).lower()
    assert _purpose(both, both.training) == "training"  # type: ignore[attr-defined]


def _run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def test_cli_add_unit_training_and_status(world: World) -> None:
    dsn = world.db.owner_dsn
    rc, out, err = _run(
        [
            "--lang", "en", "server", "add-unit", "--dsn", dsn, "--unit", "Övning Norr",
            "--manager", "ovchef", "--display-name", "Ö Chef", "--password-stdin", "--training",
        ],
        PASSWORD + "\n",
    )  # fmt: skip
    assert rc == 0, err
    assert "Training unit Övning Norr" in out and "--training" in out
    assert {u.name: u.purpose for u in gather(dsn).units} == {
        "Vårdcentralen A": "real",
        "Vårdcentralen B": "real",
        "Övning Norr": "training",
    }
    rc, out, err = _run(["--lang", "en", "server", "status", "--dsn", dsn])
    assert rc == 0, err
    assert "Övning Norr (TRAINING UNIT)" in out and "Vårdcentralen A (real unit)" in out
    rc, out, err = _run(["server", "status", "--dsn", dsn])
    assert rc == 0 and "Övning Norr (ÖVNINGSENHET)" in out
    rc, out, err = _run(["server", "status", "--dsn", dsn, "--json"])
    assert rc == 0, err
    assert {u["name"]: u["purpose"] for u in json.loads(out)["units"]}["Övning Norr"] == "training"
    # without --training: a real unit, as before
    admin.add_unit(
        dsn, unit_name="VC Öst", manager="ostchef", manager_display_name="Ö", manager_password=PASSWORD
    )
    assert {u.name: u.purpose for u in gather(dsn).units}["VC Öst"] == "real"
