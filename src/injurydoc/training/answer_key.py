"""The trainer's answer key: what a trainee's documentation of an exercise is scored against.

:class:`AnswerKey` and :class:`ExpectedInjury` are the plain form; :func:`injurydoc.training.feedback.review`
reads any object of the same shape (:class:`AnswerKeyLike`), such as an exercise file's own key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from injurydoc.domain.vocab import BodyRegion, InjuryType, LegalBasis, PhotoRole, Side

__all__ = ["AnswerKey", "AnswerKeyLike", "ExpectedInjury", "ExpectedInjuryLike"]


@dataclass(frozen=True)
class ExpectedInjury:
    """An injury the trainee should find; sizes are accepted ranges ``(min, max)`` in mm."""

    region: BodyRegion
    side: Side
    type: InjuryType
    length_mm: tuple[float, float] | None
    width_mm: tuple[float, float] | None


@dataclass(frozen=True)
class AnswerKey:
    injuries: tuple[ExpectedInjury, ...]
    photo_roles: tuple[PhotoRole, ...]
    strangulation_expected: bool
    legal_basis: LegalBasis | None
    concern_report_expected: bool = False
    absent_findings_expected: bool = True


class ExpectedInjuryLike(Protocol):
    """Anything shaped like :class:`ExpectedInjury` (the exercise file's own key class, say)."""

    @property
    def region(self) -> BodyRegion: ...
    @property
    def side(self) -> Side: ...
    @property
    def type(self) -> InjuryType: ...
    @property
    def length_mm(self) -> tuple[float, float] | None: ...
    @property
    def width_mm(self) -> tuple[float, float] | None: ...


class AnswerKeyLike(Protocol):
    """Anything shaped like :class:`AnswerKey`; :func:`review` reads only these attributes."""

    @property
    def injuries(self) -> Sequence[ExpectedInjuryLike]: ...
    @property
    def photo_roles(self) -> Sequence[PhotoRole]: ...
    @property
    def strangulation_expected(self) -> bool: ...
    @property
    def legal_basis(self) -> LegalBasis | None: ...
    @property
    def concern_report_expected(self) -> bool: ...
    @property
    def absent_findings_expected(self) -> bool: ...
