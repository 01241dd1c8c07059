"""Protected persons: a content key per person, wrapped for exactly the accounts allowed.

See docs/store.md ("Protected persons"). In short:

* Each person with protected personal data gets a random 32-byte **content key**. Identifying fields are
  stored as AES-256-GCM ciphertext under it; the associated data binds store, table, row and column, so
  a ciphertext moved to another row or column no longer opens.
* The content key is **sealed** (X25519 + HKDF-SHA256 + AES-256-GCM, ``personal_keys.seal``) to the
  current X25519 key of each allowed account: one row per holder in ``person_key_wraps``. Without a wrap
  row for one's own key, the database (even opened with the data key) gives ciphertext only.
* Finding whether a personal identity number is already registered uses a **lookup value**: HMAC-SHA256
  of the normalised digits under a key derived from the data key (which every account holds). It tells
  an account holder whether a guessed number is registered; it does not reveal the number of a row.

This module is the mechanism only; who is allowed is decided in ``services/protection.py``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as _js
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from injurydoc.domain.errors import AccessDenied
from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database
from injurydoc.store.personal_keys import (
    KeyFormatError,
    PersonalKeys,
    PublicKeys,
    Sealed,
    canonical,
    recipient_of,
    seal,
    unseal,
)

#: prefix of a text column holding ciphertext (``enc1:`` + base64(nonce || ciphertext+tag))
TEXT_PREFIX = "enc1:"
#: prefix of a blob column holding ciphertext
BLOB_PREFIX = b"INJURYDOC-ENC1\x00"
_NONCE = 12


class Locked(Exception):
    """A field of a protected person was read without the person's content key."""


def new_content_key() -> bytes:
    return secrets.token_bytes(32)


def _aad(store_id: str, table: str, row_id: str, column: str) -> bytes:
    """``canonical({"v": 1, "store": …, "table": …, "row": …, "column": …})``, byte for byte (the JSON
    encoder's own string escaping, keys in sorted order), without building a dict per field."""
    return (
        f'{{"column":{_js(column)},"row":{_js(row_id)},"store":{_js(store_id)},"table":{_js(table)},"v":1}}'
    ).encode("ascii")


@dataclass(frozen=True, slots=True)
class FieldCipher:
    """Encrypts and decrypts the fields of one person under that person's content key."""

    key: bytes
    store_id: str
    _aead: AESGCM = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_aead", AESGCM(self.key))  # one per person key, not one per field

    def seal_bytes(self, table: str, row_id: str, column: str, plain: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        ct = self._aead.encrypt(nonce, plain, _aad(self.store_id, table, row_id, column))
        return BLOB_PREFIX + nonce + ct

    def open_bytes(self, table: str, row_id: str, column: str, stored: bytes) -> bytes:
        if not is_sealed_blob(stored):
            raise KeyFormatError("not a sealed field")
        body = stored[len(BLOB_PREFIX) :]
        try:
            return self._aead.decrypt(
                body[:_NONCE], body[_NONCE:], _aad(self.store_id, table, row_id, column)
            )
        except (InvalidTag, ValueError):
            raise KeyFormatError("sealed field does not open (altered, moved, or another key)") from None

    def seal_text(self, table: str, row_id: str, column: str, plain: str) -> str:
        blob = self.seal_bytes(table, row_id, column, plain.encode("utf-8"))
        return TEXT_PREFIX + base64.b64encode(blob[len(BLOB_PREFIX) :]).decode("ascii")

    def open_text(self, table: str, row_id: str, column: str, stored: str) -> str:
        if not is_sealed_text(stored):
            raise KeyFormatError("not a sealed field")
        try:
            body = base64.b64decode(stored[len(TEXT_PREFIX) :], validate=True)
        except ValueError:
            raise KeyFormatError("sealed field damaged") from None
        return self.open_bytes(table, row_id, column, BLOB_PREFIX + body).decode("utf-8")

    def seal_optional(self, table: str, row_id: str, column: str, plain: str | None) -> str | None:
        return None if plain is None else self.seal_text(table, row_id, column, plain)

    def open_optional(self, table: str, row_id: str, column: str, stored: str | None) -> str | None:
        return None if stored is None else self.open_text(table, row_id, column, stored)


def is_sealed_text(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TEXT_PREFIX)


def is_sealed_blob(value: object) -> bool:
    return (
        isinstance(value, bytes | bytearray | memoryview) and bytes(value[: len(BLOB_PREFIX)]) == BLOB_PREFIX
    )


# ----- the lookup value --------------------------------------------------------------------------------
def lookup_key(data_key: bytes, store_id: str) -> bytes:
    """The key of lookup values: every account holds it (it follows from the data key)."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"injurydoc person lookup v1\x00" + store_id.encode("utf-8"),
    ).derive(data_key)


def lookup_value(key: bytes, digits: str) -> str:
    """HMAC-SHA256 of the normalised number (its twelve digits): equal numbers give equal values."""
    return hmac.new(key, b"id:" + digits.encode("ascii"), hashlib.sha256).hexdigest()


# ----- wraps --------------------------------------------------------------------------------------------
def wrap_context(store_id: str, patient_id: str, holder: str, generation: int) -> bytes:
    """What a person key's wrap for ``holder`` is bound to (the sealed box's associated data): a wrap
    copied to another store, person, holder or key generation does not open."""
    return canonical(
        {
            "purpose": "person-key",
            "store": store_id,
            "patient": patient_id,
            "holder": holder,
            "gen": generation,
        }
    )


@dataclass(frozen=True, slots=True)
class Wrap:
    patient_id: str
    holder: str
    generation: int
    reason: str
    wrapped_by: str
    wrapped_at: str


def put_wrap(
    db: Database,
    store_id: str,
    patient_id: str,
    content_key: bytes,
    holder: str,
    public: PublicKeys,
    *,
    reason: str,
    wrapped_by: str,
) -> None:
    """Seal the content key to ``holder``'s current public key (replacing an older wrap of theirs)."""
    sealed = seal(content_key, public.x25519, wrap_context(store_id, patient_id, holder, public.generation))
    db.execute(
        "INSERT INTO person_key_wraps "
        "(patient_id, holder, generation, sealed, reason, wrapped_by, wrapped_at) VALUES (?,?,?,?,?,?,?) "
        "ON CONFLICT (patient_id, holder) DO UPDATE SET generation = excluded.generation, "
        "sealed = excluded.sealed, reason = excluded.reason, wrapped_by = excluded.wrapped_by, "
        "wrapped_at = excluded.wrapped_at",
        (
            patient_id,
            holder,
            public.generation,
            canonical(sealed.to_json()).decode("ascii"),
            reason,
            wrapped_by,
            iso(now_utc()),
        ),
    )


def open_wrap(db: Database, store_id: str, patient_id: str, holder: str, keys: PersonalKeys) -> bytes | None:
    """The content key, when ``holder`` has a wrap sealed to these keys; None otherwise."""
    return open_wraps(db, store_id, [patient_id], holder, keys)[patient_id]


# ----- the keychain: this account's own re-wrap of person keys it has opened -----------------------------
# Opening a wrap costs an X25519 exchange and an HKDF (about 0.1 ms); a list page opens 50.  Once opened,
# a person key is kept in ``person_key_cache`` AES-256-GCM-encrypted under a key only the holder derives
# (``PersonalKeys.own_secret``), bound to store, holder, person, key generation and the SHA-256 of the
# exact wrap text it was opened from.  It is used only while that very wrap row is still there (read in
# the same query): a withdrawn grant deletes the wrap, and with it every use of the cached copy.  The
# table is a cache: a missing, altered or foreign row falls back to the wrap, and is written again.


@dataclass(frozen=True, slots=True)
class Keychain:
    """The holder's key for its cache rows (derived from its private X25519 key)."""

    store_id: str
    holder: str
    generation: int
    aead: AESGCM

    @staticmethod
    def of(store_id: str, holder: str, keys: PersonalKeys) -> Keychain:
        purpose = b"person-key cache\x00" + canonical(
            {"store": store_id, "holder": holder, "gen": keys.generation}
        )
        return Keychain(store_id, holder, keys.generation, AESGCM(keys.own_secret(purpose)))

    def aad(self, patient_id: str, wrap_sha256: str) -> bytes:
        """``canonical`` of what a cache row is bound to (byte for byte, see :func:`_aad`)."""
        return (
            f'{{"gen":{self.generation},"holder":{_js(self.holder)},"patient":{_js(patient_id)},'
            f'"purpose":"person-key-cache","store":{_js(self.store_id)},"v":1,'
            f'"wrap":{_js(wrap_sha256)}}}'
        ).encode("ascii")


@dataclass(frozen=True, slots=True)
class Opened:
    """A person key just opened from its wrap (the slow way), with the wrap text it came from: what
    :func:`remember` keeps in the holder's keychain."""

    patient_id: str
    generation: int
    sealed: str
    key: bytes


def wrap_sha256(sealed_text: str) -> str:
    return hashlib.sha256(sealed_text.encode("utf-8")).hexdigest()


def open_wraps(
    db: Database,
    store_id: str,
    patient_ids: list[str],
    holder: str,
    keys: PersonalKeys,
    opened: list[Opened] | None = None,
) -> dict[str, bytes | None]:
    """:func:`open_wrap` for many persons with one query (a list page).

    A person whose wrap is unchanged since this holder last opened it is answered from the holder's
    keychain (``person_key_cache``, read in the same query: only beside its wrap); any other is opened
    from the wrap, and appended to ``opened`` (when given) for :func:`remember`."""
    out: dict[str, bytes | None] = dict.fromkeys(patient_ids)
    chain: Keychain | None = None
    recipient = recipient_of(keys.x25519)
    for start in range(0, len(patient_ids), 500):
        chunk = patient_ids[start : start + 500]
        for row_pid, gen, sealed_json, c_gen, c_wrap, c_nonce, c_ct in db.all(
            "SELECT w.patient_id, w.generation, w.sealed, c.generation, c.wrap_sha256, c.nonce, c.ct "
            "FROM person_key_wraps w LEFT JOIN person_key_cache c "
            "ON c.holder = w.holder AND c.patient_id = w.patient_id "
            "WHERE w.holder = ? AND w.patient_id IN "
            f"({','.join('?' * len(chunk))})",
            [holder, *chunk],
        ):
            if int(gen) != keys.generation:
                continue
            pid, text = str(row_pid), str(sealed_json)
            if c_ct is not None and c_gen == keys.generation:
                digest = wrap_sha256(text)
                if c_wrap == digest:
                    if chain is None:
                        chain = Keychain.of(store_id, holder, keys)
                    try:
                        key = chain.aead.decrypt(bytes(c_nonce), bytes(c_ct), chain.aad(pid, digest))
                    except (InvalidTag, ValueError, TypeError):
                        key = b""  # altered, moved or another holder's: open the wrap instead
                    if len(key) == 32:
                        out[pid] = key
                        continue
            try:
                sealed = Sealed.from_json(json.loads(text))
                key = unseal(
                    sealed, keys.x25519, wrap_context(store_id, pid, holder, keys.generation), recipient
                )
            except (KeyFormatError, ValueError):
                continue
            if len(key) != 32:
                continue
            out[pid] = key
            if opened is not None:
                opened.append(Opened(pid, keys.generation, text, key))
    return out


def remember(db: Database, store_id: str, holder: str, keys: PersonalKeys, opened: list[Opened]) -> int:
    """Keep the person keys just opened in the holder's keychain; inside the caller's transaction.

    A row is written only while the wrap it was opened from is still there, unchanged (compared as
    text in the same statement).  Returns how many rows were written."""
    if not opened:
        return 0
    chain = Keychain.of(store_id, holder, keys)
    n = 0
    for o in opened:
        if o.generation != keys.generation:
            continue
        digest = wrap_sha256(o.sealed)
        nonce = secrets.token_bytes(_NONCE)
        ct = chain.aead.encrypt(nonce, o.key, chain.aad(o.patient_id, digest))
        n += db.execute(
            "INSERT INTO person_key_cache (holder, patient_id, generation, wrap_sha256, nonce, ct) "
            "SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM person_key_wraps "
            "WHERE holder = ?1 AND patient_id = ?2 AND generation = ?3 AND sealed = ?7) "
            "ON CONFLICT (holder, patient_id) DO UPDATE SET generation = excluded.generation, "
            "wrap_sha256 = excluded.wrap_sha256, nonce = excluded.nonce, ct = excluded.ct",
            (holder, o.patient_id, o.generation, digest, nonce, ct, o.sealed),
        ).rowcount
    return n


def forget_keychain(db: Database, holder: str) -> int:
    """Drop every keychain row of ``holder`` (new keys: they no longer open anyway)."""
    return int(db.execute("DELETE FROM person_key_cache WHERE holder = ?", (holder,)).rowcount)


def drop_wrap(db: Database, patient_id: str, holder: str) -> bool:
    return bool(
        db.execute(
            "DELETE FROM person_key_wraps WHERE patient_id = ? AND holder = ?", (patient_id, holder)
        ).rowcount
    )


def wraps_of(db: Database, patient_id: str) -> list[Wrap]:
    return [
        Wrap(r[0], r[1], int(r[2]), str(r[3]), str(r[4]), str(r[5]))
        for r in db.all(
            "SELECT patient_id, holder, generation, reason, wrapped_by, wrapped_at FROM person_key_wraps "
            "WHERE patient_id = ? ORDER BY wrapped_at, holder",
            (patient_id,),
        )
    ]


def patients_wrapped_for(db: Database, holder: str) -> list[str]:
    return [
        str(r[0])
        for r in db.all(
            "SELECT patient_id FROM person_key_wraps WHERE holder = ? ORDER BY patient_id", (holder,)
        )
    ]


# ----- the content of a sealed person, for the repositories ---------------------------------------------
#: per open database: how to get the content key of a person for the signed-in account (services set it)
_PROVIDERS: weakref.WeakKeyDictionary[Database, Callable[[str], FieldCipher | None]] = (
    weakref.WeakKeyDictionary()
)


def register(db: Database, provider: Callable[[str], FieldCipher | None]) -> None:
    _PROVIDERS[db] = provider


def cipher_of(db: Database, patient_id: str) -> FieldCipher | None:
    provider = _PROVIDERS.get(db)
    return None if provider is None else provider(patient_id)


def person_is_sealed(db: Database, patient_id: str | None) -> bool:
    """A person's fields are sealed as one: the name tells (it is never stored sealed otherwise)."""
    if patient_id is None:
        return False
    return is_sealed_text(db.scalar("SELECT name FROM patients WHERE id = ?", (patient_id,)))


def patient_of_exam(db: Database, exam_id: str) -> str | None:
    found = db.scalar("SELECT patient_id FROM examinations WHERE id = ?", (exam_id,))
    return None if found is None else str(found)


def _writer(db: Database, patient_id: str | None) -> FieldCipher | None:
    if not person_is_sealed(db, patient_id):
        return None
    fc = cipher_of(db, str(patient_id))
    if fc is None:
        raise AccessDenied("access.no_key")
    return fc


def text_in(db: Database, patient_id: str | None, table: str, row_id: str, column: str, value: str) -> str:
    """``value`` as stored: sealed when the person is, else unchanged."""
    fc = _writer(db, patient_id)
    return value if fc is None else fc.seal_text(table, row_id, column, value)


def bytes_in(
    db: Database, patient_id: str | None, table: str, row_id: str, column: str, value: bytes
) -> bytes:
    fc = _writer(db, patient_id)
    return value if fc is None else fc.seal_bytes(table, row_id, column, value)


def text_out(
    db: Database, patient_id: str | None, table: str, row_id: str, column: str, stored: str, locked: str = ""
) -> str:
    """A stored text as read by this account: opened, or ``locked`` when it holds no key."""
    if not is_sealed_text(stored) or not person_is_sealed(db, patient_id):
        return stored
    fc = cipher_of(db, str(patient_id))
    return locked if fc is None else fc.open_text(table, row_id, column, stored)


def bytes_out(
    db: Database, patient_id: str | None, table: str, row_id: str, column: str, stored: bytes
) -> bytes | None:
    """Stored bytes as read by this account: opened, or None when it holds no key."""
    if not is_sealed_blob(stored):
        return stored
    fc = cipher_of(db, str(patient_id))
    return None if fc is None else fc.open_bytes(table, row_id, column, stored)


# Which content of a person is sealed besides the identity: (table, key column, text/blob columns, how
# the row reaches the patient).  Used when a stored person is sealed or opened again in place.
_CONTENT: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("examinations", "id", ("body",), "SELECT id FROM examinations WHERE patient_id = ?"),
    (
        "injuries",
        "id",
        ("body",),
        "SELECT i.id FROM injuries i JOIN examinations e ON e.id = i.examination_id WHERE e.patient_id = ?",
    ),
    (
        "addenda",
        "id",
        ("text",),
        "SELECT a.id FROM addenda a JOIN examinations e ON e.id = a.examination_id WHERE e.patient_id = ?",
    ),
    (
        "photos",
        "id",
        ("original_name", "caption"),
        "SELECT p.id FROM photos p JOIN examinations e ON e.id = p.examination_id WHERE e.patient_id = ?",
    ),
    *[
        (
            t,
            "photo_id",
            ("data",),
            f"SELECT b.photo_id FROM {t} b JOIN photos p ON p.id = b.photo_id "
            "JOIN examinations e ON e.id = p.examination_id WHERE e.patient_id = ?",
        )
        for t in ("photo_originals", "photo_previews", "photo_thumbnails")
    ],
)


def reseal_content(db: Database, patient_id: str, cipher: FieldCipher, *, seal: bool) -> int:
    """Seal (or open again) every stored record of a person in place; inside the caller's transaction.

    The immutability triggers of signed records and photos are lifted for this one statement set and put
    back as they were (the content itself does not change: signatures and hashes are over the plain
    content).  Returns how many values were rewritten."""
    triggers = db.all(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
        f"({','.join('?' * len(_CONTENT))}) AND name LIKE '%refuse%'",
        [c[0] for c in _CONTENT],
    )
    for name, _ in triggers:
        db.execute(f'DROP TRIGGER "{name}"')
    n = 0
    try:
        for table, key_col, cols, ids_sql in _CONTENT:
            for (row_id,) in db.all(ids_sql, (patient_id,)):
                row = db.one(f"SELECT {', '.join(cols)} FROM {table} WHERE {key_col} = ?", (row_id,))
                if row is None:
                    continue
                new = [
                    _reseal_value(cipher, table, str(row_id), c, v, seal)
                    for c, v in zip(cols, row, strict=True)
                ]
                db.execute(
                    f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in cols)} WHERE {key_col} = ?",
                    (*new, row_id),
                )
                n += len(cols)
    finally:
        for _, sql in triggers:
            db.execute(str(sql))
    return n


def _reseal_value(cipher: FieldCipher, table: str, row_id: str, column: str, value: Any, seal: bool) -> Any:
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        if seal:
            return raw if is_sealed_blob(raw) else cipher.seal_bytes(table, row_id, column, raw)
        return cipher.open_bytes(table, row_id, column, raw) if is_sealed_blob(raw) else raw
    if value is None:
        return None
    text = str(value)
    if seal:
        return text if is_sealed_text(text) else cipher.seal_text(table, row_id, column, text)
    return cipher.open_text(table, row_id, column, text) if is_sealed_text(text) else text
