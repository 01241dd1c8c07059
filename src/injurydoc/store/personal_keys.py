"""Each person's own keys, the unit key that certifies them, and sealing a secret to a public key.

* **Personal keys**: an X25519 key pair (to receive the data key and, for unit managers, the unit key)
  and an Ed25519 key pair (to sign access-log checkpoints and, later, records).  The private halves
  live only wrapped under the holder's password in ``keyslots.json``.  Each issue of keys has a
  *generation*; a password reset by a unit manager makes a new generation, the old public keys stay
  in the store's history so that what was signed with them still verifies.
* **The unit key** (Ed25519) is made at ``init``.  It certifies every account's public keys; its
  fingerprint is shown at set-up and kept on paper beside the recovery code.  Its private half is
  sealed to each unit manager's X25519 key (and the recovery key), never to a clinician's.
* **Sealing** (X25519 + HKDF-SHA256 + AES-256-GCM with an ephemeral sender key): anyone may seal to a
  public key; only the holder of the private key opens it.  The context (store, slot, purpose) is
  bound into the key derivation and the associated data.

Only ``cryptography`` primitives are used; the formats are canonical JSON (sorted keys, no spaces).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEAL_ALG = "x25519-hkdf-sha256-aes-256-gcm"
CERT_TYPE = "injurydoc-key-certificate"
RECOVERY = "recovery"  # the subject name of the recovery code's keys
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)
_RAW_PRIVATE = (serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


class KeyFormatError(ValueError):
    """A key, seal or certificate that cannot be parsed or does not verify."""


def canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def unb64(s: object, length: int | None = None) -> bytes:
    if not isinstance(s, str):
        raise KeyFormatError("not base64 text")
    try:
        raw = base64.b64decode(s, validate=True)
    except ValueError:
        raise KeyFormatError("not base64 text") from None
    if length is not None and len(raw) != length:
        raise KeyFormatError("field of wrong length")
    return raw


def fingerprint(public_raw: bytes) -> str:
    """128 bits of SHA-256 as eight groups of four hex digits: short enough to compare on paper."""
    digest = hashlib.sha256(b"injurydoc-public-key-v1:" + public_raw).hexdigest().upper()[:32]
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


# ----- personal key pairs ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PublicKeys:
    x25519: bytes
    ed25519: bytes
    generation: int

    def to_json(self) -> dict[str, Any]:
        return {"x25519": b64(self.x25519), "ed25519": b64(self.ed25519), "generation": self.generation}

    @staticmethod
    def from_json(d: Any) -> PublicKeys:
        if not isinstance(d, dict):
            raise KeyFormatError("public keys missing")
        gen = d.get("generation")
        if not isinstance(gen, int) or isinstance(gen, bool) or gen < 1:
            raise KeyFormatError("bad key generation")
        return PublicKeys(unb64(d.get("x25519"), 32), unb64(d.get("ed25519"), 32), gen)

    @property
    def signing_fingerprint(self) -> str:
        return fingerprint(self.ed25519)

    def verify(self, signature: bytes, message: bytes) -> bool:
        return verify_with(self.ed25519, signature, message)


@dataclass(frozen=True)
class PersonalKeys:
    """The private halves; held in memory only while the holder is signed in."""

    x25519: X25519PrivateKey
    ed25519: Ed25519PrivateKey
    generation: int

    @staticmethod
    def generate(generation: int = 1) -> PersonalKeys:
        return PersonalKeys(X25519PrivateKey.generate(), Ed25519PrivateKey.generate(), generation)

    def public(self) -> PublicKeys:
        return PublicKeys(
            self.x25519.public_key().public_bytes(*_RAW),
            self.ed25519.public_key().public_bytes(*_RAW),
            self.generation,
        )

    def sign(self, message: bytes) -> bytes:
        return self.ed25519.sign(message)

    def own_secret(self, purpose: bytes) -> bytes:
        """A 32-byte key only the holder of these keys can derive: HKDF-SHA256 of the X25519 private key
        with its own info string (never used for anything but ``purpose``).  For what the holder
        encrypts to itself (``store/protected.py``: the keychain of person keys already opened)."""
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"injurydoc own secret v1\x00" + purpose
        ).derive(self.x25519.private_bytes(*_RAW_PRIVATE))

    def to_bytes(self) -> bytes:
        return canonical(
            {
                "x25519": b64(self.x25519.private_bytes(*_RAW_PRIVATE)),
                "ed25519": b64(self.ed25519.private_bytes(*_RAW_PRIVATE)),
                "generation": self.generation,
            }
        )

    @staticmethod
    def from_bytes(raw: bytes) -> PersonalKeys:
        try:
            d = json.loads(raw.decode("utf-8"))
            gen = d["generation"]
            if not isinstance(gen, int) or gen < 1:
                raise KeyFormatError("bad key generation")
            return PersonalKeys(
                X25519PrivateKey.from_private_bytes(unb64(d["x25519"], 32)),
                Ed25519PrivateKey.from_private_bytes(unb64(d["ed25519"], 32)),
                gen,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFormatError(f"private keys unreadable ({type(exc).__name__})") from None


# ----- sealing to an X25519 public key ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Sealed:
    epk: bytes  # the sender's ephemeral X25519 public key
    nonce: bytes
    ct: bytes

    def to_json(self) -> dict[str, str]:
        return {"alg": SEAL_ALG, "epk": b64(self.epk), "nonce": b64(self.nonce), "ct": b64(self.ct)}

    @staticmethod
    def from_json(d: Any) -> Sealed:
        if not isinstance(d, dict) or d.get("alg") != SEAL_ALG:
            raise KeyFormatError("unknown sealing algorithm")
        return Sealed(unb64(d.get("epk"), 32), unb64(d.get("nonce"), 12), unb64(d.get("ct")))


def _seal_key(shared: bytes, epk: bytes, recipient: bytes, context: bytes) -> bytes:
    info = b"injurydoc seal v1\x00" + epk + recipient + hashlib.sha256(context).digest()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal(secret: bytes, recipient_x25519: bytes, context: bytes) -> Sealed:
    eph = X25519PrivateKey.generate()
    epk = eph.public_key().public_bytes(*_RAW)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_x25519))
    key = _seal_key(shared, epk, recipient_x25519, context)
    nonce = secrets.token_bytes(12)
    return Sealed(epk, nonce, AESGCM(key).encrypt(nonce, secret, context))


def recipient_of(private: X25519PrivateKey) -> bytes:
    """The raw public half of ``private`` (what :func:`unseal` binds; derive it once for many unseals)."""
    return private.public_key().public_bytes(*_RAW)


def unseal(
    sealed: Sealed, private: X25519PrivateKey, context: bytes, recipient: bytes | None = None
) -> bytes:
    """The sealed secret; :class:`KeyFormatError` when it was not sealed to this key in this context.
    ``recipient``: ``recipient_of(private)`` when the caller has it already."""
    if recipient is None:
        recipient = recipient_of(private)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(sealed.epk))
        key = _seal_key(shared, sealed.epk, recipient, context)
        return AESGCM(key).decrypt(sealed.nonce, sealed.ct, context)
    except (InvalidTag, ValueError):
        raise KeyFormatError("sealed for another key or another purpose") from None


# ----- the unit key and certificates -------------------------------------------------------------------
def new_unit_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def unit_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(*_RAW)


def unit_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(*_RAW_PRIVATE)


def unit_key_from_bytes(raw: bytes) -> Ed25519PrivateKey:
    if len(raw) != 32:
        raise KeyFormatError("unit key of wrong length")
    return Ed25519PrivateKey.from_private_bytes(raw)


@dataclass(frozen=True, slots=True)
class Certificate:
    """The unit key's statement: these public keys (this generation) belong to this subject."""

    store_id: str
    subject: str  # an account id, or RECOVERY
    username: str
    roles: tuple[str, ...]  # role codes when certified: only a unit manager's key may withdraw others'
    keys: PublicKeys
    issued_at: str
    issued_by: str  # the account id (or RECOVERY) of the session that certified
    issuer: str  # fingerprint of the unit key
    #: why the certifier took the key as the subject's when it is not a fingerprint read out by them
    #: (e.g. "moved-store:<the moved store's unit key fingerprint>"); absent from the bytes when empty
    basis: str = ""
    #: a historical certificate (a colleague disabled before anyone certified their key): the key is the
    #: subject's only for what it signed before this time (the server's ``disabled_at``, ISO 8601);
    #: absent from the bytes when empty
    valid_before: str = ""

    def body(self) -> dict[str, Any]:
        extra = {"basis": self.basis} if self.basis else {}
        if self.valid_before:
            extra["valid_before"] = self.valid_before
        return {
            **extra,
            "t": CERT_TYPE,
            "v": 1,
            "store": self.store_id,
            "subject": self.subject,
            "username": self.username,
            "roles": list(self.roles),
            "keys": self.keys.to_json(),
            "issued_at": self.issued_at,
            "issued_by": self.issued_by,
            "issuer": self.issuer,
        }

    def to_bytes(self) -> bytes:
        return canonical(self.body())

    @staticmethod
    def from_bytes(raw: bytes) -> Certificate:
        try:
            d = json.loads(raw.decode("utf-8"))
            if not isinstance(d, dict) or d.get("t") != CERT_TYPE or d.get("v") != 1:
                raise KeyFormatError("not a key certificate")
            cert = Certificate(
                store_id=str(d["store"]),
                subject=str(d["subject"]),
                username=str(d["username"]),
                roles=tuple(str(r) for r in d["roles"]),
                keys=PublicKeys.from_json(d["keys"]),
                issued_at=str(d["issued_at"]),
                issued_by=str(d["issued_by"]),
                issuer=str(d["issuer"]),
                basis=str(d.get("basis", "")),
                valid_before=str(d.get("valid_before", "")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFormatError(f"certificate unreadable ({type(exc).__name__})") from None
        if cert.to_bytes() != raw:
            raise KeyFormatError("certificate not in canonical form")
        return cert

    def sign(self, unit_key: Ed25519PrivateKey) -> bytes:
        return unit_key.sign(self.to_bytes())

    def covers(self, signed_at: str) -> bool:
        """Whether a signature made at ``signed_at`` falls under this certificate: always without a
        ``valid_before``; else only strictly before it (an unreadable time is not covered)."""
        if not self.valid_before:
            return True
        try:
            when = dt.datetime.fromisoformat(signed_at)
            bound = dt.datetime.fromisoformat(self.valid_before)
        except (ValueError, TypeError):
            return False
        when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        bound = bound if bound.tzinfo else bound.replace(tzinfo=dt.UTC)
        return when < bound


def verify_with(public_raw: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is the Ed25519 signature of ``message`` under the raw public key."""
    if (
        type(public_raw) is bytes
        and type(signature) is bytes
        and type(message) is bytes
        and len(message) <= _REMEMBERED_MESSAGE
    ):
        return _verified(public_raw, signature, message)
    return _verify(public_raw, signature, message)


#: Only short messages' answers are remembered (checkpoints, anchors, certificates: a few hundred bytes),
#: never a document's content.
_REMEMBERED_MESSAGE = 4096


def _verify(public_raw: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _verified(public_raw: bytes, signature: bytes, message: bytes) -> bool:
    """:func:`_verify`, remembered for the same three values (all of them the key: the answer cannot
    differ).  A unit manager's sign-in checks every signed checkpoint of the access log, most of them
    checked at the sign-in before in the same process; each is now verified once per process."""
    return _verify(public_raw, signature, message)
