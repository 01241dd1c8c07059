"""The unit key (server revision 0014, sync/unit_key.py): a trust anchor the server's operator does not
hold.  Played as the insider would: the superuser (regional IT) forges keys, bindings, certificates and
the unit key itself by raw SQL, past every rule of the server; the workstations must refuse and name it.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from injurydoc.domain.vocab import Protection
from injurydoc.server.errors import ServerError
from injurydoc.services import unit_key_refusals, unit_keys, unit_mode
from injurydoc.services.unit_connection import normalise_unit_key, parse_connection_file
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.store.personal_keys import Certificate, PersonalKeys, fingerprint, unit_public
from injurydoc.sync import sealed, unit_key
from tests.server import unit_cases
from tests.server.unit_cases import document, outbox, server_rows, sync
from tests.server.world import PASSWORD, World, refused

PROTECTED = Protection.SKYDDAD_FOLKBOKFORING


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path, ("chef", "anna", "erik")) as caches:
        yield caches


def _keys(world: World, manager: Any) -> unit_keys.UnitKeyService:
    return unit_keys.UnitKeyService(manager, lambda: world.db.connect("chef", autocommit=False))


def _with_unit_key(world: World, unit: Any, certify: tuple[str, ...] = ("anna",)) -> str:
    """chef makes the unit key; every workstation syncs (pins it on first use) and its user confirms it
    from chef's paper; chef certifies ``certify``."""
    service = _keys(world, unit["chef"])
    made = service.create()
    for user in ("anna", "erik"):
        sync(world, unit[user], user)
        assert unit_keys.pinned(unit[user]) == unit_keys.PinnedKey(made, "first_use")
        assert unit_keys.confirm(unit[user], made) == made
    for user in certify:
        _certify(world, unit, user)
    return made


def _certify(world: World, unit: Any, user: str) -> None:
    service = _keys(world, unit["chef"])
    mine = unit_keys.own_fingerprint(unit[user])
    assert mine is not None
    (p,) = [p for p in service.pending() if p.username == user and p.fingerprint == mine]
    service.certify(p.key_id, mine)


def _protected_case(world: World, unit: Any) -> str:
    case = document(unit["anna"], number="19750505-0000", name="Hemlig Hansson", protection=PROTECTED)
    sync(world, unit["anna"], "anna")
    return case.patient_id


def _wrapped_keys(world: World, patient_id: str, user: str) -> set[uuid.UUID]:
    rows = server_rows(world, "patient_key_wraps", patient_id=uuid.UUID(patient_id))
    return {r["key_id"] for r in rows if r["account_id"] == world.ids[user]}


def _has_person(session: Any, patient_id: str) -> bool:
    return session.db.one("SELECT 1 FROM patients WHERE id = ?", (patient_id,)) is not None


def _log_events(session: Any) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in session.db.all("SELECT details FROM audit_log ORDER BY seq")]


def _forge_keys_for(world: World, user: str) -> tuple[uuid.UUID, PersonalKeys]:
    """As the superuser: a fresh signing key, encryption key and a binding that verifies, registered "by"
    ``user`` (``created_by`` forged) — everything today's check asks for."""
    forged = PersonalKeys.generate()
    pub = forged.public()
    signing, encryption = uuid.uuid4(), uuid.uuid4()
    bound = sealed.binding(str(world.unit_a), str(world.ids[user]), user.title(), forged)
    insert = (
        "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
        " created_by, certificate) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    with world.db.superuser() as su:
        su.execute(
            insert,
            (
                signing,
                world.unit_a,
                world.ids[user],
                "signing",
                "ed25519",
                pub.ed25519,
                world.ids[user],
                None,
            ),
        )
        su.execute(
            insert,
            (
                encryption,
                world.unit_a,
                world.ids[user],
                "encryption",
                "x25519",
                pub.x25519,
                world.ids[user],
                bound,
            ),
        )
    return encryption, forged


# ----- the server's rules ---------------------------------------------------------------------------------
def test_only_a_unit_manager_sets_the_unit_key_once(world: World, unit: Any) -> None:
    public = unit_public(Ed25519PrivateKey.generate())
    with refused("42501"):  # a clinician may not call it
        world.as_("anna").execute("SELECT injurydoc.set_unit_key(%s)", (public,))
    with refused("42501"):  # nor write the column
        world.as_("anna").execute("UPDATE injurydoc.units SET root_key = %s", (public,))
    with world.db.owner() as o, refused("ID002"):  # the owner is no unit manager
        o.execute("UPDATE injurydoc.units SET root_key = %s WHERE id = %s", (public, world.unit_a))
    made = _keys(world, unit["chef"]).create()
    (u,) = server_rows(world, "units", id=world.unit_a)
    assert fingerprint(bytes(u["root_key"])) == made == u["root_key_fingerprint"]
    assert u["root_key_by"] == world.ids["chef"]
    # set once: the manager's second call changes nothing, the owner cannot change or remove it
    assert world.as_("chef").execute("SELECT injurydoc.set_unit_key(%s)", (public,)).fetchone() == (False,)
    with world.db.owner() as o:
        for value in (public, None):
            with refused("ID001"):
                o.execute("UPDATE injurydoc.units SET root_key = %s WHERE id = %s", (value, world.unit_a))
    # another unit's manager cannot set it for unit A, and a clinician cannot certify or seal
    with world.db.owner() as o, refused("ID002"):
        o.execute("UPDATE injurydoc.units SET root_key = %s WHERE id = %s", (public, world.unit_b))
    with refused("42501"):
        world.as_("anna").execute(
            "INSERT INTO injurydoc.key_certifications (key_id, unit_id, account_id, certificate, signature,"
            " certified_by) VALUES (%s, %s, %s, %s, %s, %s)",
            (world.keys["anna"], world.unit_a, world.ids["anna"], b"x" * 32, b"s" * 64, world.ids["anna"]),
        )
    # logged by the server
    log = server_rows(world, "access_log", action="unit.key")
    assert len(log) == 1 and log[0]["account_id"] == world.ids["chef"]


# ----- certification round trip ---------------------------------------------------------------------------
def test_a_key_is_wrapped_only_once_certified_and_the_grantee_then_opens(world: World, unit: Any) -> None:
    chef, erik = unit["chef"], unit["erik"]
    made = _with_unit_key(world, unit)
    assert unit_keys.pinned(chef) == unit_keys.PinnedKey(made, "created")
    assert unit_keys.pinned(erik) == unit_keys.PinnedKey(made, "confirmed")
    pid = _protected_case(world, unit)
    assert _wrapped_keys(world, pid, "chef") and _wrapped_keys(world, pid, "anna")
    unit_cases.grant(world, chef, pid, "erik")
    assert _wrapped_keys(world, pid, "erik") == set()  # no certificate: no wrap, named
    rows = unit_key_refusals.refused_keys(chef)
    assert [(r.username, r.kind) for r in rows] == [("erik", unit_key_refusals.UNCERTIFIED)]
    sync(world, erik, "erik")
    assert not _has_person(erik, pid)
    # a fingerprint that is not the one erik's workstation shows is refused
    service = _keys(world, chef)
    (p,) = [p for p in service.pending() if p.username == "erik"]
    with pytest.raises(ServerError) as info:
        service.certify(p.key_id, "0000-0000-0000-0000-0000-0000-0000-0000")
    assert info.value.code == "server.key_fingerprint_mismatch"
    _certify(world, unit, "erik")
    assert [p.username for p in service.pending()] == []
    sync(world, chef, "chef")  # the manager's next sync wraps for the certified key
    assert len(_wrapped_keys(world, pid, "erik")) == 1
    assert unit_key_refusals.refused_keys(chef) == []
    sync(world, erik, "erik")
    assert _has_person(erik, pid)


# ----- the superuser's forgeries --------------------------------------------------------------------------
def test_a_superusers_forged_key_gets_no_wrap_and_is_named(world: World, unit: Any) -> None:
    _with_unit_key(world, unit, ("anna", "erik"))
    forged, _keys_ = _forge_keys_for(world, "erik")
    pid = _protected_case(world, unit)
    unit_cases.grant(world, unit["chef"], pid, "erik")
    wrapped = _wrapped_keys(world, pid, "erik")
    assert len(wrapped) == 1 and forged not in wrapped  # erik's own certified key only
    assert sealed.refusals(outbox(unit["chef"]))[str(forged)] == unit_key.UNCERTIFIED
    events = [e for e in _log_events(unit["chef"]) if e.get("event") == "key_refused_no_wrap"]
    assert events and events[-1]["account"] == "erik"
    # nor at anyone's later sweep
    for user in ("anna", "chef"):
        sync(world, unit[user], user)
    assert forged not in _wrapped_keys(world, pid, "erik")


def test_a_forged_certificate_from_the_superusers_own_key_is_refused(world: World, unit: Any) -> None:
    _with_unit_key(world, unit, ("anna",))
    forged, keys = _forge_keys_for(world, "erik")
    own = Ed25519PrivateKey.generate()  # the superuser's own "unit key"
    cert = Certificate(
        store_id=f"unit:{world.unit_a}",
        subject=str(world.ids["erik"]),
        username="erik",
        roles=("clinician",),
        keys=keys.public(),
        issued_at="2026-12-05T23:00:00+00:00",
        issued_by=str(world.ids["chef"]),
        issuer=fingerprint(unit_public(own)),
    )
    with world.db.superuser() as su:
        su.execute(
            "INSERT INTO injurydoc.key_certifications (key_id, unit_id, account_id, certificate, signature,"
            " certified_by) VALUES (%s, %s, %s, %s, %s, %s)",
            (forged, world.unit_a, world.ids["erik"], cert.to_bytes(), cert.sign(own), world.ids["chef"]),
        )
    pid = _protected_case(world, unit)
    unit_cases.grant(world, unit["chef"], pid, "erik")
    assert forged not in _wrapped_keys(world, pid, "erik")
    assert sealed.refusals(outbox(unit["chef"]))[str(forged)] == unit_key.UNCERTIFIED
    assert str(forged) in {k for r in unit_key_refusals.refused_keys(unit["chef"]) for k in r.key_ids}


@pytest.mark.logs_warnings
@pytest.mark.parametrize("how", ["replaced", "removed"])
def test_a_replaced_or_removed_unit_key_is_refused_on_every_workstation(
    world: World, unit: Any, how: str
) -> None:
    made = _with_unit_key(world, unit, ("anna", "erik"))
    pid = _protected_case(world, unit)
    other = unit_public(Ed25519PrivateKey.generate())
    with world.db.superuser() as su:
        su.execute("ALTER TABLE injurydoc.units DISABLE TRIGGER units_key_once")
        su.execute(
            "UPDATE injurydoc.units SET root_key = %s WHERE id = %s",
            (other if how == "replaced" else None, world.unit_a),
        )
        su.execute("ALTER TABLE injurydoc.units ENABLE TRIGGER units_key_once")
    code = "server.unit_key_replaced" if how == "replaced" else "server.unit_key_gone"
    event = "unit_key_replaced" if how == "replaced" else "unit_key_gone"
    for user in ("chef", "anna", "erik"):
        for _ in range(2):  # refused each time, named once
            with pytest.raises(ServerError) as info:
                sync(world, unit[user], user)
            assert info.value.code == code
            assert made in info.value.message("sv") and made in info.value.message("en")
        named = [e for e in _log_events(unit[user]) if e.get("event") == event]
        assert len(named) == 1 and named[0]["expected"] == made
        assert unit_keys.pinned(unit[user]) is not None and unit_keys.pinned(unit[user]).fingerprint == made
    # and no grant hands out a key under it
    with pytest.raises(ServerError):
        unit_cases.grant(world, unit["chef"], pid, "erik")


# ----- connecting with the fingerprint on paper or in IT's file -------------------------------------------
def test_a_workstation_pins_only_the_unit_key_it_was_told(world: World, unit: Any, tmp_path: Path) -> None:
    made = _with_unit_key(world, unit, ())
    dsn = world.db.dsn("erik")
    with pytest.raises(ServerError) as info:
        unit_mode.connect_workstation(
            dsn, "erik", PASSWORD, kdf=TEST_KDF, root=tmp_path / "other", unit_key="AAAA-" * 7 + "AAAA"
        )
    assert info.value.code == "server.unit_key_mismatch"
    assert not unit_mode.cache_folder(dsn, "erik", tmp_path / "other").exists()  # nothing made
    typed = made.replace("-", " ").lower()
    s = unit_mode.connect_workstation(
        dsn, "erik", PASSWORD, kdf=TEST_KDF, root=tmp_path / "other", unit_key=typed
    )
    try:
        assert unit_keys.pinned(s) == unit_keys.PinnedKey(made, "paper")
    finally:
        s.close()


def test_the_connection_file_may_name_the_unit_key() -> None:
    base = {"format": "injurydoc-unit", "version": 1, "server": {"host": "/tmp/sock"}}
    assert parse_connection_file(json.dumps(base).encode()).unit_key == ""  # old files stay valid
    named = base | {"unit_key": "abcd ef01 2345 6789 abcd ef01 2345 6789"}
    assert (
        parse_connection_file(json.dumps(named).encode()).unit_key
        == "ABCD-EF01-2345-6789-ABCD-EF01-2345-6789"
    )
    with pytest.raises(Exception) as info:
        parse_connection_file(json.dumps(base | {"unit_key": "not a key"}).encode())
    assert "32" in str(info.value)


def test_the_connect_flow_takes_the_unit_key_typed_from_paper(tmp_path: Path) -> None:
    from injurydoc.services.unit_connect_flow import ConnectFlow, ConnectState

    flow = ConnectFlow(lambda *_a, **_k: None)
    flow.data.address = "db.region.se:5432/injurydoc"
    flow.data.unit_key_typed = "not a key"
    assert flow.next() is ConnectState.SERVER and flow.problem is not None
    assert "32" in flow.message("en")
    flow.data.unit_key_typed = "7f3a 09c2 b4e1 55d0 2a6f e813 c94b 0d72"
    assert flow.next() is ConnectState.CHECKING
    assert flow.settings is not None and flow.settings.unit_key == "7F3A-09C2-B4E1-55D0-2A6F-E813-C94B-0D72"
    # IT's file names one; nothing typed keeps the file's
    path = tmp_path / "injurydoc-unit.json"
    doc = {"format": "injurydoc-unit", "version": 1, "server": {"host": "/tmp/sock"}, "unit_key": "ab" * 16}
    path.write_text(json.dumps(doc), "utf-8")
    flow = ConnectFlow(lambda *_a, **_k: None)
    flow.use_file(path)
    assert flow.next() is ConnectState.CHECKING
    assert flow.settings is not None and flow.settings.unit_key == normalise_unit_key("AB" * 16)
