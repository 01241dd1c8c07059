"""keyslots.json: the store's data key, wrapped once per account and once under the recovery code.

Each slot holds the 256-bit data key encrypted with AES-256-GCM under a key derived from a secret
(the account's password or the recovery code) with Argon2id.  The associated data binds the slot to
its store, its id, its kind, its account and its KDF parameters, so that a slot moved, relabelled or
weakened no longer decrypts.  A SHA-256 checksum over the slots detects accidental damage and gives a
clear message instead of "wrong password".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from injurydoc.domain.errors import AuthError, Both, StoreError
from injurydoc.store.atomic import atomic_write_bytes

FORMAT = "injurydoc-keyslots"
#: 1: slots only (the database uses SQLCipher's 4 KiB pages).  2: also the database's page size.
VERSION = 2
#: SQLCipher page size of new stores.  A store is mostly photos of 3–5 MB: 16 KiB pages need a quarter
#: of the page encryptions, HMACs and writes of SQLCipher's default (docs/benchmarks.md, photo intake).
PAGE_SIZE = 16384
LEGACY_PAGE_SIZE = 4096  # stores whose key file is version 1
PAGE_SIZES = (4096, 8192, 16384, 32768, 65536)
KEY_LEN = 32
SALT_LEN = 16
NONCE_LEN = 12


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost.  The defaults take 0.1–0.25 s on a 2-core workstation (docs/benchmarks.md)."""

    time_cost: int = 3
    memory_cost: int = 65536  # KiB = 64 MiB
    parallelism: int = 4

    def to_json(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_cost, "p": self.parallelism}

    @staticmethod
    def from_json(d: dict[str, Any]) -> KdfParams:
        """Parameters read from keyslots.json, bounded: a file that asks for absurd cost would hang
        sign-in or exhaust memory (:class:`KdfBoundsError`, a ValueError)."""
        t, m, p = d["t"], d["m"], d["p"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (t, m, p)):
            raise KdfBoundsError(
                "Argon2-parametrarna är inga heltal", "the Argon2 parameters are not integers"
            )
        if not (
            1 <= t <= MAX_KDF.time_cost
            and 1 <= p <= MAX_KDF.parallelism
            and 8 * p <= m <= MAX_KDF.memory_cost
        ):
            limits = f"t ≤ {MAX_KDF.time_cost}, m ≤ {MAX_KDF.memory_cost} KiB, p ≤ {MAX_KDF.parallelism}"
            raise KdfBoundsError(
                f"Argon2-parametrarna är orimliga (tillåtet: {limits})",
                f"the Argon2 parameters are absurd (allowed: {limits})",
            )
        return KdfParams(time_cost=t, memory_cost=m, parallelism=p)


class KdfBoundsError(ValueError):
    """Argon2 parameters outside :data:`MAX_KDF`, with the reason in both languages."""

    def __init__(self, sv: str, en: str) -> None:
        super().__init__(en)
        self.both = Both(sv, en)


#: The most a key file may ask of Argon2id: 4× the default time, 256 MiB (the restore's whole budget is
#: 300 MB), 16 lanes.  The program itself writes :class:`KdfParams` defaults (3, 64 MiB, 4).
MAX_KDF = KdfParams(time_cost=12, memory_cost=256 * 1024, parallelism=16)
MAX_FILE_BYTES = 1024 * 1024


#: Cheap parameters for tests and benchmarks' baselines only; never used by the program itself.
TEST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


def derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=secret.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=KEY_LEN,
        type=Type.ID,
    )


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    kind: str  # "account" | "recovery"
    account_id: str | None
    username: str | None
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    ciphertext: bytes

    def aad(self, store_id: str) -> bytes:
        return _canonical(
            {
                "store_id": store_id,
                "slot_id": self.id,
                "kind": self.kind,
                "account_id": self.account_id,
                "username": self.username,
                "kdf": self.kdf.to_json(),
            }
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "account_id": self.account_id,
            "username": self.username,
            "kdf": {"alg": "argon2id", **self.kdf.to_json()},
            "salt": _b64(self.salt),
            "aead": {"alg": "aes-256-gcm", "nonce": _b64(self.nonce), "ct": _b64(self.ciphertext)},
        }

    @staticmethod
    def from_json(d: dict[str, Any]) -> Slot:
        kdf = d["kdf"]
        aead = d["aead"]
        if kdf.get("alg") != "argon2id" or aead.get("alg") != "aes-256-gcm":
            raise ValueError("unknown algorithm")
        kind = d["kind"]
        if kind not in ("account", "recovery"):
            raise ValueError("unknown slot kind")
        slot = Slot(
            id=str(d["id"]),
            kind=kind,
            account_id=None if d.get("account_id") is None else str(d["account_id"]),
            username=None if d.get("username") is None else str(d["username"]),
            kdf=KdfParams.from_json(kdf),
            salt=_unb64(d["salt"]),
            nonce=_unb64(aead["nonce"]),
            ciphertext=_unb64(aead["ct"]),
        )
        if len(slot.salt) != SALT_LEN or len(slot.nonce) != NONCE_LEN or len(slot.ciphertext) != KEY_LEN + 16:
            raise ValueError("field of wrong length")
        if kind == "account" and not (slot.account_id and slot.username):
            raise ValueError("account slot without account")
        return slot


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: object) -> bytes:
    if not isinstance(s, str):
        raise ValueError("not base64 text")
    return base64.b64decode(s, validate=True)


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _checksum(slots_json: list[Any], database: dict[str, Any] | None) -> str:
    """Over the slots (version 1) or the slots and the database settings (version 2)."""
    covered: object = slots_json if database is None else {"database": database, "slots": slots_json}
    return hashlib.sha256(_canonical(covered)).hexdigest()


#: Why :meth:`KeySlots.load` refused a key file, in Swedish and English (the English text is the
#: ValueError's own message).
_LOAD_REASONS: Final = {
    "not an injurydoc key file": Both("inte en nyckelfil från injurydoc", "not an injurydoc key file"),
    "no version": Both("versionsnummer saknas", "no version"),
    "slots is not a list": Both("nyckelplatserna är inte en lista", "slots is not a list"),
    "bad database page size": Both("felaktig sidstorlek för databasen", "bad database page size"),
    "checksum does not match": Both("kontrollsumman stämmer inte", "checksum does not match"),
}
_BAD_FIELD: Final = Both("ett fält saknas eller har fel värde", "a field is missing or has a bad value")


@dataclass
class KeySlots:
    """The parsed contents of keyslots.json."""

    store_id: str
    slots: list[Slot] = field(default_factory=list)
    page_size: int = PAGE_SIZE  # the database's SQLCipher page size; fixed when the store is made

    # ----- reading and writing -------------------------------------------------------------
    @staticmethod
    def load(path: Path) -> KeySlots:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise StoreError(
                    "store.keyslots_damaged", detail=Both("filen är för stor", "the file is too large")
                )
            raw = path.read_bytes()
        except FileNotFoundError:
            raise StoreError("store.not_found", path=str(path.parent)) from None
        except OSError:
            raise StoreError(
                "store.keyslots_damaged", detail=Both("filen kan inte läsas", "the file cannot be read")
            ) from None
        try:
            doc = json.loads(raw.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("not an injurydoc key file")
            version = doc.get("version")
            if not isinstance(version, int):
                raise ValueError("no version")
            if version > VERSION:
                raise StoreError("store.too_new", found=f"keyslots {version}", supported=VERSION)
            slots_json = doc["slots"]
            if not isinstance(slots_json, list):
                raise ValueError("slots is not a list")
            if version >= 2:
                database = doc["database"]
                if not isinstance(database, dict) or database.get("page_size") not in PAGE_SIZES:
                    raise ValueError("bad database page size")
                page_size = int(database["page_size"])
            else:
                database, page_size = None, LEGACY_PAGE_SIZE
            if doc.get("checksum") != _checksum(slots_json, database):
                raise ValueError("checksum does not match")
            slots = [Slot.from_json(s) for s in slots_json]
            store_id = str(uuid.UUID(str(doc["store_id"])))
        except StoreError:
            raise
        except KdfBoundsError as exc:
            raise StoreError("store.keyslots_damaged", detail=exc.both) from None
        except RecursionError:
            raise StoreError(
                "store.keyslots_damaged", detail=Both("för djupt nästlad", "nested too deeply")
            ) from None
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError, binascii.Error) as exc:
            # Our own reasons in words; anything else (a field's type or value) said generally.
            known = _LOAD_REASONS.get(str(exc)) if isinstance(exc, ValueError) else None
            raise StoreError("store.keyslots_damaged", detail=known or _BAD_FIELD) from None
        ids = [s.id for s in slots]
        if len(set(ids)) != len(ids):
            raise StoreError(
                "store.keyslots_damaged",
                detail=Both("samma nyckelplats finns två gånger", "duplicate slot id"),
            )
        return KeySlots(store_id=store_id, slots=slots, page_size=page_size)

    def to_bytes(self) -> bytes:
        slots_json = [s.to_json() for s in self.slots]
        database = {"page_size": self.page_size}
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "store_id": self.store_id,
            "note": "Wrapped data keys for an injurydoc store. Do not edit.",
            "database": database,
            "slots": slots_json,
            "checksum": _checksum(slots_json, database),
        }
        return json.dumps(doc, indent=2, ensure_ascii=True).encode() + b"\n"

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_bytes())

    # ----- slots ----------------------------------------------------------------------------
    def _wrap(
        self,
        *,
        kind: str,
        secret: str,
        data_key: bytes,
        kdf: KdfParams,
        account_id: str | None,
        username: str | None,
    ) -> Slot:
        salt = secrets.token_bytes(SALT_LEN)
        nonce = secrets.token_bytes(NONCE_LEN)
        slot = Slot(
            id=str(uuid.uuid4()),
            kind=kind,
            account_id=account_id,
            username=username,
            kdf=kdf,
            salt=salt,
            nonce=nonce,
            ciphertext=b"",
        )
        kek = derive(secret, salt, kdf)
        ct = AESGCM(kek).encrypt(nonce, data_key, slot.aad(self.store_id))
        return Slot(**{**_slot_fields(slot), "ciphertext": ct})

    def set_account_slot(
        self, *, account_id: str, username: str, password: str, data_key: bytes, kdf: KdfParams
    ) -> None:
        """Add or replace the slot of one account; other slots are left byte for byte as they were."""
        new = self._wrap(
            kind="account",
            secret=password,
            data_key=data_key,
            kdf=kdf,
            account_id=account_id,
            username=username,
        )
        self.slots = [s for s in self.slots if s.account_id != account_id] + [new]

    def set_recovery_slot(self, *, code: str, data_key: bytes, kdf: KdfParams) -> None:
        new = self._wrap(
            kind="recovery",
            secret=normalise_recovery_code(code),
            data_key=data_key,
            kdf=kdf,
            account_id=None,
            username=None,
        )
        self.slots = [s for s in self.slots if s.kind != "recovery"] + [new]

    def remove_account_slot(self, account_id: str) -> None:
        self.slots = [s for s in self.slots if s.account_id != account_id]

    def account_slot(self, username: str) -> Slot | None:
        for s in self.slots:
            if s.kind == "account" and s.username == username:
                return s
        return None

    def unwrap_account(self, username: str, password: str) -> tuple[Slot, bytes]:
        """Return the slot and the data key; unknown user and wrong password raise the same error."""
        slot = self.account_slot(username)
        if slot is None:
            # Spend the same work as a real attempt so that timing does not reveal the user list.
            derive(password, secrets.token_bytes(SALT_LEN), self._typical_kdf())
            raise AuthError("auth.failed")
        return slot, self._unwrap(slot, password, "auth.failed")

    def unwrap_recovery(self, code: str) -> bytes:
        for s in self.slots:
            if s.kind == "recovery":
                return self._unwrap(s, normalise_recovery_code(code), "auth.recovery_failed")
        raise AuthError("auth.recovery_failed")

    def _unwrap(self, slot: Slot, secret: str, error_code: str) -> bytes:
        kek = derive(secret, slot.salt, slot.kdf)
        try:
            return AESGCM(kek).decrypt(slot.nonce, slot.ciphertext, slot.aad(self.store_id))
        except InvalidTag:
            raise AuthError(error_code) from None

    def _typical_kdf(self) -> KdfParams:
        for s in self.slots:
            if s.kind == "account":
                return s.kdf
        return KdfParams()


def _slot_fields(slot: Slot) -> dict[str, Any]:
    return {name: getattr(slot, name) for name in Slot.__slots__}


# ----- recovery codes -------------------------------------------------------------------------
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def new_recovery_code() -> str:
    """160 random bits as 32 base32 characters in eight groups of four, for writing on paper."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, 32, 4))


def normalise_recovery_code(code: str) -> str:
    """Accept the code as typed: any case, spaces or hyphens, and 0/1/8 mistaken for O/I/B."""
    table = str.maketrans({"0": "O", "1": "I", "8": "B"})
    compact = "".join(ch for ch in code.upper() if ch.isalnum()).translate(table)
    return compact


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_LEN)
