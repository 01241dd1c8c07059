"""Protection taken away again (protected → none) through the unit server (issue 16): the change reaches
the other workstations of accounts that held the key, which open their copy in place; what the server
holds afterwards — the identity in plain text, the earlier ciphertext and the wraps kept — and what a
colleague who never held the key gets (docs/server.md, "Protected persons through the unit server")."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.domain.vocab import Protection
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.unit_admin import UnitGrantService
from injurydoc.sync.push import push
from tests.server import unit_cases
from tests.server.unit_cases import PHOTOS, document, server_rows, sync
from tests.server.world import World

NAME, NUMBER = "Hemlig Hansson", "19750505-0000"
PROTECTED = Protection.SKYDDAD_FOLKBOKFORING
AFTER = "Skrivet efter att skyddet togs bort."


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path, room5="anna") as caches:
        yield caches


def test_protection_taken_away_reaches_the_other_workstations_and_the_server(world: World, unit: Any) -> None:
    chef, a, a2, e, c = unit["chef"], unit["anna"], unit["room5"], unit["erik"], unit["cecilia"]
    case = document(a, number=NUMBER, name=NAME, protection=PROTECTED, sign=False)
    sync(world, a, "anna")
    sync(world, a2, "anna")
    sync(world, a, "anna")  # wraps for room 5's key
    sync(world, a2, "anna")
    UnitGrantService(chef, lambda: world.db.connect("chef", autocommit=False)).grant(
        case.patient_id,
        str(world.ids["erik"]),
        reason="Uppföljning",
        until=dt.date.today() + dt.timedelta(days=30),
    )
    sync(world, e, "erik")
    sync(world, c, "cecilia")
    for s in (a2, e):
        raw = s.db.one("SELECT name FROM patients WHERE id = ?", (case.patient_id,))
        assert str(raw[0]).startswith("enc1:")
    assert c.db.one("SELECT 1 FROM patients WHERE id = ?", (case.patient_id,)) is None
    pid, exam = uuid.UUID(case.patient_id), uuid.UUID(case.exam_id)
    before = {str(v["id"]): v for v in server_rows(world, "examination_versions", examination_id=exam)}
    wraps_before = server_rows(world, "patient_key_wraps", patient_id=pid)

    PatientService(a).set_protection(case.patient_id, Protection.NONE)
    ExaminationService(a).update(case.exam_id, patient_account=AFTER)
    with world.db.connect("anna", autocommit=False) as conn:  # sent, not pulled yet: no new wrap yet
        assert push(conn, unit_cases.outbox(a)).remaining == 0

    # the server: the identity in plain text, no identity ciphertext; the new version plain; what was
    # sent while protected stays ciphertext, unchanged (append-only), and every wrap stays
    (p,) = server_rows(world, "patients", id=pid)
    assert p["protection"] == "none" and p["identity"]["name"] == NAME and p["identity_ciphertext"] is None
    after = {str(v["id"]): v for v in server_rows(world, "examination_versions", examination_id=exam)}
    assert set(before) < set(after)
    for vid, v in before.items():
        assert after[vid]["content"] is None and after[vid]["content_ciphertext"] == v["content_ciphertext"]
    (new,) = [after[v] for v in set(after) - set(before)]
    assert new["content_ciphertext"] is None and new["content"]["fields"]["patient_account"] == AFTER
    photos = server_rows(world, "photos", examination_id=exam)
    assert len(photos) == 2 and all(ph["metadata"] is None and ph["metadata_ciphertext"] for ph in photos)
    assert server_rows(world, "patient_key_wraps", patient_id=pid) == wraps_before

    # cecilia, who may open the person now but holds no wrap yet: the person, and the examination
    # waiting in sync_cache (no error, nothing opened)
    res = sync(world, c, "cecilia")
    assert PatientService(c).get(case.patient_id).name == NAME
    assert c.db.one("SELECT 1 FROM examinations WHERE id = ?", (case.exam_id,)) is None
    assert c.db.one("SELECT 1 FROM sync_cache WHERE id = ?", (case.exam_id,)) is not None
    assert res.examinations_read == 1

    # room 3's next pull wraps the key for every clinician who may open the person now
    sync(world, a, "anna")
    wraps_after = server_rows(world, "patient_key_wraps", patient_id=pid)
    assert {w["account_id"] for w in wraps_after} == {w["account_id"] for w in wraps_before} | {
        world.ids["cecilia"]
    }
    # each workstation: the person opened in place (no longer sealed, no local wrap), the new text,
    # the photos from the protected time opened
    for s in (a2, e, c):
        sync(world, s, "erik" if s is e else "cecilia" if s is c else "anna")
        on = PatientService(s).get(case.patient_id)
        assert (on.name, on.protection) == (NAME, Protection.NONE)
        raw = s.db.one("SELECT name, id_value FROM patients WHERE id = ?", (case.patient_id,))
        assert not any(str(v).startswith("enc1:") for v in raw)
        assert s.db.all("SELECT * FROM person_key_wraps WHERE patient_id = ?", (case.patient_id,)) == []
        body = s.db.scalar("SELECT body FROM examinations WHERE id = ?", (case.exam_id,))
        assert not str(body).startswith("enc1:")
        assert ExaminationService(s).get(case.exam_id).patient_account == AFTER
        ph = PhotoService(s)
        assert sorted(ph.original(x.id) for x in ph.records(case.exam_id)) == sorted(PHOTOS)
        assert sorted(x.sha256 for x in ph.records(case.exam_id)) == sorted(
            hashlib.sha256(x).hexdigest() for x in PHOTOS
        )
        assert unit_cases.outbox_rows(s) == []
