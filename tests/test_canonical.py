"""Canonical content (domain/canonical.py, earlier versions in store/canonical.py): stable bytes, golden
files per version, every model attribute either signed or named as bookkeeping."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from injurydoc.domain import canonical, fields
from injurydoc.domain.canonical import CANONICAL_VERSION, addendum_bytes, canonical_bytes, canonical_dict
from injurydoc.domain.models import (
    AbsentFinding,
    Addendum,
    BodyMark,
    Consent,
    Examination,
    Injury,
    PersonPresent,
    PhotoRecord,
    StrangulationAnswers,
)
from injurydoc.domain.vocab import (
    Answer,
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    Consistency,
    InjuryType,
    PhotoRole,
    PresentRole,
    Relation,
    Side,
    ViolenceKind,
)

GOLDEN_DIR = Path(__file__).parent / "data" / "canonical"
GOLDEN = GOLDEN_DIR / f"example-v{CANONICAL_VERSION}.json"
UTC = dt.UTC
T0 = dt.datetime(2026, 3, 4, 9, 15, tzinfo=UTC)


def example() -> tuple[Examination, list[PhotoRecord]]:
    inj1 = Injury(
        "inj-1",
        "exam-1",
        1,
        InjuryType.BRUISE,
        BodyRegion.NECK_ANTERIOR,
        Side.LEFT,
        marks=(BodyMark(BodyView.FRONT, 0.5, 0.21),),
        length_mm=30.0,
        width_mm=12.5,
        colour="blålila",
        shape="oval",
        description="Ömt vid palpation",
    )
    inj2 = Injury(
        "inj-2", "exam-1", 2, InjuryType.ABRASION, BodyRegion.NECK_ANTERIOR, Side.RIGHT, length_mm=8
    )
    exam = Examination(
        id="exam-1",
        case_ref="VC-2026-0001",
        patient_id="pat-1",
        examiner_id="acc-1",
        unit="Vårdcentralen",
        status="signed",
        created_at=T0,
        started_at=T0,
        ended_at=T0 + dt.timedelta(hours=1),
        examined_from=dt.datetime(2026, 3, 4, 10, 0),
        examined_until=dt.datetime(2026, 3, 4, 10, 45),
        persons_present=(PersonPresent(PresentRole.INTERPRETER, "A. Tolk", "arabiska"),),
        consents=(Consent(ConsentScope.PHOTOGRAPHY, ConsentDecision.GIVEN, T0, "muntligt"),),
        patient_account="”Han tog tag om halsen.”",
        violence_kinds=(ViolenceKind.PHYSICAL,),
        relation=Relation.PARTNER,
        children_in_household=Answer.YES,
        strangulation=StrangulationAnswers(asked=True, could_breathe=Answer.NO),
        absent_findings=(AbsentFinding(BodyRegion.SCALP, "inga synliga skador"),),
        consistency=Consistency.CONSISTENT,
        assessment="Fynden är förenliga med berättelsen.",
        signed_at=T0 + dt.timedelta(hours=2),
        signed_by="acc-1",
        injuries=(inj2, inj1),  # out of order on purpose
        addenda=(Addendum("add-1", "exam-1", "acc-1", T0 + dt.timedelta(days=1), "Tillägg."),),
    )
    photo = PhotoRecord(
        "ph-1",
        "exam-1",
        1,
        "ab" * 32,
        "IMG_1.jpg",
        1000,
        "image/jpeg",
        PhotoRole.CLOSE_UP_SCALE,
        "",
        "acc-1",
        T0,
        injury_ids=("inj-1",),
    )
    return exam, [photo]


def test_golden_file_matches() -> None:
    """A change of the registry or the format that alters these bytes must raise CANONICAL_VERSION."""
    exam, photos = example()
    assert GOLDEN.exists(), f"no golden file for version {CANONICAL_VERSION}: write {GOLDEN.name}"
    assert canonical_bytes(exam, photos) == GOLDEN.read_bytes()


def test_every_canonical_registry_field_is_in_the_content() -> None:
    exam, photos = example()
    d = canonical_dict(exam, photos)
    assert set(d["fields"]) == {f.code for f in fields.EXAM_FIELDS if fields.Show.CANONICAL in f.show}
    for inj in d["injuries"]:
        want = {f.code for f in fields.INJURY_FIELDS if fields.Show.CANONICAL in f.show}
        assert want <= set(inj)
    assert d["fields"]["examined_from"] == "2026-03-04T10:00:00"
    assert [i["number"] for i in d["injuries"]] == [1, 2]
    assert d["photos"] == [
        {
            "number": 1,
            "sha256": "ab" * 32,
            "role": "close_up_scale",
            "injuries": [1],
            "size": 1000,
            "media_type": "image/jpeg",
            "caption": "",
        }
    ]
    assert "addenda" not in d  # signed on their own, bound to this content's SHA-256


def test_bytes_are_sorted_compact_utf8() -> None:
    exam, photos = example()
    raw = canonical_bytes(exam, photos)
    assert raw.endswith(b"}\n") and b"\n" not in raw[:-1]
    parsed = json.loads(raw)
    assert (
        json.dumps(parsed, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" == raw
    )
    assert "”Han tog tag om halsen.”".encode() in raw


def test_record_only_attributes_do_not_change_the_content() -> None:
    """Status, record times and the stored hash are about the record, not its content."""
    exam, photos = example()
    other = dataclasses.replace(exam, status="draft", signed_at=None, signed_by=None, content_sha256="x")
    assert canonical_bytes(other, photos) == canonical_bytes(exam, photos)


@pytest.mark.parametrize(
    "change",
    [
        lambda e, p: (dataclasses.replace(e, assessment=e.assessment + " "), p),
        lambda e, p: (dataclasses.replace(e, examined_until=dt.datetime(2026, 3, 4, 10, 46)), p),
        lambda e, p: (
            dataclasses.replace(
                e, injuries=(dataclasses.replace(e.injuries[1], colour="röd"), e.injuries[0])
            ),
            p,
        ),
        lambda e, p: (e, [dataclasses.replace(p[0], sha256="cd" * 32)]),
        lambda e, p: (e, [dataclasses.replace(p[0], role=PhotoRole.OVERVIEW)]),
        lambda e, p: (e, [dataclasses.replace(p[0], caption="höger sida")]),
        lambda e, p: (dataclasses.replace(e, consents=()), p),
        lambda e, p: (dataclasses.replace(e, case_ref="VC-2026-0002"), p),
        lambda e, p: (dataclasses.replace(e, strangulation=StrangulationAnswers(asked=True)), p),
    ],
)
def test_any_content_change_changes_the_bytes(change) -> None:  # type: ignore[no-untyped-def]
    exam, photos = example()
    e2, p2 = change(exam, photos)
    assert canonical_bytes(e2, p2) != canonical_bytes(exam, photos)


def test_order_of_injuries_and_photos_in_memory_does_not_matter() -> None:
    exam, photos = example()
    again = dataclasses.replace(exam, injuries=tuple(reversed(exam.injuries)))
    assert (
        hashlib.sha256(canonical_bytes(again, photos)).digest()
        == hashlib.sha256(canonical_bytes(exam, photos)).digest()
    )
    assert canonical.CANONICAL_FORMAT in canonical_bytes(exam).decode()


def test_an_addendum_does_not_change_the_examination_content() -> None:
    """Adding an addendum later must leave the examination's signature intact."""
    exam, photos = example()
    assert canonical_bytes(dataclasses.replace(exam, addenda=()), photos) == canonical_bytes(exam, photos)


def _covered(model: type, signed_paths: set[tuple[str, ...]], outside: set[str]) -> list[str]:
    """Attributes of ``model`` (one level into nested dataclasses) neither signed nor named as outside."""
    missing = []
    hints = {f.name: f for f in dataclasses.fields(model)}
    for name, spec in hints.items():
        if name in outside or (name,) in signed_paths:
            continue
        subs = {p[1] for p in signed_paths if len(p) == 2 and p[0] == name}
        if not subs:
            missing.append(name)
            continue
        default = spec.default_factory  # type: ignore[misc]
        nested = type(default())  # type: ignore[operator]
        missing += [f"{name}.{f.name}" for f in dataclasses.fields(nested) if f.name not in subs]
    return missing


def test_every_model_attribute_is_signed_or_named_as_bookkeeping() -> None:
    """A field added to the model but not to the registry (with Show.CANONICAL) would fall outside what the
    examiner signs: this fails until it is declared, or named as bookkeeping on purpose."""
    exam_paths = {f.path for f in fields.EXAM_FIELDS if fields.Show.CANONICAL in f.show}
    outside = set(canonical.IDENTITY) | set(canonical.BOOKKEEPING) | set(canonical.PARTS)
    assert _covered(Examination, exam_paths, outside) == []
    injury_paths = {f.path for f in fields.INJURY_FIELDS if fields.Show.CANONICAL in f.show}
    assert _covered(Injury, injury_paths, set(canonical.INJURY_IDENTITY)) == []


def test_golden_file_of_each_earlier_version_still_matches() -> None:
    """Signatures made under an earlier content version are checked against exactly those bytes."""
    from injurydoc.store import canonical as versions

    exam, photos = example()
    for version in sorted(versions.KNOWN_VERSIONS):
        golden = GOLDEN_DIR / f"example-v{version}.json"
        assert versions.examination_content(exam, photos, version).rstrip(
            b"\n"
        ) == golden.read_bytes().rstrip(b"\n"), version
    with pytest.raises(versions.UnknownContentVersion):
        versions.examination_content(exam, photos, max(versions.KNOWN_VERSIONS) + 1)


def test_addendum_golden_file() -> None:
    exam, _ = example()
    raw = addendum_bytes(exam.addenda[0], "ef" * 32)
    assert raw == (GOLDEN_DIR / "addendum-v1.json").read_bytes()


def test_a_field_added_in_a_later_version_leaves_the_earlier_bytes_alone(monkeypatch) -> None:
    """Adding a field raises the version; signatures made under the earlier one keep their exact bytes."""
    exam, photos = example()
    before = canonical_bytes(exam, photos, CANONICAL_VERSION)
    added = dataclasses.replace(
        fields.exam_field("assessment"), code="case_ref", canonical_since=CANONICAL_VERSION + 1
    )
    monkeypatch.setattr(canonical, "EXAM_FIELDS", (*fields.EXAM_FIELDS, added))
    monkeypatch.setattr(canonical, "CANONICAL_VERSION", CANONICAL_VERSION + 1)
    assert canonical_bytes(exam, photos, CANONICAL_VERSION) == before
    later = canonical_dict(exam, photos, CANONICAL_VERSION + 1)
    assert later["fields"]["case_ref"] == "VC-2026-0001" and later["version"] == CANONICAL_VERSION + 1
    with pytest.raises(ValueError):
        canonical_dict(exam, photos, 1)  # the first version is the store-codec form (store/canonical.py)
