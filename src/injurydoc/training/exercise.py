"""Documentation exercises as one file: ``<id>.injurydoc-exercise``, a zip of ``exercise.json`` and photos.

A trainer builds an exercise from a folder (:func:`build_from_folder`, :func:`write`); anyone may be sent
one, so :func:`load` treats the file as untrusted: entry names, links, sizes and compression ratios are
checked from the zip directory *before* anything is inflated, reads are bounded, the JSON is checked
strictly (:mod:`injurydoc.training.schema`) and every photo is decoded in full.

Errors are :class:`ExerciseError`, a :class:`KnownError` with an ``exercise.<name>`` code (one of
:data:`EXERCISE_CODES`), worded in the text catalogue (:mod:`injurydoc.domain.texts`, key
``exercise_file.<name>``).  Messages carry entry names and field paths only, never patient data.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Final

from injurydoc.domain.errors import KnownError, fill
from injurydoc.domain.texts import TEXTS, template
from injurydoc.domain.untrusted_json import JsonRefused, loads_strict
from injurydoc.domain.vocab import Lang
from injurydoc.export.untrusted_zip import (
    READ_ERRORS,
    ZipRefused,
    chunks,
    header_problem,
    is_bomb,
    name_problem,
    open_zip,
    shown,
)
from injurydoc.media.derivatives import check
from injurydoc.media.inspect import Limits, PhotoRefused, open_checked

from .answer_key import AnswerKey, ExpectedInjury
from .schema import (
    Exercise,
    ExercisePatient,
    ExercisePhoto,
    SchemaProblem,
    Text,
    parse,
    to_json,
)

__all__ = [
    "EXERCISE_CODES",
    "EXTENSION",
    "AnswerKey",
    "Exercise",
    "ExerciseError",
    "ExercisePatient",
    "ExercisePhoto",
    "ExpectedInjury",
    "Text",
    "build_from_folder",
    "load",
    "write",
]

EXTENSION = ".injurydoc-exercise"
JSON_NAME = "exercise.json"
PHOTO_DIR = "photos"

MAX_ENTRIES = 200
MAX_ENTRY_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_JSON_BYTES = 1024 * 1024
MAX_RATIO = 100
#: Below this, an entry's compression ratio is not checked (a small JSON file may compress very well).
RATIO_FLOOR = 1 << 20
PHOTO_LIMITS = Limits(max_bytes=MAX_ENTRY_BYTES, max_pixels=60_000_000)

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

#: The codes an :class:`ExerciseError` may carry: ``exercise.<name>``, worded in the text catalogue as
#: ``exercise_file.<name>``.
EXERCISE_CODES: Final = frozenset(
    "exercise." + key.removeprefix("exercise_file.") for key in TEXTS if key.startswith("exercise_file.")
)


class ExerciseError(KnownError):
    """An exercise file or folder that is refused, with the reason (``exercise.*`` codes)."""

    def __init__(self, code: str, **params: object) -> None:
        if code not in EXERCISE_CODES:
            raise KeyError(code)
        # KnownError.__init__ would look the code up in the main catalogue: set its fields here instead.
        self.code = code
        self.params = params
        Exception.__init__(self, self.message("en"))

    def message(self, lang: Lang = "sv") -> str:
        key = "exercise_file." + self.code.removeprefix("exercise.")
        return self._named(fill(template(key, lang), self.params, lang))


# --- reading an untrusted zip ----------------------------------------------------------------------------


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse the archive from its directory alone: names, links, encryption, sizes, ratios."""
    if len(infos) > MAX_ENTRIES:
        raise ExerciseError("exercise.too_large", reason=f"{len(infos)} entries")
    seen: set[str] = set()
    total = 0
    for info in infos:
        reason = name_problem(info.filename, PHOTO_DIR) or header_problem(info)
        if reason is None and info.filename in seen:
            reason = "duplicate entry"
        if reason is not None:
            raise ExerciseError("exercise.unsafe_entry", name=shown(info.filename), reason=reason)
        seen.add(info.filename)
        if info.file_size > MAX_ENTRY_BYTES:
            raise ExerciseError("exercise.too_large", reason="entry too large")
        if is_bomb(info, max_ratio=MAX_RATIO, ratio_floor=RATIO_FLOOR):
            raise ExerciseError("exercise.too_large", reason="compression ratio")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ExerciseError("exercise.too_large", reason="total size")


def _read_entry(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, never more than its header declares (+1 to notice a lying header)."""
    try:
        data = b"".join(chunks(z, info, info.file_size))
    except READ_ERRORS:
        raise ExerciseError("exercise.unsafe_entry", name=shown(info.filename), reason="damaged") from None
    if len(data) != info.file_size:
        raise ExerciseError("exercise.unsafe_entry", name=shown(info.filename), reason="size differs")
    return data


def _read_zip(source: Path | bytes) -> dict[str, bytes]:
    if isinstance(source, bytes | bytearray):
        fh: Any = io.BytesIO(bytes(source))
        size = len(source)
    else:
        try:
            st = source.stat()
        except OSError:
            raise ExerciseError("exercise.unreadable") from None
        if not stat.S_ISREG(st.st_mode):
            raise ExerciseError("exercise.not_zip")
        size = st.st_size
        fh = source
    if size > MAX_TOTAL_BYTES + MAX_JSON_BYTES:
        raise ExerciseError("exercise.too_large", reason="file size")
    try:
        opened = fh.open("rb") if isinstance(fh, Path) else fh
    except OSError:
        raise ExerciseError("exercise.unreadable") from None
    with opened:
        try:
            z = open_zip(opened, max_entries=MAX_ENTRIES, max_directory=MAX_ENTRIES * 400)
        except ZipRefused as exc:
            if exc.reason.en.endswith(f"at most {MAX_ENTRIES}"):
                raise ExerciseError("exercise.too_large", reason="entries") from None
            if exc.reason.en == "it is not a zip file":
                raise ExerciseError("exercise.not_zip") from None
            raise ExerciseError("exercise.damaged", reason=exc.reason) from None
        with z:
            infos = z.infolist()
            _check_directory(infos)
            return {info.filename: _read_entry(z, info) for info in infos}


def _parse_json(raw: bytes) -> Exercise:
    if len(raw) > MAX_JSON_BYTES:
        raise ExerciseError("exercise.too_large", reason="exercise.json")
    try:
        doc = loads_strict(raw)
    except JsonRefused:
        raise ExerciseError("exercise.bad_json") from None
    try:
        return parse(doc)
    except SchemaProblem as exc:
        raise ExerciseError("exercise.schema", detail=exc.detail) from None


def _check_photo(name: str, data: bytes) -> None:
    """Type and pixel count from the header first (a 250 kB PNG may decode to gigabytes), then a full
    decode of what is a JPEG of a sane size."""
    try:
        with open_checked(data, PHOTO_LIMITS) as im:
            if im.format != "JPEG":
                raise ExerciseError("exercise.photo", name=shown(name), reason="not JPEG")
        # Checked as intake checks a photo, without making the derivatives: a trainee's start makes them.
        info = check(data, PHOTO_LIMITS)
    except PhotoRefused as exc:
        raise ExerciseError("exercise.photo", name=shown(name), reason=exc.code) from None
    if info.media_type != "image/jpeg":
        raise ExerciseError("exercise.photo", name=shown(name), reason="not JPEG")
    if info.decode_warning:  # intake keeps a damaged camera file; a damaged exercise is refused
        raise ExerciseError("exercise.photo", name=shown(name), reason=info.decode_warning)


def _assemble(ex: Exercise, files: dict[str, bytes]) -> Exercise:
    """Attach and check the photo bytes: every listed photo present and valid, nothing unlisted."""
    listed = {p.file for p in ex.photos}
    for name in sorted(files):
        if name not in listed:
            raise ExerciseError("exercise.unlisted_entry", name=shown(name))
    photos: list[ExercisePhoto] = []
    for p in ex.photos:
        if p.file not in files:
            raise ExerciseError("exercise.missing_photo", name=p.file)
        data = files[p.file]
        _check_photo(p.file, data)
        photos.append(ExercisePhoto(file=p.file, caption=p.caption, data=data))
    return Exercise(
        id=ex.id,
        title=ex.title,
        scenario=ex.scenario,
        patient=ex.patient,
        follow_up_of=ex.follow_up_of,
        photos=tuple(photos),
        key=ex.key,
    )


def load(source: Path | bytes) -> Exercise:
    """Read and fully check an exercise file (a path or its bytes); raises :class:`ExerciseError`, which
    names the file when a path was given."""
    try:
        entries = _read_zip(source)
        raw = entries.pop(JSON_NAME, None)
        if raw is None:
            raise ExerciseError("exercise.missing_json")
        return _assemble(_parse_json(raw), entries)
    except ExerciseError as exc:
        if isinstance(source, Path):
            exc.in_file(source.name)
        raise


def describe(data: bytes, *, with_photos: bool = False) -> Exercise:
    """An exercise file that :func:`load` has already accepted (one kept in a training store): the zip
    and the JSON are checked again, the photos' bytes attached (``with_photos``) without decoding each
    photo a second time — whoever uses them decodes them anyway."""
    entries = _read_zip(data)
    raw = entries.pop(JSON_NAME, None)
    if raw is None:
        raise ExerciseError("exercise.missing_json")
    ex = _parse_json(raw)
    if not with_photos:
        return ex
    photos = tuple(ExercisePhoto(p.file, p.caption, entries.get(p.file, b"")) for p in ex.photos)
    return Exercise(ex.id, ex.title, ex.scenario, ex.patient, ex.follow_up_of, photos, ex.key)


# --- building from a folder ------------------------------------------------------------------------------


def _read_file(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes (None when absent); links and oversized files are refused."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    except OSError:
        raise ExerciseError("exercise.unreadable") from None
    if not stat.S_ISREG(st.st_mode):
        raise ExerciseError("exercise.unsafe_entry", name=shown(path.name), reason="not a regular file")
    if st.st_size > limit:
        raise ExerciseError("exercise.too_large", reason=path.name)
    try:
        return path.read_bytes()
    except OSError:
        raise ExerciseError("exercise.unreadable") from None


def zip_bytes(ex: Exercise) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        entries = [(JSON_NAME, serialize_json(ex), zipfile.ZIP_DEFLATED)]
        entries += [(p.file, p.data, zipfile.ZIP_STORED) for p in ex.photos]
        for name, data, method in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = method
            z.writestr(info, data, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
    return out.getvalue()


def serialize_json(ex: Exercise) -> bytes:
    """The canonical, deterministic ``exercise.json`` bytes."""
    return (json.dumps(to_json(ex), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build_from_folder(folder: Path) -> bytes:
    """The exercise file for ``folder`` (``exercise.json`` + ``photos/``), checked in full; deterministic."""
    raw = _read_file(folder / JSON_NAME, MAX_JSON_BYTES)
    if raw is None:
        raise ExerciseError("exercise.missing_json")
    ex = _parse_json(raw)
    files: dict[str, bytes] = {}
    photo_dir = folder / PHOTO_DIR
    if photo_dir.is_dir() and not photo_dir.is_symlink():
        for child in sorted(photo_dir.iterdir()):
            data = _read_file(child, MAX_ENTRY_BYTES)
            if data is not None:
                files[f"{PHOTO_DIR}/{child.name}"] = data
    if sum(len(d) for d in files.values()) > MAX_TOTAL_BYTES:
        raise ExerciseError("exercise.too_large", reason="total size")
    data = zip_bytes(_assemble(ex, files))
    load(data)  # what is written must be what a reader accepts
    return data


def write(exercise_bytes: bytes, out: Path) -> None:
    """Write the exercise file atomically: a temporary file in the same folder, synced, then renamed."""
    folder = out.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=".exercise-", suffix=".tmp", dir=folder)
    except OSError:
        raise ExerciseError("exercise.write_failed", path=str(folder)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)  # mkstemp makes 0600; an exercise is meant to be handed out
            fh.write(exercise_bytes)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise ExerciseError("exercise.write_failed", path=str(folder)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
