"""SIGKILL of the client in the middle of a push, at several points: the outbox (a file) opens, and the
next push completes with nothing lost or duplicated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from injurydoc.store.schema import V9
from injurydoc.sync.outbox import Outbox
from injurydoc.sync.push import push
from tests.helpers.kill_after import run_and_kill
from tests.server.sync_cases import CHUNK, N_PHOTOS, queue_examination, server_counts
from tests.server.world import World

WORKER = """
import sqlite3, sys
from injurydoc.server.connection import connect
from injurydoc.sync.outbox import Outbox
from injurydoc.sync.push import push
ob = Outbox(sqlite3.connect(sys.argv[1]))
def progress(done, total):
    print("chunk", flush=True)
with connect(sys.argv[2]) as conn:
    push(conn, ob, chunk_size=int(sys.argv[3]), progress=progress)
print("finished", flush=True)
"""


@pytest.mark.parametrize("kill_after", [1, 17, 38])
def test_killed_mid_push_then_next_push_completes(world: World, tmp_path: Path, kill_after: int) -> None:
    path = tmp_path / "outbox.db"
    con = sqlite3.connect(path)
    for stmt in V9:
        con.execute(stmt)
    con.commit()
    ob = Outbox(con)
    case = queue_examination(world, ob)
    con.commit()
    con.close()
    run_and_kill(WORKER, [str(path), world.db.dsn("anna"), str(CHUNK)], "chunk", kill_after)
    assert server_counts(world)[4] < N_PHOTOS  # it really was cut short

    reopened = Outbox(sqlite3.connect(path))
    assert reopened.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with world.db.connect("anna", autocommit=False) as conn:
        res = push(conn, reopened, chunk_size=CHUNK)
    assert res.remaining == 0 and not res.refused
    assert server_counts(world) == (1, 1, 1, 1, N_PHOTOS, 1)
    with world.db.owner() as o:
        chunks = o.execute("SELECT count(*) FROM injurydoc.photo_chunks").fetchone()[0]
    assert chunks == N_PHOTOS * 4
    assert len(case["photos"]) == N_PHOTOS
