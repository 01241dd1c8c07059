"""Schema migrations on a real PostgreSQL: up from the first version with data in it, and down again;
every revision up and down; refusals for unknown and newer versions."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import psycopg
import pytest

from injurydoc.server import admin, migrate, reads
from injurydoc.server.errors import ServerError
from injurydoc.server.upload import upload
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
    revs = migrate.revisions()
    # 0007: the unit made at 0001 is a real unit, and the workstation row is kept down and up
    with empty_db.owner() as o:
        assert o.execute("SELECT purpose FROM injurydoc.units").fetchall() == [("real",)]
    assert w.as_("anna").execute("SELECT injurydoc.may_open(%s)", (patient,)).fetchone()[0]
    w.close()
    down = migrate.migrate(dsn, revs[revs.index("0007") - 1])
    assert down.ran == tuple(reversed(revs[revs.index("0007") :]))
    with empty_db.owner() as o:
        assert not o.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'injurydoc'"
            " AND table_name = 'units' AND column_name = 'purpose'"
        ).fetchone()[0]
        assert not o.execute(
            "SELECT to_regprocedure('injurydoc.create_unit(text, text, text, text, text)')"
        ).fetchone()[0]
        assert o.execute("SELECT count(*) FROM injurydoc.workstations").fetchone()[0] == 1
    w = World(empty_db, *_unit_ids(empty_db), ids=w.ids, keys=w.keys)
    w.as_("anna").execute("SELECT injurydoc.report_sync(gen_random_uuid(), 'Rum 4', 'ok', '0.1.0')")
    assert reads.read_patient(w.as_("anna"), patient) is not None
    w.close()
    assert migrate.migrate(dsn, "head").ran == tuple(revs[revs.index("0007") :])  # and up again
    before_0004 = revs[revs.index("0004") - 1]
    down = migrate.migrate(dsn, before_0004)
    assert down.ran == tuple(reversed(revs[revs.index("0004") :]))
    with empty_db.owner() as o:
        assert not o.execute("SELECT to_regprocedure('injurydoc.unit_statistics(timestamptz[])')").fetchone()[
            0
        ]
        assert o.execute("SELECT count(*) FROM injurydoc.access_log WHERE action = 'statistics'").fetchone()[
            0
        ]

    down = migrate.migrate(dsn, "0002")
    assert down.ran == tuple(reversed(revs[revs.index("0002") + 1 : revs.index(before_0004) + 1]))
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


def test_0006_checks_chunks_sent_before_it_by_reading_them_back_and_goes_down_again(
    empty_db: ServerDb,
) -> None:
    revs = migrate.revisions()
    before = revs[revs.index("0006") - 1]
    dsn = empty_db.owner_dsn
    migrate.migrate(dsn, before)
    with empty_db.owner() as o:
        o.execute("SELECT injurydoc.create_unit('VC Sex', 'chef', 'Chef', %s)", (_verifier(o, "chef"),))
        o.execute("REVOKE CONNECT ON DATABASE " + empty_db.name + " FROM PUBLIC")
        o.execute("GRANT CONNECT ON DATABASE " + empty_db.name + " TO injurydoc_account")
    with empty_db.connect("chef") as chef:
        admin.create_account(
            chef, username="anna", display_name="Anna", roles=["clinician"], password=PASSWORD
        )
    unit = _unit_ids(empty_db)[0]
    chunk = 65536
    good, bad, later = os.urandom(chunk - 1), os.urandom(chunk - 2), os.urandom(3 * chunk)
    with empty_db.connect("anna") as anna:
        # announced and sent (one chunk each) before 0006, not yet checked: no digest of arrival; the
        # bad one sent with its last byte changed (always different, whatever the random byte was)
        for data, sent in ((good, good), (bad, bad[:-1] + bytes([bad[-1] ^ 1]))):
            sha = hashlib.sha256(data).digest()
            anna.execute("SELECT * FROM injurydoc.begin_upload(%s, %s, %s)", (sha, len(data), chunk))
            anna.execute(
                "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data) VALUES (%s, %s, 0, %s)",
                (unit, sha, sent),
            )
        # this program with a server not migrated yet: chunks go without their digest
        upload(anna, unit, later, chunk_size=chunk, stop_after=1)

    migrate.migrate(dsn, "head")
    with empty_db.connect("anna") as anna:
        finish = "SELECT injurydoc.finish_upload(%s)"
        assert anna.execute(finish, (hashlib.sha256(good).digest(),)).fetchone()[0] == "complete"
        assert anna.execute(finish, (hashlib.sha256(bad).digest(),)).fetchone()[0] == "mismatch"
        assert upload(anna, unit, later, chunk_size=chunk).chunks_sent == 2  # resumed across the upgrade
    with empty_db.owner() as o:
        digests = o.execute(
            "SELECT length(data), data_sha256 FROM injurydoc.photo_chunks ORDER BY length(data), idx"
        ).fetchall()
    assert digests[0] == (chunk - 1, None)  # stored before 0006: left as it was
    assert [d for _n, d in digests[1:]] == [
        None,
        *(hashlib.sha256(later[i * chunk : (i + 1) * chunk]).digest() for i in (1, 2)),
    ]

    down = migrate.migrate(dsn, before)
    assert down.direction == "down"
    with empty_db.owner() as o:
        assert not o.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'injurydoc'"
            " AND column_name = 'data_sha256'"
        ).fetchone()[0]
        complete = "SELECT count(*) FROM injurydoc.photo_blobs WHERE completed_at IS NOT NULL"
        assert o.execute(complete).fetchone()[0] == 2
    with empty_db.connect("anna") as anna:  # the earlier functions are back and work, without digests
        again = os.urandom(2 * chunk)
        assert upload(anna, unit, again, chunk_size=chunk).chunks_sent == 2
        assert upload(anna, unit, good, chunk_size=chunk).already_stored


def test_0015_goes_down_and_up_with_a_protected_person_an_import_moved(world: World) -> None:
    """0015: an open import inserts a protected person (ciphertext only); down again, it inserts persons
    without protection only (as at 0008) and what it moved stays; up again, protected persons once more."""
    import json
    import uuid

    from tests.server.world import lookup_value

    chef = world.as_("chef")

    def insert(protected: bool) -> uuid.UUID:
        pid = uuid.uuid4()
        chef.execute(
            "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, identity_ciphertext,"
            " created_by) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (
                pid,
                world.unit_a,
                "sekretessmarkering" if protected else "none",
                lookup_value(str(pid.int)[:12]),
                None if protected else json.dumps({"name": "Öppen"}),
                os.urandom(64) if protected else None,
                world.ids["anna"],
            ),
        )
        return pid

    def in_an_import(protected: bool) -> uuid.UUID:
        (import_id,) = chef.execute("SELECT injurydoc.open_store_import('store-0015')").fetchone() or (None,)
        try:
            return insert(protected)
        finally:
            chef.execute("SELECT injurydoc.close_store_import(%s)", (import_id,))

    moved = in_an_import(True)
    world.close()
    revs = migrate.revisions()
    down = migrate.migrate(world.db.owner_dsn, revs[revs.index("0015") - 1])
    assert "0015" in down.ran
    chef = world.as_("chef")
    with world.db.owner() as o:
        assert not o.execute(
            "SELECT to_regprocedure('injurydoc.import_co_handler(uuid, uuid, text)')"
        ).fetchone()[0]
        assert o.execute("SELECT count(*) FROM injurydoc.patients WHERE id = %s", (moved,)).fetchone()[0] == 1
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        in_an_import(True)
    in_an_import(False)
    world.close()
    migrate.migrate(world.db.owner_dsn, "head")
    chef = world.as_("chef")
    in_an_import(True)
