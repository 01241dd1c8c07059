"""Background sync of a unit-mode workstation with its unit server (issue 16), without Qt.

A :class:`SyncRunner` owns one thread.  It pushes the store's outbox and pulls from the server; when the
server cannot be reached it waits longer and longer (:data:`BACKOFF`) and tries again, and a network
failure never reaches the caller: it only changes :meth:`SyncRunner.status`.  The runner uses its own
connection to the store file (opened with the store's data key, which the session holds anyway), so the
GUI's store calls and the sync never share a connection; SQLite's WAL lets both work at once.

Listeners (:meth:`SyncRunner.add_listener`) are called **from the runner's thread** with the new
:class:`~injurydoc.services.unit_status.SyncStatus` each time it changes; a Qt window marshals them to
its own thread.

What needs a person never raises either: a refused entry (the server's rules said no), a refused
sign-in on the server, a certificate problem.  The status turns to ``attention`` with a message code
(:func:`injurydoc.services.unit_status.attention_message` gives the words); the entry stays queued.

What the status holds, the status from the store alone and the conflicts are in
:mod:`injurydoc.services.unit_status`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from injurydoc.services.unit_status import SyncStatus, counts, parse_time, signed_elsewhere_params
from injurydoc.store.database import Database
from injurydoc.sync.outbox import Outbox, StoreConnection

if TYPE_CHECKING:
    import psycopg

    from injurydoc.services.session import Session

__all__ = [
    "BACKOFF",
    "INTERVAL",
    "SyncRunner",
    "runner_for",
    "sealed_holder",
    "wake",
]

log = logging.getLogger(__name__)

#: Seconds to wait after the 1st, 2nd, … failed attempt to reach the server (the last one repeats).
BACKOFF: Final[tuple[float, ...]] = (2.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0)
#: Seconds between two syncs while all is well (a local write wakes the runner at once).
INTERVAL: Final = 30.0


# ----- the runner ------------------------------------------------------------------------------------------
Listener = Callable[[SyncStatus], None]
Connect = Callable[[], "psycopg.Connection[Any]"]

#: session database -> its runner, so that a local write can wake it (see :func:`wake`)
_RUNNERS: weakref.WeakKeyDictionary[Database, SyncRunner] = weakref.WeakKeyDictionary()


def runner_for(session: Session) -> SyncRunner | None:
    return _RUNNERS.get(session.db)


def wake(db: Database) -> None:
    """A write was queued: ask the session's runner (if any) to send soon."""
    runner = _RUNNERS.get(db)
    if runner is not None:
        runner.sync_now()


@dataclass
class _Progress:
    done_before: int = 0  # photo bytes of photos finished in this push
    current: int = 0


@dataclass
class _RunnerState:
    status: SyncStatus
    failures: int = 0
    listeners: list[Listener] = field(default_factory=list)


class SyncRunner:
    """Push and pull in a background thread; see the module docstring."""

    def __init__(
        self,
        *,
        store_path: Path,
        data_key: bytes,
        page_size: int,
        connect: Connect,
        workstation_id: str | None = None,
        workstation_name: str = "",
        interval: float = INTERVAL,
        backoff: Sequence[float] = BACKOFF,
        chunk_size: int | None = None,
        pull: bool = True,
        session_db: Database | None = None,
    ) -> None:
        self._store_path = store_path
        self._data_key = data_key
        self._page_size = page_size
        self._connect = connect
        self._workstation_id = workstation_id
        self._workstation_name = workstation_name
        self._interval = interval
        self._backoff = tuple(backoff) or BACKOFF
        self._chunk_size = chunk_size
        self._pull = pull
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection[Any] | None = None
        self._db: Database | None = None
        self._st = _RunnerState(SyncStatus(mode="unit", state="offline"))
        #: the session's own connection, so that its writes can wake this runner (:func:`wake`)
        self._session_db = session_db
        if session_db is not None:
            _RUNNERS[session_db] = self
        #: the cache's own unit key (the session's), to certify keys the pull checked on the server
        self.unit_key: Any = None
        #: the account's personal keys (the session's), for a protected person's case (sync/sealed.py)
        self.holder: Any = None
        #: rounds finished (successful or not): tests wait on it instead of sleeping
        self.rounds = 0
        self._round_done = threading.Condition()

    # ----- made for a session ------------------------------------------------------------------------
    @classmethod
    def for_session(cls, session: Session, password: str, **kw: Any) -> SyncRunner:
        """A runner for a signed-in unit-mode session; it connects as the account's own login role
        with the account's password (kept in this object, in memory only, while it runs)."""
        from injurydoc.services import unit_mode

        settings = unit_mode.settings(session.db)
        if settings is None:
            raise ValueError("the store is not in unit mode")
        dsn = settings.dsn

        def connect() -> psycopg.Connection[Any]:
            from injurydoc.server.connection import connect as server_connect

            return server_connect(dsn, password=password)

        runner = cls(
            store_path=session.db.path,
            data_key=session.vault.data_key,
            page_size=session.db.page_size,
            connect=connect,
            workstation_id=unit_mode.workstation_id(),
            workstation_name=unit_mode.workstation_name(),
            session_db=session.db,
            **kw,
        )
        runner.unit_key = session.unit_key
        runner.holder = sealed_holder(session)
        return runner

    # ----- control -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the thread and return at once.  Everything slow — opening the store file, counting the
        outbox, every connection to the server — happens on the runner's own thread, never on the
        caller's (the GUI thread); the first status with the counts reaches the listeners from there."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="injurydoc-sync", daemon=True)
        self._thread.start()

    def _open_store(self) -> bool:
        """The runner's own connection to the store, and the first counts (on the runner's thread)."""
        try:
            db = Database(self._store_path, self._data_key, page_size=self._page_size)
        except Exception as exc:  # the store moved or is damaged: say so, the session keeps its own
            log.warning("sync could not open the store: %s", type(exc).__name__)
            self._set(state="attention", attention="sync.failed", attention_params=())
            return False
        if self._stopping.is_set():
            db.close()
            return False
        self._db = db
        if self.holder is not None:
            from injurydoc.sync import sealed

            sealed.attach(db, self.holder)
        ob = Outbox(StoreConnection(db))
        from injurydoc.sync.client_log import WORKSTATION

        if self._workstation_id and ob.get_state(WORKSTATION) != self._workstation_id:
            ob.set_state(WORKSTATION, self._workstation_id)  # named in the sync's own log rows
        unsent, photos, size, conflicts = counts(db)
        self._set(
            unsent=unsent,
            photos_to_send=photos,
            bytes_total=size,
            conflicts=conflicts,
            last_sync=parse_time(ob.get_state("synced_at")),
        )
        return True

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the thread and close its connections.  What is unsent stays in the outbox."""
        self._stopping.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        if self._session_db is not None:
            _RUNNERS.pop(self._session_db, None)
        conn, self._conn = self._conn, None
        if conn is not None and (thread is None or not thread.is_alive()):
            with contextlib.suppress(Exception):
                conn.close()
        db, self._db = self._db, None
        if db is not None and (thread is None or not thread.is_alive()):
            db.close()
        self._data_key = b""
        self.holder = None

    def sync_now(self) -> None:
        """Sync as soon as possible (after a local write, or the person asked); resets the back-off."""
        with self._lock:
            self._st.failures = 0
        self._wake.set()

    def status(self) -> SyncStatus:
        with self._lock:
            return self._st.status

    def add_listener(self, callback: Listener) -> None:
        """``callback(status)`` after every change, called from the runner's thread."""
        with self._lock:
            self._st.listeners.append(callback)

    def remove_listener(self, callback: Listener) -> None:
        """Stop calling ``callback`` (a window that closes).  A call already under way on the runner's
        thread may still finish; none starts after this returns.  Unknown callbacks are ignored."""
        with self._lock:
            self._st.listeners = [c for c in self._st.listeners if c != callback]

    def wait_rounds(self, n: int, timeout: float = 60.0) -> bool:
        """Block until ``n`` rounds have finished in all (tests and the command line)."""
        with self._round_done:
            return self._round_done.wait_for(lambda: self.rounds >= n, timeout)

    # ----- the thread --------------------------------------------------------------------------------
    def _set(self, **changes: Any) -> None:
        with self._lock:
            new = replace(self._st.status, **changes)
            if new == self._st.status:
                return
            self._st.status = new
            listeners = list(self._st.listeners)
        for callback in listeners:
            with self._lock:  # removed meanwhile (a window closed): not called any more
                if callback not in self._st.listeners:
                    continue
            try:
                callback(new)
            except Exception as exc:  # a listener's bug must not stop the sync
                log.warning("sync listener failed: %s", type(exc).__name__)

    def _run(self) -> None:
        delay = 0.0
        while not self._stopping.is_set():
            if delay:
                self._wake.wait(delay)
            self._wake.clear()
            if self._stopping.is_set():
                break
            if self._db is None and not self._open_store():
                delay = self._backoff[-1]
                continue
            delay = self._round()
            with self._round_done:
                self.rounds += 1
                self._round_done.notify_all()
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()
        db, self._db = self._db, None
        if db is not None:
            db.close()

    def _round(self) -> float:
        """One push and pull.  Returns the seconds to wait before the next."""
        from injurydoc.server.errors import ServerError

        db = self._db
        if db is None:
            return self._interval
        try:
            conn = self._connection()
            self._push(conn, db)
            if self._pull:
                self._pull_now(conn, db)
            self._report(conn, "ok")
            aside = signed_elsewhere_params(Outbox(StoreConnection(db)))
            if aside:
                self._refresh(state="attention", attention="sync.signed_elsewhere", attention_params=aside)
        except ServerError as exc:
            if exc.code in ("server.connect", "server.error") or self._conn_lost():
                return self._offline()
            self._close_conn()
            return self._attention(exc.code, exc.params, failed=True)
        except Exception as exc:
            if _network(exc) or self._conn_lost():
                return self._offline()
            log.warning("sync round failed: %s", type(exc).__name__)
            self._close_conn()
            return self._attention("sync.failed", {}, failed=True)
        return self._interval

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        self._close_conn()
        self._conn = self._connect()
        return self._conn

    def _conn_lost(self) -> bool:
        conn = self._conn
        return conn is None or conn.closed or conn.broken

    def _close_conn(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _offline(self) -> float:
        self._close_conn()
        with self._lock:
            self._st.failures += 1
            n = self._st.failures
            since = self._st.status.offline_since or _now()
        self._refresh(state="offline", offline_since=since, bytes_sent=0)
        return self._backoff[min(n - 1, len(self._backoff) - 1)]

    def _attention(self, code: str, params: Any, *, failed: bool) -> float:
        with self._lock:
            if failed:
                self._st.failures += 1
            n = max(self._st.failures, 1)
        shown = tuple((str(k), str(v)) for k, v in dict(params).items())
        self._refresh(state="attention", attention=code, attention_params=shown, offline_since=None)
        return self._backoff[min(n - 1, len(self._backoff) - 1)] if failed else self._interval

    def _refresh(self, **changes: Any) -> None:
        db = self._db
        if db is not None:
            unsent, photos, size, conflicts = counts(db)
            changes = {
                "unsent": unsent,
                "photos_to_send": photos,
                "conflicts": conflicts,
                "bytes_total": size,
            } | changes
        self._set(**changes)

    def _push(self, conn: psycopg.Connection[Any], db: Database) -> None:
        from injurydoc.sync.push import push

        ob = Outbox(StoreConnection(db))
        _unsent, _photos, size, _conflicts = counts(db)
        if not ob.count():  # (log entries too)
            return
        self._refresh(state="sending", bytes_sent=0, bytes_total=size, offline_since=None, attention=None)
        progress = _Progress()
        seen_total = [0]

        def on_chunk(done: int, total: int) -> None:
            # upload() reports chunks of the photo in flight; turn them into bytes of the whole push
            if total != seen_total[0] or done < progress.current:
                progress.done_before += progress.current
                progress.current = 0
                seen_total[0] = total
            chunk = self._chunk_size or _default_chunk()
            progress.current = done * chunk
            sent = min(progress.done_before + progress.current, size)
            self._set(bytes_sent=sent)

        kw: dict[str, Any] = {"progress": on_chunk}
        if self._chunk_size:
            kw["chunk_size"] = self._chunk_size
        result = push(conn, ob, **kw)
        if result.refused:
            kind, _item, _code = result.refused[0]
            reason = result.refusal.message("sv") if result.refusal is not None else ""
            reason_en = result.refusal.message("en") if result.refusal is not None else ""
            self._refresh(
                state="attention",
                attention="sync.refused",
                attention_params=(("kind", kind), ("reason", reason), ("reason_en", reason_en)),
                bytes_sent=0,
            )
            with self._lock:
                self._st.failures += 1
            return
        self._refresh(state="online", bytes_sent=0, attention=None, attention_params=())

    def _pull_now(self, conn: psycopg.Connection[Any], db: Database) -> None:
        from injurydoc.sync import pull, training

        ob = Outbox(StoreConnection(db))
        pull.pull(conn, ob, unit_key=self.unit_key)
        training.pull_training(conn, db, ob)  # a training unit's exercises and results (0010)
        now = _now()
        ob.set_state("synced_at", now.isoformat())
        with self._lock:
            failed = self._st.failures
            attention = self._st.status.attention
        if attention is not None and failed:
            self._refresh(offline_since=None, last_sync=now)
            return
        with self._lock:
            self._st.failures = 0
        self._refresh(state="online", offline_since=None, last_sync=now, attention=None, attention_params=())

    def _report(self, conn: psycopg.Connection[Any], outcome: str) -> None:
        if not self._workstation_id:
            return
        from importlib.metadata import PackageNotFoundError, version

        try:
            client = version("injurydoc")
        except PackageNotFoundError:
            client = ""
        conn.execute(
            "SELECT injurydoc.report_sync(%s, %s, %s, %s)",
            (uuid.UUID(self._workstation_id), self._workstation_name[:100], outcome, client),
        )
        conn.commit()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sealed_holder(session: Session) -> Any:
    """The session's keys for the sync of a protected person's case (None: the session holds none)."""
    from injurydoc.store import protected
    from injurydoc.sync import sealed

    if session.keys is None:
        return None
    lookup = protected.lookup_key(session.vault.data_key, session.vault.store_id)
    return sealed.Holder(session.account.id, session.keys, lookup)


def _default_chunk() -> int:
    from injurydoc.server.upload import CHUNK_SIZE

    return CHUNK_SIZE


def _network(exc: BaseException) -> bool:
    """A failure of the network or the server process (not of a rule): wait and try again."""
    import psycopg

    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError, OSError, TimeoutError))
