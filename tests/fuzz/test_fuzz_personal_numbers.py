"""Fuzz the personal identity number in the forms other keyboards and files write it (issue 15: "personal
identity numbers are normalised (NFKC, separators) everywhere they are compared").

A valid number is drawn and each of its characters written in another form: digits as full-width,
mathematical or superscript digits (compatibility forms NFKC turns into ASCII) or as digits of another
script (Arabic-Indic, Devanagari…, which Python's ``int()`` reads but which are no Swedish number), the
hyphen as any dash, spaces of any kind in between.  Whatever the form, the number is read as the same
number or refused with ``pnr.format`` — by the parser, by the exercise file reader (the patient's number
in ``exercise.json``), and by the duplicate check, which finds a protected person typed in any
compatibility form.  Short and fixed in ``make test``; long in ``make fuzz`` (see :mod:`tests.fuzz.harness`).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from injurydoc.domain.errors import AccessDenied, ValidationError
from injurydoc.domain.identity import id_digits, parse_personal_id
from injurydoc.domain.vocab import Protection, Sex
from injurydoc.services.demo import synthetic_pnr
from injurydoc.services.patients import PatientService
from tests.conftest import make_pnr
from tests.data.hostile._filecase import entries_of, zip_of

from .harness import FUZZ, keeping
from .readers import check_exercise
from .seeds import seeds

pytestmark = pytest.mark.slow

#: Code points of "0" in forms that NFKC turns into ASCII digits.
COMPATIBLE_ZEROS = (0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6)
#: Code points of "0" in scripts whose digits are digits to Python but no Swedish number.
FOREIGN_ZEROS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1040)
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
DASHES = ("-", "\uff0d", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63")
SPACES = ("", " ", "\u00a0", "\u2009", "\u3000")


@st.composite
def written_as(draw: st.DrawFn, canonical: str) -> str:
    """``canonical`` with its digits and hyphen in compatibility forms only (what NFKC reads as ASCII)."""
    out = []
    for c in canonical:
        if c == "-":
            out.append(draw(st.sampled_from(SPACES)) + draw(st.sampled_from(DASHES)))
        elif draw(st.booleans()):
            out.append(chr(draw(st.sampled_from(COMPATIBLE_ZEROS)) + int(c)))
        else:
            out.append(SUPERSCRIPTS[int(c)] if draw(st.booleans()) else c)
    return "".join(out)


@st.composite
def written(draw: st.DrawFn) -> tuple[str, str, bool]:
    """(the number as written, its canonical form, whether it holds a digit of another script)."""
    birth = draw(st.dates(dt.date(1920, 1, 1), dt.date(2020, 12, 31)))
    canonical = synthetic_pnr(birth, draw(st.integers(100, 999)))
    text = draw(written_as(canonical))
    foreign = draw(st.booleans())
    if foreign:  # one of its digits (any form) written in another script instead, same value
        at = draw(st.sampled_from([i for i, c in enumerate(text) if unicodedata.digit(c, None) is not None]))
        text = (
            text[:at]
            + chr(draw(st.sampled_from(FOREIGN_ZEROS)) + unicodedata.digit(text[at]))
            + text[at + 1 :]
        )
    return draw(st.sampled_from(SPACES)) + text + draw(st.sampled_from(SPACES)), canonical, foreign


@FUZZ
@given(case=written())
def test_fuzz_a_number_in_any_form_is_the_same_number_or_refused(case: tuple[str, str, bool]) -> None:
    text, canonical, foreign = case
    if foreign:
        with pytest.raises(ValidationError) as err:
            parse_personal_id(text)
        assert err.value.code == "pnr.format"
        assert err.value.message("sv") and err.value.message("en")
    else:
        assert parse_personal_id(text).value == canonical
        assert id_digits(text) == id_digits(canonical)


@FUZZ
@given(text=st.text(max_size=40))
def test_fuzz_any_text_is_a_number_in_ascii_or_refused(text: str) -> None:
    try:
        value = parse_personal_id(text).value
    except ValidationError as exc:
        assert exc.message("sv") and exc.message("en")
    else:
        assert value.isascii() and id_digits(value) == id_digits(text)


@FUZZ
@given(case=written())
def test_fuzz_the_exercise_readers_patient_number(case: tuple[str, str, bool]) -> None:
    text, canonical, foreign = case
    entries = entries_of(seeds().exercise)

    def change(raw: bytes) -> bytes:
        doc = json.loads(raw)
        doc["patient"]["personal_id"] = text
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")

    data = zip_of([(n, change(d) if n == "exercise.json" else d) for n, d in entries])
    answer = keeping("exercise", check_exercise)(data)
    if foreign:
        assert getattr(answer, "code", None) == "exercise.schema", answer
        assert "pnr.format" in answer.message("en")  # type: ignore[attr-defined]
    else:
        assert answer.patient.personal_id == canonical  # type: ignore[attr-defined]


@pytest.fixture
def protected_number(store) -> tuple[str, str]:
    """(the number, the patient id) of a protected person anna registered."""
    s = store.sign_in("anna")
    try:
        p = PatientService(s).create(
            personal_id=make_pnr(1),
            name="Hemlig Hemligsson",
            sex=Sex.FEMALE,
            protection=Protection.SKYDDAD_FOLKBOKFORING,
        )
    finally:
        s.close()
    return make_pnr(1), p.id


@FUZZ
@given(data=st.data())
def test_fuzz_no_form_of_a_protected_number_slips_past_the_duplicate_check(
    store, protected_number, data
) -> None:
    """Erik may not open the person: the duplicate check must find them (a refusal logged against that
    person), not take the number for a new one nor refuse its form."""
    number, patient_id = protected_number
    text = data.draw(written_as(number))
    s = store.sign_in("erik")
    try:
        before = s.db.scalar("SELECT count(*) FROM patients")
        refusals = (
            "SELECT count(*) FROM audit_log WHERE patient_id = ? AND outcome = 'denied' "
            "AND action = 'created'"
        )
        logged = s.db.scalar(refusals, (patient_id,))
        with pytest.raises(AccessDenied):
            PatientService(s).create(personal_id=text, name="Någon Annan", sex=Sex.FEMALE)
        assert s.db.scalar("SELECT count(*) FROM patients") == before
        assert s.db.scalar(refusals, (patient_id,)) == logged + 1
    finally:
        s.close()
