"""Patients: creation, opening, search, protection and contact details, co-handlers."""

from __future__ import annotations

import uuid

from injurydoc.domain.errors import AccessDenied, NotFound, ValidationError
from injurydoc.domain.identity import PersonalId, id_digits, normalize_id_text, parse_personal_id
from injurydoc.domain.models import ContactDetail, ContactKind, Patient
from injurydoc.domain.vocab import AuditAction, AuditOutcome, IdKind, Protection, Role, Sex
from injurydoc.services import access, unit_queue
from injurydoc.services import protection as keyring
from injurydoc.services.session import Session
from injurydoc.store import accounts as accounts_repo
from injurydoc.store import patients as repo
from injurydoc.store import protected as sealing
from injurydoc.store.protected import FieldCipher, new_content_key

SEARCH_LIMIT = 50
MIN_NAME_QUERY = 2


class PatientService:
    def __init__(self, session: Session) -> None:
        self.s = session

    # ----- creation -------------------------------------------------------------------------
    def create(
        self,
        *,
        personal_id: str,
        id_kind: IdKind | None = None,
        name: str,
        sex: Sex = Sex.UNKNOWN,
        protection: Protection = Protection.NONE,
        guardian_is_threat: bool = False,
        allow_duplicate: bool = False,
    ) -> Patient:
        """Register a patient.  ``allow_duplicate`` (training stores only): each trainee's attempt at an
        exercise gets its own record of the same synthetic person."""
        if allow_duplicate and not self.s.is_training:
            raise ValidationError("training.real_store")
        if not access.can_create_cases(self.s):
            raise AccessDenied("access.role", role=Role.CLINICIAN.code)
        pid = parse_personal_id(personal_id, id_kind)
        if not name.strip():
            raise ValidationError("field.required", field="name")
        if pid.kind is not IdKind.RESERVNUMMER and not allow_duplicate:
            self._refuse_existing(pid)
        sealed = protection.is_protected and keyring.is_keyed(self.s)
        key = new_content_key() if sealed else None
        with self.s.transaction() as db:
            patient_id = str(uuid.uuid4())
            repo.insert(
                db,
                personal_id=pid,
                name=" ".join(name.split()),
                sex=sex,
                protection=protection,
                guardian_is_threat=guardian_is_threat,
                created_by=self.s.account.id,
                patient_id=patient_id,
                cipher=None if key is None else FieldCipher(key, self.s.vault.store_id),
                lookup=keyring.lookup(self.s, pid.digits) if sealed else None,
            )
            if key is not None:
                keyring.wrap_all(self.s, patient_id, key, self.s.account.id)
            self.s.audit(
                AuditAction.CREATED,
                patient_id=patient_id,
                target=f"patient:{patient_id}",
                details={"protection": protection.code},
            )
            patient = repo.by_id(db, patient_id, cipher=keyring.cipher(self.s, patient_id))
            if patient is not None:
                unit_queue.patient_created(self.s, db, patient)
        if patient is None:
            raise RuntimeError("created patient vanished")
        return patient

    def _refuse_existing(self, pid: PersonalId) -> None:
        """Refuse a second record of a person already registered (its number, plain or sealed); a
        protected person's existing record is not even confirmed to someone who may not open it (a
        refusal in the access log instead)."""
        existing = self.s.db.one(
            f"SELECT {repo.COLS} FROM patients p WHERE p.id_digits = ? OR p.id_lookup = ? LIMIT 1",
            (pid.digits, keyring.lookup(self.s, pid.digits)),
        )
        if existing is None:
            return
        found = repo.row_to_patient(
            self.s.db, existing, keyring.cipher_for_row(self.s, existing[0], existing[3])
        )
        if not access.can_open(self.s, found):
            raise self.s.audit_denied(
                AuditAction.CREATED,
                patient_id=found.id,
                target=f"patient:{found.id}",
                reason="duplicate of a protected case",
            )
        raise ValidationError("field.invalid", field="personal_id (exists)")

    # ----- reading --------------------------------------------------------------------------
    def _load_checked(self, patient_id: str, action: AuditAction) -> Patient:
        return access.checked_patient(self.s, patient_id, action, f"patient:{patient_id}", with_contacts=True)

    def get(self, patient_id: str) -> Patient:
        """Open a patient's record; logged."""
        patient = self._load_checked(patient_id, AuditAction.READ)
        with self.s.transaction():
            self.s.audit(AuditAction.READ, patient_id=patient_id, target=f"patient:{patient_id}")
        return patient

    def search(self, text: str, *, limit: int = SEARCH_LIMIT) -> list[Patient]:
        """Search by name or personal number.  The query text itself is never logged.

        Every protected person the text matches is logged by id, as a hit when the account may see
        them and as a refused attempt when it may not (and then is not returned).
        """
        query = " ".join(normalize_id_text(text).split())
        if not query:
            return []
        digits = id_digits(query)
        by_number = len(digits) >= 6 and len(digits) >= len(query.replace("-", "").replace("+", ""))
        if by_number:
            cond, params = keyring.search_clause(self.s, "p.id_digits LIKE ?", [f"%{digits}%"], digits=digits)
        elif sum(ch.isalnum() for ch in query) < MIN_NAME_QUERY:
            # the minimum counts letters and digits, not wildcards, punctuation or spaces
            return []
        else:
            cond, params = keyring.search_clause(
                self.s,
                "p.name_fold LIKE ? ESCAPE '\\'",
                [f"%{_like_escape(repo.fold(query))}%"],
                name=repo.fold(query),
            )
        visible, vparams = access.visible_clause(self.s)
        rows = self.s.db.all(
            f"SELECT {repo.COLS} FROM patients p WHERE {cond} AND {visible} ORDER BY p.name_fold LIMIT ?",
            [*params, *vparams, limit],
        )
        hidden = self.s.db.all(
            f"SELECT p.id FROM patients p WHERE {cond} AND p.protection <> 'none' AND NOT {visible}",
            [*params, *vparams],
        )
        found = [repo.row_to_patient(self.s.db, r, keyring.cipher_for_row(self.s, r[0], r[3])) for r in rows]
        with self.s.transaction():
            self.s.audit(
                AuditAction.SEARCHED,
                target="patients",
                details={"by": "number" if by_number else "name", "hits": len(found)},
            )
            # every patient shown in a result is logged by id: loggkontroll must say who saw whom
            for p in found:
                self.s.audit(AuditAction.SEARCHED, patient_id=p.id, target=f"patient:{p.id}")
            for (pid,) in hidden:
                self.s.audit(
                    AuditAction.SEARCHED,
                    outcome=AuditOutcome.DENIED,
                    patient_id=pid,
                    target=f"patient:{pid}",
                    details={"reason": "protected, no access"},
                )
        return found

    # ----- changes --------------------------------------------------------------------------
    def add_contact(self, patient_id: str, kind: str, value: str) -> None:
        patient = self._load_checked(patient_id, AuditAction.CHANGED)
        if kind not in ContactKind.ALL:
            raise ValidationError("field.invalid", field="contact kind")
        if patient.is_protected:
            raise ValidationError("access.protected_contact")
        if patient.guardian_is_threat and kind in ContactKind.GUARDIAN_SIDE:
            raise ValidationError("access.guardian_threat_contact")
        if not value.strip():
            raise ValidationError("field.required", field="contact")
        with self.s.transaction() as db:
            repo.add_contact(db, patient_id, ContactDetail(kind=kind, value=value.strip()))
            unit_queue.patient_changed(self.s, db, patient_id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=patient_id,
                target=f"patient:{patient_id}",
                details={"field": f"contact.{kind}"},
            )

    def set_protection(
        self, patient_id: str, protection: Protection, guardian_is_threat: bool = False
    ) -> int:
        """Change the protection level; returns how many stored contact details were removed."""
        self._load_checked(patient_id, AuditAction.CHANGED)
        sealed = repo.is_sealed(self.s.db, patient_id)
        fc = keyring.cipher(self.s, patient_id) if sealed else None
        if sealed and fc is None:
            raise AccessDenied("access.no_key")
        with self.s.transaction() as db:
            removed = repo.set_protection(db, patient_id, protection, guardian_is_threat)
            if protection.is_protected and not sealed and keyring.is_keyed(self.s):
                keyring.seal_person(self.s, patient_id)
            elif not protection.is_protected and fc is not None:
                sealing.reseal_content(db, patient_id, fc, seal=False)
                repo.unseal_identity(db, patient_id, fc)
                keyring.drop_all(self.s, patient_id)
            unit_queue.patient_changed(self.s, db, patient_id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=patient_id,
                target=f"patient:{patient_id}",
                details={
                    "field": "protection",
                    "protection": protection.code,
                    "guardian_is_threat": guardian_is_threat,
                    "contacts_removed": removed,
                },
            )
        return removed

    def update(self, patient_id: str, *, name: str, sex: Sex) -> None:
        self._load_checked(patient_id, AuditAction.CHANGED)
        if not name.strip():
            raise ValidationError("field.required", field="name")
        fc = keyring.cipher(self.s, patient_id) if repo.is_sealed(self.s.db, patient_id) else None
        if fc is None and repo.is_sealed(self.s.db, patient_id):
            raise AccessDenied("access.no_key")
        with self.s.transaction() as db:
            repo.update_identity(db, patient_id, name=" ".join(name.split()), sex=sex, cipher=fc)
            unit_queue.patient_changed(self.s, db, patient_id)
            self.s.audit(
                AuditAction.CHANGED,
                patient_id=patient_id,
                target=f"patient:{patient_id}",
                details={"field": "identity"},
            )

    def add_co_handler(self, patient_id: str, account_id: str) -> None:
        """The account that created a protected case may add co-handlers (medhandläggare)."""
        patient = self._load_checked(patient_id, AuditAction.GRANT)
        if patient.created_by != self.s.account.id:
            raise self.s.audit_denied(
                AuditAction.GRANT,
                patient_id=patient_id,
                target=f"patient:{patient_id}",
                reason="only the case creator adds co-handlers",
            )
        other = accounts_repo.by_id(self.s.db, account_id)
        if other is None or not other.active:
            raise NotFound("account.not_found")
        access.refuse_trainer_only(self.s, other)
        with self.s.transaction() as db:
            repo.add_grant(db, patient_id, account_id, "co_handler", self.s.account.id)
            wrapped = keyring.share(self.s, patient_id, account_id, "co_handler")
            unit_queue.co_handler_added(self.s, db, patient_id, account_id)
            self.s.audit(
                AuditAction.GRANT,
                patient_id=patient_id,
                target=f"account:{account_id}",
                details={"event": "co_handler_added", "key_wrapped": wrapped},
            )


def _like_escape(text: str) -> str:
    """``text`` as a literal inside a ``LIKE … ESCAPE '\\'`` pattern (``%`` and ``_`` are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
