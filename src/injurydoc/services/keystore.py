"""Where a software signing key lives: the OS credential store (keyring), else inside the store.

keyring calls run on a helper thread with a timeout: a half-configured desktop keyring can block for
two minutes (TECH-NOTES); a timeout counts as "no OS credential store".  Back-ends that keep secrets in
plain files (keyrings.alt and the like) are refused.  Wherever it is kept, the key is wrapped with
AES-256-GCM under Argon2id of the account's own password: other accounts — who can open the database,
and on a workstation where clinicians share one OS account, read the same keyring — cannot use it.
Keyring entries from before (the key itself, base64) are read once more with the owner's password
checked, and replaced by a wrapped entry.
"""

from __future__ import annotations

import base64
import concurrent.futures as cf
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from injurydoc.domain.errors import AuthError
from injurydoc.store.keyslots import KdfParams, derive

log = logging.getLogger(__name__)

SERVICE = "injurydoc-signing-key"
TIMEOUT_S = 5.0
T = TypeVar("T")

_UNSAFE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


def _with_timeout(fn: Callable[[], T]) -> T | None:
    pool = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="keyring")
    try:
        return pool.submit(fn).result(timeout=TIMEOUT_S)
    except Exception as exc:
        log.info("OS credential store not usable: %s", type(exc).__name__)
        return None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _backend_ok(backend: Any) -> bool:
    backends = getattr(backend, "backends", None)
    if backends is not None:  # ChainerBackend: every member must be safe, and there must be one
        return bool(backends) and all(_backend_ok(b) for b in backends)
    module = type(backend).__module__
    if module.startswith(_UNSAFE_MODULES):
        return False
    try:
        return float(getattr(backend, "priority", 0)) > 0
    except Exception:
        return False


def keyring_available() -> bool:
    def probe() -> bool:
        import keyring

        return _backend_ok(keyring.get_keyring())

    return bool(_with_timeout(probe))


def keyring_put(name: str, key_der: bytes) -> bool:
    """Store in the OS credential store; False when there is none (or only an unsafe one)."""

    def put() -> bool:
        import keyring

        if not _backend_ok(keyring.get_keyring()):
            return False
        keyring.set_password(SERVICE, name, base64.b64encode(key_der).decode("ascii"))
        return True

    return bool(_with_timeout(put))


def keyring_get(name: str) -> bytes | None:
    def get() -> bytes | None:
        import keyring

        if not _backend_ok(keyring.get_keyring()):
            return None
        value = keyring.get_password(SERVICE, name)
        return None if value is None else base64.b64decode(value)

    return _with_timeout(get)


def keyring_delete(name: str) -> None:
    def delete() -> bool:
        import keyring

        keyring.delete_password(SERVICE, name)
        return True

    _with_timeout(delete)


def wrap(key_der: bytes, password: str, kdf: KdfParams, aad: bytes) -> tuple[bytes, str]:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    ct = AESGCM(derive(password, salt, kdf)).encrypt(nonce, key_der, aad)
    params = {
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        **kdf.to_json(),
    }
    return ct, json.dumps(params)


def unwrap(ct: bytes, params_json: str, password: str, aad: bytes) -> bytes:
    params = json.loads(params_json)
    kdf = KdfParams.from_json(params)
    key = derive(password, base64.b64decode(params["salt"]), kdf)
    try:
        return AESGCM(key).decrypt(base64.b64decode(params["nonce"]), ct, aad)
    except InvalidTag:
        raise AuthError("auth.failed") from None


#: A keyring entry that holds a wrapped key starts with this; older entries are the bare key in base64.
WRAPPED_PREFIX = "injurydoc-wrapped-v2:"


def keyring_put_wrapped(name: str, key_der: bytes, password: str, kdf: KdfParams, aad: bytes) -> bool:
    """Wrap under the owner's password, then store in the OS credential store (False: none usable)."""
    ct, params = wrap(key_der, password, kdf, aad)
    entry = WRAPPED_PREFIX + json.dumps({"ct": base64.b64encode(ct).decode("ascii"), "params": params})

    def put() -> bool:
        import keyring

        if not _backend_ok(keyring.get_keyring()):
            return False
        keyring.set_password(SERVICE, name, entry)
        return True

    return bool(_with_timeout(put))


def keyring_entry(name: str) -> str | None:
    def get() -> str | None:
        import keyring

        if not _backend_ok(keyring.get_keyring()):
            return None
        value = keyring.get_password(SERVICE, name)
        return None if value is None else str(value)

    return _with_timeout(get)


def unwrap_entry(entry: str, password: str, aad: bytes) -> bytes | None:
    """The key from a wrapped keyring entry (AuthError for a wrong password); None for an old entry."""
    if not entry.startswith(WRAPPED_PREFIX):
        return None
    try:
        doc = json.loads(entry[len(WRAPPED_PREFIX) :])
        ct = base64.b64decode(doc["ct"])
        params = str(doc["params"])
    except (ValueError, KeyError, TypeError):
        raise AuthError("auth.failed") from None
    return unwrap(ct, params, password, aad)
