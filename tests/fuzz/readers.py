"""The contract every reader of an outside file keeps, as one check per reader.

Each ``check_*`` hands the reader ``data`` the way the program does and asserts: the file is accepted or
refused with the project's own error (a :class:`KnownError` with a message in Swedish and English), no
other exception; nothing is written outside the reader's target.  The fuzz tests, the hostile corpus and
the regression files all go through these functions.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from injurydoc.domain.errors import KnownError

from .seeds import PASSWORD


def _messages(exc: KnownError) -> tuple[str, str]:
    sv, en = exc.message("sv"), exc.message("en")
    assert sv and en, exc.code
    return sv, en


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def check_verify(data: bytes) -> object:
    from injurydoc.export.verify import VerifyReport, verify_package

    folder = Path(tempfile.mkdtemp(prefix="fuzz-verify-"))
    try:
        path = folder / "package.zip"
        path.write_bytes(data)
        report = verify_package(path)
        assert isinstance(report, VerifyReport)
        for lang in ("sv", "en"):
            assert report.verdict(lang)
        report.to_json()
        assert report.exit_code() in (0, 1, 2, 3)
        assert _listing(folder) == {"package.zip"}
        return report
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_exercise(data: bytes) -> object:
    from injurydoc.training.exercise import ExerciseError, load

    try:
        return load(data)
    except ExerciseError as exc:
        _messages(exc)
        return exc


def check_results(data: bytes) -> object:
    from injurydoc.training.class_results import class_summary
    from injurydoc.training.results import ResultsFileError, load_results_file

    folder = Path(tempfile.mkdtemp(prefix="fuzz-results-"))
    try:
        path = folder / "trainee.injurydoc-result"
        path.write_bytes(data)
        try:
            result = load_results_file(path)
        except ResultsFileError as exc:
            sv, en = _messages(exc)
            assert sv.startswith("trainee.injurydoc-result: ") and en.startswith("trainee.injurydoc-result: ")
            return exc
        summary = class_summary([result, result])
        assert summary.rows and 0.0 <= summary.mean_score <= 1.0
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_backup(data: bytes) -> object:
    from injurydoc.services.backup import restore

    folder = Path(tempfile.mkdtemp(prefix="fuzz-backup-"))
    try:
        path = folder / "copy.injurydoc-backup"
        path.write_bytes(data)
        target = folder / "restored"
        try:
            result = restore(path, target, username="chef", password=PASSWORD)
        except KnownError as exc:
            _messages(exc)
            assert _listing(folder) == {"copy.injurydoc-backup"}, _listing(folder)  # staging removed
            return exc
        assert result.folder == target
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_keyslots(data: bytes) -> object:
    from injurydoc.domain.errors import AuthError, StoreError
    from injurydoc.store.keyslots import KeySlots

    folder = Path(tempfile.mkdtemp(prefix="fuzz-keyslots-"))
    try:
        path = folder / "keyslots.json"
        path.write_bytes(data)
        try:
            slots = KeySlots.load(path)
        except StoreError as exc:
            _messages(exc)
            return exc
        # Unwrapping costs what the file asks (bounded); only try it on cheap parameters here.
        if all(s.kdf.memory_cost <= 64 * 1024 and s.kdf.time_cost <= 3 for s in slots.slots):
            try:
                slots.unwrap_account("chef", PASSWORD)
            except AuthError as exc:
                _messages(exc)
        return slots
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_photo(data: bytes) -> object:
    """Photo intake as the import does it off the store thread (read, hash, check by decoding, derivatives),
    then what a protected person's release makes of an accepted original: the original cleaned of every
    location form, or the preview.  Refusals are the project's own; the released bytes hold no location."""
    import datetime as dt

    from injurydoc.domain.models import PhotoRecord
    from injurydoc.media import gps
    from injurydoc.media.inspect import Limits, PhotoRefused
    from injurydoc.services.export_parts import released_photo
    from injurydoc.services.photo_batch import prepare_bytes

    try:
        ready = prepare_bytes(Path("IMG_0001.JPG"), data, Limits())
    except PhotoRefused as exc:
        _messages(exc)
        return exc
    info = ready.processed.info
    assert ready.processed.preview and ready.processed.thumbnail
    rec = PhotoRecord(
        id="p",
        examination_id="e",
        number=1,
        sha256=ready.sha256,
        original_name="IMG_0001.JPG",
        size=len(data),
        media_type=info.media_type,
        role=None,
        caption="",
        imported_by="a",
        imported_at=dt.datetime(2026, 12, 5, tzinfo=dt.UTC),
        has_gps=info.has_gps,
    )
    released, note, _media_type, _removed = released_photo(rec, data, ready.processed.preview, True)
    assert note in ("", "gps_removed", "original_withheld"), note
    assert gps.location_forms(released) == set(), (note, gps.location_forms(released))
    return ready


CHECKS = {
    "verify": check_verify,
    "exercise": check_exercise,
    "results": check_results,
    "backup": check_backup,
    "keyslots": check_keyslots,
    "photo": check_photo,
}
