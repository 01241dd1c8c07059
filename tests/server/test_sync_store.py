"""The outbox inside a real encrypted store (SQLCipher, schema version 9): queued records and photo bytes
are not readable in the store's files, and they reach the unit server from there."""

from __future__ import annotations

from pathlib import Path

from injurydoc.store.schema import CURRENT_VERSION
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import cached_examination, pull
from injurydoc.sync.push import push
from tests.conftest import StoreInfo
from tests.server.test_sync_push import CHUNK, N_PHOTOS, _counts, _examination
from tests.server.world import World


def _raw(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_outbox_in_the_encrypted_store_pushes_and_pulls(world: World, store: StoreInfo) -> None:
    session = store.sign_in("anna")
    assert session.db.user_version() == CURRENT_VERSION >= 9
    ob = Outbox(StoreConnection(session.db))
    case = _examination(world, ob)
    raw = _raw(store.folder)
    assert b"Patienten ber" not in raw and b"Test Person" not in raw
    assert case["photos"][0][:64] not in raw
    with world.db.connect("anna", autocommit=False) as conn:
        res = push(conn, ob, chunk_size=CHUNK)
        assert res.remaining == 0 and ob.count() == 0
        pull(conn, ob)
    assert _counts(world) == (1, 1, 1, 1, N_PHOTOS, 1)
    cached = cached_examination(ob, str(case["exam"]))
    assert cached is not None and cached["signature"] is not None
    assert b"Patienten ber" not in _raw(store.folder)
