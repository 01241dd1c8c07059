"""The outbox inside a real encrypted store (SQLCipher, schema version 9): queued records and photo bytes
are not readable in the store's files, and they reach the unit server from there."""

from __future__ import annotations

from pathlib import Path

from injurydoc.store.schema import CURRENT_VERSION
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import cached_examination, pull
from injurydoc.sync.push import push
from tests.conftest import StoreInfo
from tests.server.sync_cases import CHUNK, N_PHOTOS, queue_examination, server_counts
from tests.server.world import World


def _raw(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_outbox_in_the_encrypted_store_pushes_and_pulls(world: World, store: StoreInfo) -> None:
    session = store.sign_in("anna")
    assert session.db.user_version() == CURRENT_VERSION >= 9
    ob = Outbox(StoreConnection(session.db))
    case = queue_examination(world, ob)
    raw = _raw(store.folder)
    assert b"Patienten ber" not in raw and b"Test Person" not in raw
    assert case["photos"][0][:64] not in raw
    with world.db.connect("anna", autocommit=False) as conn:
        res = push(conn, ob, chunk_size=CHUNK)
        assert res.remaining == 0 and ob.count() == 0
        pull(conn, ob)
    assert server_counts(world) == (1, 1, 1, 1, N_PHOTOS, 1)
    cached = cached_examination(ob, str(case["exam"]))
    assert cached is not None and cached["signature"] is not None
    assert b"Patienten ber" not in _raw(store.folder)


def test_cli_sync_sends_the_store_outbox_and_reports_a_refusal(world: World, store: StoreInfo) -> None:
    import io
    import uuid

    from injurydoc.cli import main
    from tests.conftest import PASSWORD

    session = store.sign_in("anna")
    ob = Outbox(StoreConnection(session.db))
    case = queue_examination(world, ob)
    session.close()

    def run() -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        argv = ["--lang", "en", "sync", "--store", str(store.folder), "--user", "anna"]
        # no password in the DSN: the one from stdin opens the store and signs in to the server
        argv += ["--dsn", world.db.cluster.dsn(world.db.name, "anna"), "--password-stdin"]
        rc = main(argv, stdin=io.StringIO(PASSWORD + "\n"), stdout=out, stderr=err)
        return rc, out.getvalue(), err.getvalue()

    rc, out, err = run()
    assert rc == 0, err
    assert f"{N_PHOTOS + 5} records sent" in out and "0 left to send" in out
    assert server_counts(world) == (1, 1, 1, 1, N_PHOTOS, 1)
    # a draft version for the examination signed meanwhile: refused with the server's reason, kept
    session = store.sign_in("anna")
    ob = Outbox(StoreConnection(session.db))
    vid = str(uuid.uuid4())
    ob.add(
        "version",
        vid,
        {
            "id": vid,
            "unit_id": str(world.unit_of("anna")),
            "examination_id": str(case["exam"]),
            "author_id": str(world.ids["anna"]),
            "client_saved_at": "2026-12-05T10:00:00+00:00",
            "content": {"account": "late"},
        },
    )
    session.close()
    rc, out, err = run()
    assert rc != 0 and "stays in the outbox" in err and "Traceback" not in err
    assert "1 left to send" in out
