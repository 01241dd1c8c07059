"""Schema migrations on a real PostgreSQL: up from the first version with data in it, and down again;
every revision up and down; refusals for unknown and newer versions."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from injurydoc.server import admin, migrate, reads
from injurydoc.server.errors import ServerError
from tests.server.world import PASSWORD, ServerDb, World


def _tables(db: ServerDb) -> set[str]:
    with db.owner() as o:
        return {r[0] for r in o.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'injurydoc'")}


def _roles(db: ServerDb, *names: str) -> set[str]:
    with db.superuser() as su:
        return {
            r[0] for r in su.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(names),))
        }


def test_every_revision_goes_up_and_down_from_an_empty_database(empty_db: ServerDb) -> None:
    revs = migrate.revisions()
    assert revs[0] == "0001" and revs[-1] == migrate.head_revision()
    dsn = empty_db.owner_dsn
    previous: str | None = None
    for rev in revs:
        up = migrate.migrate(dsn, rev)
        assert (up.before, up.after, up.direction) == (previous, rev, "up")
        down = migrate.migrate(dsn, previous or "base")
        assert (down.after, down.direction) == (previous, "down")
        again = migrate.migrate(dsn, rev)
        assert again.after == rev
        previous = rev
    assert migrate.migrate(dsn, "head").direction == "none"
    assert "workstations" in _tables(empty_db)
    migrate.migrate(dsn, "base")
    assert _tables(empty_db) == set()


def test_up_from_the_first_version_with_data_in_it_and_down_again(empty_db: ServerDb) -> None:
    dsn = empty_db.owner_dsn
    migrate.migrate(dsn, "0001")
    with empty_db.owner() as o:
        assert o.execute(
            "SELECT injurydoc.create_unit('VC Först', 'chef', 'Chef', %s)", (_verifier(o, "chef"),)
        ).fetchone()[0]
        o.execute("REVOKE CONNECT ON DATABASE " + empty_db.name + " FROM PUBLIC")
        o.execute("GRANT CONNECT ON DATABASE " + empty_db.name + " TO injurydoc_account")
    w = World(empty_db, *_unit_ids(empty_db))
    with empty_db.connect("chef") as chef:
        admin.create_account(
            chef, username="anna", display_name="Anna", roles=["clinician"], password=PASSWORD
        )
    with empty_db.owner() as o:
        w.ids.update({r[0]: r[1] for r in o.execute("SELECT role_name, id FROM injurydoc.accounts")})
    w.keys["anna"] = w.add_key("anna")
    patient = w.add_patient("anna", protection="sekretessmarkering")
    exam = w.add_exam("anna", patient)
    version = w.add_version("anna", exam, encrypted=True)
    w.sign("anna", exam, version)
    assert reads.read_patient(w.as_("anna"), patient) is not None
    with empty_db.owner() as o:
        before = {
            t: o.execute(f"SELECT count(*) FROM injurydoc.{t}").fetchone()[0]
            for t in ("patients", "examinations", "signatures", "access_log", "accounts")
        }
    w.close()

    result = migrate.migrate(dsn, "head")
    assert result.before == "0001" and result.ran == tuple(migrate.revisions()[1:])
    w = World(empty_db, *_unit_ids(empty_db), ids=w.ids, keys=w.keys)
    exam_read = reads.read_examination(w.as_("anna"), exam)
    assert exam_read is not None and exam_read["signature"] is not None
    w.as_("anna").execute("SELECT injurydoc.report_sync(gen_random_uuid(), 'Rum 3', 'ok', '0.1.0')")
    # 0003: rows made before the change feed existed are in the feed from cursor 0, and only there
    feed = w.as_("anna").execute("SELECT kind, id, xid FROM injurydoc.changes_since(0)").fetchall()
    assert {("patient", patient), ("examination", exam), ("version", version), ("signature", exam)} <= {
        (k, i) for k, i, _x in feed
    }
    later = w.as_("anna").execute("SELECT kind FROM injurydoc.changes_since(%s)", (feed[-1][2],)).fetchall()
    assert later == [("cursor",)]
    assert w.as_("anna").execute("SELECT injurydoc.holds('version', %s)", (version,)).fetchone()[0]
    with empty_db.owner() as o:
        assert o.execute("SELECT count(*) FROM injurydoc.workstations").fetchone()[0] == 1
        for t, n in before.items():
            assert o.execute(f"SELECT count(*) FROM injurydoc.{t}").fetchone()[0] >= n, t
    w.close()

    # 0004: the unit's statistics, from rows made at 0001 (the protected person: counted, not read)
    now = dt.datetime.now(dt.UTC)
    month = dt.datetime(now.year, now.month, 1, tzinfo=dt.UTC)
    bounds = [month, (month + dt.timedelta(days=32)).replace(day=1)]
    with empty_db.connect("chef") as chef:
        stats = {
            (p, i): n
            for p, i, n in chef.execute("SELECT * FROM injurydoc.unit_statistics(%s)", (bounds,)).fetchall()
        }
        assert stats[(0, "examinations")] is None and stats[(0, "photos")] == 0  # 1: suppressed
        assert stats[(0, "encrypted_examinations")] is None and (0, "protected_persons") in stats
        assert chef.execute(
            "SELECT count(*) FROM injurydoc.access_log WHERE action = 'statistics'"
        ).fetchone()[0]
    down = migrate.migrate(dsn, "0003")
    assert down.ran == ("0004",)
    with empty_db.owner() as o:
        assert not o.execute("SELECT to_regprocedure('injurydoc.unit_statistics(timestamptz[])')").fetchone()[
            0
        ]
        assert o.execute("SELECT count(*) FROM injurydoc.access_log WHERE action = 'statistics'").fetchone()[
            0
        ]

    down = migrate.migrate(dsn, "0002")
    assert down.ran == ("0003",)
    with empty_db.owner() as o:
        assert not o.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'injurydoc'"
            " AND column_name = 'change_xid'"
        ).fetchone()[0]
        assert not o.execute("SELECT to_regprocedure('injurydoc.changes_since(bigint)')").fetchone()[0]
        assert o.execute("SELECT count(*) FROM injurydoc.signatures").fetchone()[0] == before["signatures"]
    down = migrate.migrate(dsn, "0001")
    assert down.direction == "down" and "workstations" not in _tables(empty_db)
    w = World(empty_db, *_unit_ids(empty_db), ids=w.ids, keys=w.keys)
    assert reads.read_patient(w.as_("anna"), patient) is not None  # data and rules intact at 0001
    w.close()

    migrate.migrate(dsn, "base")
    assert _tables(empty_db) == set()
    assert _roles(empty_db, "chef", "anna") == set()  # the accounts' login roles went with the schema
    assert _roles(empty_db, "injurydoc_clinician") == {"injurydoc_clinician"}  # group roles stay


def _verifier(conn: psycopg.Connection, user: str) -> str:
    from injurydoc.server.connection import scram_verifier

    return scram_verifier(conn, user, PASSWORD)


def _unit_ids(db: ServerDb) -> tuple:
    with db.owner() as o:
        ids = [r[0] for r in o.execute("SELECT id FROM injurydoc.units ORDER BY name")]
    return (ids[0], ids[0])


def test_unknown_and_newer_versions_are_refused(server_db: ServerDb) -> None:
    with pytest.raises(ServerError) as err:
        migrate.migrate(server_db.owner_dsn, "0999")
    assert err.value.code == "server.revision_unknown"
    with server_db.owner() as o:
        o.execute("UPDATE injurydoc_meta.schema_version SET version_num = '0999'")
    with pytest.raises(ServerError) as err:
        migrate.migrate(server_db.owner_dsn, "head")
    assert err.value.code == "server.schema_too_new"


def test_application_roles_cannot_touch_the_version_table(world: World) -> None:
    for user in ("anna", "chef"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            world.as_(user).execute("UPDATE injurydoc_meta.schema_version SET version_num = '0001'")
