"""Canonical content of an examination: the one byte string a signature covers.

Built from the field registry (:mod:`injurydoc.domain.fields`): every field flagged ``Show.CANONICAL`` of
the examination and of each injury, the examination's identity, each photo's SHA-256, role and linked
injuries, and the addenda.  The format is described in ``docs/canonical.md``; any change that alters the
bytes for the same examination must raise :data:`CANONICAL_VERSION` (a golden-file test enforces it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Iterable
from typing import Any, Final

from injurydoc.domain.fields import EXAM_FIELDS, INJURY_FIELDS, Field, Show, shown
from injurydoc.domain.models import Examination, Injury, PhotoRecord

CANONICAL_FORMAT: Final = "injurydoc-canonical-examination"
CANONICAL_VERSION: Final = 1

#: Identity of the examination, always part of the content (not registry fields: they are not edited).
_IDENTITY: Final = ("id", "case_ref", "patient_id", "examiner_id", "unit", "follow_up_of")


def _value(v: Any) -> Any:
    """A JSON value with one spelling per Python value."""
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, dt.datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (tuple, list)):
        return [_value(x) for x in v]
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _value(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, float) and v.is_integer():
        return int(v)  # 12.0 and 12 are the same measurement
    return v


def _get(record: Any, f: Field) -> Any:
    value = record
    for part in f.path:
        value = getattr(value, part)
    return value


def _fields(record: Any, fields: Iterable[Field]) -> dict[str, Any]:
    return {f.code: _value(_get(record, f)) for f in shown(tuple(fields), Show.CANONICAL)}


def _injury(inj: Injury) -> dict[str, Any]:
    out = _fields(inj, INJURY_FIELDS)
    out["number"] = inj.number
    out["marks"] = [_value(m) for m in sorted(inj.marks, key=lambda m: (m.view.value, m.x, m.y))]
    return out


def canonical_dict(exam: Examination, photos: Iterable[PhotoRecord] = ()) -> dict[str, Any]:
    injury_numbers = {i.id: i.number for i in exam.injuries}
    return {
        "format": CANONICAL_FORMAT,
        "version": CANONICAL_VERSION,
        "identity": {k: _value(getattr(exam, k)) for k in _IDENTITY},
        "fields": _fields(exam, EXAM_FIELDS),
        "consents": [
            _value(c) for c in sorted(exam.consents, key=lambda c: (c.scope.value, c.recorded_at.isoformat()))
        ],
        "injuries": [_injury(i) for i in sorted(exam.injuries, key=lambda i: i.number)],
        "photos": [
            {
                "number": p.number,
                "sha256": p.sha256,
                "role": p.role.value if p.role else None,
                "injuries": sorted(injury_numbers.get(i, 0) for i in p.injury_ids),
            }
            for p in sorted(photos, key=lambda p: p.number)
        ],
        "addenda": [
            {"author_id": a.author_id, "created_at": _value(a.created_at), "id": a.id, "text": a.text}
            for a in sorted(exam.addenda, key=lambda a: (a.created_at.isoformat(), a.id))
        ],
    }


def canonical_bytes(exam: Examination, photos: Iterable[PhotoRecord] = ()) -> bytes:
    """UTF-8 JSON, keys sorted, no insignificant white space, one newline at the end."""
    text = json.dumps(
        canonical_dict(exam, photos),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )
    return text.encode("utf-8") + b"\n"


__all__ = ["CANONICAL_FORMAT", "CANONICAL_VERSION", "canonical_bytes", "canonical_dict"]
