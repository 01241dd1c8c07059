"""A migrated signature's marker, attested (server 0017).

A migrated signature (issue 14: a record signed before signatures existed, signed later with a unit
manager's key) carries a marker — ``migrated_from``, the date of the stored content hash — and, on the
server, ``record_signed_at``, when the examiner marked the record signed.  Neither is under the signature
(the store signed the content, not the marker), so before 0017 someone who changed **both**
consistently on the server (the owner or a superuser, with the triggers off) went unnoticed.

``server import-store`` now sends with each migrated signature an **attestation**: the store's unit key's
Ed25519 signature over the marker statement (:func:`statement`: examination, signer, key, content hash,
marker, record time).  The store's unit key is the one that certified the signer's key — the
certificate container the import registers with that key (``sync/key_check.py``) — so a workstation
checks the attestation under the unit key named in the container of the very key that made the
signature (:func:`refusal`).  A marker or record time changed on the server, an attestation removed or
from another key: the signature is not taken as verified (the case shows broken) and the workstation's
access log names the case (``migrated_marker_refused``, with the reason).

What remains (the limit of every imported key, docs/server.md): the container itself is checked for
consistency, not against a unit key pinned beforehand — replacing the signer key's container with one of
a unit key of one's own is forging the import's key certificates, not changing two columns.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any, Final

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from injurydoc.server.connection import server_errors
from injurydoc.store.personal_keys import verify_with
from injurydoc.sync.key_check import CONTAINER_TYPE

__all__ = ["EVENT", "attest", "refusal", "statement"]

#: the workstation's access-log event of a migrated signature whose marker is not attested
EVENT: Final = "migrated_marker_refused"
_KIND: Final = "injurydoc-migrated-marker"


def _at(value: dt.datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")


def statement(
    *,
    examination_id: str,
    signer_id: str,
    key_id: str,
    content_sha256: str,
    migrated_from: str,
    record_signed_at: dt.datetime | str | None,
) -> bytes:
    """The bytes the store's unit key signs: what the marker says about which signature."""
    body = {
        "t": _KIND,
        "v": 1,
        "examination": str(examination_id),
        "signer": str(signer_id),
        "key": str(key_id),
        "content_sha256": str(content_sha256).lower(),
        "migrated_from": str(migrated_from),
        "record_signed_at": _at(record_signed_at),
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def attest(unit_key: Ed25519PrivateKey, **fields: Any) -> bytes:
    """The attestation a store import sends with a migrated signature (fields: :func:`statement`'s)."""
    return unit_key.sign(statement(**fields))


def _unit_key_of(conn: psycopg.Connection[Any], key_id: uuid.UUID) -> bytes | None:
    """The unit key named in the certificate container of the server's key ``key_id`` (None: none)."""
    with server_errors():
        row = conn.execute(
            "SELECT certificate FROM injurydoc.account_keys WHERE id = %s", (key_id,)
        ).fetchone()
        conn.commit()
    if row is None or row[0] is None:
        return None
    try:
        d = json.loads(bytes(row[0]).decode("utf-8"))
        if not isinstance(d, dict) or d.get("t") != CONTAINER_TYPE:
            return None
        return base64.b64decode(str(d["unit_key"]), validate=True)
    except (ValueError, KeyError, TypeError):
        return None


def refusal(conn: psycopg.Connection[Any], examination_id: str, sig: dict[str, Any]) -> str | None:
    """None when the migrated signature ``sig`` (as ``fetch_examination`` returns it) carries an
    attestation of its marker by the unit key that certified its key; else why not (a short English code
    for the log, never patient data)."""
    raw = sig.get("migration_attestation")
    if not raw:
        return "not_attested"
    try:
        attestation = base64.b64decode("".join(str(raw).split()), validate=True)  # PostgreSQL wraps lines
        key_id = uuid.UUID(str(sig.get("key_id")))
        message = statement(
            examination_id=examination_id,
            signer_id=str(sig.get("signer_id")),
            key_id=str(key_id),
            content_sha256=str(sig.get("content_sha256")),
            migrated_from=str(sig.get("migrated_from")),
            record_signed_at=sig.get("record_signed_at"),
        )
    except (ValueError, TypeError):
        return "attestation_unreadable"
    unit_key = _unit_key_of(conn, key_id)
    if unit_key is None:
        return "key_without_unit_key"
    if not verify_with(unit_key, attestation, message):
        return "attestation_invalid"
    return None
