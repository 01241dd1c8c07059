"""Hostile backups for ``injurydoc restore`` (corpus part ``backups``)."""

from __future__ import annotations

import hashlib
import json

from tests.data.hostile._filecase import FileCase, entries_of, streamed_zip, zip_of
from tests.fuzz.seeds import seeds


def _real() -> dict[str, bytes]:
    return dict(entries_of(seeds().backup))


def _zip(entries: dict[str, bytes]) -> bytes:
    return zip_of(list(entries.items()))


def backup_json_600mb() -> bytes:
    """backup.json inflating to 600 MB of spaces, beside the real database and key file."""
    real = _real()
    return streamed_zip(
        "backup.json", 600 << 20, b" ", others=[(n, d) for n, d in real.items() if n != "backup.json"]
    )


def database_1gib() -> bytes:
    """injurydoc.db inflating to 1 GiB of zeros: refused before anything is written to staging."""
    real = _real()
    return streamed_zip(
        "injurydoc.db", 1 << 30, others=[(n, d) for n, d in real.items() if n != "injurydoc.db"]
    )


def manifest_not_object() -> bytes:
    return _zip({**_real(), "backup.json": b'["injurydoc-backup"]'})


def manifest_deep() -> bytes:
    return _zip({**_real(), "backup.json": b'{"a":' * 10_000 + b"1" + b"}" * 10_000})


def manifest_without_hashes() -> bytes:
    real = _real()
    m = json.loads(real["backup.json"])
    m["files"] = {"injurydoc.db": 5}
    return _zip({**real, "backup.json": json.dumps(m).encode()})


def database_changed() -> bytes:
    real = _real()
    db = bytearray(real["injurydoc.db"])
    db[len(db) // 2] ^= 0x40
    return _zip({**real, "injurydoc.db": bytes(db)})


def database_damaged_hash_fits() -> bytes:
    """A damaged database with backup.json rewritten to its hash: the key opens it, SQLCipher refuses it."""
    real = _real()
    db = bytearray(real["injurydoc.db"])
    for at in range(16384, min(len(db), 16384 * 4), 97):
        db[at] ^= 0xFF
    m = json.loads(real["backup.json"])
    m["files"]["injurydoc.db"] = hashlib.sha256(bytes(db)).hexdigest()
    return _zip({**real, "injurydoc.db": bytes(db), "backup.json": json.dumps(m).encode()})


def argon2_absurd() -> bytes:
    """keyslots.json asking Argon2 for 1 TiB, checksum and backup.json rewritten to fit."""
    from injurydoc.store import keyslots as ks

    real = _real()
    doc = json.loads(real["keyslots.json"])
    for s in doc["slots"]:
        s["kdf"]["m"] = 1 << 30
    doc["checksum"] = ks.checksum(doc["slots"], doc.get("database"), doc.get("generation"))
    raw = json.dumps(doc).encode()
    m = json.loads(real["backup.json"])
    m["files"]["keyslots.json"] = hashlib.sha256(raw).hexdigest()
    return _zip({**real, "keyslots.json": raw, "backup.json": json.dumps(m).encode()})


def extra_entry() -> bytes:
    return _zip({**_real(), "../evil": b"x"})


CASES: tuple[FileCase, ...] = (
    FileCase(
        "backup-json-600mb.injurydoc-backup",
        backup_json_600mb,
        "backup",
        "backup.invalid",
        "backup.json has a wrong size or form in the zip directory",
        note="600 MB claimed, refused unread",
    ),
    FileCase(
        "database-1gib.injurydoc-backup",
        database_1gib,
        "backup",
        "backup.invalid",
        "injurydoc.db has a wrong size or form in the zip directory",
        note="nothing written to staging",
    ),
    FileCase(
        "manifest-not-object.injurydoc-backup",
        manifest_not_object,
        "backup",
        "backup.invalid",
        "it is not an injurydoc backup",
    ),
    FileCase(
        "manifest-deep.injurydoc-backup",
        manifest_deep,
        "backup",
        "backup.invalid",
        "backup.json is not valid JSON",
    ),
    FileCase(
        "manifest-without-hashes.injurydoc-backup",
        manifest_without_hashes,
        "backup",
        "backup.invalid",
        "backup.json lacks required fields",
    ),
    FileCase(
        "database-changed.injurydoc-backup",
        database_changed,
        "backup",
        "backup.invalid",
        "injurydoc.db does not match its hash",
    ),
    FileCase(
        "database-damaged.injurydoc-backup", database_damaged_hash_fits, "backup", "backup.invalid", "damaged"
    ),
    FileCase("argon2-absurd.injurydoc-backup", argon2_absurd, "backup", "backup.invalid", "Argon2"),
    FileCase("extra-entry.injurydoc-backup", extra_entry, "backup", "backup.invalid", "4 entries, at most 3"),
    FileCase(
        "not-a-zip.injurydoc-backup", lambda: b"hello", "backup", "backup.invalid", "it is not a zip file"
    ),
)
