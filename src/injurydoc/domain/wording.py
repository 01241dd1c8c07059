"""Words in findings that estimate a bruise's age, or that carry the patient's history into the findings.

Shared by the real review checklist (domain/rules.py) and training feedback."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

_PERSON_AGE = re.compile(
    r"\b\d{1,3}\s*(?:-|\s)?\s*(?:år|years?)(?:\s+|-)(?:gammal|gamla|gammalt|old)\b", re.I
)

_AGE_PATTERNS: Final = (
    # Swedish
    r"(?:\d+|ett par|några|en|två|tre|fyra|fem|sex|sju) (?:dagar|dygn|veckor|timmar) "
    r"(?:gammal|gammalt|gamla)",
    r"\d+(?:\s*[-–]\s*\d+)? (?:dagar|dygn|veckor)",
    r"ett par dagar",
    r"några dagar",
    r"gammal",
    r"gammalt",
    r"gamla",
    r"färsk",
    r"färskt",
    r"färska",
    r"nytt blåmärke",
    r"ny blåmärke",
    r"nya blåmärken",
    r"nyare",
    r"äldre (?:blåmärke|blåmärken|skada|skador)",
    r"åldras",
    r"åldrad",
    r"åldrat",
    r"åldern",
    r"ålder",
    r"åldersbedömning",
    r"åldersbedömt",
    # English
    r"(?:\d+|a few|a couple of|two|three|four|five|several) (?:days?|weeks?|hours?) old",
    r"days old",
    r"\d+(?:\s*[-–]\s*\d+)? (?:days|weeks)",
    r"old",
    r"older",
    r"fresh",
    r"recent (?:bruise|bruises|bruising|injury|injuries)",
    r"new bruise",
    r"new bruises",
    r"aged",
    r"ageing",
    r"aging",
    r"age of the bruise",
    r"bruise age",
)

_HISTORY_PATTERNS: Final = (
    # Swedish
    r"uppger",
    r"uppgav",
    r"uppges",
    r"enligt patienten",
    r"enligt pat",
    r"enligt henne",
    r"enligt honom",
    r"patienten berättar",
    r"patienten berättade",
    r"patienten säger",
    r"patienten sade",
    r"patienten sa",
    r"berättar att",
    r"säger att",
    r"han slog",
    r"hon slog",
    r"slog henne",
    r"slog honom",
    r"sparkade",
    r"sparkad",
    r"knuffade",
    r"blev slagen",
    r"blev sparkad",
    r"ska ha slagit",
    r"tog stryptag",
    # English
    r"says",
    r"said",
    r"according to the patient",
    r"according to her",
    r"according to him",
    r"patient reports",
    r"patient states",
    r"patient stated",
    r"reports that",
    r"states that",
    r"he hit",
    r"she hit",
    r"he kicked",
    r"she kicked",
    r"kicked",
    r"punched",
    r"was hit",
)


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    # Longest first, so that a phrase wins over a word inside it.
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)", re.IGNORECASE)


_AGE_RE: Final = _compile(_AGE_PATTERNS)
_HISTORY_RE: Final = _compile(_HISTORY_PATTERNS)


def _found(pattern: re.Pattern[str], text: str) -> list[str]:
    words: list[str] = []
    for m in pattern.finditer(text):
        word = " ".join(m.group(0).lower().split())
        if word not in words:
            words.append(word)
    return words


def age_words(text: str) -> list[str]:
    """Words estimating the age of a bruise (Swedish or English), lower-cased, in order of appearance."""
    return _found(_AGE_RE, _PERSON_AGE.sub(" ", text))


def history_words(text: str) -> list[str]:
    """Phrases from the patient's account (``uppger``, ``according to the patient`` …) found in text."""
    return _found(_HISTORY_RE, text)
