"""Examinations: drafts changed field by field, injuries, signing, addenda, legal bases, lists."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from typing import Any

from injurydoc.domain.errors import (
    AccessDenied,
    AuthError,
    Both,
    ImmutableError,
    NotFound,
    StoreError,
    ValidationError,
)
from injurydoc.domain.models import (
    Addendum,
    BodyMark,
    DisclosureBasis,
    Examination,
    Injury,
    SummaryRow,
)
from injurydoc.domain.vocab import (
    AuditAction,
    AuditOutcome,
    BodyRegion,
    InjuryType,
    LegalBasis,
    Role,
    Side,
)
from injurydoc.services import access, protection, record_signing, unit_queue
from injurydoc.services.session import Session
from injurydoc.store import examinations as repo
from injurydoc.store import patients as patients_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store import protected as sealing
from injurydoc.store.audit import now_utc
from injurydoc.store.lockout import Lockout

PAGE_SIZE = 50
#: Shorter name searches return nothing: they would show (and log) most of the unit's patients.
MIN_NAME_QUERY = 2
#: Fields of an examination that :meth:`ExaminationService.update` may change in a draft.
EDITABLE = frozenset(repo.BODY_FIELDS)
INJURY_EDITABLE = frozenset(repo.INJURY_BODY_FIELDS) | {"type", "region", "side"}


class ExaminationService:
    def __init__(self, session: Session) -> None:
        self.s = session
        #: examinations this service object listed (and logged); ``check_listed`` checks only these
        self._listed: set[str] = set()

    # ----- access -----------------------------------------------------------------------------
    def _patient_checked(self, patient_id: str, action: AuditAction, target: str) -> None:
        access.checked_patient(self.s, patient_id, action, target)

    def _exam_checked(self, exam_id: str, action: AuditAction) -> Examination:
        try:
            exam = repo.get(self.s.db, exam_id)
        except record_signing.UNREADABLE:  # stored rows altered past reading (raw SQL), or damaged
            row = self.s.db.one("SELECT patient_id, status FROM examinations WHERE id = ?", (exam_id,))
            if row is None:
                raise NotFound("exam.not_found") from None
            self._patient_checked(str(row[0]), action, f"examination:{exam_id}")
            if row[1] == "signed":
                detail = record_signing.unreadable().problems[0]
                raise ImmutableError("exam.signature_broken", detail=detail) from None
            raise StoreError("exam.unreadable") from None
        if exam is None:
            raise NotFound("exam.not_found")
        self._patient_checked(exam.patient_id, action, f"examination:{exam_id}")
        return exam

    def _draft_for_edit(self, exam_id: str) -> Examination:
        exam = self._exam_checked(exam_id, AuditAction.CHANGED)
        if exam.is_signed:
            raise ImmutableError("exam.signed")
        state = record_signing.check(self.s.db, exam)
        if state.broken:  # signed once, set back to a draft outside the program: never edited again
            raise ImmutableError("exam.signature_broken", detail=state.problems[0])
        if exam.examiner_id != self.s.account.id:
            raise self.s.audit_denied(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"examination:{exam_id}",
                reason="only the examiner edits a draft",
            )
        return exam

    # ----- creation and reading -------------------------------------------------------------
    def create(self, patient_id: str, *, follow_up_of: str | None = None) -> Examination:
        if not access.can_create_cases(self.s):
            raise AccessDenied("access.role", role=Role.CLINICIAN.code)
        self._patient_checked(patient_id, AuditAction.CREATED, f"patient:{patient_id}")
        if follow_up_of is not None:
            earlier = repo.get(self.s.db, follow_up_of)
            if earlier is None or earlier.patient_id != patient_id:
                raise ValidationError("field.invalid", field="follow_up_of")
        prefix = unit_queue.case_ref_prefix(self.s, "OVN" if self.s.is_training else "SD")
        with self.s.transaction() as db:
            exam = Examination(
                id=str(uuid.uuid4()),
                case_ref=repo.next_case_ref(db, prefix),
                patient_id=patient_id,
                examiner_id=self.s.account.id,
                unit=self.s.unit,
                status="draft",
                created_at=now_utc(),
                started_at=now_utc(),
                follow_up_of=follow_up_of,
            )
            repo.insert(db, exam)
            unit_queue.examination_created(self.s, db, exam.id)
            self.s.audit(
                AuditAction.CREATED,
                patient_id=patient_id,
                target=f"examination:{exam.id}",
                details={"follow_up_of": follow_up_of} if follow_up_of else {},
            )
        return exam

    def get(self, exam_id: str) -> Examination:
        """Open an examination; logged as a read of the patient's data."""
        exam = self._exam_checked(exam_id, AuditAction.READ)
        with self.s.transaction():
            self.s.audit(AuditAction.READ, patient_id=exam.patient_id, target=f"examination:{exam_id}")
        return exam

    def signature(self, exam: Examination) -> record_signing.SignatureState:
        """The signature state of an examination already opened (checked again from the store)."""
        return record_signing.check(self.s.db, exam)

    # ----- editing a draft ------------------------------------------------------------------
    def update(self, exam_id: str, **changes: Any) -> Examination:
        """Change fields of a draft.  Saved at once; the log names the fields, never the values."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        exam = self._draft_for_edit(exam_id)
        updated = dataclasses.replace(exam, **changes)
        with self.s.transaction() as db:
            repo.update_body(db, updated)
            unit_queue.draft_changed(self.s, db, exam_id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"examination:{exam_id}",
                details={"fields": sorted(changes)},
                coalesce=True,
            )
        return updated

    def add_injury(
        self,
        exam_id: str,
        *,
        type: InjuryType,
        region: BodyRegion,
        side: Side,
        marks: tuple[BodyMark, ...] = (),
        **fields: Any,
    ) -> Injury:
        unknown = set(fields) - INJURY_EDITABLE
        if unknown:
            raise ValueError(f"not injury fields: {sorted(unknown)}")
        _check_sizes(fields)
        exam = self._draft_for_edit(exam_id)
        with self.s.transaction() as db:
            inj = Injury(
                id=str(uuid.uuid4()),
                examination_id=exam_id,
                number=repo.next_injury_number(db, exam_id),
                type=type,
                region=region,
                side=side,
                marks=marks,
                **fields,
            )
            repo.save_injury(db, inj)
            repo.touch(db, exam_id)
            unit_queue.draft_changed(self.s, db, exam_id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"injury:{inj.id}",
                details={"event": "injury_added", "number": inj.number},
            )
        return inj

    def update_injury(self, injury_id: str, **changes: Any) -> Injury:
        unknown = set(changes) - INJURY_EDITABLE
        if unknown:
            raise ValueError(f"not injury fields: {sorted(unknown)}")
        _check_sizes(changes)
        current = repo.injury(self.s.db, injury_id)
        if current is None:
            raise NotFound("exam.not_found")
        exam = self._draft_for_edit(current.examination_id)
        updated = dataclasses.replace(current, **changes)
        with self.s.transaction() as db:
            repo.save_injury(db, updated)
            repo.touch(db, exam.id)
            unit_queue.draft_changed(self.s, db, exam.id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"injury:{injury_id}",
                details={"fields": sorted(changes)},
                coalesce=True,
            )
        return updated

    def delete_injury(self, injury_id: str) -> None:
        current = repo.injury(self.s.db, injury_id)
        if current is None:
            raise NotFound("exam.not_found")
        exam = self._draft_for_edit(current.examination_id)
        with self.s.transaction() as db:
            repo.delete_injury(db, injury_id)
            repo.touch(db, exam.id)
            unit_queue.draft_changed(self.s, db, exam.id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"injury:{injury_id}",
                details={"event": "injury_removed", "number": current.number},
            )

    # ----- signing and after ----------------------------------------------------------------
    def confirm_password(self, password: str) -> None:
        """The signed-in account's password typed again before signing (wrong tries count towards the
        same lockout as signing in)."""
        vault, me = self.s.vault, self.s.account
        lock = Lockout(vault.folder, vault.store_id)
        lock.check(me.username)
        try:
            vault.keyslots.unwrap_account(me.username, password)
        except AuthError:
            lock.failed(me.username)
            raise AuthError("auth.failed") from None
        lock.succeeded(me.username)
        if lock.damage_found is not None:  # the manager is told, as at sign-in
            from injurydoc.services.startup import log_lockout_damage

            log_lockout_damage(self.s, lock.damage_found)

    def sign(self, exam_id: str, *, password: str | None = None) -> Examination:
        """Sign a draft: from now on the database refuses any change to it or its injuries.  The GUI
        passes the password typed again; it is checked before anything changes."""
        exam = self._exam_checked(exam_id, AuditAction.SIGNED)
        if password is not None:
            self.confirm_password(password)
        if exam.is_signed:
            raise ImmutableError("exam.signed")
        state = record_signing.check(self.s.db, exam)
        if state.broken:  # signed once, set back to a draft outside the program
            raise ImmutableError("exam.signature_broken", detail=state.problems[0])
        if exam.examiner_id != self.s.account.id:
            raise ValidationError("exam.not_examiner")
        with self.s.transaction() as db:
            if exam.ended_at is None:
                exam = dataclasses.replace(exam, ended_at=now_utc())
                repo.update_body(db, exam)
            # The examiner's personal key signs the canonical content now, in the same step that makes
            # the record immutable; the stored hash is the signed content's.
            digest = record_signing.sign_examination(
                self.s, db, exam, photos_repo.of_examination(db, exam_id)
            )
            repo.mark_signed(db, exam_id, self.s.account.id, digest)
            unit_queue.signed(self.s, db, exam_id)
            self.s.audit(
                AuditAction.SIGNED,
                patient_id=exam.patient_id,
                target=f"examination:{exam_id}",
                details={"content_sha256": digest},
            )
        signed = repo.get(self.s.db, exam_id)
        if signed is None:
            raise RuntimeError("signed examination vanished")
        return signed

    def add_addendum(self, exam_id: str, text: str, *, password: str | None = None) -> Addendum:
        exam = self._exam_checked(exam_id, AuditAction.CHANGED)
        if password is not None:
            self.confirm_password(password)
        if not exam.is_signed:
            raise ValidationError("exam.not_signed")
        if not access.is_clinical(self.s):
            raise AccessDenied("access.role", role=Role.CLINICIAN.code)
        if not text.strip():
            raise ValidationError("field.required", field="addendum")
        state = record_signing.check(self.s.db, exam)
        if state.broken:
            raise ImmutableError("exam.signature_broken", detail=Both(state.text("sv"), state.text("en")))
        with self.s.transaction() as db:
            add = repo.add_addendum(db, exam_id, self.s.account.id, text.strip())
            exam_sha256 = record_signing.content_sha256(db, exam)
            record_signing.sign_addendum(self.s, db, add, exam_sha256)
            unit_queue.addendum_added(self.s, db, add, exam_sha256)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"addendum:{add.id}",
                details={"event": "addendum_added"},
            )
        return add

    def record_legal_basis(
        self, exam_id: str, basis: LegalBasis, *, reference: str = "", note: str = ""
    ) -> DisclosureBasis:
        """Record the legal basis for a release, with who decided and when."""
        exam = self._exam_checked(exam_id, AuditAction.CHANGED)
        if basis is LegalBasis.RATTSINTYG_REQUEST and not reference.strip():
            raise ValidationError("field.required", field="police case number")
        with self.s.transaction() as db:
            rec = repo.add_disclosure_basis(
                db, exam_id, basis, self.s.account.id, reference.strip(), note.strip()
            )
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=exam.patient_id,
                target=f"examination:{exam_id}",
                details={"event": "legal_basis_recorded", "basis": basis.code},
            )
        return rec

    def legal_bases(self, exam_id: str) -> list[DisclosureBasis]:
        self._exam_checked(exam_id, AuditAction.READ)
        return repo.disclosure_bases_of(self.s.db, exam_id)

    # ----- lists ------------------------------------------------------------------------------
    def list_mine(self, *, page: int = 0, page_size: int = PAGE_SIZE, check: bool = True) -> list[SummaryRow]:
        """The account's own examinations, drafts first, newest first.  ``check=False``: the rows without
        their signature states (step one of the start page's two-step listing, see :meth:`check_listed`)."""
        rows = self.s.db.all(
            repo.SUMMARY_SELECT + "WHERE e.examiner_id = ? "
            "ORDER BY e.status = 'signed', e.updated_at DESC LIMIT ? OFFSET ?",
            (self.s.account.id, page_size, page * page_size),
        )
        return self._logged_listing(self._summaries(rows), "mine", check=check)

    def search(
        self, text: str = "", *, page: int = 0, page_size: int = PAGE_SIZE, check: bool = True
    ) -> list[SummaryRow]:
        """Examinations of the patients this account may see, matching a name or a number.  ``check``: as
        in :meth:`list_mine`."""
        visible, vparams = access.visible_clause(self.s)
        query = " ".join(text.split())
        cond, params = "1", list[Any]()
        hidden_cond = ""
        by = "all"
        if query:
            digits = "".join(ch for ch in query if ch.isdigit())
            if len(digits) >= 6 and len(digits) >= len(query.replace("-", "").replace("+", "")):
                cond, params = protection.search_clause(
                    self.s, "p.id_digits LIKE ?", [f"%{digits}%"], digits=digits
                )
                by = "number"
            elif len(query) < MIN_NAME_QUERY:
                return []  # one letter matches half the unit; nothing is shown and nothing logged
            else:
                folded = patients_repo.fold(query)
                cond, params = protection.search_clause(
                    self.s, "p.name_fold LIKE ?", [f"%{folded}%"], name=folded
                )
                by = "name"
            hidden_cond = cond
        rows = self.s.db.all(
            repo.SUMMARY_SELECT + f"WHERE {cond} AND {visible} ORDER BY e.updated_at DESC LIMIT ? OFFSET ?",
            [*params, *vparams, page_size, page * page_size],
        )
        hidden: list[tuple[Any, ...]] = []
        if hidden_cond:
            hidden = self.s.db.all(
                f"SELECT p.id FROM patients p WHERE {hidden_cond} AND p.protection <> 'none' "
                f"AND NOT {visible}",
                [*params, *vparams],
            )
        return self._logged_listing(self._summaries(rows), by, hidden, check=check)

    def _summaries(self, rows: list[tuple[Any, ...]]) -> list[SummaryRow]:
        """List rows; a protected person's name and number opened only with this account's key."""
        protection.prefetch(self.s, [str(r[2]) for r in rows if sealing.is_sealed_text(r[3])])
        return [repo.summary(r, protection.cipher_for_row(self.s, r[2], r[3])) for r in rows]

    def check_listed(self, rows: Sequence[SummaryRow]) -> dict[str, str]:
        """Step two of the two-step listing: the signature state of each row listed by ``list_mine`` or
        ``search`` with ``check=False`` *on this service object*, as ``record_signing.mark_listed`` finds it
        (in its own read snapshot, remembered for the session as in the one-step listing).  Returns
        examination id → state (``record_signing.VALID``, ``BROKEN``, …) for every signed row it could check
        and every draft that was signed once; a signed row missing from the answer was not checked (it no
        longer exists as listed) and must not be shown as valid.  Rows this object did not list are
        ignored.  The given rows are not changed (the caller may be showing them on another thread)."""
        mine = [dataclasses.replace(r, extra={}) for r in rows if r.examination_id in self._listed]
        record_signing.mark_listed(self.s.db, mine)
        return {r.examination_id: str(r.extra["signature"]) for r in mine if "signature" in r.extra}

    def _logged_listing(
        self,
        rows: list[SummaryRow],
        by: str,
        hidden: list[tuple[Any, ...]] | None = None,
        *,
        check: bool = True,
    ) -> list[SummaryRow]:
        if check:
            record_signing.mark_listed(self.s.db, rows)  # a broken signature is marked in the list
        # A list shown without search text (the start page) is no search: it is logged as what it is, a
        # read of the rows shown (event "listed"); a search stays "searched".
        listed = by in ("all", "mine")
        action = AuditAction.READ if listed else AuditAction.SEARCHED
        event: dict[str, Any] = {"event": "listed"} if listed else {}
        with self.s.transaction():
            self.s.audit(
                action,
                target="examinations",
                details={**event, "by": by, "hits": len(rows)},
            )
            for pid in sorted({r.patient_id for r in rows if r.protection.is_protected}):
                self.s.audit(action, patient_id=pid, target=f"patient:{pid}", details=event)
            for (pid,) in hidden or []:
                self.s.audit(
                    AuditAction.SEARCHED,
                    outcome=AuditOutcome.DENIED,
                    patient_id=pid,
                    target=f"patient:{pid}",
                    details={"reason": "protected, no access"},
                )
            protection.remember_opened(self.s)  # the person keys opened the slow way, for next time
        self._listed.update(r.examination_id for r in rows)
        return rows


def _check_sizes(fields: dict[str, Any]) -> None:
    for name in ("length_mm", "width_mm", "depth_mm"):
        value = fields.get(name)
        if value is not None and not 0 < float(value) <= 2000:
            raise ValidationError("field.range", field=name, low="0", high="2000")
