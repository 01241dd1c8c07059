"""Hostile exercise files (corpus part ``exercises``)."""

from __future__ import annotations

import io
import json

from PIL import Image

from tests.data.hostile._filecase import FileCase, entries_of, set_utf8_flag_bad_name, zip_of
from tests.fuzz.seeds import seeds


def _real() -> list[tuple[str, bytes]]:
    return entries_of(seeds().exercise)


def _first_photo(entries: list[tuple[str, bytes]]) -> str:
    return next(n for n, _ in entries if n.startswith("photos/"))


def png_as_photo() -> bytes:
    """A 7,000 x 7,000 one-colour PNG (49 MP, about 60 kB) in place of a photo: 147 MB as RGB if decoded."""
    out = io.BytesIO()
    Image.new("P", (7000, 7000), 0).save(out, "PNG", optimize=True)
    entries = _real()
    first = _first_photo(entries)
    return zip_of([(n, out.getvalue() if n == first else d) for n, d in entries])


def _json(change) -> bytes:  # type: ignore[no-untyped-def]
    entries = _real()
    return zip_of([(n, change(d) if n == "exercise.json" else d) for n, d in entries])


def huge_integer() -> bytes:
    def change(d: bytes) -> bytes:
        doc = json.loads(d)
        doc["key"]["injuries"][0]["length_mm"] = [1, 10**400]
        return json.dumps(doc).encode()

    return _json(change)


def digits_beyond_python() -> bytes:
    return _json(lambda d: d.replace(b'"version": 1', b'"version": ' + b"9" * 5000, 1))


def latin1_json() -> bytes:
    return _json(lambda d: d.decode("utf-8").encode("latin-1", "replace"))


def bad_utf8_name() -> bytes:
    return set_utf8_flag_bad_name(zip_of(_real()), entry=0)


def bad_header_offset() -> bytes:
    """The directory points the first photo's local header at the middle of another entry."""
    buf = bytearray(zip_of(_real()))
    at = buf.find(b"PK\x01\x02")
    at = buf.find(b"PK\x01\x02", at + 1)
    buf[at + 42 : at + 46] = (7).to_bytes(4, "little")
    return bytes(buf)


def _with_number(number: object) -> bytes:
    def change(d: bytes) -> bytes:
        doc = json.loads(d)
        doc["patient"]["personal_id"] = number(doc["patient"]["personal_id"])  # type: ignore[operator]
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")

    return _json(change)


def full_width(number: str) -> str:
    """Digits and hyphen as full-width characters (U+FF10…, U+FF0D), as some input methods type them."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c == "-" else c for c in number)


#: The seed exercise's patient number (the bundled follow-up exercise, tests/fuzz/seeds.py).
SEED_NUMBER = "19880519-5388"


def full_width_number() -> bytes:
    """The patient's number in full-width digits: read as the same number, stored in canonical ASCII."""

    def number(n: str) -> str:
        assert n == SEED_NUMBER, f"the seed exercise's number is now {n}: update SEED_NUMBER"
        return full_width(n)

    return _with_number(number)


def full_width_bad_check_digit() -> bytes:
    return _with_number(lambda n: full_width(n[:-1] + str((int(n[-1]) + 1) % 10)))


def arabic_indic_number() -> bytes:
    """Digits of another script (U+0660…): Python's int() would read them, the program must not."""
    return _with_number(lambda n: "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in n))


CASES: tuple[FileCase, ...] = (
    FileCase(
        "png-as-photo.injurydoc-exercise",
        png_as_photo,
        "exercise",
        "exercise.photo",
        "not a whole, readable JPEG",
        note="type checked from the header before any decoding",
    ),
    FileCase("huge-integer.injurydoc-exercise", huge_integer, "exercise", "exercise.schema", "length_mm"),
    FileCase(
        "digits-beyond-python.injurydoc-exercise",
        digits_beyond_python,
        "exercise",
        "exercise.bad_json",
        "not valid JSON",
    ),
    FileCase(
        "latin1-json.injurydoc-exercise", latin1_json, "exercise", "exercise.bad_json", "not valid JSON"
    ),
    FileCase(
        "bad-utf8-name.injurydoc-exercise",
        bad_utf8_name,
        "exercise",
        "exercise.damaged",
        "an entry name is not valid UTF-8",
    ),
    FileCase(
        "full-width-number.injurydoc-exercise",
        full_width_number,
        "exercise",
        "accepted",
        SEED_NUMBER,
        note="the needle is the patient's number as read: the same person as in ASCII digits",
    ),
    FileCase(
        "full-width-bad-check-digit.injurydoc-exercise",
        full_width_bad_check_digit,
        "exercise",
        "exercise.schema",
        "patient.personal_id: not a valid number (pnr.checksum)",
    ),
    FileCase(
        "arabic-indic-number.injurydoc-exercise",
        arabic_indic_number,
        "exercise",
        "exercise.schema",
        "patient.personal_id: not a valid number (pnr.format)",
    ),
    FileCase(
        "bad-header-offset.injurydoc-exercise",
        bad_header_offset,
        "exercise",
        "exercise.unsafe_entry",
        "not allowed",
    ),
)
