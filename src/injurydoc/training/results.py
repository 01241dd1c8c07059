"""A trainee's result of an exercise as a small JSON file (the class summary over many of them is in
:mod:`injurydoc.training.class_results`).

The file holds the exercise id, the name the trainee typed in (free text, no patient data), the time, the
score and the points (codes, ok flags, details: injury numbers, field names, vocabulary codes).  No part
of the documentation itself is written.  Trainers collect the files; :func:`load_results` treats each as
untrusted (size, JSON, schema and types are checked) and raises :class:`ResultsFileError` (the project's
own error, also a ValueError) with a plain message in Swedish and English.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from injurydoc.domain.errors import Both, KnownError
from injurydoc.domain.untrusted_json import JsonRefused, loads_strict
from injurydoc.domain.vocab import Lang
from injurydoc.training.feedback import CODES, COMPETENT, DetailValue, Feedback, code_title

__all__ = [
    "EXTENSION",
    "FORMAT",
    "MAX_BYTES",
    "VERSION",
    "Result",
    "ResultPoint",
    "ResultsFileError",
    "load_results",
    "load_results_file",
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


class ResultsFileError(KnownError, ValueError):
    """What is wrong with a results file (the project's own error, and a ValueError for older callers):
    English in ``str()``, either language from :meth:`message`, the file named once :meth:`in_file`
    has been called (as :func:`load_results_file` does)."""

    def __init__(self, en: str, sv: str) -> None:
        super().__init__("results.invalid", reason=Both(sv, en))
        self.sv = sv

    def message(self, lang: Lang = "sv") -> str:
        """The reason alone (callers that list several files put each file's name before it), or
        ``file: reason`` once :meth:`in_file` has named the file."""
        return self._named(self.sv if lang == "sv" else str(self.params["reason"]))


def _str(value: object, where: str, limit: int = MAX_STRING) -> str:
    if not isinstance(value, str):
        raise ResultsFileError(f"Results file: {where} must be text.", f"Resultatfil: {where} ska vara text.")
    if len(value) > limit:
        raise ResultsFileError(
            f"Results file: {where} is longer than {limit} characters.",
            f"Resultatfil: {where} är längre än {limit} tecken.",
        )
    return value


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ResultsFileError(
            f"Results file: {where} must be true or false.",
            f"Resultatfil: {where} ska vara true eller false.",
        )
    return value


def _scalar(value: object, where: str) -> DetailValue:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ResultsFileError(
                f"Results file: {where} is not a finite number.",
                f"Resultatfil: {where} är inte ett ändligt tal.",
            )
        return value
    if isinstance(value, str):
        return _str(value, where)
    raise ResultsFileError(
        f"Results file: {where} has a value of the wrong type.",
        f"Resultatfil: {where} har ett värde av fel typ.",
    )


def _float(value: int | float, where: str) -> float:
    try:
        return float(value)
    except OverflowError:
        raise ResultsFileError(
            f"Results file: {where} holds a number out of range.",
            f"Resultatfil: {where} innehåller ett orimligt stort tal.",
        ) from None


def _detail(value: object, where: str) -> dict[str, DetailValue]:
    if not isinstance(value, dict):
        raise ResultsFileError(
            f"Results file: {where} must be an object.", f"Resultatfil: {where} ska vara ett objekt."
        )
    if len(value) > MAX_DETAIL_KEYS:
        raise ResultsFileError(
            f"Results file: {where} has too many entries.", f"Resultatfil: {where} har för många poster."
        )
    out: dict[str, DetailValue] = {}
    for k, v in value.items():
        if not _DETAIL_KEY.match(k):
            raise ResultsFileError(
                f"Results file: {where} has a key of the wrong form.",
                f"Resultatfil: {where} har en nyckel av fel form.",
            )
        if isinstance(v, list):
            if len(v) > MAX_LIST:
                raise ResultsFileError(
                    f"Results file: {where}.{k} is too long.", f"Resultatfil: {where}.{k} är för lång."
                )
            items = [_scalar(x, f"{where}.{k}") for x in v]
            if all(isinstance(x, str) for x in items):
                out[k] = [str(x) for x in items]
            elif all(isinstance(x, int | float) and not isinstance(x, bool) for x in items):
                out[k] = [_float(x, f"{where}.{k}") for x in items if isinstance(x, int | float)]
            else:
                raise ResultsFileError(
                    f"Results file: {where}.{k} mixes values of different types.",
                    f"Resultatfil: {where}.{k} blandar värden av olika typ.",
                )
        else:
            out[k] = _scalar(v, f"{where}.{k}")
    return out


def _point(value: object, i: int) -> ResultPoint:
    where = f"points[{i}]"
    if not isinstance(value, dict):
        raise ResultsFileError(
            f"Results file: {where} must be an object.", f"Resultatfil: {where} ska vara ett objekt."
        )
    if set(value) != _POINT_KEYS:
        raise ResultsFileError(
            f"Results file: {where} must have exactly the keys {sorted(_POINT_KEYS)}.",
            f"Resultatfil: {where} ska ha exakt nycklarna {sorted(_POINT_KEYS)}.",
        )
    code = _str(value["code"], f"{where}.code", 40)
    if code not in CODES:
        raise ResultsFileError(
            f"Results file: {where}.code is not a known point code.",
            f"Resultatfil: {where}.code är ingen känd punktkod.",
        )
    ok = _bool(value["ok"], f"{where}.ok")
    scored = _bool(value["scored"], f"{where}.scored")
    if not scored and not ok:
        raise ResultsFileError(
            f"Results file: {where} is a mistake that is not scored.",
            f"Resultatfil: {where} är ett fel som inte räknas.",
        )
    return ResultPoint(code, ok, scored, _detail(value["detail"], f"{where}.detail"))


def _parse_json(data: bytes) -> Any:
    try:
        return loads_strict(data)
    except JsonRefused as exc:
        raise ResultsFileError(
            f"Not a results file: {exc.reason.en}", f"Inte en resultatfil: {exc.reason.sv}"
        ) from None


def load_results(data: bytes) -> Result:
    """Read a results file from untrusted bytes; :class:`ValueError` says what is wrong."""
    if len(data) > MAX_BYTES:
        raise ResultsFileError(
            f"Not a results file: larger than {MAX_BYTES // 1_000_000} MB.",
            f"Inte en resultatfil: större än {MAX_BYTES // 1_000_000} MB.",
        )
    doc = _results_object(_parse_json(data))
    exercise_id, trainee, created_at = _exercise_id(doc), _trainee(doc), _created_at(doc)
    score, points = _scored_points(doc)
    return Result(exercise_id, trainee, created_at, score, points)


def _results_object(doc: Any) -> dict[str, Any]:
    """``doc`` if it is a results file of this version with exactly the expected keys."""
    if not isinstance(doc, dict):
        raise ResultsFileError(
            "Not a results file: the top level must be an object.",
            "Inte en resultatfil: den översta nivån ska vara ett objekt.",
        )
    if doc.get("format") != FORMAT:
        raise ResultsFileError(
            f"Not a results file: the format must be {FORMAT!r}.",
            f"Inte en resultatfil: formatet ska vara {FORMAT!r}.",
        )
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ResultsFileError(
            "Results file: the version must be a whole number.", "Resultatfil: versionen ska vara ett heltal."
        )
    if version != VERSION:
        raise ResultsFileError(
            f"Results file version {version} is not supported (this program reads {VERSION}).",
            f"Resultatfilens version {version} stöds inte (programmet läser version {VERSION}). "
            "Uppdatera programmet.",
        )
    if set(doc) != _KEYS:
        unknown = sorted(set(doc) - _KEYS)
        missing = sorted(_KEYS - set(doc))
        raise ResultsFileError(
            f"Results file: unknown keys {unknown[:5]}, missing keys {missing}.",
            f"Resultatfil: okända nycklar {unknown[:5]}, saknade nycklar {missing}.",
        )
    return doc


def _exercise_id(doc: dict[str, Any]) -> str:
    exercise_id = _str(doc["exercise_id"], "exercise_id", 63)
    if not _EXERCISE_ID.match(exercise_id):
        raise ResultsFileError(
            "Results file: the exercise id has the wrong form.", "Resultatfil: övningens id har fel form."
        )
    return exercise_id


def _trainee(doc: dict[str, Any]) -> str:
    trainee = _str(doc["trainee"], "trainee", MAX_NAME)
    if not trainee.strip() or _CONTROL.search(trainee):
        raise ResultsFileError(
            "Results file: the trainee's name is empty or contains control characters.",
            "Resultatfil: deltagarens namn är tomt eller innehåller styrtecken.",
        )
    return trainee


def _created_at(doc: dict[str, Any]) -> dt.datetime:
    created = _str(doc["created_at"], "created_at", 40)
    try:
        created_at = dt.datetime.fromisoformat(created)
    except ValueError:
        raise ResultsFileError(
            "Results file: created_at is not a date and time.", "Resultatfil: created_at är inte en tidpunkt."
        ) from None
    if created_at.tzinfo is None:
        raise ResultsFileError(
            "Results file: created_at has no time zone.", "Resultatfil: created_at saknar tidszon."
        )
    return created_at


def _scored_points(doc: dict[str, Any]) -> tuple[float, tuple[ResultPoint, ...]]:
    """The score and the points, each point checked, the score checked against them."""
    score = doc["score"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0.0 <= score <= 1.0:
        raise ResultsFileError(
            "Results file: the score must be a number from 0 to 1.",
            "Resultatfil: poängen ska vara ett tal från 0 till 1.",
        )
    raw_points = doc["points"]
    if not isinstance(raw_points, list):
        raise ResultsFileError(
            "Results file: points must be a list.", "Resultatfil: points ska vara en lista."
        )
    if len(raw_points) > MAX_POINTS:
        raise ResultsFileError("Results file: too many points.", "Resultatfil: för många punkter.")
    points = tuple(_point(p, i) for i, p in enumerate(raw_points))
    if abs(_score(points) - float(score)) > 1e-4:
        raise ResultsFileError(
            "Results file: the score does not match the points.",
            "Resultatfil: poängen stämmer inte med punkterna.",
        )
    return float(score), points


def load_results_file(path: Path) -> Result:
    """Read a results file from disk; every refusal is a :class:`ResultsFileError` naming the file."""
    try:
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ResultsFileError(
                    f"Not a results file: larger than {MAX_BYTES // 1_000_000} MB.",
                    f"Inte en resultatfil: större än {MAX_BYTES // 1_000_000} MB.",
                )
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ResultsFileError(
                f"The file could not be read ({exc.strerror}).", f"Filen kunde inte läsas ({exc.strerror})."
            ) from None
        return load_results(data)
    except ResultsFileError as exc:
        exc.in_file(path.name)
        raise


def _score(points: tuple[ResultPoint, ...]) -> float:
    scored = [p for p in points if p.scored]
    return sum(p.ok for p in scored) / len(scored) if scored else 1.0
