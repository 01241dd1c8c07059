"""The verifier's result: each named check, and the verdict in Swedish or English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from injurydoc.domain.texts import Lang, text

EXIT_OK, EXIT_FAIL, EXIT_UNREADABLE, EXIT_EXERCISE = 0, 1, 2, 3

#: The checks of an evidence package, in the order they are shown; labels are ``verdict.check.<code>`` in
#: :mod:`injurydoc.domain.texts`.
CHECKS: tuple[str, ...] = (
    "zip",
    "manifest",
    "files",
    "hashes",
    "sums",
    "manifest_signature",
    "pdf_signature",
    "pdf_coverage",
    "same_signer",
    "trust",
    "originals",
    "photo_log",
    "signed_content",
)


#: Swedish for each detail template of :mod:`injurydoc.export.verify` (the English is the key, and what
#: ``--json`` gives).  File names, counts and exception names are put in as they are, never translated.
DETAILS_SV: dict[str, str] = {
    "{name}: too many signed records": "{name}: för många signerade poster",
    "signatures.json missing": "signatures.json saknas",
    "signatures.json unreadable": "signatures.json går inte att läsa",
    "{name}: missing": "{name}: saknas",
    "{name}: the signature does not match the content": "{name}: signaturen stämmer inte med innehållet",
    "{name}: the key is not certified by the unit key": (
        "{name}: nyckeln är inte certifierad av enhetens nyckel"
    ),
    "{name}: the key's certificate was not made by the unit key": (
        "{name}: nyckelns certifikat är inte utfärdat av enhetens nyckel"
    ),
    "{name}: not the examination the manifest names": "{name}: inte den undersökning som manifestet anger",
    "{name}: bound to other examination content": "{name}: knutet till ett annat undersökningsinnehåll",
    "{photo}: not among the photos signed": "{photo}: finns inte bland de signerade fotona",
    "no signed examination content": "inget signerat undersökningsinnehåll",
    "signed by key {key}, certified by unit key {unit}": (
        "signerat med nyckel {key}, certifierad av enhetsnyckel {unit}"
    ),
    "migrated: content hash from {date} confirmed by the program": (
        "migrerad: innehållets kontrollsumma från {date} bekräftad av programmet"
    ),
    "{name}: absolute or drive path": "{name}: absolut sökväg eller enhetsbokstav",
    "{name}: '..' in path": "{name}: '..' i sökvägen",
    "{name}: directory entry": "{name}: mapp-post",
    "{name}: unexpected folder": "{name}: oväntad mapp",
    "{name}: symbolic link": "{name}: symbolisk länk",
    "{name}: encrypted entry": "{name}: krypterad post",
    "{name}: entry too large": "{name}: posten är för stor",
    "{name}: compression ratio too high (zip bomb)": "{name}: för hög komprimeringsgrad (zipbomb)",
    "{name}: duplicate entry": "{name}: posten finns två gånger",
    "{name}: package too large": "{name}: paketet är för stort",
    "{name}: damaged entry ({error})": "{name}: skadad post ({error})",
    "{name}: unsupported compression": "{name}: komprimeringsmetoden stöds inte",
    "{name}: control character in the name": "{name}: styrtecken i namnet",
    "the file cannot be opened ({error})": "filen kan inte öppnas ({error})",
    "the package is built to exhaust the verifier ({error})": (
        "paketet är byggt för att uttömma kontrollprogrammet ({error})"
    ),
    "SHA256SUMS has bytes added or removed at the end": (
        "SHA256SUMS har fått tecken tillagda eller borttagna i slutet"
    ),
    "SHA256SUMS differs from the computed list at line {line}": (
        "SHA256SUMS skiljer sig från den beräknade listan på rad {line}"
    ),
    "{name}: size differs from its header": "{name}: storleken stämmer inte med posthuvudet",
    "manifest.json missing": "manifest.json saknas",
    "not an injurydoc manifest": "inte ett manifest från injurydoc",
    "not readable ({error})": "går inte att läsa ({error})",
    "missing: {names}": "saknas: {names}",
    "not listed: {names}": "inte listade: {names}",
    "changed: {names}": "ändrade: {names}",
    "SHA256SUMS missing": "SHA256SUMS saknas",
    "{name} missing": "{name} saknas",
    "{name} differs": "{name} skiljer sig",
    "not in SHA256SUMS: {names}": "inte i SHA256SUMS: {names}",
    "{name}: image data differs from the original": "{name}: bilddata skiljer sig från originalets",
    "{name}: not the original file": "{name}: inte originalfilen",
    "manifest.json.p7s missing": "manifest.json.p7s saknas",
    "unreadable signature ({error})": "signaturen går inte att läsa ({error})",
    "the manifest does not match its signature": "manifestet stämmer inte med sin signatur",
    "{n} signatures, expected 1": "{n} signaturer, en väntades",
    "report.pdf missing": "report.pdf saknas",
    "unreadable PDF or signature ({error})": "PDF-filen eller signaturen går inte att läsa ({error})",
    "the report does not match its signature": "rapporten stämmer inte med sin signatur",
    "the file was changed or extended after signing": "filen har ändrats eller byggts på efter signeringen",
    "different certificates": "olika certifikat",
    "self-signed: not issued by a trusted organisation": (
        "självsignerat: inte utfärdat av en betrodd organisation"
    ),
    "the issuer is not among the trust anchors given with --trust": (
        "utfärdaren finns inte bland de förtroendeankare som angavs med --trust"
    ),
    "no --trust anchor given": "inget förtroendeankare angivet med --trust",
    "no readable signer certificate": "inget läsbart certifikat för den som signerade",
    "no photo log in the report": "rapporten har ingen fotologg",
    "photo log unreadable ({error})": "fotologgen går inte att läsa ({error})",
    "{name} not in the report's photo log": "{name} finns inte i rapportens fotologg",
    "{name} in the report but not in the package": "{name} finns i rapporten men inte i paketet",
    "{name} differs from the report": "{name} skiljer sig från rapporten",
    "{name} does not match the report": "{name} stämmer inte med rapporten",
}

#: A detail in English and Swedish.
Detail = tuple[str, str]


def detail(template: str, **values: object) -> Detail:
    """``template`` (an English key of :data:`DETAILS_SV`) filled in, in both languages."""
    return template.format(**values), DETAILS_SV[template].format(**values)


def joined(details: list[Detail]) -> Detail:
    return "; ".join(d[0] for d in details), "; ".join(d[1] for d in details)


@dataclass
class Check:
    code: str
    ok: bool
    detail: str = ""
    detail_sv: str = ""


@dataclass
class VerifyReport:
    package: str
    checks: list[Check] = field(default_factory=list)
    exercise: bool = False
    case: str = ""
    signer: str = ""
    timestamped: bool | None = None
    unreadable: str = ""
    unreadable_sv: str = ""
    #: Whether README.txt is covered by the signed manifest (manifest version 2 on; None: not known).
    readme_signed: bool | None = None

    def set_unreadable(self, text: Detail) -> None:
        self.unreadable, self.unreadable_sv = text

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

    def add(self, code: str, ok: bool, text: Detail = ("", "")) -> bool:
        self.checks.append(Check(code, ok, text[0], text[1]))
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
            "readme_signed": self.readme_signed,
            "checks": [{"check": c.code, "ok": c.ok, "detail": c.detail} for c in self.checks],
        }

    def verdict(self, lang: Lang, accept_exercise: bool = False) -> str:
        sv = lang == "sv"
        lines = [text("verdict.package", lang, package=self.package)]
        if self.case:
            lines.append(text("verdict.case", lang, case=self.case))
        if self.signer:
            lines.append(text("verdict.signer", lang, signer=self.signer))
        if self.unreadable:
            reason = (self.unreadable_sv or self.unreadable) if sv else self.unreadable
            lines.append(text("verdict.unreadable", lang, reason=reason))
            return "\n".join(lines)
        for c in self.checks:
            label = text(f"verdict.check.{c.code}", lang)
            mark = "OK  " if c.ok else text("verdict.fail_mark", lang)
            detail = (c.detail_sv or c.detail) if sv else c.detail
            lines.append(f"  [{mark}] {label}" + (f" — {detail}" if detail else ""))
        if self.timestamped is False:
            lines.append(text("verdict.no_timestamp", lang))
        if self.readme_signed is False:
            lines.append(text("verdict.readme_unsigned", lang))
        failed = [c for c in self.checks if not c.ok and c.code != "trust"]
        if failed:
            checks = ", ".join(text(f"verdict.check.{c.code}", lang).lower() for c in failed)
            lines.append(text("verdict.failed", lang, checks=checks))
        elif self.exercise:
            lines.append(text("verdict.exercise", lang))
        elif not self.trusted:
            lines.append(text("verdict.untrusted", lang))
        else:
            lines.append(text("verdict.ok", lang))
        return "\n".join(lines)
