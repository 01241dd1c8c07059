"""A real PostgreSQL for the unit-server tests, started by the test suite itself.

One throw-away cluster per test session (``initdb`` + ``pg_ctl`` from the distribution's packages, which
``make test`` installs), on a Unix socket in its own folder, no TCP, SCRAM passwords for every role.  As
root the cluster runs as the ``postgres`` system user.  Each test gets a fresh database copied from a
template at the newest schema, owned by a non-superuser owner role with CREATEROLE (as docs/server.md
recommends); the roles a test makes (those of ``pg_roles`` it did not start with) are dropped afterwards
(roles belong to the cluster).  The databases are made and dropped on one superuser connection of the
session (:class:`Superuser`).

The two-unit :class:`World` is built once per test process, in a database of its own, and copied for each
test that asks for it (``CREATE DATABASE … TEMPLATE``): building it takes a dozen connections, SCRAM
verifiers and role grants (≈ 0.3 s), a copy ≈ 0.05 s.  Its login roles are cluster-wide, so they stay
while world tests follow one another; after each test the roles, their memberships and settings are
compared with what the build left, and any difference (a password set, an account disabled, a role
granted) throws the world away, to be built anew.  A test without the world gets a cluster without its
roles, as before.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from injurydoc.server.connection import scram_verifier
from injurydoc.server.localcluster import ClusterError, LocalCluster
from injurydoc.server.migrate import migrate
from tests.conftest import allow_outside_tmp
from tests.server.world import OWNER, OWNER_PASSWORD, TEMPLATE, ServerDb, World

# Read at import, before the autouse fixture points TMPDIR at a per-test folder that the postgres
# system user could not enter.  The cluster lives in the tests' temp root when one is given (make test:
# /dev/shm, a tmpfs): on a disk, creating and dropping a database per test (files, WAL segments) cost
# the server processes more CPU in the kernel than the tests' own work.
_SYSTEM_TMP = Path(os.environ.get("PYTEST_DEBUG_TEMPROOT") or tempfile.gettempdir())
_numbers = itertools.count(1)
#: How a test's database is copied from its template: file by file rather than PostgreSQL 15's default
#: (``WAL_LOG``, every block of the template written through the WAL), which cost the server ≈ 25 % more
#: CPU and wall time per copy-and-drop for these small databases (docs/benchmarks.md, "make test").
_COPY = "STRATEGY FILE_COPY"
#: PBKDF2 iterations of the SCRAM verifiers the server tests make (PostgreSQL's own: 4096).
TEST_SCRAM_ITERATIONS = 1
_CHEAP_SCRAM = {"iterations": TEST_SCRAM_ITERATIONS}


@pytest.fixture(autouse=True)
def _cheap_scram(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The program's :func:`~injurydoc.server.connection.scram_verifier` makes verifiers of
    :data:`TEST_SCRAM_ITERATIONS` in the server tests, unless the test is marked ``@pytest.mark.real_kdf``.

    A SCRAM client does a verifier's PBKDF2 iterations on every connection: with PostgreSQL's 4096,
    ≈ 5 ms of CPU per connection, 8 % of the whole suite's CPU, on connections that test anything but
    that cost.  The superuser's and the owner role's verifiers are made cheap once per cluster
    (:func:`pg_cluster`), the world's while it is built.  The ``real_kdf`` tests keep libpq's verifier and
    check its 4096 iterations; the program itself is unchanged.
    """
    if request.node.get_closest_marker("real_kdf") is None:
        monkeypatch.setattr(scram_verifier, "__kwdefaults__", _CHEAP_SCRAM)


def cheap_verifier(conn: psycopg.Connection[Any], user: str, password: str) -> str:
    """A verifier of :data:`TEST_SCRAM_ITERATIONS` for a role a test makes by SQL."""
    return scram_verifier(conn, user, password, iterations=TEST_SCRAM_ITERATIONS)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[LocalCluster]:
    try:
        cluster = LocalCluster(base=_SYSTEM_TMP)
    except ClusterError as exc:
        pytest.fail(f"{exc} (make test installs PostgreSQL)")
    allow_outside_tmp(cluster.root)
    with cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as su:
            su.execute(  # initdb's verifier has 4096 iterations
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(cluster.superuser),
                    sql.Literal(cheap_verifier(su, cluster.superuser, cluster.password)),
                )
            )
            su.execute(
                sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                    sql.Identifier(OWNER), sql.Literal(cheap_verifier(su, OWNER, OWNER_PASSWORD))
                )
            )
            su.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(TEMPLATE), sql.Identifier(OWNER))
            )
        migrate(cluster.dsn(TEMPLATE, OWNER, OWNER_PASSWORD), "head")
        yield cluster


class Superuser:
    """The session's superuser connection (database ``postgres``).  Each test's database is made and
    dropped, and the roles compared, on it: a new connection for each of these cost the client and the
    server more than the statements.  Made again when a test stopped and started the server."""

    def __init__(self, cluster: LocalCluster) -> None:
        self.cluster = cluster
        self._conn: psycopg.Connection[Any] | None = None

    def __call__(self) -> psycopg.Connection[Any]:
        if self._conn is not None:
            try:
                self._conn.execute("SELECT")
                return self._conn
            except psycopg.OperationalError:
                self._conn.close()
        self._conn = psycopg.connect(self.cluster.dsn(), autocommit=True)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@pytest.fixture(scope="session")
def superuser(pg_cluster: LocalCluster) -> Iterator[Superuser]:
    su = Superuser(pg_cluster)
    yield su
    su.close()


def _role_names(su: psycopg.Connection[Any]) -> frozenset[str]:
    return frozenset(su.execute("SELECT coalesce(array_agg(rolname), '{}') FROM pg_roles").fetchone()[0])


def _drop_database(su: psycopg.Connection[Any], dbname: str, roles_before: frozenset[str]) -> None:
    """Drop ``dbname`` and every role made since the cluster had ``roles_before`` (roles are the
    cluster's: an account's login role outlives its database)."""
    su.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
    made = _role_names(su) - roles_before
    if made:
        names = sql.SQL(", ").join(map(sql.Identifier, sorted(made)))
        su.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(names))


def _role_state(su: psycopg.Connection[Any]) -> str:
    return str(su.execute(_ROLE_STATE).fetchone()[0])


#: Everything about roles that lives in the cluster rather than in a database (so a database copy does
#: not bring it back): the roles with their attributes and password verifiers, memberships, settings.
_ROLE_STATE = """
SELECT json_build_object(
  'roles', (SELECT json_agg(row_to_json(a) ORDER BY a.rolname) FROM pg_authid a WHERE a.rolname !~ '^pg_'),
  'members', (SELECT json_agg(row_to_json(m) ORDER BY m.roleid, m.member) FROM pg_auth_members m),
  'settings', (SELECT json_agg(row_to_json(s) ORDER BY s.setdatabase, s.setrole) FROM pg_db_role_setting s)
)::text
"""
#: What a database copy does not bring along either: its own entry in pg_database.
_DATABASE_STATE = (
    "SELECT datdba, encoding, datallowconn, datconnlimit, datacl::text[] FROM pg_database WHERE datname = %s"
)
WORLD_DB = "injurydoc_world"


class WorldTemplate:
    """The two-unit world, built once in database :data:`WORLD_DB` and copied for each test."""

    def __init__(self, cluster: LocalCluster, superuser: Superuser) -> None:
        self.cluster = cluster
        self.superuser = superuser
        self.world: World | None = None
        self.before: frozenset[str] = frozenset()  # the cluster's roles before the build
        self.roles: frozenset[str] = frozenset()  # the cluster's roles after it
        self.state = ""  # the cluster's role state right after the build

    def _build(self) -> World:
        su = self.superuser()
        self.before = _role_names(su)
        su.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {} " + _COPY).format(
                sql.Identifier(WORLD_DB), sql.Identifier(TEMPLATE), sql.Identifier(OWNER)
            )
        )
        with pytest.MonkeyPatch.context() as mp:  # its roles outlive the test (a real_kdf one, too)
            mp.setattr(scram_verifier, "__kwdefaults__", _CHEAP_SCRAM)
            world = World.build(ServerDb(self.cluster, WORLD_DB))
        world.close()  # a template database must have no sessions
        self.roles = _role_names(su)
        self.state = _role_state(su)
        return world

    def copy(self, name: str) -> None:
        """Database ``name``: a copy of the world (built first if need be), with its connect rights."""
        if self.world is None:
            self.world = self._build()
        # pg_database's row is the cluster's, not the template's: the lock-down init_server made (only
        # the program's accounts may connect) is made again and compared.  The superuser's GRANT and
        # REVOKE on a database are recorded as its owner's (PostgreSQL, GRANT: "performed as though it
        # were issued by the owner"), so one connection does it all; the comparison of datacl (grantor
        # included) would see it otherwise.
        su = self.superuser()
        db = sql.Identifier(name)
        su.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {} " + _COPY).format(
                db, sql.Identifier(WORLD_DB), sql.Identifier(OWNER)
            )
        )
        su.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(db))
        su.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO injurydoc_account").format(db))
        made, built = (su.execute(_DATABASE_STATE, (n,)).fetchone() for n in (name, WORLD_DB))
        assert made == built, f"the copy of the world differs from it in pg_database: {made} != {built}"

    def world_in(self, db: ServerDb) -> World:
        """The world's handle for its copy ``db``: the same units, accounts and keys, no connections."""
        assert self.world is not None
        return self.world.in_copy(db)

    def drop_copy(self, name: str) -> None:
        """Drop a copy and the roles its test made; the world itself goes too if the test changed any
        role of the cluster (a copy cannot undo that)."""
        su = self.superuser()
        _drop_database(su, name, self.roles)
        if _role_state(su) != self.state:
            self.discard()

    def discard(self) -> None:
        """The cluster as it was before the world was built: its database and its roles dropped."""
        if self.world is None:
            return
        self.world = None
        _drop_database(self.superuser(), WORLD_DB, self.before)
        self.before, self.roles, self.state = frozenset(), frozenset(), ""


@pytest.fixture(scope="session")
def world_template(pg_cluster: LocalCluster, superuser: Superuser) -> WorldTemplate:
    return WorldTemplate(pg_cluster, superuser)


@pytest.fixture
def server_db(
    pg_cluster: LocalCluster,
    world_template: WorldTemplate,
    superuser: Superuser,
    request: pytest.FixtureRequest,
) -> Iterator[ServerDb]:
    """A fresh database at the newest schema, with no unit yet (for a test of the ``world``: a copy of
    the world, see :class:`WorldTemplate`)."""
    name = f"injurydoc_t{next(_numbers)}"
    if "world" in request.fixturenames:
        world_template.copy(name)
        try:
            yield ServerDb(pg_cluster, name)
        finally:
            world_template.drop_copy(name)
        return
    world_template.discard()  # the cluster without the world's roles (a test may create its own "chef")
    su = superuser()
    roles = _role_names(su)
    su.execute(
        sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {} " + _COPY).format(
            sql.Identifier(name), sql.Identifier(TEMPLATE), sql.Identifier(OWNER)
        )
    )
    try:
        yield ServerDb(pg_cluster, name)
    finally:
        _drop_database(superuser(), name, roles)


@pytest.fixture
def empty_db(
    pg_cluster: LocalCluster, world_template: WorldTemplate, superuser: Superuser
) -> Iterator[ServerDb]:
    """A fresh database without any schema (for migrations from the first version)."""
    world_template.discard()
    name = f"injurydoc_e{next(_numbers)}"
    su = superuser()
    roles = _role_names(su)
    su.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(OWNER)))
    try:
        yield ServerDb(pg_cluster, name)
    finally:
        _drop_database(superuser(), name, roles)


@pytest.fixture
def world(server_db: ServerDb, world_template: WorldTemplate) -> Iterator[World]:
    """Two units on one server: unit A (manager chef; clinicians anna, erik; trainer tove) and unit B
    (manager berit; clinician bo).  A copy of the world :class:`WorldTemplate` built."""
    w = world_template.world_in(server_db)
    try:
        yield w
    finally:
        w.close()
