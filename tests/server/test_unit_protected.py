"""A protected person's case through the unit server (issues 14 and 16): sent only as ciphertext under the
person's content key, wrapped for each allowed account whose key binding holds; opened on another
workstation only by an account with a wrap; nothing readable for anyone else — not the rows, not the
superuser's view of the tables."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from injurydoc.domain.vocab import Protection
from injurydoc.server import admin
from injurydoc.services import record_signing, unit_desktop, unit_queue
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.sync import sealed
from tests.server import unit_cases
from tests.server.unit_cases import ACCOUNT, PHOTOS, document, outbox, server_rows, sync
from tests.server.world import PASSWORD, World

NAME, NUMBER = "Hemlig Hansson", "19750505-0000"
PROTECTED = Protection.SKYDDAD_FOLKBOKFORING


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    """Workstations of the manager (chef), the creator (anna), a colleague to be granted (erik) and a
    clinician who is never granted (cecilia), each account's own cache."""
    with unit_cases.workstations(world, tmp_path) as caches:
        yield caches


def test_a_protected_case_reaches_the_granted_colleague_and_nobody_else(world: World, unit: Any) -> None:
    chef, a, b, c = unit["chef"], unit["anna"], unit["erik"], unit["cecilia"]
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED)
    assert [k for k, _ in unit_cases.outbox_rows(a)][:2] == ["patient", "examination"]
    assert unit_queue.queued_payload(a.db, "patient", case.patient_id)["identity"] is None  # nothing plain
    sync(world, a, "anna")
    assert sealed.refusals(outbox(a)) == {}
    # the server holds ciphertext only
    (p,) = server_rows(world, "patients", id=uuid.UUID(case.patient_id))
    assert p["protection"] == PROTECTED.code and p["identity"] is None and p["identity_ciphertext"]
    versions = server_rows(world, "examination_versions", examination_id=uuid.UUID(case.exam_id))
    assert versions and all(v["content"] is None and v["content_ciphertext"] for v in versions)
    photos = server_rows(world, "photos", examination_id=uuid.UUID(case.exam_id))
    assert len(photos) == 2 and all(ph["metadata"] is None for ph in photos)
    wraps = {
        r["account_id"]
        for r in server_rows(world, "patient_key_wraps", patient_id=uuid.UUID(case.patient_id))
    }
    assert wraps == {world.ids["anna"], world.ids["chef"]}
    everything = unit_cases.everything_on_server(world)
    for secret in (
        NAME.encode(),
        b"Hemlig",
        NUMBER.encode(),
        NUMBER.replace("-", "").encode(),
        ACCOUNT.encode(),
        "Blåmärke 3 x 2 cm".encode(),
        "Överarm vänster".encode(),
        *(ph[:4096] for ph in PHOTOS),
        *(ph[-4096:] for ph in PHOTOS),
    ):
        assert secret not in everything
    # the start page: sent, no longer "only on this workstation"
    rows = unit_desktop.with_origins(a, ExaminationService(a).search(""))
    assert [r.extra.get("origin") for r in rows] != [unit_desktop.HERE_ONLY]

    # erik, not granted yet: nothing (not even the rows); cecilia never
    sync(world, b, "erik")
    assert b.db.one("SELECT 1 FROM patients WHERE id = ?", (case.patient_id,)) is None
    unit_cases.grant(world, chef, case.patient_id, "erik")
    res = sync(world, b, "erik")
    assert res.examinations_read == 1
    on_b = ExaminationService(b).get(case.exam_id)
    assert on_b.is_signed and on_b.patient_account == ACCOUNT
    assert ExaminationService(b).signature(on_b).state == record_signing.VALID
    assert PatientService(b).get(case.patient_id).name == NAME
    photos_b = PhotoService(b).records(case.exam_id)
    assert sorted(p.sha256 for p in photos_b) == sorted(hashlib.sha256(x).hexdigest() for x in PHOTOS)
    assert {PhotoService(b).original(p.id) for p in photos_b} == set(PHOTOS)
    # the cache seals them as a local protected person (raw SQL on the cache: ciphertext)
    raw = b.db.one("SELECT name, id_value FROM patients WHERE id = ?", (case.patient_id,))
    assert all(str(v).startswith("enc1:") for v in raw)
    assert unit_cases.outbox_rows(b) == []  # nothing echoed
    # erik's start page keeps the person's key in his keychain (person_key_cache): never sent anywhere
    assert NAME in {r.patient_name for r in ExaminationService(b).search("")}
    (kept,) = b.db.one("SELECT ct FROM person_key_cache WHERE patient_id = ?", (case.patient_id,)) or ()
    sync(world, b, "erik")
    assert unit_cases.outbox_rows(b) == [] and bytes(kept) not in unit_cases.everything_on_server(world)

    sync(world, c, "cecilia")
    assert c.db.one("SELECT 1 FROM patients WHERE id = ?", (case.patient_id,)) is None
    assert c.db.one("SELECT 1 FROM sync_cache WHERE patient_id = ?", (case.patient_id,)) is None
    with world.db.connect("cecilia") as raw_c:
        assert (
            raw_c.execute(
                "SELECT * FROM injurydoc.patient_key_wraps WHERE patient_id = %s",
                (uuid.UUID(case.patient_id),),
            ).fetchall()
            == []
        )
        assert (
            raw_c.execute(
                "SELECT * FROM injurydoc.grants WHERE patient_id = %s", (uuid.UUID(case.patient_id),)
            ).fetchall()
            == []
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw_c.execute("SELECT * FROM injurydoc.patients")
        read = raw_c.execute("SELECT injurydoc.request_read('patient', %s)", (uuid.UUID(case.patient_id),))
        assert read.fetchone()[0] is None

    # withdrawn: erik's wrap is gone on the server and his next pull removes the case
    (grant,) = [g for g in unit_cases.grants(world, chef).list() if g.patient_id == case.patient_id]
    unit_cases.grants(world, chef).withdraw(grant.id)
    assert world.ids["erik"] not in {
        r["account_id"]
        for r in server_rows(world, "patient_key_wraps", patient_id=uuid.UUID(case.patient_id))
    }
    res = sync(world, b, "erik")
    assert res.removed == [case.patient_id]
    assert b.db.one("SELECT 1 FROM patients WHERE id = ?", (case.patient_id,)) is None
    assert b.db.one("SELECT 1 FROM examinations WHERE id = ?", (case.exam_id,)) is None
    assert b.db.one("SELECT 1 FROM person_key_cache WHERE patient_id = ?", (case.patient_id,)) is None


def test_the_creators_second_workstation_opens_and_continues_the_draft(
    world: World, unit: Any, tmp_path: Path
) -> None:
    a = unit["anna"]
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED, sign=False)
    sync(world, a, "anna")
    a2 = unit_cases.cache(world, "anna", tmp_path / "ws-a2")  # new personal keys on this workstation
    try:
        sync(world, a2, "anna")
        assert a2.db.one("SELECT 1 FROM examinations WHERE id = ?", (case.exam_id,)) is None
        sync(world, a, "anna")  # room 3 holds the key: it wraps it for the new workstation's key too
        sync(world, a2, "anna")
        ex = ExaminationService(a2)
        assert ex.get(case.exam_id).patient_account == ACCOUNT
        ex.update(case.exam_id, patient_account="Fortsatt i rum 5.")
        ex.sign(case.exam_id)
        sync(world, a2, "anna")
        versions = server_rows(world, "examination_versions", examination_id=uuid.UUID(case.exam_id))
        assert all(v["content"] is None for v in versions) and len(versions) >= 2
        sync(world, a, "anna")
        on_a = ExaminationService(a).get(case.exam_id)
        assert on_a.is_signed and on_a.patient_account == "Fortsatt i rum 5."
        assert ExaminationService(a).signature(on_a).state == record_signing.VALID
    finally:
        a2.close()


def test_a_substituted_public_key_gets_no_wrap_and_is_named(world: World, unit: Any) -> None:
    """The manager (raw SQL, their own login role) registers an encryption key "for" erik, and a
    superuser one with erik's name on it: neither gets the content key; each is named in anna's log."""
    chef, a = unit["chef"], unit["anna"]
    by_manager, by_superuser = uuid.uuid4(), uuid.uuid4()
    unit_a = world.unit_a
    insert = (
        "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
        " created_by) VALUES (%s, %s, %s, 'encryption', 'x25519', %s, %s)"
    )
    planted = (by_manager, unit_a, world.ids["erik"], os.urandom(32), world.ids["chef"])
    # the server refuses the manager's own insert (0011) ...
    with world.db.connect("chef") as m, pytest.raises(psycopg.errors.InsufficientPrivilege):
        m.execute(insert, planted)
    # ... and a row of that shape planted past the rules is refused by the workstation
    with world.db.superuser() as su:
        su.execute(insert, planted)
        su.execute(
            "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
            " created_by, certificate) VALUES (%s, %s, %s, 'encryption', 'x25519', %s, %s, %s)",
            (by_superuser, unit_a, world.ids["erik"], os.urandom(32), world.ids["erik"], b'{"x": 1}'),
        )
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED)
    sync(world, a, "anna")
    unit_cases.grant(world, chef, case.patient_id, "erik")
    refused = unit_cases.grants(world, chef).wrap_granted(case.patient_id, str(world.ids["erik"]))
    assert {r.key_id for r in refused} == {str(by_manager), str(by_superuser)}
    assert {r.username for r in refused} == {"erik"}
    wraps = server_rows(world, "patient_key_wraps", patient_id=uuid.UUID(case.patient_id))
    assert {str(w["key_id"]) for w in wraps}.isdisjoint({str(by_manager), str(by_superuser)})
    assert world.ids["erik"] in {w["account_id"] for w in wraps}  # his own, bound key got it
    named = sealed.refusals(outbox(chef))
    assert "substituted" in named[str(by_manager)]
    assert str(by_superuser) in named
    logged = chef.db.all("SELECT details FROM audit_log WHERE details LIKE '%key_refused_no_wrap%'")
    assert len(logged) == 2 and all("Erik" in str(d) or "erik" in str(d) for (d,) in logged)


def test_a_person_made_protected_after_being_sent_is_ciphertext_on_the_server(
    world: World, unit: Any
) -> None:
    a = unit["anna"]
    case = document(a, number=NUMBER, name=NAME, sign=False)
    sync(world, a, "anna")
    (p,) = server_rows(world, "patients", id=uuid.UUID(case.patient_id))
    assert p["identity"]["name"] == NAME
    PatientService(a).set_protection(case.patient_id, PROTECTED)
    ExaminationService(a).update(case.exam_id, patient_account="Efter skyddet.")
    kinds = [k for k, _ in unit_cases.outbox_rows(a)]
    assert kinds[0] == "patient_update"
    sync(world, a, "anna")
    (p,) = server_rows(world, "patients", id=uuid.UUID(case.patient_id))
    assert p["protection"] == PROTECTED.code and p["identity"] is None and p["identity_ciphertext"]
    assert NAME.encode() not in bytes(p["identity_ciphertext"])
    versions = server_rows(world, "examination_versions", examination_id=uuid.UUID(case.exam_id))
    newest = max(versions, key=lambda v: v["received_at"])
    assert newest["content"] is None and newest["content_ciphertext"]
    assert b"Efter skyddet" not in unit_cases.everything_on_server(world)
    wraps = {
        r["account_id"]
        for r in server_rows(world, "patient_key_wraps", patient_id=uuid.UUID(case.patient_id))
    }
    assert wraps == {world.ids["anna"], world.ids["chef"]}
    # a colleague who could open the person before may not now: their pull never gets them again
    e = unit["erik"]
    sync(world, e, "erik")
    assert e.db.one(
        "SELECT 1 FROM sync_cache WHERE kind = 'patient' AND id = ?", (case.patient_id,)
    ) is None or (e.db.one("SELECT 1 FROM patients WHERE id = ?", (case.patient_id,)) is None)


def test_an_identity_change_is_sent(world: World, unit: Any) -> None:
    a = unit["anna"]
    case = document(a, number="19800101-0001", sign=False)
    sync(world, a, "anna")
    PatientService(a).update(
        case.patient_id, name="Lisa Ekström", sex=PatientService(a).get(case.patient_id).sex
    )
    sync(world, a, "anna")
    (p,) = server_rows(world, "patients", id=uuid.UUID(case.patient_id))
    assert p["identity"]["name"] == "Lisa Ekström"


def test_the_background_runner_sends_and_receives_a_protected_case(world: World, unit: Any) -> None:
    """The sync runner works on its own connection to the store: the session's keys go with it."""
    from injurydoc.services.unit_sync import SyncRunner

    chef, a, b = unit["chef"], unit["anna"], unit["erik"]
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED)
    runner = SyncRunner.for_session(a, PASSWORD, interval=3600, backoff=(3600,))
    try:
        runner.start()
        assert runner.wait_rounds(1)
        assert runner.status().state == "online" and runner.status().unsent == 0
    finally:
        runner.stop()
    (p,) = server_rows(world, "patients", id=uuid.UUID(case.patient_id))
    assert p["identity"] is None and p["identity_ciphertext"]
    unit_cases.grant(world, chef, case.patient_id, "erik")
    runner = SyncRunner.for_session(b, PASSWORD, interval=3600, backoff=(3600,))
    try:
        runner.start()
        assert runner.wait_rounds(1)
        assert runner.status().state == "online", runner.status()
    finally:
        runner.stop()
    assert ExaminationService(b).get(case.exam_id).patient_account == ACCOUNT


def test_a_cache_made_before_key_bindings_registers_its_key_bound(
    world: World, unit: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its unbound key gets no wrap (named); at its next sync it registers the key again, bound, and is
    wrapped for from then on."""
    from injurydoc.services import unit_mode

    chef, a = unit["chef"], unit["anna"]
    with world.db.connect("chef") as m:
        admin.create_account(m, username="dora", display_name="Dora", roles=["clinician"], password=PASSWORD)
    with world.db.owner() as o:
        world.ids["dora"] = o.execute(
            "SELECT id FROM injurydoc.accounts WHERE role_name = 'dora'"
        ).fetchone()[0]
    with monkeypatch.context() as before_bindings:
        before_bindings.setattr(sealed, "binding", lambda *_a, **_k: None)
        d = unit_mode.connect_workstation(
            world.db.dsn("dora"), "dora", PASSWORD, kdf=unit_cases.TEST_KDF, root=tmp_path / "ws-d"
        )
    try:
        old_key = outbox(d).get_state("encryption_key_id")
        case = document(a, number=NUMBER, name=NAME, protection=PROTECTED)
        sync(world, a, "anna")
        unit_cases.grant(world, chef, case.patient_id, "dora")
        assert "registered before bindings" in sealed.refusals(outbox(chef))[old_key]
        sync(world, d, "dora")  # registers the key again, bound; the case is not readable yet
        new_key = outbox(d).get_state("encryption_key_id")
        assert new_key != old_key
        assert d.db.one("SELECT 1 FROM examinations WHERE id = ?", (case.exam_id,)) is None
        sync(world, chef, "chef")  # the manager's next sync wraps for the bound key
        sync(world, d, "dora")
        assert ExaminationService(d).get(case.exam_id).patient_account == ACCOUNT
    finally:
        d.close()


def test_changes_reach_the_other_workstation_and_protection_is_sealed_there(
    world: World, unit: Any, tmp_path: Path
) -> None:
    """Renamed, then made protected on room 3: room 5 (the same examiner) has the new name, and seals the
    person and their draft in place under the person's key."""
    a = unit["anna"]
    case = document(a, number=NUMBER, name=NAME, sign=False)
    sync(world, a, "anna")
    a2 = unit_cases.cache(world, "anna", tmp_path / "ws-a2")
    try:
        sync(world, a2, "anna")
        assert PatientService(a2).get(case.patient_id).name == NAME
        sex = PatientService(a).get(case.patient_id).sex
        PatientService(a).update(case.patient_id, name="Hemlig Hansson-Berg", sex=sex)
        PatientService(a).set_protection(case.patient_id, PROTECTED)
        sync(world, a, "anna")
        sync(world, a2, "anna")
        on_a2 = PatientService(a2).get(case.patient_id)
        assert (on_a2.name, on_a2.protection) == ("Hemlig Hansson-Berg", PROTECTED)
        raw = a2.db.one("SELECT name, id_value FROM patients WHERE id = ?", (case.patient_id,))
        assert all(str(v).startswith("enc1:") for v in raw)
        body = a2.db.scalar("SELECT body FROM examinations WHERE id = ?", (case.exam_id,))
        assert str(body).startswith("enc1:")
        assert ExaminationService(a2).get(case.exam_id).patient_account == ACCOUNT
    finally:
        a2.close()


def test_a_co_handler_added_by_the_creator_opens_the_case_on_their_workstation(
    world: World, unit: Any
) -> None:
    from injurydoc.domain.vocab import Profession, Role
    from injurydoc.store import accounts as accounts_repo

    a, b = unit["anna"], unit["erik"]
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED)
    sync(world, a, "anna")
    with a.transaction() as db:  # erik as anna's cache knows him (an account it has met)
        accounts_repo.insert(
            db,
            username="erik",
            display_name="Erik",
            roles=frozenset({Role.CLINICIAN}),
            profession=Profession.OTHER,
            hsa_id="",
            created_by=None,
            account_id=str(world.ids["erik"]),
        )
    PatientService(a).add_co_handler(case.patient_id, str(world.ids["erik"]))
    assert [k for k, _ in unit_cases.outbox_rows(a)] == ["co_handler"]
    sync(world, a, "anna")
    sync(world, a, "anna")  # sent once: the grant is not made twice
    grants = server_rows(world, "grants", patient_id=uuid.UUID(case.patient_id))
    assert [(g["kind"], g["account_id"]) for g in grants] == [("co_handler", world.ids["erik"])]
    sync(world, b, "erik")
    assert ExaminationService(b).get(case.exam_id).patient_account == ACCOUNT
    assert PatientService(b).get(case.patient_id).name == NAME


def test_a_protected_person_is_found_as_registered_without_saying_who(world: World, unit: Any) -> None:
    """The keyed lookup value goes with the ciphertext: find_patients() tells a clinician without access
    that the number is registered in the unit, and not which row; the creator gets the id."""
    from injurydoc.domain.identity import parse_personal_id

    a = unit["anna"]
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED, sign=False)
    sync(world, a, "anna")
    digits = parse_personal_id(NUMBER).digits
    value = bytes.fromhex(unit_queue.lookup_value(str(world.unit_a), digits, NUMBER))
    with world.db.connect("cecilia") as c:
        assert c.execute("SELECT * FROM injurydoc.find_patients(%s)", (value,)).fetchall() == [(None, False)]
    with world.db.connect("anna") as an:
        assert an.execute("SELECT * FROM injurydoc.find_patients(%s)", (value,)).fetchall() == [
            (uuid.UUID(case.patient_id), True)
        ]


def test_a_grant_withdrawn_and_made_again_wraps_the_key_again(world: World, unit: Any) -> None:
    """The server deletes the grantee's wrap at withdrawal; a later grant to the same colleague (same key)
    must wrap the key again, or the colleague is granted a case they cannot open."""
    chef, a, b = unit["chef"], unit["anna"], unit["erik"]
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED)
    sync(world, a, "anna")
    sync(world, chef, "chef")

    def erik_wrapped() -> bool:
        rows = server_rows(world, "patient_key_wraps", patient_id=uuid.UUID(case.patient_id))
        return world.ids["erik"] in {r["account_id"] for r in rows}

    unit_cases.grant(world, chef, case.patient_id, "erik")
    assert erik_wrapped()
    assert sync(world, b, "erik").examinations_read == 1
    (grant,) = [g for g in unit_cases.grants(world, chef).list() if g.patient_id == case.patient_id]
    unit_cases.grants(world, chef).withdraw(grant.id)
    assert not erik_wrapped()
    assert sync(world, b, "erik").removed == [case.patient_id]

    unit_cases.grant(world, chef, case.patient_id, "erik")
    assert erik_wrapped()
    assert sync(world, b, "erik").examinations_read == 1
    assert PatientService(b).get(case.patient_id).name == NAME
    assert (
        ExaminationService(b).signature(ExaminationService(b).get(case.exam_id)).state == record_signing.VALID
    )
