"""The feedback points' codes, and their titles and reasons (worded in :mod:`injurydoc.domain.texts`)."""

from __future__ import annotations

from typing import Final

from injurydoc.domain.rules import CheckItem
from injurydoc.domain.texts import template, text
from injurydoc.domain.vocab import Lang

#: Codes of the points worded here: each has ``feedback.<code>.title`` and ``feedback.<code>.why`` in the
#: text catalogue (:mod:`injurydoc.domain.texts`); the titles may hold placeholders filled per point.
POINT_CODES: Final = frozenset(
    {
        "expected_injury",
        "side_error",
        "size",
        "extra_injury",
        "bruise_age",
        "history_in_findings",
        "photo_role",
        "concern_report",
        "legal_basis",
    }
)

#: Codes with a title without an injury number (``feedback.<code>.generic``), for checklist codes whose own
#: title names one and for lists of mistakes across trainees (class summaries).
GENERIC_CODES: Final = frozenset(
    {
        "injury_located",
        "injury_measured",
        "injury_overview",
        "injury_scale",
        "expected_injury",
        "side_error",
        "size",
        "extra_injury",
        "photo_role",
        "photo_incomplete",
        "legal_basis",
    }
)


def point_texts(code: str) -> tuple[str, str, str, str]:
    """(Swedish title, English title, Swedish why, English why) of a point, placeholders left in."""
    title, why = f"feedback.{code}.title", f"feedback.{code}.why"
    return template(title, "sv"), template(title, "en"), template(why, "sv"), template(why, "en")


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
CODES: Final = CHECKLIST_CODES | POINT_CODES


def code_title(code: str, lang: Lang = "sv") -> str:
    """A title for a point code without its details (for lists of mistakes across trainees)."""
    if code in GENERIC_CODES:
        return text(f"feedback.{code}.generic", lang)
    if code in POINT_CODES:
        return template(f"feedback.{code}.title", lang)
    if code in CHECKLIST_CODES:
        return CheckItem(code, False, "").title(lang)
    return code


def code_why(code: str, lang: Lang = "sv") -> str:
    if code in POINT_CODES:
        return text(f"feedback.{code}.why", lang)
    if code in CHECKLIST_CODES:
        return CheckItem(code, False, "").why(lang)
    return ""


# --------------------------------------------------------------------------------------------- points

#: JSON-shaped detail values only, so that a point can be written to a results file as it is.
