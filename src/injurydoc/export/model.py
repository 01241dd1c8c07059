"""What a report shows, gathered by the export service into plain data: the report renders only this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from injurydoc.domain.models import Addendum, ContactDetail, DisclosureBasis, Examination, Patient
from injurydoc.domain.texts import Lang
from injurydoc.domain.vocab import PhotoRole, Profession


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    profession: Profession
    hsa_id: str = ""


@dataclass(frozen=True, slots=True)
class ReportPhoto:
    id: str
    number: int
    role: PhotoRole | None
    caption: str
    captured_at: str | None
    camera: str
    sha256: str
    original_name: str
    imported_at: dt.datetime
    imported_by: str
    injury_numbers: tuple[int, ...]
    preview: bytes  # upright JPEG without EXIF, embedded as it is
    #: "" (released as stored), "gps_removed" or "original_withheld"
    export_note: str = ""
    #: the file's own time when no capture time is known (never shown as "taken")
    file_time: str | None = None
    #: "" or "truncated": the picture was decoded with missing data filled in
    decode_warning: str = ""


@dataclass(frozen=True, slots=True)
class ReportData:
    lang: Lang
    unit: str
    program_version: str
    training: bool
    patient: Patient
    contacts: tuple[ContactDetail, ...]
    examination: Examination
    examiner: Person
    signer: Person | None
    follow_up_case_ref: str | None
    #: None for the preview shown before signing: the basis is decided at release.
    legal_basis: DisclosureBasis | None
    basis_decided_by: str
    recipient: str
    exported_by: Person
    exported_at: dt.datetime
    photos: tuple[ReportPhoto, ...]
    addenda: tuple[tuple[Addendum, str], ...]
    #: Name of the timestamp service when one will stamp the signature, else None.
    timestamp_service: str | None = None
    #: Lines shown in the visible signature block: who signs, with which certificate.
    signature_lines: tuple[str, ...] = ()
    #: The signature made when the examination was signed, checked again when the report was made.
    signature_state: str = ""
    #: Unit mode: signed on this workstation after it was signed first on another one, so this is not the
    #: unit's record (services/unit_set_aside.py); the report says so at the top.
    not_units_record: bool = False
