"""GUI stalls while a large examination is sent to the unit server in the background (issue 17).

A throw-away PostgreSQL cluster (``injurydoc.server.localcluster``, default durability) with one unit and
a clinician; the main window (``offscreen``) of a workstation connected as that clinician through
``services.unit_desktop.first_sign_in`` (the account's unit cache, ``TEST_KDF``), its background
``SyncRunner`` started by the window and its status line attached.  The outbox holds an examination with
40 photos of 4 MiB (random bytes, ≈ 160 MiB) — what the unit-mode services queue.  A probe ``QTimer``
(precise, every 5 ms) on the GUI thread records when it fires; a stall is a gap between firings minus
5 ms.  Measured from ``sync_now()`` until the status says nothing is left to send (the status line
updated throughout, from the runner's thread), plus 0.3 s.  Baseline in the same run: the probe with the
GUI idle for the same time.  Goal: the longest stall ≤ 50 ms.

Run: ``.venv/bin/python benchmarks/bench_unit_gui.py`` (about a minute).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import time
import uuid
from pathlib import Path

import _common as c

PHOTOS = 40
PHOTO_BYTES = 4 * 1024 * 1024
PROBE_MS = 5
PASSWORD = c.UNIT_PASSWORD


def _probe(app, until, extra: float = 0.3) -> list[float]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    end = None
    while True:
        app.processEvents()
        now = time.perf_counter()
        if end is None and until(now):
            end = now + extra
        if end is not None and now >= end:
            break
        time.sleep(0.001)
    timer.stop()
    return ticks


def _stall_ms(ticks: list[float]) -> tuple[float, float]:
    gaps = sorted((b - a) * 1000 for a, b in itertools.pairwise(ticks))
    return gaps[-1] - PROBE_MS, gaps[min(len(gaps) - 1, round(0.99 * (len(gaps) - 1)))] - PROBE_MS


def _queue(session) -> None:  # type: ignore[no-untyped-def]
    """What the unit-mode services queue for an examination with its photos."""
    from injurydoc.services import unit_mode
    from injurydoc.sync.outbox import Outbox, StoreConnection

    unit = unit_mode.settings(session.db)
    if unit is None:
        raise RuntimeError("not a unit cache")
    ob = Outbox(StoreConnection(session.db))
    pid, eid, vid = (str(uuid.uuid4()) for _ in range(3))
    ob.add(
        "patient",
        pid,
        {
            "id": pid,
            "unit_id": unit.unit_id,
            "protection": "none",
            "lookup": os.urandom(32).hex(),
            "identity": {"name": "Bench"},
            "created_by": unit.account_id,
        },
    )
    ob.add(
        "examination",
        eid,
        {"id": eid, "unit_id": unit.unit_id, "patient_id": pid, "examiner_id": unit.account_id},
    )
    ob.add(
        "version",
        vid,
        {
            "id": vid,
            "unit_id": unit.unit_id,
            "examination_id": eid,
            "author_id": unit.account_id,
            "client_saved_at": dt.datetime.now(dt.UTC).isoformat(),
            "content": {"patient_account": "bench"},
        },
    )
    for n in range(1, PHOTOS + 1):
        data = os.urandom(PHOTO_BYTES)
        ph = str(uuid.uuid4())
        ob.add(
            "photo",
            ph,
            {
                "id": ph,
                "unit_id": unit.unit_id,
                "examination_id": eid,
                "number": n,
                "sha256": hashlib.sha256(data).hexdigest(),
                "added_by": unit.account_id,
                "metadata": {"role": "overview"},
            },
            data,
        )


def main() -> None:
    started = c.header(
        f"GUI stalls while {PHOTOS} × {PHOTO_BYTES >> 20} MiB photos are sent in the background"
    )
    from injurydoc.server.localcluster import LocalCluster

    with LocalCluster(durable=True) as pg, c.private_tmp("unitgui"):
        c.bench_unit(pg, ("anna",))

        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication

        from injurydoc.services.unit_connection import ConnectionSettings
        from injurydoc.services.unit_desktop import first_sign_in
        from injurydoc.store.keyslots import TEST_KDF
        from injurydoc.ui.main_window import MainWindow

        app = QApplication.instance() or QApplication([])
        settings = ConnectionSettings(str(pg.socket_dir), 5432, "bench")
        session = first_sign_in(settings, None, "anna", PASSWORD, kdf=TEST_KDF)
        w = MainWindow(Path(os.environ["HOME"]) / "nothing")
        w.show()
        runner = None
        try:
            _queue(session)
            w.signin.signed_in.emit(session)  # as the sign-in page does; the runner starts here
            runner = w.sync_runner
            if runner is None:
                raise RuntimeError("no background sync started")
            t0 = time.perf_counter()
            runner.sync_now()
            ticks = _probe(
                app, lambda _now: runner.status().unsent == 0 and runner.status().state == "online"
            )
            sent_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            idle = _probe(app, lambda now: now - t1 >= sent_s)
        finally:
            w.close()
            app.processEvents()
    stall, p99 = _stall_ms(ticks)
    base, base99 = _stall_ms(idle)
    mib = PHOTOS * PHOTO_BYTES / 2**20
    print(f"sent {mib:.0f} MiB in {sent_s:.1f} s ({mib / sent_s:.0f} MiB/s) with the window open")
    print(f"longest GUI stall while sending: {stall:.1f} ms, p99 {p99:.1f} ms  (goal ≤ 50 ms)")
    ratio = c.ratio(stall, max(base, 0.1))
    print(f"idle baseline, same duration:    {base:.1f} ms, p99 {base99:.1f} ms  ({ratio})")
    c.footer(started)


if __name__ == "__main__":
    main()
