"""Whether a public key the unit server lists for an account may be taken as that account's.

An account registers its own keys (server revision 0011: ``created_by`` is the account itself).  A key
registered by **another** account — only a store import may (0011: the manager, for the accounts that
import made) — counts only with a certificate that checks: the store's unit key signed a certificate
naming this very account and this very public key, and the unit key's fingerprint is the one the
certificate names.  Anything else (no certificate, a certificate for someone else or another key, a
signature that does not verify) is refused, named by :func:`key_refusal`; the caller treats the key as
unknown (a signature under it shows as not verified) and logs the refusal.  Checked on every read, so a
row planted by the schema owner, past the server's rules, is refused too.

The certificate field of such a row is a small JSON container (:func:`certificate_container`):
``{"t": "injurydoc-key-certificate-container", "v": 1, "certificate": b64, "signature": b64,
"unit_key": b64}``.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Final

from injurydoc.store.personal_keys import Certificate, KeyFormatError, fingerprint, verify_with

__all__ = ["CONTAINER_TYPE", "certificate_container", "key_refusal", "store_certificate"]

CONTAINER_TYPE: Final = "injurydoc-key-certificate-container"


def certificate_container(certificate: bytes, signature: bytes, unit_key: bytes) -> bytes:
    """What a store import puts in ``account_keys.certificate``: the store's certificate, the unit key's
    signature over it, and the unit key's public half."""
    body = {
        "t": CONTAINER_TYPE,
        "v": 1,
        "certificate": base64.b64encode(certificate).decode(),
        "signature": base64.b64encode(signature).decode(),
        "unit_key": base64.b64encode(unit_key).decode(),
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _open(certificate: bytes) -> tuple[bytes, bytes, bytes, Certificate] | None:
    """(certificate bytes, signature, store unit key, certificate) of a container; None when unreadable."""
    try:
        d: Any = json.loads(bytes(certificate).decode("utf-8"))
        if not isinstance(d, dict) or d.get("t") != CONTAINER_TYPE or d.get("v") != 1:
            return None
        raw = base64.b64decode(str(d["certificate"]), validate=True)
        signature = base64.b64decode(str(d["signature"]), validate=True)
        unit_key = base64.b64decode(str(d["unit_key"]), validate=True)
        return raw, signature, unit_key, Certificate.from_bytes(raw)
    except (ValueError, KeyError, TypeError, KeyFormatError):
        return None


def store_certificate(
    *, account_id: str, created_by: str, public_key: bytes, certificate: bytes | None
) -> tuple[bytes, Certificate] | None:
    """(the moved store's unit key, its certificate) of an encryption key a store import registered,
    when the container holds and names that account and that key (:func:`key_refusal` is None); None
    otherwise, and for a key the account registered itself."""
    if str(created_by) == str(account_id) or not certificate:
        return None
    if key_refusal(
        account_id=account_id,
        created_by=created_by,
        purpose="encryption",
        public_key=public_key,
        certificate=certificate,
    ):
        return None
    opened = _open(certificate)
    return None if opened is None else (opened[2], opened[3])


def key_refusal(
    *, account_id: str, created_by: str, purpose: str, public_key: bytes, certificate: bytes | None
) -> str | None:
    """``None`` when the key may be taken as ``account_id``'s, else why not (a short English code for
    the log: never patient data)."""
    if str(created_by) == str(account_id):
        return None
    if not certificate:
        return "registered_by_another_without_certificate"
    opened = _open(certificate)
    if opened is None:
        return "certificate_unreadable"
    raw, signature, unit_key, cert = opened
    if not verify_with(unit_key, signature, raw):
        return "certificate_signature_invalid"
    if cert.issuer != fingerprint(unit_key):
        return "certificate_issuer_mismatch"
    if cert.subject != str(account_id):
        return "certificate_names_another_account"
    named = cert.keys.ed25519 if purpose == "signing" else cert.keys.x25519
    if named != bytes(public_key):
        return "certificate_names_another_key"
    return None
