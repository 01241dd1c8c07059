"""What each legal basis for a release requires, and the request itself: light enough for the export
dialog to import on the GUI thread (the export code itself — pyHanko, reportlab — loads on the store
thread when the export runs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from injurydoc.domain.texts import text
from injurydoc.domain.vocab import Lang, LegalBasis


def requirement(basis: LegalBasis, lang: Lang) -> str:
    """What ``basis`` requires (shown in the export dialog): ``legal_basis.<code>`` in the text catalogue."""
    return text(f"legal_basis.{basis.code}", lang)


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
