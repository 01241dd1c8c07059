"""The verifier's result: each named check, and the verdict in Swedish or English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from injurydoc.domain.texts import VERIFY_DETAILS_SV, Lang, text

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


#: A detail in English and Swedish.
Detail = tuple[str, str]


def detail(template: str, **values: object) -> Detail:
    """``template`` (an English key of :data:`injurydoc.domain.texts.VERIFY_DETAILS_SV`) filled in, in both
    languages."""
    return template.format(**values), VERIFY_DETAILS_SV[template].format(**values)


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
