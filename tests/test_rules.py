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


def _with_injury(exam, **fields):
    return dataclasses.replace(exam, injuries=(dataclasses.replace(exam.injuries[0], **fields),))


def test_bruise_age_in_findings_is_an_open_item():
    exam, photos = complete()
    for field, text, word in [
        ("colour", "blålila, några dagar gammalt", "några dagar gammalt"),
        ("colour", "Fresh, red-blue", "fresh"),
        ("description", "Gammalt blåmärke på låret", "gammalt"),
        ("colour", "gulgrönt, ca 5 dagar", "5 dagar"),
        ("colour", "gulaktig, 3-4 dagar", "3-4 dagar"),
        ("healing", "åldrat", "åldrat"),
    ]:
        bad = _with_injury(exam, **{field: text})
        items = open_items(bad, photos)
        assert [i.code for i in items] == ["bruise_age_injury"], (field, text)
        assert items[0].number == 1 and items[0].section == "injuries"
        assert word in items[0].words, (text, items[0].words)
        assert f"»{word}«" in items[0].title("sv") and "Skada 1" in items[0].title("sv")
    # In the assessment or other findings: an examination-level item.
    bad = dataclasses.replace(exam, assessment="Blåmärkena är färska.", other_findings="")
    items = open_items(bad, photos)
    assert [i.code for i in items] == ["bruise_age"] and items[0].words == ("färska",)


def test_plain_colour_and_person_age_are_no_bruise_age():
    exam, photos = complete()
    fine = _with_injury(exam, colour="blålila med gulaktig kant", description="Rund, 2 cm.")
    fine = dataclasses.replace(fine, assessment="Kvinna, 34 år gammal. Fynden är förenliga med berättelsen.")
    assert open_items(fine, photos) == []
