"""The exercise file format: bundled exercises load, build→load round trip, hostile files are refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import stat
import string
import struct
import zipfile
from pathlib import Path

import pytest

from injurydoc.domain.errors import MESSAGES
from injurydoc.domain.texts import TEXTS
from injurydoc.domain.vocab import LegalBasis, PhotoRole, Protection
from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo
from injurydoc.resources import resource_path
from injurydoc.services.demo import synthetic_pnr
from injurydoc.training import EXERCISE_CODES, EXTENSION, ExerciseError, build_from_folder, load, write
from injurydoc.training.exercise import MAX_ENTRY_BYTES, serialize_json
from injurydoc.training.schema import parse

BUNDLED = ["ipv-strangulation", "child-guardian-threat", "follow-up"]
PHOTO = make_photo(PhotoSpec(size=(320, 240), seed=7, marks=(Mark(0.5, 0.5),), scale=True), quality=80)


def _doc(**over: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "format": "injurydoc-exercise",
        "version": 1,
        "id": "test-exercise",
        "title": {"sv": "Testövning", "en": "Test exercise"},
        "scenario": {"sv": "En påhittad patient kommer in.", "en": "A made-up patient comes in."},
        "patient": {
            "name": "Testa Testsson",
            "personal_id": synthetic_pnr(dt.date(1990, 1, 2), 124),
            "sex": "female",
            "protection": "none",
            "guardian_is_threat": False,
        },
        "follow_up_of": None,
        "photos": [
            {"file": "photos/01.jpg", "caption": {"sv": "ID-bild", "en": "ID shot"}},
            {"file": "photos/02.jpg", "caption": {"sv": "Närbild", "en": "Close-up"}},
        ],
        "key": {
            "injuries": [
                {
                    "region": "upper_arm",
                    "side": "right",
                    "type": "bruise",
                    "length_mm": [30, 50],
                    "width_mm": [15, 30],
                }
            ],
            "photo_roles": ["id_shot", "close_up_scale"],
            "strangulation_expected": False,
            "legal_basis": "consent",
            "concern_report_expected": False,
            "absent_findings_expected": True,
        },
    }
    doc.update(over)
    return doc


def _zip(entries: list[tuple[str, bytes]] | list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return out.getvalue()


def _valid_entries(doc: dict[str, object] | None = None) -> list[tuple[str, bytes]]:
    raw = json.dumps(doc or _doc(), ensure_ascii=False).encode()
    return [("exercise.json", raw), ("photos/01.jpg", PHOTO), ("photos/02.jpg", PHOTO)]


def _code(data: bytes | Path) -> str:
    with pytest.raises(ExerciseError) as info:
        load(data)
    return info.value.code


def _key(**over: object) -> dict[str, object]:
    key = dict(_doc()["key"])  # type: ignore[call-overload]
    key.update(over)
    return key


# --- bundled exercises ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ex_id", BUNDLED)
def test_bundled_exercise_loads_and_matches_its_source(ex_id):
    path = resource_path("exercises", f"{ex_id}{EXTENSION}")
    assert path.stat().st_size < 2 * 1024 * 1024
    ex = load(path)
    assert ex.id == ex_id
    assert all(p.data[:2] == b"\xff\xd8" for p in ex.photos)
    for text in (ex.title, ex.scenario, *(p.caption for p in ex.photos)):
        assert text.sv and text.en and text.sv != text.en
    # The committed source and the bundled file say the same.
    source = json.loads(resource_path("exercises", "src", ex_id, "exercise.json").read_text("utf-8"))
    assert parse(source) == parse(json.loads(serialize_json(ex)))
    sentences = ex.scenario.en.count(". ") + 1
    assert 5 <= sentences <= 10


def test_bundled_exercises_content():
    ipv, child, follow = (load(resource_path("exercises", f"{i}{EXTENSION}")) for i in BUNDLED)
    assert ipv.key.strangulation_expected and ipv.key.legal_basis is LegalBasis.CONSENT
    assert child.patient.protection is Protection.SEKRETESSMARKERING and child.patient.guardian_is_threat
    assert child.key.concern_report_expected and child.key.legal_basis is LegalBasis.OSL_10_21
    assert child.patient.personal_id.startswith("2016")
    assert follow.follow_up_of == "ipv-strangulation"
    assert follow.patient == ipv.patient
    assert follow.key.legal_basis is LegalBasis.RATTSINTYG_REQUEST
    arm = [i for i in follow.key.injuries if i.region.code == "upper_arm"][0]
    assert arm.length_mm[0] > [i for i in ipv.key.injuries if i.region.code == "upper_arm"][0].length_mm[0]
    for ex in (ipv, child, follow):
        assert PhotoRole.ID_SHOT in ex.key.photo_roles


# --- build and round trip ---------------------------------------------------------------------------------


def _folder(tmp_path: Path, doc: dict[str, object] | None = None) -> Path:
    folder = tmp_path / "src"
    (folder / "photos").mkdir(parents=True)
    (folder / "exercise.json").write_text(json.dumps(doc or _doc(), ensure_ascii=False), "utf-8")
    (folder / "photos" / "01.jpg").write_bytes(PHOTO)
    (folder / "photos" / "02.jpg").write_bytes(PHOTO)
    return folder


def test_build_load_round_trip_is_deterministic(tmp_path):
    folder = _folder(tmp_path)
    data = build_from_folder(folder)
    assert build_from_folder(folder) == data
    out = tmp_path / f"x{EXTENSION}"
    write(data, out)
    assert out.read_bytes() == data
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".exercise-")]
    ex = load(out)
    assert ex == load(data)
    assert ex.patient.name == "Testa Testsson"
    assert [p.data for p in ex.photos] == [PHOTO, PHOTO]
    assert ex.key.injuries[0].length_mm == (30.0, 50.0)
    assert ex.key.injuries[0].size_fits(40, 20) and not ex.key.injuries[0].size_fits(60, 20)
    with zipfile.ZipFile(out) as z:
        assert z.namelist() == ["exercise.json", "photos/01.jpg", "photos/02.jpg"]


def test_build_refuses_missing_and_unlisted_photos(tmp_path):
    folder = _folder(tmp_path)
    (folder / "photos" / "03.jpg").write_bytes(PHOTO)
    with pytest.raises(ExerciseError) as info:
        build_from_folder(folder)
    assert info.value.code == "exercise.unlisted_entry"
    (folder / "photos" / "03.jpg").unlink()
    (folder / "photos" / "02.jpg").unlink()
    with pytest.raises(ExerciseError) as info:
        build_from_folder(folder)
    assert info.value.code == "exercise.missing_photo"


def test_build_refuses_folder_without_json(tmp_path):
    with pytest.raises(ExerciseError) as info:
        build_from_folder(tmp_path)
    assert info.value.code == "exercise.missing_json"


# --- hostile files ----------------------------------------------------------------------------------------


def test_valid_hand_made_zip_loads():
    assert load(_zip(_valid_entries())).id == "test-exercise"


def test_bad_json():
    assert _code(_zip([("exercise.json", b"{not json"), ("photos/01.jpg", PHOTO)])) == "exercise.bad_json"
    assert _code(_zip([("exercise.json", b"\xff\xfe"), ("photos/01.jpg", PHOTO)])) == "exercise.bad_json"
    nan = json.dumps(_doc()).replace("[30, 50]", "[NaN, 50]").encode()
    assert _code(_zip([("exercise.json", nan), ("photos/01.jpg", PHOTO)])) == "exercise.bad_json"
    # a key twice: two readers could take different values, so the exercise is refused
    raw = json.dumps(_doc()).encode()
    twice = raw[:-1] + b', "format": "something-else"}'
    assert _code(_zip([("exercise.json", twice), ("photos/01.jpg", PHOTO)])) == "exercise.bad_json"


@pytest.mark.parametrize(
    "name",
    ["../evil.jpg", "photos/../../evil", "/etc/passwd", "\\windows\\evil", "C:/evil", "photos/", "a/b/c"],
)
def test_unsafe_entry_names(name):
    assert _code(_zip([*_valid_entries(), (name, b"x")])) == "exercise.unsafe_entry"


def test_symlink_entry():
    info = zipfile.ZipInfo("photos/03.jpg")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert _code(_zip([*_valid_entries(), (info, b"/etc/passwd")])) == "exercise.unsafe_entry"


def test_zip_bomb_refused_before_inflating():
    # 300 MB of zeros compress to about 300 KB: refused from the directory's sizes alone.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("exercise.json", json.dumps(_doc()))
        with z.open("photos/01.jpg", "w", force_zip64=True) as fh:
            chunk = bytes(1 << 20)
            for _ in range(300):
                fh.write(chunk)
    data = out.getvalue()
    assert len(data) < 2 * 1024 * 1024
    assert _code(data) == "exercise.too_large"


def test_ratio_bomb_under_the_entry_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("exercise.json", json.dumps(_doc()))
        z.writestr("photos/01.jpg", bytes(MAX_ENTRY_BYTES // 2))
    assert _code(out.getvalue()) == "exercise.too_large"


def test_header_that_understates_the_size_is_caught_by_the_bounded_read():
    big = bytes(200_000)
    data = bytearray(_zip([("exercise.json", json.dumps(_doc()).encode()), ("photos/01.jpg", big)]))
    # Lie in both headers: declare 1000 bytes instead of 200 000.
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.rfind(sig)
        assert struct.unpack_from("<I", data, pos + off)[0] == len(big)
        struct.pack_into("<I", data, pos + off, 1000)
    assert _code(bytes(data)) == "exercise.unsafe_entry"


def test_too_many_entries():
    entries = [*_valid_entries(), *((f"photos/{i:03d}.jpg", b"x") for i in range(300))]
    assert _code(_zip(entries)) == "exercise.too_large"


def test_photo_that_is_not_a_photo():
    entries = _valid_entries()
    entries[2] = ("photos/02.jpg", b"GIF89a this is not a photo at all")
    assert _code(_zip(entries)) == "exercise.photo"


def test_truncated_photo():
    entries = _valid_entries()
    entries[2] = ("photos/02.jpg", PHOTO[: len(PHOTO) // 2])
    assert _code(_zip(entries)) == "exercise.photo"


def test_png_named_jpg_is_refused():
    entries = _valid_entries()
    entries[2] = ("photos/02.jpg", make_photo(PhotoSpec(size=(64, 48)), fmt="PNG"))
    assert _code(_zip(entries)) == "exercise.photo"


def test_missing_photo():
    assert _code(_zip(_valid_entries()[:2])) == "exercise.missing_photo"


def test_unlisted_extra_file():
    assert _code(_zip([*_valid_entries(), ("photos/03.jpg", PHOTO)])) == "exercise.unlisted_entry"
    assert _code(_zip([*_valid_entries(), ("notes.txt", b"hello")])) == "exercise.unlisted_entry"


def test_missing_json():
    assert _code(_zip([("photos/01.jpg", PHOTO)])) == "exercise.missing_json"


def _schema_detail(doc: dict[str, object]) -> str:
    with pytest.raises(ExerciseError) as info:
        load(_zip(_valid_entries(doc)))
    assert info.value.code == "exercise.schema"
    return str(info.value.params["detail"])


def _injury(**over: object) -> dict[str, object]:
    inj: dict[str, object] = {
        "region": "upper_arm",
        "side": "right",
        "type": "bruise",
        "length_mm": [30, 50],
        "width_mm": [15, 30],
    }
    inj.update(over)
    return inj


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        (_doc(key=_key(injuries=[_injury(region="elbowish")])), "region"),
        (_doc(key=_key(injuries=[_injury(side="patients_right")])), "side"),
        (_doc(key=_key(injuries=[_injury(type="age_3_days")])), "type"),
        (_doc(key=_key(legal_basis="because")), "legal_basis"),
        (_doc(key=_key(photo_roles=["selfie"])), "photo_roles"),
        (_doc(key=_key(injuries=[_injury(length_mm=[50, 30])])), "length_mm"),
        (_doc(key=_key(injuries=[_injury(width_mm=[0, 30])])), "width_mm"),
        (_doc(key=_key(injuries=[_injury(width_mm=[1, 10**400])])), "width_mm"),
        (_doc(key=_key(injuries=[_injury(width_mm=[True, 3])])), "width_mm"),
        (_doc(key=_key(strangulation_expected="yes")), "strangulation_expected"),
        (_doc(title={"sv": "Bara svenska"}), "title"),
        (_doc(scenario={"sv": "Text", "en": ""}), "scenario.en"),
        (_doc(format="zip"), "format"),
        (_doc(version=2), "version"),
        (_doc(id="../x"), "id"),
        (_doc(follow_up_of="test-exercise"), "follow_up_of"),
        (_doc(extra=1), "unknown key"),
        (_doc(photos=[{"file": "photos/01.jpg", "caption": {"sv": "a", "en": "b"}}] * 2), "listed twice"),
        (_doc(photos=[{"file": "photos/../01.jpg", "caption": {"sv": "a", "en": "b"}}]), "photos[0].file"),
    ],
)
def test_schema_refusals(doc, where):
    assert where in _schema_detail(doc)


@pytest.mark.parametrize("pnr", ["19900102-1235", "19901302-1234", "hello", "29990101-0000"])
def test_bad_personal_number(pnr):
    doc = _doc()
    doc["patient"] = {**doc["patient"], "personal_id": pnr}  # type: ignore[dict-item]
    assert "personal_id" in _schema_detail(doc)


def test_sex_and_protection_codes():
    doc = _doc()
    doc["patient"] = {**doc["patient"], "protection": "secret"}  # type: ignore[dict-item]
    assert "protection" in _schema_detail(doc)


def test_not_a_zip(tmp_path):
    assert _code(b"this is plain text, not a zip") == "exercise.not_zip"
    assert _code(b"") == "exercise.not_zip"
    assert _code(PHOTO) == "exercise.not_zip"
    path = tmp_path / f"x{EXTENSION}"
    path.write_bytes(b"%PDF-1.7 not a zip")
    assert _code(path) == "exercise.not_zip"
    assert _code(tmp_path) == "exercise.not_zip"  # a folder
    assert _code(tmp_path / "missing") == "exercise.unreadable"


def test_encrypted_or_odd_compression_is_refused():
    data = bytearray(_zip(_valid_entries()))
    pos = data.find(b"PK\x01\x02")  # central directory entry of exercise.json: set the encrypted flag
    struct.pack_into("<H", data, pos + 8, struct.unpack_from("<H", data, pos + 8)[0] | 1)
    assert _code(bytes(data)) == "exercise.unsafe_entry"


# --- messages ---------------------------------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("code", sorted(EXERCISE_CODES))
def test_every_message_in_both_languages(code):
    sv, en = TEXTS["exercise_file." + code.removeprefix("exercise.")]
    assert sv.strip() and en.strip() and sv != en
    assert _fields(sv) == _fields(en)
    assert code not in MESSAGES  # not a code of the error catalogue: worded in the text catalogue
    params = dict.fromkeys(_fields(sv), "x")
    err = ExerciseError(code, **params)
    assert err.message("sv") != err.message("en")


def test_unknown_code_is_a_bug():
    with pytest.raises(KeyError):
        ExerciseError("exercise.nonsense")


def test_crc_mismatch_is_refused():
    data = bytearray(_zip(_valid_entries()))
    pos = data.find(b"PK\x01\x02")
    crc = struct.unpack_from("<I", data, pos + 16)[0]
    struct.pack_into("<I", data, pos + 16, crc ^ 0xFFFF)
    lpos = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, lpos + 14, crc ^ 0xFFFF)
    assert _code(bytes(data)) == "exercise.unsafe_entry"


def test_exercise_cli_build_and_check(tmp_path):
    import io
    import zipfile

    from injurydoc.cli import main

    src = resource_path("exercises", "ipv-strangulation.injurydoc-exercise")
    folder = tmp_path / "ex"
    with zipfile.ZipFile(src) as z:
        z.extractall(folder)
    out = io.StringIO()
    rc = main(["exercise", "build", str(folder), "--out", str(tmp_path / "x.injurydoc-exercise")], stdout=out)
    assert rc == 0
    rc = main(["exercise", "check", str(tmp_path / "x.injurydoc-exercise"), "--lang", "en"], stdout=out)
    assert rc == 0 and "ipv-strangulation" in out.getvalue()
    assert "Photos: " in out.getvalue() and "; expected injuries: " in out.getvalue()
    sv = io.StringIO()
    assert main(["exercise", "check", str(tmp_path / "x.injurydoc-exercise"), "--lang", "sv"], stdout=sv) == 0
    assert "Foton: " in sv.getvalue() and "; förväntade skador: " in sv.getvalue()
    (tmp_path / "bad.injurydoc-exercise").write_bytes(b"nope")
    err = io.StringIO()
    assert main(["exercise", "check", str(tmp_path / "bad.injurydoc-exercise")], stdout=out, stderr=err) == 1
    assert err.getvalue().strip()


def test_describe_reads_a_checked_file_without_decoding_its_photos_again():
    from injurydoc.training import exercise as ex_mod

    data = sorted(resource_path("exercises").glob("*.injurydoc-exercise"))[0].read_bytes()
    full = ex_mod.load(data)
    light = ex_mod.describe(data)
    assert light.key == full.key and light.scenario == full.scenario
    assert [p.file for p in light.photos] == [p.file for p in full.photos]
    assert all(p.data == b"" for p in light.photos)
    assert ex_mod.describe(data, with_photos=True) == full
    with pytest.raises(ex_mod.ExerciseError):
        ex_mod.describe(b"not a zip")
    # the same file with a photo no decoder accepts: load refuses it, describe does not decode it
    bad = b"\xff\xd8\xff\xe0 not a JPEG after its first bytes"
    photos = (dataclasses.replace(full.photos[0], data=bad), *full.photos[1:])
    damaged = ex_mod.zip_bytes(dataclasses.replace(full, photos=photos))
    with pytest.raises(ex_mod.ExerciseError) as err:
        ex_mod.load(damaged)
    assert err.value.code == "exercise.photo"
    assert ex_mod.describe(damaged) == light
    assert ex_mod.describe(damaged, with_photos=True).photos == photos
