"""Canonical content: the exact bytes an examiner's personal key signs.

One stable serialisation per signed record, independent of how the store keeps it:

- an **examination**: every field of the examination and of each injury (vocabulary codes, ISO times),
  and each photo's SHA-256, role, number, size, type, caption and the injuries it shows — but not the
  record's own bookkeeping (status, signing time, signer, stored hash, addenda);
- an **addendum**: its text, author and time, bound to the SHA-256 of the examination content it adds to.

JSON with sorted keys, no insignificant white space, UTF-8, and a format name and version at the top.
Any change that alters these bytes for the same record is a new ``VERSION``; the golden files in
``tests/data/canonical/`` fail otherwise.  ``docs/evidence.md`` describes the format for a reader
outside the program (the evidence package carries these bytes with their signature).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, Final

from injurydoc.domain.models import Addendum, Examination, PhotoRecord
from injurydoc.store.codec import encode

FORMAT: Final = "injurydoc-signed-content"
VERSION: Final = 1

#: Examination fields that describe the record, not its content (set when it is signed, or kept apart).
_BOOKKEEPING: Final = ("status", "signed_at", "signed_by", "content_sha256", "addenda")


def _bytes(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _photo(p: PhotoRecord) -> dict[str, Any]:
    return {
        "id": p.id,
        "number": p.number,
        "sha256": p.sha256,
        "size": p.size,
        "media_type": p.media_type,
        "role": p.role.code if p.role is not None else None,
        "caption": p.caption,
        "injury_ids": sorted(p.injury_ids),
    }


def examination_content(exam: Examination, photos: Sequence[PhotoRecord]) -> bytes:
    """What signing ``exam`` (with these photos) signs."""
    body = encode(exam)
    for key in _BOOKKEEPING:
        body.pop(key, None)
    return _bytes(
        {
            "format": FORMAT,
            "version": VERSION,
            "kind": "examination",
            "examination": body,
            "photos": [_photo(p) for p in sorted(photos, key=lambda p: p.number)],
        }
    )


def addendum_content(addendum: Addendum, examination_sha256: str) -> bytes:
    """What signing ``addendum`` signs: its text bound to the examination content it adds to."""
    return _bytes(
        {
            "format": FORMAT,
            "version": VERSION,
            "kind": "addendum",
            "addendum": encode(addendum),
            "examination_sha256": examination_sha256,
        }
    )


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def photo_hashes(content: bytes) -> set[str]:
    """The photos' SHA-256 values named in an examination's canonical content (for the verifier; the
    bytes come from a package, so anything that is not the expected shape gives an empty set)."""
    try:
        doc = json.loads(content.decode("utf-8"))
    except (ValueError, RecursionError):
        return set()
    photos = doc.get("photos") if isinstance(doc, dict) else None
    if not isinstance(photos, list):
        return set()
    return {p["sha256"] for p in photos if isinstance(p, dict) and isinstance(p.get("sha256"), str)}


__all__ = ["FORMAT", "VERSION", "addendum_content", "examination_content", "photo_hashes", "sha256"]
