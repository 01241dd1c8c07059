"""Hostile and odd photos (issue 15): every form of location found and removed, damaged EXIF never
blocks a release, bombs refused before decoding, damaged JPEGs kept with a visible warning, and the
capture time only from DateTimeOriginal.  The corpus is ``tests/data/hostile/photos.py``."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from injurydoc.domain.errors import KnownError
from injurydoc.domain.rules import checklist
from injurydoc.domain.vocab import (
    LegalBasis,
    Protection,
)
from injurydoc.media import gps
from injurydoc.media.derivatives import process
from injurydoc.media.inspect import Limits, PhotoRefused
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.export import ExportRequest, ExportService
from injurydoc.services.export_parts import released_photo
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.signing import SigningService

from .conftest import PASSWORD, make_pnr
from .data.hostile import photos as corpus
from .data.hostile.make_corpus import build
from .helpers.export_cases import document_bruise

CASES = {c.name: c for c in corpus.CASES}
EXIFTOOL = shutil.which("exiftool")
needs_exiftool = pytest.mark.skipif(
    EXIFTOOL is None,
    reason="exiftool not installed (scripts/sysdeps.sh test installs libimage-exiftool-perl)",
)
NOW = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)
MEDIA = {".jpg": "image/jpeg", ".png": "image/png", ".heic": "image/heif", ".tif": "image/tiff"}


def _exiftool_location(path: Path) -> list[str]:
    """What exiftool finds of a location: every GPS tag, XMP and IPTC (as the issue's check)."""
    out = subprocess.run(
        [
            EXIFTOOL or "exiftool",
            "-a",
            "-G1",
            "-s",
            "-*gps*",
            "-xmp:all",
            "-iptc:all",
            "-makernotes:*gps*",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [line for line in out.splitlines() if line.strip()]


def _exiftool_warnings(path: Path) -> list[str]:
    out = subprocess.run(
        [EXIFTOOL or "exiftool", "-validate", "-warning", "-a", "-s", str(path)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return sorted(line.split(":", 1)[1].strip() for line in out.splitlines() if ":" in line)


# ----- the corpus -------------------------------------------------------------------------------------
def test_corpus_files_are_what_the_script_makes():
    assert build(check=True, parts=("photos",)) == 0, "run python -m tests.data.hostile.make_corpus"


@pytest.mark.parametrize("name", [c.name for c in corpus.CASES if c.intake == "imported"])
def test_intake_sees_every_form_of_location(name):
    case = CASES[name]
    data = case.make()
    info = process(data).info
    assert info.has_gps is case.has_gps
    assert gps.has_gps(data) is case.has_gps
    assert bool(info.decode_warning) is case.decode_warning


@pytest.mark.parametrize("name", [c.name for c in corpus.CASES if c.export == "gps_removed"])
def test_every_form_is_removed_in_place_and_the_picture_is_untouched(name, tmp_path):
    case = CASES[name]
    data = case.make()
    media = MEDIA[Path(name).suffix]
    cleaned = gps.strip_location(data, media)
    assert cleaned.removed == case.removed
    assert gps.location_forms(cleaned.data) == set()
    assert gps.image_data_hash(cleaned.data, media) == gps.image_data_hash(data, media)
    if EXIFTOOL:
        before, after = tmp_path / ("before-" + name), tmp_path / ("after-" + name)
        before.write_bytes(data)
        after.write_bytes(cleaned.data)
        if case.removed != ("png_text",):  # exiftool does not count a text chunk as a location
            assert _exiftool_location(before), "exiftool sees the location in the original"
        assert _exiftool_location(after) == []


def _ifds(tiff: bytes) -> dict[str, tuple[int, list]]:
    return gps.ifd_map(gps.Tiff(tiff))


def test_gps_removal_keeps_thumbnail_maker_note_and_every_other_exif_byte():
    data = corpus.exif_gps_thumbnail_jpeg()
    cleaned = gps.strip_location(data, "image/jpeg").data
    assert len(cleaned) == len(data), "the EXIF block keeps its size: nothing moves"
    start = data.index(b"Exif\x00\x00") + 6
    end = start + len(corpus.camera_exif())
    before, after = data[start:end], cleaned[start:end]
    t_before, t_after = gps.Tiff(before), gps.Tiff(after)
    ifd_b, ifd_a = _ifds(before), _ifds(after)
    assert "gps" in ifd_b and "gps" not in ifd_a
    # The thumbnail and the maker note: same bytes at the same offsets.
    assert gps.thumbnail(t_before, ifd_b) == gps.thumbnail(t_after, ifd_a) != b""
    note_b = next(e for e in ifd_b["exif"][1] if e.tag == 0x927C)
    note_a = next(e for e in ifd_a["exif"][1] if e.tag == 0x927C)
    assert (note_b.value_at, t_before.value(note_b)) == (note_a.value_at, t_after.value(note_a))
    # Every byte outside IFD0 and the GPS IFD with its values is unchanged.
    gps_off, gps_entries = ifd_b["gps"]
    changed = [i for i in range(len(before)) if before[i] != after[i]]
    ifd0_start, ifd0_end = t_before.ifd_range(t_before.ifd0)
    gps_ranges = [t_before.ifd_range(gps_off)] + [
        (e.value_at, e.value_at + e.size) for e in gps_entries if e.size > 4
    ]
    for i in changed:
        assert ifd0_start <= i < ifd0_end or any(a <= i < b for a, b in gps_ranges), i
    # Capture time, make, model still read
    with Image.open(__import__("io").BytesIO(cleaned)) as im:
        exif = im.getexif()
        assert exif.get(0x010F) == "Exempelkamera"
        assert exif.get_ifd(0x8769).get(0x9003) == "2026:11:20 14:03:12"


@needs_exiftool
@pytest.mark.parametrize("name", ["exif-gps-thumbnail.jpg", "exif-xmp-gps.jpg"])
def test_exiftool_validate_finds_nothing_new_after_gps_removal(name, tmp_path):
    data = CASES[name].make()
    before, after = tmp_path / "before.jpg", tmp_path / "after.jpg"
    before.write_bytes(data)
    after.write_bytes(gps.strip_gps(data, "image/jpeg"))
    assert _exiftool_warnings(after) == _exiftool_warnings(before)
    assert not [w for w in _exiftool_warnings(after) if "GPS" in w or "offset" in w.lower()]
    thumbs = [
        subprocess.run(
            [EXIFTOOL or "", "-b", "-ThumbnailImage", str(p)], capture_output=True, check=False
        ).stdout
        for p in (before, after)
    ]
    assert thumbs[0] and thumbs[0] == thumbs[1]


@needs_exiftool
def test_pillow_written_exif_stays_valid_too(tmp_path):
    from . import photo_samples as samples

    data = samples.with_gps()
    before, after = tmp_path / "before.jpg", tmp_path / "after.jpg"
    before.write_bytes(data)
    after.write_bytes(gps.strip_gps(data, "image/jpeg"))
    assert _exiftool_location(before) and _exiftool_location(after) == []
    # nothing new: only the warning about the (now absent) GPS IFD's missing version tag goes
    new = set(_exiftool_warnings(after)) - set(_exiftool_warnings(before))
    assert {w for w in new if "Warnings" not in w} == set()


@pytest.mark.parametrize("name", ["damaged-exif-gps.jpg", "truncated-exif-gps.jpg", "phone-gps.heic"])
def test_what_cannot_be_shown_clean_is_not_supported(name):
    data = CASES[name].make()
    with pytest.raises(gps.NotSupported):
        gps.strip_location(data, MEDIA[Path(name).suffix])


def test_a_position_in_maker_notes_of_known_makes_withholds_the_original():
    data = corpus.with_segments(corpus.plain_jpeg(), corpus.exif_segment(corpus.camera_exif(make="PENTAX")))
    assert gps.MAKER_NOTE in gps.location_forms(data)
    with pytest.raises(gps.NotSupported):
        gps.strip_location(data, "image/jpeg")


def test_a_second_picture_with_its_own_position_is_found():
    """Phones append a second JPEG (MPF) after the first one's end; it can carry its own EXIF GPS."""
    main = corpus.plain_jpeg(seed=50)
    second = corpus.exif_gps_thumbnail_jpeg()
    data = main + second
    assert gps.EXIF_GPS in gps.location_forms(data)
    with pytest.raises(gps.NotSupported):
        gps.strip_location(data, "image/jpeg")


def test_damaged_exif_in_any_byte_never_escapes_as_another_exception():
    """Byte flips anywhere in the metadata: either cleaned and shown clean, or NotSupported."""
    data = corpus.exif_and_xmp_gps_jpeg()
    meta_end = gps.jpeg_segments(data)[1]
    rnd = random.Random(15)
    outcomes = {"cleaned": 0, "withheld": 0}
    for _ in range(300):
        buf = bytearray(data)
        for _ in range(rnd.randint(1, 6)):
            i = rnd.randrange(2, meta_end)
            buf[i] = rnd.randrange(256)
        mutated = bytes(buf)
        gps.location_forms(mutated)  # never raises
        try:
            cleaned = gps.strip_location(mutated, "image/jpeg")
        except gps.NotSupported:
            outcomes["withheld"] += 1
        else:
            assert gps.location_forms(cleaned.data) == set()
            outcomes["cleaned"] += 1
    assert outcomes["cleaned"] and outcomes["withheld"]


def test_release_of_a_damaged_file_falls_back_to_the_preview():
    from injurydoc.domain.models import PhotoRecord

    data = corpus.damaged_exif_gps_jpeg()
    rec = PhotoRecord(
        id="x",
        examination_id="e",
        number=1,
        sha256="0",
        original_name="a.jpg",
        size=len(data),
        media_type="image/jpeg",
        role=None,
        caption="",
        imported_by="a",
        imported_at=NOW,
        has_gps=True,
    )
    released, note, mtype, removed = released_photo(rec, data, b"PREVIEW", True)
    assert (released, note, mtype, removed) == (b"PREVIEW", "original_withheld", "image/jpeg", ())
    # a photo imported before XMP was recognised (has_gps false in the store) is still cleaned
    xmp = corpus.xmp_gps_jpeg()
    old = PhotoRecord(**{**{f: getattr(rec, f) for f in rec.__slots__}, "has_gps": False, "size": len(xmp)})
    released, note, _, removed = released_photo(old, xmp, b"PREVIEW", True)
    assert note == "gps_removed" and removed == ("xmp",) and not gps.has_gps(released)


# ----- memory: bombs refused from the header -------------------------------------------------------------
@pytest.mark.parametrize("name", ["rgba-bomb.png", "deflated-bomb.tif"])
def test_pixel_bombs_are_refused_before_anything_is_decoded(name, monkeypatch):
    data = CASES[name].make()
    assert len(data) < 600_000

    def no_decoding(self, *a, **k):
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(PhotoRefused) as err:
        process(data)
    assert err.value.code == CASES[name].intake == "photo.too_heavy"
    sv, en = err.value.message("sv"), err.value.message("en")
    assert "megapixlar" in sv and "megapixels" in en and "JPEG" in sv and "JPEG" in en


def _with_jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """``data`` with the frame header (SOF) saying ``width`` × ``height``."""
    i = 2
    while i + 4 <= len(data):
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return data[: i + 5] + height.to_bytes(2, "big") + width.to_bytes(2, "big") + data[i + 9 :]
        i += 2 + length
    raise ValueError("no SOF segment")


def test_the_memory_limit_is_configurable_and_a_big_jpeg_is_decoded_reduced():
    from injurydoc.media.inspect import decode_cost, open_checked

    from . import photo_samples as samples

    # a 48 MP JPEG as far as its header goes (the size decides the decode cost; encoding a real one takes 7 s)
    big = _with_jpeg_size(samples.jpeg(seed=3, size=(800, 600)), 8000, 6000)
    with open_checked(big, Limits()) as im:
        assert decode_cost(im) <= 2000 * 1500 * 4 * 2, "decoded at a quarter scale, not 192 MB"
    small_png = corpus.plain_png((1000, 800))
    with pytest.raises(PhotoRefused) as err:
        process(small_png, Limits(max_decoded_bytes=1_000_000))
    assert err.value.code == "photo.too_heavy"


# ----- through the service: intake, checklist, export ----------------------------------------------------
def _signed_case(store, tmp_path, names, protection=Protection.SKYDDAD_FOLKBOKFORING):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(15), name="Fientlig Filsson", protection=protection)
    e, _injury = document_bruise(s, p.id)
    card = tmp_path / "card"
    card.mkdir()
    for name in names:
        (card / name).write_bytes(CASES[name].make())
        os.utime(card / name, (1_700_000_000, 1_700_000_000))
    report = PhotoService(s).import_files(e.id, sorted(card.iterdir()))
    return s, e, report


def test_intake_outcomes_messages_and_warnings(store, tmp_path):
    names = [c.name for c in corpus.CASES]
    s, e, report = _signed_case(store, tmp_path, names)
    by_name = {o.name: o for o in report.outcomes}
    for case in corpus.CASES:
        o = by_name[case.name]
        if case.intake == "imported":
            assert o.status == "imported", (case.name, o.error)
            assert bool(o.warning) is case.decode_warning
        else:
            assert o.status == "refused" and o.error is not None and o.error.code == case.intake
            assert o.error.message("sv") != o.error.message("en")
    assert [o.name for o in report.with_warning] == ["truncated.jpg"]
    records = {r.original_name: r for r in PhotoService(s).records(e.id)}
    assert records["truncated.jpg"].decode_warning == "truncated"
    assert {n for n, r in records.items() if r.has_gps} == {
        c.name for c in corpus.CASES if c.has_gps and c.intake == "imported"
    }
    # capture time only from DateTimeOriginal; otherwise unknown, the file's time kept apart
    nct = records["no-capture-time.jpg"]
    assert nct.captured_at is None and nct.file_time == "2026-11-21T09:00:00"
    plain = records["xmp-gps.jpg"]  # no EXIF at all: the file system's time
    assert plain.captured_at is None and plain.file_time == "2023-11-14T22:13:20+00:00"
    assert records["exif-gps-thumbnail.jpg"].captured_at == "2026-11-20T14:03:12+01:00"
    assert records["exif-gps-thumbnail.jpg"].file_time is None
    # the review checklist names the incomplete photo
    items = [
        i
        for i in checklist(ExaminationService(s).get(e.id), list(records.values()))
        if i.code == "photo_incomplete"
    ]
    assert [(i.ok, i.number) for i in items] == [(False, records["truncated.jpg"].number)]
    assert "incomplete" in items[0].title("en") and "ofullständigt" in items[0].title("sv")
    # the import's log entry counts the photo with a warning
    row = s.db.one(
        "SELECT details FROM audit_log WHERE details LIKE '%photo_import%' ORDER BY rowid DESC LIMIT 1"
    )
    assert row is not None and json.loads(row[0])["with_warning"] == 1
    s.close()


def test_protected_person_export_releases_no_location_in_any_form(store, tmp_path):
    names = [c.name for c in corpus.CASES if c.intake == "imported"]
    s, e, _ = _signed_case(store, tmp_path, names)
    ExaminationService(s).sign(e.id)
    SigningService(s).create_self_signed(PASSWORD)
    ident = SigningService(s).identity(PASSWORD)
    out = tmp_path / "out"
    out.mkdir()
    req = ExportRequest(
        examination_id=e.id,
        basis=LegalBasis.CONSENT,
        out_dir=out,
        lang="en",
        secrecy_review="Prövad: samtycke finns, inget om vistelseort lämnas ut.",
    )
    result = ExportService(s).export(req, ident)
    assert result.verdict is not None and result.verdict.intact, result.verdict
    d = tmp_path / "x"
    with zipfile.ZipFile(result.path) as z:
        z.extractall(d)
    manifest = json.loads((d / "manifest.json").read_text())
    records = {r.number: r for r in PhotoService(s).records(e.id)}
    for f in manifest["files"]:
        if f.get("kind") != "photo":
            continue
        case = CASES[records[f["number"]].original_name]
        path = d / f["path"]
        if case.export == "gps_removed":
            assert f["gps_removed"] and f["location_removed"] == list(case.removed), case.name
            assert f["image_data_sha256"] == f["original_image_data_sha256"]
        elif case.export == "original_withheld":
            assert f["original_withheld"] and f["media_type"] == "image/jpeg", case.name
            assert path.suffix == ".jpg" and "preview" in f["original_withheld_reason"]
        else:
            assert not f["gps_removed"] and not f["original_withheld"] and f["sha256"] == f["original_sha256"]
        assert not gps.has_gps(path.read_bytes()), case.name
        if EXIFTOOL:
            assert _exiftool_location(path) == [], (case.name, _exiftool_location(path))
        if case.decode_warning:
            assert f["decode_warning"] == "truncated"
    # the report says which photo is incomplete and which original was withheld
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(d / "report.pdf"), "-"], capture_output=True, text=True
        ).stdout
        flat = " ".join(text.split())
        assert "the image file is incomplete" in flat
        assert "preview released" in flat
        assert "file time (not the capture time)" in flat
    s.close()


def test_a_damaged_exif_photo_never_blocks_the_release(store, tmp_path):
    s, e, report = _signed_case(store, tmp_path, ["damaged-exif-gps.jpg", "truncated-exif-gps.jpg"])
    assert len(report.imported) == 2
    ExaminationService(s).sign(e.id)
    SigningService(s).create_self_signed(PASSWORD)
    out = tmp_path / "out"
    out.mkdir()
    req = ExportRequest(
        examination_id=e.id,
        basis=LegalBasis.CONSENT,
        out_dir=out,
        secrecy_review="Prövad: samtycke finns, inget om vistelseort lämnas ut.",
    )
    try:
        result = ExportService(s).export(req, SigningService(s).identity(PASSWORD))
    except KnownError as exc:  # pragma: no cover - the failure this test exists for
        pytest.fail(f"export refused: {exc.code}")
    assert result.path.is_file()
    assert s.db.scalar("SELECT count(*) FROM exports WHERE examination_id = ?", (e.id,)) == 1
    with zipfile.ZipFile(result.path) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert sum(1 for f in manifest["files"] if f.get("original_withheld")) == 2
    s.close()


def test_truncated_exif_struct_is_not_read_past_its_end():
    tiff = corpus.camera_exif(thumbnail=False)
    for cut in range(8, len(tiff), 7):
        part = tiff[:cut]
        try:
            gps.ifd_map(gps.Tiff(part))
        except gps.Damaged:
            continue
        except struct.error:  # pragma: no cover
            pytest.fail(f"struct.error at {cut}")


def test_an_incomplete_photo_is_named_but_not_scored_in_training_feedback():
    from injurydoc.training.feedback_text import code_title

    assert code_title("photo_incomplete", "en") == "Incomplete photo files"
    assert code_title("photo_incomplete", "sv") == "Ofullständiga bildfiler"
