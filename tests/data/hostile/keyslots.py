"""Hostile key files, ``keyslots.json`` (corpus part ``keyslots``)."""

from __future__ import annotations

import json

from tests.data.hostile._filecase import FileCase
from tests.fuzz.seeds import seeds


def kdf_case(**values: object) -> bytes:
    from injurydoc.store import keyslots as ks

    doc = json.loads(seeds().keyslots)
    for s in doc["slots"]:
        s["kdf"].update(values)
    doc["checksum"] = ks.checksum(doc["slots"], doc.get("database"), doc.get("generation"))
    return json.dumps(doc, indent=2).encode()


CASES: tuple[FileCase, ...] = (
    FileCase(
        "argon2-memory-1tib.json",
        lambda: kdf_case(m=1 << 30),
        "keyslots",
        "store.keyslots_damaged",
        "the Argon2 parameters are absurd",
        note="would exhaust memory at sign-in",
    ),
    FileCase(
        "argon2-time-million.json",
        lambda: kdf_case(t=10**6),
        "keyslots",
        "store.keyslots_damaged",
        "the Argon2 parameters are absurd",
        note="would hang sign-in",
    ),
    FileCase(
        "argon2-lanes.json",
        lambda: kdf_case(p=1 << 20),
        "keyslots",
        "store.keyslots_damaged",
        "the Argon2 parameters are absurd",
    ),
    FileCase(
        "argon2-huge-integer.json",
        lambda: kdf_case(m=10**400),
        "keyslots",
        "store.keyslots_damaged",
        "the Argon2 parameters are absurd",
    ),
    FileCase(
        "argon2-float.json",
        lambda: kdf_case(t=1.5),
        "keyslots",
        "store.keyslots_damaged",
        "the Argon2 parameters are not integers",
    ),
    FileCase(
        "not-object.json", lambda: b"[]", "keyslots", "store.keyslots_damaged", "not an injurydoc key file"
    ),
    FileCase(
        "deep.json",
        lambda: b"[" * 100_000 + b"]" * 100_000,
        "keyslots",
        "store.keyslots_damaged",
        "nested too deeply",
    ),
    FileCase("too-large.json", lambda: b" " * (2 << 20), "keyslots", "store.keyslots_damaged", "too large"),
    FileCase("cheap-argon2-accepted.json", lambda: kdf_case(t=1, m=8, p=1), "keyslots", "accepted"),
)
