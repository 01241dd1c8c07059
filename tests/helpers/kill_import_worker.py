"""Worker for tests/test_kill_import.py: signs in and imports a folder of photos until it is killed.

Usage: ``python kill_import_worker.py STORE_FOLDER USERNAME EXAM_ID PHOTO_FOLDER [POINT]`` with the
password on the first line of stdin.

Prints ``ready`` after signing in, ``ok <done> <total>`` after every photo the import has finished with
(from the progress callback: imported, duplicate or refused), and, should it get that far,
``finished imported=<n> duplicates=<n> refused=<n>`` before exiting.

With POINT the process kills itself (SIGKILL) at that step of the :data:`NTH` photo it stores:

- ``decoded``: its preview and thumbnail are made (on a worker thread), nothing of it stored;
- ``original``: its row and original are written in the open transaction, preview and thumbnail not;
- ``derivatives``: all three parts are written, its log row not;
- ``before_commit``: its log row is written too, the transaction not yet committed;
- ``after_commit``: it is committed, not yet read back and compared;
- ``mid_batch``: it is stored and checked, the next photo not begun (between photos of the batch);
- ``hold``: as ``mid_batch``, but instead of dying it prints ``holding`` and waits (alive) for the kill.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from injurydoc.services import photo_batch
from injurydoc.services.photos import PhotoService
from injurydoc.services.session import sign_in
from injurydoc.store import photos as photo_store

NTH = 3
POINTS = ("decoded", "original", "derivatives", "before_commit", "after_commit", "mid_batch", "hold")


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str, session: Any) -> Any:
    """Install the kill at ``point``; returns the progress callback to use."""
    count = {"n": 0}

    def nth() -> bool:
        count["n"] += 1
        return count["n"] == NTH

    if point == "decoded":
        real_process = photo_batch.process

        def process_then_die(*a: Any, **kw: Any) -> Any:
            out = real_process(*a, **kw)
            if nth():
                die()
            return out

        photo_batch.process = process_then_die  # type: ignore[assignment]
    elif point in ("original", "derivatives"):
        real_blob = photo_store.insert_blob
        last = "original" if point == "original" else "thumbnail"

        def insert_then_die(db: Any, patient_id: Any, photo_id: str, kind: str, data: bytes) -> None:
            real_blob(db, patient_id, photo_id, kind, data)
            if kind == last and nth():
                die()

        photo_store.insert_blob = insert_then_die  # type: ignore[assignment]
    elif point == "before_commit":
        real_audit = session.audit

        def audit_then_die(*a: Any, **kw: Any) -> Any:
            out = real_audit(*a, **kw)
            if str(kw.get("target", "")).startswith("photo:") and nth():
                die()
            return out

        session.audit = audit_then_die
    elif point == "after_commit":
        real_read = photo_store.blob

        def die_before_reading(db: Any, photo_id: str, kind: str) -> Any:
            if kind == "original" and nth():
                die()
            return real_read(db, photo_id, kind)

        photo_store.blob = die_before_reading  # type: ignore[assignment]
    elif point not in ("mid_batch", "hold"):
        raise SystemExit(f"unknown point {point!r}")

    def progress(done: int, total: int) -> None:
        say(f"ok {done} {total}")
        if point == "mid_batch" and done == NTH:
            die()
        if point == "hold" and done == NTH:
            say("holding")
            while True:
                signal.pause()

    return progress


def main() -> int:
    folder, username, exam_id, photos = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
    point = sys.argv[5] if len(sys.argv) > 5 else ""
    password = sys.stdin.readline().rstrip("\n")
    session = sign_in(folder, username, password)
    progress = arm(point, session) if point else (lambda done, total: say(f"ok {done} {total}"))
    say("ready")
    report = PhotoService(session).import_files(exam_id, [photos], progress=progress)
    refused = ", ".join(f"{o.name}: {o.error}" for o in report.refused)
    say(
        f"finished imported={len(report.imported)} duplicates={len(report.duplicates)} "
        f"refused={len(report.refused)} {refused}".rstrip()
    )
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
