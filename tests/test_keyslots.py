"""keyslots.json: wrapping, tampering, atomic writes."""

import errno
import json
import os

import pytest

from injurydoc.domain.errors import AuthError, StoreError
from injurydoc.services.session import sign_in
from injurydoc.store.keyslots import (
    TEST_KDF,
    KeySlots,
    checksum,
    new_data_key,
    new_recovery_code,
    normalise_recovery_code,
)

from .conftest import PASSWORD


def _slots():
    ks = KeySlots(store_id="3f7c1f5e-2c44-4d0a-9d7b-1b8e1f0c0a11")
    key = new_data_key()
    ks.set_account_slot(account_id="a1", username="anna", password="pw-anna-123", data_key=key, kdf=TEST_KDF)
    ks.set_account_slot(account_id="b2", username="bo", password="pw-bo-12345", data_key=key, kdf=TEST_KDF)
    return ks, key


def test_each_account_unwraps_the_same_key():
    ks, key = _slots()
    assert ks.unwrap_account("anna", "pw-anna-123")[1] == key
    assert ks.unwrap_account("bo", "pw-bo-12345")[1] == key


def test_unknown_user_and_wrong_password_raise_the_same_error():
    ks, _ = _slots()
    with pytest.raises(AuthError) as wrong:
        ks.unwrap_account("anna", "nope-nope-nope")
    with pytest.raises(AuthError) as unknown:
        ks.unwrap_account("nobody", "pw-anna-123")
    assert wrong.value.code == unknown.value.code == "auth.failed"
    assert wrong.value.message("sv") == unknown.value.message("sv")


def test_round_trip_through_file(tmp_path):
    ks, key = _slots()
    ks.save(tmp_path / "keyslots.json")
    loaded = KeySlots.load(tmp_path / "keyslots.json")
    assert loaded.unwrap_account("bo", "pw-bo-12345")[1] == key
    assert oct(os.stat(tmp_path / "keyslots.json").st_mode & 0o777) == "0o600"


def test_slot_relabelled_for_another_user_does_not_open(tmp_path):
    ks, _ = _slots()
    path = tmp_path / "keyslots.json"
    ks.save(path)
    doc = json.loads(path.read_text())
    # Swap the user names of the two slots and fix the checksum, as a careful attacker would.
    a, b = doc["slots"]
    a["username"], b["username"] = b["username"], a["username"]
    doc["checksum"] = checksum(doc["slots"], doc["database"])
    path.write_text(json.dumps(doc))
    loaded = KeySlots.load(path)
    with pytest.raises(AuthError):
        loaded.unwrap_account("bo", "pw-anna-123")


def test_weakened_kdf_parameters_do_not_open(tmp_path):
    ks, _ = _slots()
    path = tmp_path / "keyslots.json"
    ks.save(path)
    doc = json.loads(path.read_text())
    doc["slots"][0]["kdf"]["t"] = 2
    doc["checksum"] = checksum(doc["slots"], doc["database"])
    path.write_text(json.dumps(doc))
    with pytest.raises(AuthError):
        KeySlots.load(path).unwrap_account("anna", "pw-anna-123")


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: b"",  # emptied
        lambda raw: raw.replace(b'"ct": "', b'"ct": "A', 1),  # changed ciphertext: checksum
        lambda raw: raw.replace(b'"format": "injurydoc-keyslots"', b'"format": "other"'),
        lambda raw: b"\x00\xff" + raw,  # not UTF-8
        lambda raw: raw.replace(b'"salt": "', b'"salt": "!!', 1),
        lambda raw: raw.replace(b'"page_size": 16384', b'"page_size": 4096'),  # checksum covers it
        lambda raw: raw.replace(b'"page_size": 16384', b'"page_size": 1000'),
    ],
    ids=["truncated", "empty", "ciphertext", "format", "binary", "salt", "page_size", "odd_page_size"],
)
def test_damaged_slot_file_gives_clear_error_and_changes_nothing(store, damage):
    path = store.folder / "keyslots.json"
    damaged = damage(path.read_bytes())
    path.write_bytes(damaged)
    db_before = (store.folder / "injurydoc.db").read_bytes()
    with pytest.raises(StoreError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "store.keyslots_damaged"
    assert "keyslots.json" in err.value.message("en")
    assert path.read_bytes() == damaged
    assert (store.folder / "injurydoc.db").read_bytes() == db_before


def test_newer_slot_file_version_is_refused(store):
    path = store.folder / "keyslots.json"
    doc = json.loads(path.read_text())
    doc["version"] = 99
    path.write_text(json.dumps(doc))
    with pytest.raises(StoreError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "store.too_new"


def test_failed_write_leaves_old_file(tmp_path, monkeypatch):
    ks, _ = _slots()
    path = tmp_path / "keyslots.json"
    ks.save(path)
    before = path.read_bytes()
    ks.remove_account_slot("b2")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(StoreError) as err:
        ks.save(path)
    monkeypatch.undo()
    assert err.value.code == "store.disk_full"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keyslots.json"]


def test_recovery_code_tolerates_how_people_type_it():
    code = new_recovery_code()
    assert len(code) == 39 and code.count("-") == 7
    typed = code.lower().replace("-", " ").replace("O", "0")
    assert normalise_recovery_code(typed) == normalise_recovery_code(code)
    ks, key = _slots()
    ks.set_recovery_slot(code=code, data_key=key, kdf=TEST_KDF)
    assert ks.unwrap_recovery(typed) == key


def test_page_size_is_kept_with_the_slots(tmp_path):
    ks, _ = _slots()
    path = tmp_path / "keyslots.json"
    ks.save(path)
    doc = json.loads(path.read_text())
    assert doc["version"] == 2 and doc["database"] == {"page_size": 16384}
    assert KeySlots.load(path).page_size == 16384


def test_version_1_key_file_means_sqlcipher_default_pages(tmp_path):
    """Stores made before the page size was recorded: 4 KiB pages, and the same slots."""
    ks, key = _slots()
    path = tmp_path / "keyslots.json"
    ks.save(path)
    doc = json.loads(path.read_text())
    del doc["database"]
    doc["version"] = 1
    doc["checksum"] = checksum(doc["slots"], None)
    path.write_text(json.dumps(doc))
    loaded = KeySlots.load(path)
    assert loaded.page_size == 4096
    assert loaded.unwrap_account("anna", "pw-anna-123")[1] == key
    loaded.save(path)  # written again (a new account, say): version 2, still 4 KiB
    assert KeySlots.load(path).page_size == 4096
    assert json.loads(path.read_text())["database"] == {"page_size": 4096}
