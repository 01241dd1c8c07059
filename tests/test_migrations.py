"""Migrations: from every earlier schema version to the newest, data intact."""

import pytest
import sqlcipher3.dbapi2 as sqlcipher

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
    """An upgrade runs one transaction per version: the versions before a failing one stay committed,
    the failing one leaves nothing behind."""
    key = new_data_key()
    path = tmp_path / "m.db"
    import injurydoc.store.database as database

    first = schema.MIGRATIONS[0][0]
    monkeypatch.setattr(database, "CURRENT_VERSION", first)
    Database(path, key, page_size=PAGE_SIZE, create=True).close()
    monkeypatch.undo()
    broken = [*schema.MIGRATIONS, (schema.CURRENT_VERSION + 1, ["CREATE TABLE zz (a)", "NOT SQL AT ALL"])]
    monkeypatch.setattr(database, "MIGRATIONS", broken)
    monkeypatch.setattr(database, "CURRENT_VERSION", schema.CURRENT_VERSION + 1)
    with pytest.raises(Exception):  # noqa: B017 - a bug in a migration is a bug, not a KnownError
        Database(path, key, page_size=PAGE_SIZE)
    monkeypatch.undo()
    db = Database(path, key, page_size=PAGE_SIZE)
    assert db.user_version() == schema.CURRENT_VERSION
    assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'zz'") == 0
    db.close()


def test_a_failure_while_making_a_new_store_leaves_it_new(tmp_path, monkeypatch):
    """A new store is made in one transaction: an error in its last statement leaves no table at all,
    and the next open makes it whole."""
    key = new_data_key()
    path = tmp_path / "m.db"
    broken = [*schema.MIGRATIONS, (schema.CURRENT_VERSION + 1, ["CREATE TABLE zz (a)", "NOT SQL AT ALL"])]
    import injurydoc.store.database as database

    monkeypatch.setattr(database, "MIGRATIONS", broken)
    monkeypatch.setattr(database, "CURRENT_VERSION", schema.CURRENT_VERSION + 1)
    with pytest.raises(Exception):  # noqa: B017 - a bug in a migration is a bug, not a KnownError
        Database(path, key, page_size=PAGE_SIZE, create=True)
    monkeypatch.undo()
    # Read as it was left, with nothing migrating it: version 0, not one table.
    raw = sqlcipher.connect(str(path))
    try:
        raw.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        raw.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
        assert raw.execute("PRAGMA user_version").fetchone() == (0,)
        assert raw.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    finally:
        raw.close()
    db = Database(path, key, page_size=PAGE_SIZE)
    assert db.user_version() == schema.CURRENT_VERSION
    assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'zz'") == 0
    db.close()


_PRAGMAS = (
    "user_version",
    "page_size",
    "page_count",
    "freelist_count",
    "journal_mode",
    "auto_vacuum",
    "encoding",
    "application_id",
    "foreign_keys",
    "secure_delete",
    "synchronous",
    "temp_store",
    "wal_autocheckpoint",
    "cache_size",
    "busy_timeout",
    "recursive_triggers",
    "cipher_page_size",
    "integrity_check",
    "foreign_key_check",
)


def _schema_and_pragmas(db):
    dump = db.all("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY rowid")
    return dump, {p: db.all(f"PRAGMA {p}") for p in _PRAGMAS}


def test_a_new_store_made_at_once_is_the_store_made_version_by_version(tmp_path, monkeypatch):
    """The one-transaction path for a new store runs the same statements as the migrations one by one:
    the same schema (every row of sqlite_master), the same pragmas, the same version."""
    key = new_data_key()
    at_once = Database(tmp_path / "a.db", key, page_size=PAGE_SIZE, create=True)
    import injurydoc.store.database as database

    # Version by version: a store at the first version (its one migration), upgraded one step at a time.
    monkeypatch.setattr(database, "CURRENT_VERSION", schema.MIGRATIONS[0][0])
    Database(tmp_path / "s.db", key, page_size=PAGE_SIZE, create=True).close()
    monkeypatch.undo()
    stepwise = Database(tmp_path / "s.db", key, page_size=PAGE_SIZE)
    try:
        dump, pragmas = _schema_and_pragmas(at_once)
        assert pragmas["user_version"] == [(schema.CURRENT_VERSION,)]
        assert len(dump) > 50
        assert (dump, pragmas) == _schema_and_pragmas(stepwise)
    finally:
        at_once.close()
        stepwise.close()


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
