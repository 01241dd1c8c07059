"""Who may see whose data (patientdatalagen 4 kap.; the routine for protected personal data).

- A person without protected personal data: any clinician of the unit (in a training store, also a
  trainer).  A unit manager sees no clinical content unless granted.
- A protected person (any level but ``none``): only the account that created the case, co-handlers
  it added, and accounts the unit manager granted.
- A trainer who is not also a clinician, in a real store, opens **nothing** — not as co-handler, not by
  a grant: training is not care, and need-to-know (patientdatalagen 4 kap.) gives a trainer no part in a
  real patient's care.  The unit server has the same rule (``_may_open``, revision 0007), so a case
  opens for exactly the same accounts on a standalone store and in a unit (docs/server.md).
"""

from __future__ import annotations

from typing import Any

from injurydoc.domain.errors import NotFound, ValidationError
from injurydoc.domain.models import Account, Patient
from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.services import protection
from injurydoc.services.session import Session
from injurydoc.store import patients as patients_repo


def is_clinical(s: Session) -> bool:
    """Does this account take part in care (and so may see unprotected patients)?"""
    return s.has(Role.CLINICIAN) or (s.is_training and s.has(Role.TRAINER))


def trainer_only(s: Session) -> bool:
    """A trainer without the clinician role, in a real store: sees no clinical content at all."""
    return not s.is_training and s.has(Role.TRAINER) and not s.has(Role.CLINICIAN)


def refuse_trainer_only(s: Session, account: Account) -> None:
    """A grant or co-handler role for a trainer without the clinician role, in a real store, would open
    nothing (:func:`trainer_only`): refused, saying so, instead of given in vain."""
    if not s.is_training and Role.TRAINER in account.roles and Role.CLINICIAN not in account.roles:
        raise ValidationError("grant.trainer_only", username=account.username)


def has_grant(s: Session, patient_id: str) -> bool:
    return bool(
        s.db.scalar(
            f"SELECT 1 FROM access_grants g WHERE g.patient_id = ? AND g.account_id = ? "
            f"AND {patients_repo.GRANT_VALID}",
            (patient_id, s.account.id),
        )
    )


def can_open(s: Session, patient: Patient) -> bool:
    if s.via_recovery or trainer_only(s):
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
    if trainer_only(s):
        return "0", []
    if is_clinical(s):
        return patients_repo.VISIBLE_TO, [me, me]
    return (
        "(p.created_by = ? OR EXISTS (SELECT 1 FROM access_grants g WHERE g.patient_id = p.id "
        f"AND g.account_id = ? AND {patients_repo.GRANT_VALID}))",
        [me, me],
    )


def can_create_cases(s: Session) -> bool:
    return not s.via_recovery and is_clinical(s)
