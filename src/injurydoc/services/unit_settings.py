"""The unit's own settings: for now the local help contacts printed on the patient handout.

Any signed-in account reads them (a clinician prints the handout); only a unit manager saves them, and
every save is logged.  They name no patient.
"""

from __future__ import annotations

from injurydoc.domain.errors import AccessDenied
from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.handout.contacts import SETTING_KEY, UnitContacts, from_json, to_json, validated
from injurydoc.services.session import Session
from injurydoc.store import unit_settings as repo

#: The access-log target of a change of the unit's settings.
TARGET = "unit_settings"


class UnitSettingsService:
    def __init__(self, session: Session) -> None:
        self.s = session

    def local_contacts(self) -> UnitContacts:
        return from_json(repo.get(self.s.db, SETTING_KEY))

    def save_local_contacts(self, contacts: UnitContacts) -> UnitContacts:
        """Check and store the contacts; returns them as stored (white space tidied)."""
        self.s.require(Role.UNIT_MANAGER)
        if self.s.via_recovery:  # the recovery code resets passwords, nothing else
            raise AccessDenied("access.role", role=Role.UNIT_MANAGER.code)
        clean = validated(contacts)
        with self.s.transaction() as db:
            repo.put(db, SETTING_KEY, to_json(clean), account_id=self.s.account.id)
            self.s.audit(
                AuditAction.CHANGED,
                target=TARGET,
                details={"setting": SETTING_KEY, "contacts": len(clean.contacts)},
            )
        return clean
