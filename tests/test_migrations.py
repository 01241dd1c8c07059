"""Migrations: from every earlier schema version to the newest, data intact."""

import pytest

from injurydoc.domain.errors import StoreError
from injurydoc.store import schema
from injurydoc.store.database import Database
from injurydoc.store.keyslots import PAGE_SIZE, new_data_key

EARLIER = [0] + [v for v, _ in schema.MIGRATIONS[:-1]]


@pytest.mark.parametrize("start", EARLIER)
def test_migrates_from_every_earlier_version(tmp_path, start, monkeypatch):
    key = new_data_key()
    path = tmp_path / "m.db"
    # Build a store at version `start` by running only the migrations up to it.
    monkeypatch.setattr(schema, "CURRENT_VERSION", start)
    import injurydoc.store.database as database

    monkeypatch.setattr(database, "CURRENT_VERSION", start)
    db = Database(path, key, page_size=PAGE_SIZE, create=True)
    assert db.user_version() == start
    if start >= 1:
        with db.transaction():
            db.execute("INSERT INTO meta (key, value) VALUES ('store_id', 'abc')")
            db.execute(
                "INSERT INTO accounts (id, username, display_name, profession, created_at) "
                "VALUES ('a1', 'anna', 'Anna', 'nurse', '2026-01-01T00:00:00+00:00')"
            )
            db.execute(
                "INSERT INTO patients (id, id_kind, id_value, id_digits, name, name_fold, sex, created_by, "
                "created_at, updated_at) VALUES ('p1', 'personnummer', '19800101-0008', '198001010008', "
                "'Gammal Data', 'gammal data', 'female', 'a1', '2026-01-01T00:00:00+00:00', "
                "'2026-01-01T00:00:00+00:00')"
            )
            db.execute(
                "INSERT INTO examinations (id, case_ref, patient_id, examiner_id, unit, status, created_at, "
                "updated_at, body) VALUES ('e1', 'SD-2026-0001', 'p1', 'a1', 'VC', 'signed', "
                "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', '{\"patient_account\": \"x\"}')"
            )
    db.close()
    monkeypatch.undo()
    db = Database(path, key, page_size=PAGE_SIZE)
    assert db.user_version() == schema.CURRENT_VERSION
    if start >= 1:
        assert db.scalar("SELECT value FROM meta WHERE key = 'store_id'") == "abc"
        from injurydoc.store import examinations

        old = examinations.get(db, "e1")
        assert old is not None and old.is_signed and old.patient_account == "x"
        # the signed examination is still protected after the migration
        from injurydoc.domain.errors import ImmutableError

        with pytest.raises(ImmutableError):
            db.execute("UPDATE examinations SET body = '{}' WHERE id = 'e1'")
    assert db.integrity_problems() == []
    tables = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"audit_log", "examinations", "injuries", "patients", "accounts"} <= tables
    db.close()


def test_failed_migration_rolls_back_whole(tmp_path, monkeypatch):
    key = new_data_key()
    path = tmp_path / "m.db"
    broken = [*schema.MIGRATIONS, (schema.CURRENT_VERSION + 1, ["CREATE TABLE zz (a)", "NOT SQL AT ALL"])]
    import injurydoc.store.database as database

    monkeypatch.setattr(database, "MIGRATIONS", broken)
    monkeypatch.setattr(database, "CURRENT_VERSION", schema.CURRENT_VERSION + 1)
    with pytest.raises(Exception):  # noqa: B017 - a bug in a migration is a bug, not a KnownError
        Database(path, key, page_size=PAGE_SIZE, create=True)
    monkeypatch.undo()
    db = Database(path, key, page_size=PAGE_SIZE)
    assert db.user_version() == schema.CURRENT_VERSION
    assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'zz'") == 0
    db.close()


def test_newer_schema_is_refused(tmp_path):
    key = new_data_key()
    path = tmp_path / "m.db"
    db = Database(path, key, page_size=PAGE_SIZE, create=True)
    db.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 3}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Database(path, key, page_size=PAGE_SIZE)
    assert err.value.code == "store.too_new"
    assert path.read_bytes() == before
