"""What a trainer's authoring needs beyond the file format: photos made fit for an exercise, and the
exercise file built from an :class:`Exercise` and checked the way any reader will check it."""

from __future__ import annotations

from injurydoc.media.derivatives import process
from injurydoc.media.inspect import PhotoRefused
from injurydoc.training.exercise import PHOTO_LIMITS, ExerciseError, load, zip_bytes
from injurydoc.training.schema import Exercise

__all__ = ["build", "exercise_photo"]


def exercise_photo(data: bytes, name: str) -> bytes:
    """A photo for an exercise: decoded in full, turned upright, at most about 2000 px on the long side,
    as a JPEG with no metadata at all (no camera, no time, no GPS position).  JPEG, PNG, TIFF and HEIC
    are accepted; anything else raises :class:`ExerciseError` naming the file."""
    try:
        return process(data, PHOTO_LIMITS).preview
    except PhotoRefused:
        raise ExerciseError("exercise.photo", name=name[-80:]) from None


def build(exercise: Exercise) -> bytes:
    """The ``.injurydoc-exercise`` bytes for ``exercise``, read back through :func:`load` first, so that
    a trainer can never save a file that the program would refuse to open."""
    data = zip_bytes(exercise)
    load(data)
    return data
