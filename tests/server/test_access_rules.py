"""Row-level security and logged reads on a real PostgreSQL, tried as each role with plain SQL on its own
login role: a clinician without a grant, with a grant, the unit manager, another unit's manager, a trainer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import psycopg
import pytest

from injurydoc.server import admin, reads
from injurydoc.server.errors import ServerError
from tests.server.world import World, lookup_value, refused

PATIENT_TABLES = (
    "patients",
    "examinations",
    "examination_versions",
    "injuries",
    "signatures",
    "addenda",
    "photos",
    "photo_blobs",
    "photo_chunks",
)
EVERYONE = ("anna", "erik", "tove", "chef", "berit", "bo")


@dataclass
class Cases:
    open_patient: uuid.UUID  # no protected personal data, created by anna, unit A
    open_exam: uuid.UUID
    protected: uuid.UUID  # skyddad folkbokföring, created by anna, unit A
    protected_exam: uuid.UUID
    other_unit: uuid.UUID  # created by bo, unit B


@pytest.fixture
def cases(world: World) -> Cases:
    p1 = world.add_patient("anna", name="Öppen Person", number="198001019999")
    e1 = world.add_exam("anna", p1)
    v1 = world.add_version("anna", e1)
    world.add_injury("anna", v1)
    world.sign("anna", e1, v1)
    p2 = world.add_patient("anna", protection="skyddad_folkbokforing", number="197505055555")
    e2 = world.add_exam("anna", p2)
    world.add_injury("anna", world.add_version("anna", e2, encrypted=True), encrypted=True)
    p3 = world.add_patient("bo", name="Annan Enhet")
    return Cases(p1, e1, p2, e2, p3)


def _ids(rows: list[dict]) -> set[uuid.UUID]:
    return {r["id"] for r in rows}


@pytest.mark.parametrize("user", EVERYONE)
def test_no_role_can_select_patient_data_directly(world: World, cases: Cases, user: str) -> None:
    conn = world.as_(user)
    for table in PATIENT_TABLES:
        with refused("42501"):
            conn.execute(f"SELECT * FROM injurydoc.{table}")


def test_patient_list_is_exactly_what_each_role_may_open(world: World, cases: Cases) -> None:
    seen = {user: _ids(reads.read_patients(world.as_(user))) for user in EVERYONE}
    assert seen == {
        "anna": {cases.open_patient, cases.protected},  # created both
        "erik": {cases.open_patient},  # clinician, no grant: not the protected person
        "tove": set(),  # trainer: no real patient data
        "chef": set(),  # a unit manager sees no clinical content unless granted
        "berit": set(),  # manager of another unit
        "bo": {cases.other_unit},
    }


def test_protected_person_reaches_a_clinician_only_with_a_grant(world: World, cases: Cases) -> None:
    erik = world.as_("erik")
    assert reads.read_patient(erik, cases.protected) is None
    assert reads.read_examination(erik, cases.protected_exam) is None
    grant = world.grant("chef", cases.protected, "erik")
    patient = reads.read_patient(erik, cases.protected)
    assert patient is not None and patient["identity"] is None  # ciphertext only, never plain text
    assert patient["identity_ciphertext"]
    assert cases.protected in _ids(reads.read_patients(erik))
    exam = reads.read_examination(erik, cases.protected_exam)
    assert exam is not None and exam["versions"][0]["content"] is None
    world.as_("chef").execute("SELECT injurydoc.withdraw_grant(%s)", (grant,))
    assert reads.read_patient(erik, cases.protected) is None
    assert cases.protected not in _ids(reads.read_patients(erik))


def test_manager_with_a_grant_reads_and_the_manager_of_another_unit_never(world: World, cases: Cases) -> None:
    world.grant("chef", cases.protected, "chef")
    assert reads.read_patient(world.as_("chef"), cases.protected) is not None
    berit = world.as_("berit")
    assert reads.read_patient(berit, cases.open_patient) is None
    assert reads.read_examination(berit, cases.open_exam) is None
    with refused("ID002"):  # cannot grant across units either
        world.grant("berit", cases.open_patient, "bo")


def test_expired_grant_opens_nothing(world: World, cases: Cases) -> None:
    grant = world.grant("chef", cases.protected, "erik")
    with world.db.superuser() as su:  # time passes: the end date is moved into the past behind the rules
        su.execute("ALTER TABLE injurydoc.grants DISABLE TRIGGER grants_guard")
        su.execute(
            "UPDATE injurydoc.grants SET valid_until = now() - interval '1 day' WHERE id = %s", (grant,)
        )
        su.execute("ALTER TABLE injurydoc.grants ENABLE TRIGGER grants_guard")
    assert reads.read_patient(world.as_("erik"), cases.protected) is None


def test_every_read_and_every_refusal_is_in_the_server_log(world: World, cases: Cases) -> None:
    reads.read_patients(world.as_("anna"))
    reads.read_examination(world.as_("anna"), cases.open_exam)
    assert reads.read_patient(world.as_("erik"), cases.protected) is None
    assert reads.read_patient(world.as_("berit"), cases.open_patient) is None
    rows = (
        world.as_("chef")
        .execute(
            "SELECT role_name, action, outcome, patient_id, source FROM injurydoc.access_log"
            " WHERE action LIKE 'patient.%%' OR action LIKE 'examination.%%' ORDER BY id"
        )
        .fetchall()
    )
    assert ("anna", "patient.list", "ok", cases.open_patient, "server") in rows
    assert ("anna", "patient.list", "ok", cases.protected, "server") in rows
    assert ("anna", "examination.read", "ok", cases.open_patient, "server") in rows
    assert ("erik", "patient.read", "denied", cases.protected, "server") in rows
    # another unit's manager's attempt shows in the log of the unit whose patient it was
    assert ("berit", "patient.read", "denied", cases.open_patient, "server") in rows


def test_a_rolled_back_read_request_gives_no_data(world: World, cases: Cases) -> None:
    with world.db.connect("erik", autocommit=False) as erik:
        read_id = erik.execute(
            "SELECT injurydoc.request_read('patient', %s)", (cases.open_patient,)
        ).fetchone()[0]
        assert read_id is not None
        # fetching inside the same transaction, before the log row is committed: refused
        with refused("ID006"):
            erik.execute("SELECT injurydoc.fetch_patient(%s)", (read_id,))
        erik.rollback()
        # the request was rolled back, so its log row never existed: still nothing
        with refused("ID006"):
            erik.execute("SELECT injurydoc.fetch_patient(%s)", (read_id,))
        erik.rollback()


def test_a_read_id_is_good_for_its_own_account_only(world: World, cases: Cases) -> None:
    read_id = reads.request_read(world.as_("anna"), "patient", cases.protected)
    with refused("ID006"):
        world.as_("erik").execute("SELECT injurydoc.fetch_patient(%s)", (read_id,))


def test_other_units_rows_are_invisible_in_every_readable_table(world: World, cases: Cases) -> None:
    world.grant("chef", cases.protected, "erik")
    reads.read_patients(world.as_("bo"))
    for user, unit in (
        ("chef", world.unit_a),
        ("anna", world.unit_a),
        ("berit", world.unit_b),
        ("bo", world.unit_b),
    ):
        conn = world.as_(user)
        assert {r[0] for r in conn.execute("SELECT id FROM injurydoc.units")} == {unit}
        for table in ("accounts", "account_keys", "grants", "access_log"):
            units = {r[0] for r in conn.execute(f"SELECT unit_id FROM injurydoc.{table}")}
            assert units <= {unit}, (user, table)
    chef_accounts = {r[0] for r in world.as_("chef").execute("SELECT role_name FROM injurydoc.accounts")}
    assert chef_accounts == {"chef", "anna", "erik", "tove"}


def test_log_and_grants_visibility_within_the_unit(world: World, cases: Cases) -> None:
    world.grant("chef", cases.protected, "erik")
    reads.read_patients(world.as_("anna"))
    reads.read_patients(world.as_("erik"))
    # a clinician sees their own log rows only; the manager sees the unit's
    assert {r[0] for r in world.as_("erik").execute("SELECT role_name FROM injurydoc.access_log")} == {"erik"}
    assert {"anna", "erik"} <= {
        r[0] for r in world.as_("chef").execute("SELECT role_name FROM injurydoc.access_log")
    }
    # grants: the grantee and the manager see it, a colleague does not
    assert world.as_("erik").execute("SELECT count(*) FROM injurydoc.grants").fetchone()[0] == 1
    assert world.as_("chef").execute("SELECT count(*) FROM injurydoc.grants").fetchone()[0] == 1
    assert world.as_("anna").execute("SELECT count(*) FROM injurydoc.grants").fetchone()[0] == 0
    assert world.as_("tove").execute("SELECT count(*) FROM injurydoc.access_log").fetchone()[0] == 0


def test_lookup_finds_a_registration_without_saying_whose(world: World, cases: Cases) -> None:
    hits = (
        world.as_("erik")
        .execute(
            "SELECT patient_id, accessible FROM injurydoc.find_patients(%s)", (lookup_value("197505055555"),)
        )
        .fetchall()
    )
    assert hits == [(None, False)]
    hits = (
        world.as_("anna")
        .execute(
            "SELECT patient_id, accessible FROM injurydoc.find_patients(%s)", (lookup_value("197505055555"),)
        )
        .fetchall()
    )
    assert hits == [(cases.protected, True)]
    # another unit's registration is not found at all
    assert (
        world.as_("bo")
        .execute("SELECT count(*) FROM injurydoc.find_patients(%s)", (lookup_value("198001019999"),))
        .fetchone()[0]
        == 0
    )


def test_inserts_are_held_to_the_rules(world: World, cases: Cases) -> None:
    erik, anna, tove = world.as_("erik"), world.as_("anna"), world.as_("tove")
    # a patient in another unit, or in a colleague's name
    for unit, creator in ((world.unit_b, world.ids["erik"]), (world.unit_a, world.ids["anna"])):
        with refused("42501"):
            erik.execute(
                "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, created_by)"
                " VALUES (%s, %s, 'none', %s, '{}', %s)",
                (uuid.uuid4(), unit, lookup_value("1"), creator),
            )
    # a trainer registers no real patient
    with refused("42501"):
        tove.execute(
            "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, created_by)"
            " VALUES (%s, %s, 'none', %s, '{}', %s)",
            (uuid.uuid4(), world.unit_a, lookup_value("2"), world.ids["tove"]),
        )
    # an examination of a protected person erik may not open; a version of anna's draft
    with refused("42501"):
        world.add_exam("erik", cases.protected)
    draft = world.add_exam("anna", cases.open_patient)
    with refused("42501"):
        world.add_version("erik", draft)
    # plain text about a protected person is refused even from the allowed examiner
    with refused("ID004"):
        world.add_version("anna", cases.protected_exam)
    # … and a protected person's identity in plain text breaks a table constraint
    with refused("23514"):
        anna.execute(
            "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, created_by)"
            " VALUES (%s, %s, 'sekretessmarkering', %s, '{\"name\": \"x\"}', %s)",
            (uuid.uuid4(), world.unit_a, lookup_value("3"), world.ids["anna"]),
        )


def test_managers_manage_only_their_own_unit(world: World, cases: Cases) -> None:
    berit = world.as_("berit")
    with refused("ID002"):
        berit.execute("SELECT injurydoc.disable_account(%s)", (world.ids["anna"],))
    new_id = admin.create_account(
        berit, username="bertil", display_name="Bertil", roles=["clinician"], password="x" * 12
    )
    assert (
        world.as_("berit")
        .execute("SELECT unit_id FROM injurydoc.accounts WHERE id = %s", (new_id,))
        .fetchone()[0]
        == world.unit_b
    )
    # clinicians create no accounts, and no one sets a plain-text password through the function
    with refused("42501"):
        world.as_("anna").execute(
            "SELECT injurydoc.create_account('x1', 'X', ARRAY['clinician'], '', '',"
            " 'SCRAM-SHA-256$4096:a$b:c')"
        )
    with refused("ID003"):
        berit.execute(
            "SELECT injurydoc.create_account('x2', 'X', ARRAY['clinician'], '', '', 'plain-password')"
        )
    # no account may take a reserved or existing role name
    for name in ("postgres", "injurydoc_clinician", "anna", "pg_monitor"):
        with pytest.raises(ServerError) as err:
            admin.create_account(
                berit, username=name, display_name="X", roles=["clinician"], password="x" * 12
            )
        assert err.value.code == "server.username"


def test_a_disabled_account_reads_nothing_and_cannot_sign_in(world: World, cases: Cases) -> None:
    erik = world.db.connect("erik")
    world.as_("chef").execute("SELECT injurydoc.disable_account(%s)", (world.ids["erik"],))
    with pytest.raises(ServerError) as err:  # an open session is cut off from the data at once
        reads.read_patients(erik)
    assert err.value.code == "server.no_account"
    erik.close()
    with pytest.raises(psycopg.OperationalError):
        world.db.connect("erik")


def test_each_account_is_its_own_login_role_with_a_scram_password(world: World) -> None:
    with world.db.superuser() as su:
        rows = su.execute(
            "SELECT a.role_name, r.rolpassword, r.rolsuper, r.rolcreaterole, r.rolbypassrls"
            " FROM injurydoc.accounts a JOIN pg_authid r ON r.rolname = a.role_name"
        ).fetchall()
    assert len(rows) == 6
    for name, secret, is_super, creates_roles, bypasses_rls in rows:
        assert secret.startswith("SCRAM-SHA-256$"), name
        assert not (is_super or creates_roles or bypasses_rls), name
    with pytest.raises(psycopg.OperationalError):
        world.db.connect("anna", password="wrong password")


def test_a_content_key_is_wrapped_only_for_those_allowed(world: World, cases: Cases) -> None:
    enc = {name: world.add_key(name, "encryption") for name in ("anna", "erik", "chef")}
    anna = world.as_("anna")

    def wrap(for_user: str, key: uuid.UUID) -> None:
        anna.execute(
            "INSERT INTO injurydoc.patient_key_wraps (unit_id, patient_id, account_id, key_id, wrapped_key,"
            " wrapped_by) VALUES (%s, %s, %s, %s, %s, %s)",
            (world.unit_a, cases.protected, world.ids[for_user], key, b"w" * 48, world.ids["anna"]),
        )

    wrap("anna", enc["anna"])
    wrap("chef", enc["chef"])  # the unit managers hold a wrap
    with refused("42501"):  # a colleague without a grant
        wrap("erik", enc["erik"])
    grant = world.grant("chef", cases.protected, "erik")
    with refused("42501"):  # … and never for a signing key, or someone else's key
        wrap("erik", world.keys["erik"])
    with refused("42501"):
        wrap("erik", enc["anna"])
    wrap("erik", enc["erik"])
    assert world.as_("erik").execute("SELECT count(*) FROM injurydoc.patient_key_wraps").fetchone()[0] == 1
    world.as_("chef").execute("SELECT injurydoc.withdraw_grant(%s)", (grant,))
    assert world.as_("erik").execute("SELECT count(*) FROM injurydoc.patient_key_wraps").fetchone()[0] == 0
    assert world.as_("anna").execute("SELECT count(*) FROM injurydoc.patient_key_wraps").fetchone()[0] == 1
