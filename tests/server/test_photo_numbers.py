"""A photo's number is never given to another photo of the same examination (store version 17): a court
reading "Foto 3" must find one picture, and the unit server — which keeps every photo ever sent, each
number once per examination — agrees with the workstations, so removing a sent photo never stalls the
outbox."""

from __future__ import annotations

import uuid
from pathlib import Path

from injurydoc.media.synthetic import PhotoSpec, make_photo
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from tests.conftest import make_pnr
from tests.server import unit_cases
from tests.server.unit_cases import document, outbox_rows, server_rows, sync
from tests.server.world import World

NEW = [make_photo(PhotoSpec(size=(320, 240), seed=n)) for n in (7, 8, 9)]


def _numbers(s, exam_id: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [p.number for p in PhotoService(s).records(exam_id)]


def _add(s, exam_id: str, data: bytes, name: str) -> str:  # type: ignore[no-untyped-def]
    (outcome,) = PhotoService(s).import_data(exam_id, [(name, data)]).outcomes
    assert outcome.status == "imported" and outcome.photo_id
    return outcome.photo_id


def test_standalone_a_removed_photos_number_is_not_given_again(store) -> None:  # type: ignore[no-untyped-def]
    s = store.sign_in("anna")
    try:
        p = PatientService(s).create(personal_id=make_pnr(1), name="Foto Fotosson")
        e = ExaminationService(s).create(p.id)
        ids = [_add(s, e.id, data, f"{n}.jpg") for n, data in enumerate(NEW[:3])]
        assert _numbers(s, e.id) == [1, 2, 3]
        PhotoService(s).delete(ids[2])  # the last one: max + 1 would give 3 again
        _add(s, e.id, make_photo(PhotoSpec(size=(320, 240), seed=40)), "late.jpg")
        assert _numbers(s, e.id) == [1, 2, 4]
        PhotoService(s).delete(ids[1])
        _add(s, e.id, make_photo(PhotoSpec(size=(320, 240), seed=41)), "later.jpg")
        assert _numbers(s, e.id) == [1, 4, 5]
    finally:
        s.close()


def test_unit_a_sent_photo_removed_then_a_new_one_is_sent_under_a_new_number(
    world: World, tmp_path: Path
) -> None:
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    b = unit_cases.cache(world, "anna", tmp_path / "ws-b")
    try:
        case = document(a, sign=False)
        sync(world, a, "anna")
        assert _numbers(a, case.exam_id) == [1, 2]
        PhotoService(a).delete(case.photo_ids[1])
        _add(a, case.exam_id, NEW[0], "new.jpg")
        assert _numbers(a, case.exam_id) == [1, 3]
        sync(world, a, "anna")  # asserts nothing was refused
        assert outbox_rows(a) == []
        held = server_rows(world, "photos", examination_id=uuid.UUID(case.exam_id))
        assert sorted(r["number"] for r in held) == [1, 2, 3]  # the server keeps the removed one
        # the second workstation never had photo 2 in its draft's latest version: it still skips 2
        # and 3 (the server holds them) for its next photo
        sync(world, b, "anna")
        assert _numbers(b, case.exam_id) == [1, 3]
        _add(b, case.exam_id, NEW[1], "on-b.jpg")
        assert _numbers(b, case.exam_id) == [1, 3, 4]
        sync(world, b, "anna")
        assert outbox_rows(b) == []
    finally:
        a.close()
        b.close()
