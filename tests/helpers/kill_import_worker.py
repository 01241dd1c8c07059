"""Worker for tests/test_kill_import.py: signs in and imports a folder of photos until it is killed.

Usage: ``python kill_import_worker.py STORE_FOLDER USERNAME EXAM_ID PHOTO_FOLDER`` with the password on the
first line of stdin.

Prints ``ready`` after signing in, ``ok <done> <total>`` after every photo the import has finished with
(from the progress callback: imported, duplicate or refused), and, should it get that far,
``finished imported=<n> duplicates=<n> refused=<n>`` before exiting.
"""

from __future__ import annotations

import sys
from pathlib import Path

from injurydoc.services.photos import PhotoService
from injurydoc.services.session import sign_in


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    folder, username, exam_id, photos = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
    password = sys.stdin.readline().rstrip("\n")
    session = sign_in(folder, username, password)
    say("ready")
    report = PhotoService(session).import_files(
        exam_id, [photos], progress=lambda done, total: say(f"ok {done} {total}")
    )
    refused = ", ".join(f"{o.name}: {o.error}" for o in report.refused)
    say(
        f"finished imported={len(report.imported)} duplicates={len(report.duplicates)} "
        f"refused={len(report.refused)} {refused}".rstrip()
    )
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
