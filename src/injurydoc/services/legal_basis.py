"""What each legal basis for a release requires, and the request itself: light enough for the export
dialog to import on the GUI thread (the export code itself — pyHanko, reportlab — loads on the store
thread when the export runs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from injurydoc.domain.vocab import Lang, LegalBasis

#: What each legal basis requires (shown in the export dialog).
REQUIREMENTS: dict[LegalBasis, tuple[str, str]] = {
    LegalBasis.CONSENT: (
        "Patientens samtycke till utlämnande till polis, noterat i undersökningen.",
        "The patient's consent to release to the police, recorded in the examination.",
    ),
    LegalBasis.RATTSINTYG_REQUEST: (
        "En begäran om rättsintyg från polis eller åklagare; ange polisens diarienummer.",
        "A request for a forensic certificate from police or prosecutor; give the police case number.",
    ),
    LegalBasis.OSL_10_23: (
        "Misstanke om brott med lägst 1 års fängelse (eller försök med lägst 2 år); ange diarienummer.",
        "Suspected crime with at least 1 year's imprisonment (or an attempt with 2 years); "
        "give the case number.",
    ),
    LegalBasis.OSL_10_21: (
        "Patienten är under 18 år och brottet gäller BrB 3, 4 eller 6 kap. eller könsstympning.",
        "The patient is under 18 and the crime falls under Penal Code ch. 3, 4 or 6, or genital mutilation.",
    ),
    LegalBasis.OSL_10_18C: (
        "Utlämnandet behövs för att förhindra allvarligt våld mot närstående; motivera kort.",
        "The release is needed to prevent serious violence against a close relative; give a short reason.",
    ),
}


@dataclass(frozen=True)
class ExportRequest:
    examination_id: str
    basis: LegalBasis
    out_dir: Path
    recipient: str = ""  # police case number / recipient
    lang: Lang = "sv"
    note: str = ""
    #: Remove GPS positions from the released photos also for a person without protection.
    strip_gps: bool = False
    out_name: str | None = None
    #: For a person with protected personal data (sekretessmarkering, skyddad folkbokföring …): who
    #: reviewed secrecy before the release and the outcome.  Required; recorded in the access log.
    secrecy_review: str = ""
