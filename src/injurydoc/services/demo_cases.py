"""The synthetic cases of the demo store: an adult after intimate-partner violence with strangulation
(signed, addendum, follow-up), a person with protected population registration, and a child whose
guardian is said to be the threat.  Every name and number is made up for this project."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from injurydoc.domain.identity import luhn_check_digit
from injurydoc.domain.models import (
    AbsentFinding,
    BodyMark,
    ConcernReport,
    Consent,
    Patient,
    PersonPresent,
    SipRecord,
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
    Protection,
    Relation,
    Sex,
    Side,
    StrangulationMethod,
    ViolenceKind,
)
from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.session import Session


@dataclass(frozen=True)
class DemoExamination:
    id: str
    case_ref: str
    status: str
    patient: str
    protection: str
    note: str
    photos: int = 0


def synthetic_pnr(birth: dt.date, serial: int) -> str:
    """A personal number with a correct check digit, for synthetic patients only."""
    nine = birth.strftime("%y%m%d") + f"{serial:03d}"
    return f"{birth:%Y%m%d}-{serial:03d}{luhn_check_digit(nine)}"


def _consents(at: dt.datetime) -> tuple[Consent, ...]:
    return (
        Consent(ConsentScope.EXAMINATION, ConsentDecision.GIVEN, at),
        Consent(ConsentScope.PHOTOGRAPHY, ConsentDecision.GIVEN, at),
        Consent(ConsentScope.RELEASE_TO_POLICE, ConsentDecision.GIVEN, at),
    )


def _finger_marks() -> tuple[Mark, ...]:
    return tuple(Mark(0.3 + 0.12 * i, 0.45 + 0.02 * i, 0.07, 0.05) for i in range(4))


#: A photo to make: file name, role, the injuries it shows (ids) and its PhotoSpec fields.
_Shot = tuple[str, PhotoRole, tuple[str, ...], dict[str, Any]]


def _photos(
    s: Session,
    exam_id: str,
    shots: list[_Shot],
    skin: tuple[int, int, int] = (224, 180, 150),
) -> None:
    """Generate synthetic photos, import them like a camera card, give them roles and injuries."""
    base = dt.datetime.now(dt.UTC).astimezone().replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="injurydoc-demo-") as tmp:
        paths = []
        for i, (name, _role, _inj, spec) in enumerate(shots):
            photo = make_photo(
                PhotoSpec(
                    size=(1600, 1200),
                    seed=100 + i,
                    skin=skin,
                    captured=base + dt.timedelta(seconds=40 * i),
                    **spec,
                )
            )
            path = Path(tmp) / name
            path.write_bytes(photo)
            paths.append(path)
        report = PhotoService(s).import_files(exam_id, paths)
    svc = PhotoService(s)
    for outcome, (_name, role, injuries, _spec) in zip(report.outcomes, shots, strict=True):
        if outcome.photo_id is None:
            continue
        svc.set_role([outcome.photo_id], role)
        if injuries:
            svc.link_injuries([outcome.photo_id], list(injuries))


#: What a case made: the examination's id, its patient and a note for the demo's listing.
_Made = tuple[str, Patient, str]


def fill(s: Session) -> list[DemoExamination]:
    """Create the demo cases as the signed-in clinician; return what was made."""
    now = dt.datetime.now(dt.UTC)
    made = [*_partner_violence_case(s, now), _protected_person_case(s, now), _child_case(s, now)]
    return [_listed(s, exam_id, patient, note) for exam_id, patient, note in made]


def _examined(now: dt.datetime, minutes: int) -> dict[str, dt.datetime]:
    """When the examination took place: ``minutes`` long, ending now (whole minutes, as typed)."""
    until = now.replace(second=0, microsecond=0)
    return {"examined_from": until - dt.timedelta(minutes=minutes), "examined_until": until}


def _listed(s: Session, exam_id: str, patient: Patient, note: str) -> DemoExamination:
    current = ExaminationService(s).get(exam_id)
    return DemoExamination(
        id=current.id,
        case_ref=current.case_ref,
        status=current.status,
        patient=patient.name,
        protection=patient.protection.code,
        note=note,
        photos=len(PhotoService(s).records(current.id)),
    )


# ----- 1. an adult after intimate-partner violence with strangulation ---------------------------------------
def _partner_violence_case(s: Session, now: dt.datetime) -> list[_Made]:
    """Signed, with an addendum, and a follow-up examination in draft."""
    exams = ExaminationService(s)
    elin = PatientService(s).create(
        personal_id=synthetic_pnr(dt.date(1991, 3, 14), 282),
        name="Elin Exempelsson",
        sex=Sex.FEMALE,
    )
    PatientService(s).add_contact(elin.id, "phone", "070-000 00 00")
    e1 = exams.create(elin.id)
    _record_partner_violence(exams, e1.id, now)
    arm, forearm, neck = _partner_violence_injuries(exams, e1.id)
    _photos(s, e1.id, _partner_violence_shots(arm, forearm, neck))
    exams.sign(e1.id)
    exams.add_addendum(
        e1.id,
        "Patienten ringde dagen efter och berättade om ökad heshet. Rådd att söka akut vid andningsbesvär.",
    )
    follow_up = _partner_violence_follow_up(exams, elin.id, e1.id, now)
    return [(e1.id, elin, "signed, addendum, strangulation"), (follow_up, elin, "follow-up (draft)")]


def _record_partner_violence(exams: ExaminationService, exam_id: str, now: dt.datetime) -> None:
    """The history, the strangulation questions, what was not found and the assessment."""
    exams.update(
        exam_id,
        consents=_consents(now),
        **_examined(now, 50),
        persons_present=(PersonPresent(PresentRole.SUPPORT_PERSON, "Väninna"),),
        patient_account=(
            "Han tog tag i min arm och tryckte upp mig mot väggen. Sedan tog han strypgrepp med "
            "båda händerna. Jag kunde inte andas och det svartnade."
        ),
        reported_time="Igår kväll cirka kl. 22",
        reported_place="Hemmet",
        violence_kinds=(ViolenceKind.PHYSICAL, ViolenceKind.STRANGULATION),
        relation=Relation.PARTNER,
        children_in_household=Answer.YES,
        children_details="Två barn, 4 och 7 år, sov i rummet intill.",
        strangulation=StrangulationAnswers(
            asked=True,
            methods=(StrangulationMethod.TWO_HANDS,),
            times="En gång",
            duration="Uppskattningsvis 10–20 sekunder",
            could_breathe=Answer.NO,
            could_speak=Answer.NO,
            loss_of_consciousness=Answer.UNKNOWN,
            voice_change=Answer.YES,
            swallowing_difficulty=Answer.YES,
            petechiae_sites="Inga petekier i ögonbindehinnor eller ansikte.",
            neck_findings="Se skada 3.",
        ),
        absent_findings=(
            AbsentFinding(BodyRegion.FACE, "Inga synliga skador i ansiktet."),
            AbsentFinding(BodyRegion.EYE, "Inga petekier i ögonbindehinnorna."),
        ),
        consistency=Consistency.CONSISTENT,
        assessment="Fynden är förenliga med patientens berättelse om grepp om armen och strypvåld.",
        concern_report=ConcernReport(
            made=True,
            office="Socialtjänsten Exempelby",
            grounds="Barn i hushållet",
            made_at=now.date(),
        ),
        sip=SipRecord(called=False),
    )


def _partner_violence_injuries(exams: ExaminationService, exam_id: str) -> tuple[str, str, str]:
    """The grip marks on the arm, the abrasion on the forearm and the redness of the neck (their ids)."""
    arm = exams.add_injury(
        exam_id,
        type=InjuryType.BRUISE,
        region=BodyRegion.UPPER_ARM,
        side=Side.RIGHT,
        marks=(BodyMark(BodyView.FRONT, 0.285, 0.33),),
        length_mm=40,
        width_mm=25,
        shape="Oval, fyra runda blåmärken i rad",
        colour="Blålila",
        description="Fyra ovala blåmärken i rad på överarmens insida, förenligt med fingergrepp.",
        patient_says_cause="Han höll hårt i armen.",
    )
    forearm = exams.add_injury(
        exam_id,
        type=InjuryType.ABRASION,
        region=BodyRegion.FOREARM,
        side=Side.LEFT,
        marks=(BodyMark(BodyView.FRONT, 0.73, 0.45),),
        length_mm=30,
        width_mm=8,
        shape="Avlång",
        colour="Röd, ytlig",
        direction="Längs underarmens längdaxel",
        patient_says_cause="Skrapade armen mot väggen.",
    )
    neck = exams.add_injury(
        exam_id,
        type=InjuryType.REDNESS,
        region=BodyRegion.NECK_ANTERIOR,
        side=Side.BOTH,
        marks=(BodyMark(BodyView.FRONT, 0.5, 0.155),),
        length_mm=60,
        width_mm=20,
        colour="Diffus rodnad",
        surrounding="Ömhet vid beröring",
        patient_says_cause="Strypgreppet.",
    )
    return arm.id, forearm.id, neck.id


def _partner_violence_shots(arm: str, forearm: str, neck: str) -> list[_Shot]:
    return [
        ("IMG_0001.JPG", PhotoRole.ID_SHOT, (), dict(label="ID: OVN-2026 / datum", marks=())),
        ("IMG_0002.JPG", PhotoRole.OVERVIEW, (arm,), dict(marks=(Mark(0.45, 0.4, 0.08, 0.05),))),
        ("IMG_0003.JPG", PhotoRole.CLOSE_UP, (arm,), dict(marks=_finger_marks())),
        ("IMG_0004.JPG", PhotoRole.CLOSE_UP_SCALE, (arm,), dict(marks=_finger_marks(), scale=True)),
        ("IMG_0005.JPG", PhotoRole.OVERVIEW, (forearm,), dict(marks=(Mark(0.6, 0.5, 0.1, 0.02),))),
        (
            "IMG_0006.JPG",
            PhotoRole.CLOSE_UP_SCALE,
            (forearm,),
            dict(marks=(Mark(0.5, 0.45, 0.3, 0.05, (170, 60, 60)),), scale=True),
        ),
        # A phone photo of the neck, with a GPS position in its EXIF (it stays inside the store).
        (
            "IMG_20261120_140355.jpg",
            PhotoRole.OVERVIEW,
            (neck,),
            dict(
                marks=(Mark(0.5, 0.35, 0.4, 0.12, (170, 60, 60)),),
                gps=(59.3293, 18.0686),
                make="Exempelfon",
                model="X2",
            ),
        ),
    ]


def _partner_violence_follow_up(
    exams: ExaminationService, patient_id: str, first_id: str, now: dt.datetime
) -> str:
    """The follow-up examination (a draft): the bruise on the arm, grown and changing colour."""
    follow_up = exams.create(patient_id, follow_up_of=first_id)
    exams.update(
        follow_up.id,
        consents=_consents(now),
        **_examined(now, 20),
        patient_account="Blåmärkena syns tydligare nu.",
        violence_kinds=(ViolenceKind.PHYSICAL,),
    )
    exams.add_injury(
        follow_up.id,
        type=InjuryType.BRUISE,
        region=BodyRegion.UPPER_ARM,
        side=Side.RIGHT,
        marks=(BodyMark(BodyView.FRONT, 0.285, 0.33),),
        length_mm=45,
        width_mm=28,
        colour="Blå med gulgrön kant",
    )
    return follow_up.id


# ----- 2. a person with protected population registration (skyddad folkbokföring): a draft ---------------
def _protected_person_case(s: Session, now: dt.datetime) -> _Made:
    exams = ExaminationService(s)
    sara = PatientService(s).create(
        personal_id=synthetic_pnr(dt.date(1984, 11, 2), 407),
        name="Sara Skyddad",
        sex=Sex.FEMALE,
        protection=Protection.SKYDDAD_FOLKBOKFORING,
    )
    e2 = exams.create(sara.id)
    exams.update(
        e2.id,
        consents=_consents(now)[:2],
        **_examined(now, 30),
        patient_account="Jag blev knuffad i trappan.",
        violence_kinds=(ViolenceKind.PHYSICAL,),
        relation=Relation.FORMER_PARTNER,
    )
    hip = exams.add_injury(
        e2.id,
        type=InjuryType.BRUISE,
        region=BodyRegion.HIP,
        side=Side.LEFT,
        marks=(BodyMark(BodyView.BACK, 0.6, 0.5),),
        length_mm=70,
        width_mm=50,
        colour="Mörkblå",
    )
    shots: list[_Shot] = [
        # Her phone wrote a GPS position: it must never leave the store for a protected person.
        (
            "IMG_20261121_091500.jpg",
            PhotoRole.OVERVIEW,
            (hip.id,),
            dict(marks=(Mark(0.55, 0.5, 0.2, 0.12),), gps=(57.7089, 11.9746), make="Exempelfon", model="X2"),
        ),
        (
            "IMG_20261121_091530.jpg",
            PhotoRole.CLOSE_UP_SCALE,
            (hip.id,),
            dict(marks=(Mark(0.5, 0.45, 0.35, 0.25),), scale=True),
        ),
    ]
    _photos(s, e2.id, shots, skin=(198, 150, 120))
    return e2.id, sara, "protected person (draft)"


# ----- 3. a child whose guardian is said to be the threat ---------------------------------------------------
def _child_case(s: Session, now: dt.datetime) -> _Made:
    """Protected, no guardian contacts, orosanmälan made.  Signed."""
    exams = ExaminationService(s)
    nora = PatientService(s).create(
        personal_id=synthetic_pnr(dt.date(2017, 6, 21), 164),
        name="Nora Barnsson",
        sex=Sex.FEMALE,
        protection=Protection.SEKRETESSMARKERING,
        guardian_is_threat=True,
    )
    e3 = exams.create(nora.id)
    exams.update(
        e3.id,
        consents=_consents(now)[:2],
        **_examined(now, 40),
        persons_present=(PersonPresent(PresentRole.STAFF, "Skolsköterska"),),
        patient_account="Pappa slog mig med ett bälte.",
        violence_kinds=(ViolenceKind.PHYSICAL,),
        relation=Relation.PARENT_GUARDIAN,
        absent_findings=(AbsentFinding(BodyRegion.NECK_ANTERIOR, "Inga synliga skador på halsen."),),
        concern_report=ConcernReport(
            made=True,
            office="Socialtjänsten Exempelby",
            grounds="Misstänkt misshandel av vårdnadshavare",
            made_at=now.date(),
        ),
        consistency=Consistency.HIGHLY_CONSISTENT,
        assessment="Mönstrade skador förenliga med slag med bälte.",
    )
    thigh = exams.add_injury(
        e3.id,
        type=InjuryType.PATTERNED,
        region=BodyRegion.THIGH,
        side=Side.RIGHT,
        marks=(BodyMark(BodyView.BACK, 0.4, 0.62),),
        length_mm=120,
        width_mm=15,
        shape="Två parallella strimmor",
        colour="Röd-lila",
    )
    _photos(s, e3.id, _child_shots(thigh.id), skin=(160, 112, 84))
    exams.sign(e3.id)
    return e3.id, nora, "child, guardian is the threat (signed)"


def _child_shots(thigh: str) -> list[_Shot]:
    stripes = (150, 50, 70)
    return [
        ("DSC_0101.JPG", PhotoRole.ID_SHOT, (), dict(label="ID-bild", marks=())),
        (
            "DSC_0102.JPG",
            PhotoRole.OVERVIEW,
            (thigh,),
            dict(marks=(Mark(0.5, 0.4, 0.3, 0.02, stripes), Mark(0.5, 0.47, 0.3, 0.02, stripes))),
        ),
        (
            "DSC_0103.JPG",
            PhotoRole.CLOSE_UP_SCALE,
            (thigh,),
            dict(marks=(Mark(0.5, 0.4, 0.6, 0.03, stripes), Mark(0.5, 0.5, 0.6, 0.03, stripes)), scale=True),
        ),
    ]
