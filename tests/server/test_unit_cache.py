"""Unit mode on a workstation: one encrypted cache per account (only its own key slot), the server's
settings inside it, and the background runner that sends the outbox and goes offline and back without
raising into its caller."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.domain.errors import AuthError, StoreError
from injurydoc.server.errors import ServerError
from injurydoc.services import unit_mode, unit_status, workstation
from injurydoc.services.unit_status import SyncStatus
from injurydoc.services.unit_sync import SyncRunner
from injurydoc.store.keyslots import TEST_KDF, KeySlots
from injurydoc.store.vault import DB_FILE, KEYSLOTS_FILE
from injurydoc.sync.outbox import Outbox, StoreConnection
from tests.server.world import PASSWORD, World, lookup_value


def _connect(world: World, user: str) -> Any:
    return unit_mode.connect_workstation(world.db.dsn(user), user, PASSWORD, kdf=TEST_KDF)


def test_each_account_has_its_own_cache_that_only_its_password_opens(world: World) -> None:
    anna = _connect(world, "anna")
    folder = anna.vault.folder
    try:
        slots = anna.vault.keyslots.slots
        assert [(s.kind, s.username) for s in slots] == [("account", "anna")]  # no recovery, no colleague
        assert anna.account.id == str(world.ids["anna"])
        settings = unit_mode.settings(anna.db)
        assert settings is not None and settings.unit_id == str(world.unit_a)
        assert "password" not in settings.dsn and PASSWORD not in settings.dsn
        anna_key = anna.vault.data_key
    finally:
        anna.close()
    # the server holds anna's signing key now, registered by anna herself
    with world.db.owner() as o:
        (n,) = o.execute(
            "SELECT count(*) FROM injurydoc.account_keys WHERE id = %s AND purpose = 'signing'",
            (uuid.UUID(settings.signing_key_id),),
        ).fetchone()
    assert n == 1

    erik = _connect(world, "erik")
    try:
        assert erik.vault.folder != folder
        erik_key = erik.vault.data_key
        page_size = erik.db.page_size
    finally:
        erik.close()
    assert erik_key != anna_key

    # erik's key does not open anna's cache (raw SQLCipher, as a colleague at the same computer would try)
    con = sqlcipher.connect(str(folder / DB_FILE))
    try:
        con.execute(f"PRAGMA key = \"x'{erik_key.hex()}'\"")
        con.execute(f"PRAGMA cipher_page_size = {page_size}")
        with pytest.raises(sqlcipher.DatabaseError):
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        con.close()
    # anna's key file has no slot erik (or his password) can open
    slots_file = KeySlots.load(folder / KEYSLOTS_FILE)
    with pytest.raises(AuthError):
        slots_file.open_account("erik", PASSWORD)
    with pytest.raises(AuthError):
        slots_file.open_account("anna", "erik's own password")

    # unit.json says which folder is whose, and holds no password
    text = (workstation.config_dir() / unit_mode.UNIT_FILE).read_text("utf-8")
    assert PASSWORD not in text and "password" not in text
    assert set(json.loads(text)["accounts"]) == {"anna", "erik"}

    # later sign-ins need no network: the server is not asked
    again = unit_mode.sign_in_unit("anna", PASSWORD)
    try:
        assert again.vault.folder == folder and unit_mode.is_unit(again.db)
    finally:
        again.close()
    with pytest.raises(StoreError) as info:
        unit_mode.sign_in_unit("olle", PASSWORD)
    assert info.value.code == "unit.no_cache"
    # a second connect of the same account is refused; nothing is overwritten
    with pytest.raises(StoreError):
        _connect(world, "anna")


def test_refused_sign_in_on_the_server_leaves_no_cache(world: World, tmp_path: Path) -> None:
    with pytest.raises(ServerError) as info:
        unit_mode.connect_workstation(world.db.dsn("anna", "wrong password!"), "anna", "wrong password!")
    assert info.value.code == "server.auth"
    assert not unit_mode.known_accounts()
    assert not unit_mode.cache_folder(world.db.dsn("anna"), "anna").exists()


_numbers = iter(range(1, 1000))


def _queue_patient(world: World, session: Any) -> str:
    """A patient registered through the service (which queues it in unit mode)."""
    from injurydoc.services.patients import PatientService
    from tests.conftest import make_pnr

    return PatientService(session).create(personal_id=make_pnr(next(_numbers)), name="Test Person").id


def _server_patients(world: World) -> int:
    with world.db.owner() as o:
        return int(o.execute("SELECT count(*) FROM injurydoc.patients").fetchone()[0])


def test_runner_sends_goes_offline_and_comes_back_without_raising(world: World) -> None:
    session = _connect(world, "anna")
    seen: list[SyncStatus] = []
    runner = SyncRunner.for_session(session, PASSWORD, interval=3600, backoff=(3600,))
    runner.add_listener(seen.append)
    try:
        _queue_patient(world, session)
        runner.start()
        assert runner.wait_rounds(1)
        st = runner.status()
        assert (st.mode, st.state, st.unsent, st.offline_since) == ("unit", "online", 0, None)
        assert st.last_sync is not None
        assert _server_patients(world) == 1
        assert any(s.state == "sending" for s in seen)  # the listener saw the push

        world.db.cluster.pause()
        try:
            _queue_patient(world, session)  # the workstation keeps working offline
            runner.sync_now()
            assert runner.wait_rounds(2)
            st = runner.status()
            assert st.state == "offline" and st.offline_since is not None and st.unsent == 1
        finally:
            world.db.cluster.resume()
        runner.sync_now()  # (the back-off of an hour is cut short by the person's "sync now")
        assert runner.wait_rounds(3)
        st = runner.status()
        assert (st.state, st.unsent, st.offline_since) == ("online", 0, None)
        assert _server_patients(world) == 2
    finally:
        runner.stop()
        session.close()


def test_a_refused_entry_needs_attention_and_stays_queued(world: World) -> None:
    session = _connect(world, "anna")
    runner = SyncRunner.for_session(session, PASSWORD, interval=3600, backoff=(3600,))
    try:
        pid = str(uuid.uuid4())
        with session.transaction() as db:  # a patient in another unit: the server's rules refuse it
            Outbox(StoreConnection(db)).add(
                "patient",
                pid,
                {
                    "id": pid,
                    "unit_id": str(world.unit_b),
                    "protection": "none",
                    "lookup": lookup_value(pid).hex(),
                    "identity": {"name": "X"},
                    "created_by": session.account.id,
                },
            )
        runner.start()
        assert runner.wait_rounds(1)
        st = runner.status()
        assert st.state == "attention" and st.attention == "sync.refused" and st.unsent == 1
        sv, en = unit_status.attention_message(st, "sv"), unit_status.attention_message(st, "en")
        assert "patient" in sv and "did not accept" in en and sv != en
    finally:
        runner.stop()
        session.close()


def test_standalone_status(store: Any) -> None:
    session = store.sign_in("anna")
    try:
        assert unit_status.local_status(session) == unit_status.STANDALONE
        assert unit_status.list_conflicts(session) == []
    finally:
        session.close()
