"""The review checklist triggers on what is missing and stays silent on a complete documentation."""

import dataclasses
import datetime as dt

from injurydoc.domain.models import AbsentFinding, BodyMark, Consent, Examination, Injury, PhotoRecord
from injurydoc.domain.rules import checklist, open_items, score
from injurydoc.domain.vocab import (
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    Consistency,
    InjuryType,
    PhotoRole,
    Side,
    ViolenceKind,
)

T = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


def _photo(pid, role, injuries=()):
    return PhotoRecord(
        id=pid,
        examination_id="e",
        number=1,
        sha256="0" * 64,
        original_name="x.jpg",
        size=1,
        media_type="image/jpeg",
        role=role,
        caption="",
        imported_by="a",
        imported_at=T,
        injury_ids=tuple(injuries),
    )


def complete():
    inj = Injury(
        id="i1",
        examination_id="e",
        number=1,
        type=InjuryType.BRUISE,
        region=BodyRegion.THIGH,
        side=Side.LEFT,
        marks=(BodyMark(BodyView.FRONT, 0.6, 0.6),),
        length_mm=20,
        width_mm=10,
    )
    exam = Examination(
        id="e",
        case_ref="SD-1",
        patient_id="p",
        examiner_id="a",
        unit="u",
        status="draft",
        created_at=T,
        consents=tuple(Consent(s, ConsentDecision.GIVEN, T) for s in ConsentScope),
        patient_account="Han sparkade mig.",
        violence_kinds=(ViolenceKind.PHYSICAL,),
        absent_findings=(AbsentFinding(BodyRegion.NECK_ANTERIOR, "Inga skador på halsen."),),
        consistency=Consistency.CONSISTENT,
        injuries=(inj,),
    )
    photos = [
        _photo("p0", PhotoRole.ID_SHOT),
        _photo("p1", PhotoRole.OVERVIEW, ["i1"]),
        _photo("p2", PhotoRole.CLOSE_UP_SCALE, ["i1"]),
    ]
    return exam, photos


def test_complete_documentation_has_no_open_items():
    exam, photos = complete()
    assert open_items(exam, photos) == []
    assert score(checklist(exam, photos)) == 1.0


def _codes(exam, photos):
    return {i.code for i in open_items(exam, photos)}


def test_each_rule_triggers_on_its_mistake():
    exam, photos = complete()
    inj = exam.injuries[0]
    cases = {
        "consent_examination": (dataclasses.replace(exam, consents=exam.consents[1:]), photos),
        "account": (dataclasses.replace(exam, patient_account="  "), photos),
        "injury_located": (dataclasses.replace(exam, injuries=(dataclasses.replace(inj, marks=()),)), photos),
        "injury_measured": (
            dataclasses.replace(exam, injuries=(dataclasses.replace(inj, width_mm=None),)),
            photos,
        ),
        "injury_overview": (exam, [p for p in photos if p.role is not PhotoRole.OVERVIEW]),
        "injury_scale": (exam, [p for p in photos if p.role is not PhotoRole.CLOSE_UP_SCALE]),
        "id_shot": (exam, photos[1:]),
        "absent": (dataclasses.replace(exam, absent_findings=()), photos),
        "assessment": (dataclasses.replace(exam, consistency=None, assessment=""), photos),
        "strangulation": (dataclasses.replace(exam, violence_kinds=(ViolenceKind.STRANGULATION,)), photos),
    }
    for code, (e, p) in cases.items():
        assert _codes(e, p) == {code}, code


def test_items_say_where_and_why_in_both_languages():
    exam, photos = complete()
    for item in checklist(dataclasses.replace(exam, injuries=()), []):
        assert item.title("sv") and item.title("en") and item.why("sv") and item.why("en")
        assert "{" not in item.title("sv")
    item = next(i for i in checklist(exam, []) if i.code == "injury_scale")
    assert item.section == "photos" and item.injury_id == "i1" and "1" in item.title("en")
