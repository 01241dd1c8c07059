"""Feedback on a trainee's documentation of an exercise, against the trainer's answer key.

Pure functions, no Qt and no I/O.  :func:`review` compares an :class:`Examination` and its photos with an
:class:`AnswerKey` and returns :class:`Feedback`: a list of :class:`Point` — the completeness checklist of
:mod:`injurydoc.domain.rules` (reused, not repeated) plus the common errors named in DOMAIN.md
("Training"): side mixed up, history mixed into findings, absent findings not recorded, missing overview
or scale photo, age estimated from colour, no legal basis for disclosure.

Each point has a stable ``code``, ``ok``, a short title and a "why it matters" sentence in Swedish and
English, and a ``detail`` dict of JSON values (injury numbers, field names, codes — never free text from
the record beyond the matched signal words).  Informational points (an injury documented that the key
does not list) are not scored.  The score is the share of ok points among the scored ones; at least
:data:`COMPETENT` (85 %, Fitzpatrick 2012) counts as competent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from injurydoc.domain import texts as catalogue
from injurydoc.domain.fields import exam_field, injury_field
from injurydoc.domain.models import Examination, Injury, PhotoRecord
from injurydoc.domain.rules import AGE_CODES, CheckItem, checklist
from injurydoc.domain.vocab import BodyRegion, InjuryType, Lang, LegalBasis, PhotoRole, Side
from injurydoc.domain.wording import age_words, history_words
from injurydoc.training.answer_key import AnswerKey, ExpectedInjury
from injurydoc.training.feedback_text import (
    CHECKLIST_CODES,
    CODES,
    code_title,
    code_why,
    point_texts,
)

__all__ = [
    "CHECKLIST_CODES",
    "CODES",
    "COMPETENT",
    "AnswerKey",
    "ExpectedInjury",
    "Feedback",
    "Point",
    "age_words",
    "code_title",
    "code_why",
    "field_inline",
    "history_words",
    "review",
]

#: Share of the scored points needed to count as competent (simulation training, Fitzpatrick 2012).
COMPETENT: Final = 0.85


# --------------------------------------------------------------------------------------------- texts

# code: (sv title, en title, sv why, en why).  Titles may use {n} (documented injury number),
# {k} (expected injury number in the key), {what} (type, region, side), {field}, {words}, {role},
# {expected}, {chosen}.
DetailValue = str | int | float | bool | None | list[str] | list[float]


@dataclass(frozen=True)
class Point:
    """One thing checked: ``ok`` or a mistake; ``scored=False`` marks an information-only point."""

    code: str
    ok: bool
    detail: dict[str, DetailValue] = field(default_factory=dict)
    scored: bool = True
    #: (sv title, en title, sv why, en why), already filled in.
    texts: tuple[str, str, str, str] = field(default=("", "", "", ""), repr=False, compare=False)

    def title(self, lang: Lang = "sv") -> str:
        text = self.texts[0] if lang == "sv" else self.texts[1]
        return text or code_title(self.code, lang)

    def why(self, lang: Lang = "sv") -> str:
        text = self.texts[2] if lang == "sv" else self.texts[3]
        return text or code_why(self.code, lang)


@dataclass(frozen=True)
class Feedback:
    score: float
    points: list[Point]

    @property
    def mistakes(self) -> list[Point]:
        return [p for p in self.points if not p.ok]

    @property
    def info(self) -> list[Point]:
        return [p for p in self.points if not p.scored]

    @property
    def competent(self) -> bool:
        return self.score >= COMPETENT


def _what(t: InjuryType, region: BodyRegion, side: Side, lang: Lang) -> str:
    return f"{t.label(lang).lower()}, {region.label(lang).lower()}, {side.label(lang).lower()}"


def _point(code: str, ok: bool, detail: dict[str, DetailValue], scored: bool = True, **fmt: object) -> Point:
    """A point worded in the catalogue (:func:`point_texts`); ``fmt`` values may be callables of ``lang``
    for translated parts."""
    sv_t, en_t, sv_w, en_w = point_texts(code)

    def fill(template: str, lang: Lang) -> str:
        values = {k: (v(lang) if callable(v) else v) for k, v in fmt.items()}
        return template.format(**values) if values else template

    return Point(code, ok, detail, scored, (fill(sv_t, "sv"), fill(en_t, "en"), sv_w, en_w))


def _from_check(item: CheckItem, scored: bool = True) -> Point:
    detail: dict[str, DetailValue] = {"section": item.section}
    if item.number is not None:
        detail["injury"] = item.number
    texts = (item.title("sv"), item.title("en"), item.why("sv"), item.why("en"))
    return Point(item.code, item.ok, detail, scored, texts)


# --------------------------------------------------------------------------------------------- signal words

# Ages of persons ("34 år gammal", "a 34-year-old woman") are removed before looking for bruise ages.
_AGE_INJURY_FIELDS: Final = ("colour", "description", "shape", "surrounding")
_HISTORY_INJURY_FIELDS: Final = (
    "description",
    "colour",
    "shape",
    "surrounding",
    "edges",
    "direction",
    "contents",
    "healing",
    "location_detail",
)


def field_inline(name: str, lang: Lang) -> str:
    """An injury field's label (else an examination field's) for use inside a sentence."""
    try:
        return injury_field(name).inline(lang)
    except KeyError:
        return exam_field(name).inline(lang)


def _text_points(
    code: str,
    finder: Callable[[str], list[str]],
    exam: Examination,
    injury_fields: Sequence[str],
    exam_fields: Sequence[str],
) -> list[Point]:
    points: list[Point] = []
    sv_t, en_t, sv_w, en_w = point_texts(code)

    def add(injury: int | None, name: str, text: str) -> None:
        words = finder(text)
        if not words:
            return
        shown = ", ".join(f"»{w}«" for w in words)
        sv_f, en_f = field_inline(name, "sv"), field_inline(name, "en")
        where_sv, where_en = sv_f, en_f
        if injury is not None:
            where_sv = catalogue.text("feedback.in_injury", "sv", n=injury, field=sv_f)
            where_en = catalogue.text("feedback.in_injury", "en", n=injury, field=en_f)
        detail: dict[str, DetailValue] = {"field": name, "injury": injury, "words": words}
        texts = (f"{sv_t} — {where_sv}: {shown}", f"{en_t} — {where_en}: {shown}", sv_w, en_w)
        points.append(Point(code, False, detail, True, texts))

    for inj in exam.injuries:
        for name in injury_fields:
            add(inj.number, name, str(getattr(inj, name)))
    for name in exam_fields:
        add(None, name, str(getattr(exam, name)))
    if not points:
        points.append(_point(code, True, {}))
    return points


# --------------------------------------------------------------------------------------------- matching


def _fits(value: float | None, bounds: tuple[float, float] | None) -> bool | None:
    """None when there is nothing to compare (no range in the key, or no measurement)."""
    if bounds is None or value is None:
        return None
    lo, hi = bounds
    return lo <= value <= hi


def _size_ok(inj: Injury, exp: ExpectedInjury) -> bool | None:
    checks = [_fits(inj.length_mm, exp.length_mm), _fits(inj.width_mm, exp.width_mm)]
    known = [c for c in checks if c is not None]
    return all(known) if known else None


def _match(
    documented: Sequence[Injury], expected: Sequence[ExpectedInjury]
) -> dict[int, tuple[Injury, bool]]:
    """Expected index -> (documented injury, side right?).  Best matches are taken first.

    Pass 1: region, type and side agree and the size fits; pass 2: region, type and side; pass 3:
    region and type (a side error).  Within a pass, documented injuries are tried in their own order.
    """
    taken: set[str] = set()
    result: dict[int, tuple[Injury, bool]] = {}

    def accept(pass_no: int, inj: Injury, exp: ExpectedInjury) -> bool:
        if pass_no == 0:
            return inj.side is exp.side and _size_ok(inj, exp) is not False
        return inj.side is exp.side if pass_no == 1 else True

    for pass_no in range(3):
        for k, exp in enumerate(expected):
            if k in result:
                continue
            for inj in sorted(documented, key=lambda i: i.number):
                if inj.id in taken or inj.region is not exp.region or inj.type is not exp.type:
                    continue
                if accept(pass_no, inj, exp):
                    result[k] = (inj, pass_no < 2)
                    taken.add(inj.id)
                    break
    return result


# --------------------------------------------------------------------------------------------- review

#: Photo roles the checklist already checks, so that one missing photo is one mistake, not two.
_ROLE_CHECK: Final[dict[PhotoRole, str]] = {
    PhotoRole.ID_SHOT: "id_shot",
    PhotoRole.OVERVIEW: "injury_overview",
    PhotoRole.CLOSE_UP_SCALE: "injury_scale",
}


def review(
    exam: Examination,
    photos: list[PhotoRecord],
    key: AnswerKey,
    chosen_basis: LegalBasis | None = None,
) -> Feedback:
    """Compare a trainee's documentation with the answer key; see the module docstring."""
    items = checklist(exam, photos)
    checked = {i.code for i in items}
    matches = _match(exam.injuries, key.injuries)
    points = [
        *_checklist_points(items, key),  # 1. the completeness checklist, as it is
        *_expected_injury_points(key, matches),  # 2. the expected injuries
        *_extra_injury_points(exam, matches),
        *_words_points(exam),  # 3. words that do not belong in findings
        *_photo_role_points(photos, key, checked),  # 4. photos the key expects
        *_key_points(exam, key, chosen_basis, checked),  # 5. strangulation, concern report, legal basis
    ]
    return Feedback(score_of(points), points)


def _checklist_points(items: list[CheckItem], key: AnswerKey) -> list[Point]:
    points: list[Point] = []
    for item in items:
        if item.code in AGE_CODES:
            continue  # scored below with the words and fields named ("bruise_age")
        if (item.code == "absent" and not key.absent_findings_expected) or item.code == "photo_incomplete":
            # (a damaged photo file is shown, not scored: it is not the trainee's documentation)
            points.append(_from_check(item, scored=False))
        else:
            points.append(_from_check(item))
    return points


def _expected_injury_points(key: AnswerKey, matches: dict[int, tuple[Injury, bool]]) -> list[Point]:
    """Each expected injury: found (on the right side or not), and its size within the key's ranges."""
    points: list[Point] = []
    for k, exp in enumerate(key.injuries, start=1):
        base: dict[str, DetailValue] = {
            "expected": k,
            "region": exp.region.code,
            "side": exp.side.code,
            "type": exp.type.code,
        }

        def what(lang: Lang, e: ExpectedInjury = exp) -> str:
            return _what(e.type, e.region, e.side, lang)

        if k - 1 not in matches:
            points.append(_point("expected_injury", False, {**base, "injury": None}, k=k, what=what))
            continue
        inj, side_right = matches[k - 1]
        if side_right:
            points.append(_point("expected_injury", True, {**base, "injury": inj.number}, k=k, what=what))
        else:
            points.append(_side_error(base, inj, exp))
        size = _size_ok(inj, exp)
        if size is not None:
            sdetail: dict[str, DetailValue] = {
                "expected": k,
                "injury": inj.number,
                "length_mm": inj.length_mm,
                "width_mm": inj.width_mm,
                "length_range": _range(exp.length_mm),
                "width_range": _range(exp.width_mm),
            }
            points.append(_point("size", size, sdetail, n=inj.number))
    return points


def _side_error(base: dict[str, DetailValue], inj: Injury, exp: ExpectedInjury) -> Point:
    def documented_side(lang: Lang, s: Side = inj.side) -> str:
        return s.label(lang).lower()

    def expected_side(lang: Lang, s: Side = exp.side) -> str:
        return s.label(lang).lower()

    detail = {**base, "injury": inj.number, "documented_side": inj.side.code}
    return _point("side_error", False, detail, n=inj.number, chosen=documented_side, expected=expected_side)


def _extra_injury_points(exam: Examination, matches: dict[int, tuple[Injury, bool]]) -> list[Point]:
    """Injuries documented beyond the key: named, not scored."""
    matched_ids = {inj.id for inj, _ in matches.values()}
    points: list[Point] = []
    for inj in exam.injuries:
        if inj.id in matched_ids:
            continue

        def extra_what(lang: Lang, i: Injury = inj) -> str:
            return _what(i.type, i.region, i.side, lang)

        detail: dict[str, DetailValue] = {
            "injury": inj.number,
            "region": inj.region.code,
            "side": inj.side.code,
            "type": inj.type.code,
        }
        points.append(_point("extra_injury", True, detail, scored=False, n=inj.number, what=extra_what))
    return points


def _words_points(exam: Examination) -> list[Point]:
    return [
        *_text_points("bruise_age", age_words, exam, _AGE_INJURY_FIELDS, ("other_findings", "assessment")),
        *_text_points(
            "history_in_findings", history_words, exam, _HISTORY_INJURY_FIELDS, ("other_findings",)
        ),
    ]


def _photo_role_points(photos: list[PhotoRecord], key: AnswerKey, checked: set[str]) -> list[Point]:
    """The photo roles the key expects (unless the checklist already checks that role)."""
    present = {p.role for p in photos}
    points: list[Point] = []
    for role in dict.fromkeys(key.photo_roles):
        if _ROLE_CHECK.get(role) in checked:
            continue

        def role_label(lang: Lang, r: PhotoRole = role) -> str:
            return r.label(lang)

        points.append(_point("photo_role", role in present, {"role": role.code}, role=role_label))
    return points


def _key_points(
    exam: Examination, key: AnswerKey, chosen_basis: LegalBasis | None, checked: set[str]
) -> list[Point]:
    """The strangulation questions, the concern report and the legal basis, where the key expects them."""
    points: list[Point] = []
    if key.strangulation_expected and "strangulation" not in checked:
        points.append(_from_check(CheckItem("strangulation", exam.strangulation.asked, "strangulation")))
    if key.concern_report_expected:
        points.append(_point("concern_report", exam.concern_report.made, {"section": "concern"}))
    if key.legal_basis is not None:
        want = key.legal_basis

        def want_label(lang: Lang, b: LegalBasis = want) -> str:
            return b.label(lang)

        detail: dict[str, DetailValue] = {
            "expected": want.code,
            "chosen": chosen_basis.code if chosen_basis else None,
        }
        points.append(_point("legal_basis", chosen_basis is want, detail, expected=want_label))
    return points


def _range(bounds: tuple[float, float] | None) -> list[float] | None:
    return None if bounds is None else [float(bounds[0]), float(bounds[1])]


def score_of(points: Sequence[Point]) -> float:
    """Share of ok points among the scored ones, 0..1 (1.0 when nothing is scored)."""
    scored = [p for p in points if p.scored]
    return sum(p.ok for p in scored) / len(scored) if scored else 1.0
