"""The trainer's answer key: what a trainee's documentation of an exercise is scored against.

One class of each: an exercise file's key (:mod:`injurydoc.training.schema`), the answer-key editor and
:func:`injurydoc.training.feedback.review` all use :class:`AnswerKey` and :class:`ExpectedInjury`.  An
exercise file needs every size range and a legal basis; a key made in code may leave them open (``None``:
not scored).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from injurydoc.domain.fields import Field, injury_field
from injurydoc.domain.vocab import BodyRegion, InjuryType, LegalBasis, PhotoRole, Side

__all__ = ["KEY_FIELDS", "AnswerKey", "ExpectedInjury"]


@dataclass(frozen=True, slots=True)
class ExpectedInjury:
    """An injury the trainee should find; sizes are accepted ranges ``(min, max)`` in mm."""

    region: BodyRegion
    side: Side
    type: InjuryType
    length_mm: tuple[float, float] | None
    width_mm: tuple[float, float] | None

    def size_fits(self, length_mm: float, width_mm: float) -> bool:
        """Whether a documented length × width lies within the key's ranges (an open range fits all)."""
        return all(
            rng is None or rng[0] <= value <= rng[1]
            for rng, value in ((self.length_mm, length_mm), (self.width_mm, width_mm))
        )


#: The injury fields an expected injury holds, from the field registry, in its order (the answer-key
#: editor's columns): a choice is matched as it is, a size (``Kind.MM``) is an accepted range.
KEY_FIELDS: tuple[Field, ...] = tuple(injury_field(f.name) for f in fields(ExpectedInjury))


@dataclass(frozen=True, slots=True)
class AnswerKey:
    injuries: tuple[ExpectedInjury, ...]
    photo_roles: tuple[PhotoRole, ...]
    strangulation_expected: bool
    legal_basis: LegalBasis | None
    concern_report_expected: bool = False
    absent_findings_expected: bool = True
