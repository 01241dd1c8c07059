"""Releasing a signed examination to the police: signed report + evidence package, logged.

Refused, with a message saying why, when the examination is not signed or the legal basis's
requirements are not met.  The release is written down as pending before anything leaves the store,
its hash before the package is renamed into place, and the legal basis, exports row and log event
after (or at the next start, see :mod:`injurydoc.services.export_records`): no release goes
unrecorded, and no record stands for a package that was not written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from injurydoc import __version__
from injurydoc.domain.errors import Both, KnownError, NotFound, ValidationError
from injurydoc.domain.models import DisclosureBasis, Examination, Patient
from injurydoc.domain.vocab import AuditAction, ConsentDecision, ConsentScope, Lang, LegalBasis
from injurydoc.export import package as pkg
from injurydoc.export.identity import SignerIdentity
from injurydoc.export.model import ReportData, ReportPhoto
from injurydoc.export.preview import pdf_pages_png
from injurydoc.export.report import render
from injurydoc.export.signatures import SignedPdf, sign_pdf, timestamper_for
from injurydoc.export.verify import VerifyReport, verify_package
from injurydoc.services import access, protection, record_signing
from injurydoc.services import export_records as records
from injurydoc.services.export_parts import NameCache, photo_meta, released_photo, signature_lines
from injurydoc.services.legal_basis import ExportRequest, requirement  # light module, re-exported
from injurydoc.services.session import Session
from injurydoc.services.unit_set_aside import not_units_record
from injurydoc.store import audit_check
from injurydoc.store import examinations as exams_repo
from injurydoc.store import patients as patients_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store.audit import iso, now_utc

if TYPE_CHECKING:
    from pyhanko.sign.timestamps import TimeStamper

Progress = Callable[[str, int, int], None]
EXT = {"image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif", "image/heif": ".heic"}

__all__ = ["ExportRequest", "ExportResult", "ExportService", "default_name", "requirement"]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sha256: str
    timestamped: bool
    #: The verifier's verdict on the written package (None when ``verify=False``).
    verdict: VerifyReport | None


def default_name(case_ref: str, when: dt.date | None = None) -> str:
    return f"{case_ref}-{(when or dt.date.today()).isoformat()}.zip"


class ExportService:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _check(self, req: ExportRequest) -> tuple[Examination, Patient]:
        exam = exams_repo.get(self.s.db, req.examination_id)
        if exam is None:
            raise NotFound("exam.not_found")
        patient = patients_repo.by_id(
            self.s.db, exam.patient_id, cipher=protection.cipher(self.s, exam.patient_id)
        )
        if patient is None:
            raise NotFound("patient.not_found")
        if not access.can_open(self.s, patient) or not access.is_clinical(self.s):
            raise self.s.audit_denied(
                AuditAction.EXPORTED,
                patient_id=exam.patient_id,
                target=f"examination:{exam.id}",
                reason="no access",
            )
        if not exam.is_signed:
            raise ValidationError("export.not_signed")
        state = record_signing.check(self.s.db, exam)
        unit = state.state == record_signing.UNIT_UNCERTIFIED  # its package would not verify either
        if state.broken or unit:
            self.s.audit_denied(
                AuditAction.EXPORTED,
                patient_id=exam.patient_id,
                target=f"examination:{exam.id}",
                reason="key not certified by the unit" if unit else "signature broken",
            )
            code = "exam.signature_unit_uncertified" if unit else "exam.signature_broken"
            raise ValidationError(code, detail=Both(state.text("sv"), state.text("en")))
        self._check_basis(req, exam, patient)
        return exam, patient

    def _check_basis(self, req: ExportRequest, exam: Examination, patient: Patient) -> None:
        missing: list[tuple[str, str]] = []  # (Swedish, English): the message follows the user's language
        if req.basis is LegalBasis.CONSENT:
            consent = exam.consent(ConsentScope.RELEASE_TO_POLICE)
            if consent is None or consent.decision is not ConsentDecision.GIVEN:
                missing.append(("patientens samtycke till utlämnande", "the patient's consent to release"))
        if req.basis in (LegalBasis.RATTSINTYG_REQUEST, LegalBasis.OSL_10_23) and not req.recipient.strip():
            missing.append(("polisens diarienummer", "the police case number"))
        if req.basis is LegalBasis.OSL_10_21:
            born = patient.birth_date
            at = (exam.started_at or exam.created_at).date()
            if born is None or (at.year - born.year - ((at.month, at.day) < (born.month, born.day))) >= 18:
                missing.append(("att patienten är under 18 år", "that the patient is under 18"))
        if req.basis is LegalBasis.OSL_10_18C and not req.note.strip():
            missing.append(("en kort motivering", "a short reason"))
        if patient.is_protected and not req.secrecy_review.strip():
            missing.append(
                (
                    "en sekretessprövning (skyddade personuppgifter)",
                    "a secrecy review (protected personal data)",
                )
            )
        if missing:
            what = Both(", ".join(m[0] for m in missing), ", ".join(m[1] for m in missing))
            raise ValidationError("export.basis_requirements", what=what)

    def export(
        self,
        req: ExportRequest,
        signer: SignerIdentity,
        *,
        timestamp_url: str | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        verify: bool = True,
    ) -> ExportResult:
        exam, patient = self._check(req)
        step = progress or (lambda _what, _i, _n: None)
        out = (req.out_dir / (req.out_name or default_name(exam.case_ref))).absolute()
        if out.exists():
            raise ValidationError("export.out_exists", path=str(out))
        basis = self._basis(req, exam)
        names = NameCache(self.s)
        ts = timestamper_for(timestamp_url)
        record = self._release_record(req, exam, basis, out, signer, timestamped=ts is not None)
        attempt = records.begin(self.s, exam.id, exam.patient_id, out, record)
        published = False
        try:
            files, report_photos = self._photos(
                exam, patient.is_protected or req.strip_gps, names, step, cancelled
            )
            step("report", 0, 1)
            signed = self._signed_report(req, exam, patient, basis, signer, ts, files, report_photos, names)
            step("package", 0, 1)
            digest = self._write(req, exam, patient, basis, signer, signed, files, out, attempt, cancelled)
            published = True
            records.complete(self.s, attempt)
        except BaseException:
            if published:
                with contextlib.suppress(OSError):
                    out.unlink()
            records.remove_parts(out.parent, attempt)
            with contextlib.suppress(Exception):
                records.never_delivered(self.s, attempt, "failed")
            raise
        verdict = None
        if verify:  # what the police will run: checked here before anyone hands the package over
            step("verify", 0, 1)
            # No trust anchors from the signer's own card: whether the signer is trusted is for the
            # receiver to decide with its own anchors (injurydoc verify --trust).
            verdict = verify_package(out)
        return ExportResult(path=out, sha256=digest, timestamped=signed.timestamped, verdict=verdict)

    def _basis(self, req: ExportRequest, exam: Examination) -> DisclosureBasis:
        """The legal basis for this release, with who decided and when: recorded (insert-only) together
        with the release, once the package is in place — never for a package that was not written."""
        return DisclosureBasis(
            id=str(uuid.uuid4()),
            examination_id=exam.id,
            basis=req.basis,
            decided_by=self.s.account.id,
            decided_at=now_utc(),
            reference=req.recipient.strip(),
            note=req.note.strip(),
        )

    @staticmethod
    def _release_record(
        req: ExportRequest,
        exam: Examination,
        basis: DisclosureBasis,
        out: Path,
        signer: SignerIdentity,
        *,
        timestamped: bool,
    ) -> dict[str, Any]:
        """What the pending release is written down with (services/export_records.py)."""
        return {
            "patient_id": exam.patient_id,
            "basis_id": basis.id,
            "basis": req.basis.code,
            "decided_at": iso(basis.decided_at),
            "recipient": basis.reference,
            "note": basis.note,
            "package_name": out.name,
            "lang": req.lang,
            "signer": signer.display_name,
            "timestamped": timestamped,
        }

    def _signed_report(
        self,
        req: ExportRequest,
        exam: Examination,
        patient: Patient,
        basis: DisclosureBasis,
        signer: SignerIdentity,
        ts: TimeStamper | None,
        files: list[pkg.PackageFile],
        report_photos: list[ReportPhoto],
        names: NameCache,
    ) -> SignedPdf:
        """The report rendered and signed, with the package's photo log attached."""
        report_data = dataclasses.replace(
            self._report_data(req, exam, patient, basis, report_photos, names, ts is not None),
            signature_lines=signature_lines(signer, names.person(self.s.account.id), req.lang),
        )
        rendered = render(report_data)
        photo_log = {
            "case": exam.case_ref,
            "photos": [
                {"path": f.path, **{k: f.meta[k] for k in ("number", "sha256", "original_sha256")}}
                for f in files
            ],
        }
        return sign_pdf(
            rendered.pdf,
            signer,
            page=rendered.signature_page,
            box=rendered.signature_box,
            reason=req.basis.label(req.lang),
            location=self.s.unit,
            timestamper=ts,
            attachments={pkg.PHOTO_LOG: json.dumps(photo_log, indent=1).encode()},
        )

    def _write(
        self,
        req: ExportRequest,
        exam: Examination,
        patient: Patient,
        basis: DisclosureBasis,
        signer: SignerIdentity,
        signed: SignedPdf,
        files: list[pkg.PackageFile],
        out: Path,
        attempt: str,
        cancelled: Callable[[], bool] | None,
    ) -> str:
        """Write the package; its hash (and the release's details) is committed just before it is renamed
        into place.  Returns the package's SHA-256."""
        all_files = [
            pkg.PackageFile(pkg.REPORT, signed.pdf, {"kind": "report", "lang": req.lang}),
            *files,
            *self._signed_files(exam),
        ]
        header = self._manifest_header(req, exam, basis, signer, signed.timestamped)
        more = {
            "timestamped": signed.timestamped,
            "audit": {
                "basis": req.basis.code,
                "photos": len(files),
                "gps_removed": sum(1 for f in files if f.meta.get("gps_removed")),
                **({"secrecy_review": req.secrecy_review.strip()} if patient.is_protected else {}),
            },
        }

        def before_publish(sha: str) -> None:
            records.about_to_publish(self.s, attempt, sha, more)

        return pkg.write_package(
            out,
            case_ref=exam.case_ref,
            header=header,
            files=all_files,
            identity=signer,
            exercise=self.s.is_training,
            cancelled=cancelled,
            part_prefix=records.part_prefix(attempt),
            before_publish=before_publish,
        )

    def preview(self, exam_id: str, lang: Lang = "sv") -> list[bytes]:
        """The report as it will be printed, as page images, for the examiner to read before signing
        (the legal basis and the release are decided later, at export).  Logged as a read."""
        exam = exams_repo.get(self.s.db, exam_id)
        if exam is None:
            raise NotFound("exam.not_found")
        target = f"examination:{exam.id}"
        patient = access.checked_patient(self.s, exam.patient_id, AuditAction.READ, target)
        names = NameCache(self.s)
        _files, photos = self._photos(exam, patient.is_protected, names, lambda *_a: None, None)
        req = ExportRequest(examination_id=exam.id, basis=LegalBasis.CONSENT, out_dir=Path("."), lang=lang)
        data = self._report_data(req, exam, patient, None, photos, names, False)
        pages = pdf_pages_png(render(data).pdf)
        with self.s.transaction():
            self.s.audit(
                AuditAction.READ,
                patient_id=exam.patient_id,
                target=target,
                details={"event": "report_preview", "pages": len(pages)},
            )
        return pages

    def _photos(
        self,
        exam: Examination,
        remove_gps: bool,
        names: NameCache,
        step: Progress,
        cancelled: Callable[[], bool] | None,
    ) -> tuple[list[pkg.PackageFile], list[ReportPhoto]]:
        """The released photo files and what the report shows of each."""
        records = photos_repo.of_examination(self.s.db, exam.id)
        files: list[pkg.PackageFile] = []
        report_photos: list[ReportPhoto] = []
        numbers = {i.id: i.number for i in exam.injuries}
        for i, rec in enumerate(records):
            if cancelled is not None and cancelled():
                raise KnownError("export.cancelled")
            step("photos", i, len(records))
            original = photos_repo.blob(self.s.db, rec.id, "original") or b""
            preview = photos_repo.blob(self.s.db, rec.id, "preview") or b""
            data, note, mtype, removed = released_photo(rec, original, preview, remove_gps)
            path = f"photos/foto-{rec.number:02d}{EXT.get(mtype, '.bin')}"
            meta = photo_meta(rec, original, data, mtype, note, numbers, removed)
            if note == "" and meta["sha256"] != rec.sha256:
                # Released unchanged, so it must be the file the camera wrote, bit for bit.
                raise KnownError("export.photo_changed", number=rec.number)
            files.append(pkg.PackageFile(path, data, meta))
            report_photos.append(
                ReportPhoto(
                    id=rec.id,
                    number=rec.number,
                    role=rec.role,
                    caption=rec.caption,
                    captured_at=rec.captured_at,
                    camera=rec.camera,
                    sha256=rec.sha256,
                    original_name=rec.original_name,
                    imported_at=rec.imported_at,
                    imported_by=names.name(rec.imported_by),
                    injury_numbers=tuple(sorted(numbers[i] for i in rec.injury_ids if i in numbers)),
                    preview=preview,
                    export_note=note,
                    file_time=rec.file_time,
                    decode_warning=rec.decode_warning,
                )
            )
        return files, report_photos

    def _report_data(
        self,
        req: ExportRequest,
        exam: Examination,
        patient: Patient,
        basis: Any,
        photos: list[ReportPhoto],
        names: NameCache,
        timestamped: bool,
    ) -> ReportData:
        follow = exams_repo.get(self.s.db, exam.follow_up_of) if exam.follow_up_of else None
        return ReportData(
            lang=req.lang,
            unit=self.s.unit,
            program_version=__version__,
            training=self.s.is_training,
            patient=patient,
            contacts=() if patient.is_protected else patient.contacts,
            examination=exam,
            examiner=names.person(exam.examiner_id),
            signer=names.person(exam.signed_by) if exam.signed_by else None,
            follow_up_case_ref=follow.case_ref if follow else None,
            legal_basis=basis,
            basis_decided_by=names.name(basis.decided_by) if basis is not None else "",
            recipient=req.recipient.strip(),
            exported_by=names.person(self.s.account.id),
            exported_at=now_utc(),
            photos=tuple(photos),
            addenda=tuple((a, names.name(a.author_id)) for a in exam.addenda),
            timestamp_service="RFC 3161" if timestamped else None,
            signature_state=record_signing.check(self.s.db, exam).text(req.lang) if exam.is_signed else "",
            not_units_record=exam.id in not_units_record(self.s.db, [exam.id]),
        )

    def _signed_files(self, exam: Examination) -> list[pkg.PackageFile]:
        """The examination's (and each addendum's) canonical content as signed at signing time, and the
        signatures with the keys and the unit key's certificates that ``injurydoc verify`` checks."""
        evidence = record_signing.evidence(self.s.db, exam, photos_repo.of_examination(self.s.db, exam.id))
        out = [
            pkg.PackageFile(name, content, {"kind": "signed_content"})
            for name, content in evidence["contents"].items()
        ]
        doc = json.dumps(evidence["document"], ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        out.append(pkg.PackageFile(pkg.SIGNATURES, doc.encode("utf-8"), {"kind": "signatures"}))
        return out

    def _manifest_header(
        self, req: ExportRequest, exam: Examination, basis: Any, signer: SignerIdentity, timestamped: bool
    ) -> dict[str, Any]:
        me = self.s.account
        return {
            "case": exam.case_ref,
            "purpose": "training" if self.s.is_training else "real",
            "exercise": self.s.is_training,
            "created_at": iso(now_utc()),
            "program_version": __version__,
            "unit": self.s.unit,
            "examination": {
                "id": exam.id,
                "signed_at": iso(exam.signed_at) if exam.signed_at else None,
                "content_sha256": exam.content_sha256,
            },
            "exporter": {"name": me.display_name, "profession": me.profession.code, "hsa_id": me.hsa_id},
            "signer": {"name": signer.display_name, "certificate_sha256": signer.certificate.sha256.hex()},
            "legal_basis": {
                "code": req.basis.code,
                "label_sv": req.basis.label("sv"),
                "label_en": req.basis.label("en"),
                "decided_by": me.display_name,
                "decided_at": iso(basis.decided_at),
                "note": basis.note,
            },
            "recipient": req.recipient.strip(),
            "police_case_number": req.recipient.strip()
            if req.basis in (LegalBasis.RATTSINTYG_REQUEST, LegalBasis.OSL_10_23)
            else None,
            "timestamped": timestamped,
            # The access log's newest row and hash: a copy outside the store that pins the log's history.
            "access_log_head": audit_check.head_for_manifest(self.s.db),
        }
