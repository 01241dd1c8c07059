"""Photo intake: originals byte-exact, upright EXIF-free previews, bad files refused, every read logged."""

import hashlib
import io

import pytest
from PIL import Image

from injurydoc.domain.errors import AccessDenied, ImmutableError
from injurydoc.domain.vocab import BodyRegion, InjuryType, PhotoRole, Side
from injurydoc.media.derivatives import PREVIEW_LONG_SIDE, THUMB_LONG_SIDE, check, process
from injurydoc.media.inspect import Limits, PhotoRefused
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService

from . import photo_samples as samples
from .conftest import make_pnr


@pytest.fixture
def exam(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(1), name="Foto Fotosson")
    e = ExaminationService(s).create(p.id)
    yield s, e
    s.close()


def _write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _import(s, e, tmp_path, files, **kw):
    paths = [_write(tmp_path / "card", name, data) for name, data in files]
    return PhotoService(s, kw.pop("limits", None)).import_files(e.id, paths, **kw), paths


def test_original_bytes_are_kept_exactly_with_their_hash(exam, tmp_path):
    s, e = exam
    data = samples.jpeg(seed=1)
    report, _ = _import(s, e, tmp_path, [("IMG_0001.JPG", data)])
    [o] = report.imported
    svc = PhotoService(s)
    assert svc.original(o.photo_id) == data
    [rec] = svc.records(e.id)
    assert rec.sha256 == hashlib.sha256(data).hexdigest() and rec.size == len(data)
    assert rec.original_name == "IMG_0001.JPG" and rec.number == 1
    assert rec.captured_at == "2026-11-20T14:03:12+01:00"
    assert rec.camera == "Exempelkamera EK-100" and rec.media_type == "image/jpeg"
    assert rec.imported_by == s.account.id and rec.imported_at.tzinfo
    assert svc.verify_stored(o.photo_id)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_preview_and_thumbnail_come_out_upright_and_without_exif(exam, tmp_path, orientation):
    s, e = exam
    report, _ = _import(s, e, tmp_path, [(f"o{orientation}.jpg", samples.oriented(orientation))])
    [o] = report.imported
    svc = PhotoService(s)
    for data in (svc.preview(o.photo_id), PhotoService(s).thumbnails(e.id)[o.photo_id]):
        img = Image.open(io.BytesIO(data))
        assert img.format == "JPEG"
        assert img.size[0] > img.size[1], "landscape, as the upright picture"
        assert not img.getexif(), "no EXIF in derivatives"
        w, h = img.size
        r, g, b = img.convert("RGB").getpixel((w // 40, h // 40))
        assert r > 180 and g < 80, f"red marker top-left for orientation {orientation}"
        r2, g2, b2 = img.convert("RGB").getpixel((w - 1 - w // 40, h - 1 - h // 40))
        assert not (r2 > 180 and g2 < 80)
    assert svc.records(e.id)[0].orientation == orientation


def test_large_photo_preview_and_thumbnail_sizes(exam, tmp_path):
    s, e = exam
    report, _ = _import(s, e, tmp_path, [("big.jpg", samples.jpeg(seed=3, size=(4000, 3000)))])
    [o] = report.imported
    prev = Image.open(io.BytesIO(PhotoService(s).preview(o.photo_id)))
    thumb = Image.open(io.BytesIO(PhotoService(s).thumbnails(e.id)[o.photo_id]))
    assert max(prev.size) == PREVIEW_LONG_SIDE
    assert max(thumb.size) == THUMB_LONG_SIDE


def test_gps_presence_is_recorded_position_not_exposed(exam, tmp_path):
    s, e = exam
    report, _ = _import(
        s, e, tmp_path, [("gps.jpg", samples.with_gps()), ("nogps.jpg", samples.jpeg(seed=2))]
    )
    recs = {r.original_name: r for r in PhotoService(s).records(e.id)}
    assert recs["gps.jpg"].has_gps and not recs["nogps.jpg"].has_gps
    # the position stays inside the original; the preview carries no EXIF at all
    prev = PhotoService(s).preview(recs["gps.jpg"].id)
    assert not Image.open(io.BytesIO(prev)).getexif()


@pytest.mark.parametrize(
    ("name", "make", "media_type"),
    [
        ("broken-exif.jpg", samples.broken_exif, "image/jpeg"),
        ("no-exif.jpg", samples.no_exif, "image/jpeg"),
        ("transparent.png", samples.png_transparent, "image/png"),
        ("sixteen.tif", samples.tiff_16bit, "image/tiff"),
        ("phone.heic", samples.heic, "image/heif"),
    ],
)
def test_accepted_formats_and_missing_exif(exam, tmp_path, name, make, media_type):
    s, e = exam
    data = make()
    report, _ = _import(s, e, tmp_path, [(name, data)])
    assert [o.status for o in report.outcomes] == ["imported"], [o.error for o in report.outcomes]
    [rec] = PhotoService(s).records(e.id)
    assert rec.media_type == media_type
    assert PhotoService(s).original(rec.id) == data
    prev = Image.open(io.BytesIO(PhotoService(s).preview(rec.id)))
    assert prev.mode == "RGB"
    if name in ("broken-exif.jpg", "no-exif.jpg", "transparent.png", "sixteen.tif"):
        assert rec.captured_at is None and rec.camera == ""
    if name == "transparent.png":
        assert prev.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)  # over white
    if name == "phone.heic":
        assert rec.captured_at == "2026-11-20T14:03:12+01:00"


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("truncated.png", samples.truncated_png, "photo.corrupt"),
        ("garbage-scan.jpg", samples.jpeg_without_scan, "photo.corrupt"),
        ("bomb.png", samples.bomb, "photo.bomb"),
        ("report.jpg", samples.not_an_image, "photo.not_image"),
        ("empty.jpg", lambda: b"", "photo.empty"),
        ("anim.gif", samples.gif, "photo.format"),
    ],
)
def test_bad_files_are_refused_with_reason_and_nothing_is_stored(exam, tmp_path, name, make, code):
    s, e = exam
    before = s.db.scalar("SELECT count(*) FROM photo_originals")
    report, _ = _import(s, e, tmp_path, [(name, make()), ("good.jpg", samples.jpeg(seed=5))])
    refused = {o.name: o for o in report.refused}
    assert list(refused) == [name]
    assert refused[name].error.code == code
    assert refused[name].error.message("sv") and refused[name].error.message("en")
    assert [o.name for o in report.imported] == ["good.jpg"]
    assert s.db.scalar("SELECT count(*) FROM photo_originals") == before + 1


def _outcome(fn, data, limits):
    try:
        return fn(data, limits)
    except PhotoRefused as exc:
        return exc.code


@pytest.mark.parametrize(
    "make",
    [
        samples.jpeg,
        samples.with_gps,
        samples.broken_exif,
        samples.png_transparent,
        samples.tiff_16bit,
        samples.heic,
        samples.truncated,
        lambda: samples.truncated()[:400],  # cut inside the scan's first rows: nothing survives
        samples.truncated_png,
        samples.jpeg_without_scan,
        samples.bomb,
        samples.not_an_image,
        lambda: b"",
        samples.gif,
    ],
)
def test_check_refuses_and_reads_exactly_what_process_does(make):
    """``check`` (an exercise's photos on every load) is ``process`` without the derivatives: the same
    refusal, or the same information with the same decode warning."""
    data = make()
    for limits in (Limits(), Limits(max_decoded_bytes=100_000)):
        made = _outcome(process, data, limits)
        checked = _outcome(check, data, limits)
        assert checked == (made if isinstance(made, str) else made.info)


def test_size_limit_is_configurable(exam, tmp_path):
    s, e = exam
    report, _ = _import(s, e, tmp_path, [("a.jpg", samples.jpeg(seed=6))], limits=Limits(max_bytes=1000))
    assert report.refused[0].error.code == "photo.too_large"


def test_the_same_file_twice_is_a_duplicate(exam, tmp_path):
    s, e = exam
    data = samples.jpeg(seed=7)
    r1, _ = _import(s, e, tmp_path, [("a.jpg", data), ("copy-of-a.jpg", data)])
    assert [o.status for o in r1.outcomes] == ["imported", "duplicate"]
    r2, _ = _import(s, e, tmp_path / "again", [("a.jpg", data)])
    assert r2.outcomes[0].status == "duplicate" and r2.outcomes[0].photo_id == r1.outcomes[0].photo_id
    assert r2.outcomes[0].error.code == "photo.duplicate"
    assert s.db.scalar("SELECT count(*) FROM photos") == 1


def test_whole_camera_card_folder(exam, tmp_path):
    s, e = exam
    card = tmp_path / "card" / "DCIM"
    _write(card / "100CANON", "IMG_0001.JPG", samples.jpeg(seed=20))
    _write(card / "100CANON", "IMG_0002.JPG", samples.jpeg(seed=21))
    _write(card / "101CANON", "IMG_0100.JPG", samples.jpeg(seed=22))
    _write(card / "101CANON", "MVI_0101.MOV", b"\x00\x00\x00\x18ftypqt  " + b"\x00" * 100)
    _write(card / "100CANON", ".hidden.jpg", samples.jpeg(seed=23))
    progress = []
    report = PhotoService(s).import_files(e.id, [card], progress=lambda d, t: progress.append((d, t)))
    assert [o.name for o in report.imported] == ["IMG_0001.JPG", "IMG_0002.JPG", "IMG_0100.JPG"]
    assert [o.name for o in report.refused] == ["MVI_0101.MOV"]
    assert progress[-1] == (4, 4)
    assert [r.number for r in PhotoService(s).records(e.id)] == [1, 2, 3]


def test_cancel_leaves_only_whole_photos(exam, tmp_path):
    s, e = exam
    files = [(f"IMG_{i:04d}.JPG", samples.jpeg(seed=30 + i)) for i in range(8)]
    done = []
    report, _ = _import(
        s, e, tmp_path, files, progress=lambda d, t: done.append(d), cancelled=lambda: len(done) >= 3
    )
    assert report.cancelled
    n = len(report.imported)
    assert 3 <= n < 8
    assert s.db.scalar("SELECT count(*) FROM photos") == n
    for table in ("photo_originals", "photo_previews", "photo_thumbnails"):
        assert s.db.scalar(f"SELECT count(*) FROM {table}") == n
    svc = PhotoService(s)
    assert all(svc.verify_stored(o.photo_id) for o in report.imported)


def test_roles_captions_and_links_are_logged(exam, tmp_path):
    s, e = exam
    report, _ = _import(s, e, tmp_path, [("a.jpg", samples.jpeg(seed=40)), ("b.jpg", samples.jpeg(seed=41))])
    ids = [o.photo_id for o in report.imported]
    inj = ExaminationService(s).add_injury(
        e.id, type=InjuryType.BRUISE, region=BodyRegion.THIGH, side=Side.RIGHT
    )
    svc = PhotoService(s)
    svc.set_role(ids, PhotoRole.CLOSE_UP_SCALE)
    svc.link_injuries(ids, [inj.id])
    svc.set_caption(ids[0], "Lår höger, närbild med skala")
    recs = svc.records(e.id)
    assert {r.role for r in recs} == {PhotoRole.CLOSE_UP_SCALE}
    assert all(r.injury_ids == (inj.id,) for r in recs)
    assert recs[0].caption.startswith("Lår")
    events = s.db.all(
        "SELECT details FROM audit_log WHERE action = 'changed' AND target LIKE 'photo:%' ORDER BY seq"
    )
    kinds = [__import__("json").loads(d[0])["event"] for d in events]
    assert kinds.count("role") == 2 and kinds.count("injury_links") == 2 and kinds.count("caption") == 1
    # a removed injury takes its links with it
    ExaminationService(s).delete_injury(inj.id)
    assert all(r.injury_ids == () for r in svc.records(e.id))


def test_every_read_is_logged(exam, tmp_path):
    s, e = exam
    report, _ = _import(s, e, tmp_path, [("a.jpg", samples.jpeg(seed=50))])
    pid = report.imported[0].photo_id
    count = lambda: s.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'read'")  # noqa: E731
    before = count()
    svc = PhotoService(s)
    svc.preview(pid)
    svc.original(pid)
    svc.thumbnails(e.id)
    assert count() == before + 3
    parts = s.db.all(
        "SELECT details FROM audit_log WHERE action = 'read' AND target = ? ORDER BY seq", (f"photo:{pid}",)
    )
    assert [p[0] for p in parts] == ['{"part": "preview"}', '{"part": "original"}']


def test_others_without_access_cannot_read_photos_of_a_protected_person(store, tmp_path):
    from injurydoc.domain.vocab import Protection

    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=make_pnr(2), name="Skyddad", protection=Protection.SEKRETESSMARKERING
    )
    e = ExaminationService(s).create(p.id)
    report, _ = _import(s, e, tmp_path, [("a.jpg", samples.jpeg(seed=60))])
    s.close()
    other = store.sign_in("erik")
    with pytest.raises(AccessDenied):
        PhotoService(other).preview(report.imported[0].photo_id)
    with pytest.raises(AccessDenied):
        PhotoService(other).thumbnails(e.id)
    other.close()


def test_signed_examination_takes_no_photos_and_keeps_its_own(exam, tmp_path):
    s, e = exam
    report, _ = _import(s, e, tmp_path, [("a.jpg", samples.jpeg(seed=70))])
    pid = report.imported[0].photo_id
    ExaminationService(s).sign(e.id)
    svc = PhotoService(s)
    with pytest.raises(ImmutableError):
        svc.import_files(e.id, [_write(tmp_path / "later", "b.jpg", samples.jpeg(seed=71))])
    with pytest.raises(ImmutableError):
        svc.set_role([pid], PhotoRole.OVERVIEW)
    with pytest.raises(ImmutableError):
        svc.delete(pid)
    for sql in (
        "UPDATE photos SET role = 'overview' WHERE id = :p",
        "DELETE FROM photo_originals WHERE photo_id = :p",
        "UPDATE photo_originals SET data = x'00' WHERE photo_id = :p",
    ):
        with pytest.raises(ImmutableError), s.transaction() as db:
            db.execute(sql, {"p": pid})
    assert svc.verify_stored(pid)


def test_originals_are_never_rewritten_even_in_a_draft(exam, tmp_path):
    s, e = exam
    report, _ = _import(s, e, tmp_path, [("a.jpg", samples.jpeg(seed=80))])
    with pytest.raises(ImmutableError), s.transaction() as db:
        db.execute("UPDATE photo_originals SET data = x'00'")


def test_clearing_the_card_only_after_verification(exam, tmp_path):
    s, e = exam
    files = [("IMG_1.JPG", samples.jpeg(seed=90)), ("IMG_2.JPG", samples.jpeg(seed=91)), ("bad.jpg", b"nope")]
    report, paths = _import(s, e, tmp_path, files)
    # the second file is changed on the card after the import: it must be kept
    paths[1].write_bytes(samples.jpeg(seed=99))
    results = {r.name: r for r in PhotoService(s).remove_sources(report)}
    assert results["IMG_1.JPG"].status == "removed" and not paths[0].exists()
    assert results["IMG_2.JPG"].status == "kept" and results["IMG_2.JPG"].error.code == "photo.source_changed"
    assert paths[1].exists()
    assert "bad.jpg" not in results and paths[2].exists()


def test_only_the_examiner_imports(store, exam, tmp_path):
    s, e = exam
    other = store.sign_in("erik")
    with pytest.raises(AccessDenied):
        PhotoService(other).import_files(e.id, [_write(tmp_path, "a.jpg", samples.jpeg(seed=3))])
    other.close()


def test_intake_writes_nothing_to_the_temp_folder(exam, tmp_path):
    import tempfile
    from pathlib import Path

    s, e = exam
    tmp = Path(tempfile.gettempdir())
    before = set(tmp.rglob("*"))
    _import(s, e, tmp_path, [("a.jpg", samples.jpeg(seed=100)), ("b.heic", samples.heic())])
    assert set(tmp.rglob("*")) == before


def test_a_copy_that_does_not_read_back_is_taken_back_and_logged(exam, tmp_path, monkeypatch):
    """The stored original is read back and hashed; a copy that differs (a failing disk) is removed
    again, logged, and the photo is refused: the examination keeps only copies proven bit for bit."""
    from injurydoc.store import photos as repo

    s, e = exam
    good = samples.jpeg(seed=11)
    real_blob = repo.blob

    def flipped(db, photo_id, kind):
        data = real_blob(db, photo_id, kind)
        return data[:-1] + bytes([data[-1] ^ 1]) if data and kind == "original" else data

    monkeypatch.setattr(repo, "blob", flipped)
    report, _ = _import(s, e, tmp_path, [("a.jpg", good)])
    [o] = report.outcomes
    assert o.status == "refused" and o.error.code == "photo.hash_mismatch"
    assert s.db.scalar("SELECT count(*) FROM photos") == 0
    events = s.db.all(
        "SELECT action, target, details FROM audit_log WHERE target LIKE 'photo:%' ORDER BY seq"
    )
    assert [(r[0], "removed_after_failed_verification" in r[2]) for r in events] == [
        ("created", False),
        ("changed", True),
    ]
    assert events[0][1] == events[1][1]
