"""Background work: store calls run on one worker thread, the result comes back on the GUI thread.

One line at each call site: ``ops.run(fn, on_done)``.  ``fn`` is a synchronous service call;
``on_done(result)`` runs on the GUI thread.  The store has one thread: the pool has exactly one worker, so
calls never overlap (Anki's taskman pattern).

An error reaches ``on_error(exc)`` on the GUI thread when the call site passes one; otherwise the default
handler shows it: a :class:`KnownError` (what the world did) as the plain message dialog, anything else (a
bug) through the crash handler (:func:`injurydoc.ui.errors.handle`).  Its dialog's parent is the widget
that ``on_done`` belongs to, else the widget that owns the ``Ops``.

``ops.run_without_store`` is the same for work that never touches the store (checking a package, reading
a file the user chose): it runs on a separate pool, so it neither waits behind store work nor holds it up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from injurydoc.domain.errors import KnownError
from injurydoc.ui import errors

OnError = Callable[[BaseException], None]


def _alive(callback: Callable[..., Any]) -> bool:
    """False when the callback belongs to a widget that has been deleted meanwhile (window closed
    while a save finished): the store work is done; there is just nobody left to tell."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # routed to the GUI thread, where KnownError is shown
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class Ops(QObject):
    """The store's single worker thread, and a pool for work without a store."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.free_pool = QThreadPool(self)
        self.free_pool.setMaxThreadCount(2)
        self._live: set[_Relay] = set()

    def run(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: OnError | None = None
    ) -> None:
        """Run ``fn`` on the store thread; ``on_done(result)`` or the error handler on the GUI thread."""
        self._start(self.pool, fn, on_done, on_error or self.default_error_handler(on_done))

    def run_without_store(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: OnError | None = None
    ) -> None:
        """:meth:`run` for work that does not touch the store: it does not queue behind store work."""
        self._start(self.free_pool, fn, on_done, on_error or self.default_error_handler(on_done))

    def default_error_handler(self, on_done: Callable[[Any], None]) -> OnError:
        """Known errors as the plain message dialog, bugs to the crash handler, over the widget that
        ``on_done`` belongs to (else the one that owns these ops)."""
        owner = getattr(on_done, "__self__", None)
        parent = owner if isinstance(owner, QWidget) else self.parent()
        widget = parent if isinstance(parent, QWidget) else None

        def show(exc: BaseException) -> None:
            errors.handle(widget if widget is None or shiboken6.isValid(widget) else None, exc)

        return show

    def _start(
        self, pool: QThreadPool, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: OnError
    ) -> None:
        relay = _Relay()
        self._live.add(relay)

        def finish_ok(result: Any) -> None:
            self._live.discard(relay)
            if _alive(on_done):
                on_done(result)

        def finish_err(exc: BaseException) -> None:
            self._live.discard(relay)
            if _alive(on_error):
                on_error(exc)

        relay.done.connect(finish_ok)
        relay.failed.connect(finish_err)
        pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs) and self.free_pool.waitForDone(msecs)


class SessionJobs:
    """``Ops.run`` for a page that outlives sessions (sign-out, auto-lock): a result that arrives after
    :meth:`invalidate` is dropped, and so is a :class:`KnownError`; a bug is still shown
    (``on_stale_bug``)."""

    def __init__(self) -> None:
        self.generation = 0

    def invalidate(self) -> None:
        self.generation += 1

    def run(
        self,
        ops: Ops,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_stale_bug: Callable[[BaseException], None],
        *,
        store: bool = True,
    ) -> None:
        """``store=False``: work without the store (the unit server) on the free pool."""
        generation = self.generation

        def done(result: Any) -> None:
            if generation == self.generation:
                on_done(result)

        def failed(exc: BaseException) -> None:
            if generation == self.generation:
                on_error(exc)
            elif not isinstance(exc, KnownError):
                on_stale_bug(exc)

        (ops.run if store else ops.run_without_store)(fn, done, failed)
