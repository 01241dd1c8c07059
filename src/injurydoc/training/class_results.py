"""The trainer's class summary: one row per results file, and the mistakes most trainees made."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
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
    #: the exercise's (Swedish, English) title, when the program holds the exercise
    exercise_title: tuple[str, str] | None = None

    def exercise(self, lang: Lang = "sv") -> str:
        """The exercise as the trainer knows it: its title; its id only when the title is not known."""
        if self.exercise_title is None:
            return self.exercise_id
        title_sv, title_en = self.exercise_title
        return title_en if lang == "en" else title_sv


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


def class_summary(results: list[Result], titles: Mapping[str, tuple[str, str]] | None = None) -> Summary:
    """One row per result (sorted by exercise, then name) and the mistakes most trainees made.

    A mistake counts once per result, however often it occurs in it: "5 of 12 mixed up a side".
    ``titles`` maps exercise ids to their (Swedish, English) titles, shown instead of the id.
    """
    known = titles or {}
    rows = [
        TraineeRow(r.trainee, r.exercise_id, r.score, r.competent, len(r.mistakes), known.get(r.exercise_id))
        for r in sorted(results, key=lambda r: (r.exercise_id, r.trainee.casefold(), r.created_at))
    ]
    counts: Counter[str] = Counter()
    for r in results:
        counts.update({p.code for p in r.mistakes})
    common = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Summary(rows, common)
