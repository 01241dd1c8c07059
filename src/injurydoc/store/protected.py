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
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database
from injurydoc.store.personal_keys import (
    KeyFormatError,
    PersonalKeys,
    PublicKeys,
    Sealed,
    canonical,
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
    return canonical({"v": 1, "store": store_id, "table": table, "row": row_id, "column": column})


@dataclass(frozen=True, slots=True)
class FieldCipher:
    """Encrypts and decrypts the fields of one person under that person's content key."""

    key: bytes
    store_id: str

    def seal_bytes(self, table: str, row_id: str, column: str, plain: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        ct = AESGCM(self.key).encrypt(nonce, plain, _aad(self.store_id, table, row_id, column))
        return BLOB_PREFIX + nonce + ct

    def open_bytes(self, table: str, row_id: str, column: str, stored: bytes) -> bytes:
        if not is_sealed_blob(stored):
            raise KeyFormatError("not a sealed field")
        body = stored[len(BLOB_PREFIX) :]
        try:
            return AESGCM(self.key).decrypt(
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
def _wrap_context(store_id: str, patient_id: str, holder: str, generation: int) -> bytes:
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
    sealed = seal(content_key, public.x25519, _wrap_context(store_id, patient_id, holder, public.generation))
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
    row = db.one(
        "SELECT generation, sealed FROM person_key_wraps WHERE patient_id = ? AND holder = ?",
        (patient_id, holder),
    )
    if row is None or int(row[0]) != keys.generation:
        return None
    try:
        sealed = Sealed.from_json(json.loads(str(row[1])))
        key = unseal(sealed, keys.x25519, _wrap_context(store_id, patient_id, holder, keys.generation))
    except (KeyFormatError, ValueError):
        return None
    return key if len(key) == 32 else None


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
