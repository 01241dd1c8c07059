"""SIGKILL of the client in the middle of pushing a protected person's photos: the next push resumes the
upload (each photo encrypts to the same bytes every time) instead of starting it again, and what arrives
is ciphertext whose SHA-256 the server checked (issues 14 and 16)."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest

from injurydoc.domain.vocab import Protection
from injurydoc.media.synthetic import PhotoSpec, make_photo
from injurydoc.services import unit_mode
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.sync.push import push
from tests.helpers.kill_after import run_and_kill
from tests.server import unit_cases
from tests.server.unit_cases import outbox, server_rows
from tests.server.world import PASSWORD, World

CHUNK = 65536  # the server's smallest chunk
BIG = [make_photo(PhotoSpec(size=(1600, 1200), seed=n)) for n in (7, 8)]  # three chunks each

WORKER = """
import sys
from pathlib import Path
from injurydoc.server.connection import connect
from injurydoc.services import unit_mode
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.push import push
s = unit_mode.sign_in_unit("anna", sys.argv[1], dsn=sys.argv[2], root=Path(sys.argv[3]))
def progress(done, total):
    print("chunk", flush=True)
with connect(sys.argv[2]) as conn:
    push(conn, Outbox(StoreConnection(s.db)), chunk_size=int(sys.argv[4]), progress=progress)
print("finished", flush=True)
"""


@pytest.mark.parametrize("kill_after", [2, 4])
def test_killed_mid_protected_push_then_the_next_push_resumes(
    world: World, tmp_path: Path, kill_after: int
) -> None:
    root = tmp_path / "ws-a"
    a = unit_cases.cache(world, "anna", root)
    try:
        patient = PatientService(a).create(
            personal_id="19750505-0000", name="Hemlig Hansson", protection=Protection.SKYDDAD_FOLKBOKFORING
        )
        exam = ExaminationService(a).create(patient.id)
        PhotoService(a).import_data(exam.id, [("a.jpg", BIG[0]), ("b.jpg", BIG[1])])
    finally:
        a.close()
    run_and_kill(WORKER, [PASSWORD, world.db.dsn("anna"), str(root), str(CHUNK)], "chunk", kill_after)
    with world.db.owner() as o:
        before = o.execute("SELECT count(*) FROM injurydoc.photo_chunks").fetchone()[0]
    assert before >= 1

    a = unit_mode.sign_in_unit("anna", PASSWORD, dsn=world.db.dsn("anna"), root=root)
    try:
        assert a.db.scalar("PRAGMA integrity_check") == "ok"
        with world.db.connect("anna", autocommit=False) as conn:
            res = push(conn, outbox(a), chunk_size=CHUNK)
        assert res.remaining == 0 and not res.refused
        assert res.photo_chunks_sent == 6 - before  # resumed: only what had not arrived
        photos = server_rows(world, "photos", examination_id=uuid.UUID(exam.id))
        assert len(photos) == 2 and all(p["metadata"] is None and p["metadata_ciphertext"] for p in photos)
        plain = {hashlib.sha256(b).hexdigest() for b in BIG}
        with world.db.owner() as o:
            for p in photos:
                data = b"".join(
                    bytes(r[0])
                    for r in o.execute(
                        "SELECT data FROM injurydoc.photo_chunks WHERE sha256 = %s ORDER BY idx",
                        (p["sha256"],),
                    )
                )
                assert hashlib.sha256(data).digest() == bytes(p["sha256"])  # what was checked on arrival
                assert bytes(p["sha256"]).hex() not in plain and all(b[:4096] not in data for b in BIG)
            chunks = o.execute("SELECT count(*) FROM injurydoc.photo_chunks").fetchone()[0]
        assert chunks == 6  # nothing stored twice
        wraps = server_rows(world, "patient_key_wraps", patient_id=uuid.UUID(patient.id))
        assert {w["account_id"] for w in wraps} >= {world.ids["anna"]}
    finally:
        a.close()
