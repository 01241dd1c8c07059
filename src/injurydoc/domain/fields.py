"""The field registry: every examination and injury field declared once.

A :class:`Field` names the attribute of :class:`~injurydoc.domain.models.Examination` (``scope="exam"``,
dotted for nested records such as ``strangulation.could_breathe``) or of
:class:`~injurydoc.domain.models.Injury` (``scope="injury"``), its kind, its Swedish and English label and
help, and where it appears (:class:`Show`).  The editor, the PDF report, the training feedback, the
answer-key editor, the statistics and the canonical content (what a signature covers) read their labels
and their lists of fields from here; a label is written nowhere else.

Adding a field: add the attribute to the dataclass in ``models.py`` (it is stored in the JSON body, so no
migration is needed) and one :class:`Field` line below; see ``docs/architecture.md``.  A field whose
``Show.CANONICAL`` flag is set changes the canonical bytes: bump
:data:`injurydoc.domain.canonical.CANONICAL_VERSION` and regenerate the golden files.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Final, Literal

from injurydoc.domain.vocab import (
    Answer,
    BodyRegion,
    Consistency,
    InjuryType,
    Lang,
    Relation,
    Side,
    StrangulationMethod,
    ViolenceKind,
    Vocab,
)


class Kind(enum.Enum):
    TEXT = "text"  # one line
    MULTILINE = "multiline"
    CHOICE = "choice"  # one member of ``Field.options``
    MULTI_CHOICE = "multi_choice"  # a tuple of members of ``Field.options``
    MM = "mm"  # a measurement in millimetres, or None
    DATE = "date"
    DATETIME = "datetime"  # local date and time, minute precision
    BOOL = "bool"
    RECORDS = "records"  # a tuple of small records (persons present, absent findings)


class Show(enum.Flag):
    """Where a field appears."""

    EDITOR = enum.auto()
    REPORT = enum.auto()
    #: Compared with an exercise's answer key and named in training feedback.
    FEEDBACK = enum.auto()
    #: Counted by the unit statistics (services/statistics.py).
    STATISTICS = enum.auto()
    #: Part of the canonical content that a signature covers.
    CANONICAL = enum.auto()


_ALL = Show.EDITOR | Show.REPORT | Show.CANONICAL
Scope = Literal["exam", "injury"]


@dataclass(frozen=True, slots=True)
class Counted:
    """How the unit statistics count a yes/no field (``Show.STATISTICS``): the examinations of the month
    where it is yes, as the indicator ``key`` (its stable name in the CSV) with its column label."""

    key: str
    sv: str
    en: str


@dataclass(frozen=True, slots=True)
class Field:
    scope: Scope
    code: str
    kind: Kind
    sv: str
    en: str
    show: Show = _ALL
    help_sv: str = ""
    help_en: str = ""
    options: type[Vocab] | None = None
    #: The editor page that shows it ("account", "history", "strangulation", "absent", "assessment",
    #: "concern"; "injury" for injury fields).
    section: str = ""
    #: The first canonical content version that includes this field (``Show.CANONICAL`` only).  A field
    #: added to the content later names the version it arrived in, so the bytes of every earlier version
    #: (and the signatures made over them) stay as they were.
    canonical_since: int = 2
    #: The statistics' indicator for this field (``Show.STATISTICS`` fields only).
    counted: Counted | None = None

    def label(self, lang: Lang = "sv") -> str:
        return self.sv if lang == "sv" else self.en

    def inline(self, lang: Lang = "sv") -> str:
        """The label for use inside a sentence: first letter in lower case ("färg (som den ser ut)")."""
        text = self.label(lang)
        return text[:1].lower() + text[1:]

    def help(self, lang: Lang = "sv") -> str:
        return self.help_sv if lang == "sv" else self.help_en

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.code.split("."))


def _e(
    code: str,
    kind: Kind,
    sv: str,
    en: str,
    show: Show = _ALL,
    *,
    help_sv: str = "",
    help_en: str = "",
    options: type[Vocab] | None = None,
    canonical_since: int = 2,
    counted: Counted | None = None,
) -> Field:
    if counted is not None:
        show |= Show.STATISTICS
    return Field("exam", code, kind, sv, en, show, help_sv, help_en, options, "", canonical_since, counted)


def _i(
    code: str,
    kind: Kind,
    sv: str,
    en: str,
    show: Show = _ALL,
    *,
    help_sv: str = "",
    help_en: str = "",
    options: type[Vocab] | None = None,
    canonical_since: int = 2,
) -> Field:
    return Field("injury", code, kind, sv, en, show, help_sv, help_en, options, "injury", canonical_since)


def _section(name: str, *fields: Field) -> tuple[Field, ...]:
    return tuple(dataclasses.replace(f, section=name) for f in fields)


_FB = Show.FEEDBACK

#: Examination fields by editor page, in the order the editor shows them.
EXAM_FIELDS: Final[tuple[Field, ...]] = (
    *_section(
        "account",
        _e("patient_account", Kind.MULTILINE, "Patientens egen berättelse", "The patient's own account"),
        _e("reported_time", Kind.TEXT, "Uppgiven tidpunkt", "Reported time"),
        _e("reported_place", Kind.TEXT, "Uppgiven plats", "Reported place"),
        _e(
            "violence_kinds",
            Kind.MULTI_CHOICE,
            "Typ av våld",
            "Kind of violence",
            _ALL,
            options=ViolenceKind,
        ),
        _e(
            "relation",
            Kind.CHOICE,
            "Relation till den som uppges ha utövat våldet",
            "Relation to the person said to be responsible",
            _ALL,
            options=Relation,
        ),
    ),
    *_section(
        "history",
        _e("earlier_violence", Kind.MULTILINE, "Tidigare våld", "Earlier violence"),
        _e("psychological_state", Kind.MULTILINE, "Psykiskt tillstånd", "Psychological state"),
        _e(
            "children_in_household",
            Kind.CHOICE,
            "Barn under 18 år i hushållet",
            "Children under 18 in the household",
            options=Answer,
        ),
        _e("children_details", Kind.MULTILINE, "Vad barnen har upplevt", "What the children experienced"),
        _e("samples_taken", Kind.MULTILINE, "Tagna prover (spårsäkring)", "Samples taken"),
        _e(
            "examined_from",
            Kind.DATETIME,
            "Undersökningen påbörjad",
            "Examination started",
            help_sv="När undersökningen ägde rum (inte när journalen skapades)",
            help_en="When the examination took place (not when the record was created)",
        ),
        _e("examined_until", Kind.DATETIME, "Undersökningen avslutad", "Examination ended"),
        _e("persons_present", Kind.RECORDS, "Närvarande", "Present"),
    ),
    *_section(
        "strangulation",
        _e(
            "strangulation.asked",
            Kind.BOOL,
            "Frågorna om strypvåld ställdes",
            "The strangulation questions were asked",
        ),
        _e("strangulation.methods", Kind.MULTI_CHOICE, "Sätt", "Method", options=StrangulationMethod),
        _e("strangulation.times", Kind.TEXT, "Antal gånger", "How many times"),
        _e("strangulation.duration", Kind.TEXT, "Hur länge", "How long"),
        _e("strangulation.could_breathe", Kind.CHOICE, "Kunde andas", "Could breathe", options=Answer),
        _e("strangulation.could_speak", Kind.CHOICE, "Kunde tala", "Could speak", options=Answer),
        _e(
            "strangulation.loss_of_consciousness",
            Kind.CHOICE,
            "Medvetandeförlust",
            "Loss of consciousness",
            options=Answer,
        ),
        _e(
            "strangulation.incontinence",
            Kind.CHOICE,
            "Urin- eller avföringsavgång",
            "Incontinence",
            options=Answer,
        ),
        _e("strangulation.voice_change", Kind.CHOICE, "Röstförändring", "Change of voice", options=Answer),
        _e(
            "strangulation.swallowing_difficulty",
            Kind.CHOICE,
            "Sväljsvårigheter",
            "Difficulty swallowing",
            options=Answer,
        ),
        _e(
            "strangulation.breathing_difficulty",
            Kind.CHOICE,
            "Andningsbesvär",
            "Difficulty breathing",
            options=Answer,
        ),
        _e("strangulation.vision_change", Kind.CHOICE, "Synpåverkan", "Vision affected", options=Answer),
        _e("strangulation.hearing_change", Kind.CHOICE, "Hörselpåverkan", "Hearing affected", options=Answer),
        _e(
            "strangulation.petechiae_sites",
            Kind.TEXT,
            "Petekier",
            "Petechiae",
            help_sv="ögon, ögonlock, ansikte, öron, mun",
            help_en="eyes, eyelids, face, ears, mouth",
        ),
        _e("strangulation.neck_findings", Kind.MULTILINE, "Fynd på halsen", "Neck findings"),
        _e("strangulation.notes", Kind.MULTILINE, "Övrigt", "Notes"),
    ),
    *_section(
        "absent",
        _e("absent_findings", Kind.RECORDS, "Fynd som saknas", "Absent findings"),
    ),
    *_section(
        "assessment",
        _e(
            "consistency",
            Kind.CHOICE,
            "Förenlighet (Istanbulprotokollet)",
            "Consistency (Istanbul Protocol)",
            _ALL,
            options=Consistency,
        ),
        _e("assessment", Kind.MULTILINE, "Undersökarens bedömning", "The examiner's assessment", _ALL | _FB),
        _e("other_findings", Kind.MULTILINE, "Övriga fynd", "Other findings", _ALL | _FB),
    ),
    *_section(
        "concern",
        _e(
            "concern_report.made",
            Kind.BOOL,
            "En orosanmälan gjordes",
            "A report of concern was made",
            counted=Counted("concern_reports", "Orosanmälningar", "Concern reports (orosanmälan)"),
        ),
        _e("concern_report.office", Kind.TEXT, "Socialtjänstens kontor", "Social services office"),
        _e("concern_report.grounds", Kind.MULTILINE, "Grund", "Grounds"),
        _e("concern_report.made_at", Kind.DATE, "Datum för orosanmälan", "Date of the report of concern"),
    ),
    *_section(
        "sip",
        _e(
            "sip.called",
            Kind.BOOL,
            "Ett SIP-möte har kallats",
            "A SIP meeting has been called",
            counted=Counted("sip_called", "SIP kallad", "SIP called"),
        ),
        _e("sip.consent", Kind.BOOL, "Patienten samtycker till SIP", "The patient consents to SIP"),
        _e("sip.date", Kind.DATE, "Datum för SIP", "Date of the SIP"),
        _e("sip.note", Kind.TEXT, "Anteckning om SIP", "Note on the SIP"),
    ),
)

#: Injury fields, in the order the editor shows them.
INJURY_FIELDS: Final[tuple[Field, ...]] = (
    _i("type", Kind.CHOICE, "Typ", "Type", _ALL | _FB, options=InjuryType),
    _i("region", Kind.CHOICE, "Kroppsområde", "Region", _ALL | _FB, options=BodyRegion),
    _i("side", Kind.CHOICE, "Sida (patientens)", "Side (patient's)", _ALL | _FB, options=Side),
    _i("length_mm", Kind.MM, "Längd", "Length", _ALL | _FB),
    _i("width_mm", Kind.MM, "Bredd", "Width", _ALL | _FB),
    _i("depth_mm", Kind.MM, "Djup", "Depth"),
    _i(
        "location_detail",
        Kind.TEXT,
        "Avstånd till landmärken",
        "Distance from landmarks",
        _ALL | _FB,
        help_sv="t.ex. 5 cm ovanför handleden",
        help_en="e.g. 5 cm above the wrist",
    ),
    _i("shape", Kind.TEXT, "Form", "Shape", _ALL | _FB),
    _i(
        "colour",
        Kind.TEXT,
        "Färg (som den ser ut)",
        "Colour (as seen)",
        _ALL | _FB,
        help_sv="som den ser ut, med vanliga ord",
        help_en="as seen, in plain words",
    ),
    _i("edges", Kind.TEXT, "Kanter", "Edges", _ALL | _FB),
    _i("direction", Kind.TEXT, "Riktning", "Direction", _ALL | _FB),
    _i(
        "surrounding",
        Kind.TEXT,
        "Omgivande hud",
        "Surrounding skin",
        _ALL | _FB,
        help_sv="svullnad, rodnad, ömhet",
        help_en="swelling, redness, tenderness",
    ),
    _i("contents", Kind.TEXT, "Innehåll / främmande material", "Contents / foreign material", _ALL | _FB),
    _i("healing", Kind.TEXT, "Tecken på läkning", "Signs of healing", _ALL | _FB),
    _i("description", Kind.MULTILINE, "Beskrivning", "Description", _ALL | _FB),
    _i("patient_says_cause", Kind.TEXT, "Patienten uppger som orsak", "The patient says it was caused by"),
)

_BY_KEY: Final[dict[tuple[str, str], Field]] = {(f.scope, f.code): f for f in EXAM_FIELDS + INJURY_FIELDS}


def exam_field(code: str) -> Field:
    return _BY_KEY[("exam", code)]


def injury_field(code: str) -> Field:
    return _BY_KEY[("injury", code)]


def field_label(code: str, lang: Lang = "sv") -> str:
    """The label of an injury field, else of an examination field, with that code."""
    f = _BY_KEY.get(("injury", code)) or _BY_KEY[("exam", code)]
    return f.label(lang)


def shown(fields: tuple[Field, ...], where: Show) -> tuple[Field, ...]:
    return tuple(f for f in fields if where in f.show)


__all__ = [
    "EXAM_FIELDS",
    "INJURY_FIELDS",
    "Counted",
    "Field",
    "Kind",
    "Show",
    "exam_field",
    "field_label",
    "injury_field",
    "shown",
]
