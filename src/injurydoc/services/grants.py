"""Unit managers decide who may open protected cases, and see who has access, without names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from injurydoc.domain.errors import NotFound, ValidationError
from injurydoc.domain.models import Grant
from injurydoc.domain.vocab import AuditAction, Protection, Role
from injurydoc.services import access, protection
from injurydoc.services.session import Session
from injurydoc.store import accounts as accounts_repo
from injurydoc.store import patients as repo


@dataclass(frozen=True, slots=True)
class ProtectedCase:
    """What a unit manager sees of a protected case: no name, no number, no clinical content."""

    patient_id: str
    protection: Protection
    created_by: str
    created_at: dt.datetime
    case_refs: tuple[str, ...]
    grants: tuple[Grant, ...]


class GrantService:
    def __init__(self, session: Session) -> None:
        self.s = session

    def protected_cases(self) -> list[ProtectedCase]:
        self.s.require(Role.UNIT_MANAGER)
        db = self.s.db
        out = []
        for pid, prot, creator, created in db.all(
            "SELECT p.id, p.protection, a.username, p.created_at FROM patients p "
            "JOIN accounts a ON a.id = p.created_by WHERE p.protection <> 'none' "
            "ORDER BY p.created_at"
        ):
            refs = tuple(
                r[0]
                for r in db.all(
                    "SELECT case_ref FROM examinations WHERE patient_id = ? ORDER BY created_at",
                    (pid,),
                )
            )
            out.append(
                ProtectedCase(
                    patient_id=pid,
                    protection=Protection(prot),
                    created_by=creator,
                    created_at=dt.datetime.fromisoformat(created),
                    case_refs=refs,
                    grants=tuple(repo.grants_for(db, pid)),
                )
            )
        with self.s.transaction():
            self.s.audit(
                AuditAction.GRANT,
                target="protected_cases",
                details={"event": "listed", "n": len(out)},
            )
        return out

    def grant(self, patient_id: str, account_id: str, *, reason: str, until: dt.date) -> None:
        """Access to a protected case for ``reason`` through ``until`` (inclusive); then it stops."""
        self.s.require(Role.UNIT_MANAGER)
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError("field.required", field="reason")
        if until < dt.date.today():
            raise ValidationError("grant.ended")
        if repo.by_id(self.s.db, patient_id, with_contacts=False) is None:
            raise NotFound("patient.not_found")
        account = accounts_repo.by_id(self.s.db, account_id)
        if account is None or not account.active:
            raise NotFound("account.not_found")
        access.refuse_trainer_only(self.s, account)
        with self.s.transaction() as db:
            repo.add_grant(
                db, patient_id, account_id, "grant", self.s.account.id, reason=reason, expires_on=until
            )
            # The grantee gets the person's key, wrapped with this manager's own opening of it.
            wrapped = protection.share(self.s, patient_id, account_id, "grant")
            self.s.audit(
                AuditAction.GRANT,
                patient_id=patient_id,
                target=f"account:{account_id}",
                details={
                    "event": "granted",
                    "reason": reason,
                    "until": until.isoformat(),
                    "key_wrapped": wrapped,
                },
            )

    def revoke(self, patient_id: str, account_id: str) -> bool:
        self.s.require(Role.UNIT_MANAGER)
        with self.s.transaction() as db:
            removed = repo.remove_grant(db, patient_id, account_id)
            creator = db.scalar("SELECT created_by FROM patients WHERE id = ?", (patient_id,))
            unwrapped = False
            if removed and account_id != creator and account_id not in protection.managers(self.s):
                unwrapped = protection.withdraw(self.s, patient_id, account_id)
            self.s.audit(
                AuditAction.GRANT,
                patient_id=patient_id,
                target=f"account:{account_id}",
                details={"event": "revoked", "existed": removed, "key_unwrapped": unwrapped},
            )
        return removed
