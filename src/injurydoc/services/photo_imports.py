"""An interrupted photo import is told in the access log, at the next start.

Each photo is stored whole in its own transaction (original, preview, thumbnail and its ``created``
log row) or not at all, so a killed import never leaves half a photo.  What a kill does leave out is
the import's summary row: the log would show some photos arriving and then nothing.  So an import is
written down when it starts (log event ``photo_import_started`` and a ``photo_import:<id>`` row in
``meta`` naming the process, see :mod:`injurydoc.store.process_lock`), and the summary row removes
that mark in the same transaction.  At the next sign-in :func:`reconcile` finds the marks of processes
that died and logs ``photo_import_interrupted`` with how many of the files were stored; importing the
folder again brings in the rest (the stored ones come back as duplicates).

Nothing of an import is written outside the store (no temp files), so there is nothing else to clean.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from injurydoc.domain.vocab import AuditAction
from injurydoc.store import process_lock
from injurydoc.store.audit import iso, now_utc

if TYPE_CHECKING:
    from injurydoc.services.session import Session
    from injurydoc.store.database import Database

KEY_PREFIX = "photo_import:"


def begin(s: Session, exam_id: str, patient_id: str, files: int) -> str:
    """Mark the import as under way (with its log event) before the first photo is stored."""
    import_id = str(uuid.uuid4())
    process_lock.hold(s.vault.folder)
    mark = {
        "examination": exam_id,
        "patient": patient_id,
        "by": s.account.id,
        "process": process_lock.process_name(),
        "files": files,
        "started_at": iso(now_utc()),
    }
    with s.transaction() as db:
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (KEY_PREFIX + import_id, json.dumps(mark)))
        s.audit(
            AuditAction.CREATED,
            patient_id=patient_id,
            target=f"examination:{exam_id}",
            details={"event": "photo_import_started", "import": import_id, "files": files},
        )
    return import_id


def finish(s: Session, import_id: str, patient_id: str, exam_id: str, summary: dict[str, Any]) -> None:
    """The import's summary row; the mark goes in the same transaction."""
    with s.transaction() as db:
        db.execute("DELETE FROM meta WHERE key = ?", (KEY_PREFIX + import_id,))
        s.audit(
            AuditAction.CREATED,
            patient_id=patient_id,
            target=f"examination:{exam_id}",
            details={"event": "photo_import", "import": import_id, **summary},
        )


def _marks(db: Database) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for key, value in db.all("SELECT key, value FROM meta WHERE key LIKE ?", (KEY_PREFIX + "%",)):
        try:
            mark = json.loads(value)
        except ValueError:
            mark = None
        out.append((str(key)[len(KEY_PREFIX) :], mark if isinstance(mark, dict) else {}))
    return out


def reconcile(s: Session) -> list[tuple[str, int]]:
    """Log the imports of processes that died; return (import id, photos stored) for each."""
    done: list[tuple[str, int]] = []
    for import_id, mark in _marks(s.db):
        process = str(mark.get("process", ""))
        if process and process_lock.alive(s.vault.folder, process, pid_fallback=False):
            continue
        exam_id, by, started = mark.get("examination"), mark.get("by"), mark.get("started_at")
        stored = int(
            s.db.scalar(
                "SELECT count(*) FROM photos WHERE examination_id = ? AND imported_by = ? "
                "AND imported_at >= ?",
                (exam_id, by, started),
            )
            or 0
        )
        who = s.db.scalar("SELECT username FROM accounts WHERE id = ?", (by,))
        with s.transaction() as db:
            db.execute("DELETE FROM meta WHERE key = ?", (KEY_PREFIX + import_id,))
            s.audit(
                AuditAction.CREATED,
                patient_id=str(mark["patient"]) if mark.get("patient") else None,
                target=f"examination:{exam_id}" if exam_id else "photos",
                details={
                    "event": "photo_import_interrupted",
                    "import": import_id,
                    "files": mark.get("files"),
                    "stored": stored,
                    "imported_by": str(who) if who is not None else by,
                },
            )
        done.append((import_id, stored))
    return done


def pending_processes(db: Database) -> frozenset[str]:
    """The lock-file tokens of processes with imports under way (their lock files stay)."""
    return frozenset(process_lock.token_of(str(m.get("process", ""))) for _i, m in _marks(db))
