"""Exercise, results and class-summary files outside any store: the door from ``ui/`` and ``cli/`` to
``training/`` for work that needs no session (a trainer authoring an exercise, a teacher adding results
files).  Work inside a training store goes through :class:`injurydoc.services.training.TrainingService`.

Every reader here treats the file as untrusted input and raises :class:`ExerciseError` or
:class:`ResultsFileError`, each with a plain Swedish and English message, for anything wrong with it.
"""

from __future__ import annotations

from pathlib import Path

from injurydoc.domain.vocab import Lang
from injurydoc.media.inspect import Limits, check_size
from injurydoc.training import (
    EXTENSION,
    AnswerKey,
    Exercise,
    ExerciseError,
    ExercisePatient,
    ExercisePhoto,
    ExpectedInjury,
    Text,
    build_from_folder,
    load,
    write,
)
from injurydoc.training.answer_key import KEY_FIELDS
from injurydoc.training.authoring import build, exercise_photo
from injurydoc.training.class_results import Summary, class_summary
from injurydoc.training.exercise import MAX_ENTRY_BYTES, MAX_TOTAL_BYTES
from injurydoc.training.feedback import COMPETENT, Feedback
from injurydoc.training.results import EXTENSION as RESULT_EXTENSION
from injurydoc.training.results import MAX_BYTES as MAX_RESULT_BYTES
from injurydoc.training.results import Result, ResultsFileError, load_results

__all__ = [
    "COMPETENT",
    "EXTENSION",
    "KEY_FIELDS",
    "MAX_RESULT_BYTES",
    "RESULT_EXTENSION",
    "AnswerKey",
    "Exercise",
    "ExerciseError",
    "ExercisePatient",
    "ExercisePhoto",
    "ExpectedInjury",
    "Feedback",
    "Result",
    "ResultsFileError",
    "Summary",
    "Text",
    "build",
    "build_from_folder",
    "class_summary",
    "load",
    "load_results",
    "read_exercise_file",
    "read_exercise_photo",
    "save_exercise",
    "summary_pdf",
    "write",
]


def read_exercise_photo(path: Path) -> bytes:
    """A photo file made fit for an exercise (see :func:`exercise_photo`).  A file that is too large,
    unreadable or not a photo raises :class:`ExerciseError` naming the file."""
    try:
        check_size(path.stat().st_size, Limits(max_bytes=4 * MAX_ENTRY_BYTES))
        raw = path.read_bytes()
    except Exception:
        raise ExerciseError("exercise.photo", name=path.name[-80:]) from None
    return exercise_photo(raw, path.name)


def read_exercise_file(path: Path) -> bytes:
    """The bytes of an ``.injurydoc-exercise`` file, refused before reading when it is larger than any
    exercise may be."""
    try:
        if path.stat().st_size > MAX_TOTAL_BYTES:
            raise ExerciseError("exercise.too_large", reason=path.name)
        return path.read_bytes()
    except OSError:
        raise ExerciseError("exercise.unreadable") from None


def save_exercise(exercise: Exercise, target: Path) -> Path:
    """Build the exercise file (read back through :func:`load` first) and write it to ``target``."""
    write(build(exercise), target)
    return target


def summary_pdf(summary: Summary, lang: Lang = "sv") -> bytes:
    """The class summary as a PDF (reportlab: call it off the GUI thread)."""
    from injurydoc.training.summary_report import render_summary_pdf

    return render_summary_pdf(summary, lang)
