"""The keychain (``person_key_cache``, store/protected.py) against an insider: a colleague with a valid
password, the raw data key and raw SQL.

A person key opened from its X25519 wrap is kept, re-encrypted under a key only the holder derives, so the
holder's next session opens it without the exchange.  It must never open more than the wrap would: a
withdrawn grant (by the program or by a raw DELETE of the wrap) leaves nothing the program opens even when
the cached row is put back by hand; a row moved to another person or holder, altered, or made with another
account's key is ignored and the wrap opened instead; the table never holds a key in the clear; new keys
drop it; deleting it changes nothing anyone sees.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from injurydoc.domain.errors import AccessDenied
from injurydoc.domain.vocab import Protection, Sex
from injurydoc.services import protection
from injurydoc.services.accounts import AccountService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.grants import GrantService
from injurydoc.services.patients import PatientService
from injurydoc.store import protected as repo
from injurydoc.store.patients import LOCKED_NAME
from injurydoc.store.personal_keys import PersonalKeys
from injurydoc.store.vault import Vault

from .conftest import PASSWORD, make_pnr
from .helpers.insider import colleague_connection

TOMORROW = dt.date.today() + dt.timedelta(days=1)
NAMES = ("Qvxzy Hemligsson", "Plomb Dolksdotter")
CACHE_COLS = "holder, patient_id, generation, wrap_sha256, nonce, ct"


@pytest.fixture
def people(store) -> dict[str, Any]:
    """Anna registers two persons with protected personal data, one examination each; erik is granted
    the first.  Returns the patient ids and the account ids."""
    s = store.sign_in("anna")
    ids = []
    for i, name in enumerate(NAMES):
        p = PatientService(s).create(
            personal_id=make_pnr(i + 1), name=name, sex=Sex.FEMALE, protection=Protection.SEKRETESSMARKERING
        )
        ExaminationService(s).create(p.id)
        ids.append(p.id)
    anna = s.account.id
    s.close()
    m = store.sign_in("chef")
    erik = str(m.db.scalar("SELECT id FROM accounts WHERE username = 'erik'"))
    GrantService(m).grant(ids[0], erik, reason="Vikarierar", until=TOMORROW)
    chef = m.account.id
    m.close()
    return {"p1": ids[0], "p2": ids[1], "anna": anna, "erik": erik, "chef": chef}


def _names(s) -> dict[str, str]:
    """The start page as the account sees it: patient id -> the name shown."""
    return {r.patient_id: r.patient_name for r in ExaminationService(s).search("")}


def _cache_rows(store, where: str = "1", params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    con = colleague_connection(store)
    try:
        return con.execute(f"SELECT {CACHE_COLS} FROM person_key_cache WHERE {where}", params).fetchall()
    finally:
        con.close()


def _raw(store, *statements: tuple[str, tuple[Any, ...]], drop_triggers: bool = False) -> None:
    con = colleague_connection(store, drop_triggers=drop_triggers)
    try:
        for sql, params in statements:
            con.execute(sql, params)
    finally:
        con.close()


@pytest.fixture
def unseals(monkeypatch) -> list[str]:
    """The contexts of every X25519 unseal of a person key (the slow way, the keychain not used)."""
    calls: list[str] = []
    real = repo.unseal

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append("unseal")
        return real(*args, **kwargs)

    monkeypatch.setattr(repo, "unseal", counting)
    return calls


def _listed_keys(store, username: str) -> tuple[dict[str, str], dict[str, bytes]]:
    """A new session of ``username`` lists the start page: (names shown, the person keys it opened)."""
    s = store.sign_in(username)
    try:
        names = _names(s)
        keys = {pid: k for pid in names if (k := protection.content_key(s, pid)) is not None}
    finally:
        s.close()
    return names, keys


# ----- it works, and it is what the next session uses ------------------------------------------------------
def test_a_listing_keeps_the_keys_it_opened_and_the_next_session_uses_them(store, people, unseals):
    names, keys = _listed_keys(store, "erik")
    assert names[people["p1"]] == NAMES[0] and people["p2"] not in names
    assert unseals == ["unseal"]  # the first session opened the wrap
    (row,) = _cache_rows(store, "holder = ?", (people["erik"],))
    assert row[1] == people["p1"] and row[2] == 1
    unseals.clear()
    names2, keys2 = _listed_keys(store, "erik")
    assert names2 == names and keys2 == keys
    assert unseals == []  # the next session: the keychain, no X25519 exchange
    assert _cache_rows(store, "holder = ?", (people["erik"],)) == [row]  # nothing rewritten


def test_the_keychain_never_holds_a_key_in_the_clear(store, people):
    _names_a, keys_a = _listed_keys(store, "anna")
    _names_e, keys_e = _listed_keys(store, "erik")
    secrets = {*keys_a.values(), *keys_e.values()}
    assert len(secrets) == 2
    forms = [f(k) for k in secrets for f in (bytes, bytes.hex, lambda b: base64.b64encode(b).decode())]
    con = colleague_connection(store)
    try:
        rows = con.execute("SELECT * FROM person_key_cache").fetchall()
        assert len(rows) == 3  # anna's two, erik's one
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for values in con.execute(f"SELECT * FROM {table}"):
                for value in values:
                    raw = value if isinstance(value, bytes) else str(value).encode()
                    for form in forms:
                        needle = form if isinstance(form, bytes) else form.encode()
                        assert needle not in raw, table
    finally:
        con.close()


def test_a_read_writes_nothing_and_a_session_without_keys_keeps_nothing(store, people):
    s = store.sign_in("anna")
    try:
        assert PatientService(s).get(people["p1"]).name == NAMES[0]  # opened: kept in memory only
        assert s.db.scalar("SELECT count(*) FROM person_key_cache") == 0
        assert _names(s)[people["p1"]] == NAMES[0]  # the listing's transaction keeps what was opened
        assert s.db.scalar("SELECT count(*) FROM person_key_cache WHERE holder = ?", (s.account.id,)) == 2
    finally:
        s.close()
    _raw(store, ("DELETE FROM person_key_cache", ()))
    s = store.sign_in("anna")
    try:
        s.keys = None  # as a store from before personal keys: no key, no wrap opened, nothing written
        assert set(_names(s).values()) == {LOCKED_NAME}
        assert protection.remember_opened(s) == 0
        assert s.db.scalar("SELECT count(*) FROM person_key_cache") == 0
    finally:
        s.keys = None
        s.close(log_out=False)


def test_deleting_the_keychain_changes_nothing_anyone_sees(store, people, unseals):
    before = {u: _listed_keys(store, u) for u in ("anna", "erik")}
    _raw(store, ("DELETE FROM person_key_cache", ()))
    unseals.clear()
    assert {u: _listed_keys(store, u) for u in ("anna", "erik")} == before
    assert len(unseals) == 3  # every key opened from its wrap again, and kept again
    assert len(_cache_rows(store)) == 3


# ----- withdrawn: the cached copy opens nothing -----------------------------------------------------------
def _put_back(store, rows: list[tuple[Any, ...]], *, drop_triggers: bool = False) -> None:
    _raw(
        store,
        *[(f"INSERT OR REPLACE INTO person_key_cache ({CACHE_COLS}) VALUES (?,?,?,?,?,?)", r) for r in rows],
        drop_triggers=drop_triggers,
    )


def _erik_cannot_open(store, people, *, granted: bool = False) -> None:
    """Erik's next session opens nothing of p1: refused, or (``granted``: his grant row still there)
    shown locked."""
    s = store.sign_in("erik")
    try:
        assert protection.content_key(s, people["p1"]) is None
        if granted:
            assert PatientService(s).get(people["p1"]).name == LOCKED_NAME
            assert _names(s)[people["p1"]] == LOCKED_NAME
        else:
            with pytest.raises(AccessDenied):
                PatientService(s).get(people["p1"])
            assert people["p1"] not in _names(s)
    finally:
        s.close()


def test_a_grant_withdrawn_by_the_manager_leaves_a_cached_copy_useless(store, people):
    _listed_keys(store, "erik")
    kept = _cache_rows(store, "holder = ?", (people["erik"],))
    assert len(kept) == 1
    m = store.sign_in("chef")
    assert GrantService(m).revoke(people["p1"], people["erik"])
    m.close()
    assert _cache_rows(store, "holder = ?", (people["erik"],)) == []  # dropped with the wrap
    _put_back(store, kept)  # erik puts his row back by hand
    _erik_cannot_open(store, people)
    # ...and with the grant row back by hand too: the rule says yes, but no wrap, so nothing opens
    _raw(
        store,
        (
            "INSERT INTO access_grants (patient_id, account_id, kind, granted_by, granted_at, reason, "
            "expires_on) VALUES (?, ?, 'grant', ?, '2026-01-01T00:00:00+00:00', 'x', NULL)",
            (people["p1"], people["erik"], people["erik"]),
        ),
    )
    _put_back(store, kept)
    _erik_cannot_open(store, people, granted=True)


@pytest.mark.parametrize("drop_triggers", [False, True], ids=["wrap-deleted", "wrap-and-trigger-deleted"])
def test_a_wrap_deleted_by_raw_sql_leaves_a_cached_copy_useless(store, people, drop_triggers):
    _listed_keys(store, "erik")
    kept = _cache_rows(store, "holder = ?", (people["erik"],))
    _raw(
        store,
        ("DELETE FROM person_key_wraps WHERE patient_id = ? AND holder = ?", (people["p1"], people["erik"])),
        drop_triggers=drop_triggers,
    )
    left = _cache_rows(store, "holder = ?", (people["erik"],))
    assert left == (kept if drop_triggers else [])
    _put_back(store, kept)
    _erik_cannot_open(store, people, granted=True)  # the grant row is still there; the wrap is not


def test_a_wrap_replaced_by_another_makes_the_cached_copy_unused(store, people, unseals):
    """A new wrap (the grant made again, a reissue) is another text: its digest no longer matches."""
    _listed_keys(store, "erik")
    kept = _cache_rows(store, "holder = ?", (people["erik"],))
    s = store.sign_in("anna")
    key = protection.content_key(s, people["p1"])
    assert key is not None
    with s.transaction():
        assert protection.wrap_to(s, people["p1"], key, people["erik"], "grant")
    s.close()
    assert _cache_rows(store, "holder = ?", (people["erik"],)) == []  # the update dropped it
    _put_back(store, kept)
    unseals.clear()
    names, keys = _listed_keys(store, "erik")
    assert names[people["p1"]] == NAMES[0] and keys[people["p1"]] == key
    assert unseals == ["unseal"]  # the old copy was not used; the new wrap was opened and kept
    (row,) = _cache_rows(store, "holder = ?", (people["erik"],))
    assert row[3] != kept[0][3]


# ----- forged, moved or altered rows: ignored, the wrap opened instead ------------------------------------
def _tamper_cases(people) -> dict[str, tuple[str, Callable[[list[Any]], list[Any]]]]:
    """name -> (whose row to write, how to make it from anna's row of p1)"""

    def moved_person(r: list[Any]) -> list[Any]:
        return [r[0], people["p2"], *r[2:]]

    def moved_holder(r: list[Any]) -> list[Any]:
        return [people["erik"], *r[1:]]

    def digest(r: list[Any]) -> list[Any]:
        return [*r[:3], hashlib.sha256(b"another wrap").hexdigest(), *r[4:]]

    def generation(r: list[Any]) -> list[Any]:
        return [r[0], r[1], 2, *r[3:]]

    def flipped(r: list[Any]) -> list[Any]:
        ct = bytearray(r[5])
        ct[0] ^= 1
        return [*r[:5], bytes(ct)]

    def nonce(r: list[Any]) -> list[Any]:
        return [*r[:4], bytes(12), r[5]]

    return {
        "copied-to-another-person": ("anna", moved_person),
        "copied-to-another-holder": ("erik", moved_holder),
        "digest-changed": ("anna", digest),
        "generation-changed": ("anna", generation),
        "ciphertext-altered": ("anna", flipped),
        "nonce-changed": ("anna", nonce),
    }


@pytest.mark.parametrize(
    "case",
    [
        "copied-to-another-person",
        "copied-to-another-holder",
        "digest-changed",
        "generation-changed",
        "ciphertext-altered",
        "nonce-changed",
    ],
)
def test_a_moved_or_altered_row_is_ignored_and_the_wrap_opened(store, people, unseals, case):
    user, make = _tamper_cases(people)[case]
    _listed_keys(store, "anna")
    names_before, keys_before = _listed_keys(store, user)
    (anna_p1,) = _cache_rows(store, "holder = ? AND patient_id = ?", (people["anna"], people["p1"]))
    forged = make(list(anna_p1))
    _put_back(store, [tuple(forged)])
    unseals.clear()
    names, keys = _listed_keys(store, user)
    assert (names, keys) == (names_before, keys_before)  # the right keys, from the wraps
    assert unseals == ["unseal"]
    # the forged row was replaced by a good one, which the next session uses
    (row,) = _cache_rows(store, "holder = ? AND patient_id = ?", (forged[0], forged[1]))
    assert row != tuple(forged)
    unseals.clear()
    assert _listed_keys(store, user) == (names_before, keys_before) and unseals == []


def _erik_keys(store) -> PersonalKeys:
    vault, _slot = Vault.open_with_password(store.folder, "erik", PASSWORD)
    try:
        assert vault.personal_keys is not None
        return vault.personal_keys
    finally:
        vault.close()


@pytest.mark.parametrize("planted", ["a-key-of-his-own", "the-right-key"])
def test_a_row_made_with_another_accounts_key_is_refused(store, people, unseals, planted):
    """Erik (granted p1) writes anna's keychain row of p1, with his own keys — bound to anna, her wrap's
    digest and her generation: with a key of his choosing, or even the right one.  Anna's session does
    not take it from him."""
    _, keys = _listed_keys(store, "anna")
    wrap = _raw_wrap(store, people["p1"], people["anna"])
    erik_keys = _erik_keys(store)
    vault, _slot = Vault.open_with_password(store.folder, "erik", PASSWORD)
    store_id = vault.store_id
    vault.close()
    chain = repo.Keychain.of(store_id, people["anna"], erik_keys)
    chain = repo.Keychain(store_id, people["anna"], 1, chain.aead)  # his key, her holder and generation
    digest = repo.wrap_sha256(wrap)
    planted_key = bytes(range(32)) if planted == "a-key-of-his-own" else keys[people["p1"]]
    nonce = bytes(12)
    ct = chain.aead.encrypt(nonce, planted_key, chain.aad(people["p1"], digest))
    _put_back(store, [(people["anna"], people["p1"], 1, digest, nonce, ct)])
    unseals.clear()
    s = store.sign_in("anna")
    try:
        assert protection.content_key(s, people["p1"]) == keys[people["p1"]]
        assert PatientService(s).get(people["p1"]).name == NAMES[0]
    finally:
        s.close()
    assert unseals == ["unseal"]


def _raw_wrap(store, patient_id: str, holder: str) -> str:
    con = colleague_connection(store)
    try:
        (text,) = con.execute(
            "SELECT sealed FROM person_key_wraps WHERE patient_id = ? AND holder = ?", (patient_id, holder)
        ).fetchone()
        return str(text)
    finally:
        con.close()


# ----- new keys ---------------------------------------------------------------------------------------------
def test_a_password_reset_drops_the_keychain_and_old_rows_do_not_open(store, people, unseals):
    _listed_keys(store, "anna")
    old = _cache_rows(store, "holder = ?", (people["anna"],))
    assert len(old) == 2
    m = store.sign_in("chef")
    AccountService(m).set_password(people["anna"], "a brand new password 1")
    m.close()
    assert _cache_rows(store, "holder = ?", (people["anna"],)) == []
    _put_back(store, old)  # the old rows back by hand: made with the old keys, for the old wraps
    unseals.clear()
    s = store.sign_in("anna", "a brand new password 1")
    try:
        assert s.keys is not None and s.keys.generation == 2
        assert {_names(s)[p] for p in (people["p1"], people["p2"])} == set(NAMES)
    finally:
        s.close()
    assert len(unseals) == 2  # opened from the new wraps, not from the old rows
    new = _cache_rows(store, "holder = ?", (people["anna"],))
    assert {r[2] for r in new} == {2} and not set(new) & set(old)


def test_lifting_protection_drops_the_keychain_rows_of_the_person(store, people):
    _listed_keys(store, "anna")
    _listed_keys(store, "erik")
    s = store.sign_in("anna")
    try:
        PatientService(s).set_protection(people["p1"], Protection.NONE)
    finally:
        s.close()
    assert _cache_rows(store, "patient_id = ?", (people["p1"],)) == []
    assert len(_cache_rows(store, "patient_id = ?", (people["p2"],))) == 1


# ----- the stored form ------------------------------------------------------------------------------------
def test_the_associated_data_is_the_canonical_json_byte_for_byte():
    """The field and keychain ciphers build their associated data without a dict; it must be exactly
    ``canonical`` of the documented fields (what a reader outside the program would compute)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from injurydoc.store.personal_keys import canonical

    key = bytes(range(32))
    for text in ("plain", 'quote " and \\ back', "åäö \u2028 \x00 \U0001f600", ""):
        sealed = repo.FieldCipher(key, text).seal_bytes("t" + text, text, "c", b"secret")
        body = sealed[len(repo.BLOB_PREFIX) :]
        aad = canonical({"v": 1, "store": text, "table": "t" + text, "row": text, "column": "c"})
        assert AESGCM(key).decrypt(body[:12], body[12:], aad) == b"secret"
        chain = repo.Keychain(text, "h" + text, 3, AESGCM(key))
        assert chain.aad(text, "d" + text) == canonical(
            {
                "purpose": "person-key-cache",
                "v": 1,
                "store": text,
                "holder": "h" + text,
                "patient": text,
                "gen": 3,
                "wrap": "d" + text,
            }
        )
