"""Documentation exercises for training stores: the ``.injurydoc-exercise`` file format (no Qt)."""

from injurydoc.training.exercise import (
    EXERCISE_CODES,
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
