"""Photographs: batch intake, reads (each logged), roles, captions, links, clearing the camera card.

Intake: files are read, hashed, decoded and turned into preview and thumbnail on worker threads (Pillow
and hashlib release the GIL, so both cores work); each photo is then stored in its own transaction on
the calling thread — the store's one thread — and read back to compare its SHA-256.  A cancelled or
killed import leaves only whole photos, and the next start logs that it was interrupted
(services/photo_imports.py).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from injurydoc.domain.errors import ImmutableError, NotFound, ValidationError
from injurydoc.domain.models import Examination, PhotoRecord
from injurydoc.domain.vocab import AuditAction, PhotoRole
from injurydoc.media.inspect import Limits, PhotoRefused
from injurydoc.services import access, photo_batch, photo_imports, unit_queue
from injurydoc.services.photo_batch import (
    Cancelled,
    ImportOutcome,
    ImportReport,
    Progress,
    Ready,
    collect,
    lower_priority,
    prepare_bytes,
    sha256_hex,
)
from injurydoc.services.session import Session
from injurydoc.store import examinations as exams_repo
from injurydoc.store import photos as repo
from injurydoc.store.audit import now_utc
from injurydoc.store.database import Database

__all__ = ["ImportOutcome", "ImportReport", "PhotoService", "collect"]


class PhotoService:
    def __init__(self, session: Session, limits: Limits | None = None) -> None:
        self.s = session
        self.limits = limits or Limits()

    # ----- access -----------------------------------------------------------------------------
    def _exam(self, exam_id: str, action: AuditAction) -> Examination:
        exam = exams_repo.get(self.s.db, exam_id)
        if exam is None:
            raise NotFound("exam.not_found")
        access.checked_patient(self.s, exam.patient_id, action, f"examination:{exam_id}")
        return exam

    def _draft(self, exam_id: str) -> Examination:
        exam = self._exam(exam_id, AuditAction.CHANGED)
        if exam.is_signed:
            raise ImmutableError("exam.signed")
        if exam.examiner_id != self.s.account.id:
            raise self.s.audit_denied(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"examination:{exam_id}",
                reason="only the examiner adds photos",
            )
        return exam

    def _photo(self, photo_id: str, action: AuditAction) -> tuple[PhotoRecord, Examination]:
        rec = repo.get(self.s.db, photo_id)
        if rec is None:
            raise NotFound("photo.not_found")
        return rec, self._exam(rec.examination_id, action)

    # ----- intake -------------------------------------------------------------------------------
    def import_files(
        self,
        exam_id: str,
        paths: Sequence[Path],
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        workers: int = 2,
    ) -> ImportReport:
        exam = self._draft(exam_id)
        files = collect(paths)
        report = ImportReport()
        total = len(files)
        if not files:
            return report
        seen: dict[str, str] = {}
        window = max(1, workers) + 1  # in flight: bounds memory to a few photos at a time
        import_id = photo_imports.begin(self.s, exam.id, exam.patient_id, total)
        with (
            self._summary(exam, report, import_id),
            cf.ThreadPoolExecutor(
                max_workers=max(1, workers), thread_name_prefix="photo-intake", initializer=lower_priority
            ) as pool,
        ):
            pending: deque[tuple[Path, cf.Future[Ready]]] = deque()
            queue = iter(files)

            def fill() -> None:
                while len(pending) < window:
                    nxt = next(queue, None)
                    if nxt is None:
                        return
                    # through the module: bench_intake.py / bench_gui.py time or wrap photo_batch.prepare
                    pending.append((nxt, pool.submit(photo_batch.prepare, nxt, self.limits)))

            fill()
            while pending:
                if cancelled is not None and cancelled():
                    report.cancelled = True
                    for _src, fut in pending:
                        fut.cancel()
                    break
                source, fut = pending.popleft()
                try:
                    ready = fut.result()
                except PhotoRefused as exc:
                    report.outcomes.append(ImportOutcome(source, "refused", error=exc))
                else:
                    report.outcomes.append(self._store_one(exam, ready, seen))
                del fut
                fill()
                if progress is not None:
                    progress(len(report.outcomes), total)
        return report

    @contextlib.contextmanager
    def _summary(self, exam: Examination, report: ImportReport, import_id: str) -> Iterator[None]:
        """The import's summary log row when it ends, also when it ends by an error (a killed process
        gets its row at the next start: services/photo_imports.py)."""
        ok = False
        try:
            yield
            ok = True
        finally:
            summary = {
                "imported": len(report.imported),
                "duplicates": len(report.duplicates),
                "refused": len(report.refused),
                "with_warning": len(report.with_warning),
                "cancelled": report.cancelled,
                **({} if ok else {"failed": True}),
            }
            if ok:
                photo_imports.finish(self.s, import_id, exam.patient_id, exam.id, summary)
            else:
                with contextlib.suppress(Exception):  # the error itself is what the caller must see
                    photo_imports.finish(self.s, import_id, exam.patient_id, exam.id, summary)

    def import_data(self, exam_id: str, items: Sequence[tuple[str, bytes]]) -> ImportReport:
        """Import photos held in memory (an exercise's photos): checked and stored exactly like files,
        one transaction each, with nothing written to disk outside the store."""
        exam = self._draft(exam_id)
        report = ImportReport()
        if not items:
            return report
        seen: dict[str, str] = {}
        import_id = photo_imports.begin(self.s, exam.id, exam.patient_id, len(items))
        with self._summary(exam, report, import_id):
            for name, data in items:
                source = Path(name)
                try:
                    ready = prepare_bytes(source, data, self.limits)
                except PhotoRefused as exc:
                    report.outcomes.append(ImportOutcome(source, "refused", error=exc))
                    continue
                report.outcomes.append(self._store_one(exam, ready, seen))
        return report

    def _store_one(self, exam: Examination, ready: Ready, seen: dict[str, str]) -> ImportOutcome:
        existing = seen.get(ready.sha256) or repo.by_hash(self.s.db, exam.id, ready.sha256)
        if existing is not None:
            return ImportOutcome(
                ready.source, "duplicate", photo_id=existing, error=PhotoRefused("photo.duplicate")
            )
        with self.s.transaction() as db:
            rec = self._new_record(db, exam, ready)
            repo.insert(
                db,
                rec,
                original=ready.data,
                preview=ready.processed.preview,
                thumbnail=ready.processed.thumbnail,
            )
            exams_repo.touch(db, exam.id)
            unit_queue.photo_added(self.s, db, rec, ready.data)
            self.s.audit(
                AuditAction.CREATED,
                patient_id=exam.patient_id,
                target=f"photo:{rec.id}",
                details={
                    "number": rec.number,
                    "sha256": rec.sha256,
                    "size": rec.size,
                    **({"decode_warning": rec.decode_warning} if rec.decode_warning else {}),
                },
            )
        # Re-read what was written and compare: the stored copy must be the camera's file, bit for bit.
        stored = repo.blob(self.s.db, rec.id, "original")
        if stored is None or sha256_hex(stored) != ready.sha256:
            self._remove_unverified(exam, rec)
            return ImportOutcome(ready.source, "refused", error=PhotoRefused("photo.hash_mismatch"))
        seen[ready.sha256] = rec.id
        return ImportOutcome(ready.source, "imported", photo_id=rec.id, warning=rec.decode_warning)

    def _new_record(self, db: Database, exam: Examination, ready: Ready) -> PhotoRecord:
        """The record of a photo about to be stored: the next number, what the photo's data tells."""
        info = ready.processed.info
        return PhotoRecord(
            id=str(uuid.uuid4()),
            examination_id=exam.id,
            number=repo.next_number(db, exam.id),
            sha256=ready.sha256,
            original_name=ready.source.name[:255],
            size=len(ready.data),
            media_type=info.media_type,
            role=None,
            caption="",
            imported_by=self.s.account.id,
            imported_at=now_utc(),
            captured_at=info.captured_at,
            camera=info.camera,
            orientation=info.orientation,
            has_gps=info.has_gps,
            width=info.width,
            height=info.height,
            file_time=None if info.captured_at else (info.file_time or ready.file_time),
            decode_warning=info.decode_warning,
        )

    def _remove_unverified(self, exam: Examination, rec: PhotoRecord) -> None:
        """Take back a photo whose stored copy did not read back bit for bit (logged as such)."""
        with self.s.transaction() as db:
            repo.delete(db, rec.id)
            repo.retire_number(db, exam.id, rec.number)
            unit_queue.photo_removed(self.s, db, rec.id, exam.id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"photo:{rec.id}",
                details={"event": "removed_after_failed_verification"},
            )

    # ----- reading ------------------------------------------------------------------------------
    def records(self, exam_id: str) -> list[PhotoRecord]:
        """Photo metadata of an examination (no image data); logged as a read."""
        exam = self._exam(exam_id, AuditAction.READ)
        records = repo.of_examination(self.s.db, exam_id)
        with self.s.transaction():
            self.s.audit(
                AuditAction.READ,
                patient_id=exam.patient_id,
                target=f"examination:{exam_id}",
                details={"photos": "list", "n": len(records)},
            )
        return records

    def thumbnails(self, exam_id: str) -> dict[str, bytes]:
        exam = self._exam(exam_id, AuditAction.READ)
        thumbs = repo.thumbnails(self.s.db, exam_id)
        with self.s.transaction():
            self.s.audit(
                AuditAction.READ,
                patient_id=exam.patient_id,
                target=f"examination:{exam_id}",
                details={"photos": "thumbnails", "n": len(thumbs)},
            )
        return thumbs

    def _read(self, photo_id: str, kind: str) -> bytes:
        _rec, exam = self._photo(photo_id, AuditAction.READ)
        data = repo.blob(self.s.db, photo_id, kind)
        if data is None:
            raise NotFound("photo.not_found")
        with self.s.transaction():
            self.s.audit(
                AuditAction.READ,
                patient_id=exam.patient_id,
                target=f"photo:{photo_id}",
                details={"part": kind},
            )
        return data

    def preview(self, photo_id: str) -> bytes:
        return self._read(photo_id, "preview")

    def original(self, photo_id: str) -> bytes:
        return self._read(photo_id, "original")

    # ----- describing ---------------------------------------------------------------------------
    def _change(
        self, photo_ids: Sequence[str], event: str, apply: Callable[[str], None], **details: object
    ) -> None:
        records: list[tuple[PhotoRecord, Examination]] = []
        for pid in photo_ids:
            rec, exam = self._photo(pid, AuditAction.CHANGED)
            self._draft(exam.id)
            records.append((rec, exam))
        with self.s.transaction() as db:
            for rec, exam in records:
                apply(rec.id)
                self.s.audit(
                    AuditAction.CHANGED,
                    patient_id=exam.patient_id,
                    target=f"photo:{rec.id}",
                    details={"event": event, **details},
                )
            for exam_id in sorted({exam.id for _rec, exam in records}):
                unit_queue.draft_changed(self.s, db, exam_id)

    def set_role(self, photo_ids: Sequence[str], role: PhotoRole | None) -> None:
        self._change(
            photo_ids,
            "role",
            lambda pid: repo.set_role(self.s.db, pid, role),
            role=role.code if role else None,
        )

    def set_caption(self, photo_id: str, caption: str) -> None:
        self._change([photo_id], "caption", lambda pid: repo.set_caption(self.s.db, pid, caption.strip()))

    def link_injuries(self, photo_ids: Sequence[str], injury_ids: Sequence[str]) -> None:
        """Set which injuries each of ``photo_ids`` shows (replacing earlier links)."""
        for pid in photo_ids:
            rec = repo.get(self.s.db, pid)
            if rec is None:
                raise NotFound("photo.not_found")
            valid = {i.id for i in exams_repo.injuries_of(self.s.db, rec.examination_id)}
            if not set(injury_ids) <= valid:
                raise ValidationError("field.invalid", field="injury")
        self._change(
            photo_ids,
            "injury_links",
            lambda pid: repo.set_links(self.s.db, pid, tuple(injury_ids)),
            n=len(set(injury_ids)),
        )

    def delete(self, photo_id: str) -> None:
        """Remove a photo from a draft (a wrong file); a signed examination's photos stay."""
        rec, exam = self._photo(photo_id, AuditAction.CHANGED)
        self._draft(exam.id)
        with self.s.transaction() as db:
            repo.delete(db, photo_id)
            repo.retire_number(db, exam.id, rec.number)  # "Foto 3" never names another picture
            unit_queue.photo_removed(self.s, db, photo_id, exam.id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"photo:{photo_id}",
                details={"event": "photo_removed", "number": rec.number, "sha256": rec.sha256},
            )

    # ----- verification and the camera card -------------------------------------------------------
    def verify_stored(self, photo_id: str) -> bool:
        rec, _ = self._photo(photo_id, AuditAction.READ)
        data = repo.blob(self.s.db, photo_id, "original")
        return data is not None and sha256_hex(data) == rec.sha256

    def remove_sources(self, report: ImportReport) -> list[ImportOutcome]:
        """Offered after a verified import: delete each source file only after its stored copy has been
        re-read and its hash compared, and the file on the card still has that same hash."""
        results: list[ImportOutcome] = []
        exam_patients: set[str] = set()
        for o in report.outcomes:
            if o.status not in ("imported", "duplicate") or o.photo_id is None:
                continue
            rec = repo.get(self.s.db, o.photo_id)
            if rec is None or not self.verify_stored(o.photo_id):
                results.append(
                    dataclasses.replace(o, status="kept", error=PhotoRefused("photo.hash_mismatch"))
                )
                continue
            try:
                on_card = sha256_hex(o.source.read_bytes())
            except OSError as exc:
                results.append(
                    dataclasses.replace(
                        o,
                        status="kept",
                        error=PhotoRefused("photo.unreadable", detail=exc.strerror or "error"),
                    )
                )
                continue
            if on_card != rec.sha256:
                results.append(
                    dataclasses.replace(o, status="kept", error=PhotoRefused("photo.source_changed"))
                )
                continue
            try:
                o.source.unlink()
            except OSError as exc:
                results.append(
                    dataclasses.replace(
                        o,
                        status="kept",
                        error=PhotoRefused("photo.unreadable", detail=exc.strerror or "error"),
                    )
                )
                continue
            exam = exams_repo.get(self.s.db, rec.examination_id)
            if exam is not None:
                exam_patients.add(exam.patient_id)
            results.append(dataclasses.replace(o, status="removed", error=None))
        with contextlib.suppress(Exception), self.s.transaction():
            for pid in sorted(exam_patients):
                self.s.audit(
                    AuditAction.READ,
                    patient_id=pid,
                    target="photos",
                    details={"event": "card_cleared", "removed": sum(r.status == "removed" for r in results)},
                )
        return results
