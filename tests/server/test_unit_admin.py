"""The manager's accounts and grants in unit mode act on the unit's server (services/unit_admin.py):
another unit's accounts never listed or touched, each change a login role / grant the server holds and
logs, bad input refused before the network, a stopped server changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
import pytest

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.vocab import Profession, Role
from injurydoc.server.errors import ServerError
from injurydoc.services.unit_admin import UnitAccountService, UnitGrantService
from tests.server.world import PASSWORD, World

NEW_PASSWORD = "ett nytt lösenord"


def _svc(world: World, store: Any, cls: Any, manager: str = "chef") -> tuple[Any, Any]:
    session = store.sign_in("chef")  # the local session of a unit manager; the server decides the rest
    return session, cls(session, lambda: world.db.connect(manager, autocommit=False))


def _can_sign_in(world: World, user: str, password: str = PASSWORD) -> bool:
    try:
        with world.db.connect(user, password):
            return True
    except psycopg.OperationalError:
        return False


def test_accounts_are_the_units_own_on_the_server(world: World, store: Any) -> None:
    session, svc = _svc(world, store, UnitAccountService)
    try:
        accounts = {a.username: a for a in svc.list()}
    finally:
        session.close()
    assert set(accounts) == {"chef", "anna", "erik", "tove"}
    assert accounts["anna"].roles == frozenset({Role.CLINICIAN}) and accounts["anna"].active
    assert accounts["chef"].id == str(world.ids["chef"])


def test_create_disable_and_set_password_on_the_server(world: World, store: Any) -> None:
    session, svc = _svc(world, store, UnitAccountService)
    try:
        new_id = svc.create(
            username="Sara",
            display_name="  Sara   Sköterska ",
            roles=frozenset({Role.CLINICIAN}),
            profession=Profession.OTHER,
            hsa_id="SE123",
            password=PASSWORD,
        )
        assert _can_sign_in(world, "sara")
        row = (
            world.as_("chef")
            .execute(
                "SELECT unit_id, display_name, roles, hsa_id FROM injurydoc.accounts WHERE id = %s", (new_id,)
            )
            .fetchone()
        )
        assert row == (world.unit_a, "Sara Sköterska", ["clinician"], "SE123")

        svc.set_password(str(world.ids["anna"]), NEW_PASSWORD)
        assert _can_sign_in(world, "anna", NEW_PASSWORD) and not _can_sign_in(world, "anna")

        world.close()
        svc.disable(str(world.ids["erik"]))
        assert not _can_sign_in(world, "erik")
        assert not {a.username: a for a in svc.list()}["erik"].active
        # the server has no re-enabling by password: said, not faked
        with pytest.raises(ServerError) as e:
            svc.set_password(str(world.ids["erik"]), NEW_PASSWORD)
        assert e.value.code == "server.denied"
    finally:
        session.close()
    actions = {
        r[0]
        for r in world.as_("chef").execute(
            "SELECT action FROM injurydoc.access_log WHERE account_id = %s", (world.ids["chef"],)
        )
    }
    assert {"account.create", "account.password", "account.disable"} <= actions


def test_bad_input_is_refused_before_the_network(world: World, store: Any) -> None:
    calls: list[int] = []
    session = store.sign_in("chef")
    svc = UnitAccountService(session, lambda: calls.append(1))  # would fail if it were called
    try:
        for kw in (
            {"username": "a b", "password": PASSWORD},
            {"username": "ok.name", "password": "short"},
            {"username": "ok.name", "password": PASSWORD, "display_name": " "},
        ):
            args = {"display_name": "X", "roles": frozenset({Role.CLINICIAN})} | kw
            with pytest.raises(ValidationError):
                svc.create(**args)
        with pytest.raises(ValidationError):
            svc.disable("not an id")
    finally:
        session.close()
    assert calls == []


def test_another_units_accounts_cannot_be_touched(world: World, store: Any) -> None:
    session, svc = _svc(world, store, UnitAccountService, "berit")
    try:
        assert {a.username for a in svc.list()} == {"berit", "bo"}
        with pytest.raises(ServerError) as e:
            svc.disable(str(world.ids["anna"]))
        assert e.value.code == "server.denied"
    finally:
        session.close()
    assert _can_sign_in(world, "anna")


def test_grants_on_the_server_given_listed_and_withdrawn(world: World, store: Any) -> None:
    patient = world.add_patient("anna", protection="sekretessmarkering", name="Hemlig")
    session, svc = _svc(world, store, UnitGrantService)
    try:
        until = dt.date.today() + dt.timedelta(days=10)
        gid = svc.grant(str(patient), str(world.ids["erik"]), reason="  täcker   för anna ", until=until)
        with world.db.connect("erik") as erik:
            assert erik.execute("SELECT injurydoc.may_open(%s)", (patient,)).fetchone()[0]
        (g,) = [g for g in svc.list() if g.id == gid]
        assert (g.patient_id, g.username, g.kind, g.reason) == (
            str(patient),
            "erik",
            "grant",
            "täcker för anna",
        )
        assert g.valid_until is not None and g.valid_until.astimezone().date() == until + dt.timedelta(days=1)
        assert g.live(dt.datetime.now(dt.UTC))
        svc.withdraw(gid)
        with world.db.connect("erik") as erik:
            assert not erik.execute("SELECT injurydoc.may_open(%s)", (patient,)).fetchone()[0]
        (g,) = [g for g in svc.list() if g.id == gid]
        assert g.withdrawn_at is not None and not g.live(dt.datetime.now(dt.UTC))
        with pytest.raises(ValidationError):
            svc.grant(str(patient), str(world.ids["erik"]), reason=" ", until=until)
        with pytest.raises(ValidationError):
            svc.grant(
                str(patient), str(world.ids["erik"]), reason="x", until=dt.date.today() - dt.timedelta(1)
            )
    finally:
        session.close()


def test_a_trainer_without_the_clinician_role_is_refused_a_grant_in_words(world: World, store: Any) -> None:
    """The same rule as a standalone store (services/access.py): a trainer who is not a clinician opens no
    real case on the server (_may_open), so a grant to tove is refused, saying so, and none is made."""
    patient = world.add_patient("anna", protection="sekretessmarkering", name="Hemlig")
    session, svc = _svc(world, store, UnitGrantService)
    try:
        until = dt.date.today() + dt.timedelta(days=10)
        with pytest.raises(ValidationError) as e:
            svc.grant(str(patient), str(world.ids["tove"]), reason="uppföljning", until=until)
        assert e.value.code == "grant.trainer_only"
        assert "tove" in e.value.message("sv") and "tove" in e.value.message("en")
        assert [g for g in svc.list() if g.username == "tove"] == []
        with world.db.connect("tove") as tove:
            assert not tove.execute("SELECT injurydoc.may_open(%s)", (patient,)).fetchone()[0]
    finally:
        session.close()


def test_another_units_manager_cannot_grant_here(world: World, store: Any) -> None:
    patient = world.add_patient("anna")
    session, svc = _svc(world, store, UnitGrantService, "berit")
    try:
        with pytest.raises(ServerError) as e:
            svc.grant(str(patient), str(world.ids["bo"]), reason="x", until=dt.date.today())
        assert e.value.code == "server.denied"
        assert svc.list() == []
    finally:
        session.close()


def test_a_stopped_server_changes_nothing(world: World, store: Any) -> None:
    session, svc = _svc(world, store, UnitAccountService)
    world.close()
    world.db.cluster.pause()
    try:
        with pytest.raises(ServerError) as e:
            svc.create(
                username="nils", display_name="Nils", roles=frozenset({Role.CLINICIAN}), password=PASSWORD
            )
        assert e.value.code == "server.connect"
    finally:
        world.db.cluster.resume()
        session.close()
    assert not _can_sign_in(world, "nils")
