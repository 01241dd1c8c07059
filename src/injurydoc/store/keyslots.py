"""keyslots.json: the store's data key, wrapped once per account and once under the recovery code.

Each slot holds the 256-bit data key encrypted with AES-256-GCM under a key derived from a secret
(the account's password or the recovery code) with Argon2id.  The associated data binds the slot to
its store, its id, its kind, its account and its KDF parameters, so that a slot moved, relabelled or
weakened no longer decrypts.  A SHA-256 checksum over the slots detects accidental damage and gives a
clear message instead of "wrong password".

Version 3 adds *keyed* slots (store/personal_keys.py): the secret's key wraps the holder's personal
private keys, and the data key is sealed to the holder's X25519 public key.  A unit manager can then
re-key the store (seal a new data key to every account) without knowing anyone's password.  Slots of
the older kind (the data key wrapped directly) are still read; they are replaced by keyed slots at the
holder's next sign-in.  The file also counts its own ``generation``; which slots are valid is recorded
inside the store (store/key_registry.py) and checked at sign-in.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
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
from injurydoc.store.personal_keys import (
    KeyFormatError,
    PersonalKeys,
    PublicKeys,
    Sealed,
    seal,
    unseal,
)

FORMAT = "injurydoc-keyslots"
#: 1: slots only (the database uses SQLCipher's 4 KiB pages).  2: also the database's page size.
#: 3: keyed slots (personal keys, sealed data key) and the file's generation.  A file without keyed
#: slots is still written as version 2, so that it stays readable by the program that made it.
VERSION = 3
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
    #: legacy slot: the wrapped data key; keyed slot: the wrapped personal private keys
    ciphertext: bytes
    # ----- keyed slots (version 3) only -----
    public: PublicKeys | None = None  # the holder's public keys (bound into the associated data)
    seal: Sealed | None = None  # the data key, sealed to ``public.x25519``
    prev_seal: Sealed | None = None  # the data key before a re-key that has not finished

    @property
    def keyed(self) -> bool:
        return self.public is not None

    def aad(self, store_id: str) -> bytes:
        bound: dict[str, Any] = {
            "store_id": store_id,
            "slot_id": self.id,
            "kind": self.kind,
            "account_id": self.account_id,
            "username": self.username,
            "kdf": self.kdf.to_json(),
        }
        if self.public is not None:
            bound |= {"wraps": "personal-keys", "public": self.public.to_json()}
        return _canonical(bound)

    def seal_context(self, store_id: str) -> bytes:
        return _canonical({"p": "injurydoc-data-key", "store_id": store_id, "slot_id": self.id})

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "account_id": self.account_id,
            "username": self.username,
            "kdf": {"alg": "argon2id", **self.kdf.to_json()},
            "salt": _b64(self.salt),
        }
        aead = {"alg": "aes-256-gcm", "nonce": _b64(self.nonce), "ct": _b64(self.ciphertext)}
        if self.public is None or self.seal is None:
            return d | {"aead": aead}
        d |= {"keys": aead, "public": self.public.to_json(), "seal": self.seal.to_json()}
        if self.prev_seal is not None:
            d["prev_seal"] = self.prev_seal.to_json()
        return d

    def digest(self) -> str:
        """SHA-256 over what the secret protects (not the sealed data key, which a re-key replaces).

        The store's slot registry records it: an old slot spliced back has another digest.
        """
        d = self.to_json()
        d.pop("seal", None)
        d.pop("prev_seal", None)
        return hashlib.sha256(_canonical(d)).hexdigest()

    @staticmethod
    def from_json(d: dict[str, Any]) -> Slot:
        kdf = d["kdf"]
        keyed = "keys" in d
        aead = d["keys"] if keyed else d["aead"]
        if kdf.get("alg") != "argon2id" or aead.get("alg") != "aes-256-gcm":
            raise ValueError("unknown algorithm")
        kind = d["kind"]
        if kind not in ("account", "recovery"):
            raise ValueError("unknown slot kind")
        try:
            public = PublicKeys.from_json(d["public"]) if keyed else None
            sealed = Sealed.from_json(d["seal"]) if keyed else None
            prev = Sealed.from_json(d["prev_seal"]) if keyed and "prev_seal" in d else None
        except KeyFormatError as exc:
            raise ValueError(str(exc)) from None
        slot = Slot(
            id=str(d["id"]),
            kind=kind,
            account_id=None if d.get("account_id") is None else str(d["account_id"]),
            username=None if d.get("username") is None else str(d["username"]),
            kdf=KdfParams.from_json(kdf),
            salt=_unb64(d["salt"]),
            nonce=_unb64(aead["nonce"]),
            ciphertext=_unb64(aead["ct"]),
            public=public,
            seal=sealed,
            prev_seal=prev,
        )
        ct_ok = 16 < len(slot.ciphertext) <= 4096 if keyed else len(slot.ciphertext) == KEY_LEN + 16
        if len(slot.salt) != SALT_LEN or len(slot.nonce) != NONCE_LEN or not ct_ok:
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


def checksum(slots_json: list[Any], database: dict[str, Any] | None, generation: int | None = None) -> str:
    """Over the slots (version 1), the slots and the database settings (version 2), and the file's
    generation (version 3).  A plain checksum: it tells damage from a wrong password, nothing more."""
    covered: object = slots_json if database is None else {"database": database, "slots": slots_json}
    if generation is not None:
        covered = {"database": database, "generation": generation, "slots": slots_json}
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
    #: counts the writes of a version 3 file; the store records the newest it has seen
    generation: int = 0

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
            generation = doc.get("generation") if version >= 3 else None
            if generation is not None and (not isinstance(generation, int) or generation < 0):
                raise ValueError("bad generation")
            if doc.get("checksum") != checksum(slots_json, database, generation):
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
        return KeySlots(store_id=store_id, slots=slots, page_size=page_size, generation=generation or 0)

    @property
    def keyed(self) -> bool:
        """Version 3: at least one slot holds personal keys."""
        return any(s.keyed for s in self.slots)

    def to_bytes(self) -> bytes:
        slots_json = [s.to_json() for s in self.slots]
        database = {"page_size": self.page_size}
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION if self.keyed else 2,
            "store_id": self.store_id,
            "note": "Wrapped data keys for an injurydoc store. Do not edit.",
            "database": database,
        }
        generation = self.generation if self.keyed else None
        if generation is not None:
            doc["generation"] = generation
        doc |= {"slots": slots_json, "checksum": checksum(slots_json, database, generation)}
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

    def recovery_slot(self) -> Slot | None:
        for s in self.slots:
            if s.kind == "recovery":
                return s
        return None

    def unwrap_account(self, username: str, password: str) -> tuple[Slot, bytes]:
        """Return the slot and the data key; unknown user and wrong password raise the same error."""
        slot, opened = self.open_account(username, password)
        return slot, opened.data_key

    def unwrap_recovery(self, code: str) -> bytes:
        return self.open_recovery(code)[1].data_key

    # ----- keyed slots (version 3) -----------------------------------------------------------------
    def set_keyed_slot(
        self,
        *,
        kind: str,
        secret: str,
        keys: PersonalKeys,
        data_key: bytes,
        kdf: KdfParams,
        account_id: str | None,
        username: str | None,
    ) -> Slot:
        """Add or replace a slot that wraps ``keys`` under ``secret`` and seals the data key to them."""
        if kind == "recovery":
            secret = normalise_recovery_code(secret)
        salt, nonce = secrets.token_bytes(SALT_LEN), secrets.token_bytes(NONCE_LEN)
        slot = Slot(
            id=str(uuid.uuid4()),
            kind=kind,
            account_id=account_id,
            username=username,
            kdf=kdf,
            salt=salt,
            nonce=nonce,
            ciphertext=b"",
            public=keys.public(),
        )
        ct = AESGCM(derive(secret, salt, kdf)).encrypt(nonce, keys.to_bytes(), slot.aad(self.store_id))
        sealed = seal(data_key, keys.public().x25519, slot.seal_context(self.store_id))
        slot = dataclasses.replace(slot, ciphertext=ct, seal=sealed)
        if kind == "recovery":
            self.slots = [s for s in self.slots if s.kind != "recovery"] + [slot]
        else:
            self.slots = [s for s in self.slots if s.account_id != account_id] + [slot]
        return slot

    def reseal(self, slot_id: str, recipient_x25519: bytes, data_key: bytes, prev: bytes | None) -> None:
        """Seal a new data key (and, until the re-key is done, the old one) for one keyed slot.

        ``recipient_x25519`` is the holder's *certified* key: a slot whose public key differs has
        been tampered with, and :class:`KeyFormatError` says so.
        """
        for i, slot in enumerate(self.slots):
            if slot.id != slot_id:
                continue
            if slot.public is None or slot.public.x25519 != recipient_x25519:
                raise KeyFormatError("the slot's public key is not the certified one")
            ctx = slot.seal_context(self.store_id)
            self.slots[i] = dataclasses.replace(
                slot,
                seal=seal(data_key, recipient_x25519, ctx),
                prev_seal=None if prev is None else seal(prev, recipient_x25519, ctx),
            )
            return
        raise KeyError(slot_id)

    def drop_prev_seals(self) -> None:
        self.slots = [dataclasses.replace(s, prev_seal=None) for s in self.slots]

    def open_account(self, username: str, password: str) -> tuple[Slot, Opened]:
        """The slot and what it holds; unknown user and wrong password raise the same error."""
        slot = self.account_slot(username)
        if slot is None:
            # Spend the same work as a real attempt so that timing does not reveal the user list.
            derive(password, secrets.token_bytes(SALT_LEN), self._typical_kdf())
            raise AuthError("auth.failed")
        return slot, self.open_slot(slot, password, "auth.failed")

    def open_recovery(self, code: str) -> tuple[Slot, Opened]:
        slot = self.recovery_slot()
        if slot is None:
            raise AuthError("auth.recovery_failed")
        return slot, self.open_slot(slot, normalise_recovery_code(code), "auth.recovery_failed")

    def open_slot(self, slot: Slot, secret: str, error_code: str) -> Opened:
        if not slot.keyed:
            return Opened(data_key=self._unwrap(slot, secret, error_code), keys=None)
        raw = self._unwrap(slot, secret, error_code)
        ctx = slot.seal_context(self.store_id)
        try:
            keys = PersonalKeys.from_bytes(raw)
            if slot.public != keys.public() or slot.seal is None:
                raise KeyFormatError("the slot's public keys are not its own")
            data_key = unseal(slot.seal, keys.x25519, ctx)
            prev = None if slot.prev_seal is None else unseal(slot.prev_seal, keys.x25519, ctx)
        except KeyFormatError as exc:
            # The secret was right (the AEAD opened): what follows it has been altered.
            raise StoreError("store.keyslots_damaged", detail=str(exc)) from None
        return Opened(data_key=data_key, keys=keys, prev_data_key=prev)

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


@dataclass(frozen=True)
class Opened:
    """What a slot gave to the right secret."""

    data_key: bytes
    keys: PersonalKeys | None  # None for a slot of the older kind
    prev_data_key: bytes | None = None  # set while a re-key has not finished


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
