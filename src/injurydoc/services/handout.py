"""The patient handout from an examination: what goes into it, and the access-log row for printing it.

The handout itself is laid out by the UI (Qt shapes and orders right-to-left scripts); this service
decides its content from the examination's patient and the unit's contacts, and logs each print or
saved PDF as PRINTED on the examination before the UI writes or prints anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from injurydoc.domain.errors import NotFound, ValidationError
from injurydoc.domain.models import Patient
from injurydoc.domain.vocab import AuditAction
from injurydoc.handout import languages
from injurydoc.handout.contacts import (
    MAX_ADDRESS,
    MAX_CONTACTS,
    MAX_NAME,
    MAX_PHONE,
    LocalContact,
    LocalContactKind,
    UnitContacts,
)
from injurydoc.handout.document import (
    HandoutOptions,
    HandoutPage,
    build,
    default_include_addresses,
    file_name,
)
from injurydoc.handout.languages import CODES, Script
from injurydoc.handout.texts import NEEDS_NATIVE_REVIEW
from injurydoc.services import access
from injurydoc.services.session import Session
from injurydoc.services.unit_settings import UnitSettingsService
from injurydoc.store import examinations as exams_repo

# What ui/ needs of handout/ besides the service: the language list, the page and contact types, the
# suggested file name.  ui/ reaches handout/ only through here (an import-linter contract).
__all__ = [
    "MAX_ADDRESS",
    "MAX_CONTACTS",
    "MAX_NAME",
    "MAX_PHONE",
    "NEEDS_NATIVE_REVIEW",
    "HandoutChoice",
    "HandoutPage",
    "HandoutService",
    "LocalContact",
    "LocalContactKind",
    "Medium",
    "Script",
    "UnitContacts",
    "default_include_addresses",
    "file_name",
    "languages",
]

Medium = Literal["pdf", "printer"]


@dataclass(frozen=True, slots=True)
class HandoutChoice:
    """What the clinician chose in the dialog."""

    languages: tuple[str, ...]
    include_name: bool = False
    include_addresses: bool = True


class HandoutService:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _patient(self, exam_id: str) -> Patient:
        """The examination's patient, when this account may open the case (a refusal is logged)."""
        patient_id = exams_repo.patient_of(self.s.db, exam_id)
        if patient_id is None:
            raise NotFound("exam.not_found")
        return access.checked_patient(self.s, patient_id, AuditAction.PRINTED, f"examination:{exam_id}")

    def contacts(self) -> UnitContacts:
        return UnitSettingsService(self.s).local_contacts()

    def pages(
        self, patient: Patient, choice: HandoutChoice, contacts: UnitContacts
    ) -> tuple[HandoutPage, ...]:
        """The handout's pages: the name only when chosen, never the personal identity number."""
        _check(choice)
        options = HandoutOptions(
            languages=choice.languages,
            patient_name=patient.name if choice.include_name else None,
            include_addresses=choice.include_addresses,
        )
        return build(options, contacts, unit_name=self.s.unit)

    def record_printed(self, exam_id: str, choice: HandoutChoice, medium: Medium) -> None:
        """Log the handout as printed (or saved as PDF) from the examination; call before writing it."""
        _check(choice)
        patient = self._patient(exam_id)
        with self.s.transaction():
            self.s.audit(
                AuditAction.PRINTED,
                patient_id=patient.id,
                target=f"examination:{exam_id}",
                details={
                    "document": "handout",
                    "medium": medium,
                    "languages": list(choice.languages),
                    "name_included": choice.include_name,
                    "addresses_included": choice.include_addresses,
                },
            )


def _check(choice: HandoutChoice) -> None:
    if not choice.languages:
        raise ValidationError("field.required", field="languages")
    if any(code not in CODES for code in choice.languages) or len(set(choice.languages)) != len(
        choice.languages
    ):
        raise ValidationError("field.invalid", field="languages")
