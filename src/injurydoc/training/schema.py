"""The exercise format's data model and its strict reading from, and writing to, ``exercise.json``.

Only JSON-shaped values come in here (from :func:`json.loads` on untrusted bytes); every key, type,
vocabulary code and range is checked, unknown keys are refused.  Problems raise :class:`SchemaProblem`
with a short technical detail (a field path, never patient data), turned into an ``exercise.schema``
error by :mod:`injurydoc.training.exercise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from injurydoc.domain.errors import KnownError
from injurydoc.domain.identity import parse_personal_id
from injurydoc.domain.vocab import (
    BodyRegion,
    InjuryType,
    Lang,
    LegalBasis,
    PhotoRole,
    Protection,
    Sex,
    Side,
    Vocab,
)
from injurydoc.training.answer_key import AnswerKey, ExpectedInjury

FORMAT = "injurydoc-exercise"
VERSION = 1
MAX_PHOTOS = 60
MAX_INJURIES = 60
MAX_TITLE = 200
MAX_TEXT = 6000
MAX_NAME = 200
MAX_MM = 2000.0

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_PHOTO_FILE = re.compile(r"^photos/[0-9]{2,3}\.jpg$")

V = TypeVar("V", bound=Vocab)
T = TypeVar("T")


class SchemaProblem(Exception):
    """What is wrong with exercise.json, as a field path and a short English phrase."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Swedish and English."""

    sv: str
    en: str

    def get(self, lang: Lang = "sv") -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True, slots=True)
class ExercisePatient:
    name: str
    personal_id: str  # canonical YYYYMMDD-NNNN
    sex: Sex
    protection: Protection
    guardian_is_threat: bool


@dataclass(frozen=True, slots=True)
class ExercisePhoto:
    file: str  # "photos/NN.jpg"
    caption: Text
    data: bytes = b""


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    title: Text
    scenario: Text
    patient: ExercisePatient
    follow_up_of: str | None
    photos: tuple[ExercisePhoto, ...]
    key: AnswerKey

    def photo(self, file: str) -> ExercisePhoto:
        for p in self.photos:
            if p.file == file:
                return p
        raise KeyError(file)


# --- reading -------------------------------------------------------------------------------------------


def _obj(value: Any, where: str, keys: set[str], optional: frozenset[str] = frozenset()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SchemaProblem(f"{where}: must be an object")
    missing = sorted(keys - optional - value.keys())
    if missing:
        raise SchemaProblem(f"{where}: missing key '{missing[0]}'")
    extra = sorted(value.keys() - keys)
    if extra:
        raise SchemaProblem(f"{where}: unknown key '{str(extra[0])[:40]}'")
    return value


def _str(value: Any, where: str, max_len: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SchemaProblem(f"{where}: must be a non-empty text")
    if len(value) > max_len:
        raise SchemaProblem(f"{where}: longer than {max_len} characters")
    return value.strip()


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise SchemaProblem(f"{where}: must be true or false")
    return value


def _text(value: Any, where: str, max_len: int) -> Text:
    d = _obj(value, where, {"sv", "en"})
    return Text(sv=_str(d["sv"], f"{where}.sv", max_len), en=_str(d["en"], f"{where}.en", max_len))


def _vocab(cls: type[V], value: Any, where: str) -> V:
    if not isinstance(value, str):
        raise SchemaProblem(f"{where}: must be a code text")
    try:
        return cls.from_code(value)
    except ValueError:
        raise SchemaProblem(f"{where}: unknown code '{value[:40]}'") from None


def _range(value: Any, where: str) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise SchemaProblem(f"{where}: must be [low, high]")
    nums: list[float] = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise SchemaProblem(f"{where}: must hold two numbers")
        if not 0 < v <= MAX_MM:  # before float(): a huge integer would overflow; NaN fails too
            raise SchemaProblem(f"{where}: needs 0 < low <= high <= {MAX_MM:g}")
        nums.append(float(v))
    low, high = nums
    if not 0 < low <= high <= MAX_MM:
        raise SchemaProblem(f"{where}: needs 0 < low <= high <= {MAX_MM:g}")
    return low, high


def _ident(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise SchemaProblem(f"{where}: must be a-z, 0-9 and '-' (1-63 characters)")
    return value


def _patient(value: Any) -> ExercisePatient:
    d = _obj(value, "patient", {"name", "personal_id", "sex", "protection", "guardian_is_threat"})
    pnr_text = _str(d["personal_id"], "patient.personal_id", 40)
    try:
        pnr = parse_personal_id(pnr_text)
    except KnownError as exc:
        raise SchemaProblem(f"patient.personal_id: not a valid number ({exc.code})") from None
    return ExercisePatient(
        name=_str(d["name"], "patient.name", MAX_NAME),
        personal_id=pnr.value,
        sex=_vocab(Sex, d["sex"], "patient.sex"),
        protection=_vocab(Protection, d["protection"], "patient.protection"),
        guardian_is_threat=_bool(d["guardian_is_threat"], "patient.guardian_is_threat"),
    )


def _injury(value: Any, where: str) -> ExpectedInjury:
    d = _obj(value, where, {"region", "side", "type", "length_mm", "width_mm"})
    return ExpectedInjury(
        region=_vocab(BodyRegion, d["region"], f"{where}.region"),
        side=_vocab(Side, d["side"], f"{where}.side"),
        type=_vocab(InjuryType, d["type"], f"{where}.type"),
        length_mm=_range(d["length_mm"], f"{where}.length_mm"),
        width_mm=_range(d["width_mm"], f"{where}.width_mm"),
    )


def _key(value: Any) -> AnswerKey:
    keys = {
        "injuries",
        "photo_roles",
        "strangulation_expected",
        "legal_basis",
        "concern_report_expected",
        "absent_findings_expected",
    }
    d = _obj(value, "key", keys)
    injuries = d["injuries"]
    if not isinstance(injuries, list) or len(injuries) > MAX_INJURIES:
        raise SchemaProblem(f"key.injuries: must be a list of at most {MAX_INJURIES}")
    roles = d["photo_roles"]
    if not isinstance(roles, list) or not roles:
        raise SchemaProblem("key.photo_roles: must be a non-empty list")
    parsed_roles = tuple(_vocab(PhotoRole, r, f"key.photo_roles[{i}]") for i, r in enumerate(roles))
    if len(set(parsed_roles)) != len(parsed_roles):
        raise SchemaProblem("key.photo_roles: a role is listed twice")
    return AnswerKey(
        injuries=tuple(_injury(v, f"key.injuries[{i}]") for i, v in enumerate(injuries)),
        photo_roles=parsed_roles,
        strangulation_expected=_bool(d["strangulation_expected"], "key.strangulation_expected"),
        legal_basis=_vocab(LegalBasis, d["legal_basis"], "key.legal_basis"),
        concern_report_expected=_bool(d["concern_report_expected"], "key.concern_report_expected"),
        absent_findings_expected=_bool(d["absent_findings_expected"], "key.absent_findings_expected"),
    )


def _photos(value: Any) -> tuple[ExercisePhoto, ...]:
    if not isinstance(value, list) or not value or len(value) > MAX_PHOTOS:
        raise SchemaProblem(f"photos: must be a list of 1 to {MAX_PHOTOS}")
    out: list[ExercisePhoto] = []
    for i, v in enumerate(value):
        d = _obj(v, f"photos[{i}]", {"file", "caption"})
        file = d["file"]
        if not isinstance(file, str) or not _PHOTO_FILE.match(file):
            raise SchemaProblem(f"photos[{i}].file: must be photos/NN.jpg")
        if any(p.file == file for p in out):
            raise SchemaProblem(f"photos[{i}].file: listed twice")
        out.append(ExercisePhoto(file=file, caption=_text(d["caption"], f"photos[{i}].caption", MAX_TITLE)))
    return tuple(out)


def parse(doc: Any) -> Exercise:
    """The exercise described by ``doc`` (parsed JSON), without photo bytes; raises :class:`SchemaProblem`."""
    keys = {"format", "version", "id", "title", "scenario", "patient", "follow_up_of", "photos", "key"}
    d = _obj(doc, "exercise.json", keys)
    if d["format"] != FORMAT:
        raise SchemaProblem(f"format: must be '{FORMAT}'")
    version = d["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise SchemaProblem("version: must be a whole number")
    if version != VERSION:
        raise SchemaProblem(f"version: {version} is not supported (this program reads {VERSION})")
    ident = _ident(d["id"], "id")
    follow_up_of = None if d["follow_up_of"] is None else _ident(d["follow_up_of"], "follow_up_of")
    if follow_up_of == ident:
        raise SchemaProblem("follow_up_of: an exercise cannot follow up itself")
    return Exercise(
        id=ident,
        title=_text(d["title"], "title", MAX_TITLE),
        scenario=_text(d["scenario"], "scenario", MAX_TEXT),
        patient=_patient(d["patient"]),
        follow_up_of=follow_up_of,
        photos=_photos(d["photos"]),
        key=_key(d["key"]),
    )


# --- writing -------------------------------------------------------------------------------------------


def _num(v: float) -> int | float:
    return int(v) if v.is_integer() else v


def _text_json(t: Text) -> dict[str, str]:
    return {"sv": t.sv, "en": t.en}


def _required(value: T | None, where: str) -> T:
    if value is None:
        raise SchemaProblem(f"{where}: missing (an exercise file needs it)")
    return value


def _range_json(rng: tuple[float, float] | None, where: str) -> list[Any]:
    lo, hi = _required(rng, where)
    return [_num(lo), _num(hi)]


def to_json(ex: Exercise) -> dict[str, Any]:
    """The canonical ``exercise.json`` content for ``ex`` (what :func:`parse` reads back unchanged)."""
    p = ex.patient
    k = ex.key
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": ex.id,
        "title": _text_json(ex.title),
        "scenario": _text_json(ex.scenario),
        "patient": {
            "name": p.name,
            "personal_id": p.personal_id,
            "sex": p.sex.code,
            "protection": p.protection.code,
            "guardian_is_threat": p.guardian_is_threat,
        },
        "follow_up_of": ex.follow_up_of,
        "photos": [{"file": ph.file, "caption": _text_json(ph.caption)} for ph in ex.photos],
        "key": {
            "injuries": [
                {
                    "region": i.region.code,
                    "side": i.side.code,
                    "type": i.type.code,
                    "length_mm": _range_json(i.length_mm, "key.injuries.length_mm"),
                    "width_mm": _range_json(i.width_mm, "key.injuries.width_mm"),
                }
                for i in k.injuries
            ],
            "photo_roles": [r.code for r in k.photo_roles],
            "strangulation_expected": k.strangulation_expected,
            "legal_basis": _required(k.legal_basis, "key.legal_basis").code,
            "concern_report_expected": k.concern_report_expected,
            "absent_findings_expected": k.absent_findings_expected,
        },
    }
