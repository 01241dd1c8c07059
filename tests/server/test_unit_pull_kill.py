"""SIGKILL of the client in the middle of a pull into a unit cache: the cache opens, nothing half-written
shows, and the next pull completes (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from injurydoc.services import unit_mode
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.photos import PhotoService
from tests.helpers.kill_after import run_and_kill
from tests.server import unit_cases
from tests.server.unit_cases import document, sync
from tests.server.world import PASSWORD, World

WORKER = """
import sys
from pathlib import Path
import psycopg
from injurydoc.server import reads
from injurydoc.store.database import Database
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import pull
original = reads.read_photo
def read_photo(*args, **kw):
    print("photo", flush=True)
    return original(*args, **kw)
reads.read_photo = read_photo
db = Database(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), page_size=int(sys.argv[3]))
with psycopg.connect(sys.argv[4]) as conn:
    pull(conn, Outbox(StoreConnection(db)))
print("finished", flush=True)
"""


@pytest.mark.parametrize("kill_after", [1, 3])
def test_killed_mid_pull_then_the_cache_opens_and_the_next_pull_completes(
    world: World, tmp_path: Path, kill_after: int
) -> None:
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    try:
        cases = [
            document(a, number=n, name=f"Person {i}")
            for i, n in enumerate(("19800101-0001", "19750505-0000"))
        ]
        sync(world, a, "anna")
    finally:
        a.close()
    b = unit_cases.cache(world, "erik", tmp_path / "ws-b")
    path, key, page = b.db.path, b.vault.data_key.hex(), b.db.page_size
    b.close()
    run_and_kill(WORKER, [str(path), key, str(page), world.db.dsn("erik")], "photo", kill_after)

    b = unit_mode.sign_in_unit("erik", PASSWORD, dsn=world.db.dsn("erik"), root=tmp_path / "ws-b")
    try:
        assert b.db.scalar("PRAGMA integrity_check") == "ok"
        # what is there is whole: every examination has all its photos, or is not there at all
        for row in ExaminationService(b).search(""):
            assert len(PhotoService(b).records(row.examination_id)) == 2
        assert len(ExaminationService(b).search("")) < 2
        sync(world, b, "erik")
        rows = ExaminationService(b).search("")
        assert sorted(r.examination_id for r in rows) == sorted(c.exam_id for c in cases)
        for c in cases:
            assert ExaminationService(b).get(c.exam_id).is_signed
            assert len(PhotoService(b).records(c.exam_id)) == 2
        assert b.db.scalar("SELECT count(*) FROM sync_outbox WHERE kind <> 'log'") == 0  # no echo
    finally:
        b.close()
