"""Swedish personal identity numbers: personnummer, samordningsnummer and free reserve numbers.

Rules (Skatteverket):
- 12 digits ``YYYYMMDDNNNC`` or 10 digits ``YYMMDDNNNC``; a separator ``-`` or ``+`` may stand before
  the last four digits.  With 10 digits the century is implied: ``-`` means the person is under 100
  on the reference date, ``+`` means 100 or older.
- The last digit is a Luhn check digit computed over the ten digits ``YYMMDDNNN``.
- A samordningsnummer (coordination number) has 60 added to the day of birth (61–91; 60 is used when
  the day is not known).
- A reservnummer is a local number for people without either; its form differs between regions, so it
  is kept as free text (trimmed, bounded length) and never validated further.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.vocab import IdKind

_PATTERN = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$")
RESERVE_MAX = 40


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit for nine digits (weights 2,1,2,1,...)."""
    total = 0
    for i, ch in enumerate(nine_digits):
        value = int(ch) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


@dataclass(frozen=True, slots=True)
class PersonalId:
    """A validated identity number in canonical form."""

    kind: IdKind
    #: Canonical text: ``YYYYMMDD-NNNN`` for (samordnings)nummer, the trimmed text for reservnummer.
    value: str
    birth_date: dt.date | None

    @property
    def digits(self) -> str:
        """The twelve digits (empty for a reserve number), used for search."""
        return self.value.replace("-", "") if self.kind is not IdKind.RESERVNUMMER else ""

    def masked(self) -> str:
        """Birth date shown, the last four hidden: for lists seen over someone's shoulder."""
        if self.kind is IdKind.RESERVNUMMER:
            return "•" * min(len(self.value), 8)
        return self.value[:9] + "••••"


#: Dashes people type or paste between date and number (en dash, minus sign, non-breaking hyphen …).
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63"), "-")


def normalize_id_text(text: str) -> str:
    """The form in which personal numbers are compared: NFKC (full-width digits and signs become
    ASCII), every dash a hyphen-minus, and only ASCII digits counted as digits afterwards."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def id_digits(text: str) -> str:
    """The ASCII digits of ``text`` after :func:`normalize_id_text`."""
    return "".join(ch for ch in normalize_id_text(text) if "0" <= ch <= "9")


def parse_personal_id(text: str, kind: IdKind | None = None, *, today: dt.date | None = None) -> PersonalId:
    """Validate ``text`` and return it in canonical form, or raise :class:`ValidationError`.

    ``kind`` restricts what is accepted; ``None`` accepts a personnummer or a samordningsnummer,
    whichever the number is.  A reserve number must be asked for explicitly.
    """
    if kind is IdKind.RESERVNUMMER:
        return parse_reserve_number(text)
    today = today or dt.date.today()
    compact = re.sub(r"\s", "", normalize_id_text(text))
    if not compact.isascii():
        raise ValidationError("pnr.format")
    m = _PATTERN.match(compact)
    if not m:
        raise ValidationError("pnr.format")
    date_part, sep, tail = m.groups()
    if len(date_part) == 8 and sep == "+":
        raise ValidationError("pnr.plus_with_century")
    short = date_part[-6:]
    if luhn_check_digit(short + tail[:3]) != int(tail[3]):
        raise ValidationError("pnr.checksum")

    yy, mm, dd = int(short[:2]), int(short[2:4]), int(short[4:6])
    found_kind = IdKind.SAMORDNINGSNUMMER if dd > 60 or dd == 60 else IdKind.PERSONNUMMER
    if dd >= 60:
        dd -= 60
    if kind is IdKind.PERSONNUMMER and found_kind is IdKind.SAMORDNINGSNUMMER:
        raise ValidationError("pnr.not_samordning")
    if kind is IdKind.SAMORDNINGSNUMMER and found_kind is IdKind.PERSONNUMMER:
        raise ValidationError("pnr.not_personnummer")

    if len(date_part) == 8:
        year = int(date_part[:4])
    else:
        year = _century_for(yy, mm, dd, plus=(sep == "+"), today=today)

    birth: dt.date | None
    if dd == 0 and found_kind is IdKind.SAMORDNINGSNUMMER:
        # Day unknown (day field 60): only the month can be checked.
        if not 1 <= mm <= 12:
            raise ValidationError("pnr.date", part="month")
        birth = None
    else:
        try:
            birth = dt.date(year, mm, dd)
        except ValueError:
            raise ValidationError("pnr.date", part="YYMMDD") from None
        if birth > today:
            raise ValidationError("pnr.future")
    canonical = f"{year:04d}{short[2:]}-{tail}"
    return PersonalId(kind=found_kind, value=canonical, birth_date=birth)


def _century_for(yy: int, mm: int, dd: int, *, plus: bool, today: dt.date) -> int:
    """The full year for a 10-digit number: the latest year not after today, minus 100 for '+'."""
    year = today.year - (today.year - yy) % 100
    # If the birthday in that year lies after today, the person was born a century earlier.
    try:
        birthday = dt.date(year, mm, max(dd, 1))
    except ValueError:
        # 29 February does not exist in that year: the birthday counts as 1 March.
        birthday = dt.date(year, 3, 1) if (mm, dd) == (2, 29) else dt.date(year, max(1, min(mm, 12)), 1)
    if birthday > today:
        year -= 100
    if plus:
        year -= 100
    return year


def parse_reserve_number(text: str) -> PersonalId:
    value = " ".join(normalize_id_text(text).split())
    if not value:
        raise ValidationError("reserve.empty")
    if len(value) > RESERVE_MAX:
        raise ValidationError("reserve.too_long", max=RESERVE_MAX)
    return PersonalId(kind=IdKind.RESERVNUMMER, value=value, birth_date=None)
