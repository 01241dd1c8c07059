"""The review checklist: what good injury documentation contains (DOMAIN.md, NCK, Läkartidningen 2018).

Pure functions over an examination and its photos.  Each item says what is missing, where to go to fix
it, and why it matters.  Signing with open items is allowed after the examiner confirms (an unconscious
patient cannot consent to photography, say) — the checklist informs, it does not forbid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from injurydoc.domain import texts as catalogue
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

#: Every checklist code; each has ``checklist.<code>.title`` (with ``{n}``, the injury's number, and
#: ``{words}``, the words found, where they apply) and ``checklist.<code>.why`` in the text catalogue
#: (:mod:`injurydoc.domain.texts`).
CODES: Final = frozenset(
    {
        "consent_examination",
        "consent_photography",
        "consent_release",
        "account",
        "injury_located",
        "injury_measured",
        "injury_overview",
        "injury_scale",
        "id_shot",
        "absent",
        "strangulation",
        "assessment",
        "photo_incomplete",
        "bruise_age_injury",
        "bruise_age",
        "injuries_or_none",
    }
)


@dataclass(frozen=True, slots=True)
class CheckItem:
    code: str
    ok: bool
    section: str
    injury_id: str | None = None
    number: int | None = None
    words: tuple[str, ...] = ()

    def title(self, lang: Lang) -> str:
        shown = ", ".join(f"»{w}«" for w in self.words)
        return catalogue.text(f"checklist.{self.code}.title", lang, n=self.number, words=shown)

    def why(self, lang: Lang) -> str:
        return catalogue.text(f"checklist.{self.code}.why", lang)


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
