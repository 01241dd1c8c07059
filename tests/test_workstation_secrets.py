"""What a colleague cannot take from the shared store or a shared OS account (issue 14): the PKCS#11
module is never read from the store, and a signing key in the OS keyring is useless without its owner's
password.  The colleague goes around the program: raw SQL with the data key, the keyring entry read
directly, the per-user settings file edited."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from injurydoc.domain.errors import AuthError, KnownError
from injurydoc.services import keystore, signing, workstation
from injurydoc.services.accounts import AccountService
from injurydoc.services.signing import Pkcs11Config, SigningService

from .conftest import PASSWORD
from .helpers.insider import colleague_connection

SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
ANNA_PASSWORD = "annas own secret words"


def _aad(name: str) -> bytes:
    """The wrap's associated data: store id and account id, nothing secret (anyone can compute it)."""
    store_id, account_id = name.split(":")
    return f"injurydoc signing key:{store_id}:{account_id}".encode()


def _events(s, event: str) -> list[dict]:
    rows = s.db.all("SELECT details FROM audit_log WHERE details LIKE ?", (f'%"{event}"%',))
    return [json.loads(r[0]) for r in rows]


# ----- the PKCS#11 module -------------------------------------------------------------------------------
@pytest.fixture
def card_user(store, monkeypatch):
    """Anna signs with a card through SoftHSM (installed middleware); opening the token is recorded."""
    opened: list[Pkcs11Config] = []

    def fake_identity(cfg, pin):
        opened.append(cfg)
        raise signing.SignerError("signer.token_missing")

    monkeypatch.setattr(signing, "pkcs11_identity", fake_identity)
    s = store.sign_in("anna")
    SigningService(s).use_card(SOFTHSM, "anna-sign")
    return s, opened


def test_a_module_path_written_into_the_store_is_never_loaded_and_is_removed(store, card_user, tmp_path):
    s, opened = card_user
    evil = tmp_path / "erik" / "libevil.so"
    evil.parent.mkdir()
    evil.write_bytes(b"\x7fELF not a card library")
    anna = s.account.id
    con = colleague_connection(store)
    erik = con.execute("SELECT id FROM accounts WHERE username = 'erik'").fetchone()[0]
    stored = json.loads(
        con.execute("SELECT pkcs11 FROM signing_keys WHERE account_id = ?", (anna,)).fetchone()[0]
    )
    assert "module" not in stored  # the store never held it
    # Erik points Anna's card at his library, in her row and as a unit setting.
    con.execute(
        "UPDATE signing_keys SET pkcs11 = ? WHERE account_id = ?",
        (json.dumps(stored | {"module": str(evil)}), anna),
    )
    con.execute(
        "INSERT INTO unit_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)",
        ("pkcs11_module", json.dumps(str(evil)), "2026-12-05T10:00:00+00:00", erik),
    )
    con.close()
    # Anna, still signed in, signs: the module is the workstation's, never Erik's.
    assert SigningService(s).status().pkcs11.module == SOFTHSM
    with pytest.raises(KnownError):
        SigningService(s).identity("1234")
    assert [c.module for c in opened] == [SOFTHSM]
    assert [c.key_label for c in opened] == ["anna-sign"]
    s.close()
    # At the next sign-in the paths are removed from the store, and the removal is in the log.
    s = store.sign_in("anna")
    row = s.db.scalar("SELECT pkcs11 FROM signing_keys WHERE account_id = ?", (anna,))
    assert "module" not in json.loads(row) and json.loads(row)["key_label"] == "anna-sign"
    assert s.db.scalar("SELECT count(*) FROM unit_settings WHERE key LIKE '%pkcs11%'") == 0
    assert _events(s, "pkcs11_module_removed") == [{"event": "pkcs11_module_removed", "rows": 2}]
    s.close()
    # A damaged row (not JSON) does not stop anyone: it is replaced, the card's labels are lost.
    con = colleague_connection(store)
    con.execute("UPDATE signing_keys SET pkcs11 = 'not json' WHERE account_id = ?", (anna,))
    con.close()
    s = store.sign_in("anna")
    assert json.loads(s.db.scalar("SELECT pkcs11 FROM signing_keys WHERE account_id = ?", (anna,))) == {}
    s.close()


def test_a_colleague_sharing_the_os_account_cannot_point_it_at_their_library(
    store, card_user, tmp_path, monkeypatch
):
    s, opened = card_user
    evil = tmp_path / "libevil.so"
    evil.write_bytes(b"\x7fELF")
    settings = workstation.config_dir() / "workstation.json"
    assert json.loads(settings.read_text("utf-8"))["pkcs11_module"] == SOFTHSM
    # The colleague edits the per-user settings file of the shared OS account.
    settings.write_text(json.dumps({"pkcs11_module": str(evil)}), "utf-8")
    assert workstation.pkcs11_module() is None
    with pytest.raises(KnownError) as err:
        SigningService(s).identity("1234")
    assert err.value.code == "signer.pkcs11_not_installed"
    assert "installerat" in err.value.message("sv") and "installed" in err.value.message("en")
    # … nor through the program: only middleware found where installers put it can be chosen.
    with pytest.raises(KnownError) as err:
        SigningService(s).use_card(str(evil))
    assert err.value.code == "signer.pkcs11_not_installed"
    link = tmp_path / "libsofthsm2.so"
    link.symlink_to(evil)
    with pytest.raises(KnownError):
        SigningService(s).use_card(str(link))
    assert opened == []
    # The policy file set by IT wins over the user's choice.
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"pkcs11_module": SOFTHSM}), "utf-8")
    monkeypatch.setenv(workstation.POLICY_ENV, str(policy))
    with pytest.raises(KnownError):
        SigningService(s).identity("1234")
    assert [c.module for c in opened] == [SOFTHSM]
    s.close()


# ----- the software key in the OS keyring ----------------------------------------------------------------
@pytest.fixture
def anna_in_keyring(store, memory_keyring):
    s = store.sign_in("anna")
    AccountService(s).change_own_password(PASSWORD, ANNA_PASSWORD)
    SigningService(s).create_self_signed(ANNA_PASSWORD)
    assert SigningService(s).status().location == "keyring"
    ((name, entry),) = ((k[1], v) for k, v in memory_keyring.data.items())
    key = keystore.unwrap_entry(entry, ANNA_PASSWORD, _aad(name))
    assert key is not None
    s.close()
    return name, key


def test_the_keyring_entry_is_useless_without_the_owners_password(store, memory_keyring, anna_in_keyring):
    name, key = anna_in_keyring
    entry = memory_keyring.data[(keystore.SERVICE, name)]
    # What Erik, sharing the OS account, reads: no key in it, in any form.
    assert entry.startswith(keystore.WRAPPED_PREFIX)
    assert base64.b64encode(key).decode() not in entry and key.hex() not in entry
    with pytest.raises(ValueError):
        serialization.load_der_private_key(
            base64.b64decode(entry[len(keystore.WRAPPED_PREFIX) :] + "=="), None
        )
    aad = _aad(name)
    for guess in (PASSWORD, "", "anna"):  # his own password, nothing, her name
        with pytest.raises(AuthError):
            keystore.unwrap_entry(entry, guess, aad)
    # Through the program he reaches only his own (absent) key; Anna's needs her password.
    erik = store.sign_in("erik")
    with pytest.raises(KnownError) as err:
        SigningService(erik).identity(PASSWORD)
    assert err.value.code == "signer.none"
    erik.close()
    s = store.sign_in("anna", ANNA_PASSWORD)
    with pytest.raises(AuthError):
        SigningService(s).identity(PASSWORD)
    SigningService(s).identity(ANNA_PASSWORD).close()
    s.close()


def test_an_old_unwrapped_entry_is_wrapped_at_the_owners_next_sign_in(store, memory_keyring, anna_in_keyring):
    name, key = anna_in_keyring
    # As an older program kept it: the bare key, which anyone sharing the OS account could use.
    memory_keyring.data[(keystore.SERVICE, name)] = base64.b64encode(key).decode()
    s = store.sign_in("anna", ANNA_PASSWORD)
    entry = memory_keyring.data[(keystore.SERVICE, name)]
    assert entry.startswith(keystore.WRAPPED_PREFIX)
    assert keystore.unwrap_entry(entry, ANNA_PASSWORD, _aad(name)) == key
    assert _events(s, "keyring_key_wrapped") == [{"event": "keyring_key_wrapped"}]
    SigningService(s).identity(ANNA_PASSWORD).close()
    s.close()
    # The next sign-in finds it wrapped and leaves it (no second log row).
    s = store.sign_in("anna", ANNA_PASSWORD)
    assert memory_keyring.data[(keystore.SERVICE, name)] == entry
    assert len(_events(s, "keyring_key_wrapped")) == 1
    s.close()


def test_a_key_planted_in_the_owners_entry_is_refused(store, memory_keyring, anna_in_keyring):
    name, _key = anna_in_keyring
    # Erik writes a bare key of his own into Anna's entry, hoping she will sign with it.
    his = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    planted = base64.b64encode(his).decode()
    memory_keyring.data[(keystore.SERVICE, name)] = planted
    s = store.sign_in("anna", ANNA_PASSWORD)
    assert memory_keyring.data[(keystore.SERVICE, name)] == planted  # not wrapped as if it were hers
    assert _events(s, "keyring_key_refused") == [{"event": "keyring_key_refused"}]
    with pytest.raises(KnownError) as err:
        SigningService(s).identity(ANNA_PASSWORD)
    assert err.value.code == "signer.cert_mismatch"
    s.close()
