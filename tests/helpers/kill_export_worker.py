"""Worker for tests/test_export_records.py: exports an examination and is killed (SIGKILL) on the way.

Usage: ``python kill_export_worker.py STORE EXAM_ID OUT_DIR POINT`` with the password on stdin.

POINT is where the process kills itself:

- ``photos``: the attempt is written down as pending, nothing written outside the store yet;
- ``part``: the partial file is complete, its hash not yet recorded;
- ``hash``: the hash is committed, the partial file not yet renamed;
- ``renamed``: the package is in place, the release not yet recorded;
- ``reused_pid``: as ``part``, but the attempt names the pid of the test process (alive) as its own, as
  when the system has given a dead exporter's number to another process;
- ``hold``: the hash is committed and the partial file written; prints ``holding`` and waits (alive,
  holding its process lock) until the test kills it;
- ``loop``: never — exports again and again (``p<n>.zip``), printing ``ok <n>``, until the test kills it;
- ``sign``: never — documents and signs new examinations (with the password typed again) of the patient
  of EXAM_ID, again and again, until the test kills it.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from injurydoc.domain.vocab import LegalBasis
from injurydoc.services import export_records
from injurydoc.services.export import ExportRequest, ExportService
from injurydoc.services.session import sign_in
from injurydoc.services.signing import SigningService
from injurydoc.store import process_lock


def die(*_args: object, **_kw: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> int:
    folder, exam_id, out_dir, point = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
    password = sys.stdin.readline().rstrip("\n")
    session = sign_in(folder, "anna", password)
    ident = SigningService(session).identity(password)
    svc = ExportService(session)
    real_publish = export_records.about_to_publish
    if point == "sign":
        from injurydoc.domain.vocab import BodyRegion, InjuryType, Side
        from injurydoc.services.examinations import ExaminationService
        from injurydoc.store import examinations as repo

        exams = ExaminationService(session)
        patient_id = repo.get(session.db, exam_id).patient_id  # type: ignore[union-attr]
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        while True:
            e = exams.create(patient_id)
            exams.update(e.id, patient_account="Slagen.")
            exams.add_injury(e.id, type=InjuryType.BRUISE, region=BodyRegion.FOREARM, side=Side.LEFT)
            exams.sign(e.id, password=password)

    def die_reading_photos() -> bool:
        """The export's own cancel check, asked before each photo is read: dies at the first (also asked
        while the package is written; then the kill point was not reached)."""
        if list(out_dir.iterdir()):
            os._exit(3)
        die()
        return False

    cancelled = die_reading_photos if point == "photos" else None
    if point == "part":
        export_records.about_to_publish = die  # type: ignore[assignment]
    elif point == "hash":

        def publish_then_die(*a: object, **kw: object) -> None:
            real_publish(*a, **kw)  # type: ignore[arg-type]
            die()

        export_records.about_to_publish = publish_then_die  # type: ignore[assignment]
    elif point == "reused_pid":
        ppid = os.getppid()
        process_lock.process_name = lambda: f"{ppid}:{process_lock.token()}"  # type: ignore[assignment]
        export_records.about_to_publish = die  # type: ignore[assignment]
    elif point == "hold":

        def publish_then_wait(*a: object, **kw: object) -> None:
            real_publish(*a, **kw)  # type: ignore[arg-type]
            sys.stdout.write("holding\n")
            sys.stdout.flush()
            while True:
                signal.pause()

        export_records.about_to_publish = publish_then_wait  # type: ignore[assignment]
    elif point == "renamed":
        export_records.complete = die  # type: ignore[assignment]
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    n = 0
    while True:
        n += 1
        req = ExportRequest(exam_id, LegalBasis.CONSENT, out_dir, out_name=f"p{n}.zip")
        svc.export(req, ident, verify=False, cancelled=cancelled)
        sys.stdout.write(f"ok {n}\n")
        sys.stdout.flush()
        if point != "loop":
            return 3  # the kill point was not reached


if __name__ == "__main__":
    sys.exit(main())
