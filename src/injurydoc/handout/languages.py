"""The handout's languages: code, names, direction and script (the UI picks a font per script)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

Script = Literal["latin", "cyrillic", "arabic", "ethiopic"]


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    #: The language's name in itself, shown to the patient.
    native: str
    sv: str
    en: str
    rtl: bool
    script: Script

    def label(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


LANGUAGES: Final[tuple[Language, ...]] = (
    Language("sv", "Svenska", "svenska", "Swedish", False, "latin"),
    Language("en", "English", "engelska", "English", False, "latin"),
    Language("ar", "العربية", "arabiska", "Arabic", True, "arabic"),
    Language("so", "Soomaali", "somaliska", "Somali", False, "latin"),
    Language("fa", "فارسی", "persiska", "Persian", True, "arabic"),
    Language("ti", "ትግርኛ", "tigrinja", "Tigrinya", False, "ethiopic"),
    Language("uk", "Українська", "ukrainska", "Ukrainian", False, "cyrillic"),
)
CODES: Final[tuple[str, ...]] = tuple(lang.code for lang in LANGUAGES)
_BY_CODE: Final[dict[str, Language]] = {lang.code: lang for lang in LANGUAGES}

#: Other ways (besides the names above) an interpreter's language may be written (folded: lower case,
#: no accents).
_ALIASES: Final[dict[str, str]] = {
    "farsi": "fa",
    "dari": "fa",
    "tigrigna": "ti",
    "tigrinska": "ti",
}


def language(code: str) -> Language:
    return _BY_CODE[code]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def match(text: str) -> str | None:
    """The handout language an interpreter's language names ("arabiska", "Farsi", "ትግርኛ"), if any."""
    folded = _fold(text)
    if not folded:
        return None
    for lang in LANGUAGES:
        if folded in {_fold(lang.native), _fold(lang.sv), _fold(lang.en), lang.code}:
            return lang.code
    return _ALIASES.get(folded)


def suggested(interpreter_languages: Iterable[str]) -> tuple[str, ...]:
    """Swedish, then the languages the patient was interpreted in (in handout order)."""
    found = {code for text in interpreter_languages if (code := match(text))}
    return tuple(c for c in CODES if c == "sv" or c in found)
