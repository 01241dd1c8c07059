"""No release without its record, no record without its release.

An export is written down as *pending* (``export_attempts``, with a log event) before anything is
written outside the store.  Its package's SHA-256 is added just before the finished file is renamed
into place; after the rename one transaction records the legal basis, the ``exports`` row, the log
event and marks the attempt completed.  If the process dies in between, :func:`reconcile` (run at the
next sign-in) finishes the job: a package found at its recorded path with its recorded hash is
recorded as released; otherwise the attempt is marked *never delivered*, logged, and the legal basis
is not recorded.  Partial files (``.injurydoc-export-<attempt id>-*.part``, mode 0600) left by a
killed export are removed then too, and so are ``.audit-anchor.json.*.tmp`` files left in the store
folder.

Whether the exporting process is still running is told by a lock it holds for its whole life
(:mod:`injurydoc.store.process_lock`), not by its pid alone: a pid reused by another process after a
kill does not keep a dead process's attempt pending.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from injurydoc.domain.errors import NotFound
from injurydoc.domain.vocab import AuditAction
from injurydoc.store import lockout, process_lock
from injurydoc.store.audit import ANCHOR_FILE, iso, now_utc
from injurydoc.store.layout import KEYSLOTS_FILE

if TYPE_CHECKING:
    from injurydoc.services.session import Session
    from injurydoc.store.database import Database


def process_name() -> str:
    """Names this process's pending attempts (``<pid>:<token>``, asked for each time: a forked process
    is another process); see :func:`injurydoc.store.process_lock.process_name`."""
    return process_lock.process_name()


#: A temp file younger than this may belong to a process still writing it.
TMP_GRACE_S = 120.0


def part_prefix(attempt_id: str) -> str:
    return f".injurydoc-export-{attempt_id}-"


def begin(s: Session, exam_id: str, patient_id: str, out: Path, record: dict[str, Any]) -> str:
    """Write the attempt down as pending (with its log event) before anything leaves the store."""
    attempt = str(uuid.uuid4())
    process_lock.hold(s.vault.folder)  # before the record: a start elsewhere must see this process live
    with s.transaction() as db:
        db.execute(
            "INSERT INTO export_attempts (id, examination_id, started_by, started_at, process, out_path, "
            "part_dir, record, state) VALUES (?,?,?,?,?,?,?,?, 'pending')",
            (
                attempt,
                exam_id,
                s.account.id,
                iso(now_utc()),
                process_lock.process_name(),
                str(out),
                str(out.parent),
                json.dumps(record, sort_keys=True),
            ),
        )
        s.audit(
            AuditAction.CHANGED,
            patient_id=patient_id,
            target=f"examination:{exam_id}",
            details={"event": "export_pending", "attempt": attempt},
        )
    return attempt


def about_to_publish(s: Session, attempt: str, sha256: str, more: dict[str, Any]) -> None:
    """The finished package's hash (and what else completing it needs), committed before the rename
    makes the package visible."""
    with s.transaction() as db:
        db.execute(
            "UPDATE export_attempts SET package_sha256 = ?, record = json_patch(record, ?) WHERE id = ?",
            (sha256, json.dumps(more), attempt),
        )


def complete(s: Session, attempt: str, *, at_start: bool = False) -> None:
    """Record the release: legal basis, exports row, log events; the attempt becomes completed."""
    with s.transaction() as db:
        _complete(s, db, attempt, at_start=at_start)


def _complete(s: Session, db: Database, attempt: str, *, at_start: bool) -> None:
    row = db.one(
        "SELECT examination_id, started_by, package_sha256, record FROM export_attempts WHERE id = ?",
        (attempt,),
    )
    if row is None:
        raise NotFound("export.not_found")
    exam_id, started_by, sha, raw = row
    r = json.loads(raw)
    db.execute(
        "INSERT INTO disclosure_bases (id, examination_id, basis, decided_by, decided_at, reference, note) "
        "VALUES (?,?,?,?,?,?,?)",
        (r["basis_id"], exam_id, r["basis"], started_by, r["decided_at"], r["recipient"], r["note"]),
    )
    db.execute(
        "INSERT INTO exports (id, examination_id, exported_by, exported_at, recipient, "
        "legal_basis_id, package_name, package_sha256, lang, signer, timestamped) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            attempt,
            exam_id,
            started_by,
            iso(now_utc()),
            r["recipient"],
            r["basis_id"],
            r["package_name"],
            sha,
            r["lang"],
            r["signer"],
            int(r["timestamped"]),
        ),
    )
    target = f"examination:{exam_id}"
    extra = {"event": "export_recorded_at_start", "exported_by": started_by} if at_start else {}
    s.audit(
        AuditAction.CHANGED,
        patient_id=r["patient_id"],
        target=target,
        details={"event": "legal_basis_recorded", "basis": r["basis"]},
    )
    s.audit(
        AuditAction.EXPORTED,
        patient_id=r["patient_id"],
        target=target,
        details={**r.get("audit", {}), "package_sha256": sha, "attempt": attempt, **extra},
    )
    db.execute(
        "UPDATE export_attempts SET state = 'completed', finished_at = ? WHERE id = ?",
        (iso(now_utc()), attempt),
    )


def never_delivered(s: Session, attempt: str, reason: str) -> None:
    """The package was not (or is no longer) at its place: no release, no legal basis recorded."""
    with s.transaction() as db:
        row = db.one("SELECT examination_id, record FROM export_attempts WHERE id = ?", (attempt,))
        if row is None:
            raise NotFound("export.not_found")
        exam_id, raw = row
        db.execute(
            "UPDATE export_attempts SET state = 'never_delivered', finished_at = ? WHERE id = ?",
            (iso(now_utc()), attempt),
        )
        s.audit(
            AuditAction.CHANGED,
            patient_id=json.loads(raw)["patient_id"],
            target=f"examination:{exam_id}",
            details={"event": "export_never_delivered", "attempt": attempt, "reason": reason},
        )


def _sha256(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def remove_parts(part_dir: Path, attempt: str) -> int:
    removed = 0
    with contextlib.suppress(OSError):
        for p in part_dir.glob(part_prefix(attempt) + "*.part"):
            with contextlib.suppress(OSError):
                p.unlink()
                removed += 1
    return removed


def reconcile(s: Session) -> list[tuple[str, str]]:
    """Settle the pending attempts of processes that died; return (attempt id, new state) for each."""
    rows = s.db.all(
        "SELECT id, process, out_path, part_dir, package_sha256 FROM export_attempts "
        "WHERE state = 'pending' ORDER BY started_at"
    )
    done: list[tuple[str, str]] = []
    for attempt, process, out_path, part_dir, sha in rows:
        if process_lock.alive(s.vault.folder, process):
            continue
        remove_parts(Path(part_dir), attempt)
        out = Path(out_path)
        if sha is not None and out.is_file() and _sha256(out) == sha:
            complete(s, attempt, at_start=True)
            done.append((attempt, "completed"))
        else:
            never_delivered(s, attempt, "absent" if not out.exists() else "different_file")
            done.append((attempt, "never_delivered"))
    return done


def pending_processes(db: Database) -> frozenset[str]:
    """The lock-file tokens of processes with attempts still pending (their lock files stay)."""
    rows = db.all("SELECT DISTINCT process FROM export_attempts WHERE state = 'pending'")
    return frozenset(process_lock.token_of(str(r[0])) for r in rows)


def remove_stale_tmp(folder: Path) -> int:
    """Temp files of the anchor, the sign-in counters and the key file left in the store folder by a
    killed write: at once when the writer has ended, otherwise only when older than a grace period
    (another process may be writing it now); see :func:`injurydoc.store.process_lock.remove_stale_tmp`."""
    return process_lock.remove_stale_tmp(
        folder, (ANCHOR_FILE, lockout.FILE, KEYSLOTS_FILE), grace_s=TMP_GRACE_S
    )
