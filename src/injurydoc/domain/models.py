"""The domain's records as plain dataclasses.  They carry codes (vocabulary members), never labels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from injurydoc.domain.identity import PersonalId
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import (
    Answer,
    AuditAction,
    AuditOutcome,
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    Consistency,
    InjuryType,
    Lang,
    LegalBasis,
    PhotoRole,
    PresentRole,
    Profession,
    Protection,
    Relation,
    Role,
    Sex,
    Side,
    StrangulationMethod,
    ViolenceKind,
)


class ContactKind:
    """Kinds of contact detail; those in :data:`GUARDIAN_SIDE` are refused when a guardian is the threat."""

    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    NEXT_OF_KIN = "next_of_kin"
    GUARDIAN = "guardian"
    RELATIVE = "relative"
    SCHOOL = "school"
    ALL = (ADDRESS, PHONE, EMAIL, NEXT_OF_KIN, GUARDIAN, RELATIVE, SCHOOL)
    GUARDIAN_SIDE = (NEXT_OF_KIN, GUARDIAN, RELATIVE, SCHOOL)


#: The name stored in place of a protected person's for an account that holds no key of theirs.
LOCKED_NAME = "Skyddad person"


def shown_name(name: str, lang: Lang) -> str:
    """A patient's name as shown: the locked marker in the reader's language, any other name as it is."""
    return text("app.protected_person", lang) if name == LOCKED_NAME else name


@dataclass(frozen=True, slots=True)
class ContactDetail:
    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Patient:
    id: str
    personal_id: PersonalId
    name: str
    birth_date: dt.date | None
    sex: Sex
    protection: Protection
    #: A child whose guardian is said to be the threat: no contacts of guardians, relatives, school.
    guardian_is_threat: bool
    created_by: str
    created_at: dt.datetime
    contacts: tuple[ContactDetail, ...] = ()

    @property
    def is_protected(self) -> bool:
        return self.protection.is_protected


@dataclass(frozen=True, slots=True)
class Consent:
    scope: ConsentScope
    decision: ConsentDecision
    recorded_at: dt.datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class PersonPresent:
    role: PresentRole
    name: str = ""
    #: For an interpreter: the language interpreted.
    language: str = ""


@dataclass(frozen=True, slots=True)
class StrangulationAnswers:
    """Answers to the strangulation questions (IAFN toolkit); visible signs are often absent."""

    asked: bool = False
    methods: tuple[StrangulationMethod, ...] = ()
    times: str = ""
    duration: str = ""
    could_breathe: Answer = Answer.NOT_ASKED
    could_speak: Answer = Answer.NOT_ASKED
    loss_of_consciousness: Answer = Answer.NOT_ASKED
    incontinence: Answer = Answer.NOT_ASKED
    voice_change: Answer = Answer.NOT_ASKED
    swallowing_difficulty: Answer = Answer.NOT_ASKED
    breathing_difficulty: Answer = Answer.NOT_ASKED
    vision_change: Answer = Answer.NOT_ASKED
    hearing_change: Answer = Answer.NOT_ASKED
    petechiae_sites: str = ""
    neck_findings: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class AbsentFinding:
    """A finding recorded as absent, e.g. "inga synliga skador på halsen"."""

    region: BodyRegion
    text: str


@dataclass(frozen=True, slots=True)
class ConcernReport:
    """Orosanmälan to the social welfare board."""

    made: bool = False
    office: str = ""
    grounds: str = ""
    made_at: dt.date | None = None


@dataclass(frozen=True, slots=True)
class SipRecord:
    """Samordnad individuell plan: needs the patient's consent."""

    called: bool = False
    consent: bool = False
    date: dt.date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class BodyMark:
    """A mark on a body-map view, normalised to the view box (0..1 on both axes)."""

    view: BodyView
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Injury:
    id: str
    examination_id: str
    number: int
    type: InjuryType
    region: BodyRegion
    side: Side
    marks: tuple[BodyMark, ...] = ()
    length_mm: float | None = None
    width_mm: float | None = None
    depth_mm: float | None = None
    location_detail: str = ""  # distance from landmarks
    shape: str = ""
    colour: str = ""  # as seen, in plain words; never an age estimate
    edges: str = ""
    direction: str = ""
    surrounding: str = ""  # swelling, redness, tenderness of the surrounding skin
    contents: str = ""  # debris, foreign material
    healing: str = ""
    description: str = ""
    patient_says_cause: str = ""


@dataclass(frozen=True, slots=True)
class Addendum:
    id: str
    examination_id: str
    author_id: str
    created_at: dt.datetime
    text: str


@dataclass(frozen=True, slots=True)
class DisclosureBasis:
    """A legal basis recorded for releasing an examination, with who decided and when."""

    id: str
    examination_id: str
    basis: LegalBasis
    decided_by: str
    decided_at: dt.datetime
    reference: str = ""  # police case number / recipient
    note: str = ""


@dataclass(frozen=True, slots=True)
class Examination:
    id: str
    case_ref: str
    patient_id: str
    examiner_id: str
    unit: str
    status: str  # "draft" | "signed"
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    follow_up_of: str | None = None
    #: When the examination itself took place (local time, as the examiner enters it); ``started_at`` and
    #: ``ended_at`` are the record's own times (created, signed).
    examined_from: dt.datetime | None = None
    examined_until: dt.datetime | None = None
    persons_present: tuple[PersonPresent, ...] = ()
    consents: tuple[Consent, ...] = ()
    patient_account: str = ""  # the patient's own words, quoted and kept apart from findings
    reported_time: str = ""
    reported_place: str = ""
    violence_kinds: tuple[ViolenceKind, ...] = ()
    relation: Relation | None = None
    earlier_violence: str = ""
    psychological_state: str = ""
    children_in_household: Answer = Answer.NOT_ASKED
    children_details: str = ""
    samples_taken: str = ""
    strangulation: StrangulationAnswers = field(default_factory=StrangulationAnswers)
    absent_findings: tuple[AbsentFinding, ...] = ()
    other_findings: str = ""
    consistency: Consistency | None = None
    assessment: str = ""
    concern_report: ConcernReport = field(default_factory=ConcernReport)
    sip: SipRecord = field(default_factory=SipRecord)
    signed_at: dt.datetime | None = None
    signed_by: str | None = None
    content_sha256: str | None = None
    injuries: tuple[Injury, ...] = ()
    addenda: tuple[Addendum, ...] = ()

    @property
    def is_signed(self) -> bool:
        return self.status == "signed"

    def consent(self, scope: ConsentScope) -> Consent | None:
        for c in self.consents:
            if c.scope is scope:
                return c
        return None


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    id: str
    examination_id: str
    number: int
    sha256: str
    original_name: str
    size: int
    media_type: str
    role: PhotoRole | None
    caption: str
    imported_by: str
    imported_at: dt.datetime
    captured_at: str | None = None  # EXIF DateTimeOriginal (+ offset) as written by the camera
    camera: str = ""
    orientation: int | None = None
    has_gps: bool = False  # a location in any form (EXIF, XMP, IPTC, …), or metadata that could hold one
    width: int = 0
    height: int = 0
    injury_ids: tuple[str, ...] = ()
    file_time: str | None = None  # the file's own time, shown as such, when no capture time is known
    decode_warning: str = ""  # "" or "truncated": decoded with missing data filled in


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    username: str
    display_name: str
    roles: frozenset[Role]
    profession: Profession
    hsa_id: str
    active: bool
    created_at: dt.datetime

    def has(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True, slots=True)
class Grant:
    """Access to a protected person's case: co-handler (added by the case creator) or manager grant."""

    patient_id: str
    account_id: str
    kind: str  # "co_handler" | "grant"
    granted_by: str
    granted_at: dt.datetime
    reason: str = ""
    #: The last day a manager's grant works; None: no end (co-handlers, grants from before version 6).
    expires_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    seq: int
    at: dt.datetime
    account_id: str | None
    username: str
    unit: str
    action: AuditAction
    outcome: AuditOutcome
    patient_id: str | None
    target: str
    details: dict[str, object]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line in a list of examinations: what a start page or a search shows."""

    examination_id: str
    case_ref: str
    patient_id: str
    patient_name: str
    personal_id_masked: str
    protection: Protection
    status: str
    examiner_username: str
    created_at: dt.datetime
    signed_at: dt.datetime | None
    follow_up_of: str | None
    extra: dict[str, object] = field(default_factory=dict)


__all__ = [
    "AbsentFinding",
    "Account",
    "Addendum",
    "AuditEvent",
    "BodyMark",
    "ConcernReport",
    "Consent",
    "ContactDetail",
    "ContactKind",
    "DisclosureBasis",
    "Examination",
    "Grant",
    "Injury",
    "Patient",
    "PersonPresent",
    "PhotoRecord",
    "SipRecord",
    "StrangulationAnswers",
    "SummaryRow",
]
