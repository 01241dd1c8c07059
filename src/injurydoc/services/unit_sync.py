"""Background sync of a unit-mode workstation with its unit server (issue 16), without Qt.

A :class:`SyncRunner` owns one thread.  It pushes the store's outbox and pulls from the server; when the
server cannot be reached it waits longer and longer (:data:`BACKOFF`) and tries again, and a network
failure never reaches the caller: it only changes :meth:`SyncRunner.status`.  The runner uses its own
connection to the store file (opened with the store's data key, which the session holds anyway), so the
GUI's store calls and the sync never share a connection; SQLite's WAL lets both work at once.

Listeners (:meth:`SyncRunner.add_listener`) are called **from the runner's thread** with the new
:class:`SyncStatus` each time it changes; a Qt window marshals them to its own thread.

What needs a person never raises either: a refused entry (the server's rules said no), a refused
sign-in on the server, a certificate problem.  The status turns to ``attention`` with a message code in
:attr:`SyncStatus.attention` (:func:`attention_message` gives the words in Swedish or English); the
entry stays queued.

Conflicts (a draft edited on two workstations while offline) are read with :func:`list_conflicts`,
both versions' content side by side, and resolved with :func:`resolve_conflict`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import threading
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from injurydoc.domain.errors import Lang
from injurydoc.domain.texts import template
from injurydoc.store.database import Database
from injurydoc.sync.outbox import Outbox, StoreConnection

if TYPE_CHECKING:
    import psycopg

    from injurydoc.services.session import Session

__all__ = [
    "BACKOFF",
    "STANDALONE",
    "SYNC_CODES",
    "Conflict",
    "ConflictVersion",
    "SyncRunner",
    "SyncStatus",
    "attention_message",
    "list_conflicts",
    "local_status",
    "openable_conflicts",
    "runner_for",
]

log = logging.getLogger(__name__)

Mode = Literal["standalone", "unit"]
State = Literal["online", "offline", "sending", "attention"]

#: Seconds to wait after the 1st, 2nd, … failed attempt to reach the server (the last one repeats).
BACKOFF: Final[tuple[float, ...]] = (2.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0)
#: Seconds between two syncs while all is well (a local write wakes the runner at once).
INTERVAL: Final = 30.0

#: The sync's own attention codes, worded as ``sync_error.<name>`` in domain/texts.py.  Server refusals
#: use the server's codes (``server.*``, :mod:`injurydoc.server.errors`).
SYNC_CODES: Final = frozenset({"sync.refused", "sync.failed", "sync.signed_elsewhere"})


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows.  ``state``: ``online`` (the last sync reached the server),
    ``offline`` (it did not; ``offline_since`` says since when), ``sending`` (a push is running;
    ``bytes_sent``/``bytes_total`` count photo bytes), ``attention`` (``attention`` names what needs a
    person).  ``unsent``: outbox entries not yet confirmed by the server, ``photos_to_send`` those of
    them that are photos."""

    mode: Mode
    state: State
    offline_since: dt.datetime | None = None
    unsent: int = 0
    photos_to_send: int = 0
    bytes_sent: int = 0
    bytes_total: int = 0
    conflicts: int = 0
    last_sync: dt.datetime | None = None
    attention: str | None = None
    #: the values of the attention message (kind, reason), for :func:`attention_message`
    attention_params: tuple[tuple[str, str], ...] = ()


#: The status of a standalone store: there is no server and nothing to send.
STANDALONE: Final = SyncStatus(mode="standalone", state="online")


def attention_message(status: SyncStatus, lang: Lang = "sv") -> str:
    """The words for :attr:`SyncStatus.attention` ("" when nothing needs a person)."""
    code = status.attention
    if code is None:
        return ""
    params = dict(status.attention_params)
    if lang != "sv" and "reason_en" in params:
        params["reason"] = params["reason_en"]
    if code in SYNC_CODES:
        return template("sync_error." + code.removeprefix("sync."), lang).format_map(_Missing(params))
    from injurydoc.server.errors import ServerError

    return ServerError(code, **params).message(lang)


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ----- local reads (no network) ----------------------------------------------------------------------------
def _counts(db: Database) -> tuple[int, int, int, int]:
    """(entries, photo entries, photo bytes, conflicts) in the store.  Entries of the access log are
    sent too but not counted: the person sees what they made that has not arrived.  Conflicts: only
    those this account may open here (:func:`openable_conflicts`)."""
    row = db.one(
        "SELECT coalesce(sum(kind <> 'log'), 0), coalesce(sum(kind = 'photo'), 0),"
        " coalesce(sum(CASE WHEN kind = 'photo' THEN length(blob) ELSE 0 END), 0) FROM sync_outbox"
    )
    conflicts = len(openable_conflicts(db))
    if row is None:
        return 0, 0, 0, conflicts
    return int(row[0]), int(row[1]), int(row[2]), conflicts


def _clinical(db: Database, account_id: str) -> bool:
    """The cache's account takes part in care (``services.access.is_clinical``, from the store alone)."""
    return "clinician" in _roles(db, account_id) or (_training(db) and "trainer" in _roles(db, account_id))


def _roles(db: Database, account_id: str) -> set[str]:
    return {str(r[0]) for r in db.all("SELECT role FROM account_roles WHERE account_id = ?", (account_id,))}


def _training(db: Database) -> bool:
    return bool(db.scalar("SELECT value FROM meta WHERE key = 'purpose'") == "training")


def openable_conflicts(db: Database) -> list[tuple[str, str, str]]:
    """``(examination id, patient id, version ids as JSON)`` of the conflicts the cache's account may
    open here, oldest first: the examination is in the cache's tables, the person is one the account may
    see (a clinician: anyone without protection; otherwise the account's own case or a grant still
    valid, ``services.access.visible_clause``), and a protected person's key opens here (the account's
    wrap on this connection, ``store/protected.py``).  A conflict row of anything else — a case no
    longer granted, a protected person without a wrap, a row planted by raw SQL — is neither counted
    nor listed.  From the store alone (the sync runner's own connection has no session)."""
    from injurydoc.store import patients as patients_repo
    from injurydoc.store import protected

    me = Outbox(StoreConnection(db)).get_state("account_id") or ""
    roles = _roles(db, me)
    if not me or (not _training(db) and "trainer" in roles and "clinician" not in roles):
        return []  # a trainer only, in a real store, opens no clinical content (services.access)
    visible = (
        "(p.created_by = ? OR EXISTS (SELECT 1 FROM access_grants g WHERE g.patient_id = p.id"
        f" AND g.account_id = ? AND {patients_repo.GRANT_VALID}))"
    )
    if _clinical(db, me):
        visible = patients_repo.VISIBLE_TO
    rows = db.all(
        "SELECT c.examination_id, e.patient_id, c.version_ids FROM sync_conflicts c"
        " JOIN examinations e ON e.id = c.examination_id JOIN patients p ON p.id = e.patient_id"
        f" WHERE {visible} ORDER BY c.found_at, c.examination_id",
        (me, me),
    )
    out = []
    for exam_id, patient_id, version_ids in rows:
        pid = str(patient_id)
        if protected.person_is_sealed(db, pid) and protected.cipher_of(db, pid) is None:
            continue  # a protected person whose key this account does not hold here
        out.append((str(exam_id), pid, str(version_ids)))
    return out


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def local_status(session: Session) -> SyncStatus:
    """The status from the store alone (no network): the mode, what is unsent, the conflicts, the last
    sync.  For a standalone store :data:`STANDALONE`.  A running runner's :meth:`SyncRunner.status` is
    fresher; this is what the start page shows before the runner has started."""
    from injurydoc.services import unit_mode

    if not unit_mode.is_unit(session.db):
        return STANDALONE
    unsent, photos, size, conflicts = _counts(session.db)
    ob = Outbox(StoreConnection(session.db))
    status = SyncStatus(
        mode="unit",
        state="offline",
        unsent=unsent,
        photos_to_send=photos,
        bytes_total=size,
        conflicts=conflicts,
        last_sync=_parse_time(ob.get_state("synced_at")),
    )
    aside = signed_elsewhere_params(ob)
    if aside:
        return dataclasses.replace(
            status, state="attention", attention="sync.signed_elsewhere", attention_params=aside
        )
    return status


def signed_elsewhere_params(ob: Outbox) -> tuple[tuple[str, str], ...]:
    """The attention values while records of a draft signed first on another workstation are set
    aside here (sync/set_aside.py): the case numbers; () when there are none."""
    from injurydoc.sync import set_aside

    refs = [str(r.get("case_ref") or r.get("examination_id")) for r in set_aside.pending(ob)]
    return (("cases", ", ".join(refs)),) if refs else ()


# ----- conflicts -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConflictVersion:
    id: str
    author_id: str
    saved_at: str
    content: dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    """A draft edited on two (or more) workstations while offline: every version, none chosen yet."""

    examination_id: str
    patient_id: str
    versions: tuple[ConflictVersion, ...]


def list_conflicts(session: Session) -> list[Conflict]:
    """The drafts in conflict with each version's content, for the editor to show side by side.  A
    protected person's versions are ciphertext as the server holds them: opened with the person's key
    (this account's wrap in the cache, ``store/protected.py``); without it the conflict is not listed
    (no plain text and no ciphertext is shown)."""
    from injurydoc.server.errors import ServerError
    from injurydoc.store import protected
    from injurydoc.sync import sealed

    out: list[Conflict] = []
    for exam_id, _patient, version_ids in openable_conflicts(session.db):
        row = session.db.one(
            "SELECT patient_id, body FROM sync_cache WHERE kind = 'examination' AND id = ?", (exam_id,)
        )
        if row is None:
            continue
        body = json.loads(row[1])
        if any(isinstance(v, dict) and v.get("content_ciphertext") for v in body.get("versions") or []):
            fc = protected.cipher_of(session.db, str(row[0] or ""))
            if fc is None:
                continue
            unit = Outbox(StoreConnection(session.db)).get_state("unit_id") or ""
            try:
                body, _stored = sealed.open_examination(body, fc.key, unit)
            except ServerError:
                continue  # does not open with the key held here: not shown
        wanted = set(json.loads(version_ids))
        versions = tuple(
            ConflictVersion(
                id=str(v["id"]),
                author_id=str(v.get("author_id") or ""),
                saved_at=str(v.get("client_saved_at") or v.get("received_at") or ""),
                content=v.get("content") if isinstance(v.get("content"), dict) else {},
            )
            for v in body.get("versions") or []
            if str(v.get("id")) in wanted
        )
        out.append(Conflict(str(exam_id), str(row[0] or ""), versions))
    return out


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
        unsent, photos, size, conflicts = _counts(db)
        self._set(
            unsent=unsent,
            photos_to_send=photos,
            bytes_total=size,
            conflicts=conflicts,
            last_sync=_parse_time(ob.get_state("synced_at")),
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
            unsent, photos, size, conflicts = _counts(db)
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
        _unsent, _photos, size, _conflicts = _counts(db)
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


def refusal_reason(status: SyncStatus, lang: Lang) -> str:
    """Only the server's reason of a refused entry (for a detail line)."""
    params = dict(status.attention_params)
    return params.get("reason" if lang == "sv" else "reason_en", "")
