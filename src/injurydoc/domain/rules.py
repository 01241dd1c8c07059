"""The review checklist: what good injury documentation contains (DOMAIN.md, NCK, Läkartidningen 2018).

Pure functions over an examination and its photos.  Each item says what is missing, where to go to fix
it, and why it matters.  Signing with open items is allowed after the examiner confirms (an unconscious
patient cannot consent to photography, say) — the checklist informs, it does not forbid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from injurydoc.domain.models import Examination, Injury, PhotoRecord
from injurydoc.domain.vocab import ConsentDecision, ConsentScope, Lang, PhotoRole, ViolenceKind
from injurydoc.domain.wording import age_words

#: Injury fields and examination fields where words estimating a bruise's age do not belong: the colour
#: of a bruise does not tell its age (DOMAIN.md), and such words in a signed report mislead a court.
AGE_INJURY_FIELDS = ("colour", "description", "shape", "surrounding", "healing")
AGE_EXAM_FIELDS = ("other_findings", "assessment")
#: Checklist codes that only appear when they fail (training scores the same words on its own).
AGE_CODES = ("bruise_age_injury", "bruise_age")

#: Section codes the GUI jumps to.
SECTIONS = (
    "patient",
    "consent",
    "account",
    "history",
    "strangulation",
    "injuries",
    "photos",
    "absent",
    "assessment",
    "concern",
    "review",
)

_TEXT: dict[str, tuple[str, str, str, str]] = {
    # code: (sv title, en title, sv why, en why)
    "consent_examination": (
        "Samtycke till undersökning och dokumentation är noterat",
        "Consent to examination and documentation is recorded",
        "Samtycke kommer först och noteras för sig.",
        "Consent comes first and is recorded on its own.",
    ),
    "consent_photography": (
        "Samtycke till fotografering är noterat",
        "Consent to photography is recorded",
        "Fotografering kräver ett eget samtycke.",
        "Photography needs a consent of its own.",
    ),
    "consent_release": (
        "Beslut om utlämnande till polis är noterat",
        "The decision on release to the police is recorded",
        "Utan samtycke krävs en annan rättslig grund för att lämna ut något.",
        "Without consent, another legal basis is needed to release anything.",
    ),
    "account": (
        "Patientens egen berättelse är nedskriven",
        "The patient's own account is written down",
        "Berättelsen hålls isär från fynden; den är underlag för bedömningen.",
        "The account is kept apart from the findings; the assessment rests on it.",
    ),
    "injury_located": (
        "Skada {n} är markerad på kroppsmallen med region och sida",
        "Injury {n} is marked on the body map with region and side",
        "Höger och vänster blandas ofta ihop; markeringen visar patientens sida.",
        "Right and left are often mixed up; the mark shows the patient's side.",
    ),
    "injury_measured": (
        "Skada {n} är mätt (längd × bredd i mm)",
        "Injury {n} is measured (length × width in mm)",
        "Storlek i millimeter gör beskrivningen prövbar.",
        "Size in millimetres makes the description testable.",
    ),
    "injury_overview": (
        "Skada {n} har en översiktsbild",
        "Injury {n} has an overview photo",
        "Översiktsbilden visar var på kroppen skadan sitter.",
        "The overview shows where on the body the injury is.",
    ),
    "injury_scale": (
        "Skada {n} har en närbild med skala",
        "Injury {n} has a close-up with scale",
        "Utan skala kan storleken inte bedömas i efterhand.",
        "Without a scale the size cannot be judged afterwards.",
    ),
    "id_shot": (
        "Serien börjar med en ID-bild",
        "The series starts with an ID shot",
        "ID-bilden knyter bilderna till patienten och tidpunkten.",
        "The ID shot ties the photos to the patient and the time.",
    ),
    "absent": (
        "Negativa fynd är aktivt noterade",
        "Absent findings are recorded",
        "Att inga skador syns på en undersökt plats är också ett fynd.",
        "That an examined area shows no injury is a finding too.",
    ),
    "strangulation": (
        "Frågorna om strypvåld är ställda",
        "The strangulation questions are asked",
        "Synliga tecken saknas ofta efter strypvåld; svaren är viktiga ändå.",
        "Visible signs are often absent after strangulation; the answers still matter.",
    ),
    "assessment": (
        "Undersökarens bedömning är ifylld",
        "The examiner's assessment is filled in",
        "Bedömningen av förenlighet (Istanbulprotokollet) är det rättsintyget bygger på.",
        "The consistency assessment (Istanbul Protocol) is what a forensic certificate builds on.",
    ),
    "photo_incomplete": (
        "Foto {n} är ofullständigt: kontrollera att det visar det som ska visas",
        "Photo {n} is incomplete: check that it shows what it should",
        "Bildfilen var skadad vid importen och avkodades med fel; saknade delar visas grå. Den sparas ändå, "
        "eftersom den kan vara den enda bilden — ta gärna en ny bild om det går.",
        "The image file was damaged at import and decoded with errors; missing parts show grey. It is kept "
        "all the same, since it may be the only picture there is — take a new one if you can.",
    ),
    "bruise_age_injury": (
        "Skada {n}: ingen åldersbedömning av blåmärket ({words})",
        "Injury {n}: no estimate of the bruise's age ({words})",
        "Färgen säger inte hur gammalt ett blåmärke är; beskriv färgen som den ses, utan ålder.",
        "Colour does not tell a bruise's age; describe the colour as seen, without an age.",
    ),
    "bruise_age": (
        "Ingen åldersbedömning av blåmärken i fynd eller bedömning ({words})",
        "No estimate of bruise age in findings or assessment ({words})",
        "Färgen säger inte hur gammalt ett blåmärke är; en åldersuppgift i ett signerat intyg vilseleder.",
        "Colour does not tell a bruise's age; an age in a signed report misleads.",
    ),
    "injuries_or_none": (
        "Skador är dokumenterade, eller att inga finns",
        "Injuries are documented, or that there are none",
        "Hela kroppen undersöks; finns inga skador ska det framgå.",
        "The whole body is examined; if there are no injuries, that must be stated.",
    ),
}


@dataclass(frozen=True, slots=True)
class CheckItem:
    code: str
    ok: bool
    section: str
    injury_id: str | None = None
    number: int | None = None
    words: tuple[str, ...] = ()

    def title(self, lang: Lang) -> str:
        sv, en, _, _ = _TEXT[self.code]
        shown = ", ".join(f"»{w}«" for w in self.words)
        return (sv if lang == "sv" else en).format(n=self.number, words=shown)

    def why(self, lang: Lang) -> str:
        _, _, sv, en = _TEXT[self.code]
        return sv if lang == "sv" else en


def _photos_of(injury: Injury, photos: list[PhotoRecord]) -> list[PhotoRecord]:
    return [p for p in photos if injury.id in p.injury_ids]


def checklist(exam: Examination, photos: list[PhotoRecord]) -> list[CheckItem]:
    items: list[CheckItem] = []

    def consent(scope: ConsentScope, code: str, need_given: bool) -> None:
        c = exam.consent(scope)
        ok = c is not None and (
            c.decision is ConsentDecision.GIVEN if need_given else c.decision is not ConsentDecision.NOT_ASKED
        )
        items.append(CheckItem(code, ok, "consent"))

    consent(ConsentScope.EXAMINATION, "consent_examination", True)
    consent(ConsentScope.PHOTOGRAPHY, "consent_photography", False)
    consent(ConsentScope.RELEASE_TO_POLICE, "consent_release", False)
    items.append(CheckItem("account", bool(exam.patient_account.strip()), "account"))
    if ViolenceKind.STRANGULATION in exam.violence_kinds:
        items.append(CheckItem("strangulation", exam.strangulation.asked, "strangulation"))
    items.append(CheckItem("injuries_or_none", bool(exam.injuries) or bool(exam.absent_findings), "injuries"))
    for inj in exam.injuries:
        n, iid = inj.number, inj.id
        items.append(CheckItem("injury_located", bool(inj.marks), "injuries", iid, n))
        items.append(
            CheckItem(
                "injury_measured", inj.length_mm is not None and inj.width_mm is not None, "injuries", iid, n
            )
        )
        shown = _photos_of(inj, photos)
        items.append(
            CheckItem("injury_overview", any(p.role is PhotoRole.OVERVIEW for p in shown), "photos", iid, n)
        )
        items.append(
            CheckItem(
                "injury_scale", any(p.role is PhotoRole.CLOSE_UP_SCALE for p in shown), "photos", iid, n
            )
        )
        words = _age_words(str(getattr(inj, f)) for f in AGE_INJURY_FIELDS)
        if words:
            items.append(CheckItem("bruise_age_injury", False, "injuries", iid, n, words))
    photographed = bool(photos)
    if photographed:
        items.append(CheckItem("id_shot", any(p.role is PhotoRole.ID_SHOT for p in photos), "photos"))
    # A photo decoded with errors stays open on the list: it cannot be made whole, only looked at.
    items.extend(
        CheckItem("photo_incomplete", False, "photos", None, p.number) for p in photos if p.decode_warning
    )
    items.append(CheckItem("absent", bool(exam.absent_findings), "absent"))
    items.append(
        CheckItem("assessment", exam.consistency is not None or bool(exam.assessment.strip()), "assessment")
    )
    words = _age_words(str(getattr(exam, f)) for f in AGE_EXAM_FIELDS)
    if words:
        items.append(CheckItem("bruise_age", False, "assessment", words=words))
    return items


def _age_words(texts: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for text in texts:
        found += [w for w in age_words(text) if w not in found]
    return tuple(found)


def open_items(exam: Examination, photos: list[PhotoRecord]) -> list[CheckItem]:
    return [i for i in checklist(exam, photos) if not i.ok]


def score(items: list[CheckItem]) -> float:
    """Share of items fulfilled, 0..1 (≥ 0.85 counted as competent in simulation training)."""
    return sum(i.ok for i in items) / len(items) if items else 1.0
