"""The world fixture's copies (tests/server/conftest.py, WorldTemplate) are the world a fresh build makes:
the same accounts and keys, the same connect rights, and a role changed by one test is not what the next
test finds."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql

from injurydoc.server import admin
from tests.server.conftest import WORLD_DB, WorldTemplate, cheap_verifier
from tests.server.world import PASSWORD, ServerDb, World

NEW_PASSWORD = "ett helt annat lösenord"


def _can_sign_in(world: World, user: str, password: str = PASSWORD) -> bool:
    try:
        with world.db.connect(user, password):
            return True
    except psycopg.OperationalError:
        return False


def test_a_copy_holds_the_worlds_accounts_and_keys_and_only_accounts_may_connect(
    world: World, world_template: WorldTemplate
) -> None:
    with world.db.owner() as o:
        accounts = {r[0]: r[1] for r in o.execute("SELECT role_name, id FROM injurydoc.accounts")}
        keys = {r[0] for r in o.execute("SELECT id FROM injurydoc.account_keys")}
        units = {r[0] for r in o.execute("SELECT id FROM injurydoc.units")}
    assert accounts == world.ids and set(accounts) == {"chef", "anna", "erik", "tove", "berit", "bo"}
    assert keys == set(world.keys.values()) and units == {world.unit_a, world.unit_b}
    assert all(_can_sign_in(world, user) for user in accounts)
    with world.db.superuser() as su:
        verifier = cheap_verifier(su, "not_an_account", "not an account!")
        su.execute(sql.SQL("CREATE ROLE not_an_account LOGIN PASSWORD {}").format(sql.Literal(verifier)))
    try:
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(world.db.dsn("not_an_account", "not an account!")).close()
    finally:
        with world.db.superuser() as su:
            su.execute("DROP ROLE not_an_account")
    assert world.db.name != WORLD_DB  # the test works on its copy, never on the template itself


def test_a_role_changed_by_a_test_is_the_worlds_again_in_the_next_copy(
    world: World, world_template: WorldTemplate
) -> None:
    with world.as_("chef") as chef:
        admin.set_password(chef, world.ids["anna"], "anna", NEW_PASSWORD)
        admin.disable_account(chef, world.ids["erik"])
    world.close()
    assert _can_sign_in(world, "anna", NEW_PASSWORD) and not _can_sign_in(world, "erik")
    world_template.drop_copy(world.db.name)  # what the fixture does after the test: the world is thrown away
    assert world_template.world is None
    name = f"{world.db.name}_next"
    world_template.copy(name)
    try:
        nxt = world_template.world_in(ServerDb(world.db.cluster, name))
        assert _can_sign_in(nxt, "anna") and not _can_sign_in(nxt, "anna", NEW_PASSWORD)
        assert _can_sign_in(nxt, "erik")
        nxt.close()
    finally:
        world_template.drop_copy(name)
