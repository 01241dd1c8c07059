"""Controlled vocabularies: a stable stored code and a Swedish and an English label for each term.

Stored data holds only the code (``.value``); screens and reports show :meth:`Vocab.label`.  Codes
never change once released — add new members, never rename one.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal, Self

Lang = Literal["sv", "en"]


class Vocab(str, Enum):
    """Base for vocabularies: members are declared as ``NAME = (code, swedish, english)``."""

    _label_sv: str
    _label_en: str

    def __new__(cls, code: str, sv: str = "", en: str = "") -> Self:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj._label_sv = sv
        obj._label_en = en
        return obj

    @property
    def code(self) -> str:
        return str(self.value)

    def label(self, lang: Lang = "sv") -> str:
        return self._label_sv if lang == "sv" else self._label_en

    @classmethod
    def from_code(cls, code: str) -> Self:
        return cls(code)

    def __str__(self) -> str:
        return self.code


class IdKind(Vocab):
    PERSONNUMMER = ("personnummer", "Personnummer", "Personal identity number")
    SAMORDNINGSNUMMER = ("samordningsnummer", "Samordningsnummer", "Coordination number")
    RESERVNUMMER = ("reservnummer", "Reservnummer", "Reserve number")


class Sex(Vocab):
    FEMALE = ("female", "Kvinna", "Female")
    MALE = ("male", "Man", "Male")
    OTHER = ("other", "Annat", "Other")
    UNKNOWN = ("unknown", "Okänt", "Unknown")


class Protection(Vocab):
    NONE = ("none", "Inga skyddade personuppgifter", "No protected personal data")
    SEKRETESSMARKERING = ("sekretessmarkering", "Sekretessmarkering", "Confidentiality marking")
    SKYDDAD_FOLKBOKFORING = (
        "skyddad_folkbokforing",
        "Skyddad folkbokföring",
        "Protected population registration",
    )
    FINGERADE_UPPGIFTER = (
        "fingerade_uppgifter",
        "Fingerade personuppgifter",
        "Fictitious personal data",
    )

    @property
    def is_protected(self) -> bool:
        return self is not Protection.NONE


class Role(Vocab):
    CLINICIAN = ("clinician", "Vårdpersonal", "Clinician")
    UNIT_MANAGER = ("unit_manager", "Enhetschef", "Unit manager")
    TRAINER = ("trainer", "Utbildare", "Trainer")


class Profession(Vocab):
    NURSE = ("nurse", "Sjuksköterska", "Nurse")
    DISTRICT_NURSE = ("district_nurse", "Distriktssköterska", "District nurse")
    PHYSICIAN = ("physician", "Läkare", "Physician")
    DENTIST = ("dentist", "Tandläkare", "Dentist")
    MIDWIFE = ("midwife", "Barnmorska", "Midwife")
    COUNSELLOR = ("counsellor", "Kurator", "Counsellor")
    PSYCHOLOGIST = ("psychologist", "Psykolog", "Psychologist")
    ASSISTANT_NURSE = ("assistant_nurse", "Undersköterska", "Assistant nurse")
    MANAGER = ("manager", "Chef", "Manager")
    OTHER = ("other", "Annan", "Other")


class StorePurpose(Vocab):
    REAL = ("real", "Journaldatabas", "Clinical store")
    TRAINING = ("training", "Övningsdatabas", "Training store")


class InjuryType(Vocab):
    BRUISE = ("bruise", "Blåmärke", "Bruise")
    ABRASION = ("abrasion", "Hudavskrapning", "Abrasion")
    SCRATCH = ("scratch", "Rivmärke/klösmärke", "Scratch")
    LACERATION = ("laceration", "Krossår", "Laceration")
    INCISED_WOUND = ("incised_wound", "Skärsår", "Incised wound")
    STAB_WOUND = ("stab_wound", "Stickskada", "Stab wound")
    CHOP_WOUND = ("chop_wound", "Huggskada", "Chop wound")
    BURN = ("burn", "Brännskada", "Burn")
    BITE_MARK = ("bite_mark", "Bettmärke", "Bite mark")
    PETECHIAE = ("petechiae", "Petekier", "Petechiae")
    LIGATURE_MARK = ("ligature_mark", "Snörfåra", "Ligature mark")
    FINGERNAIL_MARKS = ("fingernail_marks", "Nagelmärken", "Fingernail marks")
    SWELLING = ("swelling", "Svullnad", "Swelling")
    REDNESS = ("redness", "Rodnad", "Redness")
    TENDERNESS = ("tenderness", "Ömhet", "Tenderness")
    PATTERNED = ("patterned", "Mönstrad skada", "Patterned injury")
    OTHER = ("other", "Annan skada", "Other injury")


class Side(Vocab):
    RIGHT = ("right", "Patientens höger", "Patient's right")
    LEFT = ("left", "Patientens vänster", "Patient's left")
    MIDLINE = ("midline", "Mittlinjen", "Midline")
    BOTH = ("both", "Båda sidor", "Both sides")


class BodyView(Vocab):
    FRONT = ("front", "Framsida", "Front")
    BACK = ("back", "Baksida", "Back")
    HEAD_RIGHT = ("head_right", "Huvud, höger profil", "Head, right profile")
    HEAD_LEFT = ("head_left", "Huvud, vänster profil", "Head, left profile")
    FACE = ("face", "Ansikte", "Face")
    HANDS_PALMAR = ("hands_palmar", "Händer, handflator", "Hands, palms")
    HANDS_DORSAL = ("hands_dorsal", "Händer, handryggar", "Hands, backs")


class BodyRegion(Vocab):
    SCALP = ("scalp", "Hårbotten", "Scalp")
    FOREHEAD = ("forehead", "Panna", "Forehead")
    TEMPLE = ("temple", "Tinning", "Temple")
    FACE = ("face", "Ansikte", "Face")
    EYE = ("eye", "Ögonregion", "Eye region")
    EAR = ("ear", "Öra", "Ear")
    CHEEK = ("cheek", "Kind", "Cheek")
    NOSE = ("nose", "Näsa", "Nose")
    MOUTH = ("mouth", "Mun och läppar", "Mouth and lips")
    JAW = ("jaw", "Haka och käke", "Chin and jaw")
    NECK_ANTERIOR = ("neck_anterior", "Halsens framsida", "Front of the neck")
    NECK_LATERAL = ("neck_lateral", "Halsens sida", "Side of the neck")
    NECK_POSTERIOR = ("neck_posterior", "Nacke", "Back of the neck")
    SHOULDER = ("shoulder", "Skuldra", "Shoulder")
    CHEST = ("chest", "Bröstkorg", "Chest")
    BREAST = ("breast", "Bröst", "Breast")
    ABDOMEN = ("abdomen", "Buk", "Abdomen")
    UPPER_BACK = ("upper_back", "Övre delen av ryggen", "Upper back")
    LOWER_BACK = ("lower_back", "Ländrygg", "Lower back")
    BUTTOCK = ("buttock", "Skinka", "Buttock")
    GENITAL = ("genital", "Underliv", "Genital area")
    UPPER_ARM = ("upper_arm", "Överarm", "Upper arm")
    ELBOW = ("elbow", "Armbåge", "Elbow")
    FOREARM = ("forearm", "Underarm", "Forearm")
    WRIST = ("wrist", "Handled", "Wrist")
    PALM = ("palm", "Handflata", "Palm")
    HAND_BACK = ("hand_back", "Handrygg", "Back of the hand")
    FINGER = ("finger", "Finger", "Finger")
    HIP = ("hip", "Höft", "Hip")
    THIGH = ("thigh", "Lår", "Thigh")
    KNEE = ("knee", "Knä", "Knee")
    LOWER_LEG = ("lower_leg", "Underben", "Lower leg")
    ANKLE = ("ankle", "Fotled", "Ankle")
    FOOT = ("foot", "Fot", "Foot")
    OTHER = ("other", "Annan lokalisation", "Other location")


class PhotoRole(Vocab):
    ID_SHOT = ("id_shot", "ID-bild", "ID shot")
    OVERVIEW = ("overview", "Översiktsbild", "Overview")
    MID_RANGE = ("mid_range", "Orienteringsbild", "Mid-range")
    CLOSE_UP = ("close_up", "Närbild", "Close-up")
    CLOSE_UP_SCALE = ("close_up_scale", "Närbild med skala", "Close-up with scale")


class LegalBasis(Vocab):
    CONSENT = (
        "consent",
        "Patientens samtycke (OSL 12 kap. 2 §)",
        "The patient's consent (OSL ch. 12 s. 2)",
    )
    RATTSINTYG_REQUEST = (
        "rattsintyg_request",
        "Begäran om rättsintyg från polis eller åklagare (lag 2005:225)",
        "Request for a forensic certificate from police or prosecutor (Act 2005:225)",
    )
    OSL_10_23 = (
        "osl_10_23",
        "Misstanke om brott med minst 1 års fängelse (OSL 10 kap. 23 §)",
        "Suspected crime with a minimum penalty of 1 year's imprisonment (OSL ch. 10 s. 23)",
    )
    OSL_10_21 = (
        "osl_10_21",
        "Brott mot person under 18 år enligt BrB 3, 4 eller 6 kap. (OSL 10 kap. 21 §)",
        "Crime against a person under 18 under Penal Code ch. 3, 4 or 6 (OSL ch. 10 s. 21)",
    )
    OSL_10_18C = (
        "osl_10_18c",
        "För att förhindra allvarligt våld mot närstående (OSL 10 kap. 18 c §)",
        "To prevent serious violence against a close relative (OSL ch. 10 s. 18 c)",
    )


class ConsentScope(Vocab):
    EXAMINATION = ("examination", "Undersökning och dokumentation", "Examination and documentation")
    PHOTOGRAPHY = ("photography", "Fotografering", "Photography")
    RELEASE_TO_POLICE = ("release_to_police", "Utlämnande till polis", "Release to the police")


class ConsentDecision(Vocab):
    GIVEN = ("given", "Samtycke lämnat", "Consent given")
    REFUSED = ("refused", "Samtycke nekat", "Consent refused")
    NOT_ASKED = ("not_asked", "Inte tillfrågad", "Not asked")
    UNABLE = ("unable", "Kan inte ta ställning", "Unable to decide")


class ViolenceKind(Vocab):
    PHYSICAL = ("physical", "Fysiskt våld", "Physical violence")
    SEXUAL = ("sexual", "Sexuellt våld", "Sexual violence")
    PSYCHOLOGICAL = ("psychological", "Psykiskt våld", "Psychological violence")
    THREATS = ("threats", "Hot", "Threats")
    STRANGULATION = ("strangulation", "Strypvåld", "Strangulation")
    HONOUR = (
        "honour",
        "Hedersrelaterat våld och förtryck",
        "Honour-related violence and oppression",
    )
    OTHER = ("other", "Annat", "Other")


class Relation(Vocab):
    PARTNER = ("partner", "Partner", "Partner")
    FORMER_PARTNER = ("former_partner", "Tidigare partner", "Former partner")
    PARENT_GUARDIAN = ("parent_guardian", "Förälder/vårdnadshavare", "Parent/guardian")
    OTHER_FAMILY = ("other_family", "Annan familjemedlem eller släkting", "Other family member")
    ACQUAINTANCE = ("acquaintance", "Bekant", "Acquaintance")
    STRANGER = ("stranger", "Okänd person", "Stranger")
    NOT_STATED = ("not_stated", "Inte uppgivet", "Not stated")


class PresentRole(Vocab):
    INTERPRETER = ("interpreter", "Tolk", "Interpreter")
    SUPPORT_PERSON = ("support_person", "Stödperson", "Support person")
    GUARDIAN = ("guardian", "Vårdnadshavare", "Guardian")
    STAFF = ("staff", "Personal", "Staff")
    OTHER = ("other", "Annan", "Other")


class Answer(Vocab):
    """A tri-state answer to a question asked of the patient."""

    YES = ("yes", "Ja", "Yes")
    NO = ("no", "Nej", "No")
    UNKNOWN = ("unknown", "Vet inte / minnesluckor", "Does not know / memory gaps")
    NOT_ASKED = ("not_asked", "Inte frågat", "Not asked")


class StrangulationMethod(Vocab):
    ONE_HAND = ("one_hand", "En hand", "One hand")
    TWO_HANDS = ("two_hands", "Två händer", "Two hands")
    ARM = ("arm", "Armgrepp", "Arm hold")
    LIGATURE = ("ligature", "Snara eller föremål", "Ligature or object")
    OTHER = ("other", "Annat sätt", "Other method")


class Consistency(Vocab):
    """Istanbul Protocol scale for the examiner's assessment."""

    NOT_CONSISTENT = ("not_consistent", "Inte förenligt med", "Not consistent with")
    CONSISTENT = ("consistent", "Förenligt med", "Consistent with")
    HIGHLY_CONSISTENT = ("highly_consistent", "Väl förenligt med", "Highly consistent with")
    TYPICAL = ("typical", "Typiskt för", "Typical of")
    DIAGNOSTIC = ("diagnostic", "Diagnostiskt för", "Diagnostic of")


class AuditAction(Vocab):
    """What an access-log row records (HSLF-FS 2016:40 4 kap. 9 § plus account administration)."""

    CREATED = ("created", "Skapade", "Created")
    READ = ("read", "Läste", "Read")
    CHANGED = ("changed", "Ändrade", "Changed")
    EXPORTED = ("exported", "Lämnade ut", "Exported")
    PRINTED = ("printed", "Skrev ut", "Printed")
    SIGNED = ("signed", "Signerade", "Signed")
    COPIED = ("copied", "Kopierade", "Copied")
    SEARCHED = ("searched", "Sökte", "Searched")
    SIGNED_IN = ("signed_in", "Loggade in", "Signed in")
    SIGNED_OUT = ("signed_out", "Loggade ut", "Signed out")
    ACCOUNT = ("account", "Kontoadministration", "Account administration")
    GRANT = ("grant", "Behörighet", "Access grant")
    RECOVERY = ("recovery", "Återställningskod använd", "Recovery code used")
    LOG_REVIEW = ("log_review", "Loggkontroll", "Log review")
    STATISTICS = ("statistics", "Läste uppföljningsstatistik", "Read follow-up statistics")
    EXERCISE = ("exercise", "Övning", "Exercise")


class AuditOutcome(Vocab):
    OK = ("ok", "Utfört", "Done")
    DENIED = ("denied", "Nekat", "Denied")
