"""The SCRAM verifiers of the unit server's login roles: the program's (libpq's, 4096 PBKDF2 iterations)
and the server tests' cheap ones (tests/server/conftest.py, ``_cheap_scram``), which must be as good for a
login as libpq's."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql

from injurydoc.server import admin
from tests.server.conftest import TEST_SCRAM_ITERATIONS, cheap_verifier
from tests.server.world import PASSWORD, World


def _verifier(world: World, role: str) -> str:
    with world.db.superuser() as su:
        row = su.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,)).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.real_kdf
def test_an_account_gets_libpq_s_verifier_with_4096_iterations(world: World) -> None:
    admin.create_account(
        world.as_("chef"), username="olof", display_name="Olof", roles=["clinician"], password=PASSWORD
    )
    assert _verifier(world, "olof").startswith("SCRAM-SHA-256$4096:")
    with world.db.connect("olof") as olof:
        assert olof.execute("SELECT current_user").fetchone() == ("olof",)


def test_other_server_tests_get_cheap_verifiers(world: World) -> None:
    admin.create_account(
        world.as_("chef"), username="olof", display_name="Olof", roles=["clinician"], password=PASSWORD
    )
    cheap = f"SCRAM-SHA-256${TEST_SCRAM_ITERATIONS}:"
    for role in ("olof", "anna", "chef"):
        assert _verifier(world, role).startswith(cheap), role


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "tab\tand\x7fcontrol",  # ASCII: used as it is
        "Lösen\u00a0ord ﬁ Å",  # a no-break space mapped to a space; NFKC: the ligature, A + ring
        "soft\u00adhyphen",  # mapped to nothing
        "\u0627\u0644\u0633\u0631",  # right-to-left text
        "mixed \u0627 and latin",  # bad bidi: the raw bytes
        "zero\u200bwidth",  # a zero-width space: mapped to nothing
        "private \ue000 use",  # prohibited: the raw bytes
    ],
)
def test_a_cheap_verifier_lets_its_password_in_and_no_other(world: World, password: str) -> None:
    with world.db.superuser() as su:
        su.execute(
            sql.SQL("CREATE ROLE stranger LOGIN PASSWORD {}").format(
                sql.Literal(cheap_verifier(su, "stranger", password))
            )
        )
    try:  # into the database "postgres": the unit's is locked down to the accounts
        with psycopg.connect(world.db.cluster.dsn("postgres", "stranger", password)) as conn:
            assert conn.execute("SELECT current_user").fetchone() == ("stranger",)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(world.db.cluster.dsn("postgres", "stranger", password + "x"))
    finally:
        with world.db.superuser() as su:
            su.execute("DROP ROLE stranger")
