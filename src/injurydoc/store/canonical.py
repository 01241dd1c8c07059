"""Canonical content by version: the bytes a signature of a given ``content_version`` covers.

The definition of what is signed now is :mod:`injurydoc.domain.canonical` (built from the field registry).
This module keeps, frozen, each earlier version's examination bytes, so that a signature made under it is
still checked against exactly what was signed, and picks the right one for a stored signature:

- **version 1** (the first signed records, store version 11 before the field registry was read): the
  examination as the store codec writes it, minus its bookkeeping and addenda, and each photo's id, number,
  SHA-256, size, type, role, caption and linked injury ids.  Never change :func:`_examination_v1`.
- **version 2 and later**: :func:`injurydoc.domain.canonical.canonical_bytes` with that version (the
  registry's fields with ``canonical_since`` up to it).

Addenda have one form (:func:`injurydoc.domain.canonical.addendum_bytes`) in every version so far.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from injurydoc.domain import canonical as current
from injurydoc.domain.models import Addendum, Examination, PhotoRecord
from injurydoc.store.codec import encode

VERSION: Final = current.CANONICAL_VERSION
#: Examination content versions this program can check.
KNOWN_VERSIONS: Final = frozenset({1, *range(current.FIRST_REGISTRY_VERSION, current.CANONICAL_VERSION + 1)})

_V1_BOOKKEEPING: Final = ("status", "signed_at", "signed_by", "content_sha256", "addenda")


class UnknownContentVersion(ValueError):
    """A signature names a content version this program does not know (made by a newer program)."""


def _examination_v1(exam: Examination, photos: Sequence[PhotoRecord]) -> bytes:
    body = encode(exam)
    for key in _V1_BOOKKEEPING:
        body.pop(key, None)
    doc: dict[str, Any] = {
        "format": current.CANONICAL_FORMAT,
        "version": 1,
        "kind": "examination",
        "examination": body,
        "photos": [
            {
                "id": p.id,
                "number": p.number,
                "sha256": p.sha256,
                "size": p.size,
                "media_type": p.media_type,
                "role": p.role.code if p.role is not None else None,
                "caption": p.caption,
                "injury_ids": sorted(p.injury_ids),
            }
            for p in sorted(photos, key=lambda p: p.number)
        ],
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def examination_content(exam: Examination, photos: Sequence[PhotoRecord], version: int = VERSION) -> bytes:
    """The bytes a signature of content ``version`` over ``exam`` (with these photos) covers."""
    if current.FIRST_REGISTRY_VERSION <= version <= current.CANONICAL_VERSION:
        return current.canonical_bytes(exam, photos, version)
    if version == 1:
        return _examination_v1(exam, photos)
    raise UnknownContentVersion(version)


def addendum_content(addendum: Addendum, examination_sha256: str) -> bytes:
    return current.addendum_bytes(addendum, examination_sha256)


sha256 = current.sha256
photo_hashes = current.photo_hashes

__all__ = [
    "KNOWN_VERSIONS",
    "VERSION",
    "UnknownContentVersion",
    "addendum_content",
    "examination_content",
    "photo_hashes",
    "sha256",
]
