"""The verifier's result: each named check, and the verdict in Swedish or English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .text import Lang

EXIT_OK, EXIT_FAIL, EXIT_UNREADABLE, EXIT_EXERCISE = 0, 1, 2, 3

CHECKS: dict[str, tuple[str, str]] = {
    "zip": ("Zip-filens poster är säkra", "The zip entries are safe"),
    "manifest": ("Manifestet går att läsa", "The manifest can be read"),
    "files": ("Inga filer saknas och inga har tillkommit", "No file is missing and none was added"),
    "hashes": ("Varje fils SHA-256 stämmer med manifestet", "Every file's SHA-256 matches the manifest"),
    "sums": ("SHA256SUMS stämmer", "SHA256SUMS matches"),
    "manifest_signature": ("Manifestets signatur är giltig", "The manifest's signature is valid"),
    "pdf_signature": ("Rapportens signatur är giltig", "The report's signature is valid"),
    "pdf_coverage": (
        "Signaturen omfattar hela rapporten, inget är ändrat efter signering",
        "The signature covers the whole report; nothing was changed after signing",
    ),
    "same_signer": (
        "Samma person har signerat rapport och manifest",
        "The same person signed report and manifest",
    ),
    "trust": (
        "Certifikatet är utfärdat av en betrodd organisation",
        "The certificate is issued by a trusted organisation",
    ),
    "originals": (
        "Foton som lämnats ut oförändrade är originalfilerna (SHA-256 från importen)",
        "Photos released unchanged are the original files (SHA-256 from the import)",
    ),
    "photo_log": ("Rapportens fotologg stämmer med filerna", "The report's photo log agrees with the files"),
}


@dataclass
class Check:
    code: str
    ok: bool
    detail: str = ""


@dataclass
class VerifyReport:
    package: str
    checks: list[Check] = field(default_factory=list)
    exercise: bool = False
    case: str = ""
    signer: str = ""
    timestamped: bool | None = None
    unreadable: str = ""

    @property
    def intact(self) -> bool:
        """Nothing changed since signing: every check but the signer's trust passed."""
        return (
            not self.unreadable and bool(self.checks) and all(c.ok for c in self.checks if c.code != "trust")
        )

    @property
    def trusted(self) -> bool:
        return any(c.code == "trust" and c.ok for c in self.checks)

    def exit_code(self, accept_exercise: bool = False) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        if not self.intact:
            return EXIT_FAIL
        if self.exercise:
            # An exercise is signed with a training certificate: intact is all it can be.
            return EXIT_OK if accept_exercise else EXIT_EXERCISE
        return EXIT_OK if self.trusted else EXIT_FAIL

    def add(self, code: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(code, ok, detail))
        return ok

    def to_json(self, accept_exercise: bool = False) -> dict[str, Any]:
        return {
            "package": self.package,
            "case": self.case,
            "signer": self.signer,
            "exercise": self.exercise,
            "timestamped": self.timestamped,
            "intact": self.intact,
            "trusted": self.trusted,
            "exit_code": self.exit_code(accept_exercise),
            "unreadable": self.unreadable,
            "checks": [{"check": c.code, "ok": c.ok, "detail": c.detail} for c in self.checks],
        }

    def verdict(self, lang: Lang, accept_exercise: bool = False) -> str:
        sv = lang == "sv"
        lines = [("Kontroll av bevispaket: " if sv else "Checking evidence package: ") + self.package]
        if self.case:
            lines.append(("Ärende: " if sv else "Case: ") + self.case)
        if self.signer:
            lines.append(("Signerat av: " if sv else "Signed by: ") + self.signer)
        if self.unreadable:
            lines.append(
                ("FEL: filen kan inte läsas som bevispaket: " if sv else "FAIL: not readable as a package: ")
                + self.unreadable
            )
            return "\n".join(lines)
        for c in self.checks:
            label = CHECKS[c.code][0 if sv else 1]
            mark = "OK  " if c.ok else ("FEL " if sv else "FAIL")
            lines.append(f"  [{mark}] {label}" + (f" — {c.detail}" if c.detail else ""))
        if self.timestamped is False:
            lines.append(
                "  Signaturen saknar betrodd tidsstämpel; signeringstiden är undersökarens egen uppgift."
                if sv
                else "  The signature has no trusted timestamp; the signing time is the signer's own claim."
            )
        failed = [c for c in self.checks if not c.ok and c.code != "trust"]
        if failed:
            lines.append(
                (
                    "RESULTAT: PAKETET KAN INTE LITAS PÅ — "
                    if sv
                    else "VERDICT: THE PACKAGE CANNOT BE TRUSTED — "
                )
                + ", ".join(CHECKS[c.code][0 if sv else 1].lower() for c in failed)
                + (" misslyckades." if sv else " failed.")
            )
        elif self.exercise:
            lines.append(
                "RESULTAT: Paketet är oförändrat, men det är en ÖVNING – INTE BEVIS."
                if sv
                else "VERDICT: The package is intact, but it is an EXERCISE – NOT EVIDENCE."
            )
        elif not self.trusted:
            lines.append(
                "RESULTAT: Innehållet är oförändrat sedan signeringen, men vem som signerade kan inte "
                "bekräftas: certifikatet är inte utfärdat av en betrodd organisation (ange organisationens "
                "CA med --trust)."
                if sv
                else "VERDICT: The content is unchanged since signing, but who signed cannot be confirmed: "
                "the certificate is not issued by a trusted organisation (give the organisation's CA "
                "with --trust)."
            )
        else:
            lines.append(
                "RESULTAT: Paketet är oförändrat och alla kontroller godkändes."
                if sv
                else "VERDICT: The package is intact and every check passed."
            )
        return "\n".join(lines)
