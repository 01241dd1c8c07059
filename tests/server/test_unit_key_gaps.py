"""The unit key's gaps closed (server revision 0016, sync/unit_key.py): pulled signatures checked against
the unit key's certificates; a disabled manager's seal withdrawn and their later certificates refused; a
unit key pinned on first use unconfirmed until compared with the manager's paper.  Played as the
insider would: the superuser and the owner act by raw SQL past the server's rules, a disabled manager
keeps the unit key they opened."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.vocab import Protection
from injurydoc.server import admin
from injurydoc.server.errors import ServerError
from injurydoc.services import record_signing, unit_keys
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.signing import SigningService
from injurydoc.store import canonical
from injurydoc.store import examinations as exam_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store import record_signatures as sig_repo
from injurydoc.store.personal_keys import Certificate, PersonalKeys, fingerprint, unit_public
from injurydoc.sync import sealed, unit_key
from injurydoc.sync.push import push
from tests.helpers.export_cases import export_case
from tests.server import unit_cases
from tests.server.unit_cases import document, outbox, server_rows, sync
from tests.server.world import PASSWORD, World, refused

PROTECTED = Protection.SKYDDAD_FOLKBOKFORING


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with world.db.connect("chef") as m:
        admin.create_account(
            m, username="chef2", display_name="Chef Två", roles=["unit_manager"], password=PASSWORD
        )
    with world.db.owner() as o:
        world.ids["chef2"] = o.execute(
            "SELECT id FROM injurydoc.accounts WHERE role_name = 'chef2'"
        ).fetchone()[0]
    with unit_cases.workstations(world, tmp_path, ("chef", "chef2", "anna", "erik")) as caches:
        yield caches


def keys_of(world: World, session: Any, user: str = "chef") -> unit_keys.UnitKeyService:
    return unit_keys.UnitKeyService(session, lambda: world.db.connect(user, autocommit=False))


def certify(world: World, unit: Any, user: str, by: str = "chef") -> None:
    service = keys_of(world, unit[by], by)
    mine = unit_keys.own_fingerprint(unit[user])
    assert mine is not None
    (p,) = [p for p in service.pending() if p.username == user and p.fingerprint == mine]
    service.certify(p.key_id, mine)


def with_unit_key(world: World, unit: Any, certified: tuple[str, ...], confirm: bool = True) -> str:
    """chef makes the unit key; the others sync (pin it on first use) and, with ``confirm``, compare it
    with chef's paper; chef certifies ``certified``."""
    made = keys_of(world, unit["chef"]).create()
    for user in ("chef2", "anna", "erik"):
        sync(world, unit[user], user)
        if confirm:
            unit_keys.confirm(unit[user], made)
    for user in certified:
        certify(world, unit, user)
    return made


def signature_state(session: Any, exam_id: str) -> record_signing.SignatureState:
    ex = ExaminationService(session)
    return ex.signature(ex.get(exam_id))


def seals_of(world: World, user: str) -> list[dict[str, Any]]:
    return server_rows(world, "unit_key_seals", account_id=world.ids[user])


def forge_keys_for(world: World, user: str) -> tuple[uuid.UUID, uuid.UUID, PersonalKeys]:
    """As the superuser: a fresh signing and encryption key with a binding that verifies, registered
    "by" ``user`` (``created_by`` forged)."""
    forged = PersonalKeys.generate()
    pub = forged.public()
    signing, encryption = uuid.uuid4(), uuid.uuid4()
    bound = sealed.binding(str(world.unit_a), str(world.ids[user]), user.title(), forged)
    insert = (
        "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
        " created_by, certificate) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    with world.db.superuser() as su:
        for kid, purpose, algorithm, raw, cert in (
            (signing, "signing", "ed25519", pub.ed25519, None),
            (encryption, "encryption", "x25519", pub.x25519, bound),
        ):
            su.execute(
                insert, (kid, world.unit_a, world.ids[user], purpose, algorithm, raw, world.ids[user], cert)
            )
    return signing, encryption, forged


def certificate_row(
    world: World, key_id: uuid.UUID, user: str, keys: PersonalKeys, by: str, signer: Any, when: str
) -> None:
    """As the superuser: a certificate for ``user``'s key ``key_id`` naming ``by`` as certifier, signed
    by ``signer`` (a unit key, real or not), inserted past every rule."""
    cert = Certificate(
        store_id=f"unit:{world.unit_a}",
        subject=str(world.ids[user]),
        username=user,
        roles=("clinician",),
        keys=keys.public(),
        issued_at=when,
        issued_by=str(world.ids[by]),
        issuer=fingerprint(unit_public(signer)),
    )
    with world.db.superuser() as su:
        su.execute(
            "INSERT INTO injurydoc.key_certifications (key_id, unit_id, account_id, certificate, signature,"
            " certified_by) VALUES (%s, %s, %s, %s, %s, %s)",
            (key_id, world.unit_a, world.ids[user], cert.to_bytes(), cert.sign(signer), world.ids[by]),
        )


def wrapped_keys(world: World, patient_id: str, user: str) -> set[uuid.UUID]:
    rows = server_rows(world, "patient_key_wraps", patient_id=uuid.UUID(patient_id))
    return {r["key_id"] for r in rows if r["account_id"] == world.ids[user]}


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# ----- 1. pulled signatures against the unit key ------------------------------------------------------------
def test_a_pulled_signature_by_a_key_the_unit_has_not_certified_is_named_until_certified(
    world: World, unit: Any, tmp_path: Path
) -> None:
    anna, erik = unit["anna"], unit["erik"]
    with_unit_key(world, unit, ("erik",))  # anna's key is not certified (yet)
    case = document(anna)
    sync(world, anna, "anna")
    assert signature_state(anna, case.exam_id).state == record_signing.VALID  # her own, signed here
    sync(world, erik, "erik")
    state = signature_state(erik, case.exam_id)
    assert state.state == record_signing.UNIT_UNCERTIFIED and not state.broken
    named = anna.keys.public().signing_fingerprint
    assert "Signed by a key the unit has not certified" in state.text("en") and named in state.text("en")
    assert "enheten inte har certifierat" in state.text("sv") and named in state.text("sv")
    (row,) = ExaminationService(erik).search("")
    assert row.extra.get("signature") == record_signing.UNIT_UNCERTIFIED
    logged = [json.loads(r[0]) for r in erik.db.all("SELECT details FROM audit_log ORDER BY seq")]
    assert {"event": "key_not_unit_certified", "key": named} in logged
    # the account's next sign-in does not certify it here either (only the pull, once the unit did)
    from injurydoc.services import keys as key_service

    key_service.certify_pending(erik)
    assert signature_state(erik, case.exam_id).state == record_signing.UNIT_UNCERTIFIED
    # not released (its package would not verify): said, logged as refused
    SigningService(erik).create_self_signed(PASSWORD)
    on_erik = ExaminationService(erik).get(case.exam_id)
    with pytest.raises(ValidationError) as refusal:
        export_case(erik, on_erik, SigningService(erik).identity(PASSWORD), tmp_path / "out")
    assert refusal.value.code == "exam.signature_unit_uncertified" and named in refusal.value.message("en")
    # a certificate made after the signature covers the key: what it signed before is good too
    certify(world, unit, "anna")
    sync(world, erik, "erik")
    assert signature_state(erik, case.exam_id).state == record_signing.VALID
    result = export_case(erik, on_erik, SigningService(erik).identity(PASSWORD), tmp_path / "out2")
    assert result.verdict.intact, [c for c in result.verdict.checks if not c.ok]


def test_a_superusers_forged_signing_key_and_signature_are_not_taken_as_the_signers(
    world: World, unit: Any
) -> None:
    """The superuser registers a signing key "of" anna (created_by forged), replaces her signature by one
    made with it, and adds a certificate signed by a key of their own: the server lists the key as
    anna's and the signature verifies under it — every workstation that pinned the unit key names it."""
    anna, erik = unit["anna"], unit["erik"]
    with_unit_key(world, unit, ("anna", "erik"))
    signing, encryption, forged = forge_keys_for(world, "anna")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    certificate_row(world, encryption, "anna", forged, "chef", Ed25519PrivateKey.generate(), now())
    case = document(anna)
    exam = exam_repo.get(anna.db, case.exam_id)
    assert exam is not None
    version = sig_repo.of_examination(anna.db, case.exam_id)[case.exam_id].content_version
    content = canonical.examination_content(exam, photos_repo.of_examination(anna.db, exam.id), version)
    row = anna.db.one("SELECT seq, payload FROM sync_outbox WHERE kind = 'signature'")
    payload = json.loads(row[1]) | {"key_id": str(signing), "signature": forged.sign(content).hex()}
    anna.db.execute(
        "UPDATE sync_outbox SET payload = ? WHERE seq = ?", (json.dumps(payload, sort_keys=True), row[0])
    )
    with world.db.connect("anna", autocommit=False) as conn:
        assert push(conn, outbox(anna)).remaining == 0
    sync(world, erik, "erik")
    state = signature_state(erik, case.exam_id)
    assert state.state == record_signing.UNIT_UNCERTIFIED, state.text("en")
    assert forged.public().signing_fingerprint in state.text("en")


def test_without_a_unit_key_a_pulled_signature_counts_as_before(world: World, unit: Any) -> None:
    case = document(unit["anna"])
    sync(world, unit["anna"], "anna")
    sync(world, unit["erik"], "erik")
    assert signature_state(unit["erik"], case.exam_id).state == record_signing.VALID


# ----- 2. a disabled manager -------------------------------------------------------------------------------
def test_a_disabled_managers_seal_is_withdrawn_and_logged(world: World, unit: Any) -> None:
    with_unit_key(world, unit, ("chef2",))
    assert len(seals_of(world, "chef2")) == 1 and len(seals_of(world, "chef")) == 1
    # nobody deletes or changes an active manager's seal, the owner included
    with world.db.owner() as o:
        for sql in (
            "DELETE FROM injurydoc.unit_key_seals WHERE account_id = %s",
            "UPDATE injurydoc.unit_key_seals SET sealed = sealed WHERE account_id = %s",
        ):
            with refused("ID001"):
                o.execute(sql, (world.ids["chef2"],))
    with refused("42501"):
        world.as_("chef").execute(
            "DELETE FROM injurydoc.unit_key_seals WHERE account_id = %s", (world.ids["chef2"],)
        )
    with world.db.connect("chef") as m:
        admin.disable_account(m, world.ids["chef2"])
    assert seals_of(world, "chef2") == [] and len(seals_of(world, "chef")) == 1
    (log,) = [r for r in server_rows(world, "access_log", action="unit.key") if r["details"].get("seals")]
    assert log["details"]["event"] == "unit_key_seal_withdrawn" and log["account_id"] == world.ids["chef"]
    assert log["target"] == f"account:{world.ids['chef2']}"
    with world.db.connect("chef", autocommit=False) as conn:
        assert unit_key.stale_seals(conn) == []


def test_a_manager_role_taken_away_by_the_owner_withdraws_the_seal(world: World, unit: Any) -> None:
    with_unit_key(world, unit, ("chef2",))
    with world.db.owner() as o:
        o.execute("UPDATE injurydoc.accounts SET roles = '{clinician}' WHERE id = %s", (world.ids["chef2"],))
    assert seals_of(world, "chef2") == []


def test_a_seal_kept_past_the_servers_rule_is_named_and_never_used(world: World, unit: Any) -> None:
    with_unit_key(world, unit, ("chef2",))
    with world.db.superuser() as su:
        su.execute("ALTER TABLE injurydoc.accounts DISABLE TRIGGER accounts_withdraw_seals")
        su.execute("UPDATE injurydoc.accounts SET roles = '{clinician}' WHERE id = %s", (world.ids["chef2"],))
        su.execute("ALTER TABLE injurydoc.accounts ENABLE TRIGGER accounts_withdraw_seals")
    assert len(seals_of(world, "chef2")) == 1  # the superuser kept it
    with world.db.connect("chef", autocommit=False) as conn:
        assert unit_key.stale_seals(conn) == ["chef2"]  # the manager page names it
    assert keys_of(world, unit["chef"]).stale_seals() == ["chef2"]
    # chef2's workstation does not use it: no longer a unit manager on the server
    with world.db.connect("chef2", autocommit=False) as conn, pytest.raises(ServerError) as info:
        unit_key.open_unit_key(conn, outbox(unit["chef2"]))
    assert info.value.code == "server.unit_key_not_held"


def test_certificates_of_a_disabled_manager_count_only_from_before(world: World, unit: Any) -> None:
    """chef2, a certified manager, certifies erik, is then disabled — and keeps the unit key opened
    before.  erik's certificate from before stands; what chef2 signs afterwards, inserted by the
    superuser (chef2 can no longer log in), is refused, and so is one naming another certifier than the
    row's."""
    made = with_unit_key(world, unit, ("chef2",))
    certify(world, unit, "erik", by="chef2")
    with world.db.connect("chef2", autocommit=False) as conn:
        kept = unit_key.open_unit_key(conn, outbox(unit["chef2"]))
    assert fingerprint(unit_public(kept)) == made
    with world.db.connect("chef") as m:
        admin.disable_account(m, world.ids["chef2"])
    _signing, forged_key, forged = forge_keys_for(world, "erik")
    certificate_row(world, forged_key, "erik", forged, "chef2", kept, now())
    _s2, forged_key2, forged2 = forge_keys_for(world, "anna")
    certificate_row(world, forged_key2, "anna", forged2, "chef2", kept, "2020-01-01T00:00:00+00:00")
    with world.db.connect("chef", autocommit=False) as conn:
        good = unit_key.certified(conn, unit_public(kept), str(world.unit_a))
    erik_keys = {str(r["id"]) for r in server_rows(world, "account_keys", account_id=world.ids["erik"])}
    assert erik_keys & set(good)  # erik's own, certified by chef2 before the disabling, stands
    assert str(forged_key) not in good  # made after the disabling
    assert str(forged_key2) not in good  # backdated in the certificate, but stamped by the server after
    pid = unit_cases.document(unit["anna"], number="19750505-0000", name="Hemlig", protection=PROTECTED)
    sync(world, unit["anna"], "anna")
    unit_cases.grant(world, unit["chef"], pid.patient_id, "erik")
    assert forged_key not in wrapped_keys(world, pid.patient_id, "erik")
    assert len(wrapped_keys(world, pid.patient_id, "erik")) == 1


def test_a_certificate_of_a_manager_no_longer_one_is_made_again_by_another(world: World, unit: Any) -> None:
    with_unit_key(world, unit, ("chef2",))
    certify(world, unit, "erik", by="chef2")
    assert [p.username for p in keys_of(world, unit["chef"]).pending()] == ["anna"]
    with world.db.owner() as o:
        o.execute("UPDATE injurydoc.accounts SET roles = '{clinician}' WHERE id = %s", (world.ids["chef2"],))
    assert sorted(p.username for p in keys_of(world, unit["chef"]).pending()) == ["anna", "erik"]
    certify(world, unit, "erik")  # a second certificate of the same key (revision 0016)
    assert [p.username for p in keys_of(world, unit["chef"]).pending()] == ["anna"]
    rows = server_rows(world, "key_certifications", account_id=world.ids["erik"])
    assert sorted(str(r["certified_by"]) for r in rows) == sorted(
        [str(world.ids["chef"]), str(world.ids["chef2"])]
    )


def test_the_server_stamps_a_certificates_time(world: World, unit: Any) -> None:
    with_unit_key(world, unit, ())
    cert_id = [p for p in keys_of(world, unit["chef"]).pending() if p.username == "erik"][0].key_id
    with world.db.connect("chef", autocommit=False) as conn:
        conn.execute(
            "INSERT INTO injurydoc.key_certifications (key_id, unit_id, account_id, certificate, signature,"
            " certified_by, created_at) VALUES (%s, %s, %s, %s, %s, %s, '2000-01-01')",
            (cert_id, world.unit_a, world.ids["erik"], b"x" * 32, b"s" * 64, world.ids["chef"]),
        )
        conn.commit()
    (row,) = server_rows(world, "key_certifications", key_id=uuid.UUID(cert_id))
    assert row["created_at"].year >= 2026


# ----- 3. a unit key pinned on first use ----------------------------------------------------------------
def test_an_unconfirmed_unit_key_wraps_for_nobody_but_the_account_itself(world: World, unit: Any) -> None:
    anna, chef = unit["anna"], unit["chef"]
    made = with_unit_key(world, unit, ("anna", "erik", "chef2"), confirm=False)
    assert unit_keys.unconfirmed(anna) and not unit_keys.unconfirmed(chef)
    case = document(anna, number="19750505-0000", name="Hemlig Hansson", protection=PROTECTED)
    sync(world, anna, "anna")
    assert wrapped_keys(world, case.patient_id, "anna")
    assert wrapped_keys(world, case.patient_id, "chef") == set()  # not from an unconfirmed workstation
    # another fingerprint is refused, logged, and changes nothing
    other = "0000-1111-2222-3333-4444-5555-6666-7777"
    with pytest.raises(ServerError) as info:
        unit_keys.confirm(anna, other)
    assert info.value.code == "server.unit_key_confirm_mismatch"
    assert made in info.value.message("sv") and made in info.value.message("en")
    with pytest.raises(ServerError):
        unit_keys.confirm(anna, made[:9])  # two groups are not enough
    assert unit_keys.unconfirmed(anna)
    # a manager's workstation that has not confirmed cannot certify
    with pytest.raises(ServerError) as info:
        keys_of(world, unit["chef2"], "chef2").certify(str(uuid.uuid4()), made)
    assert info.value.code == "server.unit_key_unconfirmed"
    assert unit_keys.confirm(anna, made.lower().replace("-", " ")) == made
    assert unit_keys.pinned(anna) == unit_keys.PinnedKey(made, "confirmed")
    events = [
        json.loads(r[0]).get("event") for r in anna.db.all("SELECT details FROM audit_log ORDER BY seq")
    ]
    assert "unit_key_confirm_refused" in events and "unit_key_confirmed" in events
    sync(world, anna, "anna")  # the next sweep wraps for the managers
    assert wrapped_keys(world, case.patient_id, "chef")


# ----- 4. wraps made before the unit key existed -----------------------------------------------------------
def test_wraps_held_by_keys_the_unit_key_never_certified_are_listed_and_withdrawn(
    world: World, unit: Any
) -> None:
    """Before the unit key: the superuser's forged key "of" erik gets a wrap through chef's grant (the
    binding holds, created_by forged).  Once the unit key exists the manager page lists the wraps held
    by keys without a certificate — per account and key, never the person — and chef withdraws them."""
    chef = unit["chef"]
    _signing, forged, _keys = forge_keys_for(world, "erik")
    case = document(unit["anna"], number="19750505-0000", name="Hemlig Hansson", protection=PROTECTED)
    sync(world, unit["anna"], "anna")
    unit_cases.grant(world, chef, case.patient_id, "erik")
    assert forged in wrapped_keys(world, case.patient_id, "erik")
    with refused("ID002"):  # not before the unit has a unit key
        world.as_("chef").execute("SELECT injurydoc.withdraw_key_wraps(%s)", (forged,))
    with_unit_key(world, unit, ("anna", "erik"))
    service = keys_of(world, chef)
    held = service.uncertified_wraps()
    assert {(h.username, h.wraps) for h in held} == {("erik", 1), ("chef2", 1)}
    assert set(unit_keys.HeldWraps.__dataclass_fields__) == {"key_id", "account_id", "username", "wraps"}
    with refused("42501"):  # a clinician may not
        world.as_("anna").execute("SELECT injurydoc.withdraw_key_wraps(%s)", (forged,))
    certified_erik = wrapped_keys(world, case.patient_id, "erik") - {forged}
    with pytest.raises(ServerError) as info:  # a certified key's wraps are not offered
        service.withdraw_wraps(str(next(iter(certified_erik))))
    assert info.value.code == "server.denied"
    assert service.withdraw_wraps(str(forged)) == 1
    assert wrapped_keys(world, case.patient_id, "erik") == certified_erik
    (log,) = [r for r in server_rows(world, "access_log", action="unit.key") if "wraps" in r["details"]]
    assert log["details"] == {"event": "key_wraps_withdrawn", "key": str(forged), "wraps": 1}
    assert log["patient_id"] is None and log["account_id"] == world.ids["chef"]
    assert [h.username for h in service.uncertified_wraps()] == ["chef2"]
    # chef2's key: withdrawn too, then certified — the next sweep of a workstation holding the key
    # wraps it again
    (h,) = service.uncertified_wraps()
    assert service.withdraw_wraps(h.key_id) == 1
    assert wrapped_keys(world, case.patient_id, "chef2") == set()
    certify(world, unit, "chef2")
    sync(world, unit["anna"], "anna")
    assert len(wrapped_keys(world, case.patient_id, "chef2")) == 1
    assert service.uncertified_wraps() == []
