"""Canonical content: the one byte string an examiner's personal key signs.

Built from the field registry (:mod:`injurydoc.domain.fields`):

- an **examination**: its identity, every field flagged ``Show.CANONICAL`` of the examination and of each
  injury (with its number and body-map marks), the consents, and each photo's number, SHA-256, role, size,
  type, caption and the injuries it shows.  Not the record's own bookkeeping (status, record times, who
  signed when, the stored hash) and not the addenda, which are signed on their own and bound to this
  content's SHA-256 — so adding an addendum never touches the examination's signature.  A test checks that
  every attribute of the examination and injury models is either in the content or named here as
  bookkeeping, so a new field cannot silently fall outside what is signed.
- an **addendum**: its text, author and time, bound to the SHA-256 of the examination content it adds to.

UTF-8 JSON with sorted keys and no insignificant white space, a format name, a kind and a version at the
top.  Any change that alters the bytes for the same record raises :data:`CANONICAL_VERSION`; golden files
in ``tests/data/canonical/`` enforce it.  Signatures made under an earlier version stay checkable:
``store/canonical.py`` keeps each earlier version's bytes (``docs/canonical.md`` lists them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, Final

from injurydoc.domain.fields import EXAM_FIELDS, INJURY_FIELDS, Field, Show, shown
from injurydoc.domain.models import Addendum, Examination, Injury, PhotoRecord

CANONICAL_FORMAT: Final = "injurydoc-signed-content"
#: Version of the examination content this program signs.  1 was the store-codec form (store/canonical.py).
CANONICAL_VERSION: Final = 2
#: The first version built from the field registry; each later one adds the fields whose
#: ``canonical_since`` names it.
FIRST_REGISTRY_VERSION: Final = 2
#: Version of the addendum content (unchanged since the first).
ADDENDUM_VERSION: Final = 1

#: Identity of the examination, always part of the content (not registry fields: they are not edited).
IDENTITY: Final = ("id", "case_ref", "patient_id", "examiner_id", "unit", "follow_up_of")
#: Attributes of an examination that describe the record, not what was found: never signed.
BOOKKEEPING: Final = (
    "status",
    "created_at",
    "started_at",
    "ended_at",
    "signed_at",
    "signed_by",
    "content_sha256",
)
#: Attributes carried in their own parts of the content (or, for addenda, signed on their own).
PARTS: Final = ("consents", "injuries", "addenda")
#: Attributes of an injury outside the registry: its identity, number and marks.
INJURY_IDENTITY: Final = ("id", "examination_id", "number", "marks")


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


def signed_fields(fields: Iterable[Field], version: int = CANONICAL_VERSION) -> tuple[Field, ...]:
    """The registry fields in content ``version``: flagged ``Show.CANONICAL`` and there since then."""
    return tuple(f for f in shown(tuple(fields), Show.CANONICAL) if f.canonical_since <= version)


def _fields(record: Any, fields: Iterable[Field], version: int) -> dict[str, Any]:
    return {f.code: _value(_get(record, f)) for f in signed_fields(fields, version)}


def _injury(inj: Injury, version: int) -> dict[str, Any]:
    out = _fields(inj, INJURY_FIELDS, version)
    out["number"] = inj.number
    out["marks"] = [_value(m) for m in sorted(inj.marks, key=lambda m: (m.view.value, m.x, m.y))]
    return out


def _photo(p: PhotoRecord, injury_numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "number": p.number,
        "sha256": p.sha256,
        "size": p.size,
        "media_type": p.media_type,
        "role": p.role.value if p.role else None,
        "caption": p.caption,
        "injuries": sorted(injury_numbers.get(i, 0) for i in p.injury_ids),
    }


def canonical_dict(
    exam: Examination, photos: Iterable[PhotoRecord] = (), version: int = CANONICAL_VERSION
) -> dict[str, Any]:
    """The content as a JSON-able dict, in ``version`` (2 up to :data:`CANONICAL_VERSION`; version 1 is the
    frozen store-codec form in ``store/canonical.py``)."""
    if not FIRST_REGISTRY_VERSION <= version <= CANONICAL_VERSION:
        raise ValueError(f"not a registry content version: {version}")
    injury_numbers = {i.id: i.number for i in exam.injuries}
    return {
        "format": CANONICAL_FORMAT,
        "kind": "examination",
        "version": version,
        "identity": {k: _value(getattr(exam, k)) for k in IDENTITY},
        "fields": _fields(exam, EXAM_FIELDS, version),
        "consents": [
            _value(c) for c in sorted(exam.consents, key=lambda c: (c.scope.value, c.recorded_at.isoformat()))
        ],
        "injuries": [_injury(i, version) for i in sorted(exam.injuries, key=lambda i: i.number)],
        "photos": [_photo(p, injury_numbers) for p in sorted(photos, key=lambda p: p.number)],
    }


def _dump(doc: dict[str, Any]) -> bytes:
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def canonical_bytes(
    exam: Examination, photos: Iterable[PhotoRecord] = (), version: int = CANONICAL_VERSION
) -> bytes:
    """What signing ``exam`` (with these photos) signs: UTF-8 JSON, keys sorted, compact, one newline."""
    return _dump(canonical_dict(exam, photos, version)) + b"\n"


def addendum_bytes(addendum: Addendum, examination_sha256: str) -> bytes:
    """What signing ``addendum`` signs: its text bound to the examination content it adds to."""
    return _dump(
        {
            "format": CANONICAL_FORMAT,
            "version": ADDENDUM_VERSION,
            "kind": "addendum",
            "addendum": {
                "id": addendum.id,
                "examination_id": addendum.examination_id,
                "author_id": addendum.author_id,
                "created_at": addendum.created_at.isoformat(),
                "text": addendum.text,
            },
            "examination_sha256": examination_sha256,
        }
    )


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def examination_id(doc: dict[str, Any]) -> str | None:
    """The examination id named in parsed examination content of any version (``None`` if none)."""
    part = doc.get("identity") if doc.get("version") != 1 else doc.get("examination")
    value = part.get("id") if isinstance(part, dict) else None
    return value if isinstance(value, str) else None


def photo_hashes(content: bytes) -> set[str]:
    """The photos' SHA-256 values named in an examination's canonical content, of any version (for the
    verifier; the bytes come from a package, so anything not of the expected shape gives an empty set)."""
    try:
        doc = json.loads(content.decode("utf-8"))
    except (ValueError, RecursionError):
        return set()
    photos = doc.get("photos") if isinstance(doc, dict) else None
    if not isinstance(photos, list):
        return set()
    return {p["sha256"] for p in photos if isinstance(p, dict) and isinstance(p.get("sha256"), str)}


# ----- the inverse: content back into the records it was made from (unit mode: pulled versions) ----------
class ContentError(ValueError):
    """Examination content that does not parse into a record (a server or file cannot be trusted)."""


def _decode(tp: Any, raw: Any, where: str) -> Any:
    """``raw`` (as :func:`_value` wrote it) as a value of type ``tp``; ContentError when it is not one."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if raw is None:
            return None
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], raw, where)
    if origin is tuple:
        if not isinstance(raw, list):
            raise ContentError(where)
        item = typing.get_args(tp)[0]
        return tuple(_decode(item, v, where) for v in raw)
    if isinstance(tp, type):
        try:
            if issubclass(tp, enum.Enum):
                return tp(raw)
            if tp is dt.datetime and isinstance(raw, str):
                return dt.datetime.fromisoformat(raw)
            if tp is dt.date and isinstance(raw, str):
                return dt.date.fromisoformat(raw)
        except ValueError:
            raise ContentError(where) from None
        if dataclasses.is_dataclass(tp):
            if not isinstance(raw, dict):
                raise ContentError(where)
            return _build(tp, raw, where)
        if tp is float and isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw)
        if tp is int and isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if tp in (str, bool) and isinstance(raw, tp):
            return raw
        raise ContentError(where)
    raise ContentError(where)


def _build(cls: Any, values: dict[str, Any], where: str, **fixed: Any) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = dict(fixed)
    for name, raw in values.items():
        if name not in hints or name in fixed:
            raise ContentError(f"{where}.{name}")
        kwargs[name] = _decode(hints[name], raw, f"{where}.{name}")
    try:
        return cls(**kwargs)
    except TypeError:
        raise ContentError(where) from None


def _nest(flat: dict[str, Any], fields: Iterable[Field], where: str) -> dict[str, Any]:
    """Registry fields (``code`` -> value, dotted codes for nested records) as nested dicts."""
    known = {f.code: f for f in fields}
    out: dict[str, Any] = {}
    for code, value in flat.items():
        if code not in known:
            raise ContentError(f"{where}.{code}")
        parts = known[code].path
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def _parts(doc: Any) -> tuple[dict[str, Any], dict[str, Any], list[Any], list[Any], int]:
    if not isinstance(doc, dict) or doc.get("format") != CANONICAL_FORMAT or doc.get("kind") != "examination":
        raise ContentError("format")
    version = doc.get("version")
    if not isinstance(version, int) or not FIRST_REGISTRY_VERSION <= version <= CANONICAL_VERSION:
        raise ContentError("version")
    identity, fields = doc.get("identity"), doc.get("fields")
    consents, injuries = doc.get("consents"), doc.get("injuries")
    if not isinstance(identity, dict) or not isinstance(fields, dict):
        raise ContentError("identity")
    if (
        not isinstance(consents, list)
        or not isinstance(injuries, list)
        or not isinstance(doc.get("photos"), list)
    ):
        raise ContentError("parts")
    if set(identity) != set(IDENTITY) or set(fields) != {f.code for f in signed_fields(EXAM_FIELDS, version)}:
        raise ContentError("fields")
    return identity, fields, consents, injuries, version


def examination_from_content(
    doc: Any,
    *,
    status: str = "draft",
    created_at: dt.datetime,
    injury_id: Callable[[int], str],
    **bookkeeping: Any,
) -> Examination:
    """The examination (with its injuries) whose :func:`canonical_dict` is ``doc`` — the inverse, so that
    ``canonical_dict(examination_from_content(d, …), photos) == d`` for every content this program makes
    (tests/test_canonical_inverse.py, over the golden files and every registry field).  What the content
    does not hold is given: ``status``, ``created_at`` and other :data:`BOOKKEEPING` values, and each
    injury's id by its number.  Raises :class:`ContentError` for anything that is not such content."""
    identity, fields, consents, injuries, version = _parts(doc)
    for key in ("id", "case_ref", "patient_id", "examiner_id", "unit"):
        if not isinstance(identity.get(key), str) or not identity[key]:
            raise ContentError(f"identity.{key}")
    if identity["follow_up_of"] is not None and not isinstance(identity["follow_up_of"], str):
        raise ContentError("identity.follow_up_of")
    exam_id = identity["id"]
    body = _nest(fields, signed_fields(EXAM_FIELDS, version), "fields")
    body["consents"] = consents
    built: list[Injury] = []
    for n, part in enumerate(injuries):
        if not isinstance(part, dict) or not isinstance(part.get("number"), int):
            raise ContentError(f"injuries[{n}]")
        values = _nest(
            {k: v for k, v in part.items() if k not in ("number", "marks")},
            signed_fields(INJURY_FIELDS, version),
            f"injuries[{n}]",
        )
        values["marks"] = part.get("marks", [])
        number = part["number"]
        built.append(
            _build(
                Injury, values, f"injuries[{n}]", id=injury_id(number), examination_id=exam_id, number=number
            )
        )
    if len({i.number for i in built}) != len(built):
        raise ContentError("injuries.number")
    unknown = set(bookkeeping) - set(BOOKKEEPING)
    if unknown:
        raise ValueError(f"not bookkeeping: {sorted(unknown)}")
    return _build(  # type: ignore[no-any-return]
        Examination,
        body,
        "examination",
        **{k: identity[k] for k in IDENTITY},
        status=status,
        created_at=created_at,
        injuries=tuple(built),
        **bookkeeping,
    )


def photo_parts(doc: Any) -> list[dict[str, Any]]:
    """The photos named in examination content: number, SHA-256, size, type, role, caption and the numbers
    of the injuries each shows (checked for shape; ContentError otherwise)."""
    photos = doc.get("photos") if isinstance(doc, dict) else None
    if not isinstance(photos, list):
        raise ContentError("photos")
    out = []
    for n, p in enumerate(photos):
        ok = (
            isinstance(p, dict)
            and set(p) == {"number", "sha256", "size", "media_type", "role", "caption", "injuries"}
            and isinstance(p["number"], int)
            and isinstance(p["sha256"], str)
            and len(p["sha256"]) == 64
            and isinstance(p["size"], int)
            and isinstance(p["media_type"], str)
            and (p["role"] is None or isinstance(p["role"], str))
            and isinstance(p["caption"], str)
            and isinstance(p["injuries"], list)
            and all(isinstance(i, int) for i in p["injuries"])
        )
        if not ok:
            raise ContentError(f"photos[{n}]")
        out.append(p)
    return out


__all__ = [
    "ADDENDUM_VERSION",
    "BOOKKEEPING",
    "CANONICAL_FORMAT",
    "CANONICAL_VERSION",
    "FIRST_REGISTRY_VERSION",
    "IDENTITY",
    "INJURY_IDENTITY",
    "PARTS",
    "ContentError",
    "addendum_bytes",
    "canonical_bytes",
    "canonical_dict",
    "examination_from_content",
    "examination_id",
    "photo_hashes",
    "photo_parts",
    "sha256",
    "signed_fields",
]
