"""The sync runner's threading and listeners (services/unit_sync.py): nothing slow on the caller's thread
(the GUI's), and a listener removed — a window closed — is never called again."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import psycopg
import pytest

from injurydoc.services import unit_sync
from injurydoc.services.unit_status import SyncStatus
from injurydoc.services.unit_sync import SyncRunner
from injurydoc.ui.sync_status import SyncStatusLine


def _runner(session: Any, connect: Any) -> SyncRunner:
    return SyncRunner(
        store_path=session.db.path,
        data_key=session.vault.data_key,
        page_size=session.db.page_size,
        connect=connect,
        interval=3600,
        backoff=(3600,),
    )


def _unreachable() -> Any:
    raise psycopg.OperationalError("connection refused")


def _queue(session: Any) -> None:
    from injurydoc.sync.outbox import Outbox, StoreConnection

    with session.transaction() as db:
        Outbox(StoreConnection(db)).add("patient", str(uuid.uuid4()), {"protection": "none"})


def test_start_returns_before_the_store_or_the_server_is_touched(store: Any, monkeypatch) -> None:
    session = store.sign_in("anna")
    caller = threading.current_thread()
    release = threading.Event()
    threads: dict[str, threading.Thread] = {}
    real_database = unit_sync.Database

    def database(*args: Any, **kw: Any) -> Any:
        threads["store"] = threading.current_thread()
        return real_database(*args, **kw)

    def connect() -> Any:
        threads["server"] = threading.current_thread()
        # blocks like a server that does not answer; start() must have returned long before
        if not release.wait(30):
            raise AssertionError("start() waited for the connection")
        raise psycopg.OperationalError("no route to host")

    monkeypatch.setattr(unit_sync, "Database", database)
    runner = _runner(session, connect)
    try:
        runner.start()  # returns although the connection hangs
        assert "server" not in threads or threads["server"] is not caller
        release.set()
        assert runner.wait_rounds(1, timeout=30)
        assert threads["store"] is not caller and threads["server"] is not caller
        assert threads["store"] is threads["server"]  # the runner's own thread
        assert runner.status().state == "offline"
    finally:
        release.set()
        runner.stop()
        session.close()


def test_the_first_counts_arrive_from_the_runner_thread(store: Any) -> None:
    session = store.sign_in("anna")
    seen: list[tuple[SyncStatus, threading.Thread]] = []
    runner = _runner(session, _unreachable)
    runner.add_listener(lambda st: seen.append((st, threading.current_thread())))
    try:
        runner.start()
        assert runner.wait_rounds(1, timeout=30)
        assert seen and all(t is not threading.current_thread() for _st, t in seen)
        assert seen[-1][0].state == "offline" and seen[-1][0].offline_since is not None
    finally:
        runner.stop()
        session.close()


def test_a_removed_listener_is_not_called_again(store: Any) -> None:
    session = store.sign_in("anna")
    kept: list[SyncStatus] = []
    removed: list[SyncStatus] = []
    runner = _runner(session, _unreachable)
    runner.add_listener(kept.append)
    runner.add_listener(removed.append)
    try:
        runner.start()
        assert runner.wait_rounds(1, timeout=30)
        assert removed, "the listener heard the first round"
        runner.remove_listener(removed.append)  # an equal bound method, as a window passes it again
        heard = len(removed)
        runner.remove_listener(lambda st: None)  # unknown: ignored
        _queue(session)  # the next round's status differs: one entry unsent
        runner.sync_now()
        assert runner.wait_rounds(2, timeout=30)
        assert kept[-1].unsent == 1, "the listener still attached heard the change"
        assert len(removed) == heard
    finally:
        runner.stop()
        session.close()


class _Runner:
    """The runner's listener interface, to watch what the status line adds and removes."""

    def __init__(self) -> None:
        self.listeners: list[Any] = []
        self.current = SyncStatus(mode="unit", state="online")

    def status(self) -> SyncStatus:
        return self.current

    def add_listener(self, callback: Any) -> None:
        self.listeners.append(callback)

    def remove_listener(self, callback: Any) -> None:
        self.listeners.remove(callback)

    def sync_now(self) -> None:
        pass

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


@pytest.mark.parametrize("twice", [False, True])
def test_the_status_line_removes_its_listener_when_detached(qtbot, twice: bool) -> None:
    line = SyncStatusLine()
    qtbot.addWidget(line)
    runner = _Runner()
    line.attach(runner)
    assert len(runner.listeners) == 1
    if twice:  # attaching again (a second sign-in) replaces the first listener
        line.attach(runner)
        assert len(runner.listeners) == 1
    line.detach()
    assert runner.listeners == []
    line.detach()  # a second detach is harmless
