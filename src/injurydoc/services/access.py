"""Who may see whose data (patientdatalagen 4 kap.; the routine for protected personal data).

- A person without protected personal data: any clinician of the unit (in a training store, also a
  trainer).  A unit manager sees no clinical content unless granted.
- A protected person (any level but ``none``): only the account that created the case, co-handlers
  it added, and accounts the unit manager granted.
"""

from __future__ import annotations

from typing import Any

from injurydoc.domain.errors import NotFound
from injurydoc.domain.models import Patient
from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.services import protection
from injurydoc.services.session import Session
from injurydoc.store import patients as patients_repo


def is_clinical(s: Session) -> bool:
    """Does this account take part in care (and so may see unprotected patients)?"""
    return s.has(Role.CLINICIAN) or (s.is_training and s.has(Role.TRAINER))


def has_grant(s: Session, patient_id: str) -> bool:
    return bool(
        s.db.scalar(
            f"SELECT 1 FROM access_grants g WHERE g.patient_id = ? AND g.account_id = ? "
            f"AND {patients_repo.GRANT_VALID}",
            (patient_id, s.account.id),
        )
    )


def can_open(s: Session, patient: Patient) -> bool:
    if s.via_recovery:
        return False
    if patient.created_by == s.account.id or has_grant(s, patient.id):
        return True
    return not patient.is_protected and is_clinical(s)


def checked_patient(
    s: Session, patient_id: str, action: AuditAction, target: str, *, with_contacts: bool = False
) -> Patient:
    """The patient, when this account may open the case; a refusal is logged as ``action`` on ``target``."""
    patient = patients_repo.by_id(
        s.db, patient_id, with_contacts=with_contacts, cipher=protection.cipher(s, patient_id)
    )
    if patient is None:
        raise NotFound("patient.not_found")
    if not can_open(s, patient):
        raise s.audit_denied(action, patient_id=patient_id, target=target, reason="no access")
    return patient


def visible_clause(s: Session) -> tuple[str, list[Any]]:
    """SQL condition over alias ``p`` selecting the patients this session may see."""
    me = s.account.id
    if is_clinical(s):
        return patients_repo.VISIBLE_TO, [me, me]
    return (
        "(p.created_by = ? OR EXISTS (SELECT 1 FROM access_grants g WHERE g.patient_id = p.id "
        f"AND g.account_id = ? AND {patients_repo.GRANT_VALID}))",
        [me, me],
    )


def can_create_cases(s: Session) -> bool:
    return not s.via_recovery and is_clinical(s)
