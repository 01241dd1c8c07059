"""Swedish personal identity numbers: personnummer, samordningsnummer and reserve numbers.

Every refusal is checked for its code and for messages in both languages that never echo the
digits that were typed (messages must not carry patient data).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.identity import (
    RESERVE_MAX,
    luhn_check_digit,
    parse_personal_id,
    parse_reserve_number,
)
from injurydoc.domain.vocab import IdKind

from .conftest import DISTINCT_PNR

TODAY = dt.date(2025, 6, 15)


# ----- helpers ------------------------------------------------------------------------------------
def with_check(date_digits: str, serial: str, sep: str = "-") -> str:
    """A number with a correct check digit for any date digits (valid or not) and a 3-digit serial."""
    check = luhn_check_digit(date_digits[-6:] + serial)
    return f"{date_digits}{sep}{serial}{check}"


def build(
    birth: dt.date, serial: int, *, coordination: bool = False, digits: int = 12, sep: str = "-"
) -> str:
    """A valid number for ``birth`` (a samordningsnummer when ``coordination``)."""
    day = birth.day + (60 if coordination else 0)
    date_digits = f"{birth:%Y%m}{day:02d}" if digits == 12 else f"{birth:%y%m}{day:02d}"
    return with_check(date_digits, f"{serial:03d}", sep)


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def assert_no_echo(err: ValidationError, typed: str) -> None:
    """Both messages exist and contain none of the digit groups the user typed."""
    compact = re.sub(r"\s", "", typed)
    only_digits = re.sub(r"\D", "", typed)
    fragments = set(re.findall(r"\d{4,}", compact))
    if len(only_digits) >= 4:
        fragments |= {only_digits, only_digits[-4:], only_digits[:6]}
    if len(compact) >= 4:
        fragments.add(compact)
    for lang in ("sv", "en"):
        msg = err.message(lang)
        assert msg.strip(), f"empty {lang} message for {err.code}"
        for fragment in fragments:
            assert fragment not in msg, f"{lang} message for {err.code} echoes typed digits"
    for fragment in fragments:
        assert fragment not in str(err)
        assert fragment not in repr(err.params)


def refused(text: str, code: str, kind: IdKind | None = None, today: dt.date = TODAY) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_personal_id(text, kind, today=today)
    err = info.value
    assert err.code == code, f"{text!r}: expected {code}, got {err.code}"
    assert_no_echo(err, text)
    return err


# ----- accepted forms -----------------------------------------------------------------------------
def test_distinct_test_number_is_valid() -> None:
    pid = parse_personal_id(DISTINCT_PNR, today=TODAY)
    assert pid.value == DISTINCT_PNR
    assert pid.birth_date == dt.date(1978, 5, 23)


@pytest.mark.parametrize(
    "text",
    ["19780523-9139", "197805239139", " 19780523-9139 ", "19780523 9139", "780523-9139", "7805239139"],
)
def test_accepted_forms_give_the_same_canonical_value(text: str) -> None:
    pid = parse_personal_id(text, today=TODAY)
    assert pid.kind is IdKind.PERSONNUMMER
    assert pid.value == "19780523-9139"
    assert pid.birth_date == dt.date(1978, 5, 23)
    assert pid.digits == "197805239139"


def test_canonical_form_is_yyyymmdd_dash_nnnn() -> None:
    for text in ("811218-9876", "198112189876", "19811218-9876"):
        pid = parse_personal_id(text, today=TODAY)
        assert re.fullmatch(r"\d{8}-\d{4}", pid.value)
        assert pid.value == "19811218-9876"


def test_kind_personnummer_accepts_a_personnummer() -> None:
    pid = parse_personal_id("19780523-9139", IdKind.PERSONNUMMER, today=TODAY)
    assert pid.kind is IdKind.PERSONNUMMER


@pytest.mark.parametrize(
    ("date_digits", "expected"),
    [
        ("780523", dt.date(1978, 5, 23)),
        ("100101", dt.date(2010, 1, 1)),
        # born today: age 0
        ("250615", dt.date(2025, 6, 15)),
        # birthday tomorrow: the person was born a century ago and is still 99
        ("250616", dt.date(1925, 6, 16)),
        ("000229", dt.date(2000, 2, 29)),
    ],
)
def test_ten_digits_with_minus_mean_under_100(date_digits: str, expected: dt.date) -> None:
    pid = parse_personal_id(with_check(date_digits, "123", "-"), today=TODAY)
    assert pid.birth_date == expected
    assert 0 <= age_on(expected, TODAY) < 100
    assert pid.value == f"{expected:%Y%m%d}-123{pid.value[-1]}"


@pytest.mark.parametrize(
    ("date_digits", "expected"),
    [
        ("250615", dt.date(1925, 6, 15)),  # exactly 100 today
        ("250616", dt.date(1825, 6, 16)),  # 99 would be '-', so '+' means two centuries back
        ("121212", dt.date(1912, 12, 12)),
    ],
)
def test_ten_digits_with_plus_mean_100_or_older(date_digits: str, expected: dt.date) -> None:
    pid = parse_personal_id(with_check(date_digits, "456", "+"), today=TODAY)
    assert pid.birth_date == expected
    assert age_on(expected, TODAY) >= 100
    # the canonical form always has the century and a hyphen
    assert pid.value == f"{expected:%Y%m%d}-456{pid.value[-1]}"


def test_plus_with_twelve_digits_is_refused() -> None:
    refused("19121212+4567", "pnr.plus_with_century")
    refused(with_check("19121212", "456", "+"), "pnr.plus_with_century")


# ----- refusals -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "19780523-913", "1978052-39139", "19780523_9139", "19780523--9139", "780523-91390"],
)
def test_wrong_form_is_refused(text: str) -> None:
    refused(text, "pnr.format")


@pytest.mark.parametrize("text", ["19780523-9138", "780523-9130", "197805239131", "19780532-9139"])
def test_wrong_check_digit_is_refused(text: str) -> None:
    refused(text, "pnr.checksum")


@pytest.mark.parametrize(
    "text",
    [
        with_check("19790230", "123"),  # 30 February
        with_check("19791301", "123"),  # month 13
        with_check("19790001", "123"),  # month 0
        with_check("19790100", "123"),  # day 0
        with_check("19790431", "123"),  # 31 April
        with_check("19810229", "123"),  # 29 February in a common year
        with_check("790230", "123"),  # 10 digits, 30 February
        with_check("791301", "123"),  # 10 digits, month 13
        with_check("000229", "123", "+"),  # 1900 was not a leap year
        with_check("19790295", "123"),  # samordningsnummer with day 95 - 60 = 35
        with_check("19791360", "123"),  # samordningsnummer, day unknown, month 13
    ],
)
def test_invalid_date_is_refused(text: str) -> None:
    refused(text, "pnr.date")


@pytest.mark.parametrize(
    "text",
    [
        with_check("20300101", "123"),
        with_check("20250616", "123"),  # tomorrow
        with_check("20300161", "123"),  # samordningsnummer, birth date in the future
    ],
)
def test_future_birth_date_is_refused(text: str) -> None:
    refused(text, "pnr.future")


def test_birth_date_today_is_accepted() -> None:
    pid = parse_personal_id(with_check("20250615", "123"), today=TODAY)
    assert pid.birth_date == TODAY


# ----- samordningsnummer --------------------------------------------------------------------------
def test_samordningsnummer_is_recognised_with_the_real_birth_date() -> None:
    text = build(dt.date(1978, 5, 23), 913, coordination=True)
    assert text[:8] == "19780583"
    pid = parse_personal_id(text, today=TODAY)
    assert pid.kind is IdKind.SAMORDNINGSNUMMER
    assert pid.birth_date == dt.date(1978, 5, 23)
    # the number itself keeps the day + 60
    assert pid.value == text
    assert parse_personal_id(text, IdKind.SAMORDNINGSNUMMER, today=TODAY) == pid
    ten = build(dt.date(1978, 5, 23), 913, coordination=True, digits=10)
    assert parse_personal_id(ten, today=TODAY) == pid


def test_samordningsnummer_with_unknown_day() -> None:
    pid = parse_personal_id(with_check("19780560", "123"), today=TODAY)
    assert pid.kind is IdKind.SAMORDNINGSNUMMER
    assert pid.birth_date is None
    assert pid.value.startswith("19780560-")


def test_samordningsnummer_refused_when_personnummer_asked_for() -> None:
    text = build(dt.date(1978, 5, 23), 913, coordination=True)
    refused(text, "pnr.not_samordning", IdKind.PERSONNUMMER)


def test_personnummer_refused_when_samordningsnummer_asked_for() -> None:
    refused(DISTINCT_PNR, "pnr.not_personnummer", IdKind.SAMORDNINGSNUMMER)


# ----- reserve numbers ----------------------------------------------------------------------------
def test_reserve_number_is_trimmed_and_kept_as_text() -> None:
    pid = parse_reserve_number("  RES 12\t 34-x  ")
    assert pid.kind is IdKind.RESERVNUMMER
    assert pid.value == "RES 12 34-x"
    assert pid.birth_date is None
    assert pid.digits == ""
    assert parse_personal_id("  RES 12\t 34-x  ", IdKind.RESERVNUMMER) == pid


def test_reserve_number_must_be_asked_for() -> None:
    refused("RES1234", "pnr.format")


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_reserve_number_is_refused(text: str) -> None:
    for parse in (parse_reserve_number, lambda t: parse_personal_id(t, IdKind.RESERVNUMMER)):
        with pytest.raises(ValidationError) as info:
            parse(text)
        assert info.value.code == "reserve.empty"
        assert_no_echo(info.value, text)


def test_reserve_number_length_limit() -> None:
    assert parse_reserve_number("9" * RESERVE_MAX).value == "9" * RESERVE_MAX
    too_long = "R" + "1234567" * 6
    assert len(too_long) > RESERVE_MAX
    for parse in (parse_reserve_number, lambda t: parse_personal_id(t, IdKind.RESERVNUMMER)):
        with pytest.raises(ValidationError) as info:
            parse(too_long)
        assert info.value.code == "reserve.too_long"
        assert_no_echo(info.value, too_long)
        for lang in ("sv", "en"):
            assert too_long not in info.value.message(lang)


# ----- display --------------------------------------------------------------------------------------
def test_masked_hides_the_last_four() -> None:
    pid = parse_personal_id(DISTINCT_PNR, today=TODAY)
    masked = pid.masked()
    assert masked.startswith("19780523-")
    assert "9139" not in masked
    assert not any(ch.isdigit() for ch in masked[9:])
    assert len(masked) == len(pid.value)


def test_masked_reserve_number_shows_nothing_of_it() -> None:
    pid = parse_reserve_number("RES-4711-A")
    masked = pid.masked()
    assert masked
    assert not any(ch.isalnum() for ch in masked)


# ----- properties ---------------------------------------------------------------------------------
valid_ids = st.tuples(
    st.dates(min_value=dt.date(1890, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=999),
    st.booleans(),
)


@given(
    today=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
    offset_days=st.integers(min_value=0, max_value=199 * 366),
    serial=st.integers(min_value=0, max_value=999),
    coordination=st.booleans(),
)
def test_built_numbers_parse_back(today: dt.date, offset_days: int, serial: int, coordination: bool) -> None:
    birth = today - dt.timedelta(days=offset_days)
    kind = IdKind.SAMORDNINGSNUMMER if coordination else IdKind.PERSONNUMMER
    twelve = build(birth, serial, coordination=coordination)
    pid = parse_personal_id(twelve, today=today)
    assert pid.birth_date == birth
    assert pid.kind is kind
    assert pid.value == twelve
    assert parse_personal_id(twelve.replace("-", ""), kind, today=today) == pid
    # the short form carries the century in its separator
    sep = "+" if age_on(birth, today) >= 100 else "-"
    ten = build(birth, serial, coordination=coordination, digits=10, sep=sep)
    assert parse_personal_id(ten, today=today) == pid


@given(ident=valid_ids, position=st.integers(min_value=0, max_value=11), new=st.integers(0, 9))
def test_one_changed_digit_is_refused(ident: tuple[dt.date, int, bool], position: int, new: int) -> None:
    birth, serial, coordination = ident
    text = build(birth, serial, coordination=coordination)
    digits = text.replace("-", "")
    if int(digits[position]) == new:
        new = (new + 1) % 10
    changed = digits[:position] + str(new) + digits[position + 1 :]
    typed = f"{changed[:8]}-{changed[8:]}"
    if position >= 2:
        # every single-digit error in the ten digits under the Luhn check is caught by it
        refused(typed, "pnr.checksum")
        refused(changed[2:8] + "-" + changed[8:], "pnr.checksum")
        return
    # The century digits are outside the check digit: a change either gives another valid number
    # (a different person) or is refused for its date.
    try:
        pid = parse_personal_id(typed, today=TODAY)
    except ValidationError as exc:
        assert exc.code in {"pnr.future", "pnr.date"}
        assert_no_echo(exc, typed)
    else:
        assert pid.value != text
        assert pid.birth_date is None or pid.birth_date.year != birth.year


@given(ident=valid_ids)
def test_wrong_kind_refusals_never_echo(ident: tuple[dt.date, int, bool]) -> None:
    birth, serial, coordination = ident
    text = build(birth, serial, coordination=coordination)
    if coordination:
        refused(text, "pnr.not_samordning", IdKind.PERSONNUMMER)
    else:
        refused(text, "pnr.not_personnummer", IdKind.SAMORDNINGSNUMMER)


# ----- 29 February in a century year that has none -------------------------------------------------
def test_leap_day_birth_in_a_century_year_without_29_february() -> None:
    text = with_check("000229", "123", "-")
    pid = parse_personal_id(text, today=dt.date(2100, 2, 20))
    assert pid.birth_date == dt.date(2000, 2, 29)
