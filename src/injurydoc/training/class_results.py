"""The trainer's class summary: one row per results file, and the mistakes most trainees made."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from injurydoc.domain.vocab import Lang
from injurydoc.training.feedback import code_title
from injurydoc.training.results import Result

__all__ = ["Summary", "TraineeRow", "class_summary"]


@dataclass(frozen=True)
class TraineeRow:
    name: str
    exercise_id: str
    score: float
    competent: bool
    mistakes: int


@dataclass(frozen=True)
class Summary:
    rows: list[TraineeRow]
    #: (code, number of results in which the mistake occurs), most common first, then by code.
    most_common_mistakes: list[tuple[str, int]]

    @property
    def competent_count(self) -> int:
        return sum(r.competent for r in self.rows)

    @property
    def mean_score(self) -> float:
        return sum(r.score for r in self.rows) / len(self.rows) if self.rows else 0.0

    @staticmethod
    def title(code: str, lang: Lang = "sv") -> str:
        return code_title(code, lang)


def class_summary(results: list[Result]) -> Summary:
    """One row per result (sorted by exercise, then name) and the mistakes most trainees made.

    A mistake counts once per result, however often it occurs in it: "5 of 12 mixed up a side".
    """
    rows = [
        TraineeRow(r.trainee, r.exercise_id, r.score, r.competent, len(r.mistakes))
        for r in sorted(results, key=lambda r: (r.exercise_id, r.trainee.casefold(), r.created_at))
    ]
    counts: Counter[str] = Counter()
    for r in results:
        counts.update({p.code for p in r.mistakes})
    common = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Summary(rows, common)
