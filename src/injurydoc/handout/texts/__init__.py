"""The handout's texts, one module per language, written for this project.

Each language module holds ``TEXTS`` (key -> text) and ``NEEDS_NATIVE_REVIEW``: ``False`` for Swedish
(the original) and English, ``True`` for translations no native speaker has read yet.  Phone numbers,
names of the national services and the unit's own contacts are not part of the texts: the handout
puts them in, so a translation cannot get a number wrong.  Two placeholders stand for the law
references, ``{osl}`` (offentlighets- och sekretesslagen 25 kap. 1 §) and ``{pdl}`` (patientdatalagen
8 kap. 5 §): they are printed in Swedish, left to right and unbroken, in every language.
"""

from __future__ import annotations

from types import ModuleType
from typing import Final

from injurydoc.handout.languages import CODES
from injurydoc.handout.texts import ar, en, fa, so, sv, ti, uk

_MODULES: Final[dict[str, ModuleType]] = {
    "sv": sv,
    "en": en,
    "ar": ar,
    "so": so,
    "fa": fa,
    "ti": ti,
    "uk": uk,
}
assert tuple(_MODULES) == CODES  # noqa: S101 - a new language needs both its names and its texts

TEXTS: Final[dict[str, dict[str, str]]] = {code: dict(m.TEXTS) for code, m in _MODULES.items()}
NEEDS_NATIVE_REVIEW: Final[dict[str, bool]] = {
    code: bool(m.NEEDS_NATIVE_REVIEW) for code, m in _MODULES.items()
}
#: The keys every language must have: the Swedish original's.
KEYS: Final[frozenset[str]] = frozenset(sv.TEXTS)
#: Placeholder -> the law it cites, as printed (Swedish names, as a patient would look them up).
LAWS: Final[dict[str, str]] = {
    "osl": "offentlighets- och sekretesslagen 25 kap. 1 §",
    "pdl": "patientdatalagen 8 kap. 5 §",
}


def text(lang: str, key: str) -> str:
    return TEXTS[lang][key]
