"""Server revision 0011 and the clients: what a unit manager must not do (register keys in a colleague's
name) and must be able to do (re-enable an account; loggkontroll by protected person and by personal
number), tried with plain SQL on each account's own login role."""

from __future__ import annotations

import base64
import json
import os
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from injurydoc.domain.errors import NotFound, ValidationError
from injurydoc.domain.identity import parse_personal_id
from injurydoc.server import admin
from injurydoc.server.connection import scram_verifier
from injurydoc.services import record_signing
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.log_report_unit import UnitLogFilter, UnitLogReport
from injurydoc.store.personal_keys import Certificate, PublicKeys, fingerprint, unit_public
from injurydoc.sync.key_check import certificate_container, key_refusal
from tests.conftest import make_pnr
from tests.server import unit_cases
from tests.server.unit_cases import document, sent_patient, sync
from tests.server.world import World, refused

_INSERT_KEY = (
    "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
    " certificate, created_by) VALUES (%s, %s, %s, 'signing', 'ed25519', %s, %s, %s)"
)


def _cert(subject: str, ed: bytes, x: bytes, unit: Ed25519PrivateKey | None = None) -> bytes:
    unit = unit or Ed25519PrivateKey.generate()
    c = Certificate(
        store_id="store-1",
        subject=subject,
        username="anna",
        roles=("clinician",),
        keys=PublicKeys(x, ed, 1),
        issued_at="2026-12-05T10:00:00+00:00",
        issued_by="someone",
        issuer=fingerprint(unit_public(unit)),
    )
    return certificate_container(c.to_bytes(), c.sign(unit), unit_public(unit))


# ----- 1: keys only by their owner ----------------------------------------------------------------------
def test_a_manager_cannot_register_a_key_for_a_colleague(world: World) -> None:
    chef = world.as_("chef")
    anna_id = world.ids["anna"]
    ed = os.urandom(32)
    for certificate in (None, _cert(str(anna_id), ed, os.urandom(32))):
        with refused("42501"):  # with or without a certificate, no import open
            chef.execute(
                _INSERT_KEY, (uuid.uuid4(), world.unit_a, anna_id, ed, certificate, world.ids["chef"])
            )
    # nor under an open store import: anna was not made by it
    chef.execute("SELECT injurydoc.open_store_import('store-1')")
    with refused("42501"):
        chef.execute(
            _INSERT_KEY,
            (
                uuid.uuid4(),
                world.unit_a,
                anna_id,
                ed,
                _cert(str(anna_id), ed, os.urandom(32)),
                world.ids["chef"],
            ),
        )
    # nor "created by anna" in anna's name (created_by must be the caller)
    with refused("42501"):
        chef.execute(_INSERT_KEY, (uuid.uuid4(), world.unit_a, anna_id, ed, None, anna_id))
    with world.db.owner() as o:
        assert (
            o.execute(
                "SELECT count(*) FROM injurydoc.account_keys WHERE account_id = %s", (anna_id,)
            ).fetchone()[0]
            == 1
        )  # her own, from the world's set-up


def test_an_import_registers_keys_only_for_the_accounts_it_made_with_a_certificate_and_logged(
    world: World,
) -> None:
    chef = world.as_("chef")
    chef.execute("SELECT injurydoc.open_store_import('store-1')")
    made = uuid.uuid4()
    chef.execute(
        "SELECT injurydoc.import_account(%s, 'olle', 'Olle', ARRAY['clinician'], '', '', %s)",
        (made, scram_verifier(chef, "olle", "nobody knows this password")),
    )
    ed = os.urandom(32)
    with refused("42501"):  # without a certificate
        chef.execute(_INSERT_KEY, (uuid.uuid4(), world.unit_a, made, ed, None, world.ids["chef"]))
    key = uuid.uuid4()
    chef.execute(
        _INSERT_KEY, (key, world.unit_a, made, ed, _cert(str(made), ed, os.urandom(32)), world.ids["chef"])
    )
    row = chef.execute(
        "SELECT account_id, action, target, details FROM injurydoc.access_log"
        " WHERE action = 'account.key' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row[0] == world.ids["chef"] and row[2] == f"account:{made}"
    assert row[3]["key"] == str(key) and row[3]["for_another"] is True and row[3]["certificate"] is True
    # another store's import did not make olle
    chef.execute("SELECT injurydoc.open_store_import('store-2')")
    with refused("42501"):
        chef.execute(
            _INSERT_KEY,
            (uuid.uuid4(), world.unit_a, made, ed, _cert(str(made), ed, os.urandom(32)), world.ids["chef"]),
        )


def test_an_account_registering_its_own_key_is_logged(world: World) -> None:
    key = world.add_key("erik")
    erik = world.as_("erik")
    (details,) = erik.execute(
        "SELECT details FROM injurydoc.access_log WHERE action = 'account.key' AND account_id = %s"
        " AND details->>'key' = %s",
        (world.ids["erik"], str(key)),
    ).fetchone()
    assert details["for_another"] is False


def test_the_client_check_of_a_key_registered_by_another() -> None:
    anna, chef = str(uuid.uuid4()), str(uuid.uuid4())
    ed, x = os.urandom(32), os.urandom(32)
    unit = Ed25519PrivateKey.generate()
    good = _cert(anna, ed, x, unit)

    def check(cert: bytes | None, *, by: str = chef, purpose: str = "signing", key: bytes = ed) -> str | None:
        return key_refusal(account_id=anna, created_by=by, purpose=purpose, public_key=key, certificate=cert)

    assert check(None, by=anna) is None  # registered by the account itself
    assert check(good) is None
    assert check(good, purpose="encryption", key=x) is None
    assert check(None) == "registered_by_another_without_certificate"
    assert check(b"not json") == "certificate_unreadable"
    assert check(_cert(chef, ed, x, unit)) == "certificate_names_another_account"
    assert check(good, key=os.urandom(32)) == "certificate_names_another_key"
    # the signature made by another unit key than the one the container names
    other = Ed25519PrivateKey.generate()
    d = json.loads(good)
    d["unit_key"] = base64.b64encode(unit_public(other)).decode()
    assert check(json.dumps(d).encode()) == "certificate_signature_invalid"


def test_a_signature_under_a_key_registered_by_another_shows_as_not_verified_and_is_logged(
    world: World, tmp_path: Path
) -> None:
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    b = unit_cases.cache(world, "erik", tmp_path / "ws-b")
    try:
        case = document(a)
        sync(world, a, "anna")
        # the schema owner (past every rule) makes anna's signing key look registered by the manager
        with world.db.owner() as o:
            o.execute("ALTER TABLE injurydoc.account_keys DISABLE TRIGGER account_keys_guard")
            o.execute(
                "UPDATE injurydoc.account_keys SET created_by = %s"
                " WHERE account_id = %s AND purpose = 'signing'",
                (world.ids["chef"], world.ids["anna"]),
            )
            o.execute("ALTER TABLE injurydoc.account_keys ENABLE TRIGGER account_keys_guard")
        sync(world, b, "erik")
        on_b = ExaminationService(b).get(case.exam_id)
        state = ExaminationService(b).signature(on_b)
        assert state.state != record_signing.VALID, state.text("en")
        refusals = [
            d for (d,) in b.db.all("SELECT details FROM audit_log WHERE details LIKE '%server_key_refused%'")
        ]
        assert refusals and "registered_by_another_without_certificate" in refusals[0]
    finally:
        a.close()
        b.close()


# ----- 4: re-enabling an account ------------------------------------------------------------------------
def test_a_disabled_account_cannot_connect_and_can_after_re_enabling(world: World) -> None:
    chef = world.as_("chef")
    with world.db.connect("erik") as erik:
        assert erik.execute("SELECT injurydoc.me()").fetchone()[0] == world.ids["erik"]
    admin.disable_account(chef, world.ids["erik"])
    with pytest.raises(psycopg.OperationalError):
        world.db.connect("erik").close()
    with refused("42501"):  # a clinician re-enables nobody
        world.as_("anna").execute("SELECT injurydoc.enable_account(%s)", (world.ids["erik"],))
    with refused("ID002"):  # nor the manager of another unit
        world.as_("berit").execute("SELECT injurydoc.enable_account(%s)", (world.ids["erik"],))
    admin.enable_account(chef, world.ids["erik"])
    with world.db.connect("erik") as erik:
        assert erik.execute("SELECT injurydoc.me()").fetchone()[0] == world.ids["erik"]
    row = chef.execute(
        "SELECT account_id, target FROM injurydoc.access_log WHERE action = 'account.enable'"
    ).fetchall()
    assert row == [(world.ids["chef"], "erik")]
    admin.enable_account(chef, world.ids["erik"])  # enabling an active account: nothing happens
    assert (
        chef.execute("SELECT count(*) FROM injurydoc.access_log WHERE action = 'account.enable'").fetchone()[
            0
        ]
        == 1
    )
    assert chef.execute(
        "SELECT active, disabled_at FROM injurydoc.accounts WHERE id = %s", (world.ids["erik"],)
    ).fetchone() == (True, None)


# ----- 5: loggkontroll by protected person and by personal number ---------------------------------------
def test_the_unit_log_by_protected_person_and_by_personal_number(world: World, store: Any) -> None:
    open_number, hidden_number = make_pnr(11), make_pnr(12)
    open_patient = sent_patient(world, open_number, "none")
    hidden = sent_patient(world, hidden_number, "sekretessmarkering")
    session = store.sign_in("chef")
    report = UnitLogReport(session, lambda: world.db.connect("chef", autocommit=False))
    try:
        rows, _more = report.search(UnitLogFilter(protected_only=True))
        assert {r.event.patient_id for r in rows} == {str(hidden)}
        rows, _more = report.search(UnitLogFilter())
        assert {str(open_patient), str(hidden)} <= {r.event.patient_id for r in rows}
        # by personal number: the keyed lookup value goes to the server, never the number
        assert report.patient_for_number(hidden_number) == str(hidden)
        assert report.patient_for_number(open_number) == str(open_patient)
        with pytest.raises(NotFound):
            report.patient_for_number(make_pnr(13))
        with pytest.raises(ValidationError):
            report.patient_for_number("19800101-0000")
        data = report.csv(UnitLogFilter(patient_id=str(hidden), protected_only=True), "en")
        assert data.count(str(hidden).encode()) >= 1
        assert "protected persons only" in report.describe(UnitLogFilter(protected_only=True), "en")
    finally:
        session.close()
    with world.db.owner() as o:
        log = o.execute(
            "SELECT action, patient_id, target, details::text FROM injurydoc.access_log"
        ).fetchall()
    assert ("log.lookup", hidden) in {(a, p) for a, p, _t, _d in log}
    assert any(a == "log.protected" for a, _p, _t, _d in log)
    everything = " ".join(f"{t} {d}" for _a, _p, t, d in log)
    for number in (open_number, hidden_number):
        assert parse_personal_id(number).digits not in everything.replace("-", "")
    copied = [d for a, _p, _t, d in log if a == "copied"]
    assert copied and '"protected_only": true' in copied[-1]
    # a clinician may ask neither
    for call in (
        "SELECT * FROM injurydoc.log_protected_patients()",
        "SELECT * FROM injurydoc.log_lookup('\\x00')",
    ):
        with refused("42501"):
            world.as_("erik").execute(call)
