"""What is written stays written: the access log, signed examinations and their parts, addenda, grants,
public keys and stored photo bytes, tried by every application role and by the schema owner."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid

import psycopg
import pytest

from tests.server.world import World, refused

APP_ROLES = ("anna", "erik", "tove", "chef", "berit", "bo")


@pytest.fixture
def signed(world: World) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A patient of anna's with an examination signed on its second version; (patient, exam, version)."""
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    first = world.add_version("anna", exam)
    second = world.add_version("anna", exam, parent=first)
    world.add_injury("anna", second)
    world.sign("anna", exam, second)
    return patient, exam, second


def _log_row(world: World, user: str) -> None:
    world.as_(user).execute(
        "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, target)"
        " VALUES (%s, %s, 'client', 'export', 'ok', 'x')",
        (world.unit_of(user), world.ids[user]),
    )


@pytest.mark.parametrize("user", APP_ROLES)
def test_the_access_log_refuses_update_delete_truncate_to_every_application_role(
    world: World, user: str
) -> None:
    _log_row(world, user)
    conn = world.as_(user)
    for statement in (
        "UPDATE injurydoc.access_log SET action = 'nothing'",
        "DELETE FROM injurydoc.access_log",
        "TRUNCATE injurydoc.access_log",
    ):
        with refused("42501"):
            conn.execute(statement)
    with world.db.owner() as owner:
        assert (
            owner.execute("SELECT count(*) FROM injurydoc.access_log WHERE action = 'export'").fetchone()[0]
            == 1
        )


def test_the_access_log_refuses_the_owner_and_the_superuser_too(world: World) -> None:
    _log_row(world, "anna")
    with world.db.owner() as owner, world.db.superuser() as su:
        for conn in (owner, su):
            for statement in (
                "UPDATE injurydoc.access_log SET action = 'nothing'",
                "DELETE FROM injurydoc.access_log",
                "TRUNCATE injurydoc.access_log",
            ):
                with refused("ID001"):
                    conn.execute(statement)
        before = owner.execute("SELECT count(*) FROM injurydoc.access_log").fetchone()[0]
    assert before >= 1


def test_a_client_log_entry_gets_the_servers_time_and_cannot_pose_as_the_server(world: World) -> None:
    anna = world.as_("anna")
    anna.execute(
        "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, client_at)"
        " VALUES (%s, %s, 'client', 'photo.view_offline', 'ok', %s)",
        (world.unit_a, world.ids["anna"], dt.datetime(2001, 1, 1, tzinfo=dt.UTC)),
    )
    at, role, client_at = anna.execute(
        "SELECT at, role_name, client_at FROM injurydoc.access_log WHERE action = 'photo.view_offline'"
    ).fetchone()
    assert role == "anna" and client_at.year == 2001
    assert abs((at - dt.datetime.now(dt.UTC)).total_seconds()) < 600  # server time, not what the client said
    with refused("42501"):  # a 'server' row, a row in a colleague's name, a row in another unit
        anna.execute(
            "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome)"
            " VALUES (%s, %s, 'server', 'patient.read', 'ok')",
            (world.unit_a, world.ids["anna"]),
        )
    with refused("42501"):
        anna.execute(
            "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome)"
            " VALUES (%s, %s, 'client', 'export', 'ok')",
            (world.unit_a, world.ids["erik"]),
        )
    with refused("42501"):
        anna.execute(
            "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome)"
            " VALUES (%s, %s, 'client', 'export', 'ok')",
            (world.unit_b, world.ids["anna"]),
        )
    with refused("42501"):  # nor forge a read id to unlock a fetch
        anna.execute(
            "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, read_id)"
            " VALUES (%s, %s, 'client', 'patient.read', 'ok', %s)",
            (world.unit_a, world.ids["anna"], uuid.uuid4()),
        )


def test_a_signed_examination_takes_no_new_version_injury_photo_or_second_signature(
    world: World, signed: tuple[uuid.UUID, uuid.UUID, uuid.UUID]
) -> None:
    _patient, exam, version = signed
    with refused("ID001"):
        world.add_version("anna", exam, parent=version)
    with refused("ID001"):
        world.add_injury("anna", version, number=2)
    with refused("23505"):  # one signature per examination
        world.sign("anna", exam, version)


@pytest.mark.parametrize(
    "table", ["examinations", "examination_versions", "injuries", "signatures", "addenda", "photos"]
)
def test_signed_rows_cannot_be_changed_or_deleted_even_by_the_owner(
    world: World, signed: tuple[uuid.UUID, uuid.UUID, uuid.UUID], table: str
) -> None:
    _patient, exam, _version = signed
    world.as_("anna").execute(
        "INSERT INTO injurydoc.addenda (id, unit_id, examination_id, author_id, key_id, written_at, content,"
        " content_sha256, signature) VALUES (%s, %s, %s, %s, %s, now(), %s, %s, %s)",
        (
            uuid.uuid4(),
            world.unit_a,
            exam,
            world.ids["anna"],
            world.keys["anna"],
            json.dumps({"text": "x"}),
            os.urandom(32),
            os.urandom(64),
        ),
    )
    with refused("42501"):
        world.as_("anna").execute(f"UPDATE injurydoc.{table} SET unit_id = unit_id")
    with refused("42501"):
        world.as_("anna").execute(f"DELETE FROM injurydoc.{table}")
    with world.db.owner() as owner:
        if owner.execute(f"SELECT count(*) FROM injurydoc.{table}").fetchone()[0]:
            with refused("ID001"):
                owner.execute(f"UPDATE injurydoc.{table} SET unit_id = unit_id")
            with refused("ID001"):
                owner.execute(f"DELETE FROM injurydoc.{table}")
        with refused("ID001"):
            owner.execute(f"TRUNCATE injurydoc.{table} CASCADE")


def test_only_the_examiner_signs_and_only_with_their_own_signing_key(world: World) -> None:
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    version = world.add_version("anna", exam)
    with refused("ID002"):  # a colleague signing anna's examination (the trigger fires before RLS's check)
        world.as_("erik").execute(
            "INSERT INTO injurydoc.signatures (examination_id, unit_id, version_id, signer_id, key_id,"
            " signed_at, content_sha256, signature) VALUES (%s, %s, %s, %s, %s, now(), %s, %s)",
            (
                exam,
                world.unit_a,
                version,
                world.ids["erik"],
                world.keys["erik"],
                os.urandom(32),
                os.urandom(64),
            ),
        )
    with refused("ID003"):  # anna with erik's key
        world.as_("anna").execute(
            "INSERT INTO injurydoc.signatures (examination_id, unit_id, version_id, signer_id, key_id,"
            " signed_at, content_sha256, signature) VALUES (%s, %s, %s, %s, %s, now(), %s, %s)",
            (
                exam,
                world.unit_a,
                version,
                world.ids["anna"],
                world.keys["erik"],
                os.urandom(32),
                os.urandom(64),
            ),
        )
    other = world.add_exam("anna", patient)
    with refused("ID003"):  # a version of another examination
        world.sign("anna", other, version)


def test_an_addendum_needs_a_signed_examination(
    world: World, signed: tuple[uuid.UUID, uuid.UUID, uuid.UUID]
) -> None:
    patient, _exam, _ = signed
    draft = world.add_exam("anna", patient)
    with refused("ID003"):
        world.as_("anna").execute(
            "INSERT INTO injurydoc.addenda (id, unit_id, examination_id, author_id, key_id, written_at,"
            " content, content_sha256, signature) VALUES (%s, %s, %s, %s, %s, now(), '{}', %s, %s)",
            (
                uuid.uuid4(),
                world.unit_a,
                draft,
                world.ids["anna"],
                world.keys["anna"],
                os.urandom(32),
                os.urandom(64),
            ),
        )


def test_two_offline_edits_of_one_draft_are_both_kept(world: World) -> None:
    from injurydoc.server import reads

    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    base = world.add_version("anna", exam, content={"text": "base"})
    left = world.add_version("anna", exam, parent=base, content={"text": "room 3"})
    right = world.add_version("anna", exam, parent=base, content={"text": "room 5"})
    got = reads.read_examination(world.as_("anna"), exam)
    assert got is not None
    by_id = {uuid.UUID(v["id"]): v for v in got["versions"]}
    assert set(by_id) == {base, left, right}
    assert by_id[left]["parent_id"] == by_id[right]["parent_id"] == str(base)


def test_grants_are_withdrawn_once_and_never_deleted(world: World) -> None:
    patient = world.add_patient("anna", protection="sekretessmarkering")
    grant = world.grant("chef", patient, "erik")
    chef = world.as_("chef")
    chef.execute("SELECT injurydoc.withdraw_grant(%s)", (grant,))
    with world.db.owner() as owner:
        with refused("ID001"):  # bring it back
            owner.execute("UPDATE injurydoc.grants SET withdrawn_at = NULL, withdrawn_by = NULL")
        with refused("ID001"):
            owner.execute("DELETE FROM injurydoc.grants")
        with refused("ID001"):  # change its reason afterwards
            owner.execute("UPDATE injurydoc.grants SET reason = 'annat'")
    with refused("42501"):
        chef.execute("UPDATE injurydoc.grants SET withdrawn_at = now()")


def test_public_keys_are_retired_not_replaced(world: World) -> None:
    anna = world.as_("anna")
    with refused("42501"):  # only retired_at may be written by an account
        anna.execute(
            "UPDATE injurydoc.account_keys SET public_key = %s WHERE id = %s",
            (os.urandom(32), world.keys["anna"]),
        )
    anna.execute("UPDATE injurydoc.account_keys SET retired_at = now() WHERE id = %s", (world.keys["anna"],))
    with refused("ID001"):
        anna.execute(
            "UPDATE injurydoc.account_keys SET retired_at = now() WHERE id = %s", (world.keys["anna"],)
        )
    with refused("42501"):  # a key in a colleague's name
        anna.execute(
            "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
            " created_by) VALUES (%s, %s, %s, 'signing', 'ed25519', %s, %s)",
            (uuid.uuid4(), world.unit_a, world.ids["erik"], os.urandom(32), world.ids["anna"]),
        )
    with world.db.owner() as owner, refused("ID001"):
        owner.execute("DELETE FROM injurydoc.account_keys")
    # a retired key signs nothing new
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    with refused("ID003"):
        world.sign("anna", exam, world.add_version("anna", exam))


def test_nobody_connects_without_being_an_account(world: World) -> None:
    with world.db.superuser() as su:
        su.execute("CREATE ROLE stranger LOGIN PASSWORD 'stranger-password'")
    try:
        with pytest.raises(psycopg.OperationalError):  # no CONNECT on the database
            world.db.connect("stranger", password="stranger-password")
    finally:
        with world.db.superuser() as su:
            su.execute("DROP ROLE stranger")
