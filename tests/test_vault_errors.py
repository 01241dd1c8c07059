"""Bad situations give their own clear error and leave the store as it was."""

import errno
import hashlib
import os

import pytest

from injurydoc.domain.errors import AuthError, StoreError
from injurydoc.domain.vocab import Sex
from injurydoc.services.patients import PatientService
from injurydoc.services.session import create_store, sign_in
from injurydoc.store import lockout
from injurydoc.store.database import Database
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.store.schema import CURRENT_VERSION
from injurydoc.store.vault import Vault

from .conftest import PASSWORD, make_pnr


def _digest(folder):
    """Hash of every file in the store folder except SQLite's shared-memory index."""
    out = {}
    for p in sorted(folder.iterdir()):
        if p.name.endswith("-shm"):
            continue
        out[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def test_wrong_password_and_unknown_user_give_the_same_message(store):
    with pytest.raises(AuthError) as a:
        sign_in(store.folder, "anna", "wrong password!")
    with pytest.raises(AuthError) as b:
        sign_in(store.folder, "nobody", PASSWORD)
    assert a.value.message("sv") == b.value.message("sv") == "Fel användarnamn eller lösenord."
    assert a.value.message("en") == b.value.message("en")


def test_lockout_grows_and_survives_a_restart(store, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(lockout.time, "time", lambda: now[0])
    for _ in range(lockout.FREE_ATTEMPTS):
        with pytest.raises(AuthError) as err:
            sign_in(store.folder, "anna", "wrong password!")
        assert err.value.code == "auth.failed"
    # A "restart": nothing in memory is kept, the counter is read from the file beside the store.
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "auth.locked"
    assert err.value.params["seconds"] == 30
    now[0] += 31
    with pytest.raises(AuthError):
        sign_in(store.folder, "anna", "wrong again!!")
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "auth.locked" and err.value.params["seconds"] == 60
    now[0] += 61
    s = sign_in(store.folder, "anna", PASSWORD)
    # The access log records how many attempts failed before this sign-in.
    details = s.db.scalar(
        "SELECT details FROM audit_log WHERE action = 'signed_in' ORDER BY seq DESC LIMIT 1"
    )
    assert '"failed_attempts_before": 6' in details
    s.close()
    # Other accounts are not locked by anna's failures.
    sign_in(store.folder, "erik", PASSWORD).close()
    # The counter file names no users.
    assert b"anna" not in (store.folder / lockout.FILE).read_bytes()


def test_unknown_users_are_locked_out_too(store, monkeypatch):
    monkeypatch.setattr(lockout.time, "time", lambda: 5_000.0)
    for _ in range(lockout.FREE_ATTEMPTS):
        with pytest.raises(AuthError):
            sign_in(store.folder, "ghost", PASSWORD)
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "ghost", PASSWORD)
    assert err.value.code == "auth.locked"


def test_store_from_a_newer_program_is_refused_untouched(store):
    s = sign_in(store.folder, "chef", PASSWORD)
    s.db.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    s.close()
    before = _digest(store.folder)
    with pytest.raises(StoreError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "store.too_new"
    assert str(CURRENT_VERSION + 1) in err.value.message("sv")
    after = _digest(store.folder)
    # Only the lockout bookkeeping may differ (a successful unwrap clears nothing here).
    after.pop(lockout.FILE, None)
    after.pop(lockout.LOCK_FILE, None)
    before.pop(lockout.FILE, None)
    before.pop(lockout.LOCK_FILE, None)
    assert after == before


def test_corrupt_database_file_is_reported_as_damaged(store):
    db = store.folder / "injurydoc.db"
    raw = bytearray(db.read_bytes())
    raw[100:4096] = os.urandom(3996)  # page 1 after the salt
    db.write_bytes(bytes(raw))
    before = _digest(store.folder)
    with pytest.raises(StoreError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "store.corrupt"
    assert "injurydoc restore" in err.value.message("sv")
    assert db.read_bytes() == bytes(raw)
    after = _digest(store.folder)
    after.pop(lockout.FILE, None)
    after.pop(lockout.LOCK_FILE, None)
    before.pop(lockout.FILE, None)
    before.pop(lockout.LOCK_FILE, None)
    assert after == before


def test_missing_store_is_named(tmp_path):
    with pytest.raises(StoreError) as err:
        sign_in(tmp_path / "nothing-here", "anna", PASSWORD)
    assert err.value.code == "store.not_found"


def test_init_never_overwrites_an_existing_store(store):
    before = _digest(store.folder)
    with pytest.raises(StoreError) as err:
        create_store(
            store.folder,
            unit_name="x",
            manager_username="new",
            manager_display_name="New",
            manager_password=PASSWORD,
            kdf=TEST_KDF,
        )
    assert err.value.code == "store.exists"
    assert _digest(store.folder) == before


def test_read_only_folder_is_reported(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
    else:  # root ignores permissions: simulate what a read-only mount returns
        real_open = os.open

        def ro_open(path, flags, *a, **k):
            if str(path).startswith(str(folder)) and flags & os.O_CREAT:
                raise OSError(errno.EROFS, "Read-only file system")
            return real_open(path, flags, *a, **k)

        monkeypatch.setattr(os, "open", ro_open)
    with pytest.raises(StoreError) as err:
        create_store(
            folder,
            unit_name="x",
            manager_username="chef",
            manager_display_name="Chef",
            manager_password=PASSWORD,
            kdf=TEST_KDF,
        )
    assert err.value.code == "store.read_only"
    assert str(folder) in err.value.message("sv")
    monkeypatch.undo()
    folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_full_disk_refuses_the_write_and_keeps_what_was_stored(store):
    s = sign_in(store.folder, "anna", PASSWORD)
    patients = PatientService(s)
    kept = patients.create(personal_id=make_pnr(1), name="Kvar Kvarsson", sex=Sex.FEMALE)
    log_rows = s.db.scalar("SELECT count(*) FROM audit_log")
    # SQLite reports SQLITE_FULL exactly as for a full disk once max_page_count is reached.
    pages = s.db.scalar("PRAGMA page_count")
    s.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError) as err:
        for i in range(200):
            patients.create(personal_id=make_pnr(2 + i), name="X" * 4000 + str(i))
    assert err.value.code == "store.disk_full"
    assert "Disken är full" in err.value.message("sv")
    s.db.execute("PRAGMA max_page_count = 1073741823")
    assert patients.get(kept.id).name == "Kvar Kvarsson"
    assert s.db.integrity_problems() == []
    # The refused write left no half: every row of the log is whole and chained.
    from injurydoc.store import audit

    assert audit.verify_chain(s.db, s.vault.store_id, None).whole
    assert s.db.scalar("SELECT count(*) FROM audit_log") >= log_rows
    s.close()


def test_database_refuses_a_short_key(tmp_path):
    with pytest.raises(ValueError):
        Database(tmp_path / "x.db", b"short", page_size=4096, create=True)


def test_vault_close_drops_the_key(store):
    vault, _ = Vault.open_with_password(store.folder, "anna", PASSWORD)
    vault.close()
    with pytest.raises(RuntimeError):
        _ = vault.data_key


@pytest.mark.parametrize("damage", ["garbage", "wrong-shape", "unreadable"])
def test_a_damaged_lockout_file_delays_once_and_never_locks_everyone_out(tmp_path, damage):
    now = [10_000.0]
    path = tmp_path / lockout.FILE
    if damage == "garbage":
        path.write_bytes(b"\x00\xff{not json")
    elif damage == "wrong-shape":
        path.write_text('{"entries": [1, 2, 3]}', "utf-8")
    else:
        path.mkdir()  # neither readable nor replaceable as a file
    lock = lockout.Lockout(tmp_path, "store-id", clock=lambda: now[0])
    with pytest.raises(AuthError) as exc:
        lock.check("anna")
    assert exc.value.code == "auth.locked"
    # every later look at the file, within and after the wait, counts from when the damage was first seen
    now[0] += lockout.BASE_DELAY_S / 2
    with pytest.raises(AuthError):
        lockout.Lockout(tmp_path, "store-id", clock=lambda: now[0]).check("anna")
    now[0] += lockout.BASE_DELAY_S
    lockout.Lockout(tmp_path, "store-id", clock=lambda: now[0]).check("anna")
    lockout.Lockout(tmp_path, "store-id", clock=lambda: now[0]).check("recovery")
    # counting works again from there
    if damage != "unreadable":
        assert lock.failed("anna") == 1
