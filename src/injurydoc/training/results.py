"""A trainee's result of an exercise as a small JSON file, and a class summary over many of them.

The file holds the exercise id, the name the trainee typed in (free text, no patient data), the time, the
score and the points (codes, ok flags, details: injury numbers, field names, vocabulary codes).  No part
of the documentation itself is written.  Trainers collect the files; :func:`load_results` treats each as
untrusted (size, JSON, schema and types are checked) and raises :class:`ValueError` with a plain message.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

from injurydoc.domain.vocab import Lang
from injurydoc.training.feedback import CODES, COMPETENT, DetailValue, Feedback, code_title

__all__ = [
    "EXTENSION",
    "FORMAT",
    "MAX_BYTES",
    "VERSION",
    "Result",
    "ResultPoint",
    "Summary",
    "TraineeRow",
    "class_summary",
    "load_results",
    "title",
    "to_results_file",
]

FORMAT: Final = "injurydoc-training-result"
VERSION: Final = 1
EXTENSION: Final = ".injurydoc-result"
MAX_BYTES: Final = 1_000_000
MAX_POINTS: Final = 2000
MAX_NAME: Final = 200
MAX_DETAIL_KEYS: Final = 20
MAX_STRING: Final = 200
MAX_LIST: Final = 50

_EXERCISE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_DETAIL_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_KEYS: Final = frozenset({"format", "version", "exercise_id", "trainee", "created_at", "score", "points"})
_POINT_KEYS: Final = frozenset({"code", "ok", "scored", "detail"})


@dataclass(frozen=True)
class ResultPoint:
    code: str
    ok: bool
    scored: bool
    detail: dict[str, DetailValue]

    def title(self, lang: Lang = "sv") -> str:
        return code_title(self.code, lang)


@dataclass(frozen=True)
class Result:
    exercise_id: str
    trainee: str
    created_at: dt.datetime
    score: float
    points: tuple[ResultPoint, ...]

    @property
    def competent(self) -> bool:
        return self.score >= COMPETENT

    @property
    def mistakes(self) -> list[ResultPoint]:
        return [p for p in self.points if not p.ok]


def title(code: str, lang: Lang = "sv") -> str:
    """A label for a point code, for lists of mistakes."""
    return code_title(code, lang)


# --------------------------------------------------------------------------------------------- writing


def _check_trainee(trainee: str) -> str:
    name = " ".join(trainee.split())
    if not name:
        raise ValueError("The trainee's name is empty.")
    if len(name) > MAX_NAME:
        raise ValueError(f"The trainee's name is longer than {MAX_NAME} characters.")
    if _CONTROL.search(name):
        raise ValueError("The trainee's name contains control characters.")
    return name


def _check_exercise_id(exercise_id: str) -> str:
    if not _EXERCISE_ID.match(exercise_id):
        raise ValueError("The exercise id must be 1–63 characters: a–z, 0–9 and '-'.")
    return exercise_id


def to_results_file(
    feedback: Feedback, exercise_id: str, trainee: str, *, now: dt.datetime | None = None
) -> bytes:
    """The trainee's results file (UTF-8 JSON)."""
    when = now or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        raise ValueError("The time of a result must carry a time zone.")
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exercise_id": _check_exercise_id(exercise_id),
        "trainee": _check_trainee(trainee),
        "created_at": when.isoformat(timespec="seconds"),
        "score": round(feedback.score, 6),
        "points": [
            {"code": p.code, "ok": p.ok, "scored": p.scored, "detail": dict(p.detail)}
            for p in feedback.points
        ],
    }
    data = json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ValueError("The result is too large to write.")
    return data


# --------------------------------------------------------------------------------------------- reading


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"Not a results file: the key {k[:40]!r} occurs twice.")
        out[k] = v
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"Not a results file: {name} is not allowed.")


def _str(value: object, where: str, limit: int = MAX_STRING) -> str:
    if not isinstance(value, str):
        raise ValueError(f"Results file: {where} must be text.")
    if len(value) > limit:
        raise ValueError(f"Results file: {where} is longer than {limit} characters.")
    return value


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"Results file: {where} must be true or false.")
    return value


def _scalar(value: object, where: str) -> DetailValue:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Results file: {where} is not a finite number.")
        return value
    if isinstance(value, str):
        return _str(value, where)
    raise ValueError(f"Results file: {where} has a value of the wrong type.")


def _detail(value: object, where: str) -> dict[str, DetailValue]:
    if not isinstance(value, dict):
        raise ValueError(f"Results file: {where} must be an object.")
    if len(value) > MAX_DETAIL_KEYS:
        raise ValueError(f"Results file: {where} has too many entries.")
    out: dict[str, DetailValue] = {}
    for k, v in value.items():
        if not _DETAIL_KEY.match(k):
            raise ValueError(f"Results file: {where} has a key of the wrong form.")
        if isinstance(v, list):
            if len(v) > MAX_LIST:
                raise ValueError(f"Results file: {where}.{k} is too long.")
            items = [_scalar(x, f"{where}.{k}") for x in v]
            if all(isinstance(x, str) for x in items):
                out[k] = [str(x) for x in items]
            elif all(isinstance(x, int | float) and not isinstance(x, bool) for x in items):
                out[k] = [float(x) for x in items if isinstance(x, int | float)]
            else:
                raise ValueError(f"Results file: {where}.{k} mixes values of different types.")
        else:
            out[k] = _scalar(v, f"{where}.{k}")
    return out


def _point(value: object, i: int) -> ResultPoint:
    where = f"points[{i}]"
    if not isinstance(value, dict):
        raise ValueError(f"Results file: {where} must be an object.")
    if set(value) != _POINT_KEYS:
        raise ValueError(f"Results file: {where} must have exactly the keys {sorted(_POINT_KEYS)}.")
    code = _str(value["code"], f"{where}.code", 40)
    if code not in CODES:
        raise ValueError(f"Results file: {where}.code is not a known point code.")
    ok = _bool(value["ok"], f"{where}.ok")
    scored = _bool(value["scored"], f"{where}.scored")
    if not scored and not ok:
        raise ValueError(f"Results file: {where} is a mistake that is not scored.")
    return ResultPoint(code, ok, scored, _detail(value["detail"], f"{where}.detail"))


def load_results(data: bytes) -> Result:
    """Read a results file from untrusted bytes; :class:`ValueError` says what is wrong."""
    if len(data) > MAX_BYTES:
        raise ValueError(f"Not a results file: larger than {MAX_BYTES // 1_000_000} MB.")
    try:
        text = data.decode("utf-8")
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise ValueError("Not a results file: the text is not UTF-8.") from None
    except RecursionError:
        raise ValueError("Not a results file: nested too deeply.") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"Not a results file: invalid JSON (line {e.lineno}, column {e.colno}).") from None
    if not isinstance(doc, dict):
        raise ValueError("Not a results file: the top level must be an object.")
    if doc.get("format") != FORMAT:
        raise ValueError(f"Not a results file: the format must be {FORMAT!r}.")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValueError("Results file: the version must be a whole number.")
    if version != VERSION:
        raise ValueError(f"Results file version {version} is not supported (this program reads {VERSION}).")
    if set(doc) != _KEYS:
        unknown = sorted(set(doc) - _KEYS)
        missing = sorted(_KEYS - set(doc))
        raise ValueError(f"Results file: unknown keys {unknown[:5]}, missing keys {missing}.")

    exercise_id = _str(doc["exercise_id"], "exercise_id", 63)
    if not _EXERCISE_ID.match(exercise_id):
        raise ValueError("Results file: the exercise id has the wrong form.")
    trainee = _str(doc["trainee"], "trainee", MAX_NAME)
    if not trainee.strip() or _CONTROL.search(trainee):
        raise ValueError("Results file: the trainee's name is empty or contains control characters.")
    created = _str(doc["created_at"], "created_at", 40)
    try:
        created_at = dt.datetime.fromisoformat(created)
    except ValueError:
        raise ValueError("Results file: created_at is not a date and time.") from None
    if created_at.tzinfo is None:
        raise ValueError("Results file: created_at has no time zone.")
    score = doc["score"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0.0 <= score <= 1.0:
        raise ValueError("Results file: the score must be a number from 0 to 1.")
    raw_points = doc["points"]
    if not isinstance(raw_points, list):
        raise ValueError("Results file: points must be a list.")
    if len(raw_points) > MAX_POINTS:
        raise ValueError("Results file: too many points.")
    points = tuple(_point(p, i) for i, p in enumerate(raw_points))
    if abs(_score(points) - float(score)) > 1e-4:
        raise ValueError("Results file: the score does not match the points.")
    return Result(exercise_id, trainee, created_at, float(score), points)


def _score(points: tuple[ResultPoint, ...]) -> float:
    scored = [p for p in points if p.scored]
    return sum(p.ok for p in scored) / len(scored) if scored else 1.0


# --------------------------------------------------------------------------------------------- summary


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
