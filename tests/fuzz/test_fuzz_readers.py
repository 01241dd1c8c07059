"""Fuzz every reader of outside files with mutations of real files the program wrote.

Each test draws a mutation (bytes, zip structure, JSON shape, bombs) of a seed made by the program itself
(:mod:`tests.fuzz.seeds`) and hands it to the reader's contract check (:mod:`tests.fuzz.readers`): the
file is accepted or refused with the project's own error; no other exception; nothing written outside.
Short and fixed in ``make test``; long in ``make fuzz`` (see :mod:`tests.fuzz.harness`).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from . import mutations as m
from .harness import FUZZ, keeping
from .readers import check_backup, check_exercise, check_keyslots, check_photo, check_results, check_verify
from .seeds import seeds

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _seeds_made_once() -> None:
    seeds()  # a store, an export and a backup: made before the first example is timed


@FUZZ
@given(data=st.data())
def test_fuzz_verifier(data: st.DataObject) -> None:
    base = seeds().package
    package = data.draw(m.zip_file(base, ("manifest.json",)))
    keeping("verify", check_verify)(package)


@FUZZ
@given(data=st.data())
def test_fuzz_exercise(data: st.DataObject) -> None:
    base = seeds().exercise
    exercise = data.draw(m.zip_file(base, ("exercise.json",)))
    keeping("exercise", check_exercise)(exercise)


@FUZZ
@given(data=st.data())
def test_fuzz_results(data: st.DataObject) -> None:
    results = data.draw(m.json_file(seeds().results))
    keeping("results", check_results)(results)


@FUZZ
@given(data=st.data())
def test_fuzz_backup(data: st.DataObject) -> None:
    base = seeds().backup
    backup = data.draw(
        st.one_of(m.backup_content_mutation(base), m.zip_file(base, ("backup.json", "keyslots.json")))
    )
    keeping("backup", check_backup)(backup)


@FUZZ
@given(data=st.data())
def test_fuzz_keyslots(data: st.DataObject) -> None:
    keyslots = data.draw(m.json_file(seeds().keyslots))
    keeping("keyslots", check_keyslots)(keyslots)


def _photo_seeds() -> list[bytes]:
    from tests.data.hostile import photos

    # camera-like JPEG with EXIF (thumbnail, maker note, GPS) and XMP GPS; PNG with XMP GPS; TIFF with GPS
    return [photos.exif_and_xmp_gps_jpeg(), photos.xmp_gps_png(), photos.gps_tiff()]


@FUZZ
@given(data=st.data())
def test_fuzz_photo_intake(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(_photo_seeds()))
    photo = data.draw(m.byte_mutation(base))
    keeping("photo", check_photo)(photo)


def test_seeds_are_accepted() -> None:
    """The unmutated files pass: the fuzz tests start from files the readers accept."""
    from injurydoc.export.verify import VerifyReport

    s = seeds()
    report = check_verify(s.package)
    assert isinstance(report, VerifyReport) and report.intact and report.readme_signed, report.checks
    assert not isinstance(check_exercise(s.exercise), Exception)
    assert not isinstance(check_results(s.results), Exception)
    assert not isinstance(check_keyslots(s.keyslots), Exception)
    assert not isinstance(check_backup(s.backup), Exception)
    for photo in _photo_seeds():
        assert not isinstance(check_photo(photo), Exception)
