"""The feedback points' titles and reasons, in Swedish and English, and their codes."""

from __future__ import annotations

from typing import Final

from injurydoc.domain.rules import CheckItem
from injurydoc.domain.vocab import Lang

TEXT: Final[dict[str, tuple[str, str, str, str]]] = {
    "expected_injury": (
        "Förväntad skada {k} ({what}) är dokumenterad",
        "Expected injury {k} ({what}) is documented",
        "Hela kroppen undersöks och varje skada beskrivs (NCK); en missad skada saknas i det underlag "
        "rättsintyget bygger på.",
        "The whole body is examined and every injury described (NCK); a missed injury is missing from the "
        "evidence a forensic certificate builds on.",
    ),
    "side_error": (
        "Sidoförväxling: skada {n} är dokumenterad på fel sida ({chosen}; rätt: {expected})",
        "Side error: injury {n} is documented on the wrong side ({chosen}; correct: {expected})",
        "Höger och vänster är det vanligaste felet i dokumentationen; en domstol kan tvivla på hela "
        "journalen.",
        "Right and left are the most common documentation fault; a court may doubt the whole record.",
    ),
    "size": (
        "Skada {n} har en rimlig storlek",
        "Injury {n} has a plausible size",
        "Storlek i millimeter gör beskrivningen prövbar; mät med linjal eller måttband, inte med ögonmått.",
        "Size in millimetres makes the description testable; measure with a ruler or tape, not by eye.",
    ),
    "extra_injury": (
        "Skada {n} ({what}) finns inte i facit",
        "Injury {n} ({what}) is not in the answer key",
        "Inget fel: beskriv det du ser. Utbildaren kan titta på skadan tillsammans med dig.",
        "Not a mistake: describe what you see. Your trainer may look at it with you.",
    ),
    "bruise_age": (
        "Ingen åldersbedömning av blåmärken",
        "No age estimate of bruises",
        "Experter åldersbedömde 48 % av blåmärkena rätt inom 24 timmar (RCPCH/Cardiff-översikten) — "
        "färgen visar inte åldern.",
        "Experts aged 48 % of bruises correctly within 24 h (RCPCH/Cardiff review) — colour does not "
        "tell age.",
    ),
    "history_in_findings": (
        "Anamnes hålls isär från fynden",
        "History is kept apart from the findings",
        "Patientens egen berättelse hör till anamnesen (och fältet för vad patienten säger orsakade "
        "skadan); fynden beskriver bara det du ser (NCK, Läkartidningen 2018).",
        "The patient's own words belong in the history (and the field for what the patient says caused "
        "the injury); findings describe only what you see (NCK, Läkartidningen 2018).",
    ),
    "photo_role": (
        "Förväntad bildtyp finns: {role}",
        "Expected photo role is present: {role}",
        "Första bilden identifierar patienten och tidpunkten; varje skada behöver en översiktsbild och en "
        "närbild med skala (NCK).",
        "The first photo identifies the patient and the time; each injury needs an overview and a "
        "close-up with a scale (NCK).",
    ),
    "concern_report": (
        "Orosanmälan är gjord",
        "A concern report is made",
        "Misstanke om att ett barn far illa ska genast anmälas till socialnämnden (orosanmälan).",
        "Suspicion that a child is at risk must be reported to the social welfare board at once.",
    ),
    "legal_basis": (
        "Rätt rättslig grund för utlämnande: {expected}",
        "The right legal basis for release: {expected}",
        "Hälso- och sjukvårdssekretessen (OSL 25 kap. 1 §) är stark: utlämnande kräver en grund, och "
        "den noteras vid varje export.",
        "Health-care secrecy (OSL ch. 25 s. 1) is strong: release needs a basis, recorded with every export.",
    ),
}

#: Titles without an injury number, for checklist codes whose own title names one (class summaries).
_GENERIC_TITLE: Final[dict[str, tuple[str, str]]] = {
    "injury_located": (
        "Skadorna är markerade på kroppsmallen med region och sida",
        "Injuries are marked on the body map with region and side",
    ),
    "injury_measured": ("Skadorna är mätta (längd × bredd i mm)", "Injuries are measured (length × width)"),
    "injury_overview": ("Varje skada har en översiktsbild", "Each injury has an overview photo"),
    "injury_scale": ("Varje skada har en närbild med skala", "Each injury has a close-up with scale"),
    "expected_injury": ("Förväntade skador är dokumenterade", "Expected injuries are documented"),
    "side_error": ("Sidoförväxling (höger/vänster)", "Side error (right/left)"),
    "size": ("Skadornas storlek är rimlig", "Injury sizes are plausible"),
    "extra_injury": ("Skador utöver facit", "Injuries beyond the answer key"),
    "photo_role": ("Förväntade bildtyper finns", "Expected photo roles are present"),
    "photo_incomplete": ("Ofullständiga bildfiler", "Incomplete photo files"),
    "legal_basis": ("Rätt rättslig grund för utlämnande", "The right legal basis for release"),
}

#: Codes of the completeness checklist (:mod:`injurydoc.domain.rules`) as they appear in feedback.
CHECKLIST_CODES: Final = frozenset(
    {
        "consent_examination",
        "consent_photography",
        "consent_release",
        "account",
        "injury_located",
        "injury_measured",
        "injury_overview",
        "injury_scale",
        "id_shot",
        "absent",
        "strangulation",
        "assessment",
        "injuries_or_none",
        "photo_incomplete",
    }
)

#: Every code a point may carry.
CODES: Final = CHECKLIST_CODES | frozenset(TEXT)


def code_title(code: str, lang: Lang = "sv") -> str:
    """A title for a point code without its details (for lists of mistakes across trainees)."""
    if code in _GENERIC_TITLE:
        sv, en = _GENERIC_TITLE[code]
        return sv if lang == "sv" else en
    if code in TEXT:
        sv, en, _, _ = TEXT[code]
        return sv if lang == "sv" else en
    if code in CHECKLIST_CODES:
        return CheckItem(code, False, "").title(lang)
    return code


def code_why(code: str, lang: Lang = "sv") -> str:
    if code in TEXT:
        _, _, sv, en = TEXT[code]
        return sv if lang == "sv" else en
    if code in CHECKLIST_CODES:
        return CheckItem(code, False, "").why(lang)
    return ""


# --------------------------------------------------------------------------------------------- points

#: JSON-shaped detail values only, so that a point can be written to a results file as it is.
