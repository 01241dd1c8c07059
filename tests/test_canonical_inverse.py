"""The inverse of canonical content (domain/canonical.py: examination_from_content): what a workstation
pulls from the unit server becomes the same record again, byte for byte — over the golden files and over
every registry field, so a field added later round-trips or this test fails."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from injurydoc.domain import canonical, fields
from injurydoc.domain.canonical import (
    ContentError,
    canonical_bytes,
    canonical_dict,
    examination_from_content,
    photo_parts,
)
from injurydoc.domain.models import Examination, Injury, PhotoRecord
from injurydoc.domain.vocab import PhotoRole
from tests.test_canonical import GOLDEN_DIR, T0, example


def _photos(doc: dict[str, Any], exam: Examination) -> list[PhotoRecord]:
    by_number = {i.number: i.id for i in exam.injuries}
    return [
        PhotoRecord(
            f"ph-{p['number']}",
            exam.id,
            p["number"],
            p["sha256"],
            "x.jpg",
            p["size"],
            p["media_type"],
            PhotoRole(p["role"]) if p["role"] else None,
            p["caption"],
            exam.examiner_id,
            T0,
            injury_ids=tuple(by_number[n] for n in p["injuries"]),
        )
        for p in photo_parts(doc)
    ]


def _round_trip(doc: dict[str, Any]) -> bytes:
    exam = examination_from_content(doc, created_at=T0, injury_id=lambda n: f"inj-{n}")
    return canonical_bytes(exam, _photos(doc, exam))


def test_the_golden_content_round_trips_byte_for_byte() -> None:
    raw = (GOLDEN_DIR / f"example-v{canonical.CANONICAL_VERSION}.json").read_bytes()
    assert _round_trip(json.loads(raw)) == raw


def _sample(tp: Any, depth: int = 0) -> Any:
    """A value of type ``tp`` other than its default."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _sample(next(a for a in typing.get_args(tp) if a is not type(None)), depth)
    if origin is tuple:
        return (_sample(typing.get_args(tp)[0], depth + 1),)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return list(tp)[-1]
    if tp is dt.datetime:
        return dt.datetime(2026, 5, 6, 7, 8, 9)
    if tp is dt.date:
        return dt.date(2026, 5, 6)
    if tp is bool:
        return True
    if tp is float:
        return 12.5
    if tp is int:
        return 7
    if tp is str:
        return "värde ”citat”"
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _sample(hints[f.name], depth + 1) for f in dataclasses.fields(tp)})
    raise AssertionError(f"no sample for {tp}")


def _get(record: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        record = getattr(record, part)
    return record


def _different(tp: Any, current: Any) -> Any:
    """A sample value of ``tp`` that differs from ``current``."""
    value = _sample(tp)
    if value != current:
        return value
    if isinstance(current, bool):
        return not current
    if isinstance(current, enum.Enum):
        return next(m for m in type(current) if m != current)
    return current + current


def _set(record: Any, path: tuple[str, ...], value: Any) -> Any:
    if len(path) == 1:
        return dataclasses.replace(record, **{path[0]: value})
    return dataclasses.replace(record, **{path[0]: _set(getattr(record, path[0]), path[1:], value)})


def _hint(cls: Any, path: tuple[str, ...]) -> Any:
    tp = typing.get_type_hints(cls)[path[0]]
    return tp if len(path) == 1 else _hint(typing.get_args(tp)[0] if typing.get_origin(tp) else tp, path[1:])


@pytest.mark.parametrize(
    "field",
    [f for f in canonical.signed_fields(fields.EXAM_FIELDS)],
    ids=lambda f: f.code,
)
def test_every_examination_field_round_trips(field: fields.Field) -> None:
    exam, photos = example()
    changed = _set(exam, field.path, _different(_hint(Examination, field.path), _get(exam, field.path)))
    doc = canonical_dict(changed, photos)
    assert doc != canonical_dict(exam, photos)
    assert _round_trip(doc) == canonical_bytes(changed, photos)


@pytest.mark.parametrize(
    "field",
    [f for f in canonical.signed_fields(fields.INJURY_FIELDS)],
    ids=lambda f: f.code,
)
def test_every_injury_field_round_trips(field: fields.Field) -> None:
    exam, photos = example()
    value = _different(_hint(Injury, field.path), _get(exam.injuries[1], field.path))
    injury = _set(exam.injuries[1], field.path, value)
    changed = dataclasses.replace(exam, injuries=(exam.injuries[0], injury))
    assert canonical_dict(changed, photos) != canonical_dict(exam, photos)
    assert _round_trip(canonical_dict(changed, photos)) == canonical_bytes(changed, photos)


def _broken(change: Any) -> dict[str, Any]:
    exam, photos = example()
    doc = json.loads(json.dumps(canonical_dict(exam, photos)))
    change(doc)
    return doc


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(format="something else"),
        lambda d: d.update(version=99),
        lambda d: d.pop("identity"),
        lambda d: d["identity"].update(id=None),
        lambda d: d["identity"].update(extra="x"),
        lambda d: d["fields"].update(unknown_field="x"),
        lambda d: d["fields"].pop("assessment"),
        lambda d: d["fields"].update(relation="not-a-relation"),
        lambda d: d["fields"].update(examined_from="yesterday"),
        lambda d: d["fields"].update(patient_account=["not", "text"]),
        lambda d: d["consents"].append({"scope": "photography"}),
        lambda d: d["injuries"].append(d["injuries"][0]),
        lambda d: d["injuries"][0].update(number="1"),
        lambda d: d["injuries"][0].update(length_mm="long"),
        lambda d: d["injuries"][0].update(marks=[{"view": "front"}]),
        lambda d: d.update(injuries="none"),
    ],
)
def test_content_that_is_not_an_examination_is_refused(change: Any) -> None:
    with pytest.raises(ContentError):
        examination_from_content(_broken(change), created_at=T0, injury_id=str)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(photos="none"),
        lambda d: d["photos"][0].update(sha256="short"),
        lambda d: d["photos"][0].update(injuries=["1"]),
        lambda d: d["photos"][0].update(extra=1),
    ],
)
def test_photo_parts_that_are_not_photos_are_refused(change: Any) -> None:
    with pytest.raises(ContentError):
        photo_parts(_broken(change))


def test_not_a_path_for_anything_else(tmp_path: Path) -> None:
    with pytest.raises(ContentError):
        examination_from_content([1, 2], created_at=T0, injury_id=str)
    with pytest.raises(ValueError, match="bookkeeping"):
        exam, photos = example()
        examination_from_content(canonical_dict(exam, photos), created_at=T0, injury_id=str, text="x")
