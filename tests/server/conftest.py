"""A real PostgreSQL for the unit-server tests, started by the test suite itself.

One throw-away cluster per test session (``initdb`` + ``pg_ctl`` from the distribution's packages, which
``make test`` installs), on a Unix socket in its own folder, no TCP, SCRAM passwords for every role.  As
root the cluster runs as the ``postgres`` system user.  Each test gets a fresh database copied from a
template at the newest schema, owned by a non-superuser owner role with CREATEROLE (as docs/server.md
recommends); the account login roles a test makes are dropped afterwards (roles belong to the cluster).
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from injurydoc.server.localcluster import ClusterError, LocalCluster
from injurydoc.server.migrate import migrate
from tests.conftest import allow_outside_tmp
from tests.server.world import OWNER, OWNER_PASSWORD, TEMPLATE, ServerDb, World

# Read at import, before the autouse fixture points TMPDIR at a per-test folder that the postgres
# system user could not enter.
_SYSTEM_TMP = Path(tempfile.gettempdir())
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[LocalCluster]:
    try:
        cluster = LocalCluster(base=_SYSTEM_TMP)
    except ClusterError as exc:
        pytest.fail(f"{exc} (make test installs PostgreSQL)")
    allow_outside_tmp(cluster.root)
    with cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as su:
            su.execute(
                sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                    sql.Identifier(OWNER), sql.Literal(OWNER_PASSWORD)
                )
            )
            su.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(TEMPLATE), sql.Identifier(OWNER))
            )
        migrate(cluster.dsn(TEMPLATE, OWNER, OWNER_PASSWORD), "head")
        yield cluster


def _drop_database(cluster: LocalCluster, dbname: str) -> None:
    roles: list[str] = []
    with psycopg.connect(cluster.dsn(), autocommit=True) as su:
        try:
            with psycopg.connect(cluster.dsn(dbname), autocommit=True) as db:
                if db.execute("SELECT to_regclass('injurydoc.accounts')").fetchone()[0]:
                    roles = [r[0] for r in db.execute("SELECT role_name FROM injurydoc.accounts")]
        except psycopg.OperationalError:
            pass
        su.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        for role in roles:
            su.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture
def server_db(pg_cluster: LocalCluster) -> Iterator[ServerDb]:
    """A fresh database at the newest schema, with no unit yet."""
    name = f"injurydoc_t{next(_numbers)}"
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as su:
        su.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(TEMPLATE), sql.Identifier(OWNER)
            )
        )
    try:
        yield ServerDb(pg_cluster, name)
    finally:
        _drop_database(pg_cluster, name)


@pytest.fixture
def empty_db(pg_cluster: LocalCluster) -> Iterator[ServerDb]:
    """A fresh database without any schema (for migrations from the first version)."""
    name = f"injurydoc_e{next(_numbers)}"
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as su:
        su.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(OWNER)))
    try:
        yield ServerDb(pg_cluster, name)
    finally:
        _drop_database(pg_cluster, name)


@pytest.fixture
def world(server_db: ServerDb) -> Iterator[World]:
    """Two units on one server: unit A (manager chef; clinicians anna, erik; trainer tove) and unit B
    (manager berit; clinician bo)."""
    w = World.build(server_db)
    try:
        yield w
    finally:
        w.close()
