"""Encrypted backup while the store is open; restore checks the copy and never overwrites."""

import io
import zipfile

import pytest

from injurydoc.cli import main
from injurydoc.domain.errors import AuthError, StoreError
from injurydoc.services.backup import backup, restore
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService

from .conftest import DISTINCT_NAME, PASSWORD, make_pnr


def _fill(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(1), name=DISTINCT_NAME)
    e = ExaminationService(s).create(p.id)
    s.close()
    return p, e


def test_backup_while_open_then_restore(store, tmp_path):
    p, e = _fill(store)
    clinician = store.sign_in("anna")  # someone is working in the store meanwhile
    m = store.sign_in("chef")
    out = backup(m, tmp_path / "b.injurydoc-backup")
    m.close()
    ExaminationService(clinician).update(e.id, assessment="after the backup")
    clinician.close()
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["backup.json", "injurydoc.db", "keyslots.json"]
        raw = z.read("injurydoc.db")
    assert not raw.startswith(b"SQLite format 3") and DISTINCT_NAME.encode() not in raw
    result = restore(out, tmp_path / "restored", username="anna", password=PASSWORD)
    assert result.audit_rows > 0
    s = store.sign_in("anna")
    s.close()
    r = __import__("injurydoc.services.session", fromlist=["sign_in"]).sign_in(
        tmp_path / "restored", "anna", PASSWORD
    )
    got = ExaminationService(r).get(e.id)
    assert got.assessment == ""  # the copy is from before the later change
    r.close()


def test_restore_refuses_to_overwrite(store, tmp_path):
    m = store.sign_in("chef")
    out = backup(m, tmp_path / "b.bak")
    m.close()
    with pytest.raises(StoreError) as err:
        restore(out, store.folder, username="anna", password=PASSWORD)
    assert err.value.code == "store.exists"
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "something.txt").write_text("keep me")
    with pytest.raises(StoreError):
        restore(out, tmp_path / "busy", username="anna", password=PASSWORD)
    assert (tmp_path / "busy" / "something.txt").read_text() == "keep me"


def test_backup_never_overwrites_a_file(store, tmp_path):
    (tmp_path / "b.bak").write_text("old")
    m = store.sign_in("chef")
    with pytest.raises(StoreError) as err:
        backup(m, tmp_path / "b.bak")
    m.close()
    assert err.value.code == "backup.out_exists"
    assert (tmp_path / "b.bak").read_text() == "old"


@pytest.mark.parametrize("what", ["db_byte", "truncated", "not_zip", "extra_entry"])
def test_damaged_backup_is_refused_and_leaves_nothing(store, tmp_path, what):
    m = store.sign_in("chef")
    out = backup(m, tmp_path / "b.bak")
    m.close()
    data = out.read_bytes()
    if what == "db_byte":
        with zipfile.ZipFile(out) as z:
            entries = {n: z.read(n) for n in z.namelist()}
        db = bytearray(entries["injurydoc.db"])
        db[5000] ^= 0xFF
        entries["injurydoc.db"] = bytes(db)
        with zipfile.ZipFile(out, "w") as z:
            for n, b in entries.items():
                z.writestr(n, b)
    elif what == "truncated":
        out.write_bytes(data[: len(data) // 2])
    elif what == "not_zip":
        out.write_bytes(b"hello")
    else:
        with zipfile.ZipFile(out, "a") as z:
            z.writestr("../evil", b"x")
    with pytest.raises(StoreError) as err:
        restore(out, tmp_path / "target", username="anna", password=PASSWORD)
    assert err.value.code == "backup.invalid"
    assert not (tmp_path / "target").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".injurydoc")] == []


def test_restore_with_wrong_password_is_refused(store, tmp_path):
    m = store.sign_in("chef")
    out = backup(m, tmp_path / "b.bak")
    m.close()
    with pytest.raises(AuthError):
        restore(out, tmp_path / "target", username="anna", password="wrong wrong wrong")
    assert not (tmp_path / "target").exists()


def test_backup_and_restore_cli_with_recovery_code(store, tmp_path):
    _fill(store)
    out = io.StringIO()
    rc = main(
        [
            "backup",
            "--store",
            str(store.folder),
            "--out",
            str(tmp_path / "x.bak"),
            "--user",
            "chef",
            "--password-stdin",
        ],
        stdin=io.StringIO(PASSWORD + "\n"),
        stdout=out,
        stderr=out,
    )
    assert rc == 0, out.getvalue()
    rc = main(
        [
            "restore",
            "--backup",
            str(tmp_path / "x.bak"),
            "--store",
            str(tmp_path / "r"),
            "--password-stdin",
            "--lang",
            "en",
        ],
        stdin=io.StringIO(store.recovery_code + "\n"),
        stdout=out,
        stderr=out,
    )
    assert rc == 0, out.getvalue()
    assert "Restored to" in out.getvalue()
    # the backup itself is in the access log of the original store
    m = store.sign_in("chef")
    assert m.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'copied'") == 1
    m.close()


def test_only_a_unit_manager_makes_backups(store, tmp_path):
    from injurydoc.domain.errors import AccessDenied

    s = store.sign_in("anna")
    with pytest.raises(AccessDenied):
        backup(s, tmp_path / "x.bak")
    s.close()


def _to_legacy_pages(store):
    """Turn a store into one made before the page size was recorded: SQLCipher's default 4 KiB pages
    and a version-1 key file.  Same key, same data."""
    import json
    import shutil

    import sqlcipher3.dbapi2 as sqlcipher

    from injurydoc.paths import app_data_dir
    from injurydoc.store.keyslots import checksum
    from injurydoc.store.vault import Vault

    from .helpers.legacy import make_legacy

    # A version 1 key file comes from before personal keys too, and such a version kept no pin of the
    # unit key on the computer (a pinned store found without one is refused: test_key_migration_backup.py).
    make_legacy(store.folder, {u: PASSWORD for u in ("chef", "anna", "erik", "olle")}, store.recovery_code)
    shutil.rmtree(app_data_dir() / "pins", ignore_errors=True)
    vault, _ = Vault.open_with_password(store.folder, "chef", PASSWORD)
    key = vault.data_key
    vault.close()
    db, old = store.folder / "injurydoc.db", store.folder / "legacy.db"
    con = sqlcipher.connect(str(db), isolation_level=None)
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    con.execute("PRAGMA cipher_page_size = 16384")
    con.execute(f"ATTACH DATABASE '{old}' AS legacy KEY \"x'{key.hex()}'\"")
    con.execute("PRAGMA legacy.cipher_page_size = 4096")
    con.execute("SELECT sqlcipher_export('legacy')")
    version = con.execute("PRAGMA user_version").fetchone()[0]
    con.execute(f"PRAGMA legacy.user_version = {version}")
    con.execute("DETACH DATABASE legacy")
    con.close()
    for suffix in ("-wal", "-shm"):
        (store.folder / ("injurydoc.db" + suffix)).unlink(missing_ok=True)
    old.replace(db)
    slots = store.folder / "keyslots.json"
    doc = json.loads(slots.read_text())
    del doc["database"]
    doc["version"] = 1
    doc["checksum"] = checksum(doc["slots"], None)
    slots.write_text(json.dumps(doc))


def test_store_with_4k_pages_opens_backs_up_and_restores(store, tmp_path):
    """Stores made before 16 KiB pages keep working: signing in, writing, backup and restore."""
    p, e = _fill(store)
    _to_legacy_pages(store)
    s = store.sign_in("anna")
    assert s.db.page_size == 4096
    ExaminationService(s).update(e.id, assessment="written in the old store")
    s.close()
    m = store.sign_in("chef")
    assert m.db.integrity_problems() == []
    out = backup(m, tmp_path / "legacy.injurydoc-backup")
    m.close()
    restore(out, tmp_path / "restored", username="anna", password=PASSWORD)
    from injurydoc.services.session import sign_in

    r = sign_in(tmp_path / "restored", "anna", PASSWORD)
    assert r.db.page_size == 4096
    assert ExaminationService(r).get(e.id).assessment == "written in the old store"
    assert PatientService(r).get(p.id).name == DISTINCT_NAME
    r.close()
